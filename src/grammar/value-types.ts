/**
 * What a value type is to the grammar: how one typed word becomes a checked value, and how `?`
 * shows it. The grammar knows no value type of its own: the program hands the compiler a table
 * (src/commands/value-types.ts for the router), so this folder stays free of SIP and networking.
 * Values are never abbreviated.
 */

/** Why a word is not a value of a type: `range` gives `Parameter out of range`, `invalid` the rest. */
export type ValueFault = 'invalid' | 'range';

/** A parse result: the value, or the fault and a message that says why. */
export type ValueParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fault: ValueFault; readonly message: string };

/** One matched value: the text as the handler should see it, and the number for integer types. */
export interface Value {
  readonly text: string;
  readonly int?: number;
}

/** One value type, as a grammar file names it (`value NAME TYPE help`). */
export interface ValueType {
  /** The spelling in grammar files, e.g. `int 1-65535`. */
  readonly spec: string;
  /** How `?` shows a value of this type, given the value's name in the grammar. */
  placeholder(name: string): string;
  /** Checks one word; never throws. */
  parse(word: string): ValueParse<Value>;
  /** Secrets are masked at user level and never echoed. */
  readonly secret: boolean;
  /** How a value's text is written back as a word (`"2#"` for a dial string); the text itself when absent. */
  spell?(text: string): string;
}

/** A type that takes one argument word in the grammar file (`int 1-65535`). */
export interface ParametricValueType {
  readonly parametric: true;
  /** The type for the argument, or a message saying why the argument is wrong. */
  make(argument: string): ValueType | string;
}

/** The value types a grammar may use, by the first word of their spelling. */
export type ValueTypeTable = ReadonlyMap<string, ValueType | ParametricValueType>;

/** `true` for a table entry that needs an argument word. */
export function isParametric(t: ValueType | ParametricValueType): t is ParametricValueType {
  return 'parametric' in t;
}
