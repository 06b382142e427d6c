/** The V8 flags of the program (src/cli/v8-flags.ts) are set before anything else is loaded. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { repoPath } from '../helpers/paths';
import { V8_FLAGS } from '../../src/cli/v8-flags';

describe('V8 flags', () => {
  it('are imported first by the program entry, before any other module', () => {
    const main = fs.readFileSync(repoPath('src/cli/main.ts'), 'utf8');
    const imports = [...main.matchAll(/^import\s.*$/gm)].map((m) => m[0]);
    expect(imports[0]).toBe("import './v8-flags';");
  });

  it('are flags V8 knows (a misspelt flag is silently ignored by setFlagsFromString)', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of V8_FLAGS) {
      const name = flag.replace(/^--/, '').replace(/=.*$/, '');
      expect(known).toContain(`--${name} `);
    }
  });

  it('hold no heap size: V8 sizes its spaces when the heap is made, and such a flag set from here does nothing', () => {
    for (const flag of V8_FLAGS) expect(flag).not.toMatch(/^--(min-|max-)?(semi|old)-space-size|^--initial-(old-space|heap)-size/);
  });
});
