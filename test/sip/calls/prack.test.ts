/** 100rel / PRACK (RFC 3262) on the fake clock, both ways. */
import { buildSdp } from '../../../src/sip/calls/sdp';
import { SipRequest, SipResponse } from '../../../src/sip/codec/message';
import { responseTo } from '../../../src/sip/codec/build';
import { tagParam } from '../../../src/sip/calls/dialog';
import { Config } from '../../../src/config/model';
import { SERVER1, engineWithPhones, inDialog, invite } from './phones-fixture';

const on = (c: Config) => (c.rel100 = true);

async function ringingReliable(change: (c: Config) => void = on, header: [string, string] = ['Supported', '100rel, timer']) {
  const f = await engineWithPhones(change);
  const inv = invite();
  inv.headers.add(header[0], header[1]);
  f.mem.deliver(inv, SERVER1);
  const ringing = f.responses().filter((r) => r.status === 180);
  const first = ringing[0] as SipResponse;
  const tag = tagParam(first.headers.get('to')) ?? '';
  const rseq = Number(first.headers.get('rseq'));
  const count180 = () => f.responses().filter((r) => r.status === 180).length;
  const prack = (rack: string) => {
    const p = inDialog('PRACK', 8, tag);
    p.headers.add('RAck', rack);
    f.mem.deliver(p, SERVER1);
    return f.responses().pop();
  };
  return { ...f, first, tag, rseq, count180, prack };
}

describe('as UAS', () => {
  test('Supported: 100rel with sip 100rel on: 180 with Require: 100rel and RSeq, re-sent T1 doubling until PRACK', async () => {
    const f = await ringingReliable();
    expect(f.first.headers.get('require')).toBe('100rel');
    expect(f.rseq).toBeGreaterThanOrEqual(1);
    expect(f.rseq).toBeLessThan(2 ** 31);
    f.clock.advance(500);
    expect(f.count180()).toBe(2);
    f.clock.advance(1000);
    expect(f.count180()).toBe(3);
    f.clock.advance(2000);
    expect(f.count180()).toBe(4);
    const res = f.prack(`${f.rseq} 7 INVITE`);
    expect(res).toMatchObject({ status: 200 });
    expect(res?.headers.get('cseq')).toBe('8 PRACK');
    expect(tagParam(res?.headers.get('to'))).toBe(f.tag);
    f.clock.advance(30_000);
    expect(f.count180()).toBe(4);
    expect(f.tel1()?.state).toBe('ringing');
  });

  test('a PRACK with the wrong RSeq or CSeq → 481, the 180 keeps being re-sent', async () => {
    const f = await ringingReliable();
    expect(f.prack(`${f.rseq + 1} 7 INVITE`)?.status).toBe(481);
    expect(f.prack(`${f.rseq} 6 INVITE`)?.status).toBe(481);
    expect(f.prack('garbage')?.status).toBe(481);
    f.clock.advance(500);
    expect(f.count180()).toBe(2);
  });

  test('no PRACK for 64 x T1: 500 to the INVITE, the port is free', async () => {
    const f = await ringingReliable();
    f.clock.advance(31_999);
    expect(f.tel1()?.state).toBe('ringing');
    f.clock.advance(1);
    expect(f.responses().pop()?.status).toBe(500);
    expect(f.tel1()).toMatchObject({ state: 'failed', code: 500 });
  });

  test('answering before the PRACK stops the 180s (the 200 went out)', async () => {
    const f = await ringingReliable();
    f.engine.answer(1);
    await f.settle();
    expect(f.responses().pop()?.status).toBe(200);
    const n = f.count180();
    f.mem.deliver(inDialog('ACK', 7, f.tag), SERVER1);
    f.clock.advance(60_000);
    expect(f.count180()).toBe(n);
    expect(f.tel1()?.state).toBe('talking');
  });

  test('sip 100rel off: an unreliable 180 even when offered; Require: 100rel → 420 Unsupported: 100rel', async () => {
    const f = await ringingReliable(() => undefined);
    expect(f.first.headers.get('rseq')).toBeUndefined();
    expect(f.first.headers.get('require')).toBeUndefined();
    const g = await engineWithPhones();
    const inv = invite();
    inv.headers.add('Require', '100rel');
    g.mem.deliver(inv, SERVER1);
    expect(g.responses().pop()).toMatchObject({ status: 420 });
    expect(g.responses().pop()?.headers.get('unsupported')).toBe('100rel');
  });

  test('sip server 100rel 1 on overrides sip 100rel off for calls from server 1', async () => {
    const f = await ringingReliable((c) => c.serverOptions.set(1, { rel100: true }), ['Require', '100rel']);
    expect(f.first.headers.get('require')).toBe('100rel');
  });

  test('a PRACK after the call is talking → 481', async () => {
    const f = await ringingReliable();
    f.prack(`${f.rseq} 7 INVITE`);
    f.engine.answer(1);
    await f.settle();
    f.mem.deliver(inDialog('ACK', 7, f.tag), SERVER1);
    const p = inDialog('PRACK', 9, f.tag);
    p.headers.add('RAck', `${f.rseq} 7 INVITE`);
    f.mem.deliver(p, SERVER1);
    expect(f.responses().pop()?.status).toBe(481);
  });
});

