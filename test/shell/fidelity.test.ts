/** Router fidelity of the console (issue 9), in-process on a fake clock. */
import { deriveIdentity, configHeader, reportingDate } from '../../src/config/header';
import { hashPassword } from '../../src/config/passwords';
import { buildShell } from '../../src/shell/build';
import { ANSWER_ENTER_MS } from '../../src/shell/session';
import { ENTER_PAIR_MS, KeyDecoder } from '../../src/shell/keys';
import { EventLog } from '../../src/util/event-log';
import { FakeClock } from '../../src/util/clock';
import { Harness } from '../helpers/harness';

describe('Enter: CR and its LF are one Enter only when they come together', () => {
  test('byte by byte: an LF within ENTER_PAIR_MS of the CR is part of it, a later one is a new Enter', () => {
    const d = new KeyDecoder();
    expect(d.feed('\r', 1000)).toEqual([{ t: 'enter' }]);
    expect(d.feed('\n', 1000 + ENTER_PAIR_MS)).toEqual([]);
    expect(d.feed('\r', 2000)).toEqual([{ t: 'enter' }]);
    expect(d.feed('\n', 2500)).toEqual([{ t: 'enter' }]); // netmiko: the LF 0.5 s later
    expect(d.feed('\r', 3000)).toEqual([{ t: 'enter' }]);
    expect(d.feed('\0', 3000 + ENTER_PAIR_MS + 1)).toEqual([]); // a late NUL is no key at all
    expect(d.feed('x', 3100)).toEqual([{ t: 'char', ch: 'x' }]);
  });
  test('in one session: password + CR, then LF 0.5 s later, gives two prompts', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock });
    shell.store.config.loginPassword = hashPassword('pw');
    const h = new Harness({ shell, clock });
    await h.settle();
    expect(await h.type('pw\r')).toBe('\r\n> ');
    clock.advance(500);
    expect(await h.type('\n')).toBe('\r\n> ');
    expect(await h.type('\r\n')).toBe('\r\n> ');
  });
});

describe('(Y/N) questions', () => {
  async function dirtyAdmin(): Promise<{ h: Harness; clock: FakeClock }> {
    const clock = new FakeClock();
    const h = new Harness({ clock });
    await h.admin();
    await h.run('sip use off');
    expect(await h.type('exit\r')).toBe('exit\r\nSave new configuration ? (Y/N)');
    return { h, clock };
  }
  test.each(['Y', 'y', 'N', 'n'])('%s is an answer', async (key) => {
    const { h } = await dirtyAdmin();
    const out = await h.type(key);
    expect(out.startsWith(`${key}\r\n`)).toBe(true);
    expect(out.endsWith('\r\n> ')).toBe(true);
  });
  test('Y\\r in one read: the CR belongs to the answer', async () => {
    const { h } = await dirtyAdmin();
    expect(await h.type('Y\r')).toBe('Y\r\nSaving ... CONFIG0 Done .\r\n> ');
  });
  test('Y, then CR in the next read a moment later but before the prompt: still the answer; a CR later than that is a new Enter', async () => {
    const { h, clock } = await dirtyAdmin();
    // Both reads arrive before the session has run: the CR is the answer's.
    h.session.input('n');
    clock.advance(ANSWER_ENTER_MS);
    h.session.input('\r');
    expect(await h.type('')).toBe('n\r\n> ');
    clock.advance(ANSWER_ENTER_MS + 1);
    expect(await h.type('\r')).toBe('\r\n> ');
  });
  test("N, then LF once the prompt is written (netmiko's exit_enable_mode, then check_enable_mode): a new Enter", async () => {
    const { h } = await dirtyAdmin();
    expect(await h.type('N')).toBe('N\r\n> ');
    expect(await h.type('\n')).toBe('\r\n> ');
  });
  test('N followed by a command in the same read runs the command', async () => {
    const { h } = await dirtyAdmin();
    expect(await h.type('nshow status analog\r')).toContain('TEL1: idle');
  });
});

