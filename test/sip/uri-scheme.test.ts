/** The URI scheme read by character code gives what the former expression gave, on random texts. */
import fc from 'fast-check';
import { parseSipUri, uriScheme } from '../../src/sip/uri';

function formerScheme(text: string): { scheme: 'sip' | 'sips'; rest: string } | undefined {
  const m = /^(sips?):(.*)$/i.exec(text);
  return m ? { scheme: (m[1] ?? 'sip').toLowerCase() as 'sip' | 'sips', rest: m[2] ?? '' } : undefined;
}

const piece = fc.constantFrom('sip', 'SIP', 'sIps', 's', 'S', 'i', 'I', 'p', 'P', ':', '\u017f', '\u0131', '\u212a', 'u@h', '127.0.0.1:5060', ';transport=udp', '\n', '\r', '\u2028', '\u2029', ' ', '\t', 'x');
const text = fc.array(piece, { maxLength: 7 }).map((xs) => xs.join(''));

test('uriScheme reads what /^(sips?):(.*)$/i read', () => {
  fc.assert(fc.property(text, (t) => expect(uriScheme(t)).toEqual(formerScheme(t))), { numRuns: 20000 });
  for (const t of ['sip:a@b', 'SIPS:a', 'sips:', 'sip:', 'sip', 'sipss:x', 'sip:a\nb', 'tel:1']) expect(uriScheme(t)).toEqual(formerScheme(t));
  expect(parseSipUri('SIP:u00001@127.0.0.1:5060;transport=udp')).toMatchObject({ ok: true, value: { scheme: 'sip', user: 'u00001', port: 5060 } });
});

test('URIs read in turn (the host memo keeps two) read as each one alone', () => {
  const texts = ['sip:u00001@example.test', 'sip:u00001@127.0.0.1:5060;transport=udp', 'sip:a@[2001:db8::1]:5070', 'sip:b@bad..host', 'sip:c@example.test:0'];
  const alone = texts.map((t) => JSON.stringify(parseSipUri(t)));
  for (let round = 0; round < 3; round++) {
    for (const order of [[0, 1, 0, 1], [1, 2, 1, 0, 2], [3, 4, 3, 0, 4, 4]]) {
      for (const i of order) expect(JSON.stringify(parseSipUri(texts[i] as string))).toBe(alone[i]);
    }
  }
});

test('a URI whose part after the user was read before (the memo keeps two) reads as it does alone', () => {
  const user = fc.array(fc.constantFrom('u', '0', '9', '.', '-', '_', '!', '~', '*', "'", '(', '&', '=', '+', '$', ',', ';', '/', '%', '?', ':', '@', ' ', '\n', 'é', '<', '"'), { minLength: 0, maxLength: 6 }).map((xs) => xs.join(''));
  const rest = fc.constantFrom('example.test', '127.0.0.1:5060;transport=udp', '[2001:db8::1]:5070;lr', 'bad..host', 'example.test:0', 'h;x=', 'h;transport=udp?x=1', 'h\n', 'h;a=b;c', 'EXAMPLE.test:5061');
  const scheme = fc.constantFrom('sip:', 'sip:', 'SIP:', 'sips:');
  /** Parsed with both memo entries taken by texts no other one shares: the full reading. */
  const alone = (t: string): string => {
    parseSipUri('sip:memo1@memo-one.invalid');
    parseSipUri('sip:memo2@memo-two.invalid');
    return JSON.stringify(parseSipUri(t));
  };
  fc.assert(
    fc.property(fc.array(fc.tuple(scheme, user, rest), { minLength: 1, maxLength: 6 }), (parts) => {
      const texts = parts.map(([s, u, r]) => `${s}${u}@${r}`);
      const expected = texts.map(alone);
      // Read in turn, so that each one meets the memo its predecessors left.
      for (let round = 0; round < 2; round++) texts.forEach((t, i) => expect(JSON.stringify(parseSipUri(t))).toBe(expected[i]));
    }),
    { numRuns: 3000 },
  );
});
