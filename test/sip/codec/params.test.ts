/** parseParams read character by character gives what the expression-based reading gave. */
import { Params, isSpace, parseParams } from '../../../src/sip/codec/header-values';
import { SeededRandom } from '../../../src/util/random';
import { formerReadQuoted } from './former-read-quoted';

/** The former implementation, kept as the reference. */
function reference(text: string): Params | undefined {
  const out: Params = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[\s;]/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const m = /^([^\s=;,]+)\s*/.exec(text.slice(i));
    if (!m) return undefined;
    const name = m[1] as string;
    i += m[0].length;
    if (text[i] !== '=') {
      out.push([name, null]);
      continue;
    }
    i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '"') {
      const q = formerReadQuoted(text, i);
      if (!q) return undefined;
      i = q.end;
      out.push([name, q.value]);
    } else {
      const vm = /^[^\s;]*/.exec(text.slice(i));
      const v = vm ? vm[0] : '';
      i += v.length;
      out.push([name, v]);
    }
  }
  return out;
}

test('typical Via and Contact parameters', () => {
  for (const t of [';branch=z9hG4bK1;rport=5060;received=127.0.0.1', ';expires=1200;received="sip:127.0.0.1:54430"', ';lr', '', ' ; a = b ;c', ';a="x\\"y";b']) {
    expect(parseParams(t)).toEqual(reference(t));
  }
});

test('random texts parse the same as with the reference', () => {
  const r = new SeededRandom(13);
  const alphabet = ['a', 'b', '=', ';', ',', '"', '\\', ' ', '\t', '\r', '\n', '\u00a0', '\u2028', '\u3000', '\ufeff', 'x', '1', '.', ':', '<', '>'];
  for (let k = 0; k < 20000; k++) {
    const len = r.uint32() % 16;
    let t = '';
    for (let i = 0; i < len; i++) t += alphabet[r.uint32() % alphabet.length];
    expect(parseParams(t)).toEqual(reference(t));
  }
});

test('isSpace is what \\s matches, for every UTF-16 code unit', () => {
  const wrong: number[] = [];
  for (let c = 0; c <= 0xffff; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
  expect(wrong).toEqual([]);
});