describe('administrator level', () => {
  test('two sessions may be administrator at once, as the Terraform provider pool needs', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock });
    const a = new Harness({ shell, clock });
    const b = new Harness({ shell, clock });
    await a.admin();
    await b.admin();
    expect(a.out.endsWith('# ')).toBe(true);
    expect(b.out.endsWith('# ')).toBe(true);
    await a.run('sip use off');
    expect((await b.run('show config | grep "sip use"')).join()).toBe('sip use off');
  });
  test('a session closed at # frees the level at once (one administrator at most)', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock, maxAdministrators: 1 });
    const a = new Harness({ shell, clock });
    await a.admin();
    a.session.close();
    const b = new Harness({ shell, clock });
    await b.admin();
    expect(b.out.endsWith('# ')).toBe(true);
  });
  test('a session closed in the middle of the (Y/N) question frees the level at once', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock, maxAdministrators: 1 });
    const a = new Harness({ shell, clock });
    await a.admin();
    await a.run('sip use off');
    await a.type('exit\r');
    expect(a.out.endsWith('(Y/N)')).toBe(true);
    a.session.close();
    expect(shell.adminLock.count).toBe(0);
    const b = new Harness({ shell, clock });
    await b.admin();
    expect(b.out.endsWith('# ')).toBe(true);
    expect(shell.store.config.sipUse).toBe(false); // the question was not answered: nothing saved, nothing undone
  });
  test('an authenticated session (SSH) starts at > without Password:', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock });
    shell.store.config.loginPassword = hashPassword('pw');
    let out = '';
    const s = shell.openSession({ peer: 'ssh', write: (t) => (out += t), end: () => undefined }, { authenticated: true });
    void s?.start();
    await new Promise((r) => setImmediate(r));
    expect(out).not.toContain('Password');
    expect(out.endsWith('> ')).toBe(true);
  });
});

describe('password dialogues', () => {
  test('administrator password with none set: Old_Password (Enter), New_Password twice', async () => {
    const h = new Harness();
    await h.admin();
    expect(await h.type('administrator password\r')).toBe('administrator password\r\nOld_Password: ');
    expect(await h.type('\r')).toBe('\r\nNew_Password: ');
    expect(await h.type('s3cret\r')).toBe('\r\nNew_Password: ');
    expect(await h.type('s3cret\r')).toBe('\r\n# ');
    expect(h.shell.store.config.adminPassword).toBeDefined();
  });
  test('administrator password: a wrong old password changes nothing', async () => {
    const h = new Harness();
    await h.admin();
    await h.type('administrator password\r');
    expect(await h.type('guess\r')).toBe('\r\nError: Incorrect password\r\n# ');
    expect(h.shell.store.config.adminPassword).toBeUndefined();
  });
  test('administrator password: different new passwords change nothing', async () => {
    const h = new Harness();
    await h.admin();
    await h.type('administrator password\r');
    await h.type('\r');
    await h.type('one\r');
    expect(await h.type('two\r')).toBe('\r\nError: The new passwords do not match; nothing changed\r\n# ');
    expect(h.shell.store.config.adminPassword).toBeUndefined();
  });
  test('login password asks Old_Password only when one is set', async () => {
    const h = new Harness();
    await h.admin();
    expect(await h.type('login password\r')).toBe('login password\r\nNew_Password: ');
    await h.type('first\r');
    await h.type('first\r');
    expect(await h.type('login password\r')).toBe('login password\r\nOld_Password: ');
    expect(await h.type('wrong\r')).toBe('\r\nError: Incorrect password\r\n# ');
    await h.type('login password\r');
    expect(await h.type('first\r')).toBe('\r\nNew_Password: ');
  });
  test('every answer begins on a new line although nothing typed is echoed', async () => {
    const h = new Harness();
    await h.admin();
    await h.type('login password\r');
    expect(await h.type('abc')).toBe('');
    expect(await h.type('\r')).toBe('\r\nNew_Password: ');
  });
});

describe('console settings at the user level', () => {
  test('console character ja.utf8 / ja.sjis accepted; no console lines|columns|character at >', async () => {
    const h = new Harness();
    expect(await h.run('console character ja.utf8')).toEqual([]);
    expect(await h.run('console character ja.sjis')).toEqual([]);
    expect(await h.run('console lines 5')).toEqual([]);
    expect((await h.type('show command\r')).includes('---more---')).toBe(true);
    await h.type('q');
    expect(await h.run('no console lines')).toEqual([]);
    expect((await h.type('show command\r')).split('\r\n').length).toBe(24 + 1); // back to the default page
    await h.type('q');
    expect(await h.run('no console columns')).toEqual([]);
    expect(await h.run('no console character')).toEqual([]);
    expect(h.shell.store.dirty).toBe(false); // at > nothing saved changes
  });
  test('at # console character ja.utf8 goes into show config and back', async () => {
    const h = new Harness();
    await h.admin();
    await h.run('console character ja.utf8');
    expect(await h.run('show config | grep character')).toEqual(['console character ja.utf8']);
    await h.run('no console character');
    expect(await h.run('show config | grep character')).toEqual([]);
  });
});

