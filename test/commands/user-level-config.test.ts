/**
 * The configuration commands a user-level session may run (`console lines`, ...) change only the
 * session's own settings there: the interpreter applies the configuration (Shell.configChanged)
 * after a configuration command at the administrator level only.
 */
import { allHandlers } from '../../src/commands';
import { shippedGrammar } from '../../src/shell/build';
import { Harness } from '../helpers/harness';

/** Each user-level configuration command, in its forms that parse at the user level. */
const USER_LINES = ['console lines 30', 'console lines infinity', 'no console lines', 'console columns 100', 'no console columns', 'console character ja.utf8', 'no console character'];

test('every configuration command a user may run is among the lines checked here', () => {
  const userConfig = shippedGrammar()
    .filter((c) => c.level === 'user' && allHandlers[c.id]?.config === true)
    .map((c) => c.id)
    .sort();
  expect(userConfig).toEqual(['console.character', 'console.character.no', 'console.columns', 'console.columns.no', 'console.lines', 'console.lines.no']);
});

test('at the user level they leave the configuration as it is and do not apply it', async () => {
  const h = new Harness();
  await h.settle();
  let applied = 0;
  h.shell.onConfigChanged(() => applied++);
  const before = structuredClone(h.shell.store.config);
  for (const line of USER_LINES) {
    const out = await h.run(line);
    expect(out.filter((l) => l.startsWith('Error'))).toEqual([]);
  }
  expect(h.shell.store.config).toEqual(before);
  expect(applied).toBe(0);
});

test('at the administrator level each is applied', async () => {
  const h = new Harness();
  await h.settle();
  await h.admin();
  let applied = 0;
  h.shell.onConfigChanged(() => applied++);
  for (const line of USER_LINES) await h.run(line);
  expect(applied).toBe(USER_LINES.length);
  await h.run('console lines 30');
  expect(h.shell.store.config.lines).toBe(30);
});
