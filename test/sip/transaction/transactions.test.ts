/** RFC 3261 §17 timers, run on a fake clock through an in-memory transport. */
import { Headers, SipRequest, SipResponse } from '../../../src/sip/codec/message';
import { responseTo } from '../../../src/sip/codec/build';
import { ClientUser, TimerValues } from '../../../src/sip/transaction/context';
import { TransactionLayer } from '../../../src/sip/transaction/layer';
import { Target } from '../../../src/sip/transport/types';
import { FakeClock } from '../../../src/util/clock';
import { MemoryTransport } from '../../helpers/memory-transport';

const UDP: Target = { transport: 'udp', address: '192.0.2.1', port: 5060 };
const TCP: Target = { transport: 'tcp', address: '192.0.2.1', port: 5060 };
const timers: TimerValues = { t1: 500, t2: 4000, t4: 5000 };

function request(method: string, branch = 'z9hG4bKtest'): SipRequest {
  const h = new Headers()
    .add('Via', `SIP/2.0/UDP 127.0.0.1:5060;branch=${branch}`)
    .add('From', '<sip:a@example.test>;tag=f')
    .add('To', '<sip:b@example.test>')
    .add('Call-ID', 'c1')
    .add('CSeq', `1 ${method}`);
  return { kind: 'request', method, uri: 'sip:b@example.test', headers: h, body: Buffer.alloc(0) };
}

function setup() {
  const clock = new FakeClock();
  const transport = new MemoryTransport();
  const layer = new TransactionLayer({ transport, clock, timers: () => timers }, { request: () => undefined, strayResponse: () => undefined });
  const events: string[] = [];
  const user: ClientUser = {
    response: (r: SipResponse) => events.push(String(r.status)),
    timeout: () => events.push('timeout'),
    transportError: (e) => events.push(`error:${e}`),
  };
  const reply = (status: number): void => layer.receive({ message: responseTo(transport.requests()[0] as SipRequest, status, undefined, 'srv'), source: UDP, connection: undefined });
  return { clock, transport, layer, events, user, reply };
}

/** Times (ms from start) at which the request was sent. */
function sendTimes(clock: FakeClock, transport: MemoryTransport, until: number, step = 50): number[] {
  const times: number[] = [];
  let count = transport.sent.length;
  times.push(...Array<number>(count).fill(0));
  for (let t = step; t <= until; t += step) {
    clock.advance(step);
    while (transport.sent.length > count) {
      times.push(t);
      count++;
    }
  }
  return times;
}

describe('non-INVITE client transaction', () => {
  test('UDP: Timer E doubles up to T2, Timer F ends it at 64*T1', () => {
    const { clock, transport, layer, events, user } = setup();
    layer.sendRequest(request('REGISTER'), UDP, user);
    const times = sendTimes(clock, transport, 33000);
    expect(times.slice(0, 8)).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500]);
    expect(events).toEqual(['timeout']);
    expect(times[times.length - 1]).toBeLessThan(32000);
    expect(layer.counts.clients).toBe(0);
  });
  test('UDP: when Timer E and Timer F are due together, F ends it without a last retransmission', () => {
    const clock = new FakeClock();
    const transport = new MemoryTransport();
    const layer = new TransactionLayer({ transport, clock, timers: () => ({ t1: 500, t2: 500, t4: 5000 }) }, { request: () => undefined, strayResponse: () => undefined });
    const events: string[] = [];
    layer.sendRequest(request('REGISTER'), UDP, { response: () => events.push('response'), timeout: () => events.push('timeout'), transportError: () => events.push('error') });
    clock.advance(31999);
    expect(transport.sent.length).toBe(64); // at 0, 500, ..., 31500
    expect(events).toEqual([]);
    clock.advance(1);
    expect(transport.sent.length).toBe(64);
    expect(events).toEqual(['timeout']);
    expect(clock.pending).toBe(0);
  });
  test('UDP: after a provisional response Timer E fires every T2', () => {
    const { clock, transport, layer, events, user, reply } = setup();
    layer.sendRequest(request('REGISTER'), UDP, user);
    clock.advance(100);
    reply(100);
    const times = sendTimes(clock, transport, 9000);
    expect(times.slice(1, 4)).toEqual([400, 4400, 8400]);
    expect(events).toEqual(['100']);
  });
  test('TCP: no retransmissions; Timer F still applies', () => {
    const { clock, transport, layer, events, user } = setup();
    layer.sendRequest(request('REGISTER'), TCP, user);
    clock.advance(31999);
    expect(transport.sent.length).toBe(1);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual(['timeout']);
  });
  test('a final response completes it; Timer K (T4) absorbs retransmitted responses on UDP', () => {
    const { clock, layer, events, user, reply } = setup();
    layer.sendRequest(request('REGISTER'), UDP, user);
    reply(200);
    reply(200);
    expect(events).toEqual(['200']);
    expect(layer.counts.clients).toBe(1);
    clock.advance(5000);
    expect(layer.counts.clients).toBe(0);
  });
  test('a transport error ends it at once', () => {
    const { layer, events, user } = setup();
    layer.sendRequest(request('OPTIONS'), TCP, user);
    layer.transportFailure(TCP, 'connection refused');
    expect(events).toEqual(['error:connection refused']);
  });
});

