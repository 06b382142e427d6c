/**
 * The pages change nothing themselves: each form names a grammar command and which form field
 * gives which of its values; the line is spelt from the command's declaration (src/grammar/spell.ts)
 * and run through the same interpreter as the console, so validation, messages and the
 * configuration are identical. The interpreter's typed outcome names the offending word, which
 * is mapped back to the form field it came from.
 */
import { Command } from '../grammar/types';
import { spellCommand } from '../grammar/spell';
import { ERRORS } from '../shell/interpreter';
import { QuietSession, Shell } from '../shell/shell';

/** What a form did: nothing wrong, or error messages by form field ('' for the form as a whole). */
export interface WebResult {
  readonly ok: boolean;
  readonly errors: ReadonlyMap<string, string>;
}

/** One value of the command: its grammar name, its text, and the form field it came from (none when the page fills it in). */
export interface FormValue {
  readonly name: string;
  readonly text: string;
  readonly field?: string;
  /**
   * The form always sends this value although the grammar makes it optional (`server=` of a
   * per-server prefix: without it the line would mean the phone book prefix).
   */
  readonly required?: boolean;
}

/** A form's command: the grammar id, the keyword chosen at each `a|b`, the values. */
export interface Invocation {
  readonly command: string;
  readonly keywords?: readonly string[];
  readonly values: readonly FormValue[];
}

/** A refusal beside one field. */
export const refusal = (field: string, message: string): WebResult => ({ ok: false, errors: new Map([[field, message]]) });

const DONE: WebResult = { ok: true, errors: new Map() };

function commandById(commands: readonly Command[], id: string): Command {
  const c = commands.find((x) => x.id === id);
  if (c === undefined) throw new Error(`internal: the web pages name a command the grammar lacks: ${id}`);
  return c;
}

/**
 * Spells the invocation from the grammar and runs it at the administrator level.
 *
 * The administrator lock (docs/decisions.md): each POST is one command, run whole within one turn
 * of the shared interpreter, so the pages act as an administrator for that instant and hold no
 * level between requests (a browser left open never keeps the console out). By default several
 * administrators may be at `#` at once, as on the router, and the pages are one more. When the
 * program is built with one administrator at a time (`maxAdministrators: 1`), a POST is refused,
 * naming the session, while a console session is at `#`.
 */
export async function runInvocation(shell: Shell, inv: Invocation): Promise<WebResult> {
  const holder = shell.adminLock.blocker();
  if (holder !== undefined) return refusal('', `Error: Another session (#${holder.id} from ${holder.peer}) is at the administrator level`);
  const command = commandById(shell.interpreter.commands, inv.command);
  const values = new Map<string, string>();
  const fieldOf = new Map<string, string>();
  for (const v of inv.values) {
    if (v.field !== undefined) fieldOf.set(v.name, v.field);
    const where = v.field ?? '';
    if (v.text === '') {
      if (v.required === true) return refusal(where, `${ERRORS.incomplete}: ${v.name} is empty`);
      continue;
    }
    // One form value is one word: a field can neither add words nor open a quote.
    if (/[\s"]/.test(v.text)) return refusal(where, `${ERRORS.invalid}: ${v.field ?? v.name} must be one word, without spaces or quotes`);
    values.set(v.name, v.text);
  }
  const spelt = spellCommand(command, { keywords: new Set(inv.keywords ?? []), values });
  if (!spelt.ok) {
    const field = spelt.missing === undefined ? '' : (fieldOf.get(spelt.missing) ?? '');
    return refusal(field, spelt.missing === undefined ? ERRORS.incomplete : `${ERRORS.incomplete}: ${spelt.missing} is empty`);
  }
  const words = spelt.words;
  const outcome = await shell.interpreter.execute(words.map((w) => w.text).join(' '), new QuietSession('administrator'), shell, 0);
  switch (outcome.kind) {
    case 'done':
      return DONE;
    case 'refused': {
      // A word past the end (a missing value) belongs to the last field given.
      const index = outcome.word === undefined ? undefined : Math.min(outcome.word, words.length - 1);
      const value = index === undefined ? undefined : words[index]?.value;
      return refusal(value === undefined ? '' : (fieldOf.get(value) ?? ''), outcome.message);
    }
  }
}
