/** The compiled form of the grammar in `grammar/*.cli`. */
import { ValueType } from './value-types';

/** Who may run a command. */
export type Level = 'user' | 'administrator';

/** A keyword of a path: the word and its `?` help. */
export interface KeywordToken {
  readonly kind: 'keyword';
  readonly word: string;
  readonly help: string;
}

/** One position of a linear path: a keyword, a choice of keywords, a value, or a `key=VALUE` word. */
export type PathToken =
  | KeywordToken
  /** `a|b|c` of keywords only: one token, so that choices do not multiply the paths. */
  | { readonly kind: 'choice'; readonly options: readonly KeywordToken[] }
  | { readonly kind: 'value'; readonly name: string; readonly type: ValueType; readonly help: string }
  | { readonly kind: 'pair'; readonly key: string; readonly name: string; readonly type: ValueType; readonly help: string };

/** One command, declared once in a grammar file. */
export interface Command {
  /** Stable id; names the handler. */
  readonly id: string;
  readonly level: Level;
  readonly syntax: string;
  readonly summary: string;
  readonly examples: readonly string[];
  /** Where it is declared, for messages. */
  readonly source: string;
  /** Every linear form of the syntax. */
  readonly paths: readonly (readonly PathToken[])[];
}
