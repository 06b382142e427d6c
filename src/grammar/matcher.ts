/**
 * Matches a whole command line against every path of every command, FRR style: keywords may be
 * abbreviated to an unambiguous prefix, values never; the whole line decides, so a later word
 * can settle an earlier abbreviation. Ranks at each word: exact keyword > abbreviated keyword or
 * key=value > value.
 *
 * The line is walked down a tree over the whole paths (path-tree.ts): each distinct token at a
 * depth sees a word once; test/grammar/matcher-differential.test.ts checks that the answers are
 * those of the plain path-by-path match.
 */
import { Command, PathToken } from './types';
import { Value, ValueParse, ValueType } from './value-types';
import { Word } from './tokenize';
import { ChoiceEdge, IndexedPath, KeywordEdge, PathNode, pathTree } from './path-tree';
import { allDigits } from '../util/ascii';

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

/** Value parses are cached per line: the same word is tried against many paths (`?` help and Tab). */
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
      if (token.word.startsWith(w) && !allDigits(w)) return ABBREV;
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

/**
 * `true` when `keyword` starts with `word`, compared by character code. Profile: startsWith was
 * the walk's hottest line (a builtin call per edge whose initial matched, five at the root's `s`).
 */
function isPrefix(word: string, keyword: string): boolean {
  const n = word.length;
  if (n > keyword.length) return false;
  for (let i = 0; i < n; i++) if (word.charCodeAt(i) !== keyword.charCodeAt(i)) return false;
  return true;
}

const FAIL_PRIORITY: Record<MatchErrorKind, number> = {
  range: 5,
  invalid: 4,
  'too-many': 3,
  incomplete: 2,
  ambiguous: 2,
  unknown: 1,
};

const NO_EDGES: readonly KeywordEdge[] = [];
const NO_WORDS: readonly Word[] = [];

/** A path the words fit, whole (`ok`) or as its beginning; its ranks and choices are the walk's, from `base`. */
interface PathOutcome {
  readonly entry: IndexedPath;
  readonly path: readonly PathToken[];
  readonly ordinal: number;
  readonly ok: boolean;
  /** Where the reached node's ranks and choices start in the walk's pools. */
  readonly base: number;
  readonly ambiguousAt: number;
}

/**
 * One line walked down the path tree, depth first. Every path below an edge that refuses the word
 * fails there, for the same reason: the deepest failure (then the higher priority, then the
 * first path in the tried order) is the line's error when no path fits.
 */
class Walk {
  n = 0;
  words: readonly Word[] = NO_WORDS;
  /** The words in lower case (the first {@link n}), undefined until a keyword or choice asks. */
  private readonly lower: Array<string | undefined> = [];
  /**
   * The nodes the whole line reached: the first {@link reachedCount} entries. Every path at or
   * below one read the words with the ranks and choices kept from `k * n` in {@link reachedRanks}
   * and {@link reachedChosen} (k its index); {@link reachedAmbiguous} holds the first word that
   * fit several keywords of one choice, or -1. Flat pools, reused line after line (profile: an
   * object and two array copies per reached node were the walk's hottest line).
   */
  readonly reachedNodes: PathNode[] = [];
  readonly reachedAmbiguous: number[] = [];
  readonly reachedRanks: number[] = [];
  readonly reachedChosen: Array<string | undefined> = [];
  reachedCount = 0;
  private readonly ranks: number[] = [];
  private readonly chosen: Array<string | undefined> = [];
  /** Per word: its key before `=` in lower case, null without `=` (made when a pair edge asks). */
  private pairKeys: Array<string | null | undefined> | undefined;
  /** The line's value parses: the first {@link memoCount} (type, text, result), searched in order. */
  private readonly memoTypes: ValueType[] = [];
  private readonly memoTexts: string[] = [];
  private readonly memoResults: Array<ValueParse<Value>> = [];
  private memoCount = 0;
  failIndex = -1;
  failKind: MatchErrorKind = 'unknown';
  failDetail: string | undefined = undefined;
  private failFirst = 0;

