import { FakeClock } from '../../src/util/clock';
import { GuessLimiter, sourceKey } from '../../src/util/guess-limiter';

/**
 * The attacker of issue 12: one password guess per connection, hanging up after each wrong answer
 * and reconnecting at once (6,186 guesses a minute before the limiter). Returns the times (ms from
 * the start) at which each guess was checked, over `minutes`.
 */
function reconnectingGuesser(limiter: GuessLimiter, clock: FakeClock, source: string, minutes: number): number[] {
  const start = clock.now();
  const times: number[] = [];
  while (clock.now() - start < minutes * 60000) {
    const a = limiter.admit(source);
    if (!a.ok) throw new Error(a.reason);
    clock.advance(limiter.check(source)); // the server waits before answering
    if (clock.now() - start >= minutes * 60000) break;
    times.push(clock.now() - start);
    limiter.failure(source);
    a.release(); // hang up
    clock.advance(5); // reconnect at loopback speed
  }
  return times;
}

const perMinute = (times: number[], minutes: number): number[] => Array.from({ length: minutes }, (_, m) => times.filter((t) => t >= m * 60000 && t < (m + 1) * 60000).length);

test('the curve: 3 at once, then 1, 2, 4 ... 32 s apart, then one a minute', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock);
  const times = reconnectingGuesser(l, clock, '127.0.0.1', 5);
  const secs = times.map((t) => Math.round(t / 1000));
  expect(secs.slice(0, 10)).toEqual([0, 0, 0, 1, 3, 7, 15, 31, 63, 123]);
});

test('reconnecting after each guess: at most 8 in the first minute, at most 2 in any later minute', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock);
  const times = reconnectingGuesser(l, clock, '127.0.0.1', 30);
  const counts = perMinute(times, 30);
  // the attacker's figure, per minute: before the limiter it was 6,186
  expect(counts[0]).toBeLessThanOrEqual(8);
  expect(Math.max(...counts.slice(1))).toBeLessThanOrEqual(2);
  expect(times.length).toBeLessThanOrEqual(8 + 30); // 30 minutes: fewer than 40 guesses in all
  // any sliding 60 s window after the first few guesses
  for (let i = 3; i < times.length; i++) {
    const inWindow = times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + 60000).length;
    expect(inWindow).toBeLessThanOrEqual(10);
  }
});

test('parallel connections from one address share the slots; the per-address cap refuses a third', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock);
  const a = l.admit('::1');
  const b = l.admit('::1');
  expect(a.ok && b.ok).toBe(true);
  expect(l.admit('::1')).toEqual({ ok: false, reason: 'too many unauthenticated connections from this address' });
  expect(l.admit('127.0.0.1').ok).toBe(true); // another address still gets in
  // both connections guess as fast as they are allowed for ten minutes
  const waits: number[] = [];
  for (let i = 0; i < 40; i++) waits.push(l.check('::1'));
  const times = waits; // each check was made at the same instant: the wait is the slot's time
  expect(times.filter((t) => t < 60000).length).toBeLessThanOrEqual(8);
  expect(times.filter((t) => t >= 60000 && t < 120000).length).toBeLessThanOrEqual(2);
  if (a.ok) a.release();
  if (a.ok) a.release(); // releasing twice is harmless
  expect(l.admit('::1').ok).toBe(true);
});

test('IPv6 addresses count per /64: rotating the interface identifier does not reset the count', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock);
  for (let i = 0; i < 5; i++) l.check(`2001:db8:1:2::${(i + 1).toString(16)}`);
  expect(l.check('2001:db8:1:2:abcd:ef01:2345:6789')).toBeGreaterThan(0);
  expect(l.check('2001:db8:1:3::1')).toBe(0); // another /64
  expect(sourceKey('[2001:DB8:0:0:1::1]')).toBe('2001:db8:0:0::/64');
  expect(sourceKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(sourceKey('::1')).toBe('0:0:0:0::/64');
  expect(sourceKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
});

