/** `sipsh check FILE`: parse a configuration file offline. */
import * as fs from 'fs';
import { buildShell } from '../shell/build';

export function runCheck(file: string): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'latin1');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
    return 1;
  }
  const errors = buildShell().loadConfig(text);
  for (const e of errors) process.stdout.write(`${file}:${e.line}: ${e.message}\n`);
  if (errors.length === 0) process.stdout.write(`${file}: OK\n`);
  return errors.length > 0 ? 1 : 0;
}
