/**
 * Matches a whole command line against every path of every command, FRR style: keywords may be
 * abbreviated to an unambiguous prefix, values never; the whole line decides, so a later word
 * can settle an earlier abbreviation. Ranks at each word: exact keyword > abbreviated keyword or
 * key=value > value.
 */
import { Command, PathToken } from './types';
import { Value, ValueParse, ValueType } from './value-types';
import { Word } from './tokenize';

/** Why a line is not a command; each kind has the router's error line (src/shell/interpreter.ts). */
export type MatchErrorKind = 'unknown' | 'incomplete' | 'too-many' | 'ambiguous' | 'invalid' | 'range';

/** The command a line means, with its values and keywords; or why none, and at which word. */
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
  readonly status: 'ok' | 'incomplete';
  readonly ranks: number[];
  /** The keyword each choice token stood for (by word index). */
  readonly chosen: Array<string | undefined>;
  /** The first word that fits several keywords of one choice, or -1. */
  readonly ambiguousAt: number;
  readonly failIndex: number;
  readonly failKind: MatchErrorKind;
  readonly detail: string | undefined;
}

/** Value parses are cached per line: the same word is tried against many paths. */
export type ParseCache = Map<ValueType, Map<string, ValueParse<Value>>>;

function parseCached(token: Extract<PathToken, { type: unknown }>, text: string, cache: ParseCache): ValueParse<Value> {
  let byText = cache.get(token.type);
  if (byText === undefined) {
    byText = new Map();
    cache.set(token.type, byText);
  }
  let r = byText.get(text);
  if (r === undefined) {
    r = token.type.parse(text);
    byText.set(text, r);
  }
  return r;
}

interface IndexedPath {
  readonly command: Command;
  readonly path: readonly PathToken[];
  /** Position in the order paths were always tried in (paths without a leading keyword first): results keep that order. */
  readonly ordinal: number;
}

/**
 * A trie over the paths' leading plain keywords (`no`, `sip`, `server` of `no sip server N`): the
 * 86 `no ...` paths share their first keywords, so a word is compared with each distinct keyword
 * at a depth once, not once per path. Profile (grammar bench): the per-path check of the leading
 * keywords was the matcher's hottest line.
 */
interface LeadNode {
  /** The keyword at this depth (empty at the root). */
  readonly word: string;
  /** Paths whose leading keywords end here. */
  readonly ends: IndexedPath[];
  readonly children: LeadNode[];
  /** Every path at or below this node, in ordinal order. */
  readonly all: IndexedPath[];
}

/** The lead trie, and the paths that start with a value or a choice (always matched in full). */
interface GrammarIndex {
  readonly root: LeadNode;
  /** The root's children by the first character of their keyword: a line's first word is compared with those only. */
  readonly byInitial: ReadonlyMap<string, readonly LeadNode[]>;
  readonly other: readonly IndexedPath[];
}

const indexes = new WeakMap<readonly Command[], GrammarIndex>();

const leadNode = (word: string): LeadNode => ({ word, ends: [], children: [], all: [] });

function indexOf(commands: readonly Command[]): GrammarIndex {
  let idx = indexes.get(commands);
  if (idx === undefined) {
    const withLead: Array<{ command: Command; path: readonly PathToken[]; lead: string[] }> = [];
    const firsts: string[] = [];
    const other: IndexedPath[] = [];
    for (const command of commands) {
      for (const path of command.paths) {
        const lead: string[] = [];
        for (const t of path) {
          if (t.kind !== 'keyword') break;
          lead.push(t.word);
        }
        if (lead.length === 0) other.push({ command, path, ordinal: other.length });
        else {
          withLead.push({ command, path, lead });
          if (!firsts.includes(lead[0] as string)) firsts.push(lead[0] as string);
        }
      }
    }
    // The order paths were tried in before the trie: without a lead first, then grouped by first keyword.
    let ordinal = other.length;
    const root = leadNode('');
    for (const first of firsts) {
      for (const { command, path, lead } of withLead) {
        if (lead[0] !== first) continue;
        const entry: IndexedPath = { command, path, ordinal: ordinal++ };
        let node = root;
        node.all.push(entry);
        for (const word of lead) {
          let child = node.children.find((c) => c.word === word);
          if (child === undefined) {
            child = leadNode(word);
            node.children.push(child);
          }
          node = child;
          node.all.push(entry);
        }
        node.ends.push(entry);
      }
    }
    const byInitial = new Map<string, LeadNode[]>();
    for (const child of root.children) {
      const list = byInitial.get(child.word.charAt(0)) ?? [];
      list.push(child);
      byInitial.set(child.word.charAt(0), list);
    }
    idx = { root, byInitial, other };
    indexes.set(commands, idx);
  }
  return idx;
}

