/** Session timers (RFC 4028) on the fake clock: negotiation as UAS and UAC, refresh, expiry, 422. */
import { buildSdp, parseSdp } from '../../../src/sip/calls/sdp';
import { SipRequest, SipResponse } from '../../../src/sip/codec/message';
import { responseTo } from '../../../src/sip/codec/build';
import { tagParam } from '../../../src/sip/calls/dialog';
import { byeAfterMs, parseSessionExpires, uasNegotiate } from '../../../src/sip/calls/session-timer';
import { formatPortStatus } from '../../../src/commands/analog-commands';
import { Config } from '../../../src/config/model';
import { SERVER1, engineWithPhones, inDialog, invite } from './phones-fixture';

const offer = () => buildSdp({ address: '192.0.2.77', port: 6000, payloads: [0] }, 9, 2);

/** An incoming INVITE with these extra headers, answered (our 200 sent, no ACK yet). */
async function answeredIn(change: (c: Config) => void, extra: [string, string][]) {
  const f = await engineWithPhones(change);
  const inv = invite(offer());
  for (const [n, v] of extra) inv.headers.add(n, v);
  f.mem.deliver(inv, SERVER1);
  f.engine.answer(1);
  await f.settle();
  const ok = f.responses().find((r) => r.status === 200) as SipResponse;
  return { ...f, ok, tag: tagParam(ok.headers.get('to')) ?? '' };
}

/** An incoming INVITE with these extra headers, answered and ACKed. */
async function talkingIn(change: (c: Config) => void, extra: [string, string][]) {
  const f = await answeredIn(change, extra);
  f.mem.deliver(inDialog('ACK', 7, f.tag), SERVER1);
  return f;
}

/** An outgoing call through server 1 answered with `headers` on its 200. */
async function talkingOut(change: (c: Config) => void, headers: [string, string][]) {
  const f = await engineWithPhones(change);
  f.engine.dial(1, '2#0501');
  await f.settle();
  const inv = f.mem.requests('INVITE')[0] as SipRequest;
  const ok = responseTo(inv, 200, 'OK', 't2');
  ok.headers.add('Contact', '<sip:callee@192.0.2.99:5080>').add('Content-Type', 'application/sdp');
  for (const [n, v] of headers) ok.headers.add(n, v);
  f.mem.deliver({ ...ok, body: buildSdp({ address: '192.0.2.99', port: 4000, payloads: [0] }, 1) }, SERVER1);
  return { ...f, inv };
}

const ok200 = (req: SipRequest, extra: [string, string][] = []): SipResponse => {
  const r = responseTo(req, 200, 'OK');
  for (const [n, v] of extra) r.headers.add(n, v);
  if (req.method === 'INVITE') {
    r.headers.add('Content-Type', 'application/sdp');
    return { ...r, body: buildSdp({ address: '192.0.2.99', port: 4000, payloads: [0] }, 1) };
  }
  return r;
};

describe('header values', () => {
  test('Session-Expires with and without refresher; garbage is no value', () => {
    expect(parseSessionExpires('1800;refresher=uac')).toEqual({ seconds: 1800, refresher: 'uac' });
    expect(parseSessionExpires('90 ; Refresher = UAS')).toEqual({ seconds: 90, refresher: 'uas' });
    expect(parseSessionExpires('600;foo=bar')).toEqual({ seconds: 600, refresher: undefined });
    expect(parseSessionExpires('soon')).toBeUndefined();
    expect(parseSessionExpires('99999999999')).toBeUndefined();
  });
  test('the non-refresher gives up min(32 s, a third) before expiry (RFC 4028 §10)', () => {
    expect(byeAfterMs(1800)).toBe(1768_000);
    expect(byeAfterMs(90)).toBe(60_000);
  });
  test('the UAS lowers toward its own interval but never below the caller\'s Min-SE', () => {
    const inv = invite();
    inv.headers.add('Session-Expires', '1800').add('Min-SE', '600').add('Supported', 'timer');
    const d = uasNegotiate(inv, { seconds: 300, update: false, refresher: 'uac' });
    expect(d).toMatchObject({ kind: 'session', session: { seconds: 600, weRefresh: false } });
  });
});

