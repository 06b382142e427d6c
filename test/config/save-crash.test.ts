import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAIN } from '../helpers/sipsh-process';
import { tempDir } from '../helpers/temp-dir';

const built = path.join(__dirname, '../../dist/src/config/atomic-write.js');

/** A child that saves two different configurations in turn, as fast as it can, until killed. */
const CHILD = `
const { writeFileAtomic } = require(${JSON.stringify(built)});
const fs = require('fs');
const [file, fa, fb] = process.argv.slice(1);
const a = fs.readFileSync(fa, 'utf8'), b = fs.readFileSync(fb, 'utf8');
process.stdout.write('ready\\n');
for (let i = 0; ; i++) writeFileAtomic(file, i % 2 ? a : b);
`;

test('a crash at any moment of a save leaves the old or the new file, whole', async () => {
  expect(fs.existsSync(built)).toBe(true); // the test command builds first (npm run build)
  const dir = tempDir('sipsh-save');
  const file = path.join(dir, 'sipsh.conf');
  const a = '# A\n' + 'sip server 1 192.0.2.1 register udp sip:a@example.test a secret\n'.repeat(2000);
  const b = '# B\n' + 'analog extension sip address 1 30 sip:UserA@there.com server=1\n'.repeat(3000);
  fs.writeFileSync(file, a, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'a.txt'), a);
  fs.writeFileSync(path.join(dir, 'b.txt'), b);
  const seen = new Set<string>();
  for (let round = 0; round < 25; round++) {
    const child = spawn(process.execPath, ['-e', CHILD, file, path.join(dir, 'a.txt'), path.join(dir, 'b.txt')], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 40));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const text = fs.readFileSync(file, 'utf8');
    expect(text === a || text === b).toBe(true);
    seen.add(text === a ? 'a' : 'b');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  }
  expect(seen.size).toBe(2); // both versions were really written
  // The kills left copies of the configuration (with its password hashes) as temporary files;
  // the next start of the program removes them, and only them.
  const leftovers = (): string[] => fs.readdirSync(dir).filter((n) => /^\.sipsh\.conf\.\d+\.\d+\.tmp$/.test(n));
  const before = leftovers().length;
  const r = spawnSync(process.execPath, [MAIN, 'exec', '--config', file, 'show environment'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(leftovers()).toEqual([]);
  expect(fs.readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt', 'sipsh.conf']);
  process.stdout.write(`save-crash: ${before} temporary files left by 25 kills, 0 after the next start\n`);
}, 60000);
