/** An SSH exec request (`ssh HOST 'show config'`): one line at the user level, its output, an exit status. */
import { QuietSession } from '../shell/shell';
import type { Shell } from '../shell/shell';

/** What one exec line printed and the status to return: 1 when it printed an `Error:` line, else 0. */
export interface ExecResult {
  readonly lines: readonly string[];
  readonly status: 0 | 1;
}

/** Runs one command line at the user level (no questions can be answered: they end as if ^C). */
export async function runExecLine(shell: Shell, line: string): Promise<ExecResult> {
  const session = new QuietSession('user');
  await shell.interpreter.execute(line, session, shell, 0);
  return { lines: session.output, status: session.output.some((l) => l.startsWith('Error:')) ? 1 : 0 };
}
