/**
 * Golden transcripts: each test/golden/NAME.keys holds what is typed (one JSON string per line),
 * NAME.out the exact terminal output (CR LF shown as a newline, backspace as ^H).
 * UPDATE_GOLDEN=1 rewrites the .out files; review the diff before committing it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Harness } from '../helpers/harness';

// The header's Reporting Date is local time, as the router prints it: fix the zone for the files.
process.env.TZ = 'UTC';

const dir = path.join(__dirname, 'golden');
const names = fs.readdirSync(dir).filter((f) => f.endsWith('.keys')).map((f) => f.slice(0, -5));

// eslint-disable-next-line no-control-regex -- the test looks for control characters on purpose
const visible = (s: string): string => s.replace(/\r\n/g, '\n').replace(/\x08/g, '^H').replace(/\x07/g, '^G').replace(/\r/g, '^M');

describe('golden transcripts', () => {
  test('there are transcripts', () => expect(names.length).toBeGreaterThan(3));
  for (const name of names) {
    test(name, async () => {
      const keys = fs.readFileSync(path.join(dir, `${name}.keys`), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as string);
      const h = new Harness();
      await h.settle();
      for (const k of keys) await h.type(k);
      const got = visible(h.out);
      const file = path.join(dir, `${name}.out`);
      if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, got);
      expect(got).toBe(fs.readFileSync(file, 'utf8'));
    });
  }
});
