/**
 * The pages change nothing themselves: each form becomes a command line run through the same
 * interpreter as the console, so validation, messages and the configuration are identical.
 * A refusal is mapped back to the form field of the offending word.
 */
import { Services } from '../commands/types';
import { matchWords } from '../grammar/matcher';
import { tokenize } from '../grammar/tokenize';
import { ERRORS } from '../shell/interpreter';
import { QuietSession, Shell } from '../shell/shell';

export interface WebResult {
  readonly ok: boolean;
  /** Error messages by form field ('' for the form as a whole). */
  readonly errors: ReadonlyMap<string, string>;
}

/** A command line from fixed words and form values; `fields` names the field each word came from. */
export interface Built {
  readonly words: ReadonlyArray<{ readonly text: string; readonly field?: string }>;
}

const fail = (field: string, message: string): WebResult => ({ ok: false, errors: new Map([[field, message]]) });

/** One form value is one word: no white space, no quotes (so a field cannot add words). */
export function oneWord(field: string, value: string, label: string): WebResult | undefined {
  if (value === '') return fail(field, `Error: Insufficient or too many parameters: ${label} is empty`);
  if (/[\s"]/.test(value)) return fail(field, `Error: Invalid parameter: ${label} must be one word, without spaces or quotes`);
  return undefined;
}

/** Splits fixed multi-word parts ('analog extension sip address') so word indexes line up with the line. */
function expand(words: Built['words']): Built['words'] {
  return words.flatMap((w) => (w.field === undefined ? w.text.split(' ').map((text) => ({ text })) : [w]));
}

export async function runBuilt(shell: Shell, b: Built): Promise<WebResult> {
  const built = { words: expand(b.words) };
  const line = built.words.map((w) => w.text).join(' ');
  const words = tokenize(line);
  const m = matchWords(shell.interpreter.commands, words);
  if (m.kind === 'error') {
    const field = built.words[m.index]?.field ?? built.words[built.words.length - 1]?.field ?? '';
    return fail(field, ERRORS[m.error] + (m.detail !== undefined ? `: ${m.detail}` : ''));
  }
  const session = new QuietSession('administrator');
  await shell.interpreter.execute(line, session, shell as Services, 0);
  const error = session.output.find((l) => l.startsWith('Error:'));
  return error === undefined ? { ok: true, errors: new Map() } : fail('', error);
}
