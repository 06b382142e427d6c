/** Timer queues of the transaction layer: one clock timer per duration, entries fired in order at their due times. */
import { TimerQueues, QueuedTimerOwner } from '../../../src/sip/transaction/timer-queues';
import { TransactionLayer } from '../../../src/sip/transaction/layer';
import { Headers, SipRequest } from '../../../src/sip/codec/message';
import { responseTo } from '../../../src/sip/codec/build';
import { Target } from '../../../src/sip/transport/types';
import { Clock, FakeClock, TimerHandle } from '../../../src/util/clock';
import { MemoryTransport } from '../../helpers/memory-transport';

/** An owner that records when each token fired. */
function recorder(clock: FakeClock, log: string[], name: string): QueuedTimerOwner {
  return { fireQueued: (token) => log.push(`${name}#${token}@${clock.now() - START}`) };
}

const START = Date.UTC(2026, 10, 26, 3, 0, 0);

describe('TimerQueues', () => {
  test('timers of one duration fire in arming order at their own due times, under one clock timer', () => {
    const clock = new FakeClock(START);
    const q = new TimerQueues(clock);
    const log: string[] = [];
    expect(q.arm(500, recorder(clock, log, 'a'), 1)).toBe(true);
    clock.advance(100);
    expect(q.arm(500, recorder(clock, log, 'b'), 7)).toBe(true);
    expect(q.arm(500, recorder(clock, log, 'c'), 2)).toBe(true);
    expect(clock.pending).toBe(1);
    expect(q.size).toBe(3);
    clock.advance(399);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['a#1@500']);
    expect(clock.pending).toBe(1);
    clock.advance(100);
    expect(log).toEqual(['a#1@500', 'b#7@600', 'c#2@600']);
    expect(clock.pending).toBe(0);
    expect(q.size).toBe(0);
  });

  test('a timer armed while the queue fires waits its full duration; durations have queues of their own', () => {
    const clock = new FakeClock(START);
    const q = new TimerQueues(clock);
    const log: string[] = [];
    const again: QueuedTimerOwner = {
      fireQueued: (token) => {
        log.push(`again#${token}@${clock.now() - START}`);
        if (token < 3) q.arm(500, again, token + 1);
      },
    };
    q.arm(500, again, 1);
    q.arm(5000, recorder(clock, log, 'k'), 1);
    expect(clock.pending).toBe(2);
    clock.advance(10_000);
    expect(log).toEqual(['again#1@500', 'again#2@1000', 'again#3@1500', 'k#1@5000']);
    expect(clock.pending).toBe(0);
  });

  test('no queue for a duration of 0, nor beyond eight durations: the caller arms a clock timer', () => {
    const clock = new FakeClock(START);
    const q = new TimerQueues(clock);
    const owner = recorder(clock, [], 'x');
    expect(q.arm(0, owner, 1)).toBe(false);
    expect(q.arm(-5, owner, 1)).toBe(false);
    expect(q.arm(Infinity, owner, 1)).toBe(false);
    for (let d = 1; d <= 8; d++) expect(q.arm(d * 100, owner, 1)).toBe(true);
    expect(q.arm(900, owner, 1)).toBe(false);
    expect(q.arm(800, owner, 2)).toBe(true);
  });

  test('clear stops every clock timer and forgets what waits', () => {
    const clock = new FakeClock(START);
    const q = new TimerQueues(clock);
    const log: string[] = [];
    q.arm(500, recorder(clock, log, 'a'), 1);
    q.arm(5000, recorder(clock, log, 'b'), 1);
    q.clear();
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(log).toEqual([]);
    q.arm(500, recorder(clock, log, 'c'), 1);
    clock.advance(500);
    expect(log).toEqual(['c#1@10500']);
  });

  test('a clock set back keeps the order: the later timer waits for the earlier one', () => {
    let now = START;
    const timers: Array<{ at: number; fn: () => void }> = [];
    const clock: Clock = {
      now: () => now,
      setTimer: (ms, fn): TimerHandle => {
        timers.push({ at: now + ms, fn });
        return { id: timers.length };
      },
      clearTimer: () => undefined,
    };
    const q = new TimerQueues(clock);
    const log: string[] = [];
    const owner = (name: string): QueuedTimerOwner => ({ fireQueued: () => log.push(name) });
    q.arm(500, owner('first'), 1);
    now -= 300; // the wall clock jumps back
    q.arm(500, owner('second'), 1);
    now = START + 500;
    timers.shift()?.fn();
    expect(log).toEqual(['first', 'second']);
  });

  test('outdated timers are passed over: the clock is armed for the first one still wanted', () => {
    const clock = new FakeClock(START);
    const q = new TimerQueues(clock);
    const log: string[] = [];
    const wanted = new Set<string>(['a', 'd']);
    const owner = (name: string): QueuedTimerOwner => ({ fireQueued: () => log.push(`${name}@${clock.now() - START}`), outdated: () => !wanted.has(name) });
    const armed: number[] = [];
    const setTimer = clock.setTimer.bind(clock);
    clock.setTimer = (ms, fn) => {
      armed.push(ms);
      return setTimer(ms, fn);
    };
    q.arm(500, owner('a'), 1);
    clock.advance(100);
    q.arm(500, owner('b'), 1);
    clock.advance(100);
    q.arm(500, owner('c'), 1);
    clock.advance(100);
    q.arm(500, owner('d'), 1);
    clock.advance(200);
    expect(log).toEqual(['a@500']);
    // b and c (due at 600 and 700) are outdated: the next wake is for d, at 800.
    expect(armed).toEqual([500, 300]);
    clock.advance(300);
    expect(log).toEqual(['a@500', 'd@800']);
    expect(q.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  test('thousands of timers: the fired ones are dropped as the queue runs', () => {
    const clock = new FakeClock(START);
    const q = new TimerQueues(clock);
    let fired = 0;
    const owner: QueuedTimerOwner = { fireQueued: () => fired++ };
    for (let i = 0; i < 5000; i++) {
      q.arm(5000, owner, i);
      clock.advance(1);
    }
    clock.advance(2500);
    expect(fired).toBe(2501);
    expect(q.size).toBe(2499);
    clock.advance(5000);
    expect(fired).toBe(5000);
    expect(q.size).toBe(0);
    expect(clock.pending).toBe(0);
  });
});

describe('the layer arms Timer E and Timer K in its queues', () => {
  const UDP: Target = { transport: 'udp', address: '192.0.2.1', port: 5060 };
  const TCP: Target = { transport: 'tcp', address: '192.0.2.1', port: 5060 };
  function request(branch: string, method = 'REGISTER'): SipRequest {
    const h = new Headers().add('Via', `SIP/2.0/UDP 127.0.0.1:5060;branch=${branch}`).add('From', '<sip:a@example.test>;tag=f').add('To', '<sip:b@example.test>').add('Call-ID', `c-${branch}`).add('CSeq', `1 ${method}`);
    return { kind: 'request', method, uri: 'sip:b@example.test', headers: h, body: Buffer.alloc(0) };
  }

  test('100 completed transactions wait for Timer K under one clock timer; a stale Timer E retransmits nothing', () => {
    const clock = new FakeClock(START);
    const transport = new MemoryTransport();
    const layer = new TransactionLayer({ transport, clock, timers: () => ({ t1: 500, t2: 4000, t4: 5000 }) }, { request: () => undefined, strayResponse: () => undefined });
    const finals: string[] = [];
    for (let i = 0; i < 100; i++) {
      const req = request(`z9hG4bK${i}`);
      layer.sendRequest(req, UDP, { response: (r) => finals.push(`${i}:${r.status}`), timeout: () => finals.push(`${i}:timeout`), transportError: () => undefined }, undefined, `z9hG4bK${i}`);
      layer.receive({ message: responseTo(req, 200, undefined, 't'), source: UDP, connection: undefined });
      clock.advance(10);
    }
    expect(finals.length).toBe(100);
    expect(layer.counts.clients).toBe(100);
    // The Timer K queue's one clock timer: the Timer E queue woke once, at the first E (500 ms),
    // found every E answered (outdated) and armed nothing more.
    expect(clock.pending).toBe(1);
    clock.advance(1000);
    expect(transport.sent.length).toBe(100);
    clock.advance(4000);
    expect(layer.counts.clients).toBe(0);
    expect(clock.pending).toBe(0);
  });

  test('over TCP, Timer K is 0: a clock timer ends the transaction on the next turn of the clock', () => {
    const clock = new FakeClock(START);
    const transport = new MemoryTransport();
    const layer = new TransactionLayer({ transport, clock, timers: () => ({ t1: 500, t2: 4000, t4: 5000 }) }, { request: () => undefined, strayResponse: () => undefined });
    const req = request('z9hG4bKtcp');
    layer.sendRequest(req, TCP, { response: () => undefined, timeout: () => undefined, transportError: () => undefined });
    layer.receive({ message: responseTo(req, 200, undefined, 't'), source: TCP, connection: undefined });
    expect(layer.counts.clients).toBe(1);
    clock.advance(0);
    expect(layer.counts.clients).toBe(0);
  });

  test('INVITE and its CANCEL share a branch: each gets its own responses, and each is forgotten on its own', () => {
    const clock = new FakeClock(START);
    const transport = new MemoryTransport();
    const layer = new TransactionLayer({ transport, clock, timers: () => ({ t1: 500, t2: 4000, t4: 5000 }) }, { request: () => undefined, strayResponse: () => undefined });
    const got: string[] = [];
    const user = (name: string) => ({ response: (r: { status: number }) => got.push(`${name}:${r.status}`), timeout: () => got.push(`${name}:timeout`), transportError: (e: string) => got.push(`${name}:${e}`) });
    const invite = request('z9hG4bKcall', 'INVITE');
    const cancel = request('z9hG4bKcall', 'CANCEL');
    layer.sendRequest(invite, UDP, user('invite'));
    layer.sendRequest(cancel, UDP, user('cancel'));
    expect(layer.counts.clients).toBe(2);
    layer.receive({ message: responseTo(cancel, 200, undefined, 't'), source: UDP, connection: undefined });
    layer.receive({ message: responseTo(invite, 487, undefined, 't'), source: UDP, connection: undefined });
    expect(got).toEqual(['cancel:200', 'invite:487']);
    // A response for a method no transaction of that branch has goes to the core.
    const options = request('z9hG4bKcall', 'OPTIONS');
    layer.receive({ message: responseTo(options, 200, undefined, 't'), source: UDP, connection: undefined });
    expect(got).toEqual(['cancel:200', 'invite:487']);
    clock.advance(32_000);
    expect(layer.counts.clients).toBe(0);
    // The branch is free again for both methods.
    layer.sendRequest(cancel, UDP, user('cancel2'));
    layer.sendRequest(invite, TCP, user('invite2'));
    layer.transportFailure(TCP, 'connection reset');
    expect(got.slice(2)).toEqual(['invite2:connection reset']);
    layer.receive({ message: responseTo(cancel, 200, undefined, 't'), source: UDP, connection: undefined });
    expect(got.slice(3)).toEqual(['cancel2:200']);
  });
});
