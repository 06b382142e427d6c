/** The web forms run grammar commands spelt from their declarations; errors come from the interpreter's typed outcome. */
import { buildShell } from '../../src/shell/build';
import { Shell } from '../../src/shell/shell';
import { runInvocation } from '../../src/web/commands';

let shell: Shell;
beforeEach(() => {
  shell = buildShell();
});
const errors = (r: { errors: ReadonlyMap<string, string> }) => Object.fromEntries(r.errors);

test('a server form becomes the same configuration as the console line', async () => {
  const r = await runInvocation(shell, {
    command: 'sip.server',
    keywords: ['register', 'udp'],
    values: [
      { name: 'N', field: 'n', text: '3' },
      { name: 'SERVER', field: 'server', text: '[2001:db8::1]:5070' },
      { name: 'SIPADDRESS', field: 'sipaddress', text: 'sip:a@example.test' },
      { name: 'USER', field: 'user', text: 'a' },
      { name: 'PASS', field: 'password', text: '' },
    ],
  });
  expect(r.ok).toBe(true);
  expect(shell.store.render()).toContain('sip server 3 [2001:db8::1]:5070 register udp sip:a@example.test a');
});

test('a dial prefix is spelt as its type writes it and reads back unquoted', async () => {
  expect((await runInvocation(shell, { command: 'analog.prefix', values: [{ name: 'N', field: 'n', text: '2' }, { name: 'DIAL', field: 'prefix', text: '2#' }] })).ok).toBe(true);
  expect(shell.store.config.serverPrefixes.get(2)).toBe('2#');
});

test('the offending word is mapped back to its field, with the interpreter’s message', async () => {
  const r = await runInvocation(shell, {
    command: 'analog.book',
    values: [
      { name: 'NUM', field: 'num', text: '1' },
      { name: 'DIAL_NUMBER', field: 'dial', text: '30' },
      { name: 'SIP_ADDRESS', field: 'sipaddress', text: 'sip:example.test' },
      { name: 'N', field: 'server', text: '1' },
    ],
  });
  expect(errors(r)).toEqual({ sipaddress: 'Error: Invalid parameter: "sip:example.test" has no user part (sip:user@host)' });
  expect(shell.store.config.book.size).toBe(0);
});

test('a refusal by the handler (not the grammar) belongs to the form as a whole', async () => {
  const r = await runInvocation(shell, { command: 'sip.server.connect', values: [{ name: 'N', field: 'n', text: '9' }] });
  expect(r.ok).toBe(false);
  expect([...r.errors.keys()]).toEqual(['']);
  expect(r.errors.get('')).toMatch(/^Error: SIP server 9 is not configured/);
});

test('a value the declaration needs, or one the form always sends, is named when empty', async () => {
  const pass = await runInvocation(shell, {
    command: 'sip.server',
    keywords: ['register', 'udp'],
    values: [
      { name: 'N', field: 'n', text: '1' },
      { name: 'SERVER', field: 'server', text: '192.0.2.1' },
      { name: 'SIPADDRESS', field: 'sipaddress', text: 'sip:a@example.test' },
      { name: 'USER', field: 'user', text: '' },
      { name: 'PASS', field: 'password', text: 'pw' },
    ],
  });
  expect(errors(pass)).toEqual({ user: 'Error: Insufficient or too many parameters: USER is empty' });
  const server = await runInvocation(shell, { command: 'analog.prefix.no', values: [{ name: 'N', field: 'n', text: '', required: true }] });
  expect(errors(server)).toEqual({ n: 'Error: Insufficient or too many parameters: N is empty' });
  expect(shell.store.dirty).toBe(false);
});

test('a field cannot add words or open a quote', async () => {
  for (const text of ['1 2', '"1', '1\t2']) {
    const r = await runInvocation(shell, { command: 'sip.server.no', values: [{ name: 'N', field: 'n', text }] });
    expect(errors(r)).toEqual({ n: 'Error: Invalid parameter: n must be one word, without spaces or quotes' });
  }
});

test('a form naming a command the grammar lacks is a bug, not a silent no-op', async () => {
  await expect(runInvocation(shell, { command: 'no.such', values: [] })).rejects.toThrow(/lacks: no\.such/);
});
