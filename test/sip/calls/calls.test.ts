/** Dial plan, SDP, G.711, and call state machines on a fake clock with in-memory transport and RTP. */
import { routeDial } from '../../../src/sip/calls/dial-plan';
import { linearToAlaw, linearToUlaw, toneFrame } from '../../../src/sip/calls/g711';
import { buildSdp, parseSdp } from '../../../src/sip/calls/sdp';
import { Headers, SipRequest } from '../../../src/sip/codec/message';
import { responseTo } from '../../../src/sip/codec/build';
import { engineWithPhones, testConfig } from './phones-fixture';
import { sipSettings } from '../../../src/config/sip-settings';
import { controlWords } from '../../../src/commands/sip-commands';

const config = () => sipSettings(testConfig());

describe('dial plan (the seed)', () => {
  test('prefix + number → sip:NUMBER@DOMAIN through that server', () => {
    expect(routeDial('2#05012345678', config())).toMatchObject({ ok: true, requestUri: 'sip:05012345678@there.com', server: { n: 1 }, via: 'prefix' });
  });
  test('phone book prefix + entry number → the entry, through server 1 by default', () => {
    expect(routeDial('9#30', config())).toMatchObject({ ok: true, requestUri: 'sip:UserA@there.com', server: { n: 1 }, via: 'book' });
  });
  test('the longest prefix wins; the domain keeps an IPv6 host and port', () => {
    expect(routeDial('2#512', config())).toMatchObject({ ok: true, requestUri: 'sip:12@[2001:db8::1]:5070', server: { n: 2 } });
  });
  test.each([
    ['8#1', 'no route for 8#1'],
    ['9#99', 'no route for 9#99: no phone book entry 99'],
    ['9#31', 'no route for 9#31: SIP server 7 is not configured'],
    ['2#', 'no route for 2#: nothing after the prefix'],
  ])('%s → %s', (digits, reason) => {
    expect(routeDial(digits, config())).toEqual({ ok: false, reason });
  });
});

describe('SDP', () => {
  test('offer for IPv4 and IPv6 (no brackets in SDP), parsed back', () => {
    for (const address of ['127.0.0.1', '::1']) {
      const sdp = buildSdp({ address, port: 20000, payloads: [0, 8] }, 42);
      expect(sdp.toString()).toContain(`c=IN ${address.includes(':') ? 'IP6' : 'IP4'} ${address}\r\n`);
      expect(parseSdp(sdp)).toEqual({ address, port: 20000, payloads: [0, 8], telephoneEvent: undefined, direction: 'sendrecv' });
    }
  });
  test('media-level c= overrides the session one; missing audio → undefined', () => {
    expect(parseSdp(Buffer.from('v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 8 0\r\nc=IN IP4 192.0.2.2\r\n'))).toMatchObject({ address: '192.0.2.2', port: 4000, payloads: [8, 0] });
    expect(parseSdp(Buffer.from('v=0\r\nc=IN IP4 192.0.2.1\r\nm=video 4000 RTP/AVP 31\r\n'))).toBeUndefined();
  });
});

describe('G.711', () => {
  test('known code words', () => {
    expect(linearToUlaw(0)).toBe(0xff);
    expect(linearToUlaw(-1)).toBe(0x7f);
    expect(linearToUlaw(32767)).toBe(0x80);
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToAlaw(-8)).toBe(0x55);
  });
  test('a tone frame is 160 bytes and repeats each millisecond (8 samples)', () => {
    const f = toneFrame(0);
    expect(f.length).toBe(160);
    expect(f.subarray(0, 8).equals(f.subarray(8, 16))).toBe(true);
  });
});

