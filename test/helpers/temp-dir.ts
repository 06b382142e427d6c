/**
 * Temporary directories for one test file, removed after its last test (the tests leave nothing in
 * the temporary folder). Import it from a test file: it registers its own `afterAll`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory `$TMPDIR/PREFIX-XXXXXX`, removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}