test('a success forgets the count; so does 15 minutes without an attempt', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock);
  for (let i = 0; i < 6; i++) clock.advance(l.check('192.0.2.1'));
  expect(l.check('192.0.2.1')).toBeGreaterThan(0);
  l.success('192.0.2.1');
  expect(l.attempts('192.0.2.1')).toBe(0);
  expect(l.check('192.0.2.1')).toBe(0);
  for (let i = 0; i < 6; i++) clock.advance(l.check('192.0.2.9'));
  clock.advance(15 * 60000 + 60000);
  expect(l.check('192.0.2.9')).toBe(0);
  expect(l.attempts('192.0.2.9')).toBe(1);
});

test('the overall cap on unauthenticated connections', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock, { maxUnauthenticated: 4 });
  const held = [1, 2, 3, 4].map((i) => l.admit(`192.0.2.${i}`));
  expect(held.every((h) => h.ok)).toBe(true);
  expect(l.admit('192.0.2.99')).toEqual({ ok: false, reason: 'too many unauthenticated connections' });
  expect(l.unauthenticatedCount).toBe(4);
  const first = held[0];
  if (first?.ok) first.release();
  expect(l.admit('192.0.2.99').ok).toBe(true);
});

test('a full cap closes the oldest evictable waiting connection for the newcomer (16 half-open cannot lock the operator out)', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock, { maxUnauthenticated: 8 });
  const closed: number[] = [];
  const held = Array.from({ length: 16 }, (_, i) => {
    const a = l.admit(`192.0.2.${i + 1}`, () => {
      closed.push(i);
      if (a.ok) a.release();
    });
    return a;
  });
  expect(held.every((h) => h.ok)).toBe(true);
  expect(closed).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // each newcomer past 8 closed the oldest
  expect(l.unauthenticatedCount).toBe(8);
  const operator = l.admit('198.51.100.7');
  expect(operator.ok).toBe(true);
  expect(closed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  expect(l.unauthenticatedCount).toBe(8);
  // The per-source cap is still a refusal: one address cannot evict others by itself past 2.
  l.admit('203.0.113.1', () => undefined);
  l.admit('203.0.113.1', () => undefined);
  expect(l.admit('203.0.113.1', () => undefined)).toEqual({ ok: false, reason: 'too many unauthenticated connections from this address' });
});

test('memory is bounded: a flood of distinct sources keeps at most maxSources, open ones kept', () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock, { maxSources: 100 });
  const open = l.admit('198.51.100.1');
  for (let i = 0; i < 100000; i++) l.check(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  expect(l.size).toBeLessThanOrEqual(100);
  expect(open.ok).toBe(true);
  expect(l.admit('198.51.100.1').ok).toBe(true); // its entry (1 open) survived: a second is allowed
  expect(l.admit('198.51.100.1').ok).toBe(false); // and a third is not
});

test('attempt(): waits for the slot through the clock, then verifies and records the outcome', async () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock);
  const wrong = (): Promise<boolean> => Promise.resolve(false);
  for (let i = 0; i < 3; i++) expect(await l.attempt('192.0.2.5', wrong)).toBe(false);
  let verified = false;
  const fourth = l.attempt('192.0.2.5', () => {
    verified = true;
    return Promise.resolve(true);
  });
  await Promise.resolve();
  expect(verified).toBe(false); // the 4th attempt waits 1 s
  clock.advance(999);
  await Promise.resolve();
  expect(verified).toBe(false);
  clock.advance(1);
  expect(await fourth).toBe(true);
  expect(verified).toBe(true);
  expect(l.attempts('192.0.2.5')).toBe(0); // the success forgot the count
});

test('attempt(): a connection that closes during the wait gets no check, the attempt stays counted, no timer is left', async () => {
  const clock = new FakeClock();
  const l = new GuessLimiter(clock);
  for (let i = 0; i < 3; i++) await l.attempt('192.0.2.6', () => Promise.resolve(false));
  const gone = new AbortController();
  let verified = false;
  const fourth = l.attempt(
    '192.0.2.6',
    () => {
      verified = true;
      return Promise.resolve(true);
    },
    gone.signal,
  );
  gone.abort();
  expect(await fourth).toBe(false);
  clock.advance(60_000);
  await Promise.resolve();
  expect(verified).toBe(false);
  expect(l.attempts('192.0.2.6')).toBe(4);
  expect(clock.pending).toBe(0);
});
