/**
 * A tree over whole command paths: paths that begin with the same tokens share the nodes of
 * that beginning, so the matcher compares a word with each distinct token at a depth once, not
 * once per path (the 119 `no ...` paths, the 37 `sip ...` ones). Tokens are the same when they
 * match the same words the same way: a keyword by its word, a choice by its options, a value by
 * its type, a key=value word by its key and type (value names and help texts do not matter here;
 * each path keeps its own tokens).
 *
 * Profile (grammar bench, before): the matcher walked every path that survived its lead-keyword
 * trie token by token; that walk and its per-path outcomes were half of the parse time.
 */
import { Command, KeywordToken, PathToken } from './types';
import { ValueType } from './value-types';

/** One path of a grammar, with its place in the order the matcher reports ties in. */
export interface IndexedPath {
  readonly command: Command;
  readonly path: readonly PathToken[];
  /**
   * Paths that start with a value or a choice first, then grouped by their first keyword in the
   * order those first appear, each group in declaration order: the order paths were always
   * tried in, which decides which of two equal failures is reported.
   */
  readonly ordinal: number;
  /**
   * The path's keywords when it has no choice token (then every line it matches has the same
   * ones): one read-only set the matcher hands out for each such line, not one made per line.
   */
  readonly keywords: ReadonlySet<string> | undefined;
}

/** The keywords of a path without choices, or undefined when a choice makes them depend on the line. */
function fixedKeywords(path: readonly PathToken[]): ReadonlySet<string> | undefined {
  const keywords = new Set<string>();
  for (const t of path) {
    if (t.kind === 'choice') return undefined;
    if (t.kind === 'keyword') keywords.add(t.word);
  }
  return keywords;
}

/** A keyword edge: the word, and the node after it. */
export interface KeywordEdge {
  readonly word: string;
  /** The word's first character code (keywords are never empty). */
  readonly initial: number;
  readonly child: PathNode;
}

/** A choice edge: its options (as declared), and the node after it. */
export interface ChoiceEdge {
  readonly options: readonly KeywordToken[];
  readonly child: PathNode;
}

/** A value edge: its type, and the node after it. */
export interface ValueEdge {
  readonly type: ValueType;
  readonly child: PathNode;
}

/** A key=value edge: the key, the value's type, and the node after it. */
export interface PairEdge {
  readonly key: string;
  readonly type: ValueType;
  readonly child: PathNode;
}

/** The tokens a path may have at one depth after the same beginning. */
export interface PathNode {
  /** Paths that end here (as many tokens as the node's depth). */
  readonly ends: readonly IndexedPath[];
  /** Every path at or below this node, in ordinal order. */
  readonly all: readonly IndexedPath[];
  /**
   * The ordinal of the first path that ends here, or -1: a small integer the walk tests at every
   * node (profile: loading `ends[0]` from arrays of mixed element kinds was the walk's hottest line).
   */
  readonly firstEnd: number;
  /** The first path that ends here (`ends[0]`), as a field. */
  readonly endPath: IndexedPath | undefined;
  /** The smallest ordinal at or below this node. */
  readonly first: number;
  /** The keyword edges, in declaration order. */
  readonly keywords: readonly KeywordEdge[];
  /**
   * Where many keyword edges leave a node (the root): the edges by the character code of their
   * word's first character (keywords are ASCII), so a word is compared with those only.
   */
  readonly keywordsByInitial: ReadonlyArray<readonly KeywordEdge[] | undefined> | undefined;
  readonly choices: readonly ChoiceEdge[];
  readonly values: readonly ValueEdge[];
  readonly pairs: readonly PairEdge[];
}

/**
 * A node while the tree is built. Its maps are made when its first edge of that kind is: most
 * nodes have one kind of edge or none (profile: four Maps made per node were most of what a
 * build allocated, ~1.5 MB for 219 paths, and the build is part of a process's first command).
 */
interface Draft {
  ends: IndexedPath[];
  all: IndexedPath[];
  keywords: Map<string, Draft> | undefined;
  choices: Map<string, { options: readonly KeywordToken[]; child: Draft }> | undefined;
  values: Map<ValueType, Draft> | undefined;
  pairs: Map<string, Map<ValueType, Draft>> | undefined;
}

const draft = (): Draft => ({ ends: [], all: [], keywords: undefined, choices: undefined, values: undefined, pairs: undefined });

/** The node under `key` in `map`, made when new. */
function made<K>(map: Map<K, Draft>, key: K): Draft {
  let child = map.get(key);
  if (child === undefined) {
    child = draft();
    map.set(key, child);
  }
  return child;
}

