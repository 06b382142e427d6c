/**
 * The syntax line of a grammar command, e.g.
 * `sip server N SERVER register|no-register udp|tcp SIPADDRESS [USER [PASS]] [name=NAME]`:
 * lower-case words are keywords, UPPER-CASE words are values declared by `value` lines,
 * `a|b` is a choice of one word, `[...]` is optional (nestable), `key=NAME` is a key=value word.
 */

/** One element of a syntax line, before it is expanded into linear paths. */
export type SyntaxNode =
  | { readonly t: 'keyword'; readonly word: string }
  | { readonly t: 'value'; readonly name: string }
  | { readonly t: 'pair'; readonly key: string; readonly name: string }
  | { readonly t: 'choice'; readonly alternatives: readonly SyntaxNode[] }
  | { readonly t: 'optional'; readonly body: readonly SyntaxNode[] };

const VALUE_NAME = /^[A-Z][A-Z0-9_]*$/;
const KEYWORD = /^[a-z0-9][a-z0-9.-]*$/;

function atom(word: string): SyntaxNode {
  const eq = word.indexOf('=');
  if (eq > 0) {
    const key = word.slice(0, eq);
    const name = word.slice(eq + 1);
    if (!KEYWORD.test(key) || !VALUE_NAME.test(name)) throw new Error(`bad key=VALUE word "${word}"`);
    return { t: 'pair', key, name };
  }
  if (VALUE_NAME.test(word)) return { t: 'value', name: word };
  if (KEYWORD.test(word)) return { t: 'keyword', word };
  throw new Error(`bad syntax word "${word}"`);
}

/** Parses a syntax line; throws with a message on a malformed line (grammar files are ours). */
export function parseSyntax(line: string): SyntaxNode[] {
  const words = line.replace(/\[/g, ' [ ').replace(/\]/g, ' ] ').trim().split(/\s+/).filter((w) => w.length > 0);
  let pos = 0;
  const seq = (closing: boolean): SyntaxNode[] => {
    const nodes: SyntaxNode[] = [];
    while (pos < words.length) {
      const w = words[pos++] as string;
      if (w === '[') {
        const body = seq(true);
        if (body.length === 0) throw new Error('empty [ ]');
        nodes.push({ t: 'optional', body });
      } else if (w === ']') {
        if (!closing) throw new Error('unbalanced "]"');
        return nodes;
      } else if (w.includes('|')) {
        nodes.push({ t: 'choice', alternatives: w.split('|').map(atom) });
      } else {
        nodes.push(atom(w));
      }
    }
    if (closing) throw new Error('missing "]"');
    return nodes;
  };
  return seq(false);
}

/** Every linear sequence the syntax allows (optional parts in or out, each choice that has a value). */
export function expandSyntax(nodes: readonly SyntaxNode[]): SyntaxNode[][] {
  let paths: SyntaxNode[][] = [[]];
  for (const node of nodes) {
    let variants: SyntaxNode[][];
    if (node.t === 'optional') variants = [[], ...expandSyntax(node.body)];
    // A choice of keywords stays one node (one path token); a choice with values is expanded.
    else if (node.t === 'choice' && !node.alternatives.every((a) => a.t === 'keyword')) variants = node.alternatives.map((a) => [a]);
    else variants = [[node]];
    const next: SyntaxNode[][] = [];
    for (const p of paths) for (const v of variants) next.push([...p, ...v]);
    paths = next;
  }
  return paths;
}
