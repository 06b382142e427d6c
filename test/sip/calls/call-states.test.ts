/** The call state machine on a fake clock: every state's timers and the events of issue 10. */
import { buildSdp, parseSdp } from '../../../src/sip/calls/sdp';
import { SipRequest, SipResponse } from '../../../src/sip/codec/message';
import { responseTo } from '../../../src/sip/codec/build';
import { tagParam } from '../../../src/sip/calls/dialog';
import { SERVER1, engineWithPhones, inDialog, invite } from './phones-fixture';
import { controlWords } from '../../../src/commands/sip-commands';
import { formatPortStatus } from '../../../src/commands/analog-commands';

const sdp = (o: { address?: string; port?: number; payloads?: number[]; te?: number; dir?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' } = {}) =>
  buildSdp({ address: o.address ?? '192.0.2.77', port: o.port ?? 6000, payloads: o.payloads ?? [0], telephoneEvent: o.te, direction: o.dir }, 9, 2);

/** An incoming call answered and ACKed: talking. Returns our To tag. */
async function talkingIn(f: Awaited<ReturnType<typeof engineWithPhones>>, offer = sdp({ te: 101 })): Promise<string> {
  f.mem.deliver(invite(offer), SERVER1);
  f.engine.answer(1);
  await f.settle();
  const ok = f.responses().find((r) => r.status === 200);
  const tag = tagParam(ok?.headers.get('to')) ?? '';
  f.mem.deliver(inDialog('ACK', 7, tag), SERVER1);
  return tag;
}

describe('incoming: ringing', () => {
  test('rings 60 s by default, then 480 with our tag; the port is free again', async () => {
    const f = await engineWithPhones();
    f.mem.deliver(invite(), SERVER1);
    f.clock.advance(59_999);
    expect(f.tel1()?.state).toBe('ringing');
    f.clock.advance(1);
    const last = f.responses().pop();
    expect(last?.status).toBe(480);
    expect(tagParam(last?.headers.get('to'))).toBe(tagParam(f.responses()[1]?.headers.get('to')));
    expect(f.tel1()).toMatchObject({ state: 'idle', reason: 'no answer', code: 480 });
    // another call rings TEL1 again
    f.mem.deliver(invite(undefined, 'z9hG4bKin2'), SERVER1);
    expect(f.tel1()?.state).toBe('ringing');
  });

  test('sip arrive ringing timer 10: 480 after 10 s; answering in time clears the timer', async () => {
    const f = await engineWithPhones((c) => (c.ringingTimer = 10));
    f.mem.deliver(invite(), SERVER1);
    f.clock.advance(10_000);
    expect(f.responses().pop()?.status).toBe(480);
    const g = await engineWithPhones((c) => (c.ringingTimer = 10));
    await talkingIn(g);
    g.clock.advance(20_000);
    expect(g.responses().map((r) => r.status)).toEqual([100, 180, 200]);
    expect(g.tel1()?.state).toBe('talking');
  });

  test('CANCEL: its 200 and the 487 carry the same To tag as the 180; tags are random per call', async () => {
    const f = await engineWithPhones();
    const inv = invite();
    f.mem.deliver(inv, SERVER1);
    f.mem.deliver({ ...inv, method: 'CANCEL', headers: inv.headers.clone().set('CSeq', '7 CANCEL').set('Content-Type', undefined), body: Buffer.alloc(0) }, SERVER1);
    const tags = f.responses().slice(1).map((r) => tagParam(r.headers.get('to')));
    expect(f.responses().map((r) => r.status)).toEqual([100, 180, 200, 487]);
    expect(new Set(tags).size).toBe(1);
    expect(tags[0]).toMatch(/^[0-9a-f]{16}$/);
    f.mem.deliver(invite(undefined, 'z9hG4bKin3'), SERVER1);
    expect(tagParam(f.responses().pop()?.headers.get('to'))).not.toBe(tags[0]);
  });

  test('a CANCEL with the INVITE\'s branch but another sent-by is not for it: 481, the port keeps ringing', async () => {
    const f = await engineWithPhones();
    const inv = invite();
    f.mem.deliver(inv, SERVER1);
    const cancel = inv.headers.clone().set('CSeq', '7 CANCEL').set('Content-Type', undefined).set('Via', 'SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKin1');
    f.mem.deliver({ ...inv, method: 'CANCEL', headers: cancel, body: Buffer.alloc(0) }, SERVER1);
    expect(f.responses().pop()?.status).toBe(481);
    expect(f.tel1()?.state).toBe('ringing');
  });

  test('an opus-only offer gets 488 with Warning 305 and the reason in the log', async () => {
    const f = await engineWithPhones();
    f.mem.deliver(invite(sdp({ payloads: [96] })), SERVER1);
    const res = f.responses().pop();
    expect(res?.status).toBe(488);
    expect(res?.headers.get('warning')).toMatch(/^305 sipsh "no common codec \(offered 96, we have PCMU PCMA\)"$/);
    expect(f.log.join('\n')).toContain('refused: 488 no common codec');
    // the refusal stays visible in show status analog (issue 10 item: 488 leaves a trace)
    expect(f.tel1()).toMatchObject({ state: 'idle', lastRefused: { code: 488, from: 'sip:bob@example.test' } });
    expect(f.tel1()?.lastRefused?.reason).toMatch(/^no common codec/);
    expect(formatPortStatus(f.tel1() ?? (undefined as never)).join('\n')).toMatch(/^ {2}Refused: +488 no common codec .* \(last refused call, from sip:bob@example\.test\)$/m);
    expect(f.tel1()?.state).toBe('idle');
  });

  test('the answer is in the offer\'s family: an IPv4 offer over IPv6 signalling gets c=IN IP4', async () => {
    const f = await engineWithPhones((c) => (c.arriveAddressCheck = false));
    f.mem.deliver(invite(sdp({ address: '192.0.2.77' })), { transport: 'udp', address: '2001:db8::9', port: 5060 });
    f.engine.answer(1);
    await f.settle();
    const body = f.responses().find((r) => r.status === 200)?.body.toString() ?? '';
    expect(body).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(body).not.toContain('IP6');
  });

  test('telephone-event offered → answered with the offerer\'s payload type; not offered → not answered', async () => {
    const f = await engineWithPhones();
    await talkingIn(f, sdp({ te: 100 }));
    const ans = parseSdp(f.responses().find((r) => r.status === 200)?.body ?? Buffer.alloc(0));
    expect(ans).toMatchObject({ payloads: [0, 100], telephoneEvent: 100, direction: 'sendrecv' });
    expect(f.rtps[0]?.events).toBe(100);
    const g = await engineWithPhones();
    await talkingIn(g, sdp());
    expect(parseSdp(g.responses().find((r) => r.status === 200)?.body ?? Buffer.alloc(0))?.telephoneEvent).toBeUndefined();
    expect(controlWords(g.engine.phone(1, { kind: 'dtmf', digits: '1' }))).toMatch(/did not agree to telephone-event/);
  });

  test('no ACK for our 200: re-sent at T1, 2T1, 4T1 ... ; after 64 x T1 a BYE and the call fails', async () => {
    const f = await engineWithPhones();
    f.mem.deliver(invite(), SERVER1);
    f.engine.answer(1);
    await f.settle();
    const oks = () => f.responses().filter((r) => r.status === 200).length;
    f.clock.advance(500);
    expect(oks()).toBe(2);
    f.clock.advance(1000);
    expect(oks()).toBe(3);
    f.clock.advance(30_499);
    expect(f.mem.requests('BYE').length).toBe(0);
    f.clock.advance(1);
    expect(f.mem.requests('BYE').length).toBe(1);
    expect(f.tel1()).toMatchObject({ state: 'failed', reason: 'no ACK for our answer' });
  });
});

describe('who may ring the phones', () => {
  test('arrive address check on (default): an INVITE from elsewhere gets 403 and rings nothing', async () => {
    const f = await engineWithPhones();
    f.mem.deliver(invite(), { transport: 'udp', address: '192.0.2.66', port: 5060 });
    expect(f.responses().pop()).toMatchObject({ status: 403 });
    expect(f.tel1()?.state).toBe('idle');
    expect(f.log.join('\n')).toContain('refused: not a configured server');
  });

  test('the server\'s address but another port is not the server', async () => {
    const f = await engineWithPhones();
    f.mem.deliver(invite(), { transport: 'udp', address: '192.0.2.1', port: 5099 });
    expect(f.responses().pop()).toMatchObject({ status: 403 });
    const g = await engineWithPhones((c) => (c.arriveAddressCheck = false));
    g.mem.deliver(invite(), { transport: 'udp', address: '192.0.2.1', port: 5099 });
    expect(g.tel1()).toMatchObject({ state: 'ringing', server: undefined });
  });

  test('from the server\'s address and port: rings and names server 1', async () => {
    const f = await engineWithPhones();
    f.mem.deliver(invite(), SERVER1);
    expect(f.tel1()).toMatchObject({ state: 'ringing', server: 1 });
  });
});

describe('re-INVITE and UPDATE from the other side', () => {
  test('hold with a=sendonly → 200 recvonly, our RTP stops, the port shows held; resume → sendrecv, RTP again', async () => {
    const f = await engineWithPhones();
    const tag = await talkingIn(f);
    const rtp = f.rtps[0];
    expect(rtp?.sending).toBe(true);
    f.mem.deliver(inDialog('INVITE', 8, tag, sdp({ dir: 'sendonly', te: 101 }), 'application/sdp'), SERVER1);
    const ok = f.responses().pop();
    expect(ok?.status).toBe(200);
    expect(ok?.headers.get('cseq')).toBe('8 INVITE');
    expect(parseSdp(ok?.body ?? Buffer.alloc(0))?.direction).toBe('recvonly');
    expect(rtp?.sending).toBe(false);
    expect(f.tel1()).toMatchObject({ state: 'talking', details: { condition: 'held' } });
    f.mem.deliver(inDialog('ACK', 8, tag), SERVER1);
    f.mem.deliver(inDialog('INVITE', 9, tag, sdp({ te: 101, port: 6002 }), 'application/sdp'), SERVER1);
    expect(parseSdp(f.responses().pop()?.body ?? Buffer.alloc(0))?.direction).toBe('sendrecv');
    expect(rtp?.sending).toBe(true);
    expect(rtp?.started).toEqual({ address: '192.0.2.77', port: 6002, payloads: [0, 101], telephoneEvent: 101, direction: 'sendrecv' });
    expect(f.tel1()?.details?.condition).toBeUndefined();
  });

  test('hold the RFC 2543 way (c=0.0.0.0) → our RTP stops; the SDP version goes up', async () => {
    const f = await engineWithPhones();
    const tag = await talkingIn(f);
    f.mem.deliver(inDialog('INVITE', 8, tag, sdp({ address: '0.0.0.0' }), 'application/sdp'), SERVER1);
    const ok = f.responses().pop();
    expect(ok?.status).toBe(200);
    expect(f.rtps[0]?.sending).toBe(false);
    expect(ok?.body.toString()).toMatch(/^o=sipsh \d+ 2 IN IP4/m);
  });

  test('a re-INVITE 200 is re-sent until its ACK', async () => {
    const f = await engineWithPhones();
    const tag = await talkingIn(f);
    f.mem.deliver(inDialog('INVITE', 8, tag, sdp({ dir: 'sendonly' }), 'application/sdp'), SERVER1);
    const count = () => f.responses().filter((r) => r.status === 200 && r.headers.get('cseq') === '8 INVITE').length;
    f.clock.advance(500);
    expect(count()).toBe(2);
    f.mem.deliver(inDialog('ACK', 8, tag), SERVER1);
    f.clock.advance(10_000);
    expect(count()).toBe(2);
  });

  test('UPDATE with an offer → 200 with the answer; UPDATE without a body → 200 without one', async () => {
    const f = await engineWithPhones();
    const tag = await talkingIn(f);
    f.mem.deliver(inDialog('UPDATE', 8, tag, sdp({ dir: 'inactive' }), 'application/sdp'), SERVER1);
    const ok = f.responses().pop();
    expect(ok?.status).toBe(200);
    expect(parseSdp(ok?.body ?? Buffer.alloc(0))?.direction).toBe('inactive');
    expect(f.rtps[0]?.sending).toBe(false);
    f.mem.deliver(inDialog('UPDATE', 9, tag), SERVER1);
    expect(f.responses().pop()).toMatchObject({ status: 200, body: Buffer.alloc(0) });
  });

  test('a re-INVITE with an offer we cannot take: 488 with Warning; the call goes on as it was', async () => {
    const f = await engineWithPhones();
    const tag = await talkingIn(f);
    f.mem.deliver(inDialog('INVITE', 8, tag, sdp({ payloads: [96] }), 'application/sdp'), SERVER1);
    const res = f.responses().pop();
    expect(res?.status).toBe(488);
    expect(res?.headers.get('warning')).toMatch(/^305 /);
    expect(f.tel1()?.details?.lastResponse).toMatch(/^488 Not Acceptable Here \(no common codec/);
    expect(f.rtps[0]?.sending).toBe(true);
    expect(f.tel1()?.state).toBe('talking');
  });

  test('a re-INVITE for no dialog → 481', async () => {
    const f = await engineWithPhones();
    await talkingIn(f);
    f.mem.deliver(inDialog('INVITE', 8, 'nosuchtag', sdp(), 'application/sdp'), SERVER1);
    expect(f.responses().pop()?.status).toBe(481);
  });
});

describe('hold and resume from our side', () => {
  async function talkingOut() {
    const f = await engineWithPhones();
    f.engine.dial(1, '2#0501');
    await f.settle();
    const inv = f.mem.requests('INVITE')[0] as SipRequest;
    const ok = responseTo(inv, 200, 'OK', 't2');
    ok.headers.add('Contact', '<sip:callee@192.0.2.99:5080>').add('Content-Type', 'application/sdp');
    f.mem.deliver({ ...ok, body: buildSdp({ address: '192.0.2.99', port: 4000, payloads: [0, 101], telephoneEvent: 101 }, 1) }, SERVER1);
    return { ...f, inv };
  }
  const answer = (req: SipRequest, body: Buffer): SipResponse => {
    const r = responseTo(req, 200, 'OK');
    r.headers.add('Content-Type', 'application/sdp');
    return { ...r, body };
  };

  test('our INVITE offers PCMU, PCMA and telephone-event 101', async () => {
    const f = await talkingOut();
    expect(parseSdp(f.inv.body)).toMatchObject({ payloads: [0, 8, 101], telephoneEvent: 101, direction: 'sendrecv' });
  });

  test('phone 1 hold → re-INVITE a=sendonly, CSeq up; 200 recvonly → ACK, RTP stops, "holding"; resume → sendrecv', async () => {
    const f = await talkingOut();
    expect(f.engine.phone(1, { kind: 'hold' })).toBeUndefined();
    const re = f.mem.requests('INVITE')[1] as SipRequest;
    expect(re.headers.get('cseq')).toBe('2 INVITE');
    expect(re.uri).toBe('sip:callee@192.0.2.99:5080');
    expect(parseSdp(re.body)?.direction).toBe('sendonly');
    f.mem.deliver(answer(re, buildSdp({ address: '192.0.2.99', port: 4000, payloads: [0, 101], telephoneEvent: 101, direction: 'recvonly' }, 1, 2)), SERVER1);
    expect(f.mem.requests('ACK').pop()?.headers.get('cseq')).toBe('2 ACK');
    expect(f.rtps[0]?.sending).toBe(false);
    expect(f.tel1()?.details?.condition).toBe('holding');
    expect(controlWords(f.engine.phone(1, { kind: 'hold' }))).toBe('Error: TEL1 is already on hold');
    expect(f.engine.phone(1, { kind: 'resume' })).toBeUndefined();
    const re2 = f.mem.requests('INVITE')[2] as SipRequest;
    expect(parseSdp(re2.body)?.direction).toBe('sendrecv');
    f.mem.deliver(answer(re2, buildSdp({ address: '192.0.2.99', port: 4000, payloads: [0, 101], telephoneEvent: 101 }, 1, 3)), SERVER1);
    expect(f.rtps[0]?.sending).toBe(true);
    expect(f.tel1()?.details?.condition).toBeUndefined();
  });

  test('glare: their re-INVITE while ours is out gets 491; our 491 is retried after 2.1-4 s (we own the Call-ID)', async () => {
    const f = await talkingOut();
    f.engine.phone(1, { kind: 'hold' });
    const re = f.mem.requests('INVITE')[1] as SipRequest;
    const theirs = inDialog('INVITE', 5, 'x');
    theirs.headers.set('Call-ID', f.inv.headers.get('call-id')).set('From', '<sip:0501@there.com>;tag=t2').set('To', `<sip:UserB@there.com>;tag=${tagParam(f.inv.headers.get('from'))}`);
    f.mem.deliver({ ...theirs, body: sdp(), headers: theirs.headers.add('Content-Type', 'application/sdp') }, SERVER1);
    expect(f.responses().pop()?.status).toBe(491);
    f.mem.deliver(responseTo(re, 491), SERVER1);
    f.clock.advance(2099);
    expect(f.mem.requests('INVITE').length).toBe(2);
    f.clock.advance(1901);
    const again = f.mem.requests('INVITE')[2];
    expect(again?.headers.get('cseq')).toBe('3 INVITE');
    expect(parseSdp(again?.body ?? Buffer.alloc(0))?.direction).toBe('sendonly');
  });

  test('a 481 to our re-INVITE ends the call (RFC 3261 §14.1)', async () => {
    const f = await talkingOut();
    f.engine.phone(1, { kind: 'hold' });
    f.mem.answer(481);
    expect(f.tel1()).toMatchObject({ state: 'failed', code: 481 });
  });

  test('phone 1 dtmf sends RFC 4733 events with the agreed type; bad digits and idle ports are refused', async () => {
    const f = await talkingOut();
    expect(f.engine.phone(1, { kind: 'dtmf', digits: '12#*' })).toBeUndefined();
    expect(f.rtps[0]?.digitsSent).toBe('12#*');
    expect(controlWords(f.engine.phone(2, { kind: 'dtmf', digits: '1' }))).toBe('Error: TEL2 has no call');
  });
});

describe('DTMF received', () => {
  test('SIP INFO application/dtmf-relay and application/dtmf → 200, digits shown; other types 415', async () => {
    const f = await engineWithPhones();
    const tag = await talkingIn(f);
    f.mem.deliver(inDialog('INFO', 8, tag, Buffer.from('Signal=5\r\nDuration=160\r\n'), 'application/dtmf-relay'), SERVER1);
    expect(f.responses().pop()?.status).toBe(200);
    f.mem.deliver(inDialog('INFO', 9, tag, Buffer.from('#'), 'application/dtmf'), SERVER1);
    expect(f.responses().pop()?.status).toBe(200);
    f.mem.deliver(inDialog('INFO', 10, tag, Buffer.from('hello'), 'text/plain'), SERVER1);
    expect(f.responses().pop()).toMatchObject({ status: 415 });
    expect(f.tel1()?.details?.digits).toBe('5#');
  });

  test('digits from RTP events are shown', async () => {
    const f = await engineWithPhones();
    await talkingIn(f);
    f.rtps[0]?.onDigit?.('7');
    expect(f.tel1()?.details?.digits).toBe('7');
    expect(f.log.join('\n')).toContain('TEL1: DTMF 7 received');
  });
});

describe('out-of-dialog answers', () => {
  test('OPTIONS 200 and INFO 501 carry random To tags (not a fixed one)', async () => {
    const f = await engineWithPhones();
    const opt = inDialog('OPTIONS', 1, 'x');
    opt.headers.set('To', '<sip:alice@127.0.0.1>');
    f.mem.deliver(opt, SERVER1);
    const a = tagParam(f.responses().pop()?.headers.get('to'));
    f.mem.deliver({ ...opt, headers: opt.headers.clone().set('Via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKo2') }, SERVER1);
    const b = tagParam(f.responses().pop()?.headers.get('to'));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).not.toBe(a);
    const info = { ...opt, method: 'INFO', headers: opt.headers.clone().set('CSeq', '2 INFO').set('Via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKi1') };
    f.mem.deliver(info, SERVER1);
    const res = f.responses().pop();
    expect(res?.status).toBe(501);
    expect(tagParam(res?.headers.get('to'))).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('early media', () => {
  test('183 with SDP starts RTP toward it and shows "early media"; the 200 keeps it going', async () => {
    const f = await engineWithPhones();
    f.engine.dial(1, '2#0501');
    await f.settle();
    const inv = f.mem.requests('INVITE')[0] as SipRequest;
    const early = responseTo(inv, 183, 'Session Progress', 't9');
    early.headers.add('Content-Type', 'application/sdp');
    f.mem.deliver({ ...early, body: buildSdp({ address: '192.0.2.99', port: 4100, payloads: [8] }, 1) }, SERVER1);
    expect(f.rtps[0]?.sending).toBe(true);
    expect(f.rtps[0]?.started).toMatchObject({ address: '192.0.2.99', port: 4100 });
    expect(f.tel1()).toMatchObject({ state: 'ringing', details: { condition: 'early media', codec: 'PCMA/8000' } });
    const ok = responseTo(inv, 200, 'OK', 't9');
    ok.headers.add('Content-Type', 'application/sdp');
    f.mem.deliver({ ...ok, body: buildSdp({ address: '192.0.2.99', port: 4100, payloads: [8] }, 1) }, SERVER1);
    expect(f.tel1()).toMatchObject({ state: 'talking' });
    expect(f.tel1()?.details?.condition).toBeUndefined();
    expect(f.rtps[0]?.sending).toBe(true);
  });
  test('a 183 without SDP is only ringing: no RTP yet', async () => {
    const f = await engineWithPhones();
    f.engine.dial(1, '2#0501');
    await f.settle();
    f.mem.answer(183);
    expect(f.tel1()?.state).toBe('ringing');
    expect(f.rtps[0]?.sending).toBe(false);
    expect(f.tel1()?.details?.condition).toBeUndefined();
  });
});

describe('hanging up before the answer', () => {
  test('the RTP endpoint is closed at once (the port is free); a late 2xx gets ACK and BYE', async () => {
    const f = await engineWithPhones();
    f.engine.dial(1, '2#0501');
    await f.settle();
    f.mem.answer(180);
    f.engine.hangup(1);
    expect(f.rtps[0]?.closed).toBe(true);
    expect(f.mem.requests('CANCEL').length).toBe(1);
    const inv = f.mem.requests('INVITE')[0] as SipRequest;
    const ok = responseTo(inv, 200, 'OK', 't7');
    ok.headers.add('Contact', '<sip:callee@192.0.2.99:5080>');
    f.mem.deliver(ok, SERVER1);
    expect(f.mem.requests('ACK').length).toBe(1);
    expect(f.mem.requests('BYE').length).toBe(1);
  });
});