/**
 * The paths whose leading keywords the words can abbreviate, into `out`; returns the deepest
 * word index at which some path's leading keyword could not be abbreviated (-1 when none), the
 * "unknown" failure those paths would have had.
 */
function leadSurvivors(node: LeadNode, depth: number, lower: readonly string[], out: IndexedPath[]): number {
  for (const p of node.ends) out.push(p);
  let skippedAt = -1;
  for (const child of node.children) {
    if (depth >= lower.length) {
      for (const p of child.all) out.push(p);
    } else if (child.word.startsWith(lower[depth] as string)) {
      skippedAt = Math.max(skippedAt, leadSurvivors(child, depth + 1, lower, out));
    } else skippedAt = Math.max(skippedAt, depth);
  }
  return skippedAt;
}

/** Rank of `word` against one path token, or the reason it does not match. */
const EXACT = { rank: RANK_EXACT } as const;
const ABBREV = { rank: RANK_ABBREV } as const;
/** Shared results: matching allocates nothing for a word that fits. */
const VALUE = { rank: RANK_VALUE } as const;
const PAIR = { rank: RANK_PAIR } as const;
const UNKNOWN = { kind: 'unknown' } as const;

/** How a word matched: its rank, and for a choice the keyword it stands for (ambiguous when it fits several). */
export interface TokenMatch {
  readonly rank: number;
  readonly word?: string;
  readonly ambiguous?: boolean;
}

/** `lower` is `word` in lower case (computed once per line by the caller). */
export function matchToken(
  token: PathToken,
  word: string,
  cache: ParseCache,
  lower: string = word.toLowerCase(),
): TokenMatch | { kind: MatchErrorKind; detail?: string } {
  switch (token.kind) {
    case 'choice': {
      let first: string | undefined;
      let count = 0;
      for (const o of token.options) {
        if (o.word === lower) return { rank: RANK_EXACT, word: o.word };
        if (o.word.startsWith(lower)) {
          count++;
          first ??= o.word;
        }
      }
      if (first === undefined) return UNKNOWN;
      return { rank: RANK_ABBREV, word: first, ambiguous: count > 1 };
    }
    case 'keyword': {
      const w = lower;
      if (w === token.word) return EXACT;
      // Digits alone are a number, never an abbreviation (`sip server 1 ...` is not `sip server 100rel`).
      if (token.word.startsWith(w) && !/^\d+$/.test(w)) return ABBREV;
      return UNKNOWN;
    }
    case 'value': {
      const r = parseCached(token, word, cache);
      return r.ok ? VALUE : { kind: r.fault, detail: r.message };
    }
    case 'pair': {
      const eq = word.indexOf('=');
      if (eq < 0 || word.slice(0, eq).toLowerCase() !== token.key) return { kind: 'unknown' };
      const r = parseCached(token, word.slice(eq + 1), cache);
      return r.ok ? PAIR : { kind: r.fault, detail: `${token.key}=: ${r.message}` };
    }
  }
}

/** A path that failed: where, and why (no per-word arrays are kept for it). */
interface PathFailure {
  readonly status: 'fail';
  readonly failIndex: number;
  readonly failKind: MatchErrorKind;
  readonly detail: string | undefined;
}

/**
 * Matches one path; a failing path allocates only its failure. Profile (`no sip server 12`, 44 µs):
 * the per-path closure and the arrays of failing paths were most of the allocation.
 */
function matchPath(command: Command, path: readonly PathToken[], words: readonly Word[], lower: readonly string[], cache: ParseCache): PathOutcome | PathFailure {
  let ranks: number[] | undefined;
  let chosen: Array<string | undefined> | undefined;
  let ambiguousAt = -1;
  const n = words.length;
  for (let i = 0; i < n; i++) {
    const token = path[i];
    if (token === undefined) return { status: 'fail', failIndex: i, failKind: 'too-many', detail: undefined };
    const m = matchToken(token, words[i]?.text ?? '', cache, lower[i]);
    if ('kind' in m) return { status: 'fail', failIndex: i, failKind: m.kind, detail: m.detail };
    ranks ??= [];
    chosen ??= [];
    ranks.push(m.rank);
    chosen.push(m.word);
    if (m.ambiguous === true && ambiguousAt < 0) ambiguousAt = i;
  }
  const status: PathOutcome['status'] = n === path.length ? 'ok' : 'incomplete';
  return { command, path, status, ranks: ranks ?? [], chosen: chosen ?? [], ambiguousAt, failIndex: status === 'ok' ? -1 : n, failKind: status === 'ok' ? 'unknown' : 'incomplete', detail: undefined };
}

const FAIL_PRIORITY: Record<MatchErrorKind, number> = {
  range: 5,
  invalid: 4,
  'too-many': 3,
  incomplete: 2,
  ambiguous: 2,
  unknown: 1,
};

