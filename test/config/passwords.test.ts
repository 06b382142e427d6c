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

/** How many times the event loop turned while `work` ran (a count, not a time: load does not change it). */
async function turnsDuring(work: () => unknown): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return turns;
}

test('forty guesses at once do not stall the event loop (scrypt runs on the thread pool)', async () => {
  const h = hashPassword('right');
  const guesses = Array.from({ length: 40 }, (_, i) => `guess${i}`);
  // synchronously the loop cannot turn until all forty are checked
  expect(await turnsDuring(() => guesses.forEach((g) => checkPassword(g, h)))).toBe(0);
  // off the loop it keeps turning while the thread pool works (4 threads: at least 10 rounds)
  expect(await turnsDuring(() => Promise.all(guesses.map((g) => verifyPassword(g, h))))).toBeGreaterThanOrEqual(10);
});
