/**
 * The matcher as it was before the path tree (src/grammar/path-tree.ts), kept as the plain
 * reference the differential test compares with: every path of every command matched word by
 * word, in the order the paths were always tried in (paths that start with a value or a choice
 * first, then grouped by their first keyword in the order those first appear), the deepest
 * failure reported (on a tie the higher priority, then the first path tried). No index, no cache
 * across paths but the per-line value cache: slow and obvious.
 */
import { MatchErrorKind, MatchResult } from '../../src/grammar/matcher';
import { triedOrder } from '../../src/grammar/path-tree';
import { Word } from '../../src/grammar/tokenize';
import { Command, PathToken } from '../../src/grammar/types';
import { Value, ValueParse, ValueType } from '../../src/grammar/value-types';

type TokenResult = { rank: number; word?: string; ambiguous?: boolean } | { kind: MatchErrorKind; detail?: string };

function parse(type: ValueType, text: string, cache: Map<ValueType, Map<string, ValueParse<Value>>>): ValueParse<Value> {
  let byText = cache.get(type);
  if (byText === undefined) cache.set(type, (byText = new Map<string, ValueParse<Value>>()));
  let r = byText.get(text);
  if (r === undefined) byText.set(text, (r = type.parse(text)));
  return r;
}

function tokenResult(token: PathToken, word: string, lower: string, cache: Map<ValueType, Map<string, ValueParse<Value>>>): TokenResult {
  switch (token.kind) {
    case 'choice': {
      let first: string | undefined;
      let count = 0;
      for (const o of token.options) {
        if (o.word === lower) return { rank: 3, word: o.word };
        if (o.word.startsWith(lower)) {
          count++;
          first ??= o.word;
        }
      }
      if (first === undefined) return { kind: 'unknown' };
      return { rank: 2, word: first, ambiguous: count > 1 };
    }
    case 'keyword':
      if (lower === token.word) return { rank: 3 };
      if (token.word.startsWith(lower) && !/^\d+$/.test(lower)) return { rank: 2 };
      return { kind: 'unknown' };
    case 'value': {
      const r = parse(token.type, word, cache);
      return r.ok ? { rank: 1 } : { kind: r.fault, detail: r.message };
    }
    case 'pair': {
      const eq = word.indexOf('=');
      if (eq < 0 || word.slice(0, eq).toLowerCase() !== token.key) return { kind: 'unknown' };
      const r = parse(token.type, word.slice(eq + 1), cache);
      return r.ok ? { rank: 2 } : { kind: r.fault, detail: `${token.key}=: ${r.message}` };
    }
  }
}

interface Outcome {
  command: Command;
  path: readonly PathToken[];
  ok: boolean;
  ranks: number[];
  chosen: Array<string | undefined>;
  ambiguousAt: number;
}

const PRIORITY: Record<MatchErrorKind, number> = { range: 5, invalid: 4, 'too-many': 3, incomplete: 2, ambiguous: 2, unknown: 1 };

function reading(o: Outcome, i: number): string {
  const t = o.path[i];
  if (t === undefined) return '';
  return t.kind === 'keyword' ? t.word : t.kind === 'choice' ? (o.chosen[i] ?? '') : t.kind === 'pair' ? `${t.key}=` : '<value>';
}

/** The reference: what `matchWords` answers, computed path by path. */
export function referenceMatch(commands: readonly Command[], words: readonly Word[]): MatchResult {
  if (words.length === 0) return { kind: 'error', error: 'incomplete', index: 0 };
  const cache = new Map<ValueType, Map<string, ValueParse<Value>>>();
  const lower = words.map((w) => w.text.toLowerCase());
  const viable: Outcome[] = [];
  let worst: { index: number; kind: MatchErrorKind; detail: string | undefined } | undefined;
  let tried = 0;
  for (const { command, path } of triedOrder(commands)) {
    const t0 = path[0];
    if (t0?.kind === 'keyword' && !t0.word.startsWith(lower[0] as string)) continue;
    tried++;
    const o: Outcome = { command, path, ok: false, ranks: [], chosen: [], ambiguousAt: -1 };
    let fail: { index: number; kind: MatchErrorKind; detail: string | undefined } | undefined;
    for (let i = 0; i < words.length && fail === undefined; i++) {
      const token = path[i];
      if (token === undefined) {
        fail = { index: i, kind: 'too-many', detail: undefined };
        break;
      }
      const m = tokenResult(token, (words[i] as Word).text, lower[i] as string, cache);
      if ('kind' in m) fail = { index: i, kind: m.kind, detail: m.detail };
      else {
        o.ranks.push(m.rank);
        o.chosen.push(m.word);
        if (m.ambiguous === true && o.ambiguousAt < 0) o.ambiguousAt = i;
      }
    }
    if (fail === undefined) {
      o.ok = path.length === words.length;
      viable.push(o);
    } else if (worst === undefined || fail.index > worst.index || (fail.index === worst.index && PRIORITY[fail.kind] > PRIORITY[worst.kind])) worst = fail;
  }
  if (tried === 0) return { kind: 'error', error: 'unknown', index: 0 };
  if (viable.length === 0) {
    if (worst === undefined) return { kind: 'error', error: 'unknown', index: 0 };
    return { kind: 'error', error: worst.kind, index: worst.index, ...(worst.detail !== undefined ? { detail: worst.detail } : {}) };
  }
  let kept = viable;
  for (let i = 0; i < words.length && kept.length > 1; i++) {
    const best = Math.max(...kept.map((o) => o.ranks[i] ?? 0));
    kept = kept.filter((o) => (o.ranks[i] ?? 0) === best);
  }
  const lead = kept[0] as Outcome;
  for (const o of kept) {
    for (let i = 0; i < words.length; i++) if (reading(lead, i) !== reading(o, i)) return { kind: 'error', error: 'ambiguous', index: i };
  }
  const unclear = kept.find((o) => o.ambiguousAt >= 0);
  if (unclear) return { kind: 'error', error: 'ambiguous', index: unclear.ambiguousAt };
  const chosen = kept.find((o) => o.ok);
  if (!chosen) return { kind: 'error', error: 'incomplete', index: words.length };
  const values = new Map<string, Value>();
  const keywords = new Set<string>();
  chosen.path.forEach((t, i) => {
    const text = (words[i] as Word).text;
    if (t.kind === 'keyword') keywords.add(t.word);
    else if (t.kind === 'choice') {
      const w = chosen.chosen[i];
      if (w !== undefined) keywords.add(w);
    } else {
      const r = parse(t.type, t.kind === 'pair' ? text.slice(text.indexOf('=') + 1) : text, cache);
      if (r.ok) values.set(t.name, r.value);
    }
  });
  return { kind: 'ok', command: chosen.command, values, keywords };
}
