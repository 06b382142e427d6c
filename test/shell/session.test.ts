/** Console sessions in-process on a fake clock: login, levels, saving on exit, idle timer, limits. */
import * as fs from 'fs';
import * as path from 'path';
import { hashPassword } from '../../src/config/passwords';
import { buildShell } from '../../src/shell/build';
import { FakeClock } from '../../src/util/clock';
import { Harness } from '../helpers/harness';
import { tempDir } from '../helpers/temp-dir';

function withPasswords(login?: string, admin?: string) {
  const clock = new FakeClock();
  const shell = buildShell({ clock, loginDelayMs: 1000 });
  shell.store.config.loginPassword = login === undefined ? undefined : hashPassword(login);
  shell.store.config.adminPassword = admin === undefined ? undefined : hashPassword(admin);
  return { clock, shell };
}

describe('login', () => {
  test('asks Password: without echo, then gives the > prompt', async () => {
    const { clock, shell } = withPasswords('loginpass');
    const h = new Harness({ shell, clock });
    await h.settle();
    expect(h.out).toMatch(/Password: $/);
    const out = await h.type('loginpass\r');
    expect(out).toBe('\r\n> ');
    expect(h.out).not.toContain('loginpass');
  });
  test('three wrong passwords close the connection, each after a longer delay', async () => {
    const { clock, shell } = withPasswords('loginpass');
    const h = new Harness({ shell, clock });
    await h.type('bad1\r');
    expect(h.out.endsWith('Password: ')).toBe(false); // waiting 1 s
    clock.advance(999);
    await h.settle();
    expect(h.out.endsWith('Password: ')).toBe(false);
    clock.advance(1);
    await h.settle();
    expect(h.out.endsWith('Password: ')).toBe(true);
    await h.type('bad2\r');
    clock.advance(2000);
    await h.settle();
    await h.type('bad3\r');
    clock.advance(2999);
    await h.settle();
    expect(h.ended).toBe(false);
    clock.advance(1);
    await h.settle();
    expect(h.ended).toBe(true);
    expect(h.out).toContain('3 incorrect passwords, closing');
  });
});

describe('administrator level', () => {
  test('administrator asks Password:, a wrong one is refused, the right one gives #', async () => {
    const { clock, shell } = withPasswords(undefined, 'adminpass');
    const h = new Harness({ shell, clock });
    await h.settle();
    await h.type('administrator\r');
    expect(await h.type('nope\r')).toBe('\r\nError: Incorrect password\r\n> ');
    await h.type('administrator\r');
    expect(await h.type('adminpass\r')).toBe('\r\n# ');
  });
  test('with one administrator at most, the second is told which session holds it', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock, maxAdministrators: 1 });
    const a = new Harness({ shell, clock });
    const b = new Harness({ shell, clock });
    await a.admin();
    expect(await b.run('administrator')).toEqual(['Error: Another session (#1 from test) is at the administrator level']);
    await a.type('exit\r');
    await b.admin();
    expect(b.out.endsWith('# ')).toBe(true);
  });
  test('a closed session frees the administrator level', async () => {
    const { clock, shell } = withPasswords();
    const a = new Harness({ shell, clock });
    const b = new Harness({ shell, clock });
    await a.admin();
    a.session.close();
    await b.admin();
    expect(b.out.endsWith('# ')).toBe(true);
  });
  test('a configuration change in one session is seen by another at once', async () => {
    const { clock, shell } = withPasswords();
    const a = new Harness({ shell, clock });
    const b = new Harness({ shell, clock });
    await a.admin();
    await a.run('console prompt RTX1210');
    expect(await b.type('\r')).toBe('\r\nRTX1210> ');
    expect(await b.run('show config | grep prompt')).toEqual(['console prompt RTX1210']);
  });
});

