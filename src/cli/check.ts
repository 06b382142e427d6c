/** `sipsh check FILE`: parse a configuration file offline and list the lines that would not load. */
import { buildShell } from '../shell/build';

/** Prints `FILE:LINE: message` for each line that does not load (exit 1), or `FILE: OK` (exit 0). */
export function runCheck(file: string): number {
  const shell = buildShell({ configFile: file });
  let text: string | undefined;
  try {
    text = shell.store.readFile();
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
    return 1;
  }
  if (text === undefined) {
    process.stderr.write(`${file}: cannot read: no such file\n`);
    return 1;
  }
  const unloaded = shell.store.keepUnloaded(shell.loadConfig(text));
  for (const u of unloaded) process.stdout.write(`${file}:${u.line}: ${u.message}\n`);
  if (unloaded.length === 0) process.stdout.write(`${file}: OK\n`);
  return unloaded.length > 0 ? 1 : 0;
}