/** What word `i` resolved to, for telling real ambiguity from the same reading twice. */
function readingAt(o: PathOutcome, i: number): string {
  const t = o.path[i];
  if (t === undefined) return '';
  return t.kind === 'keyword' ? t.word : t.kind === 'choice' ? (o.chosen[i] ?? '') : t.kind === 'pair' ? `${t.key}=` : '<value>';
}

/** The first of `n` words that `a` and `b` read differently, or -1 (no arrays built per path). */
function firstDifference(a: PathOutcome, b: PathOutcome, n: number): number {
  for (let i = 0; i < n; i++) {
    const ta = a.path[i];
    const tb = b.path[i];
    if (ta === tb) {
      if (ta?.kind !== 'choice' || a.chosen[i] === b.chosen[i]) continue;
    }
    if (readingAt(a, i) !== readingAt(b, i)) return i;
  }
  return -1;
}

/** Matches a whole line against every path of `commands` (see the file comment for the ranking). */
export function matchWords(commands: readonly Command[], words: readonly Word[], cache: ParseCache = new Map()): MatchResult {
  if (words.length === 0) return { kind: 'error', error: 'incomplete', index: 0 };
  const lower = words.map((w) => w.text.toLowerCase());
  const first = lower[0] as string;
  const viable: PathOutcome[] = [];
  let worst: PathFailure | undefined;
  let tried = 0;
  const index = indexOf(commands);
  const failed = (o: PathFailure): void => {
    if (worst === undefined || o.failIndex > worst.failIndex || (o.failIndex === worst.failIndex && FAIL_PRIORITY[o.failKind] > FAIL_PRIORITY[worst.failKind])) worst = o;
  };
  const consider = ({ command, path }: IndexedPath): void => {
    const o = matchPath(command, path, words, lower, cache);
    if (o.status !== 'fail') viable.push(o);
    else failed(o);
  };
  for (const p of index.other) consider(p);
  tried = index.other.length;
  // A path whose leading keywords the words cannot abbreviate fails at the first such word as
  // "unknown" (every word before it matched a keyword): only the deepest such failure can be the
  // worst, and every "unknown" failure reads the same, so one stands for them all.
  const survivors: IndexedPath[] = [];
  let skippedAt = -1;
  // An empty first word ("") is a prefix of every keyword.
  for (const group of first === '' ? index.root.children : (index.byInitial.get(first.charAt(0)) ?? [])) {
    if (!group.word.startsWith(first)) continue;
    tried += group.all.length;
    skippedAt = Math.max(skippedAt, leadSurvivors(group, 1, lower, survivors));
  }
  if (skippedAt >= 0) failed({ status: 'fail', failIndex: skippedAt, failKind: 'unknown', detail: undefined });
  let sorted = true;
  for (let i = 1; i < survivors.length && sorted; i++) sorted = (survivors[i - 1] as IndexedPath).ordinal < (survivors[i] as IndexedPath).ordinal;
  if (!sorted) survivors.sort((a, b) => a.ordinal - b.ordinal);
  for (const p of survivors) consider(p);
  if (tried === 0) return { kind: 'error', error: 'unknown', index: 0 };
  if (viable.length === 0) {
    const w: PathFailure | undefined = worst;
    if (w === undefined) return { kind: 'error', error: 'unknown', index: 0 };
    return { kind: 'error', error: w.failKind, index: w.failIndex, ...(w.detail !== undefined ? { detail: w.detail } : {}) };
  }
  for (let i = 0; i < words.length && viable.length > 1; i++) {
    let best = 0;
    for (const o of viable) best = Math.max(best, o.ranks[i] ?? 0);
    let kept = 0;
    for (const o of viable) if ((o.ranks[i] ?? 0) === best) viable[kept++] = o;
    viable.length = kept;
  }
  const lead = viable[0];
  if (viable.length > 1 && lead !== undefined) {
    for (const o of viable) {
      const at = firstDifference(lead, o, words.length);
      if (at >= 0) return { kind: 'error', error: 'ambiguous', index: at };
    }
  }
  const unclear = viable.find((o) => o.ambiguousAt >= 0);
  if (unclear) return { kind: 'error', error: 'ambiguous', index: unclear.ambiguousAt };
  const chosen = viable.find((o) => o.status === 'ok');
  if (!chosen) return { kind: 'error', error: 'incomplete', index: words.length };
  const values = new Map<string, Value>();
  const keywords = new Set<string>();
  chosen.path.forEach((t, i) => {
    const text = words[i]?.text ?? '';
    if (t.kind === 'keyword') keywords.add(t.word);
    else if (t.kind === 'choice') {
      const w = chosen.chosen[i];
      if (w !== undefined) keywords.add(w);
    } else {
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
        const token = path[i];
        okAll = token !== undefined && 'rank' in matchToken(token, words[i]?.text ?? '', cache);
      }
      if (okAll) out.push({ command, path });
    }
  }
  return out;
}