describe('exit and save', () => {
  const file = () => path.join(tempDir('sipsh-sess'), 'sipsh.conf');
  test('exit with unsaved changes asks one key: Y saves, N does not; no question without changes', async () => {
    const f = file();
    const clock = new FakeClock();
    const shell = buildShell({ clock, configFile: f });
    const h = new Harness({ shell, clock });
    await h.admin();
    expect(await h.type('exit\r')).toBe('exit\r\n> ');
    await h.admin();
    await h.run('sip use off');
    expect(await h.type('exit\r')).toBe('exit\r\nSave new configuration ? (Y/N)');
    expect(await h.type('x')).toBe(''); // other keys are ignored
    expect(await h.type('N')).toBe('N\r\n> ');
    expect(fs.existsSync(f)).toBe(false);
    await h.admin();
    await h.type('exit\r');
    expect(await h.type('y')).toBe('y\r\nSaving ... CONFIG0 Done .\r\n> ');
    expect(fs.readFileSync(f, 'utf8')).toMatch(/^# NVR510 Rev\./);
    expect(fs.readFileSync(f, 'utf8')).toContain('\nsip use off\n');
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  });
  test('exit at > closes the session; ^D on an empty line is exit', async () => {
    const h = new Harness();
    await h.type('exit\r');
    expect(h.ended).toBe(true);
    const g = new Harness();
    await g.type('\x04');
    expect(g.ended).toBe(true);
  });
  test('save prints the router line and writes the file; a save that cannot write says why', async () => {
    const clock = new FakeClock();
    const h = new Harness({ shell: buildShell({ clock, configFile: '/nonexistent-dir/x/sipsh.conf' }), clock });
    await h.admin();
    const out = await h.run('save');
    expect(out[0]).toMatch(/^Error: Cannot save the configuration: /);
  });
});

describe('passwords', () => {
  test('administrator password: Old_Password, New_Password, New_Password', async () => {
    const { clock, shell } = withPasswords(undefined, 'old');
    const h = new Harness({ shell, clock });
    await h.admin('old');
    expect(await h.type('administrator password\r')).toBe('administrator password\r\nOld_Password: ');
    expect(await h.type('old\r')).toBe('\r\nNew_Password: ');
    expect(await h.type('new1\r')).toBe('\r\nNew_Password: ');
    expect(await h.type('new1\r')).toBe('\r\n# ');
    expect(h.out).not.toContain('new1');
    await h.type('exit\r');
    await h.type('n');
    await h.type('administrator\r');
    expect(await h.type('new1\r')).toBe('\r\n# ');
  });
  test('mismatched confirmation changes nothing', async () => {
    const { clock, shell } = withPasswords();
    const h = new Harness({ shell, clock });
    await h.admin();
    await h.type('login password\r');
    await h.type('a1\r');
    expect(await h.type('a2\r')).toBe('\r\nError: The new passwords do not match; nothing changed\r\n# ');
    expect(shell.store.config.loginPassword).toBeUndefined();
  });
  test('show config masks secrets at > and shows them at #', async () => {
    const { clock, shell } = withPasswords(undefined, undefined);
    const h = new Harness({ shell, clock });
    await h.admin();
    await h.run('sip server 1 192.0.2.1 register udp sip:a@example.test a topsecret');
    expect((await h.run('show config | grep server')).join()).toContain('topsecret');
    await h.type('exit\r');
    await h.type('n');
    expect((await h.run('show config | grep server')).join()).toContain('a ********');
  });
});

describe('limits and timers', () => {
  test('the idle timer closes a session after login timer seconds; clear = never', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock });
    const h = new Harness({ shell, clock });
    await h.settle();
    clock.advance(299_000);
    await h.type('\r'); // activity restarts the timer
    clock.advance(299_000);
    expect(h.ended).toBe(false);
    clock.advance(1_000);
    await h.settle();
    expect(h.ended).toBe(true);
    expect(h.out).toContain('idle for longer than the login timer');
    const g = new Harness({ shell, clock });
    await g.admin();
    await g.run('login timer clear');
    await g.type('\r');
    clock.advance(10 * 86400_000);
    expect(g.ended).toBe(false);
  });
  test('at most maxSessions sessions', () => {
    const shell = buildShell({ maxSessions: 2, clock: new FakeClock() });
    const io = { peer: 'x', write: () => undefined, end: () => undefined };
    expect(shell.openSession(io)).toBeDefined();
    expect(shell.openSession(io)).toBeDefined();
    expect(shell.openSession(io)).toBeUndefined();
  });
  test('the page height follows console lines, and NAWS when known (0 = unknown)', async () => {
    const h = new Harness();
    h.session.setWindow(80, 0);
    const out = await h.type('show command\r');
    expect(out.split('\r\n').length).toBe(24 + 1);
    expect(out.endsWith('---more---')).toBe(true);
    await h.type('q');
    h.session.setWindow(80, 10);
    const out2 = await h.type('show command\r');
    expect(out2.split('\r\n').length).toBe(10 + 1);
  });
});
