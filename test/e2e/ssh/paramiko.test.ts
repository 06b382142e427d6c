/**
 * Paramiko (Debian's /usr/bin/python3) against the built program: `none` first then a password
 * (no failure, no delay), a PTY of a given size (pages at its height, and at the new height after
 * window-change), the prompt with no second Password:, exit status; the attacker's wrong
 * passwords (3 per connection, growing delay); random bytes; a client that vanishes mid-output.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { requireTool } from '../../helpers/kamailio';
import { SshFixture, run } from './ssh-fixture';

jest.setTimeout(120000);
const PY = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'paramiko_client.py');
let f: SshFixture;

async function paramiko(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(PY, [SCRIPT, args[0] as string, String(f.port), ...args.slice(1)], { timeout: 60000 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

beforeAll(async () => {
  requireTool(PY, 'python3');
  try {
    await run(PY, ['-c', 'import paramiko']);
  } catch {
    throw new Error('paramiko is not installed for /usr/bin/python3: run "apt-get install -y python3-paramiko"');
  }
  f = await SshFixture.start(31020);
});

afterAll(async () => {
  await f?.stop();
});

test('none first, then password: no failure and no delay; PTY rows page the output; window-change re-pages', async () => {
  const out = await paramiko('none-then-password', '12');
  expect(out).toMatch(/^HOSTKEY (ssh-ed25519|rsa-sha2-512|rsa-sha2-256|ssh-rsa)$/m);
  const none = /^NONE REFUSED (\S+) ([\d.]+)$/m.exec(out);
  expect(none?.[1]).toBe('keyboard-interactive,password,publickey');
  expect(Number(none?.[2])).toBeLessThan(0.5);
  // The password after none is answered at once: none was not a failed try.
  expect(Number(/^PASSWORD OK ([\d.]+)$/m.exec(out)?.[1])).toBeLessThan(0.5);
  expect(out).toContain("PROMPT 'RTX> '");
  expect(out).toContain('ASKED PASSWORD False');
  expect(out).toContain('PAGE LINES 11\n');
  expect(out).toContain('PAGE LINES AFTER RESIZE 5\n');
  expect(out).toContain('EXIT STATUS 0');
});

test('attacker: 3 wrong passwords per connection, answered after 1 s, 2 s, 3 s; the 4th finds the connection closed', async () => {
  const out = await paramiko('wrong-passwords');
  const refused = [...out.matchAll(/^REFUSED (\d) ([\d.]+)$/gm)].map((m) => Number(m[2]));
  expect(refused).toHaveLength(3);
  expect(refused[0]).toBeGreaterThanOrEqual(0.95);
  expect(refused[1]).toBeGreaterThanOrEqual(1.95);
  expect(refused[2]).toBeGreaterThanOrEqual(2.95);
  expect(out).toMatch(/^CLOSED 4 /m);
  expect(out).not.toContain('NEVER CLOSED');
});

test('random bytes on the SSH port: each connection is closed, the server keeps serving', async () => {
  let seed = 12345;
  const random = (n: number): Buffer => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      b[i] = seed >> 16;
    }
    return b;
  };
  /** True when the server closed the connection within 10 s. */
  const garbage = async (prefix: string): Promise<boolean> =>
    new Promise((resolve) => {
      const s = net.connect(f.port, '127.0.0.1', () => s.write(Buffer.concat([Buffer.from(prefix), random(65536)])));
      let timedOut = false;
      const t = setTimeout(() => {
        timedOut = true;
        s.destroy();
      }, 10000);
      s.on('data', () => undefined);
      s.on('error', () => undefined);
      s.on('close', () => {
        clearTimeout(t);
        resolve(!timedOut);
      });
    });
  // 20 connections of 64 KiB each: pure noise, and noise after a valid identification line.
  const closed = [...(await Promise.all(Array.from({ length: 10 }, () => garbage('')))), ...(await Promise.all(Array.from({ length: 10 }, () => garbage('SSH-2.0-fuzz\r\n'))))];
  expect(closed).toEqual(Array.from({ length: 20 }, () => true));
  const out = await paramiko('exec', 'show environment');
  expect(out).toContain('STATUS 0');
  expect(f.sipsh.child.exitCode).toBeNull();
});

test('a client that vanishes mid-output at #: its session and the administrator level are freed', async () => {
  expect(await paramiko('vanish')).toContain('VANISHED');
  await new Promise((r) => setTimeout(r, 500));
  const env = await paramiko('exec', 'show environment');
  expect(env).toMatch(/Sessions: 0 of \d+/);
  // The administrator level is free again: a new shell gets it.
  expect(await paramiko('admin')).toContain("ADMIN 'RTX# '");
  expect(f.sipsh.child.exitCode).toBeNull();
});

test('SFTP is refused without sftpd host (the default), even to a login user', async () => {
  const key = await f.clientKey('bob');
  const batch = path.join(f.dir, 'batch-refused');
  fs.writeFileSync(batch, 'ls /\n');
  const args = [...f.sshOptions(['-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes']), '-P', String(f.port), '-b', batch, 'bob@127.0.0.1'];
  const r = await run('sftp', args, { timeout: 20000 }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? '' }),
  );
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/subsystem request failed/);
});

test('attacker: session channels on one connection are bounded (4), the rest refused at open', async () => {
  const out = await paramiko('channels');
  expect(out).toMatch(/^REFUSED AFTER 4 \d+$/m);
});