describe('outgoing call state machine', () => {
  test('calling → ringing → talking: ACK to the Contact through the reversed Record-Route set; RTP to the answer', async () => {
    const { mem, engine, settle, tel1, rtps } = await engineWithPhones();
    engine.dial(1, '2#0501');
    await settle();
    const inv = mem.requests('INVITE')[0] as SipRequest;
    expect(inv.uri).toBe('sip:0501@there.com');
    expect(tel1()?.state).toBe('calling');
    mem.answer(180);
    expect(tel1()?.state).toBe('ringing');
    const ok = responseTo(inv, 200, 'OK', 't2');
    ok.headers.add('Contact', '<sip:callee@192.0.2.99:5080>').add('Record-Route', '<sip:192.0.2.50;lr>, <sip:[2001:db8::50];transport=tcp;lr>');
    mem.deliver({ ...ok, body: buildSdp({ address: '192.0.2.99', port: 4000, payloads: [8] }, 1) }, { transport: 'udp', address: '192.0.2.1', port: 5060 });
    const acks = mem.sent.filter((s) => s.message.kind === 'request' && s.message.method === 'ACK');
    const ack = acks[0];
    expect(ack?.message.kind === 'request' && ack.message.uri).toBe('sip:callee@192.0.2.99:5080');
    expect(ack?.message.headers.getAll('route')).toEqual(['<sip:[2001:db8::50];transport=tcp;lr>', '<sip:192.0.2.50;lr>']);
    expect(ack?.target).toEqual({ transport: 'tcp', address: '2001:db8::50', port: 5060 });
    expect(tel1()?.state).toBe('talking');
    expect(rtps[0]?.started).toMatchObject({ address: '192.0.2.99', port: 4000, payloads: [8] });
    // a retransmitted 2xx is ACKed again, nothing else changes
    mem.deliver({ ...ok, body: buildSdp({ address: '192.0.2.99', port: 4000, payloads: [8] }, 1) }, { transport: 'udp', address: '192.0.2.1', port: 5060 });
    expect(mem.sent.filter((s) => s.message.kind === 'request' && s.message.method === 'ACK').length).toBe(2);
    expect(tel1()?.state).toBe('talking');
  });

  test('hangup before any provisional response waits for one to send CANCEL (RFC 3261 §9.1); the port is free at once', async () => {
    const { mem, engine, settle, tel1 } = await engineWithPhones();
    engine.dial(1, '2#0501');
    await settle();
    engine.hangup(1);
    expect(tel1()?.state).toBe('idle');
    expect(mem.requests('CANCEL')).toEqual([]);
    mem.answer(100);
    const cancel = mem.requests('CANCEL')[0];
    expect(cancel?.headers.get('cseq')).toBe('1 CANCEL');
    expect(cancel?.headers.get('via')).toBe(mem.requests('INVITE')[0]?.headers.get('via'));
  });

  test('Timer B: no answer at all → failed "no answer (Timer B)" after 64 x T1', async () => {
    const { clock, engine, settle, tel1 } = await engineWithPhones();
    engine.dial(1, '2#0501');
    await settle();
    clock.advance(31_999);
    expect(tel1()?.state).toBe('calling');
    clock.advance(1);
    expect(tel1()).toMatchObject({ state: 'failed', reason: 'no answer (Timer B)' });
  });

  test('407 → INVITE again with Proxy-Authorization, new CSeq, same Call-ID; a second 407 fails', async () => {
    const { mem, engine, settle, tel1 } = await engineWithPhones();
    engine.dial(1, '9#30');
    await settle();
    mem.answer(407, { 'Proxy-Authenticate': 'Digest realm="there.com", nonce="n", qop="auth"' });
    const [a, b] = mem.requests('INVITE');
    expect(b?.headers.get('cseq')).toBe('2 INVITE');
    expect(b?.headers.get('call-id')).toBe(a?.headers.get('call-id'));
    expect(b?.headers.get('proxy-authorization')).toMatch(/username="u", realm="there\.com", nonce="n", uri="sip:UserA@there\.com"/);
    mem.answer(407, { 'Proxy-Authenticate': 'Digest realm="there.com", nonce="n", qop="auth"' });
    expect(tel1()).toMatchObject({ state: 'failed', code: 407 });
  });

  test('a busy port refuses a second dial until hung up', async () => {
    const { mem, engine, settle } = await engineWithPhones();
    engine.dial(1, '2#1');
    await settle();
    mem.answer(486);
    expect(controlWords(engine.dial(1, '2#1'))).toBe('Error: TEL1 is busy; hang up first (phone 1 hangup)');
    engine.hangup(1);
    expect(engine.dial(1, '2#1')).toBeUndefined();
  });
});

