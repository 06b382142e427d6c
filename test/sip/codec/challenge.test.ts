/** parseChallenge read by character code gives what the expression-based reading gave. */
import { Challenge, parseChallenge } from '../../../src/sip/codec/header-values';
import { SeededRandom } from '../../../src/util/random';
import { formerReadQuoted } from './former-read-quoted';

/** The former implementation, kept as the reference. */
function reference(value: string): Challenge | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9-]*)\s+(.*)$/s.exec(value);
  if (!m) return undefined;
  const params = new Map<string, string>();
  const text = m[2] as string;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const nm = /^([A-Za-z0-9_-]+)\s*=\s*/.exec(text.slice(i));
    if (!nm) return undefined;
    i += nm[0].length;
    let v = '';
    if (text[i] === '"') {
      const q = formerReadQuoted(text, i);
      if (!q) return undefined;
      v = q.value;
      i = q.end;
    } else {
      const vm = /^[^\s,]*/.exec(text.slice(i));
      v = vm ? vm[0] : '';
      i += v.length;
    }
    params.set((nm[1] as string).toLowerCase(), v);
  }
  return { scheme: (m[1] as string).toLowerCase(), params };
}

test("Kamailio's challenge and odd spellings", () => {
  for (const t of ['Digest realm="example.test", nonce="awjyhGsI8ViZclC/RxhMQjH49zrEgZ1nL5GvU4A=", qop="auth"', 'Digest  realm = "a\\"b" ,, stale=TRUE,algorithm=MD5', 'Basic realm="x"', 'Digest', 'Digest realm', 'Digest realm="open']) {
    expect(parseChallenge(t)).toEqual(reference(t));
  }
});

test('random challenge-like texts parse the same as with the reference', () => {
  const r = new SeededRandom(7);
  const parts = ['realm="r"', 'nonce=n', ', ', 'realm', 'nonce', 'qop', '=', '"', '\\', ',', ' ', '\t', '\n', '\u00a0', '\u3000', 'auth', 'MD5', 'a_b-c', ';', '.', 'x'];
  let read = 0;
  for (let k = 0; k < 20000; k++) {
    let t = 'Digest ';
    const len = r.uint32() % 12;
    for (let i = 0; i < len; i++) t += parts[r.uint32() % parts.length];
    const c = parseChallenge(t);
    expect(c).toEqual(reference(t));
    if (c !== undefined && c.params.size > 0) read++;
  }
  expect(read).toBeGreaterThan(1000);
});

test('random schemes and white space before the parameters parse the same as with the reference', () => {
  const r = new SeededRandom(11);
  const lead = ['', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff'];
  const scheme = ['Digest', 'digest', 'D', 'x-y', 'A1', '1x', '-a', 'Dig\u00e9st', 'Basic', ''];
  const gap = ['', ' ', '  ', '\t', '\r\n', '\u3000', ',', '='];
  const rest = ['realm="r"', 'realm="r", nonce="n"', '', ' ', 'x', '\n', 'qop=auth'];
  for (let k = 0; k < 20000; k++) {
    const t = [lead, lead, scheme, gap, gap, rest].map((xs) => xs[r.uint32() % xs.length]).join('');
    expect(parseChallenge(t)).toEqual(reference(t));
  }
});