  /**
   * Starts on a new line. The arrays are reused line after line, by count rather than emptied
   * (profile of a cold 10,000-line load: setting their lengths to 0 was a runtime call each).
   */
  reset(words: readonly Word[]): void {
    const n = words.length;
    this.n = n;
    this.words = words;
    const lower = this.lower;
    // Lower-cased when a keyword or a choice first meets the word (profile: toLowerCase on every
    // word, most of them values, was the hottest line of reset()).
    for (let i = 0; i < n; i++) lower[i] = undefined;
    this.reachedCount = 0;
    this.pairKeys = undefined;
    this.memoCount = 0;
    this.failIndex = -1;
    this.failKind = 'unknown';
    this.failDetail = undefined;
    this.failFirst = 0;
  }

  /** Lets go of the line's words (its parses are overwritten by the next line's). */
  clear(): void {
    this.words = NO_WORDS;
  }

  /** The parse of `text` as `type`, once per line. */
  parse(type: ValueType, text: string): ValueParse<Value> {
    const count = this.memoCount;
    const types = this.memoTypes;
    for (let i = 0; i < count; i++) {
      if (types[i] === type && this.memoTexts[i] === text) return this.memoResults[i] as ValueParse<Value>;
    }
    const r = type.parse(text);
    types[count] = type;
    this.memoTexts[count] = text;
    this.memoResults[count] = r;
    this.memoCount = count + 1;
    return r;
  }

  private fail(index: number, kind: MatchErrorKind, detail: string | undefined, first: number): void {
    const w = this.failIndex;
    if (index > w || (index === w && (FAIL_PRIORITY[kind] > FAIL_PRIORITY[this.failKind] || (FAIL_PRIORITY[kind] === FAIL_PRIORITY[this.failKind] && first < this.failFirst)))) {
      this.failIndex = index;
      this.failKind = kind;
      this.failDetail = detail;
      this.failFirst = first;
    }
  }

  private pairKey(d: number): string | null {
    const keys = (this.pairKeys ??= []);
    let k = keys[d];
    if (k === undefined) {
      const text = (this.words[d] as Word).text;
      const eq = text.indexOf('=');
      k = eq < 0 ? null : text.slice(0, eq).toLowerCase();
      keys[d] = k;
    }
    return k;
  }

