/** `sipsh exec`: run command lines against a configuration file, without the SIP engine or network. */
import { buildShell } from '../shell/build';
import { QuietSession, Shell } from '../shell/shell';

/** Loads the file (if any) into the shell; reports bad lines on stderr. */
export function loadConfigFile(shell: Shell, label: string): void {
  const text = shell.store.readFile();
  if (text === undefined) return;
  for (const e of shell.loadConfig(text)) process.stderr.write(`${label}:${e.line}: ${e.message}\n`);
}

export async function runExec(configFile: string, commands: readonly string[], admin: boolean): Promise<number> {
  const shell = buildShell({ configFile });
  loadConfigFile(shell, configFile);
  const session = new QuietSession(admin ? 'administrator' : 'user');
  for (const line of commands) {
    await shell.interpreter.execute(line, session, shell, 0);
  }
  for (const l of session.output) process.stdout.write(`${l}\n`);
  return session.output.some((l) => l.startsWith('Error:')) ? 1 : 0;
}
