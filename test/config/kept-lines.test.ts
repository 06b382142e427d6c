/**
 * The lines of the long lists (servers, phone book, static names) are made when each entry is set
 * by its handler and kept (render.ts, keepServerLine); a render writes the kept line of each entry
 * and makes the others. Whatever path changed the configuration (a load, a command in the running
 * configuration as the console and the web pages run it, a replacement, a removal, a copy), the
 * store's render must equal, line for line, a render of the same configuration by a speller that
 * has nothing kept, plain and masked.
 */
import { renderConfig } from '../../src/config/render';
import { lineSpeller } from '../../src/grammar/spell';
import { buildShell, shippedGrammar } from '../../src/shell/build';
import { QuietSession, Shell } from '../../src/shell/shell';
import { allListKinds } from '../helpers/list-lines';


/** The store's render against a render of the same configuration with nothing kept, plain and masked. */
function expectAsFresh(shell: Shell): void {
  const fresh = lineSpeller(shippedGrammar());
  for (const masked of [false, true]) expect(shell.store.render(masked)).toEqual(renderConfig(shell.store.config, masked, fresh));
}

/** Runs `line` in the running configuration as the web pages and `sipsh exec` do. */
async function execute(shell: Shell, line: string): Promise<void> {
  const outcome = await shell.interpreter.execute(line, new QuietSession('administrator'), shell, 0);
  expect(outcome).toEqual({ kind: 'done' });
}

test('after a load, every kind of line is written as a render with nothing kept writes it', () => {
  const shell = buildShell();
  expect(shell.loadConfig(allListKinds().join('\n'))).toEqual([]);
  expectAsFresh(shell);
  expect(shell.store.render()).toEqual(expect.arrayContaining(allListKinds()));
  expect(shell.store.render(true)).toContain('sip server 3 192.0.2.3:503 register udp sip:user3@example.test u ********');
});

test('entries replaced, removed and set again, in a load and in the running configuration', async () => {
  const shell = buildShell();
  expect(shell.loadConfig(allListKinds().join('\n'))).toEqual([]);
  // A second load starts from a copy of the running configuration: the copy shares its entries.
  const changes = [
    'sip server 3 192.0.2.33 register tcp sip:other@example.test u2 p2 name=y',
    'no sip server 4',
    'sip server 4 192.0.2.44 no-register udp sip:back@example.test',
    'analog extension sip address 2 202 sip:q@example.test server=5',
    'no analog extension sip address 3',
    'dns static a host.example.test 192.0.2.9',
    'no dns static a other.example.test',
    'dns static aaaa new.example.test 2001:db8::2',
  ];
  expect(shell.loadConfig(changes.join('\n'))).toEqual([]);
  expectAsFresh(shell);
  expect(shell.store.render()).toEqual(expect.arrayContaining(['sip server 3 192.0.2.33 register tcp sip:other@example.test u2 p2 name=y', 'dns static a host.example.test 192.0.2.9']));
  expect(shell.store.render().join('\n')).not.toContain('other.example.test');

  for (const line of [
    'sip server 5 192.0.2.55 register udp sip:five@example.test u5 p5',
    'sip server 5 192.0.2.56 register udp sip:five@example.test u5',
    'no sip server 6',
    'analog extension sip address 9 909 sip:nine@example.test name=Nine',
    'no analog extension sip address 1',
    'dns static a other.example.test 192.0.2.2',
    'dns static a other.example.test 192.0.2.3',
    'no dns static aaaa host.example.test',
  ])
    await execute(shell, line);
  expectAsFresh(shell);
  const lines = shell.store.render();
  expect(lines).toEqual(expect.arrayContaining(['sip server 5 192.0.2.56 register udp sip:five@example.test u5', 'dns static a other.example.test 192.0.2.3']));
  expect(lines.join('\n')).not.toContain('192.0.2.55');
  expect(lines.join('\n')).not.toContain('dns static aaaa host.example.test');
});

test('a name set again to its first address after another is written with that address', async () => {
  const shell = buildShell();
  await execute(shell, 'dns static a h.example.test 192.0.2.1');
  const first = shell.store.config;
  expect(shell.loadConfig('dns static a h.example.test 192.0.2.2')).toEqual([]);
  // The first configuration still has the first address; its line is not the second one's.
  shell.store.config = first;
  expect(shell.store.render()).toEqual(['dns static a h.example.test 192.0.2.1']);
  expectAsFresh(shell);
});

test('entries set in the model directly (no kept line) are rendered among kept ones', () => {
  const shell = buildShell();
  expect(shell.loadConfig(allListKinds().join('\n'))).toEqual([]);
  const c = shell.store.config;
  c.servers.set(7, { n: 7, server: { host: { kind: 'ipv4', address: '192.0.2.77' }, port: undefined }, register: true, transport: 'udp', sipAddress: 'sip:direct@example.test', user: 'd', password: 'dp', name: undefined });
  c.book.set(2, { num: 2, dialNumber: '222', sipAddress: 'sip:direct@example.test', server: undefined, name: 'Direct' });
  c.dnsA.set('host.example.test', '192.0.2.99');
  shell.store.changed();
  expectAsFresh(shell);
  expect(shell.store.render()).toEqual(expect.arrayContaining(['sip server 7 192.0.2.77 register udp sip:direct@example.test d dp', 'analog extension sip address 2 222 sip:direct@example.test name=Direct', 'dns static a host.example.test 192.0.2.99']));
  expect(shell.store.render(true)).toContain('sip server 7 192.0.2.77 register udp sip:direct@example.test d ********');
});

test('the render writes the line made when the entry was set, not one made again', () => {
  // Entries are immutable: a line is kept by its entry. Changing an entry behind its handler's
  // back (never done by sipsh) shows which line the render wrote.
  const shell = buildShell();
  expect(shell.loadConfig(['sip server 1 192.0.2.1 register udp sip:a@example.test u p', 'analog extension sip address 1 101 sip:b@example.test'].join('\n'))).toEqual([]);
  const server = shell.store.config.servers.get(1);
  const entry = shell.store.config.book.get(1);
  if (server === undefined || entry === undefined) throw new Error('not loaded');
  Object.assign(server, { sipAddress: 'sip:changed@example.test' });
  Object.assign(entry, { sipAddress: 'sip:changed@example.test' });
  shell.store.changed();
  expect(shell.store.render()).toEqual(['sip server 1 192.0.2.1 register udp sip:a@example.test u p', 'analog extension sip address 1 101 sip:b@example.test']);
  expect(shell.store.render(true)).toEqual(['sip server 1 192.0.2.1 register udp sip:a@example.test u ********', 'analog extension sip address 1 101 sip:b@example.test']);
});
