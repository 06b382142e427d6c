/** Bad input over real sockets: the server keeps serving the others, frees what closed ones held, never crashes. */
import { IAC, SB, WILL } from '../../../src/telnet/codec';
import { buildShell } from '../../../src/shell/build';
import { Shell } from '../../../src/shell/shell';
import { TelnetServer } from '../../../src/telnet/server';
import { RawTelnet } from '../../helpers/raw-telnet';
import { captureStderr } from '../../helpers/stderr';

jest.setTimeout(30000);

let shell: Shell;
let server: TelnetServer;
let port: number;

beforeEach(async () => {
  shell = buildShell({ maxSessions: 16 });
  server = new TelnetServer(shell);
  port = (await server.listen('127.0.0.1', 0)).port;
});
afterEach(async () => {
  await server.close();
});

/** A well-behaved client still gets its answer. */
async function stillServes(): Promise<void> {
  const c = await RawTelnet.connect(port);
  await c.waitFor(/> $/);
  const m = c.text.length;
  c.send('show status analog\r');
  await c.waitFor(/TEL1: idle[\s\S]*> $/, m);
  c.close();
}

const waitSessions = async (n: number): Promise<void> => {
  const end = Date.now() + 5000;
  while (shell.sessionCount !== n) {
    if (Date.now() > end) throw new Error(`sessions: ${shell.sessionCount}, want ${n}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('random bytes (bounded in count and time) do not stop the server', async () => {
  const c = await RawTelnet.connect(port, false);
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
  const end = Date.now() + 1500;
  for (let i = 0; i < 200 && Date.now() < end; i++) c.send(Buffer.from(Array.from({ length: 1024 }, rnd)));
  await new Promise((r) => setTimeout(r, 200));
  await stillServes();
  c.close();
  await waitSessions(0);
});

test('a 1 MiB line is cut at the line limit with one bell, then the session goes on', async () => {
  const c = await RawTelnet.connect(port);
  await c.waitFor(/> $/);
  c.send(Buffer.alloc(1024 * 1024, 0x61));
  c.send('\r');
  await c.waitFor(/Error: Invalid command name\r\n> $/, 0, 10000);
  expect(c.text.split('\x07').length - 1).toBe(1);
  const m = c.text.length;
  c.send('show status analog\r');
  await c.waitFor(/TEL2: idle\r\n> $/, m);
  c.close();
});

test('telnet sequences cut anywhere, and clients that leave in the middle of one', async () => {
  const cuts = [[IAC], [IAC, WILL], [IAC, SB], [IAC, SB, 31, 0], [IAC, SB, 31, 0, 80, IAC]];
  for (const bytes of cuts) {
    const c = await RawTelnet.connect(port, false);
    c.send(Buffer.from(bytes));
    await new Promise((r) => setTimeout(r, 20));
    c.close();
  }
  const c = await RawTelnet.connect(port, false);
  await c.waitFor(/> $/);
  for (const b of [IAC, SB, 31, 0, 80, 0, 24, IAC, 240]) c.send(Buffer.from([b]));
  const m = c.text.length;
  for (const ch of 'show status analog\r') c.send(ch);
  await c.waitFor(/TEL1: idle/, m);
  c.close();
  await waitSessions(0);
  await stillServes();
});

test('a client that vanishes in the middle of output', async () => {
  for (let i = 0; i < 5; i++) {
    const c = await RawTelnet.connect(port);
    await c.waitFor(/> $/);
    c.send('console lines infinity\rshow command\rshow command\rshow command\r');
    c.socket.destroy();
  }
  await waitSessions(0);
  await stillServes();
});

test('100 connections at once: 16 sessions, a one-line refusal for the rest; all freed after', async () => {
  const clients = await Promise.all(Array.from({ length: 100 }, () => RawTelnet.connect(port)));
  await Promise.all(clients.map((c) => c.waitFor(/> $|try again later\r\n$/)));
  const refused = clients.filter((c) => /Error: Too many sessions \(16 at most\); try again later/.test(c.text));
  expect(refused.length).toBe(84);
  const end = Date.now() + 5000;
  while (refused.some((c) => !c.closed) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(refused.every((c) => c.closed)).toBe(true);
  expect(shell.sessionCount).toBe(16);
  for (const c of clients) c.close();
  await waitSessions(0);
  await stillServes();
});

test('listening on a non-loopback address without a login password is refused unless the flag is given', async () => {
  const { runServe } = await import('../../../src/cli/serve');
  const { result, stderr } = await captureStderr(() => runServe({ config: '/nonexistent/sipsh.conf', telnet: '192.0.2.1:2323', sipPort: 0, maxSessions: 16 }));
  expect(result).toBe(2);
  expect(stderr).toMatch(/refusing to listen on 192\.0\.2\.1 with no login password set; set one \(login password\) or pass --allow-remote-without-password/);
});
