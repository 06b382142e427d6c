/** SystemClock chains delays beyond Node's 2^31-1 ms limit instead of firing them at once; FakeClock runs due timers in order. */
import { FakeClock, MAX_TIMER_MS, SystemClock, TimerHandle } from '../../src/util/clock';

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

test.each([MAX_TIMER_MS + 1, 3_600_000_000, 2147484 * 1000, Number.MAX_SAFE_INTEGER])('a %d ms timer does not fire early', async (ms) => {
  const clock = new SystemClock();
  let fired = 0;
  const h = clock.setTimer(ms, () => fired++);
  await sleep(100);
  expect(fired).toBe(0);
  clock.clearTimer(h);
});

test('short timers still fire, and clearTimer stops a chained one', async () => {
  const clock = new SystemClock();
  let fired = 0;
  clock.setTimer(10, () => fired++);
  const long = clock.setTimer(MAX_TIMER_MS * 3, () => fired++);
  clock.clearTimer(long);
  await sleep(60);
  expect(fired).toBe(1);
});

test('FakeClock: due timers run by due time then arming order, timers set while running join in, cleared ones never run (also after the heap drops them)', () => {
  const clock = new FakeClock(0);
  const ran: string[] = [];
  const handles: TimerHandle[] = [];
  // 200 timers at 1..50 ms (four per due time), then 150 of them cleared: the heap is compacted.
  for (let i = 0; i < 200; i++) handles.push(clock.setTimer(50 - (i % 50), () => ran.push(`t${i}@${clock.now()}`)));
  for (let i = 0; i < 150; i++) clock.clearTimer(handles[i]);
  expect(clock.pending).toBe(50);
  clock.setTimer(0, () => {
    ran.push(`zero@${clock.now()}`);
    clock.setTimer(1, () => ran.push(`nested@${clock.now()}`));
  });
  clock.advance(2);
  // due 0: zero; due 1: t199 (50 - 199 % 50 = 1) and then nested (armed later, due 1 too); due 2: t198.
  expect(ran).toEqual(['zero@0', 't199@1', 'nested@1', 't198@2']);
  expect(clock.now()).toBe(2);
  clock.advance(100);
  expect(ran).toHaveLength(52);
  expect(ran.slice(4, 6)).toEqual(['t197@3', 't196@4']);
  expect(clock.pending).toBe(0);
  expect(clock.now()).toBe(102);
});
