/** parseMessage (mandatory headers and Content-Length noted as the fields are read, no array of lines) reads what the former one read. */
import fc from 'fast-check';
import { cseqOf } from '../../../src/sip/codec/build';
import { ParseResult, parseMessage } from '../../../src/sip/codec/parser';
import { formerParseMessage } from './former-parse-message';

const start = fc.constantFrom('SIP/2.0 200 OK', 'SIP/2.0 401 Unauthorized', 'SIP/2.0 99 x', 'REGISTER sip:a SIP/2.0', 'INVITE sip:b SIP/2.0', 'OPTIONS sip:c SIP/7.0', 'BAD', '\r\nSIP/2.0 180 Ringing');
const field = fc.constantFrom(
  'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
  'v: SIP/2.0/UDP h',
  'From: <sip:a@b>;tag=1',
  'f: <sip:a@b>',
  'To: <sip:c@d>',
  't:<sip:c@d>',
  'Call-ID: x@y',
  'i: z',
  'CSeq: 1 REGISTER',
  'CSeq: 2 INVITE',
  'cseq:  3   OPTIONS ',
  'CSeq: 99999999999 REGISTER',
  'CSeq: 1',
  'Content-Length: 0',
  'Content-Length: 4',
  'l: 4',
  'Content-Length:  4 ',
  'Content-Length: x',
  'Content-Length: 1234567890',
  'Contact: <sip:a@b>',
  ' folded',
  '\tfolded',
  'bad line',
  ': empty',
  'Bad Name: x',
  '',
);
/** Each mandatory field (in some spelling) nine times in ten, then other fields, in a random order. */
const mandatory = fc.tuple(
  fc.option(fc.constantFrom('Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'v: SIP/2.0/UDP h'), { freq: 9 }),
  fc.option(fc.constantFrom('From: <sip:a@b>;tag=1', 'f: <sip:a@b>'), { freq: 9 }),
  fc.option(fc.constantFrom('To: <sip:c@d>', 't:<sip:c@d>'), { freq: 9 }),
  fc.option(fc.constantFrom('Call-ID: x@y', 'i: z'), { freq: 9 }),
  fc.option(fc.constantFrom('CSeq: 1 REGISTER', 'CSeq: 2 INVITE', 'cseq:  3   OPTIONS ', 'CSeq: 4 REGISTER'), { freq: 9 }),
);
const fields = fc
  .tuple(mandatory, fc.array(field, { maxLength: 6 }))
  .map(([m, extra]): string[] => [...(m as ReadonlyArray<string | null>).filter((x): x is string => x !== null), ...extra])
  .chain((all) => fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
const message = fc
  .tuple(start, fields, fc.constantFrom('\r\n', '\n'), fc.constantFrom('', 'body', 'bodybody', '\r\n'), fc.boolean())
  .map(([s, fs, eol, body, blank]) => Buffer.from(`${[s, ...fs].join(eol)}${blank ? `${eol}${eol}` : ''}${body}`, 'latin1'));

const view = (r: ParseResult): unknown =>
  r.ok
    ? { ...r.message, cseqMethod: undefined, headers: r.message.headers.all(), keys: r.message.headers.canonicalNames() }
    : { error: r.error, partial: r.partial !== undefined ? { ...r.partial, headers: r.partial.headers.all() } : undefined };

test('random messages read the same as with the former parseMessage', () => {
  const outcomes = new Map<string, number>();
  fc.assert(
    fc.property(message, (m) => {
      const r = parseMessage(m);
      expect(view(r)).toEqual(view(formerParseMessage(m)));
      // A parsed response carries the CSeq method the transaction layer matches on: the one its headers name.
      if (r.ok && r.message.kind === 'response') expect(r.message.cseqMethod).toBe(cseqOf(r.message)?.method);
      const k = r.ok ? 'ok' : r.error.replace(/".*|\d+/g, '');
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    }),
    { numRuns: 30000 },
  );
  // The runs reach whole messages and every kind of refusal.
  expect(outcomes.get('ok')).toBeGreaterThan(300);
  for (const k of ['missing via header', 'bad CSeq header', 'bad Content-Length', 'CSeq method does not match the request method', 'unsupported SIP version SIP/.']) expect(outcomes.get(k)).toBeGreaterThan(10);
});

test('a REGISTER, a 401 and a 200 as Kamailio sends them read whole', () => {
  const text = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1;rport=5060\r\nFrom: <sip:u@example.test>;tag=a\r\nTo: <sip:u@example.test>;tag=b\r\nCall-ID: c@127.0.0.1\r\nCSeq: 2 REGISTER\r\nContact: <sip:u@127.0.0.1:5060;transport=udp>;expires=3600\r\nServer: kamailio\r\nContent-Length: 0\r\n\r\n';
  const r = parseMessage(Buffer.from(text, 'latin1'));
  expect(view(r)).toEqual(view(formerParseMessage(Buffer.from(text, 'latin1'))));
  expect(r.ok && r.message.kind === 'response' && r.message.headers.get('contact')).toBe('<sip:u@127.0.0.1:5060;transport=udp>;expires=3600');
  expect(r.ok && r.message.kind === 'response' && r.message.cseqMethod).toBe('REGISTER');
});
