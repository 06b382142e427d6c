/**
 * The SSH layer's wiring on the fake clock, with ssh2's own client over loopback: the login
 * timer closes an idle SSH shell (and frees its session), the grace timer closes a connection
 * that never authenticates, failed passwords wait on the shell's clock.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client, ClientChannel } from 'ssh2';
import { hashPassword } from '../../src/config/passwords';
import { buildShell } from '../../src/shell/build';
import { Shell } from '../../src/shell/shell';
import { KeyFiles } from '../../src/config/ssh-key-files';
import { SshServer } from '../../src/ssh/server';
import { FakeClock } from '../../src/util/clock';

jest.setTimeout(30000);
const PORT = 31050;
let dir: string;
let clock: FakeClock;
let shell: Shell;
let server: SshServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-sshwire-'));
  const conf = path.join(dir, 'sipsh.conf');
  new KeyFiles(conf).generateHostKeys('test');
  clock = new FakeClock();
  shell = buildShell({ configFile: conf, clock, loginDelayMs: 1000 });
  shell.store.config.ssh.service = true;
  shell.store.config.ssh.users.set('alice', hashPassword('pw'));
  shell.store.config.loginTimer = 60;
  server = new SshServer(shell, new KeyFiles(conf), { host: '127.0.0.1', port: PORT, shown: '127.0.0.1', announce: () => undefined });
  await server.reconcile();
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const until = async (cond: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 10000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function connect(password: string | undefined): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c));
    c.on('error', reject);
    c.connect({ host: '127.0.0.1', port: PORT, username: 'alice', ...(password === undefined ? {} : { password }), readyTimeout: 10000 });
  });
}

test('the login timer closes an idle SSH shell on the shell clock and frees its session', async () => {
  const c = await connect('pw');
  const ch = await new Promise<ClientChannel>((resolve, reject) => c.shell({ rows: 24, cols: 80, term: 'vt100' }, (e, s) => (e ? reject(e) : resolve(s))));
  let out = '';
  let closed = false;
  ch.on('data', (d: Buffer) => (out += d.toString('latin1')));
  ch.on('close', () => (closed = true));
  await until(() => out.endsWith('> '), 'the prompt');
  expect(shell.sessionCount).toBe(1);
  clock.advance(59999);
  await new Promise((r) => setTimeout(r, 100));
  expect(closed).toBe(false);
  clock.advance(1);
  await until(() => closed, 'the channel to close');
  expect(out).toContain('Session closed: idle for longer than the login timer');
  expect(shell.sessionCount).toBe(0);
  c.end();
});

test('a wrong password is answered after the shell clock delay; a connection that never authenticates is closed at the grace time', async () => {
  const c = new Client();
  let failed = false;
  let closed = false;
  c.on('error', () => (failed = true));
  c.on('close', () => (closed = true));
  // ssh2's client tries the password once, then gives up with an error: only the delay matters here.
  c.connect({ host: '127.0.0.1', port: PORT, username: 'alice', password: 'wrong', readyTimeout: 20000 });
  await new Promise((r) => setTimeout(r, 500));
  expect(failed).toBe(false); // the answer waits for the clock
  clock.advance(1000);
  await until(() => failed, 'the refusal');
  c.end();
  await until(() => closed, 'the client to close');

  // A client that opens the connection and never authenticates.
  const idle = new Client();
  let idleClosed = false;
  idle.on('error', () => undefined);
  idle.on('close', () => (idleClosed = true));
  idle.connect({
    host: '127.0.0.1',
    port: PORT,
    username: 'alice',
    readyTimeout: 20000,
    authHandler: (_methods, _partial, next) => {
      // Authenticate never: the grace timer must close the connection.
      void next;
    },
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(idleClosed).toBe(false);
  // The login deadline of the telnet console (issue 12): login timer (default 300 s), at most 60 s.
  clock.advance(59_000);
  await new Promise((r) => setTimeout(r, 300));
  expect(idleClosed).toBe(false);
  clock.advance(1_000);
  await until(() => idleClosed, 'the login deadline to close the connection');
});
