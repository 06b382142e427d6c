/**
 * The order of `show config` lines whatever order the settings were made in: servers and phone
 * book entries by number, static names as `[...entries].sort()` orders the pairs (the text
 * `name,address`), whether or not the maps happen to be in that order already (render.ts skips
 * the sort when they are).
 */
import { buildShell } from '../../src/shell/build';

function rendered(lines: readonly string[]): string[] {
  const shell = buildShell();
  const errors = shell.loadConfig(lines.join('\n'));
  expect(errors).toEqual([]);
  return shell.store.render();
}

const server = (n: number): string => `sip server ${n} 192.0.2.${n} register udp sip:user${n}@example.test user${n} secret${n}`;
const book = (n: number): string => `analog extension sip address ${n} ${100 + n} sip:peer${n}@example.test`;

test('servers and book entries made out of order are rendered by number', () => {
  const out = rendered([server(10), server(2), server(1), book(3), book(20), book(1)]);
  expect(out).toEqual([server(1), server(2), server(10), book(1), book(3), book(20)]);
});

test('servers and book entries made in order are rendered in that order', () => {
  const out = rendered([server(1), server(2), server(10), book(1), book(3)]);
  expect(out).toEqual([server(1), server(2), server(10), book(1), book(3)]);
});

test('static names in the order of the sorted name,address texts', () => {
  const names = ['host10.example.test', 'host1.example.test', 'host2.example.test', 'a-b.example.test', 'a.example.test', 'ab.example.test'];
  const lines = names.map((n, i) => `dns static a ${n} 192.0.2.${i + 1}`);
  const expected = names.map((n, i) => [n, `192.0.2.${i + 1}`]).sort().map(([n, a]) => `dns static a ${n ?? ''} ${a ?? ''}`);
  expect(rendered(lines)).toEqual(expected);
  expect(rendered(expected)).toEqual(expected);
});

test('every kind of server and phone book line, mixed in one configuration, is rendered as typed', () => {
  const servers: string[] = [];
  let n = 0;
  for (const head of ['register udp', 'register tcp', 'no-register udp', 'no-register tcp'])
    for (const auth of ['', ' u', ' u pw'])
      for (const name of ['', ' name=x']) {
        n++;
        servers.push(`sip server ${n} 192.0.2.${n}:50${n} ${head} sip:user${n}@example.test${auth}${name}`);
      }
  const books = ['', ' server=2', ' name=Bob', ' server=3 name=Carol'].map((tail, i) => `analog extension sip address ${i + 1} ${100 + i} sip:peer${i}@example.test${tail}`);
  // Kinds alternate line after line, and again after a line of another kind.
  const lines = [...servers, ...books];
  expect(rendered(lines)).toEqual(lines);
});

test('a list out of order after its first lines is written again from the start, sorted', () => {
  const out = rendered([server(1), server(2), server(5), server(3), server(4), book(1), book(2), book(7), book(5)]);
  expect(out).toEqual([server(1), server(2), server(3), server(4), server(5), book(1), book(2), book(5), book(7)]);
});

test('static names where one begins another are in the order of their name,address texts', () => {
  // Set in the model directly: names the grammar would refuse (a comma, a '+' below it) reach
  // every branch of the comparison that skips making the texts, and the sort by names alone
  // that is not the texts' order ('a+' before 'a' by name, after it by text).
  const shell = buildShell();
  const alphabet = ['a', 'b', ',', '+', '.', '-', '0'];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const word = (max: number): string => Array.from({ length: next(max + 1) }, () => alphabet[next(alphabet.length)] ?? '').join('');
  for (let round = 0; round < 20; round++) {
    const m = new Map<string, string>();
    for (let i = 0; i < 40; i++) m.set(word(4), word(3));
    shell.store.config.dnsA = m;
    shell.store.changed();
    const expected = [...m.entries()].sort().map(([n, a]) => `dns static a ${n} ${a}`);
    expect(shell.store.render()).toEqual(expected);
  }
});
