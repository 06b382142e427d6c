/** `sipsh exec`: run command lines against a configuration file, without the SIP engine or network. */
import { buildShell } from '../shell/build';
import { QuietSession, Shell } from '../shell/shell';
import { UnloadedLine } from '../config/unloaded-lines';

/**
 * Loads the file (if any) into the shell and keeps the lines that did not load (so that `save`
 * writes them back); reports each on stderr as `LABEL:LINE: message`, then one line saying they
 * are kept. Returns the lines that did not load. Throws when the file exists but cannot be read.
 */
export function loadConfigFile(shell: Shell, label: string): readonly UnloadedLine[] {
  const text = shell.store.readFile();
  if (text === undefined) return [];
  const unloaded = shell.store.keepUnloaded(shell.loadConfig(text));
  for (const u of unloaded) process.stderr.write(`${label}:${u.line}: ${u.message}\n`);
  if (unloaded.length > 0) {
    const n = unloaded.length === 1 ? '1 line' : `${unloaded.length} lines`;
    process.stderr.write(`sipsh: ${n} of ${label} did not load; kept as written: save writes them back at the end of the file ("sipsh check ${label}" lists them)\n`);
  }
  return unloaded;
}

/** The prompt `exec` shows before a command whose error has a caret: the caret points into it. */
const PROMPT = { administrator: '# ', user: '> ' } as const;

/** Runs `commands` in order on one shell; prints what each printed; exit 1 when any printed an error. */
export async function runExec(configFile: string, commands: readonly string[], admin: boolean): Promise<number> {
  const shell = buildShell({ configFile });
  try {
    shell.store.removeStaleTemporaries();
    loadConfigFile(shell, configFile);
  } catch (e) {
    process.stderr.write(`sipsh: ${configFile}: cannot read: ${(e as Error).message}\n`);
    return 2;
  }
  const session = new QuietSession(admin ? 'administrator' : 'user');
  let failed = false;
  for (const line of commands) {
    const prompt = PROMPT[session.level];
    const from = session.output.length;
    await shell.interpreter.execute(line, session, shell, prompt.length);
    const printed = session.output.splice(from);
    // An error's caret line points at a column of the command: show the command above it.
    if (printed.length > 0 && /^ *\^$/.test(printed[0] as string)) process.stdout.write(`${prompt}${line}\n`);
    for (const l of printed) process.stdout.write(`${l}\n`);
    if (printed.some((l) => l.startsWith('Error:'))) failed = true;
  }
  return failed ? 1 : 0;
}
