import fc from 'fast-check';
import { Key, KeyDecoder } from '../../src/shell/keys';

const feedBytes = (s: string): Key[] => {
  const d = new KeyDecoder();
  return [...s].flatMap((c) => d.feed(c));
};

test.each([
  ['CR', 'a\r'],
  ['LF', 'a\n'],
  ['CR LF', 'a\r\n'],
  ['CR NUL', 'a\r\0'],
])('%s is one Enter', (_n, s) => {
  expect(feedBytes(s)).toEqual([{ t: 'char', ch: 'a' }, { t: 'enter' }]);
  expect(new KeyDecoder().feed(s)).toEqual([{ t: 'char', ch: 'a' }, { t: 'enter' }]);
});

test('two Enters stay two', () => {
  expect(feedBytes('\r\n\r\n').filter((k) => k.t === 'enter')).toHaveLength(2);
  expect(feedBytes('\n\n').filter((k) => k.t === 'enter')).toHaveLength(2);
});

test('escape sequences, split byte by byte', () => {
  expect(feedBytes('\x1b[A\x1b[B\x1b[C\x1b[D\x1bOH\x1b[F\x1b[3~\x1b[1~\x1b[4~')).toEqual([
    { t: 'up' }, { t: 'down' }, { t: 'right' }, { t: 'left' }, { t: 'home' }, { t: 'end' }, { t: 'delete' }, { t: 'home' }, { t: 'end' },
  ]);
});

test('control keys, backspace and tab', () => {
  expect(feedBytes('\x01\x7f\x08\t\x03')).toEqual([{ t: 'ctrl', c: 'A' }, { t: 'backspace' }, { t: 'backspace' }, { t: 'tab' }, { t: 'ctrl', c: 'C' }]);
});

test('unknown or overlong escapes are dropped, and what follows still works', () => {
  expect(feedBytes('\x1b[99;99;99;99Zx\x1bxy')).toEqual([{ t: 'char', ch: 'x' }, { t: 'char', ch: 'y' }]);
});

test('any split gives the same keys; random bytes never throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(200)), (bytes, cuts) => {
      const s = Buffer.from(bytes).toString('latin1');
      const whole = new KeyDecoder().feed(s);
      const d = new KeyDecoder();
      const pts = [...new Set(cuts.filter((c) => c < s.length))].sort((a, b) => a - b);
      const parts: Key[] = [];
      let last = 0;
      for (const p of [...pts, s.length]) {
        parts.push(...d.feed(s.slice(last, p)));
        last = p;
      }
      expect(parts).toEqual(whole);
    }),
    { numRuns: 1000 },
  );
});