describe('as UAS', () => {
  test('Session-Expires 120 refresher=uac: 200 has it with Require: timer; no refresh → BYE 32 s before expiry', async () => {
    const f = await talkingIn(() => undefined, [['Supported', 'timer'], ['Session-Expires', '120;refresher=uac']]);
    expect(f.ok.headers.get('session-expires')).toBe('120;refresher=uac');
    expect(f.ok.headers.get('require')).toBe('timer');
    expect(f.ok.headers.get('supported')).toBe('timer');
    expect(formatPortStatus(f.tel1() ?? (undefined as never)).join('\n')).toContain('Session:  120 s, refreshed by the other party, expires in 88 s');
    f.clock.advance(87_999);
    expect(f.mem.requests('BYE')).toHaveLength(0);
    f.clock.advance(1);
    expect(f.mem.requests('BYE')).toHaveLength(1);
    expect(f.tel1()).toMatchObject({ state: 'idle', reason: 'session expired without a refresh (RFC 4028)' });
  });

  test('the session clock starts with our 2xx (RFC 4028 §10), shows before the ACK, and the ACK does not restart it', async () => {
    const f = await answeredIn(() => undefined, [['Supported', 'timer'], ['Session-Expires', '120;refresher=uac']]);
    // Answered, no ACK yet: the port talks and its session line is there already.
    expect(f.tel1()?.state).toBe('talking');
    expect(formatPortStatus(f.tel1() ?? (undefined as never)).join('\n')).toContain('Session:  120 s, refreshed by the other party, expires in 88 s');
    f.clock.advance(10_000);
    f.mem.deliver(inDialog('ACK', 7, f.tag), SERVER1);
    expect(formatPortStatus(f.tel1() ?? (undefined as never)).join('\n')).toContain('expires in 78 s');
    f.clock.advance(77_999); // 88 s after the 2xx, 78 s after the ACK
    expect(f.mem.requests('BYE')).toHaveLength(0);
    f.clock.advance(1);
    expect(f.mem.requests('BYE')).toHaveLength(1);
  });

  test('no ACK for our 2xx: the call fails, and the session clock started with the 2xx fires nothing later', async () => {
    const f = await answeredIn(() => undefined, [['Supported', 'timer'], ['Session-Expires', '120;refresher=uac']]);
    f.clock.advance(64 * 500); // Timer H: 64*T1 without an ACK
    expect(f.tel1()).toMatchObject({ state: 'failed', reason: 'no ACK for our answer' });
    // Distinct BYEs (a BYE is re-sent on UDP until answered): the one for the missing ACK only.
    const byeSeqs = () => new Set(f.mem.requests('BYE').map((b) => b.headers.get('cseq')));
    expect(byeSeqs().size).toBe(1);
    f.clock.advance(200_000);
    expect(byeSeqs().size).toBe(1);
    expect(f.tel1()).toMatchObject({ state: 'failed', reason: 'no ACK for our answer' });
  });

  test('a refresh (UPDATE without a body) restarts the timer; the call lives on', async () => {
    const f = await talkingIn(() => undefined, [['Supported', 'timer'], ['Session-Expires', '120;refresher=uac']]);
    f.clock.advance(60_000);
    const upd = inDialog('UPDATE', 8, f.tag);
    upd.headers.add('Supported', 'timer').add('Session-Expires', '120;refresher=uac');
    f.mem.deliver(upd, SERVER1);
    expect(f.responses().pop()).toMatchObject({ status: 200 });
    expect(f.responses().at(-1)?.headers.get('session-expires')).toBe('120;refresher=uac');
    f.clock.advance(60_000); // 120 s after the start, 60 s after the refresh
    expect(f.mem.requests('BYE')).toHaveLength(0);
    expect(f.tel1()?.state).toBe('talking');
    f.clock.advance(28_000);
    expect(f.mem.requests('BYE')).toHaveLength(1);
  });

  test('Session-Expires 60 (below 90): 422 with Min-SE: 90, nothing rings, the refusal shows', async () => {
    const f = await engineWithPhones();
    const inv = invite();
    inv.headers.add('Session-Expires', '60');
    f.mem.deliver(inv, SERVER1);
    const res = f.responses().pop();
    expect(res?.status).toBe(422);
    expect(res?.headers.get('min-se')).toBe('90');
    expect(tagParam(res?.headers.get('to'))).toMatch(/^[0-9a-f]{16}$/);
    expect(f.tel1()).toMatchObject({ state: 'idle', lastRefused: { code: 422 } });
  });

  test('refresher=uas asked of us: we re-INVITE at half the interval with the same SDP version', async () => {
    const f = await talkingIn(() => undefined, [['Supported', 'timer'], ['Session-Expires', '100;refresher=uas']]);
    expect(f.ok.headers.get('session-expires')).toBe('100;refresher=uas');
    f.clock.advance(49_999);
    expect(f.mem.requests('INVITE')).toHaveLength(0);
    f.clock.advance(1);
    const re = f.mem.requests('INVITE')[0] as SipRequest;
    expect(re.headers.get('session-expires')).toBe('100;refresher=uac');
    expect(re.headers.get('min-se')).toBe('90');
    expect(parseSdp(re.body)?.direction).toBe('sendrecv');
    expect(re.body.toString()).toContain(parseSdp(f.ok.body) ? (/o=.*/.exec(f.ok.body.toString())?.[0] ?? 'x') : 'x');
    // the 200 ACKed, the session restarts: no BYE at 100 s, the next refresh 50 s after this one
    f.mem.deliver(ok200(re, [['Session-Expires', '100;refresher=uac'], ['Require', 'timer']]), SERVER1);
    expect(f.mem.requests('ACK')).toHaveLength(1);
    f.clock.advance(50_000);
    expect(f.mem.requests('INVITE')).toHaveLength(2);
    expect(f.mem.requests('BYE')).toHaveLength(0);
  });

  test('a caller without timer support gets our interval with refresher=uas and no Require', async () => {
    const f = await talkingIn((c) => (c.sessionTimer = { seconds: 300, update: true, refresher: 'uac' }), []);
    expect(f.ok.headers.get('session-expires')).toBe('300;refresher=uas');
    expect(f.ok.headers.get('require')).toBeUndefined();
    f.clock.advance(150_000);
    const upd = f.mem.requests('UPDATE')[0];
    expect(upd?.body.length).toBe(0);
    expect(upd?.headers.get('session-expires')).toBe('300;refresher=uac');
  });

  test('no session timer asked and none configured: no Session-Expires, nothing fires', async () => {
    const f = await talkingIn(() => undefined, [['Supported', 'timer']]);
    expect(f.ok.headers.get('session-expires')).toBeUndefined();
    f.clock.advance(7_200_000);
    expect(f.tel1()?.state).toBe('talking');
    expect(f.mem.requests('INVITE')).toHaveLength(0);
  });
});