describe('INVITE client transaction', () => {
  test('UDP: Timer A doubles without a ceiling until Timer B (64*T1)', () => {
    const { clock, transport, layer, events, user } = setup();
    layer.sendRequest(request('INVITE'), UDP, user);
    const times = sendTimes(clock, transport, 33000);
    expect(times).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(events).toEqual(['timeout']);
  });
  test('a non-2xx final is ACKed by the transaction, and again for each retransmission (Timer D)', () => {
    const { clock, transport, layer, events, user, reply } = setup();
    layer.sendRequest(request('INVITE'), UDP, user);
    reply(180);
    reply(486);
    reply(486);
    expect(events).toEqual(['180', '486']);
    const acks = transport.requests('ACK');
    expect(acks.length).toBe(2);
    expect(acks[0]?.headers.get('cseq')).toBe('1 ACK');
    expect(acks[0]?.headers.get('to')).toContain('tag=');
    clock.advance(32000);
    expect(layer.counts.clients).toBe(0);
  });
  test('2xx goes to the TU, retransmitted 2xx too (RFC 6026), no ACK from the transaction', () => {
    const { clock, transport, layer, events, user, reply } = setup();
    layer.sendRequest(request('INVITE'), UDP, user);
    reply(200);
    reply(200);
    expect(events).toEqual(['200', '200']);
    expect(transport.requests('ACK')).toEqual([]);
    clock.advance(32000);
    expect(layer.counts.clients).toBe(0);
  });
});

describe('server transactions', () => {
  test('a retransmitted request gets the last response again; Timer J ends it on UDP', () => {
    const clock = new FakeClock();
    const transport = new MemoryTransport();
    let answered = 0;
    const layer = new TransactionLayer({ transport, clock, timers: () => timers }, {
      request: (req, tx) => {
        answered++;
        tx?.respond(responseTo(req, 200));
      },
      strayResponse: () => undefined,
    });
    const req = request('OPTIONS');
    layer.receive({ message: req, source: UDP, connection: undefined });
    layer.receive({ message: req, source: UDP, connection: undefined });
    expect(answered).toBe(1);
    expect(transport.sent.length).toBe(2);
    clock.advance(32000);
    expect(layer.counts.servers).toBe(0);
  });
  test('INVITE: a non-2xx final is retransmitted (G) until the ACK, which ends it after Timer I', () => {
    const clock = new FakeClock();
    const transport = new MemoryTransport();
    const layer = new TransactionLayer({ transport, clock, timers: () => timers }, {
      request: (req, tx) => tx?.respond(responseTo(req, 486, undefined, 't')),
      strayResponse: () => undefined,
    });
    const inv = request('INVITE');
    layer.receive({ message: inv, source: UDP, connection: undefined });
    clock.advance(1600);
    expect(transport.sent.length).toBe(3); // 0, 500, 1500
    const ack: SipRequest = { ...inv, method: 'ACK', headers: inv.headers.clone().set('CSeq', '1 ACK') };
    layer.receive({ message: ack, source: UDP, connection: undefined });
    clock.advance(10000);
    expect(transport.sent.length).toBe(3);
    expect(layer.counts.servers).toBe(0);
  });
});
