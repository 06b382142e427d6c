/** Small builders of the line requests that render.ts, render-sip.ts and ssh-render.ts return. */
import { LineRequest } from '../grammar/spell';

/** No keywords (or no values' words): one shared empty array, not one per line. */
export const NO_WORDS: readonly string[] = Object.freeze([]);
const NO_VALUES: Readonly<Record<string, string>> = Object.freeze({});

/** The request for command `id` with these values (by the declaration's names) and keywords chosen. */
export const line = (id: string, values: Readonly<Record<string, string>> = NO_VALUES, keywords: readonly string[] = NO_WORDS): LineRequest => ({ id, keywords, values });

/**
 * Values named NAME, NAME2, NAME3 ... as `dns server` and `sftpd host` declare them. More words
 * than the declaration has names cannot come from its handler; the speller refuses them loudly.
 */
export const numberedValues = (name: string, words: readonly string[]): Record<string, string> =>
  Object.fromEntries(words.map((w, i) => [i === 0 ? name : `${name}${i + 1}`, w]));