describe('show ... | grep', () => {
  async function withServer(): Promise<Harness> {
    const h = new Harness();
    await h.admin();
    await h.run('sip server 1 192.0.2.1 register udp sip:Alice@example.test alice secret');
    await h.run('console prompt Sipsh');
    return h;
  }
  test('-i ignores case, -v inverts, -w needs a whole word; options combine', async () => {
    const h = await withServer();
    expect(await h.run('show config | grep ALICE')).toEqual([]);
    expect(await h.run('show config | grep -i ALICE')).toEqual(['sip server 1 192.0.2.1 register udp sip:Alice@example.test alice secret']);
    expect(await h.run('show config | grep -w prompt')).toEqual(['console prompt Sipsh']);
    expect(await h.run('show config | grep -w promp')).toEqual([]);
    expect((await h.run('show config | grep -v -i ALICE')).some((l) => l.includes('Alice'))).toBe(false);
    expect((await h.run('show config | grep -vi sipsh')).some((l) => /sipsh/i.test(l))).toBe(false);
    expect(await h.run('show config | grep -x foo')).toEqual(['Error: Invalid parameter: after | use grep [-i] [-v] [-w] PATTERN']);
  });
  test('? after a show command offers |, after | offers grep, after grep its options and the pattern', async () => {
    const h = new Harness();
    expect(await h.type('show config ?')).toContain('|     Filter the output');
    await h.type('\x15');
    const afterPipe = await h.type('show config | ?');
    expect(afterPipe).toContain('grep  Keep only the lines that match');
    await h.type('\x15');
    const afterGrep = await h.type('show config | grep ?');
    for (const o of ['-i', '-v', '-w', 'PATTERN']) expect(afterGrep).toContain(o);
    await h.type('\x15');
    const afterV = await h.type('show config | grep -v ?');
    expect(afterV).not.toMatch(/-v +Keep/);
    expect(afterV).toContain('-i');
    await h.type('\x15');
    expect(await h.type('show config | grep -v sip ?')).toContain('<cr>');
  });
});

describe('router identity and stamps', () => {
  test('serial and MAC are stable for one seed and differ between seeds', () => {
    const a = deriveIdentity('NVR510', 'host\0/etc/sipsh.conf');
    expect(deriveIdentity('NVR510', 'host\0/etc/sipsh.conf')).toEqual(a);
    expect(deriveIdentity('NVR510', 'other\0/etc/sipsh.conf').serial).not.toBe(a.serial);
    expect(a.macs).toHaveLength(3);
    for (const m of a.macs) expect(m).toMatch(/^00:a0:de(:[0-9a-f]{2}){3}$/);
  });
  test('show config header as the router prints it; Reporting Date in local time', () => {
    const id = deriveIdentity('NVR510', 'x');
    const now = new Date(2026, 10, 26, 12, 40, 49); // local time
    const h = configHeader(now, id);
    expect(h[0]).toMatch(/^# NVR510 Rev\.15\.01\.\d+ \([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\)$/);
    expect(h[1]).toBe(`# MAC Address : ${id.macs.join(', ')}`);
    expect(h[2]).toMatch(/^# Memory /);
    expect(h[3]).toBe(`# main:  NVR510 ver=00 serial=${id.serial} ${id.macs.map((m) => `MAC-Address=${m}`).join(' ')}`);
    expect(h[4]).toBe('# Reporting Date: Nov 26 12:40:49 2026');
    expect(reportingDate(new Date(2026, 0, 5, 1, 2, 3))).toBe('Jan 5 01:02:03 2026');
  });
  test('show environment starts as the router\'s, with the --model name', async () => {
    const clock = new FakeClock();
    const shell = buildShell({ clock, model: 'NVR700W' });
    shell.store.config.loginTimer = 'clear';
    const h = new Harness({ shell, clock });
    clock.advance(90061_000);
    const env = await h.run('show environment');
    expect(env[0]).toMatch(/^NVR700W Rev\.15\.01\.\d+ \(.+\)$/);
    expect(env[1]).toMatch(/^ {2}main: {2}NVR700W ver=00 serial=S\w+ MAC-Address=/);
    expect(env).toContain('Elapsed time from boot: 1days 01:01:01');
    expect(env).toContain('Default firmware: exec0  Default config file: config0');
  });
  test('log lines are stamped YYYY/MM/DD HH:MM:SS: in local time', () => {
    const clock = new FakeClock(new Date(2026, 10, 26, 12, 41, 18).getTime());
    const log = new EventLog(clock);
    log.add('one\ntwo');
    expect(log.entries()).toEqual(['2026/11/26 12:41:18: one', '2026/11/26 12:41:18: two']);
  });
});

test('Tab after | completes grep', async () => {
  const h = new Harness();
  await h.settle();
  expect(await h.type('show config | gr\t')).toBe('show config | grep ');
});

test("Ansible rtx's console dance at > (set on open, restore from show config | grep console) gives no error and changes nothing saved", async () => {
  const h = new Harness();
  await h.settle();
  const lines = ['show config | grep console', 'console character ascii', 'console lines infinity', 'console columns 200', 'no console character', 'no console lines', 'no console columns'];
  for (const l of lines) expect((await h.run(l)).filter((o) => o.startsWith('Error'))).toEqual([]);
  expect(h.shell.store.dirty).toBe(false);
});
