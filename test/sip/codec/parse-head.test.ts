/** parseHead (status line by character code, one name look-up and one slice per field) reads what the former one read. */
import fc from 'fast-check';
import { parseHead } from '../../../src/sip/codec/parser';
import { formerParseHead } from './former-parse-head';

const start = fc.constantFrom('SIP/2.0 200 OK', 'sip/2.0 401 Unauthorized', 'SIP/2.0 999 x', 'SIP/2.0 200', 'REGISTER sip:a SIP/2.0', 'INVITE sip:b SIP/3.0', 'X', '');
const piece = fc.constantFrom('Via', 'v', 'CSeq', 'Contact', 'Call-ID', 'To', 'From', 'Content-Length', 'WWW-Authenticate', 'Proxy-Authorization', 'VIA', 'Vi', 'Contacts', 'Call-Id', 'X-Odd', 'bad name', 'n\u00e9', ':', ': ', ' ', '\t', '\u00a0', '\u0085', '\u000b', '\u000c', '\r', '\r\n', '\n', '\n ', '\n\t', 'SIP/2.0/UDP a;branch=1', '1 REGISTER', '<sip:x@y>', ',', '"q"');
const head = fc.tuple(start, fc.array(piece, { maxLength: 14 })).map(([s, xs]) => `${s}\r\n${xs.join('')}`);

const view = (r: ReturnType<typeof parseHead>): unknown => (r.ok ? { first: r.first, fields: r.headers.all(), keys: r.headers.canonicalNames(), contact: r.headers.getAll('m'), via: r.headers.getAll('VIA') } : r);

test('random header sections read the same as with the former parseHead', () => {
  fc.assert(fc.property(head, (h) => expect(view(parseHead(h))).toEqual(view(formerParseHead(h)))), { numRuns: 20000 });
});
