/** The status line and CSeq read by character code give what the former expressions gave, on random texts. */
import fc from 'fast-check';
import { readCSeq } from '../../../src/sip/codec/build';
import { statusLine } from '../../../src/sip/codec/parser';

/** The former readings, kept as the references. */
function formerStatusLine(start: string): { status: number; reason: string } | undefined {
  const resp = /^SIP\/2\.0 (\d{3})(?: (.*))?$/i.exec(start);
  return resp ? { status: Number(resp[1]), reason: resp[2] ?? '' } : undefined;
}
function formerCSeq(v: string): { seq: number; method: string } | undefined {
  const m2 = /^(\d+)\s+(\S+)$/.exec(v);
  return m2 ? { seq: Number(m2[1]), method: m2[2] as string } : undefined;
}

const piece = fc.constantFrom('SIP/2.0 ', 'sip/2.0 ', 'SiP/2.0', 'SIP/2.1 ', 'S', 'I', 'P', '/', '2', '.', '0', ' ', '\t', '\r', '\n', '\u2028', '\u00a0', '\u017f', '\u0130', '\ufeff', '200', '4', '99', 'OK', 'Not Found', 'REGISTER', '00012', '9'.repeat(20), 'x y');
const text = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));

test('statusLine reads what /^SIP\\/2\\.0 (\\d{3})(?: (.*))?$/i read', () => {
  fc.assert(fc.property(text, (t) => expect(statusLine(t)).toEqual(formerStatusLine(t))), { numRuns: 20000 });
  for (const t of ['SIP/2.0 200 OK', 'sip/2.0 401', 'SIP/2.0 200 ', 'SIP/2.0 200  two', 'SIP/2.0 200 a\rb', 'SIP/2.0 2000', 'SIP/2.0 20']) expect(statusLine(t)).toEqual(formerStatusLine(t));
});

test('readCSeq reads what /^(\\d+)\\s+(\\S+)$/ read', () => {
  fc.assert(fc.property(text, (t) => expect(readCSeq(t)).toEqual(formerCSeq(t))), { numRuns: 20000 });
  for (const t of ['1 REGISTER', '0009 INVITE', '1  \t REGISTER', '1REGISTER', ' 1 REGISTER', '1 REGISTER ', '1 A B', '', '12']) expect(readCSeq(t)).toEqual(formerCSeq(t));
});