  /** Walks `node` at word `d`; `ambiguousAt` as in {@link Reached}. */
  walk(node: PathNode, d: number, ambiguousAt: number): void {
    const n = this.n;
    if (d === n) {
      const k = this.reachedCount++;
      this.reachedNodes[k] = node;
      this.reachedAmbiguous[k] = ambiguousAt;
      const base = k * n;
      const ranks = this.ranks;
      const chosen = this.chosen;
      const pooledRanks = this.reachedRanks;
      const pooledChosen = this.reachedChosen;
      for (let i = 0; i < n; i++) {
        pooledRanks[base + i] = ranks[i] as number;
        pooledChosen[base + i] = chosen[i];
      }
      return;
    }
    const firstEnd = node.firstEnd;
    if (firstEnd >= 0) this.fail(d, 'too-many', undefined, firstEnd);
    // The word in lower case, for the keyword and choice edges only (values see the text).
    let w = '';
    if (node.keywords.length > 0 || node.choices.length > 0) {
      const known = this.lower[d];
      if (known === undefined) {
        w = (this.words[d] as Word).text.toLowerCase();
        this.lower[d] = w;
      } else w = known;
    }
    const ranks = this.ranks;
    const chosen = this.chosen;
    const keywordCount = node.keywords.length;
    if (keywordCount > 0) {
      const byInitial = node.keywordsByInitial;
      const c0 = w.charCodeAt(0);
      // An empty word ("") is a prefix of every keyword (c0 is NaN).
      const edges = byInitial !== undefined && c0 < 128 ? (byInitial[c0] ?? NO_EDGES) : node.keywords;
      let matched = 0;
      const length = w.length;
      // Profile: an equality and a startsWith per edge; one initial compare now turns most edges
      // away, and a keyword is the word exactly when it starts with it and is as long.
      const edgeCount = edges.length;
      for (let i = 0; i < edgeCount; i++) {
        const e = edges[i] as KeywordEdge;
        if (length > 0 && e.initial !== c0) continue;
        if (!isPrefix(w, e.word)) continue;
        if (e.word.length === length) ranks[d] = RANK_EXACT;
        // Digits alone are a number, never an abbreviation (`sip server 1 ...` is not `sip server 100rel`).
        else if (allDigits(w)) continue;
        else ranks[d] = RANK_ABBREV;
        matched++;
        chosen[d] = undefined;
        this.walk(e.child, d + 1, ambiguousAt);
      }
      if (matched < keywordCount) this.fail(d, 'unknown', undefined, 0);
    }
    // Indexed loops behind a length test: most nodes have no choice, and empty edge arrays are of
    // another elements kind than full ones (profile: the for-of over them was a hot line).
    const choices = node.choices;
    const choiceCount = choices.length;
    for (let ci = 0; ci < choiceCount; ci++) {
      const c = choices[ci] as ChoiceEdge;
      let word: string | undefined;
      let rank = RANK_ABBREV;
      let count = 0;
      for (const o of c.options) {
        if (!isPrefix(w, o.word)) continue;
        if (o.word.length === w.length) {
          word = o.word;
          rank = RANK_EXACT;
          count = 1;
          break;
        }
        count++;
        word ??= o.word;
      }
      if (word === undefined) {
        this.fail(d, 'unknown', undefined, 0);
        continue;
      }
      ranks[d] = rank;
      chosen[d] = word;
      this.walk(c.child, d + 1, ambiguousAt < 0 && count > 1 ? d : ambiguousAt);
    }
    if (node.values.length > 0) {
      const text = (this.words[d] as Word).text;
      for (const v of node.values) {
        const r = this.parse(v.type, text);
        if (!r.ok) {
          this.fail(d, r.fault, r.message, v.child.first);
          continue;
        }
        ranks[d] = RANK_VALUE;
        chosen[d] = undefined;
        this.walk(v.child, d + 1, ambiguousAt);
      }
    }
    if (node.pairs.length > 0) {
      const key = this.pairKey(d);
      for (const p of node.pairs) {
        if (key !== p.key) {
          this.fail(d, 'unknown', undefined, 0);
          continue;
        }
        const text = (this.words[d] as Word).text;
        const r = this.parse(p.type, text.slice(text.indexOf('=') + 1));
        if (!r.ok) {
          this.fail(d, r.fault, `${p.key}=: ${r.message}`, p.child.first);
          continue;
        }
        ranks[d] = RANK_PAIR;
        chosen[d] = undefined;
        this.walk(p.child, d + 1, ambiguousAt);
      }
    }
  }
}

/** What word `i` resolved to, for telling real ambiguity from the same reading twice. */
function readingAt(chosen: ReadonlyArray<string | undefined>, o: PathOutcome, i: number): string {
  const t = o.path[i];
  if (t === undefined) return '';
  return t.kind === 'keyword' ? t.word : t.kind === 'choice' ? (chosen[o.base + i] ?? '') : t.kind === 'pair' ? `${t.key}=` : '<value>';
}

/** The first of `n` words that `a` and `b` read differently, or -1. */
function firstDifference(chosen: ReadonlyArray<string | undefined>, a: PathOutcome, b: PathOutcome, n: number): number {
  for (let i = 0; i < n; i++) {
    const ta = a.path[i];
    const tb = b.path[i];
    if (ta === tb) {
      if (ta?.kind !== 'choice' || chosen[a.base + i] === chosen[b.base + i]) continue;
    }
    if (readingAt(chosen, a, i) !== readingAt(chosen, b, i)) return i;
  }
  return -1;
}

/** The paths the words fit, in the tried order. */
function outcomes(walk: Walk, n: number): PathOutcome[] {
  const out: PathOutcome[] = [];
  const count = walk.reachedCount;
  for (let i = 0; i < count; i++) {
    const node = walk.reachedNodes[i] as PathNode;
    const ambiguousAt = walk.reachedAmbiguous[i] as number;
    for (const p of node.all) {
      out.push({ entry: p, path: p.path, ordinal: p.ordinal, ok: p.path.length === n, base: i * n, ambiguousAt });
    }
  }
  if (count > 1) out.sort((a, b) => a.ordinal - b.ordinal);
  return out;
}

