/**
 * Session.start(): its promise ends when the session does, whatever ends it (the command loop, a
 * failed login, a bug before the loop), and a bug before the loop is reported and closes the session.
 */
import { buildShell } from '../../src/shell/build';
import { Session } from '../../src/shell/session';
import { Shell } from '../../src/shell/shell';
import { hashPassword } from '../../src/config/passwords';
import { FakeClock } from '../../src/util/clock';

function open(shell: Shell, authenticated = false): { session: Session; ended: () => boolean; out: () => string } {
  let out = '';
  let ended = false;
  const session = shell.openSession(
    {
      peer: 'test',
      write: (t) => {
        out += t;
      },
      end: () => {
        ended = true;
      },
    },
    { authenticated },
  );
  if (session === undefined) throw new Error('session limit');
  return { session, ended: () => ended, out: () => out };
}

test('start() resolves once the command loop ends (exit), with or without a login', async () => {
  for (const authenticated of [false, true]) {
    const shell = buildShell({ clock: new FakeClock() });
    const s = open(shell, authenticated);
    const done = s.session.start();
    await new Promise((r) => setImmediate(r));
    expect(s.out()).toMatch(/> $/);
    s.session.input('exit\r');
    await done;
    expect(s.ended()).toBe(true);
  }
});

test('start() resolves when the login fails and the session closes', async () => {
  const shell = buildShell({ clock: new FakeClock(), loginDelayMs: 0 });
  shell.store.config = { ...shell.store.config, loginPassword: hashPassword('right') };
  const s = open(shell);
  const done = s.session.start();
  s.session.close();
  await done;
  expect(s.ended()).toBe(true);
});

test('a bug before the command loop is reported, closes the session and ends start()', async () => {
  for (const authenticated of [false, true]) {
    const shell = buildShell({ clock: new FakeClock() });
    shell.notices = (): string[] => {
      throw new Error('notice bug');
    };
    const s = open(shell, authenticated);
    await s.session.start();
    expect(s.ended()).toBe(true);
    expect(shell.log.entries().some((l) => l.includes('notice bug'))).toBe(true);
    expect(s.out()).not.toMatch(/> $/);
  }
});
