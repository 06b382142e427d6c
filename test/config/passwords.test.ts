import { checkPassword, hashPassword, isPasswordHash, verifyPassword } from '../../src/config/passwords';

test('verifyPassword agrees with checkPassword; malformed stored values match nothing', async () => {
  const h = hashPassword('s3cret');
  expect(isPasswordHash(h)).toBe(true);
  expect(await verifyPassword('s3cret', h)).toBe(true);
  expect(await verifyPassword('s3creT', h)).toBe(false);
  expect(await verifyPassword('', h)).toBe(false);
  expect(checkPassword('s3cret', h)).toBe(true);
  for (const bad of ['', 's1.zz', h.slice(0, -2), `${h}00`, 'plain']) expect(await verifyPassword('s3cret', bad)).toBe(false);
});

/** The longest time the event loop went without turning while `work` ran (synchronous or not). */
async function longestStall(work: () => unknown): Promise<number> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return longest;
}

test('forty guesses at once do not stall the event loop (scrypt runs on the thread pool)', async () => {
  const h = hashPassword('right');
  const guesses = Array.from({ length: 40 }, (_, i) => `guess${i}`);
  const t0 = performance.now();
  await longestStall(() => guesses.forEach((g) => checkPassword(g, h)));
  const blockingMs = performance.now() - t0;
  const stall = await longestStall(() => Promise.all(guesses.map((g) => verifyPassword(g, h))));
  // synchronously the loop is stopped for all forty; off the loop it keeps turning
  expect(stall).toBeLessThan(blockingMs / 4);
});
