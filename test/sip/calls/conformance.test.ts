/**
 * RFC 4475-style requests of our own, fed one byte at a time through the TCP framer and the parser
 * into the engine, and the answers RFC 3261 §8.2 / RFC 4475 §3.1.2 want.
 */
import { StreamFramer } from '../../../src/sip/codec/framer';
import { parseMessage } from '../../../src/sip/codec/parser';
import { tagParam } from '../../../src/sip/calls/dialog';
import { precheck } from '../../../src/sip/calls/conformance';
import { SERVER1, engineWithPhones } from './phones-fixture';

const SDP = 'v=0\r\no=- 1 1 IN IP4 192.0.2.77\r\ns=-\r\nc=IN IP4 192.0.2.77\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n';

function request(o: { start?: string; method?: string; cseq?: string; extra?: string[]; body?: string; type?: string }): string {
  const method = o.method ?? 'INVITE';
  const body = o.body ?? (method === 'INVITE' ? SDP : '');
  const lines = [
    o.start ?? `${method} sip:alice@127.0.0.1 SIP/2.0`,
    'Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKfix1',
    'Max-Forwards: 70',
    'From: <sip:bob@example.test>;tag=f1',
    'To: <sip:alice@127.0.0.1>',
    'Call-ID: fixture-1',
    `CSeq: ${o.cseq ?? `1 ${method}`}`,
    ...(o.extra ?? []),
    ...(body !== '' ? [`Content-Type: ${o.type ?? 'application/sdp'}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Feeds the bytes one by one; delivers each framed message to the engine as server 1 would over TCP. */
async function answer(text: string) {
  const f = await engineWithPhones((c) => c.servers.set(1, { ...(c.servers.get(1) ?? (undefined as never)), transport: 'tcp' }));
  const framer = new StreamFramer();
  const bytes = Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i++) {
    for (const ev of framer.feed(bytes.subarray(i, i + 1))) {
      if (ev.t !== 'frame') throw new Error(ev.error);
      const parsed = parseMessage(ev.bytes);
      // What the transport does: a message that does not parse goes to the engine as garbage.
      if (!parsed.ok) f.mem.events?.garbage({ ...SERVER1, transport: 'tcp' }, parsed.error, ev.bytes, parsed.partial, undefined);
      else f.mem.deliver(parsed.message, { ...SERVER1, transport: 'tcp' });
    }
  }
  return { f, res: f.responses().pop() };
}

describe('conformance answers (fed byte by byte)', () => {
  test('Require: 100rel (not done yet) → 420 with Unsupported: 100rel; the phone does not ring', async () => {
    const { f, res } = await answer(request({ extra: ['Require: 100rel'] }));
    expect(res).toMatchObject({ status: 420 });
    expect(res?.headers.get('unsupported')).toBe('100rel');
    expect(tagParam(res?.headers.get('to'))).toMatch(/^[0-9a-f]{16}$/);
    expect(f.tel1()?.state).toBe('idle');
  });
  test('an unknown Require on OPTIONS → 420 naming only the unknown tags', async () => {
    // timer (RFC 4028) is always supported; 100rel only with sip 100rel on
    const { res } = await answer(request({ method: 'OPTIONS', extra: ['Require: nothingwecando, timer, 100rel'] }));
    expect(res?.status).toBe(420);
    expect(res?.headers.get('unsupported')).toBe('nothingwecando, 100rel');
  });
  test('an unsupported URI scheme → 416', async () => {
    const { f, res } = await answer(request({ start: 'INVITE im:alice@127.0.0.1 SIP/2.0' }));
    expect(res?.status).toBe(416);
    expect(f.tel1()?.state).toBe('idle');
  });
  test('an INVITE body that is not SDP → 415 with Accept: application/sdp', async () => {
    const { res } = await answer(request({ body: '<xml/>', type: 'application/xml' }));
    expect(res?.status).toBe(415);
    expect(res?.headers.get('accept')).toBe('application/sdp');
  });
  test('a CSeq naming another method → 400', async () => {
    const { f, res } = await answer(request({ cseq: '1 OPTIONS' }));
    expect(res?.status).toBe(400);
    expect(f.tel1()?.state).toBe('idle');
  });
  test('a well-formed INVITE over TCP still rings (the fixture itself is sound)', async () => {
    const { f, res } = await answer(request({}));
    expect(res?.status).toBe(180);
    expect(f.tel1()?.state).toBe('ringing');
  });
  test('SIP/7.0 → 505 with the version named, nothing rings (RFC 3261 §8.2, RFC 4475 §3.1.2.x)', async () => {
    const { f, res } = await answer(request({ start: 'INVITE sip:alice@127.0.0.1 SIP/7.0' }));
    expect(res?.status).toBe(505);
    expect(res?.reason).toBe('Version Not Supported (SIP/7.0)');
    expect(res?.headers.get('call-id')).toBe('fixture-1');
    expect(res?.headers.get('via')).toBe('SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKfix1');
    expect(tagParam(res?.headers.get('to'))).toMatch(/^[0-9a-f]{16}$/);
    expect(f.tel1()?.state).toBe('idle');
    expect(f.mem.sent.length).toBe(1);
  });
  test('a start line with no SIP version at all is no request: no 505, nothing answered', async () => {
    const { f, res } = await answer(request({ start: 'INVITE sip:alice@127.0.0.1 HTTP/1.1' }));
    expect(res).toBeUndefined();
    expect(f.tel1()?.state).toBe('idle');
  });
  test('Require: 100rel with sip 100rel on rings (reliable 180) instead of 420', async () => {
    const f = await engineWithPhones((c) => (c.rel100 = true));
    const p = parseMessage(Buffer.from(request({ extra: ['Require: 100rel'] }).replace('SIP/2.0/TCP', 'SIP/2.0/UDP')));
    if (!p.ok) throw new Error(p.error);
    f.mem.deliver(p.message, SERVER1);
    const ringing = f.responses().pop();
    expect(ringing?.status).toBe(180);
    expect(ringing?.headers.get('require')).toBe('100rel');
    expect(f.tel1()?.state).toBe('ringing');
  });
  test('ACK and CANCEL are never answered 420 (RFC 3261 §8.2.2.3)', () => {
    const cancel = parseMessage(Buffer.from(request({ method: 'CANCEL', extra: ['Require: foo'] })));
    expect(cancel.ok && cancel.message.kind === 'request' && precheck(cancel.message)).toBeUndefined();
  });
});

describe('server transactions match branch + sent-by + method (RFC 3261 §17.2.3)', () => {
  test('the same branch from two sent-by: each request gets its own answer, sent back to its own source', async () => {
    const f = await engineWithPhones();
    const opt = (host: string) => {
      const p = parseMessage(Buffer.from(request({ method: 'OPTIONS' }).replace('SIP/2.0/TCP 192.0.2.1:5060', `SIP/2.0/UDP ${host}`)));
      if (!p.ok) throw new Error(p.error);
      return p.message;
    };
    f.mem.deliver(opt('192.0.2.1:5060'), SERVER1);
    f.mem.deliver(opt('192.0.2.9:5070'), { transport: 'udp', address: '192.0.2.9', port: 5070 });
    const answers = f.mem.sent.filter((s) => s.message.kind === 'response');
    expect(answers.map((a) => a.message.kind === 'response' && a.message.status)).toEqual([200, 200]);
    expect(answers.map((a) => `${a.target.address}:${a.target.port}`)).toEqual(['192.0.2.1:5060', '192.0.2.9:5070']);
    // a true retransmission (same branch, same sent-by) is absorbed: the 200 again, no new transaction
    f.mem.deliver(opt('192.0.2.9:5070'), { transport: 'udp', address: '192.0.2.9', port: 5070 });
    expect(f.mem.sent.filter((s) => s.message.kind === 'response').length).toBe(3);
  });
});
