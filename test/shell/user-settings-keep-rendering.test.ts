/**
 * The configuration commands a user-level session may run (`console lines`, `console columns`,
 * `console character` and their `no` forms) change only that session's own settings there
 * (Handler.config), so they leave the store's kept rendering of the configuration as it is: the
 * next `show config` prints the same kept lines, and they are still what a fresh rendering gives.
 * At the administrator level the same commands edit the configuration and it renders again.
 */
import { Harness } from '../helpers/harness';

/** The `#` header lines `show config` starts with (src/config/header.ts). */
const HEADER_LINES = 5;

const USER_SETTINGS = [
  'console lines 30',
  'console lines infinity',
  'no console lines',
  'console columns 100',
  'no console columns',
  'console character ascii',
  'no console character',
];

test('a user-level session setting its own console leaves show config kept and current', async () => {
  const h = new Harness();
  await h.settle();
  await h.run('console lines infinity');
  expect(h.session.level).toBe('user');
  await h.run('show config');
  const kept = h.shell.store.shown(true);
  for (const line of USER_SETTINGS) {
    expect(await h.run(line)).toEqual([]);
    expect(h.shell.store.shown(true)).toBe(kept);
    const shown = (await h.run('show config')).slice(HEADER_LINES);
    expect(shown).toEqual(h.shell.store.render(true));
  }
});

test('the same commands at the administrator level edit the configuration: show config renders again', async () => {
  const h = new Harness();
  await h.settle();
  await h.run('console lines infinity');
  await h.admin();
  expect(h.session.level).toBe('administrator');
  await h.run('show config');
  const kept = h.shell.store.shown(false);
  expect(await h.run('console columns 100')).toEqual([]);
  expect(h.shell.store.shown(false)).not.toBe(kept);
  expect((await h.run('show config')).slice(HEADER_LINES)).toContain('console columns 100');
});
