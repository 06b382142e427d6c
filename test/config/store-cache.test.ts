/**
 * `show config` prints the running configuration from a rendering the store keeps while the
 * configuration is unchanged (ConfigStore.shown). A stale `show config` is worse than a slow one:
 * every path that edits the configuration must make it render again. Each test prints `show
 * config` (so that a rendering is kept), edits by one path, and checks that `show config` prints
 * what a fresh rendering of the configuration gives.
 */
import { hashPassword } from '../../src/config/passwords';
import { ConfigStore } from '../../src/config/store';
import { lineSpeller } from '../../src/grammar/spell';
import { buildShell, shippedGrammar } from '../../src/shell/build';
import { QuietSession, Shell } from '../../src/shell/shell';
import { FakeClock } from '../../src/util/clock';
import { Harness } from '../helpers/harness';

/** The `#` header lines `show config` starts with (src/config/header.ts). */
const HEADER_LINES = 5;

/** `show config` in `h` and what a fresh rendering at its level gives: the configuration lines. */
async function shownAndFresh(h: Harness): Promise<{ shown: string[]; fresh: string[] }> {
  const out = await h.run('show config');
  return { shown: out.slice(HEADER_LINES), fresh: h.shell.store.render(h.session.level !== 'administrator') };
}

/** Checks that `show config` prints the configuration as it is now. */
async function expectCurrent(h: Harness): Promise<string[]> {
  const { shown, fresh } = await shownAndFresh(h);
  expect(shown).toEqual(fresh);
  return shown;
}

async function adminHarness(shell?: Shell): Promise<Harness> {
  const h = new Harness(shell === undefined ? {} : { shell, clock: new FakeClock() });
  await h.settle();
  await h.run('console lines infinity');
  await h.admin();
  expect(h.session.level).toBe('administrator');
  return h;
}

describe('ConfigStore.shown', () => {
  const store = (): ConfigStore => new ConfigStore(undefined, lineSpeller(shippedGrammar()));

  test('gives the same lines while nothing changes, and renders again after changed()', () => {
    const s = store();
    const first = s.shown(false);
    expect(s.shown(false)).toBe(first);
    s.config.prompt = 'X';
    s.changed();
    expect(s.shown(false)).not.toBe(first);
    expect(s.shown(false)).toEqual(s.render());
    expect(s.shown(false)).toContain('console prompt X');
  });

  test('a new configuration set on the store renders again', () => {
    const s = store();
    s.shown(false);
    const c = structuredClone(s.config);
    c.prompt = 'Y';
    s.config = c;
    expect(s.shown(false)).toContain('console prompt Y');
  });

  test('keeps the masked and the plain lines apart', () => {
    const s = store();
    s.config.adminPassword = hashPassword('pw');
    s.changed();
    expect(s.shown(true)).toEqual(s.render(true));
    expect(s.shown(false)).toEqual(s.render(false));
    expect(s.shown(true)).not.toEqual(s.shown(false));
  });

  test('keeps nothing while an edit is under way, and renders again when it ends', () => {
    const s = store();
    s.shown(false);
    s.beginEdit();
    s.config.prompt = 'A';
    expect(s.shown(false)).toContain('console prompt A');
    s.config.prompt = 'B';
    expect(s.shown(false)).toContain('console prompt B');
    s.endEdit();
    expect(s.shown(false)).toContain('console prompt B');
    expect(s.shown(false)).toBe(s.shown(false));
  });
});

