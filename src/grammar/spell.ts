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

/**
 * One kind of line of one command, its form chosen: {@link LineForm.fill} writes a line of that
 * kind from its values alone, with no request object and no search per line.
 */
export interface LineForm {
  /**
   * The line, from `values` in the order of the names the form was asked for (entries past
   * them are not read, so the caller may refill one array for lines with fewer values).
   */
  fill(values: readonly string[]): string;
  /**
   * When the line writes its values as given (no value type spells its text) and in the order
   * the form was asked for them: the fixed words around them, spaces included, `texts[i]`
   * before value `i` and the last one after the last value; a line is the texts and the values
   * added in turn, which a caller writing many lines of one kind may do itself (no array of
   * values per line). Otherwise undefined: only {@link fill} writes the line.
   */
  readonly texts: readonly string[] | undefined;
}

/** Writes a {@link LineRequest} as the words of its line, joined by spaces; or hands out the form of a kind of line. */
export interface LineSpeller {
  (line: LineRequest): string;
  /**
   * The form of command `id` for these keywords and value names (in the order `fill` is given
   * the values); throws as a request that no declaration fits does.
   */
  form(id: string, keywords: readonly string[], names: readonly string[]): LineForm;
}

/** One value of a {@link Form}: where the caller has it, and its type's spelling. */
interface Slot {
  readonly index: number;
  readonly spell: ((text: string) => string) | undefined;
}

/**
 * A chosen form, ready to fill: the fixed words (spaces included) before the first value, between
 * the values and after the last (`words`, one more than the values), and where each value comes
 * from. A line is the texts and values added one after the other: each addition of a long
 * enough text makes a small pair object, not a copy (the line is flattened when it is written
 * out, joined with the others). Joining an array of the parts instead made each line flat at
 * once, but cost a third more instructions per render (callgrind, first render of 10,000 lines:
 * 68 M against 88 M) and more time on the main thread (median of ten alternating first renders:
 * 11.6 against 15.8 ms), though it allocated less (3.5 against 4.5 MB): the join builtin's
 * buffer per line and the stores into the kept array (each through the write barrier while the
 * heap is being marked, as it is after a load).
 *
 * Most forms are plain: no value has a spelling of its own and the caller gives the values in
 * the order of the line. Their fill is the shortest loop, two loads and two additions per value:
 * the first render after a load runs it as baseline code, where each load, each sum and each
 * comparison is a call (callgrind of that render: the loads of the general loop below were the
 * largest part). A plain form hands out its words as {@link LineForm.texts}: the long lists of
 * a configuration write their lines from them without filling an array of values per line.
 */
class Form implements LineForm {
  private readonly plain: boolean;
  readonly texts: readonly string[] | undefined;

  constructor(
    private readonly words: readonly string[],
    private readonly slots: readonly Slot[],
  ) {
    this.plain = slots.every((s, i) => s.index === i && s.spell === undefined);
    this.texts = this.plain ? words : undefined;
  }

  fill(values: readonly string[]): string {
    const texts = this.words;
    let line = texts[0] ?? '';
    const count = this.slots.length;
    if (this.plain) {
      for (let i = 0; i < count; ) {
        line += values[i] ?? '';
        line += texts[++i] ?? '';
      }
      return line;
    }
    const slots = this.slots;
    for (let i = 0; i < count; ) {
      const slot = slots[i];
      if (slot === undefined) break;
      const text = values[slot.index] ?? '';
      line += slot.spell === undefined ? text : slot.spell(text);
      line += texts[++i] ?? '';
    }
    return line;
  }
}

/** The form of `command` for these keywords and value names, as a {@link Form}; or why none fits. */
function formOf(command: Command, keywords: readonly string[], names: readonly string[]): Form | string {
  const spelt = spellCommand(command, { keywords: new Set(keywords), values: new Map(names.map((n) => [n, n])) });
  if (!spelt.ok) return `${command.id} has no form for keywords [${keywords.join(' ')}] and values [${names.join(' ')}]${spelt.missing === undefined ? '' : `: it needs ${spelt.missing}`}`;
  const tokens = new Map(command.paths.flatMap((p) => p.flatMap((t) => (t.kind === 'value' || t.kind === 'pair' ? [[t.name, t] as const] : []))));
  const texts = [''];
  const slots: Slot[] = [];
  const append = (text: string): void => {
    texts[texts.length - 1] += text;
  };
  spelt.words.forEach((w, i) => {
    if (i > 0) append(' ');
    const token = w.value === undefined ? undefined : tokens.get(w.value);
    if (token === undefined) return append(w.text);
    if (token.kind === 'pair') append(`${token.key}=`);
    const spell = token.type.spell?.bind(token.type);
    slots.push({ index: names.indexOf(token.name), spell });
    texts.push('');
  });
  return new Form(texts, slots);
}

/** Equal arrays of words, element by element. */
function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
  readonly form: Form;
}

/** A command and the kinds of its lines met so far. */
interface Entry {
  readonly command: Command;
  readonly shapes: Shape[];
}

/** The form of `entry`'s command for these keywords and names: remembered, or chosen now (throws when none fits). */
function shapeForm(entry: Entry, keywords: readonly string[], names: readonly string[]): Form {
  for (const s of entry.shapes) if (sameWords(s.names, names) && sameWords(s.keywords, keywords)) return s.form;
  const made = formOf(entry.command, keywords, names);
  if (typeof made === 'string') throw new Error(`internal: ${made}`);
  entry.shapes.push({ keywords: [...keywords], names: [...names], form: made });
  return made;
}

/**
 * A speller over `commands`. The form of a declaration that fits a request depends only on the
 * command, the keywords and which values are given, so it is chosen once per such kind of line
 * and remembered as a {@link Form}: spelling a 10,000-line configuration searches the forms a
 * few dozen times and otherwise only fills them. The kinds of a command are few (bounded by
 * its forms), so they are found by comparing words, not by building a key string per line.
 * The long lists of a configuration ask for the form of each kind once ({@link LineSpeller.form})
 * and fill it per line, with no request to make and no kind to find per line.
 * A request that no declaration fits is a bug of the caller (its table of lines and the grammar
 * disagree), not input: it throws, naming the command and what is wrong.
 */
export function lineSpeller(commands: readonly Command[]): LineSpeller {
  const byId = new Map<string, Entry>(commands.map((c) => [c.id, { command: c, shapes: [] }]));
  const entryOf = (id: string): Entry => {
    const entry = byId.get(id);
    if (entry === undefined) throw new Error(`internal: no grammar declaration for the configuration line ${id}`);
    return entry;
  };
  const spell = (line: LineRequest): string => {
    const entry = entryOf(line.id);
    const values = line.values;
    let shape: Shape | undefined;
    for (const s of entry.shapes) {
      if (sameKeys(s.names, values) && sameWords(s.keywords, line.keywords)) {
        shape = s;
        break;
      }
    }
    const names = shape?.names ?? Object.keys(values);
    const form = shape?.form ?? shapeForm(entry, line.keywords, names);
    return form.fill(names.map((n) => values[n] ?? ''));
  };
  return Object.assign(spell, { form: (id: string, keywords: readonly string[], names: readonly string[]): LineForm => shapeForm(entryOf(id), keywords, names) });
}
