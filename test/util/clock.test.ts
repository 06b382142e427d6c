/** SystemClock chains delays beyond Node's 2^31-1 ms limit instead of firing them at once. */
import { MAX_TIMER_MS, SystemClock } from '../../src/util/clock';

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
