/**
 * A password check waiting for its source's slot gives up when its session closes (the session's
 * `closing` signal): nothing is checked or logged for it, at the login and in `administrator`.
 */
import { hashPassword } from '../../src/config/passwords';
import { buildShell } from '../../src/shell/build';
import { FakeClock } from '../../src/util/clock';
import { Harness } from '../helpers/harness';

/** One wrong password from the source, then every next attempt waits a minute. */
function guardedShell(): { clock: FakeClock; shell: ReturnType<typeof buildShell> } {
  const clock = new FakeClock();
  const shell = buildShell({ clock, loginDelayMs: 10, guesses: { freeAttempts: 1, baseMs: 60_000, maxMs: 60_000 } });
  return { clock, shell };
}

const outcomes = (shell: ReturnType<typeof buildShell>, what: string): string[] => shell.log.entries().filter((l) => l.includes(what) && / (succeeded|failed) for /.test(l));

test('a login check waiting for its slot is dropped when the connection closes', async () => {
  const { clock, shell } = guardedShell();
  shell.store.config.loginPassword = hashPassword('pw');
  const a = new Harness({ shell, clock });
  await a.settle();
  await a.type('bad\r');
  expect(outcomes(shell, 'Login')).toHaveLength(1);
  const b = new Harness({ shell, clock });
  await b.settle();
  await b.type('pw\r'); // waits for the source's next slot, a minute away
  b.session.close();
  clock.advance(61_000);
  await b.settle();
  expect(outcomes(shell, 'Login')).toHaveLength(1);
  expect(shell.guard.pending).toBe(0);
});

test("an administrator check waiting for its slot is dropped when the session closes, after a login that had its own check", async () => {
  const { clock, shell } = guardedShell();
  shell.store.config.loginPassword = hashPassword('pw');
  shell.store.config.adminPassword = hashPassword('ap');
  const a = new Harness({ shell, clock });
  const b = new Harness({ shell, clock });
  for (const h of [a, b]) {
    await h.settle();
    await h.type('pw\r');
    expect(h.out).toMatch(/> $/);
  }
  await a.type('administrator\r');
  await a.type('bad\r');
  expect(outcomes(shell, "'administrator'")).toHaveLength(1);
  await b.type('administrator\r');
  await b.type('ap\r'); // waits a minute for the source's slot
  b.session.close();
  clock.advance(61_000);
  await b.settle();
  expect(outcomes(shell, "'administrator'")).toHaveLength(1);
  expect(shell.guard.pending).toBe(0);
  expect(b.session.closing.aborted).toBe(true);
});