describe('as UAC', () => {
  async function calling(change: (c: Config) => void = on) {
    const f = await engineWithPhones(change);
    f.engine.dial(1, '2#0501');
    await f.settle();
    const inv = f.mem.requests('INVITE')[0] as SipRequest;
    const provisional = (status: number, rseq: number | undefined): void => {
      const r = responseTo(inv, status, undefined, 't2');
      r.headers.add('Contact', '<sip:callee@192.0.2.99:5080>');
      if (rseq !== undefined) r.headers.add('Require', '100rel').add('RSeq', String(rseq));
      f.mem.deliver(r, SERVER1);
    };
    return { ...f, inv, provisional };
  }

  test('our INVITE says Supported: 100rel, timer; a reliable 180 gets a PRACK with RAck in the early dialog', async () => {
    const f = await calling();
    expect(f.inv.headers.get('supported')).toBe('100rel, timer');
    f.provisional(180, 42);
    const prack = f.mem.requests('PRACK')[0] as SipRequest;
    expect(prack.headers.get('rack')).toBe('42 1 INVITE');
    expect(prack.headers.get('cseq')).toBe('2 PRACK');
    expect(tagParam(prack.headers.get('to'))).toBe('t2');
    expect(prack.uri).toBe('sip:callee@192.0.2.99:5080');
    expect(f.tel1()?.state).toBe('ringing');
  });

  test('the same RSeq again (a retransmission) and an out-of-order one get no new PRACK; the next one does', async () => {
    const f = await calling();
    f.provisional(180, 42);
    f.provisional(180, 42);
    f.provisional(183, 44);
    expect(f.mem.requests('PRACK').map((p) => p.headers.get('rack'))).toEqual(['42 1 INVITE']);
    f.provisional(183, 43);
    expect(new Set(f.mem.requests('PRACK').map((p) => p.headers.get('rack')))).toEqual(new Set(['42 1 INVITE', '43 1 INVITE']));
  });

  test('an unreliable 180 gets no PRACK; with sip 100rel off, neither does a reliable one', async () => {
    const f = await calling();
    f.provisional(180, undefined);
    expect(f.mem.requests('PRACK')).toHaveLength(0);
    const g = await calling(() => undefined);
    expect(g.inv.headers.get('supported')).toBe('timer');
    g.provisional(180, 5);
    expect(g.mem.requests('PRACK')).toHaveLength(0);
  });

  test('after the PRACK the 200 is ACKed and BYE takes the next CSeq', async () => {
    const f = await calling();
    f.provisional(180, 1);
    const ok = responseTo(f.inv, 200, 'OK', 't2');
    ok.headers.add('Contact', '<sip:callee@192.0.2.99:5080>').add('Content-Type', 'application/sdp');
    f.mem.deliver({ ...ok, body: buildSdp({ address: '192.0.2.99', port: 4000, payloads: [0] }, 1) }, SERVER1);
    expect(f.mem.requests('ACK')[0]?.headers.get('cseq')).toBe('1 ACK');
    f.engine.hangup(1);
    expect(f.mem.requests('BYE')[0]?.headers.get('cseq')).toBe('3 BYE');
  });
});
