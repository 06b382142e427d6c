import fc from 'fast-check';
import { completeAt, helpAt } from '../../src/grammar/help';
import { matchWords } from '../../src/grammar/matcher';
import { tokenize } from '../../src/grammar/tokenize';
import { shippedGrammar } from '../../src/shell/build';
import { Harness } from '../helpers/harness';

const grammar = shippedGrammar();
const vocabulary = [
  ...new Set(grammar.flatMap((c) => c.paths.flatMap((p) => p.map((t) => (t.kind === 'keyword' ? t.word : t.kind === 'pair' ? `${t.key}=` : ''))))),
  '1', '0', '65536', '127.0.0.1', '[::1]', '::1', '[::1]:5060', 'sip:a@b.test', 'sip:', '"', '"2#"', '|', 'grep', '?', 'x'.repeat(300), '\u00ff', '[', ']', '=',
];
const tokenLine = fc.array(fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 8 })), { maxLength: 14 }).map((ws) => ws.join(' '));

test('the matcher, help and completion always answer and never throw (token strings)', () => {
  fc.assert(
    fc.property(tokenLine, fc.boolean(), (line, trailingSpace) => {
      const l = trailingSpace ? `${line} ` : line;
      const r = matchWords(grammar, tokenize(l));
      expect(['ok', 'error']).toContain(r.kind);
      expect(Array.isArray(helpAt(grammar, l))).toBe(true);
      expect(typeof completeAt(grammar, l).insert).toBe('string');
    }),
    { numRuns: 3000 },
  );
});

test('the matcher never throws on random bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const line = Buffer.from(bytes).toString('latin1');
      const r = matchWords(grammar, tokenize(line));
      expect(['ok', 'error']).toContain(r.kind);
    }),
    { numRuns: 3000 },
  );
});

test('a session fed random keys at the administrator level keeps answering', async () => {
  const h = new Harness();
  await h.admin();
  const rnd = fc.sample(fc.array(fc.oneof(fc.constantFrom(...vocabulary.map((v) => `${v} `)), fc.string({ maxLength: 6 }), fc.constantFrom('\r', '\t', '?', '\x1b[A', '\x03', '\x15')), { maxLength: 12 }), { numRuns: 300, seed: 42 });
  for (const keys of rnd) {
    // keys never contain exit/quit fully typed with Enter in a way that ends the session: reset it if it did.
    const text = keys.join('').replaceAll('\x04', ''); // ^D would end the session
    await h.type(text.replace(/\b(exit|quit|administrator|login|save)\b/gi, 'x'));
    await h.type('\x03');
    expect(h.ended).toBe(false);
  }
  const out = await h.type('\x15show status analog\r');
  expect(out).toContain('TEL1: idle');
});
