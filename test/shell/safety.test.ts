/** Issue 12 in-process, on a fake clock: the login deadline, the shared guess limiter, the log of logins and levels, the unloaded-line notice. */
import * as fs from 'fs';
import * as path from 'path';
import { hashPassword } from '../../src/config/passwords';
import { buildShell } from '../../src/shell/build';
import { Shell } from '../../src/shell/shell';
import { FakeClock } from '../../src/util/clock';
import { Harness } from '../helpers/harness';
import { tempDir } from '../helpers/temp-dir';

function shellWith(login: string | undefined, admin: string | undefined, clock = new FakeClock()): { clock: FakeClock; shell: Shell } {
  const shell = buildShell({ clock, loginDelayMs: 10 });
  shell.store.config.loginPassword = login === undefined ? undefined : hashPassword(login);
  shell.store.config.adminPassword = admin === undefined ? undefined : hashPassword(admin);
  shell.store.markSaved();
  return { clock, shell };
}

/** A session from a given source address, as telnet opens it. */
function from(shell: Shell, address: string): { out: () => string; ended: () => boolean; input: (s: string) => void; hangUp: () => void } {
  let out = '';
  let ended = false;
  const s = shell.openSession({ peer: `${address}:40000`, address, door: 'TELNET', write: (t) => (out += t), end: () => (ended = true) });
  if (s === undefined) throw new Error('session limit');
  void s.start();
  return { out: () => out, ended: () => ended, input: (t) => s.input(t), hangUp: () => s.close() };
}

const settle = async (shell: Shell): Promise<void> => {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await shell.guard.settled();
  }
};

describe('login deadline', () => {
  test('a NUL byte every 20 s does not keep an unauthenticated connection open past the login timer', async () => {
    const { clock, shell } = shellWith('right', undefined);
    const g = new Harness({ shell, clock });
    await g.settle();
    shell.store.config.loginTimer = 45;
    // the deadline is armed when the login starts: 60 s at most whatever login timer says then
    for (let t = 0; t < 59; t += 20) {
      clock.advance(20_000);
      await g.type('\x00');
    }
    expect(g.ended).toBe(true); // closed at 60 s although it sent a byte every 20 s
    expect(g.out).toContain('Session closed: no password within 60 seconds');
    expect(shell.log.entries().join('\n')).toMatch(/Login timed out for console: test/);
  });
  test('a short login timer is the deadline; after the login only the idle timer counts', async () => {
    const { clock, shell } = shellWith('right', undefined);
    shell.store.config.loginTimer = 10;
    const h = new Harness({ shell, clock });
    await h.settle();
    clock.advance(9_000);
    await h.type('right\r');
    expect(h.out).toMatch(/> $/);
    clock.advance(5_000);
    await h.settle();
    expect(h.ended).toBe(false); // the deadline was cleared on login
    clock.advance(5_000);
    await h.settle();
    expect(h.ended).toBe(true); // the idle timer (10 s) closes it now
    expect(h.out).toContain('idle for longer than the login timer');
  });
});

