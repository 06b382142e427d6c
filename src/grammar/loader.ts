/**
 * Reads the grammar files (`grammar/*.cli`, format in docs/grammar.md) into commands.
 * Any mistake in a grammar file is a start-up error naming the file and line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SyntaxNode, expandSyntax, parseSyntax } from './syntax';
import { Command, KeywordToken, Level, PathToken } from './types';
import { ValueType, ValueTypeTable, isParametric } from './value-types';

/** A mistake in a grammar file; the message starts with `FILE:LINE:`. */
export class GrammarError extends Error {}

interface ValueDecl {
  readonly type: ValueType;
  readonly help: string;
}

interface Draft {
  id: string;
  source: string;
  level?: Level;
  syntax?: string;
  summary: string;
  examples: string[];
  values: Map<string, ValueDecl>;
  keywords: Map<string, string>;
}

/** The text of one grammar file, with its name for messages. */
export interface GrammarSource {
  readonly name: string;
  readonly text: string;
}

/** Splits `WORD rest of line` into its first word and the rest. */
function head(text: string): [string, string] {
  const m = /^(\S+)\s*(.*)$/.exec(text.trim());
  return m ? [m[1] ?? '', m[2] ?? ''] : ['', ''];
}

/**
 * Compiles grammar files into commands. `types` names every value type the files may use: the
 * grammar has none of its own (the router's are in src/commands/value-types.ts).
 */
export function compileGrammar(sources: readonly GrammarSource[], types: ValueTypeTable): Command[] {
  const globalKeywords = new Map<string, string>();
  const drafts: Draft[] = [];
  for (const src of sources) {
    let current: Draft | undefined;
    src.text.split('\n').forEach((raw, i) => {
      const where = `${src.name}:${i + 1}`;
      const line = raw.replace(/\s+$/, '');
      if (line.trim() === '' || line.trim().startsWith('#')) return;
      const indented = /^\s/.test(line);
      const [key, rest] = head(line);
      const fail = (msg: string): never => {
        throw new GrammarError(`${where}: ${msg}`);
      };
      if (!indented) {
        current = undefined;
        if (key === 'keyword') {
          const [word, help] = head(rest);
          if (!word || !help) fail('keyword needs a word and a help string');
          if (globalKeywords.has(word)) fail(`keyword "${word}" declared twice`);
          globalKeywords.set(word, help);
        } else if (key === 'command') {
          if (!/^[a-z][a-z0-9.-]*$/.test(rest)) fail(`bad command id "${rest}"`);
          current = { id: rest, source: where, summary: '', examples: [], values: new Map(), keywords: new Map() };
          drafts.push(current);
        } else {
          fail(`expected "keyword" or "command", found "${key}"`);
        }
        return;
      }
      if (!current) return fail('indented line outside a command');
      const cmd = current;
      switch (key) {
        case 'level':
          if (rest !== 'user' && rest !== 'administrator') return fail('level is user or administrator');
          cmd.level = rest;
          break;
        case 'syntax':
          cmd.syntax = rest;
          break;
        case 'summary':
          cmd.summary = rest;
          break;
        case 'example':
          cmd.examples.push(rest);
          break;
        case 'keyword': {
          const [word, help] = head(rest);
          if (!word || !help) fail('keyword needs a word and a help string');
          cmd.keywords.set(word, help);
          break;
        }
        case 'value': {
          const [name, afterName] = head(rest);
          const [typeWord, afterType] = head(afterName);
          const entry = types.get(typeWord);
          if (entry === undefined) return fail(`unknown value type "${typeWord}"`);
          let type: ValueType;
          let help = afterType;
          if (isParametric(entry)) {
            const [argument, afterArgument] = head(afterType);
            const made = entry.make(argument);
            if (typeof made === 'string') return fail(`value ${name}: ${typeWord} ${argument}: ${made}`);
            type = made;
            help = afterArgument;
          } else type = entry;
          if (!help) fail(`value ${name} needs a help string`);
          cmd.values.set(name, { type, help });
          break;
        }
        default:
          fail(`unknown line "${key}" in command ${cmd.id}`);
      }
    });
  }
  const ids = new Set<string>();
  return drafts.map((d) => {
    const fail = (msg: string): never => {
      throw new GrammarError(`${d.source}: command ${d.id}: ${msg}`);
    };
    if (ids.has(d.id)) fail('declared twice');
    ids.add(d.id);
    const level = d.level ?? fail('has no level');
    const syntax = d.syntax || fail('has no syntax');
    if (!d.summary) fail('has no summary');
    let nodes: SyntaxNode[] = [];
    try {
      nodes = parseSyntax(syntax);
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    const used = new Set<string>();
    const keyword = (n: SyntaxNode): KeywordToken => {
      if (n.t !== 'keyword') return fail('internal: a choice of keywords holds a value');
      const help = d.keywords.get(n.word) ?? globalKeywords.get(n.word);
      if (help === undefined) return fail(`keyword "${n.word}" has no help (add "keyword ${n.word} HELP")`);
      return { kind: 'keyword', word: n.word, help };
    };
    const token = (n: SyntaxNode): PathToken => {
      switch (n.t) {
        case 'keyword':
          return keyword(n);
        case 'choice':
          return { kind: 'choice', options: n.alternatives.map(keyword) };
        case 'value':
        case 'pair': {
          const v = d.values.get(n.name);
          if (!v) return fail(`value ${n.name} is not declared`);
          used.add(n.name);
          return n.t === 'value'
            ? { kind: 'value', name: n.name, type: v.type, help: v.help }
            : { kind: 'pair', key: n.key, name: n.name, type: v.type, help: v.help };
        }
        case 'optional':
          return fail('internal: unexpanded syntax node');
      }
    };
    const paths = expandSyntax(nodes).map((p) => p.map(token));
    for (const name of d.values.keys()) if (!used.has(name)) fail(`value ${name} is declared but not used`);
    return {
      id: d.id,
      level,
      syntax,
      summary: d.summary,
      examples: d.examples,
      source: d.source,
      paths,
    };
  });
}

/** The grammar directory shipped with the program (grammar/ at the package root). */
export function defaultGrammarDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'grammar');
    if (fs.existsSync(path.join(candidate, 'keywords.cli'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new GrammarError('cannot find the grammar/ directory');
}

/** Reads and compiles every `*.cli` file of `dir`, in name order, with the value types of `types`. */
export function loadGrammarDir(types: ValueTypeTable, dir: string = defaultGrammarDir()): Command[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cli')).sort();
  return compileGrammar(
    files.map((f) => ({ name: `grammar/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') })),
    types,
  );
}
