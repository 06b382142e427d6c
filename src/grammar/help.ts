/** `?` help and Tab completion, computed from the same paths the matcher uses. */
import { pathsAccepting, ParseCache } from './matcher';
import { Command, PathToken } from './types';
import { Word, tokenize } from './tokenize';

/** One line of `?` help. */
export interface HelpEntry {
  /** The word, or a value's placeholder (`<1-65535>`, `SERVER[:port]`), or `<cr>`. */
  readonly word: string;
  readonly help: string;
}

/** The `<cr>` line of `?` help: the words typed so far are a whole command. */
export const CR_ENTRY: HelpEntry = { word: '<cr>', help: 'Run the command' };

/** The words already complete before the cursor, and the word being typed (may be empty). */
export function splitForHelp(line: string): { done: Word[]; partial: string } {
  const words = tokenize(line);
  const endsInSpace = line.length === 0 || /\s$/.test(line);
  if (endsInSpace || words.length === 0) return { done: words, partial: '' };
  return { done: words.slice(0, -1), partial: words[words.length - 1]?.text ?? '' };
}

function entryFor(token: Exclude<PathToken, { kind: 'choice' }>): HelpEntry {
  switch (token.kind) {
    case 'keyword':
      return { word: token.word, help: token.help };
    case 'value':
      return { word: token.type.placeholder(token.name), help: token.help };
    case 'pair':
      return { word: `${token.key}=${token.type.placeholder(token.name)}`, help: token.help };
  }
}

/** What may come next at the cursor: keywords first (alphabetical), then values, `<cr>` last. */
export function helpAt(commands: readonly Command[], line: string, cache: ParseCache = new Map()): HelpEntry[] {
  const { done, partial } = splitForHelp(line);
  const lower = partial.toLowerCase();
  const keywords = new Map<string, HelpEntry>();
  const values = new Map<string, HelpEntry>();
  let complete = false;
  for (const { path } of pathsAccepting(commands, done, cache)) {
    const next = path[done.length];
    if (next === undefined) {
      if (partial === '') complete = true;
      continue;
    }
    if (next.kind === 'keyword' || next.kind === 'choice') {
      for (const k of next.kind === 'choice' ? next.options : [next]) {
        if (k.word.startsWith(lower) && !keywords.has(k.word)) keywords.set(k.word, entryFor(k));
      }
    } else if (next.kind === 'pair') {
      const key = `${next.key}=`;
      const fits = key.startsWith(lower) || (lower.startsWith(key) && (partial.length === key.length || next.type.parse(partial.slice(key.length)).ok));
      const e = entryFor(next);
      if (fits && !values.has(e.word)) values.set(e.word, e);
    } else {
      const e = entryFor(next);
      if ((partial === '' || next.type.parse(partial).ok) && !values.has(e.word)) values.set(e.word, e);
    }
  }
  const out = [...[...keywords.values()].sort((a, b) => a.word.localeCompare(b.word)), ...values.values()];
  if (complete) out.push(CR_ENTRY);
  return out;
}

/** What Tab does at the cursor. */
export interface Completion {
  /** Text to insert at the cursor (may be empty). */
  readonly insert: string;
  /** Candidates to list when more than one fits. */
  readonly candidates: readonly string[];
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let p = words[0] as string;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Tab: one candidate → complete it and add a space; several → extend to their common prefix and list them. */
export function completeAt(commands: readonly Command[], line: string, cache: ParseCache = new Map()): Completion {
  const { done, partial } = splitForHelp(line);
  const lower = partial.toLowerCase();
  const words = new Set<string>();
  for (const { path } of pathsAccepting(commands, done, cache)) {
    const next = path[done.length];
    if (next?.kind === 'keyword' && next.word.startsWith(lower)) words.add(next.word);
    if (next?.kind === 'choice') for (const k of next.options) if (k.word.startsWith(lower)) words.add(k.word);
    if (next?.kind === 'pair' && `${next.key}=`.startsWith(lower)) words.add(`${next.key}=`);
  }
  const list = [...words].sort();
  if (list.length === 0) return { insert: '', candidates: [] };
  if (list.length === 1) {
    const w = list[0] as string;
    return { insert: w.slice(partial.length) + (w.endsWith('=') ? '' : ' '), candidates: [] };
  }
  return { insert: commonPrefix(list).slice(partial.length), candidates: list };
}

/** Formats help entries as aligned lines. */
export function formatHelp(entries: readonly HelpEntry[]): string[] {
  const width = Math.max(0, ...entries.map((e) => e.word.length));
  return entries.map((e) => `  ${e.word.padEnd(width)}  ${e.help}`);
}
