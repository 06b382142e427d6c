/**
 * The SSH server and the program's one password guard (shell.guard), on the fake clock with
 * ssh2's own client over loopback: SSH failures count per source across connections and across
 * doors (a wrong SSH guess slows the next telnet guess from the same address, and back), every
 * outcome is logged with the door, and a connection holds an unauthenticated slot until it
 * authenticates or closes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'ssh2';
import { hashPassword } from '../../src/config/passwords';
import { KeyFiles } from '../../src/config/ssh-key-files';
import { buildShell } from '../../src/shell/build';
import { Shell } from '../../src/shell/shell';
import { SshServer } from '../../src/ssh/server';
import { FakeClock } from '../../src/util/clock';

jest.setTimeout(60000);
const PORT = 42010;
let dir: string;
let clock: FakeClock;
let shell: Shell;
let server: SshServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-sshguard-'));
  const conf = path.join(dir, 'sipsh.conf');
  new KeyFiles(conf).generateHostKeys('test');
  clock = new FakeClock();
  // A 1 ms per-connection delay: the waits this test measures are the guard's, across connections.
  shell = buildShell({ configFile: conf, clock, loginDelayMs: 1 });
  shell.store.config.ssh.service = true;
  shell.store.config.ssh.users.set('alice', hashPassword('pw'));
  server = new SshServer(shell, new KeyFiles(conf), { host: '127.0.0.1', port: PORT, shown: '127.0.0.1', announce: () => undefined });
  await server.reconcile();
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const until = async (cond: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 15000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const logged = (text: string): number => shell.log.entries().filter((l) => l.includes(text)).length;

/** One connection, one password: resolves 'in' or 'refused' (ssh2's client gives up after one wrong password). */
function tryPassword(password: string, user = 'alice'): { result: Promise<'in' | 'refused'>; client: Client } {
  const client = new Client();
  const result = new Promise<'in' | 'refused'>((resolve) => {
    client.on('ready', () => resolve('in'));
    client.on('error', () => resolve('refused'));
    client.connect({ host: '127.0.0.1', port: PORT, username: user, password, readyTimeout: 30000 });
  });
  return { result, client };
}

test('wrong SSH passwords slow a telnet guess from the same address, and a telnet failure slows SSH (one guard across doors)', async () => {
  const telnetHash = hashPassword('telnet-pw');
  // Three wrong SSH passwords on three connections (the guard's free attempts), one an unknown user.
  for (const [i, user] of ['alice', 'alice', 'mallory'].entries()) {
    const t = tryPassword(`wrong${i}`, user);
    await until(() => logged('Login failed for SSH: 127.0.0.1') === i + 1, `SSH failure ${i + 1} in the log`);
    clock.advance(1); // the per-connection delay
    expect(await t.result).toBe('refused');
    t.client.end();
  }
  await until(() => shell.guard.limiter.unauthenticatedCount === 0, 'the closed connections to release their slots');

  // The next guess from 127.0.0.1, on telnet, waits the guard's 1 s after the third SSH failure.
  let telnet: boolean | undefined;
  void shell.guard.check('TELNET', '127.0.0.1', 'login', 'nope', telnetHash).then((ok) => (telnet = ok));
  await sleep(200);
  clock.advance(990);
  await sleep(200);
  expect(telnet).toBeUndefined();
  clock.advance(10);
  await until(() => telnet !== undefined, 'the telnet check');
  expect(telnet).toBe(false);
  expect(logged('Login failed for TELNET: 127.0.0.1')).toBe(1);

  // That was the fourth failure: the next SSH password, even the right one, waits 2 s more.
  const ok = tryPassword('pw');
  await until(() => shell.guard.limiter.unauthenticatedCount === 1, 'the SSH connection to take its slot');
  await sleep(500);
  clock.advance(1990);
  await sleep(300);
  expect(logged('Login succeeded for SSH: 127.0.0.1')).toBe(0);
  clock.advance(10);
  expect(await ok.result).toBe('in');
  expect(logged('Login succeeded for SSH: 127.0.0.1')).toBe(1);
  // Authenticated: the slot is given back while the connection stays open.
  expect(shell.guard.limiter.unauthenticatedCount).toBe(0);
  // The success forgot the count: the next guess from the address is checked at once.
  expect(shell.guard.limiter.check('127.0.0.1')).toBe(0);
  ok.client.end();
});

test('a third connection from one address waiting to authenticate is refused (2 per source), and freed slots admit again', async () => {
  const never = (): Client => {
    const c = new Client();
    c.on('error', () => undefined);
    c.connect({ host: '127.0.0.1', port: PORT, username: 'alice', readyTimeout: 30000, authHandler: () => undefined });
    return c;
  };
  const a = never();
  const b = never();
  await until(() => shell.guard.limiter.unauthenticatedCount === 2, 'two waiting connections');
  let closed = false;
  const c = never();
  c.on('close', () => (closed = true));
  await until(() => closed, 'the third connection to be closed');
  expect(logged('Connection refused for 127.0.0.1: too many unauthenticated connections from this address')).toBe(1);
  a.end();
  b.end();
  await until(() => shell.guard.limiter.unauthenticatedCount === 0, 'the slots to be released');
  const t = tryPassword('pw');
  expect(await t.result).toBe('in');
  t.client.end();
});