describe('as UAC', () => {
  const st = (c: Config) => (c.sessionTimer = { seconds: 1800, update: false, refresher: 'uac' });

  test('our INVITE asks: Supported timer, Session-Expires 1800;refresher=uac, Min-SE 90', async () => {
    const f = await talkingOut(st, [['Session-Expires', '1800;refresher=uac'], ['Require', 'timer']]);
    expect(f.inv.headers.get('supported')).toBe('timer');
    expect(f.inv.headers.get('session-expires')).toBe('1800;refresher=uac');
    expect(f.inv.headers.get('min-se')).toBe('90');
    expect(f.tel1()?.details?.sessionTimer).toBe('1800 s, refreshed by us (re-INVITE), expires in 1800 s');
    f.clock.advance(900_000);
    expect(f.mem.requests('INVITE')).toHaveLength(2);
  });

  test('refresh that gets no 2xx: BYE when the session expires', async () => {
    const f = await talkingOut(st, [['Session-Expires', '1800;refresher=uac']]);
    f.clock.advance(900_000);
    const re = f.mem.requests('INVITE')[1] as SipRequest;
    f.mem.deliver(responseTo(re, 500, 'Oops'), SERVER1);
    expect(f.tel1()?.state).toBe('talking');
    f.clock.advance(900_000);
    expect(f.mem.requests('BYE')).toHaveLength(1);
    expect(f.tel1()?.reason).toBe('session expired without a refresh (RFC 4028)');
  });

  test('422 with Min-SE 3600: the INVITE again with Session-Expires 3600, new CSeq, same Call-ID', async () => {
    const f = await engineWithPhones(st);
    f.engine.dial(1, '2#0501');
    await f.settle();
    const inv = f.mem.requests('INVITE')[0] as SipRequest;
    const r422 = responseTo(inv, 422, 'Session Interval Too Small', 'x1');
    r422.headers.add('Min-SE', '3600');
    f.mem.deliver(r422, SERVER1);
    const again = f.mem.requests('INVITE')[1] as SipRequest;
    expect(again.headers.get('session-expires')).toBe('3600;refresher=uac');
    expect(again.headers.get('min-se')).toBe('3600');
    expect(again.headers.get('cseq')).toBe('2 INVITE');
    expect(again.headers.get('call-id')).toBe(inv.headers.get('call-id'));
  });

  test('422s that keep raising Min-SE: at most two retries, then the call fails with 422', async () => {
    const f = await engineWithPhones(st);
    f.engine.dial(1, '2#0501');
    await f.settle();
    for (let i = 0; i < 5; i++) {
      const inv = f.mem.requests('INVITE').at(-1) as SipRequest;
      const r422 = responseTo(inv, 422, 'Session Interval Too Small', 'x1');
      r422.headers.add('Min-SE', String(2000 + i));
      f.mem.deliver(r422, SERVER1);
    }
    expect(f.mem.requests('INVITE')).toHaveLength(3);
    expect(f.tel1()).toMatchObject({ state: 'failed', code: 422 });
  });

  test('refresher=uas in the 200: we do not refresh, we BYE before expiry', async () => {
    const f = await talkingOut(st, [['Session-Expires', '90;refresher=uas']]);
    f.clock.advance(59_999);
    expect(f.mem.requests('BYE')).toHaveLength(0);
    f.clock.advance(1);
    expect(f.mem.requests('INVITE')).toHaveLength(1);
    expect(f.mem.requests('BYE')).toHaveLength(1);
  });

  test('a 200 without Session-Expires: no session timer', async () => {
    const f = await talkingOut(st, []);
    f.clock.advance(7_200_000);
    expect(f.tel1()?.state).toBe('talking');
    expect(f.tel1()?.details?.sessionTimer).toBeUndefined();
  });

  test('sip server session timer overrides the global one; update=on refreshes with UPDATE', async () => {
    const f = await talkingOut((c) => {
      st(c);
      c.serverOptions.set(1, { sessionTimer: { seconds: 200, update: true, refresher: 'uac' } });
    }, [['Session-Expires', '200;refresher=uac']]);
    expect(f.inv.headers.get('session-expires')).toBe('200;refresher=uac');
    f.clock.advance(100_000);
    const upd = f.mem.requests('UPDATE')[0] as SipRequest;
    expect(upd.headers.get('session-expires')).toBe('200;refresher=uac');
    f.mem.deliver(ok200(upd, [['Session-Expires', '200;refresher=uac']]), SERVER1);
    expect(f.mem.requests('ACK')).toHaveLength(1); // only the INVITE's: UPDATE gets no ACK
    f.clock.advance(100_000);
    expect(f.mem.requests('UPDATE')).toHaveLength(2);
    expect(f.mem.requests('BYE')).toHaveLength(0);
  });

  test('hanging up clears the session timers', async () => {
    const f = await talkingOut(st, [['Session-Expires', '1800;refresher=uac']]);
    f.engine.hangup(1);
    f.clock.advance(3_600_000);
    expect(f.mem.requests('INVITE')).toHaveLength(1);
    // one BYE (re-sent by its transaction until Timer F), no refresh, no second BYE
    expect(new Set(f.mem.requests('BYE').map((b) => b.headers.get('cseq')))).toEqual(new Set(['2 BYE']));
  });
});
