/** The SSH authentication state machine on a fake clock: none, queries, failures, delays, limits. */
import { AuthAttempt, AuthMachine, AuthReply } from '../../src/ssh/auth';
import { FakeClock } from '../../src/util/clock';

function machine(o: { maxRequests?: number; graceMs?: number } = {}) {
  const clock = new FakeClock();
  const events: string[] = [];
  const m = new AuthMachine({
    clock,
    delayMs: 1000,
    ...o,
    onAuthenticated: (u) => events.push(`authenticated ${u}`),
    onGiveUp: (r) => events.push(`give up: ${r}`),
  });
  const replies: AuthReply[] = [];
  const send = (attempt: AuthAttempt, user = 'alice'): void => m.handle({ t: 'request', user, attempt, reply: (r) => replies.push(r) });
  return { clock, m, events, replies, send };
}

test('none first is answered at once and is not a failed try', () => {
  const { m, replies, send, events } = machine();
  send({ t: 'none' });
  expect(replies).toEqual(['reject']);
  expect(m.state).toMatchObject({ t: 'waiting', failures: 0 });
  send({ t: 'credential', ok: true });
  expect(replies).toEqual(['reject', 'accept']);
  expect(events).toEqual(['authenticated alice']);
  expect(m.state).toEqual({ t: 'authenticated', user: 'alice' });
});

test('a public-key query answers pk-ok for a known key, reject for another, and counts no failure', () => {
  const { m, replies, send } = machine();
  send({ t: 'publickey-query', known: false });
  send({ t: 'publickey-query', known: true });
  expect(replies).toEqual(['reject', 'pk-ok']);
  expect(m.state).toMatchObject({ t: 'waiting', failures: 0 });
});

test('each failure is answered after a delay that grows; the third closes the connection', () => {
  const { clock, replies, send, events, m } = machine();
  send({ t: 'credential', ok: false });
  expect(replies).toEqual([]);
  clock.advance(999);
  expect(replies).toEqual([]);
  clock.advance(1);
  expect(replies).toEqual(['reject']);
  send({ t: 'credential', ok: false });
  clock.advance(1999);
  expect(replies).toHaveLength(1);
  clock.advance(1);
  expect(replies).toHaveLength(2);
  send({ t: 'credential', ok: false });
  clock.advance(2999);
  expect(events).toEqual([]);
  clock.advance(1);
  expect(replies).toEqual(['reject', 'reject', 'reject']);
  expect(events).toEqual(['give up: 3 failed authentications']);
  expect(m.state).toEqual({ t: 'closed' });
  expect(clock.pending).toBe(0);
});

test('a request pipelined during the delay is rejected unchecked and not counted', () => {
  const { clock, replies, send, m } = machine();
  send({ t: 'credential', ok: false });
  send({ t: 'credential', ok: true }); // the right password, sent before the answer: not checked
  expect(replies).toEqual(['reject']);
  clock.advance(1000);
  expect(replies).toEqual(['reject', 'reject']);
  expect(m.state).toMatchObject({ t: 'waiting', failures: 1 });
  send({ t: 'credential', ok: true });
  expect(m.state).toMatchObject({ t: 'authenticated' });
});

test('endless not-failing requests are bounded (attacker: 20 key queries)', () => {
  const { send, events } = machine({ maxRequests: 20 });
  for (let i = 0; i < 19; i++) send({ t: 'publickey-query', known: false });
  expect(events).toEqual([]);
  send({ t: 'not-allowed' });
  expect(events).toEqual(['give up: 20 authentication requests']);
});

test('a connection that does not authenticate within the grace time is closed', () => {
  const { clock, events, send } = machine({ graceMs: 60000 });
  send({ t: 'none' });
  clock.advance(59999);
  expect(events).toEqual([]);
  clock.advance(1);
  expect(events).toEqual(['give up: not authenticated in time']);
  expect(clock.pending).toBe(0);
});

test('closing clears every timer, in each state', () => {
  const a = machine();
  a.m.handle({ t: 'closed' });
  expect(a.clock.pending).toBe(0);
  const b = machine();
  b.send({ t: 'credential', ok: false });
  b.m.handle({ t: 'closed' });
  expect(b.clock.pending).toBe(0);
  b.clock.advance(10000);
  expect(b.replies).toEqual([]);
  const c = machine();
  c.send({ t: 'credential', ok: true });
  expect(c.clock.pending).toBe(0);
  c.send({ t: 'credential', ok: true });
  expect(c.replies).toEqual(['accept', 'reject']);
});

describe('a password checked by the shared guard (checking state)', () => {
  test('a right verdict accepts; a wrong one is answered after the per-connection delay', () => {
    const { clock, m, replies, send, events } = machine();
    send({ t: 'checking' });
    expect(m.state).toMatchObject({ t: 'checking', user: 'alice', failures: 0 });
    expect(replies).toEqual([]);
    m.handle({ t: 'checked', ok: false });
    expect(m.state).toMatchObject({ t: 'delaying', failures: 1 });
    clock.advance(999);
    expect(replies).toEqual([]);
    clock.advance(1);
    expect(replies).toEqual(['reject']);
    send({ t: 'checking' }, 'bob');
    m.handle({ t: 'checked', ok: true });
    expect(replies).toEqual(['reject', 'accept']);
    expect(events).toEqual(['authenticated bob']);
    expect(m.state).toEqual({ t: 'authenticated', user: 'bob' });
    expect(clock.pending).toBe(0);
  });

  test('three wrong verdicts close the connection, as three wrong passwords on telnet', () => {
    const { clock, m, send, events } = machine();
    for (let i = 1; i <= 3; i++) {
      send({ t: 'checking' });
      m.handle({ t: 'checked', ok: false });
      clock.advance(i * 1000);
    }
    expect(events).toEqual(['give up: 3 failed authentications']);
    expect(m.state).toEqual({ t: 'closed' });
    expect(clock.pending).toBe(0);
  });

  test('a request during a check is rejected unchecked and a late verdict after close is ignored', () => {
    const { clock, m, replies, send, events } = machine();
    send({ t: 'checking' });
    send({ t: 'credential', ok: true }); // not checked: one check at a time
    expect(replies).toEqual(['reject']);
    expect(m.state).toMatchObject({ t: 'checking' });
    m.handle({ t: 'closed' });
    expect(m.state).toEqual({ t: 'closed' });
    m.handle({ t: 'checked', ok: true });
    expect(m.state).toEqual({ t: 'closed' });
    expect(events).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  test('the grace time closes a connection whose check is still waiting for its slot', () => {
    const { clock, m, send, events } = machine({ graceMs: 5000 });
    send({ t: 'checking' });
    clock.advance(5000);
    expect(events).toEqual(['give up: not authenticated in time']);
    m.handle({ t: 'checked', ok: true });
    expect(m.state).toEqual({ t: 'closed' });
    expect(clock.pending).toBe(0);
  });

  test('a verdict with no check running changes nothing', () => {
    const { m } = machine();
    m.handle({ t: 'checked', ok: true });
    expect(m.state).toMatchObject({ t: 'waiting', failures: 0 });
  });
});
