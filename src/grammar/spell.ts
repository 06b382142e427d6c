/**
 * The matcher read backwards: from a command's declaration, the keywords chosen and the values by
 * name, the words of a line that the matcher reads as that command. The web forms build their
 * command lines with it, so a form states only which command and which value each field is.
 */
import { Command, PathToken } from './types';

/** What to spell: the keyword chosen at each `a|b` (and each optional keyword wanted), and the values by name. */
export interface SpellRequest {
  readonly keywords: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/** One word of the line; `value` names the grammar value it carries. */
export interface SpeltWord {
  readonly text: string;
  readonly value?: string;
}

/** The words, or the first value the declaration needs and the request lacks (`missing` undefined: no form fits at all). */
export type Spelt = { readonly ok: true; readonly words: readonly SpeltWord[] } | { readonly ok: false; readonly missing?: string };

const valueNames = (path: readonly PathToken[]): string[] => path.flatMap((t) => (t.kind === 'value' || t.kind === 'pair' ? [t.name] : []));

/** A keyword the declaration has in every form is always written; one in `[ ]` only when asked for. */
function keywordsFit(command: Command, path: readonly PathToken[], wanted: ReadonlySet<string>): boolean {
  const plain = (p: readonly PathToken[], word: string): boolean => p.some((t) => t.kind === 'keyword' && t.word === word);
  // An optional keyword asked for must be in the form.
  for (const w of wanted) if (command.paths.some((p) => plain(p, w)) && !plain(path, w)) return false;
  return path.every((t) => {
    switch (t.kind) {
      case 'keyword':
        return wanted.has(t.word) || command.paths.every((p) => plain(p, t.word));
      case 'choice':
        return t.options.filter((o) => wanted.has(o.word)).length === 1;
      case 'value':
      case 'pair':
        return true;
    }
  });
}

function wordOf(token: PathToken, req: SpellRequest): SpeltWord {
  switch (token.kind) {
    case 'keyword':
      return { text: token.word };
    case 'choice':
      return { text: token.options.find((o) => req.keywords.has(o.word))?.word ?? '' };
    case 'value':
    case 'pair': {
      const raw = req.values.get(token.name) ?? '';
      const text = token.type.spell?.(raw) ?? raw;
      return { text: token.kind === 'pair' ? `${token.key}=${text}` : text, value: token.name };
    }
  }
}

/**
 * The line for `command` with exactly the values of `req`: the shortest form of the declaration
 * whose values are those given and whose keywords fit. Values are written as given (one word
 * each; the caller keeps spaces and quotes out): the matcher, not this, decides whether they are valid.
 */
export function spellCommand(command: Command, req: SpellRequest): Spelt {
  const given = [...req.values.keys()];
  const forms = [...command.paths].filter((p) => keywordsFit(command, p, req.keywords)).sort((a, b) => a.length - b.length);
  for (const path of forms) {
    const names = valueNames(path);
    if (names.length === given.length && given.every((g) => names.includes(g))) return { ok: true, words: path.map((t) => wordOf(t, req)) };
  }
  // No form has exactly these values: name the first one missing from the shortest form that has all given.
  for (const path of forms) {
    const names = valueNames(path);
    if (given.every((g) => names.includes(g))) {
      const missing = names.find((n) => !req.values.has(n));
      if (missing !== undefined) return { ok: false, missing };
    }
  }
  return { ok: false };
}

/**
 * One line to spell, by the id of the command that reads it: the keyword chosen at each `a|b`
 * (and each optional keyword wanted), and the values by their names in the declaration.
 */
export interface LineRequest {
  readonly id: string;
  readonly keywords: readonly string[];
  readonly values: Readonly<Record<string, string>>;
}

/** Writes a {@link LineRequest} as the words of its line, joined by spaces. */
export type LineSpeller = (line: LineRequest) => string;

/**
 * A chosen form, ready to fill: the fixed words before the first value, then each value (with
 * its type's spelling) and the fixed words after it, spaces included.
 */
interface Plan {
  readonly head: string;
  readonly slots: readonly { readonly name: string; readonly spell: (text: string) => string; readonly tail: string }[];
}

const asIs = (text: string): string => text;

/** The form of `command` for these keywords and value names, as a {@link Plan}; or why none fits. */
function planOf(command: Command, keywords: readonly string[], names: readonly string[]): Plan | string {
  const spelt = spellCommand(command, { keywords: new Set(keywords), values: new Map(names.map((n) => [n, n])) });
  if (!spelt.ok) return `${command.id} has no form for keywords [${keywords.join(' ')}] and values [${names.join(' ')}]${spelt.missing === undefined ? '' : `: it needs ${spelt.missing}`}`;
  const tokens = new Map(command.paths.flatMap((p) => p.flatMap((t) => (t.kind === 'value' || t.kind === 'pair' ? [[t.name, t] as const] : []))));
  let head = '';
  const slots: { name: string; spell: (text: string) => string; tail: string }[] = [];
  const append = (text: string): void => {
    const last = slots[slots.length - 1];
    if (last === undefined) head += text;
    else last.tail += text;
  };
  spelt.words.forEach((w, i) => {
    if (i > 0) append(' ');
    const token = w.value === undefined ? undefined : tokens.get(w.value);
    if (token === undefined) return append(w.text);
    if (token.kind === 'pair') append(`${token.key}=`);
    const type = token.type;
    slots.push({ name: token.name, spell: type.spell === undefined ? asIs : (text) => type.spell?.(text) ?? text, tail: '' });
  });
  return { head, slots };
}

/** Equal arrays of words, element by element. */
const sameWords = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((w, i) => w === b[i]);

/**
 * `values` has exactly the keys `names`, in that order (a for-in walk: no array of keys per line,
 * which was most of what a 10,000-line render allocated).
 */
function sameKeys(names: readonly string[], values: Readonly<Record<string, string>>): boolean {
  let i = 0;
  for (const k in values) {
    if (names[i] !== k) return false;
    i++;
  }
  return i === names.length;
}

/** A remembered kind of line of one command: the keywords and value names it was asked with. */
interface Shape {
  readonly keywords: readonly string[];
  readonly names: readonly string[];
  readonly plan: Plan;
}

/**
 * A speller over `commands`. The form of a declaration that fits a request depends only on the
 * command, the keywords and which values are given, so it is chosen once per such kind of line
 * and remembered as a {@link Plan}: spelling a 10,000-line configuration searches the forms a
 * few dozen times and otherwise only joins strings. The kinds of a command are few (bounded by
 * its forms), so they are found by comparing words, not by building a key string per line,
 * which cost most of the time.
 * A request that no declaration fits is a bug of the caller (its table of lines and the grammar
 * disagree), not input: it throws, naming the command and what is wrong.
 */
export function lineSpeller(commands: readonly Command[]): LineSpeller {
  const byId = new Map<string, { readonly command: Command; readonly shapes: Shape[] }>(commands.map((c) => [c.id, { command: c, shapes: [] }]));
  return (line) => {
    const entry = byId.get(line.id);
    if (entry === undefined) throw new Error(`internal: no grammar declaration for the configuration line ${line.id}`);
    const values = line.values;
    let plan: Plan | undefined;
    for (const s of entry.shapes) {
      if (sameKeys(s.names, values) && sameWords(s.keywords, line.keywords)) {
        plan = s.plan;
        break;
      }
    }
    if (plan === undefined) {
      const names = Object.keys(values);
      const made = planOf(entry.command, line.keywords, names);
      if (typeof made === 'string') throw new Error(`internal: ${made}`);
      entry.shapes.push({ keywords: [...line.keywords], names, plan: made });
      plan = made;
    }
    let text = plan.head;
    for (const slot of plan.slots) text += slot.spell(values[slot.name] ?? '') + slot.tail;
    return text;
  };
}