describe('one limiter for every door, per source across connections', () => {
  test('reconnecting after each wrong login does not reset the wait: attempt 4 waits 1 s', async () => {
    const { clock, shell } = shellWith('right', undefined);
    for (let i = 1; i <= 3; i++) {
      const c = from(shell, '192.0.2.7');
      await settle(shell);
      c.input('wrong\r');
      await settle(shell);
      expect(c.out()).toMatch(/Password: \r\n$/); // checked at once, then the connection's own delay
      c.hangUp(); // the guesser hangs up rather than wait
    }
    const c = from(shell, '192.0.2.7');
    await settle(shell);
    c.input('right\r');
    await settle(shell);
    expect(c.out()).not.toMatch(/> $/); // the 4th attempt waits for the source's slot
    clock.advance(999);
    await settle(shell);
    expect(c.out()).not.toMatch(/> $/);
    clock.advance(1);
    await settle(shell);
    expect(c.out()).toMatch(/> $/);
    const log = shell.log.entries().join('\n');
    expect(log.match(/Login failed for TELNET: 192\.0\.2\.7/g)).toHaveLength(3);
    expect(log).toMatch(/Login succeeded for TELNET: 192\.0\.2\.7/);
  });
  test('administrator guesses from one source are slowed like logins, and the web door shares the count', async () => {
    const { clock, shell } = shellWith(undefined, 'admin');
    const c = from(shell, '192.0.2.8');
    await settle(shell);
    for (let i = 0; i < 3; i++) {
      c.input('administrator\r');
      await settle(shell);
      c.input('nope\r');
      await settle(shell);
    }
    expect(c.out().match(/Error: Incorrect password/g)).toHaveLength(3);
    // HTTP Basic from the same address is attempt 4: it waits 1 s too (one limiter for every door)
    let web: boolean | undefined;
    void shell.guard.check('HTTP', '192.0.2.8', 'administrator', 'nope', shell.store.config.adminPassword).then((ok) => (web = ok));
    await settle(shell);
    expect(web).toBeUndefined();
    clock.advance(1000);
    await settle(shell);
    expect(web).toBe(false);
    c.input('administrator\r');
    await settle(shell);
    c.input('admin\r');
    await settle(shell);
    expect(c.out()).not.toMatch(/# $/); // attempt 5 from this source waits 2 s
    clock.advance(1999);
    await settle(shell);
    expect(c.out()).not.toMatch(/# $/);
    clock.advance(1);
    await settle(shell);
    expect(c.out()).toMatch(/# $/);
    const log = shell.log.entries().join('\n');
    expect(log.match(/'administrator' failed for TELNET: 192\.0\.2\.8/g)).toHaveLength(3);
    expect(log).toMatch(/'administrator' failed for HTTP: 192\.0\.2\.8/);
    expect(log).toMatch(/'administrator' succeeded for TELNET: 192\.0\.2\.8/);
    expect(log).toMatch(/Administrator level entered by session #1 \(TELNET: 192\.0\.2\.8\)/);
    c.input('exit\r');
    await settle(shell);
    expect(shell.log.entries().join('\n')).toMatch(/Administrator level left by session #1/);
  });
  test('16 half-open logins from 16 addresses: the operator still gets a Password: prompt and in', async () => {
    const { shell } = shellWith('right', undefined);
    const attackers = Array.from({ length: 16 }, (_, i) => from(shell, `198.51.100.${i + 1}`));
    await settle(shell);
    // 8 wait at Password: at most; each newcomer past 8 closed the oldest waiting one
    expect(attackers.filter((a) => !a.ended()).length).toBe(8);
    expect(attackers[0]?.out()).toContain('Too many connections waiting for a password');
    const op = from(shell, '203.0.113.5');
    await settle(shell);
    op.input('right\r');
    await settle(shell);
    expect(op.out()).toMatch(/> $/);
    expect(shell.sessionCount).toBeLessThanOrEqual(9);
  });
});

describe('the log', () => {
  test('save and show log reverse', async () => {
    const h = new Harness();
    await h.admin();
    await h.run('save');
    const log = await h.run('show log');
    const rev = await h.run('show log reverse');
    expect(log.length).toBeGreaterThan(2);
    expect(rev).toEqual([...log].reverse());
    expect(log.join('\n')).toMatch(/Configuration saved to \(memory\) by console: test/);
    expect(log.join('\n')).toMatch(/Login succeeded for console: test/);
  });
  test('with no login password, a connect-and-hang-up loop logs its login once a minute per source', async () => {
    const { clock, shell } = shellWith(undefined, undefined);
    for (let i = 0; i < 100; i++) {
      const c = from(shell, '192.0.2.9');
      await settle(shell);
      c.hangUp();
    }
    clock.advance(60_000);
    const c = from(shell, '192.0.2.9');
    await settle(shell);
    c.hangUp();
    const lines = shell.log.entries().filter((l) => l.includes('192.0.2.9'));
    expect(lines.map((l) => l.replace(/^[\d/ :]+: /, ''))).toEqual([
      'Login succeeded for TELNET: 192.0.2.9 (no login password)',
      'Logout from TELNET: 192.0.2.9',
      'Login succeeded for TELNET: 192.0.2.9 (no login password) (99 more not logged)',
      'Logout from TELNET: 192.0.2.9',
    ]);
  });
  test('control characters from the engine are stored escaped', () => {
    const { shell } = shellWith(undefined, undefined);
    shell.engineEvent({ kind: 'registration-failed', server: 1, reason: 'Forbidden\x1b]0;pwned\x07\x1b[2J\rX' });
    expect(shell.log.entries().at(-1)).toMatch(/: \[SIP\] server 1: registration failed: Forbidden\\x1b\]0;pwned\\x07\\x1b\[2J\\rX$/);
  });
  test('messages quoting a configuration line show its control characters escaped', () => {
    const { shell } = shellWith(undefined, undefined);
    const errors = shell.loadConfig('sip servr\x1b]0;x\x07 2\nconsole prompt \x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\x1b[2J\n');
    expect(errors.length).toBe(2);
    for (const e of errors) expect([...e.message].some((c) => c < ' ' || c === '\x7f')).toBe(false);
    expect(errors[0]?.message).toContain('\\x1b]0;x\\x07');
  });
  test('the operator is told at login about lines that did not load', async () => {
    const dir = tempDir('safety-notice');
    const file = path.join(dir, 'sipsh.conf');
    fs.writeFileSync(file, 'sip use on\nsip servr 2 x\nfoo \x1b[2J\n');
    const clock = new FakeClock();
    const shell = buildShell({ clock, configFile: file });
    shell.store.keepUnloaded(shell.loadConfig(shell.store.readFile() ?? ''));
    const h = new Harness({ shell, clock });
    await h.settle();
    expect(h.out).toContain(`2 lines of ${file} did not load: see show log\r\n> `);
  });
});