/** Matches a whole line against every path of `commands` (see the file comment for the ranking). */
export function matchWords(commands: readonly Command[], words: readonly Word[]): MatchResult {
  const n = words.length;
  if (n === 0) return { kind: 'error', error: 'incomplete', index: 0 };
  // One walk's arrays serve line after line (a value type's parse never matches a line itself,
  // but a fresh walk is taken if one ever did).
  const walk = spare ?? new Walk();
  spare = undefined;
  try {
    walk.reset(words);
    return walkedResult(walk, commands, words);
  } finally {
    walk.clear();
    spare = walk;
  }
}

let spare: Walk | undefined;

function walkedResult(walk: Walk, commands: readonly Command[], words: readonly Word[]): MatchResult {
  const n = words.length;
  walk.walk(pathTree(commands), 0, -1);
  if (walk.reachedCount === 0) {
    if (walk.failIndex < 0) return { kind: 'error', error: 'unknown', index: 0 };
    const detail = walk.failDetail;
    // Profile: the object spread was a clone through a runtime IC on every failed line.
    if (detail === undefined) return { kind: 'error', error: walk.failKind, index: walk.failIndex };
    return { kind: 'error', error: walk.failKind, index: walk.failIndex, detail };
  }
  if (walk.reachedCount === 1) {
    // Every path the line fits is below one node: they read every word alike (same ranks, same
    // keywords, same choices), so none is preferred and none differs. Profile: the ranking and
    // the comparison, with an outcome per path, were a fifth of the matcher for such lines.
    const ambiguousAt = walk.reachedAmbiguous[0] as number;
    if (ambiguousAt >= 0) return { kind: 'error', error: 'ambiguous', index: ambiguousAt };
    // The paths that end at the node are those with n tokens, in ordinal order like `all`.
    const p = (walk.reachedNodes[0] as PathNode).endPath;
    if (p !== undefined) return okResult(walk, words, p, 0);
    return { kind: 'error', error: 'incomplete', index: n };
  }
  const viable = outcomes(walk, n);
  const ranks = walk.reachedRanks;
  for (let i = 0; i < n && viable.length > 1; i++) {
    let best = 0;
    for (const o of viable) best = Math.max(best, ranks[o.base + i] ?? 0);
    let kept = 0;
    for (const o of viable) if ((ranks[o.base + i] ?? 0) === best) viable[kept++] = o;
    viable.length = kept;
  }
  const lead = viable[0];
  if (viable.length > 1 && lead !== undefined) {
    for (const o of viable) {
      const at = firstDifference(walk.reachedChosen, lead, o, n);
      if (at >= 0) return { kind: 'error', error: 'ambiguous', index: at };
    }
  }
  const unclear = viable.find((o) => o.ambiguousAt >= 0);
  if (unclear) return { kind: 'error', error: 'ambiguous', index: unclear.ambiguousAt };
  const chosen = viable.find((o) => o.ok);
  if (!chosen) return { kind: 'error', error: 'incomplete', index: n };
  return okResult(walk, words, chosen.entry, chosen.base);
}

/** The matched command with its values (parsed once already) and keywords. */
function okResult(walk: Walk, words: readonly Word[], entry: IndexedPath, base: number): MatchResult {
  const chosen = walk.reachedChosen;
  const path = entry.path;
  const values = new Map<string, Value>();
  // Profile: a Set filled per matched line was a third of okResult; a path without choices
  // has the same keywords on every line (a property of the grammar, not a parse).
  const fixed = entry.keywords;
  const made = fixed === undefined ? new Set<string>() : undefined;
  for (let i = 0; i < path.length; i++) {
    const t = path[i] as PathToken;
    if (t.kind === 'keyword') made?.add(t.word);
    else if (t.kind === 'choice') {
      const w = chosen[base + i];
      if (w !== undefined) made?.add(w);
    } else {
      const text = (words[i] as Word).text;
      const r = walk.parse(t.type, t.kind === 'pair' ? text.slice(text.indexOf('=') + 1) : text);
      if (r.ok) values.set(t.name, r.value);
    }
  }
  const keywords: ReadonlySet<string> = fixed ?? made ?? new Set<string>();
  return { kind: 'ok', command: entry.command, values, keywords };
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
