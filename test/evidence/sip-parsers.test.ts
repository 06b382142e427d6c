/**
 * Evidence for docs/decisions.md: why sipsh has its own SIP codec. The npm packages the mission
 * named or came nearest (drachtio-sip 0.6.3, sip 0.0.6), pinned, on the inputs that matter here,
 * beside sipsh's parser on the same bytes.
 */
import { SipMessage } from 'drachtio-sip';
import * as kirm from 'sip';
import { parseVia, param } from '../../src/sip/codec/header-values';
import { parseMessage } from '../../src/sip/codec/parser';

const V6 = 'REGISTER sip:example.test SIP/2.0\r\nVia: SIP/2.0/TCP [::1]:25140;branch=z9hG4bKabc\r\nFrom: <sip:a@example.test>;tag=1\r\nTo: <sip:a@example.test>\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n';

test('drachtio-sip 0.6.3 reads the host of an IPv6 Via as "[" and loses port and branch', () => {
  const via = new SipMessage(V6).getParsedHeader('via')[0];
  expect(via?.host).toBe('[');
  expect(via?.port).toBeUndefined();
  expect(via?.params?.branch).toBeUndefined();
});

test('sip (kirm) 0.0.6 has the same IPv6 Via bug', () => {
  const via = kirm.parse(V6)?.headers.via?.[0];
  expect(via?.host).toBe('[');
  expect(via?.port).toBeUndefined();
});

test('sipsh reads it right', () => {
  const r = parseMessage(Buffer.from(V6));
  expect(r.ok).toBe(true);
  const via = r.ok ? parseVia(r.message.headers.get('via') ?? '') : undefined;
  expect(via).toMatchObject({ host: { kind: 'ipv6', address: '::1' }, port: 25140 });
  expect(param(via?.params ?? [], 'branch')).toBe('z9hG4bKabc');
});

test('drachtio-sip 0.6.3 returns no headers for a message with LF line ends; sipsh parses it', () => {
  const lf = V6.replace(/\r\n/g, '\n');
  expect(Object.keys(new SipMessage(lf).headers ?? {})).toEqual([]);
  expect(parseMessage(Buffer.from(lf)).ok).toBe(true);
});

test('drachtio-sip 0.6.3 does not cut the body at Content-Length (bytes); sipsh does', () => {
  const raw = 'MESSAGE sip:a@b.test SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:c@d.test>;tag=1\r\nTo: <sip:a@b.test>\r\nCall-ID: y\r\nCSeq: 1 MESSAGE\r\nContent-Length: 6\r\n\r\nこんab';
  expect(new SipMessage(raw).body).toBe('こんab'); // 6 is the byte length of "こん" alone
  const ours = parseMessage(Buffer.from(raw, 'utf8'));
  expect(ours.ok && ours.message.body.toString('utf8')).toBe('こん');
});