describe('show config after every path that edits the configuration', () => {
  test('every example of every administrator command, in the grammar order', async () => {
    const h = await adminHarness();
    // The session-ending and level commands are left out; so are the ones that read or write key files (no file here).
    const skip = new Set(['exit', 'quit', 'administrator', 'save']);
    let ran = 0;
    for (const c of shippedGrammar()) {
      if (c.level !== 'administrator' || skip.has(c.id) || c.id.startsWith('show.')) continue;
      for (const example of c.examples) {
        const before = h.shell.store.render();
        await h.run(example);
        const after = h.shell.store.render();
        const shown = await expectCurrent(h);
        if (JSON.stringify(after) !== JSON.stringify(before)) ran++;
        expect(shown).toEqual(after);
      }
    }
    // Most examples change the configuration: the test would prove little otherwise.
    expect(ran).toBeGreaterThan(20);
  });

  test('console prompt, then its no form, at the administrator level', async () => {
    const h = await adminHarness();
    await expectCurrent(h);
    await h.run('console prompt EDGE');
    expect(await expectCurrent(h)).toContain('console prompt EDGE');
    await h.run('no console prompt');
    expect(await expectCurrent(h)).not.toContain('console prompt EDGE');
  });

  test('a refused configuration command leaves show config as it was', async () => {
    const h = await adminHarness();
    const before = await expectCurrent(h);
    expect(await h.run('console prompt 12345678901234567890123456789012345678901234567890123456789012345')).toContainEqual(expect.stringMatching(/^Error:/));
    expect(await expectCurrent(h)).toEqual(before);
  });

  test('the interactive administrator password change (asked after the command, not a configuration command)', async () => {
    const h = await adminHarness();
    const before = await expectCurrent(h);
    expect(before.some((l) => l.startsWith('administrator password'))).toBe(false);
    await h.type('administrator password\r');
    await h.type('\r'); // Old_Password: none set
    await h.type('newpass\r');
    const out = await h.type('newpass\r');
    expect(out).toMatch(/# $/);
    expect((await expectCurrent(h)).some((l) => l.startsWith('administrator password encrypted '))).toBe(true);
  });

  test('the interactive login password change', async () => {
    const h = await adminHarness();
    await expectCurrent(h);
    await h.type('login password\r');
    await h.type('pass1\r');
    await h.type('pass1\r');
    expect((await expectCurrent(h)).some((l) => l.startsWith('login password encrypted '))).toBe(true);
  });

  test('another session edits: a user-level session sees the change (masked) in its next show config', async () => {
    const shell = buildShell({ clock: new FakeClock() });
    const admin = await adminHarness(shell);
    const user = new Harness({ shell, clock: admin.clock });
    await user.settle();
    await user.run('console lines infinity');
    await expectCurrent(user);
    await expectCurrent(admin);
    await admin.run('sip server 1 192.0.2.10 register udp sip:UserB@there.com UserB secret');
    const masked = await expectCurrent(user);
    expect(masked.some((l) => l.startsWith('sip server 1 ') && l.includes('********'))).toBe(true);
    expect((await expectCurrent(admin)).some((l) => l.includes('secret'))).toBe(true);
    await admin.run('no sip server 1');
    expect((await expectCurrent(user)).some((l) => l.startsWith('sip server 1 '))).toBe(false);
  });

  test('loading a configuration (the start-up load, SSH and the web pages load through it too)', async () => {
    const h = await adminHarness();
    await expectCurrent(h);
    expect(h.shell.loadConfig('console prompt LOADED\nsip use off\n')).toEqual([]);
    const shown = await expectCurrent(h);
    expect(shown).toContain('console prompt LOADED');
    expect(shown).toContain('sip use off');
  });

  test('a line run through the interpreter outside a console session (the web pages, sipsh exec, SSH exec)', async () => {
    const h = await adminHarness();
    await expectCurrent(h);
    await h.shell.interpreter.execute('dns static a web.example.test 192.0.2.7', new QuietSession('administrator'), h.shell, 0);
    expect(await expectCurrent(h)).toContain('dns static a web.example.test 192.0.2.7');
  });

  test('a configuration line applied to the running configuration itself', async () => {
    const h = await adminHarness();
    await expectCurrent(h);
    const session = new QuietSession('administrator');
    expect(h.shell.interpreter.applyConfigLine('console prompt APPLIED', h.shell.store.config, h.shell, session)).toBeUndefined();
    expect(await expectCurrent(h)).toContain('console prompt APPLIED');
  });

  test('configChanged (what a path that edits the configuration by itself calls)', async () => {
    const h = await adminHarness();
    await expectCurrent(h);
    h.shell.store.config.loginTimer = 123;
    h.shell.configChanged();
    expect(await expectCurrent(h)).toContain('login timer 123');
  });

  test('the Reporting Date of the header follows the clock', async () => {
    const h = await adminHarness();
    const first = (await h.run('show config'))[4];
    expect((await h.run('show config'))[4]).toBe(first);
    h.clock.advance(1000);
    const next = (await h.run('show config'))[4];
    expect(next).toMatch(/^# Reporting Date: /);
    expect(next).not.toBe(first);
  });
});