describe('incoming call', () => {
  function invite(): SipRequest {
    const h = new Headers()
      .add('Via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKin1')
      .add('From', '<sip:bob@example.test>;tag=b1')
      .add('To', '<sip:alice@127.0.0.1>')
      .add('Call-ID', 'in1')
      .add('CSeq', '7 INVITE')
      .add('Contact', '<sip:bob@192.0.2.77:5090>')
      .add('Content-Type', 'application/sdp');
    return { kind: 'request', method: 'INVITE', uri: 'sip:alice@127.0.0.1:5060', headers: h, body: buildSdp({ address: '192.0.2.77', port: 6000, payloads: [0] }, 9) };
  }
  const SRC = { transport: 'udp' as const, address: '192.0.2.1', port: 5060 };

  test('100 and 180, ring; answer → 200 with SDP, re-sent until the ACK; then talking', async () => {
    const { mem, engine, settle, tel1, clock } = await engineWithPhones();
    mem.deliver(invite(), SRC);
    expect(mem.sent.map((s) => s.message.kind === 'response' && s.message.status)).toEqual([100, 180]);
    expect(tel1()).toMatchObject({ state: 'ringing', peer: 'sip:bob@example.test', direction: 'in' });
    engine.answer(1);
    await settle();
    const oks = () => mem.sent.filter((s) => s.message.kind === 'response' && s.message.status === 200);
    expect(oks().length).toBe(1);
    expect(oks()[0]?.message.body.toString()).toContain('m=audio 30000 RTP/AVP 0');
    clock.advance(500);
    expect(oks().length).toBe(2);
    const ok = oks()[0]?.message;
    const ackH = new Headers().add('Via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKack').add('From', '<sip:bob@example.test>;tag=b1').add('To', ok?.headers.get('to') ?? '').add('Call-ID', 'in1').add('CSeq', '7 ACK');
    mem.deliver({ kind: 'request', method: 'ACK', uri: 'sip:alice@127.0.0.1:5060', headers: ackH, body: Buffer.alloc(0) }, SRC);
    clock.advance(10_000);
    expect(oks().length).toBe(2);
    expect(tel1()?.state).toBe('talking');
  });

  test('CANCEL from the caller: 200 for the CANCEL, 487 for the INVITE, the port stops ringing', async () => {
    const { mem, tel1 } = await engineWithPhones();
    const inv = invite();
    mem.deliver(inv, SRC);
    mem.deliver({ ...inv, method: 'CANCEL', headers: inv.headers.clone().set('CSeq', '7 CANCEL').set('Content-Type', undefined), body: Buffer.alloc(0) }, SRC);
    const statuses = mem.sent.map((s) => (s.message.kind === 'response' ? `${s.message.status} ${s.message.headers.get('cseq')}` : ''));
    expect(statuses).toEqual(['100 7 INVITE', '180 7 INVITE', '200 7 CANCEL', '487 7 INVITE']);
    expect(tel1()).toMatchObject({ state: 'idle', reason: 'the caller gave up' });
  });

  test('an offer without a codec we have gets 488; a BYE for no call gets 481', async () => {
    const { mem } = await engineWithPhones();
    const inv = invite();
    mem.deliver({ ...inv, body: buildSdp({ address: '192.0.2.77', port: 6000, payloads: [18] }, 9) }, SRC);
    expect(mem.last().kind === 'response' && mem.last()).toMatchObject({ status: 488 });
    mem.deliver({ ...inv, method: 'BYE', headers: inv.headers.clone().set('CSeq', '8 BYE').set('Via', 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKbye'), body: Buffer.alloc(0) }, SRC);
    expect(mem.last()).toMatchObject({ status: 481 });
  });
});
