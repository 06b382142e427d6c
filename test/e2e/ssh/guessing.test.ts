/**
 * Issue 12 for the SSH door (issue 9: "limits as for telnet"): paramiko guessing passwords against
 * the built program, reconnecting after every wrong password. The figure is the number of guesses
 * the program checked (its log); the bound is the shared guard's curve (src/util/guess-limiter.ts),
 * the one test/e2e/process/guessing.test.ts asserts for telnet: at most 7 checks in 16 s from one
 * address. And the guard is one across doors: wrong SSH guesses slow the next telnet guess from the
 * same address.
 */
import * as path from 'path';
import { hashPassword } from '../../../src/config/passwords';
import { requireTool } from '../../helpers/kamailio';
import { RawTelnet } from '../../helpers/raw-telnet';
import { SshFixture, run } from './ssh-fixture';

jest.setTimeout(120000);
const PY = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'guess_client.py');
const LOGIN_PW = 'operator-pw';
const WINDOW_MS = 16_000;
/** Attempts 1-3 free, then t = 1, 3, 7, 15 s: 7 checks within 16 s (as for telnet). */
const BOUND_IN_WINDOW = 7;
let f: SshFixture;

beforeAll(async () => {
  requireTool(PY, 'python3');
  try {
    await run(PY, ['-c', 'import paramiko']);
  } catch {
    throw new Error('paramiko is not installed for /usr/bin/python3: run "apt-get install -y python3-paramiko"');
  }
  f = await SshFixture.start(42020, [`login password encrypted ${hashPassword(LOGIN_PW)}`]);
});

afterAll(async () => {
  await f?.stop();
});

interface Guess {
  readonly sent: number;
  readonly answered: number;
  readonly result: string;
}

/** Runs the paramiko guesser; returns one entry per guess. */
async function guesses(source: string, seconds: number, parallel: number): Promise<Guess[]> {
  const { stdout } = await run(PY, [SCRIPT, String(f.port), source, 'alice', 'wrong-guess', String(seconds), String(parallel)], { timeout: 90000 });
  return stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [sent, answered, result] = l.split(' ');
      return { sent: Number(sent), answered: Number(answered), result: result ?? '' };
    });
}

/** The operator (127.0.0.1) logs in on telnet, reads the log, and counts the lines matching `re`. */
async function countInLog(re: RegExp): Promise<number> {
  const c = await RawTelnet.connect(f.sipsh.telnetPort);
  await c.waitFor(/Password: $/, 0, 30_000);
  c.send(`${LOGIN_PW}\r`);
  await c.waitFor(/> $/, 0, 30_000);
  let m = c.text.length;
  c.send('console lines infinity\r');
  await c.waitFor(/> $/, m);
  m = c.text.length;
  c.send('show log\r');
  const out = await c.waitFor(/\r\nRTX> $/, m);
  c.close();
  return out.split('\r\n').filter((l) => re.test(l)).length;
}

test('paramiko reconnecting after every wrong password for 16 s: at most 7 guesses checked (as telnet)', async () => {
  const made = await guesses('127.0.0.5', WINDOW_MS / 1000, 2);
  const checked = await countInLog(/Login failed for SSH: 127\.0\.0\.5$/);
  process.stdout.write(`SSH guesses in ${WINDOW_MS / 1000} s from one address: ${made.length} connections, ${made.filter((g) => g.result === 'refused').length} answered, ${checked} checked (bound ${BOUND_IN_WINDOW})\n`);
  expect(made.some((g) => g.result === 'in')).toBe(false);
  expect(checked).toBeGreaterThanOrEqual(3); // the attack ran: the three free attempts were checked
  expect(checked).toBeLessThanOrEqual(BOUND_IN_WINDOW);
});

test('wrong SSH guesses slow the next telnet guess from the same address (one guard across doors)', async () => {
  // Five wrong passwords over SSH from 127.0.0.6, one connection each: the guard's next slot for
  // that address is then 4 s after the fifth was checked (and it was checked after it was sent).
  let last: Guess | undefined;
  for (let i = 0; i < 5; i++) {
    const [g] = await guesses('127.0.0.6', 0, 1);
    expect(g?.result).toBe('refused');
    last = g;
  }
  expect(await countInLog(/Login failed for SSH: 127\.0\.0\.6$/)).toBe(5);
  const c = await RawTelnet.connect(f.sipsh.telnetPort, true, '127.0.0.1', '127.0.0.6');
  try {
    await c.waitFor(/Password: $/, 0, 30_000);
    const m = c.text.length;
    const sent = Date.now();
    c.send('wrong-guess\r');
    await c.waitFor(/Password: $|closing|Error/, m, 30_000);
    const took = Date.now() - sent;
    // The guard's wait (at least 4 s after the fifth SSH password was sent), then telnet's own
    // 1 s per-connection delay before the next prompt.
    const guardWait = (last?.sent ?? 0) + 4000 - sent;
    process.stdout.write(`telnet guess after 5 SSH guesses from 127.0.0.6: answered in ${took} ms (guard wait ≥ ${guardWait} ms + 1000 ms)\n`);
    expect(guardWait).toBeGreaterThan(1000); // else the machine was too slow for this test to show anything
    expect(took).toBeGreaterThanOrEqual(guardWait + 1000 - 50);
  } finally {
    c.close();
  }
  expect(await countInLog(/Login failed for TELNET: 127\.0\.0\.6$/)).toBe(1);
});