/** The node after `token` below `node`, made when new. */
function step(node: Draft, token: PathToken): Draft {
  switch (token.kind) {
    case 'keyword':
      return made((node.keywords ??= new Map<string, Draft>()), token.word);
    case 'choice': {
      const key = token.options.map((o) => o.word).join('|');
      const choices = (node.choices ??= new Map<string, { options: readonly KeywordToken[]; child: Draft }>());
      let edge = choices.get(key);
      if (edge === undefined) {
        edge = { options: token.options, child: draft() };
        choices.set(key, edge);
      }
      return edge.child;
    }
    case 'value':
      return made((node.values ??= new Map<ValueType, Draft>()), token.type);
    case 'pair': {
      const pairs = (node.pairs ??= new Map<string, Map<ValueType, Draft>>());
      let byType = pairs.get(token.key);
      if (byType === undefined) {
        byType = new Map<ValueType, Draft>();
        pairs.set(token.key, byType);
      }
      return made(byType, token.type);
    }
  }
}

/** More keyword edges than this at a node: they are indexed by their initial. */
const SCAN_LIMIT = 6;

/**
 * No edges of a kind: one shared empty array, not frozen (a frozen array has an elements kind of
 * its own, one more shape for the matcher's loads of the edge arrays to meet).
 */
const NONE: readonly never[] = [];

function freeze(d: Draft): PathNode {
  const keywords: readonly KeywordEdge[] = d.keywords === undefined ? NONE : [...d.keywords].map(([word, child]) => ({ word, initial: word.charCodeAt(0), child: freeze(child) }));
  let keywordsByInitial: KeywordEdge[][] | undefined;
  if (keywords.length > SCAN_LIMIT) {
    keywordsByInitial = [];
    for (const e of keywords) (keywordsByInitial[e.word.charCodeAt(0)] ??= []).push(e);
  }
  const pairs: PairEdge[] = [];
  if (d.pairs !== undefined) for (const [key, byType] of d.pairs) for (const [type, child] of byType) pairs.push({ key, type, child: freeze(child) });
  return {
    ends: d.ends,
    firstEnd: d.ends[0]?.ordinal ?? -1,
    endPath: d.ends[0],
    all: d.all,
    first: d.all[0]?.ordinal ?? Number.MAX_SAFE_INTEGER,
    keywords,
    keywordsByInitial,
    choices: d.choices === undefined ? NONE : [...d.choices.values()].map((c) => ({ options: c.options, child: freeze(c.child) })),
    values: d.values === undefined ? NONE : [...d.values].map(([type, child]) => ({ type, child: freeze(child) })),
    pairs,
  };
}

/**
 * Every path of `commands` in the order the matcher has always tried them: paths not led by a
 * keyword first, then the keyword-led ones grouped by their first keyword (in the order each
 * first keyword appears). Ties between equally good readings go to the earlier path.
 */
export function triedOrder(commands: readonly Command[]): Array<{ command: Command; path: readonly PathToken[] }> {
  const other: Array<{ command: Command; path: readonly PathToken[] }> = [];
  const byFirst = new Map<string, Array<{ command: Command; path: readonly PathToken[] }>>();
  for (const command of commands) {
    for (const path of command.paths) {
      const t = path[0];
      if (t?.kind !== 'keyword') other.push({ command, path });
      else {
        const group = byFirst.get(t.word);
        if (group === undefined) byFirst.set(t.word, [{ command, path }]);
        else group.push({ command, path });
      }
    }
  }
  return [...other, ...[...byFirst.values()].flat()];
}

/** Builds the tree of `commands`' paths. */
export function buildPathTree(commands: readonly Command[]): PathNode {
  const root = draft();
  let ordinal = 0;
  for (const { command, path } of triedOrder(commands)) {
    const entry: IndexedPath = { command, path, ordinal: ordinal++, keywords: fixedKeywords(path) };
    let node = root;
    node.all.push(entry);
    for (const token of path) {
      node = step(node, token);
      node.all.push(entry);
    }
    node.ends.push(entry);
  }
  return freeze(root);
}

const trees = new WeakMap<readonly Command[], PathNode>();

/** The tree of `commands`' paths, built once per array of commands. */
export function pathTree(commands: readonly Command[]): PathNode {
  let tree = trees.get(commands);
  if (tree === undefined) {
    tree = buildPathTree(commands);
    trees.set(commands, tree);
  }
  return tree;
}
