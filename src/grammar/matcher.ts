/**
 * Matches a whole command line against every path of every command, FRR style: keywords may be
 * abbreviated to an unambiguous prefix, values never; the whole line decides, so a later word
 * can settle an earlier abbreviation. Ranks at each word: exact keyword > abbreviated keyword or
 * key=value > value.
 */
import { Parsed } from '../net/host';
import { Command, PathToken } from './types';
import { Value } from './value-types';
import { Word } from './tokenize';

export type MatchErrorKind = 'unknown' | 'incomplete' | 'too-many' | 'ambiguous' | 'invalid' | 'range';

export type MatchResult =
  | {
      readonly kind: 'ok';
      readonly command: Command;
      /** Values by their grammar name. */
      readonly values: ReadonlyMap<string, Value>;
      /** The keywords of the matched form, spelt in full. */
      readonly keywords: ReadonlySet<string>;
    }
  | { readonly kind: 'error'; readonly error: MatchErrorKind; readonly index: number; readonly detail?: string };

const RANK_EXACT = 3;
const RANK_ABBREV = 2;
const RANK_VALUE = 1;
/** `key=value` is more specific than a bare value: `name=x` after USER is the pair, not a user. */
const RANK_PAIR = 2;

/** How one path fared against the words. */
interface PathOutcome {
  readonly command: Command;
  readonly path: readonly PathToken[];
  readonly status: 'ok' | 'incomplete' | 'fail';
  readonly ranks: number[];
  readonly failIndex: number;
  readonly failKind: MatchErrorKind;
  readonly detail: string | undefined;
}

/** Value parses are cached per line: the same word is tried against many paths. */
export type ParseCache = Map<string, Parsed<Value>>;

function parseCached(token: Extract<PathToken, { type: unknown }>, text: string, cache: ParseCache): Parsed<Value> {
  const key = `${token.type.spec}\u0000${text}`;
  let r = cache.get(key);
  if (r === undefined) {
    r = token.type.parse(text);
    cache.set(key, r);
  }
  return r;
}

/** Rank of `word` against one path token, or the reason it does not match. */
export function matchToken(
  token: PathToken,
  word: string,
  cache: ParseCache,
): { rank: number } | { kind: MatchErrorKind; detail?: string } {
  switch (token.kind) {
    case 'keyword': {
      const w = word.toLowerCase();
      if (w === token.word) return { rank: RANK_EXACT };
      if (token.word.startsWith(w)) return { rank: RANK_ABBREV };
      return { kind: 'unknown' };
    }
    case 'value': {
      const r = parseCached(token, word, cache);
      return r.ok ? { rank: RANK_VALUE } : { kind: r.fault, detail: r.message };
    }
    case 'pair': {
      const eq = word.indexOf('=');
      if (eq < 0 || word.slice(0, eq).toLowerCase() !== token.key) return { kind: 'unknown' };
      const r = parseCached(token, word.slice(eq + 1), cache);
      return r.ok ? { rank: RANK_PAIR } : { kind: r.fault, detail: `${token.key}=: ${r.message}` };
    }
  }
}

function matchPath(command: Command, path: readonly PathToken[], words: readonly Word[], cache: ParseCache): PathOutcome {
  const ranks: number[] = [];
  const out = (status: PathOutcome['status'], failIndex = -1, failKind: MatchErrorKind = 'unknown', detail?: string): PathOutcome => ({
    command,
    path,
    status,
    ranks,
    failIndex,
    failKind,
    detail,
  });
  for (let i = 0; i < words.length; i++) {
    const token = path[i];
    if (token === undefined) return out('fail', i, 'too-many');
    const m = matchToken(token, (words[i] as Word).text, cache);
    if ('kind' in m) return out('fail', i, m.kind, m.detail);
    ranks.push(m.rank);
  }
  return words.length === path.length ? out('ok') : out('incomplete', words.length, 'incomplete');
}

const FAIL_PRIORITY: Record<MatchErrorKind, number> = {
  range: 5,
  invalid: 4,
  'too-many': 3,
  incomplete: 2,
  ambiguous: 2,
  unknown: 1,
};

/** What each word resolved to, for telling real ambiguity from the same reading twice. */
function reading(o: PathOutcome, n: number): string[] {
  return o.path.slice(0, n).map((t) => (t.kind === 'keyword' ? t.word : t.kind === 'pair' ? `${t.key}=` : '<value>'));
}

export function matchWords(commands: readonly Command[], words: readonly Word[], cache: ParseCache = new Map()): MatchResult {
  if (words.length === 0) return { kind: 'error', error: 'incomplete', index: 0 };
  const first = (words[0] as Word).text.toLowerCase();
  let viable: PathOutcome[] = [];
  let worst: PathOutcome | undefined;
  for (const command of commands) {
    for (const path of command.paths) {
      const head = path[0];
      if (head !== undefined && head.kind === 'keyword' && !head.word.startsWith(first)) {
        if (worst === undefined) worst = { command, path, status: 'fail', ranks: [], failIndex: 0, failKind: 'unknown', detail: undefined };
        continue;
      }
      const o = matchPath(command, path, words, cache);
      if (o.status !== 'fail') viable.push(o);
      else if (
        worst === undefined ||
        o.failIndex > worst.failIndex ||
        (o.failIndex === worst.failIndex && FAIL_PRIORITY[o.failKind] > FAIL_PRIORITY[worst.failKind])
      )
        worst = o;
    }
  }
  if (viable.length === 0) {
    const w = worst as PathOutcome;
    return { kind: 'error', error: w.failKind, index: w.failIndex, ...(w.detail !== undefined ? { detail: w.detail } : {}) };
  }
  for (let i = 0; i < words.length; i++) {
    const best = Math.max(...viable.map((o) => o.ranks[i] ?? 0));
    viable = viable.filter((o) => (o.ranks[i] ?? 0) === best);
  }
  const ref = reading(viable[0] as PathOutcome, words.length);
  for (const o of viable) {
    const r = reading(o, words.length);
    const at = r.findIndex((w, i) => w !== ref[i]);
    if (at >= 0) return { kind: 'error', error: 'ambiguous', index: at };
  }
  const chosen = viable.find((o) => o.status === 'ok');
  if (!chosen) return { kind: 'error', error: 'incomplete', index: words.length };
  const values = new Map<string, Value>();
  const keywords = new Set<string>();
  chosen.path.forEach((t, i) => {
    const text = (words[i] as Word).text;
    if (t.kind === 'keyword') keywords.add(t.word);
    else {
      const raw = t.kind === 'pair' ? text.slice(text.indexOf('=') + 1) : text;
      const r = parseCached(t, raw, cache);
      if (r.ok) values.set(t.name, r.value);
    }
  });
  return { kind: 'ok', command: chosen.command, values, keywords };
}

/** Paths whose first `n` tokens accept the first `n` words (for `?` and Tab). */
export function pathsAccepting(commands: readonly Command[], words: readonly Word[], cache: ParseCache = new Map()): Array<{ command: Command; path: readonly PathToken[] }> {
  const out: Array<{ command: Command; path: readonly PathToken[] }> = [];
  for (const command of commands) {
    for (const path of command.paths) {
      if (path.length < words.length) continue;
      let okAll = true;
      for (let i = 0; i < words.length && okAll; i++) {
        okAll = 'rank' in matchToken(path[i] as PathToken, (words[i] as Word).text, cache);
      }
      if (okAll) out.push({ command, path });
    }
  }
  return out;
}
