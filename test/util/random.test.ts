/** The injected randomness: repeatable when seeded, well-formed and spread when drawn from the system. */
import { SeededRandom, SystemRandom } from '../../src/util/random';

test('the same seed gives the same values; another seed gives others', () => {
  const a = new SeededRandom(42);
  const b = new SeededRandom(42);
  const c = new SeededRandom(43);
  const seq = (r: SeededRandom): string[] => [r.hex(6), r.hex(12), String(r.uint32()), String(r.float())];
  const sa = seq(a);
  expect(seq(b)).toEqual(sa);
  expect(seq(c)).not.toEqual(sa);
});

test.each([
  ['seeded', new SeededRandom(1)],
  ['system', new SystemRandom()],
])('%s: hex has 2n lowercase digits, floats stay in [0, 1), 10,000 tags do not repeat', (_name, r) => {
  for (const n of [1, 4, 6, 10, 12, 33]) expect(r.hex(n)).toMatch(new RegExp(`^[0-9a-f]{${2 * n}}$`));
  const tags = new Set<string>();
  let below = 0;
  for (let i = 0; i < 10_000; i++) {
    tags.add(r.hex(6));
    const f = r.float();
    expect(f >= 0 && f < 1).toBe(true);
    if (f < 0.5) below++;
    expect(Number.isInteger(r.uint32()) && r.uint32() <= 0xffffffff).toBe(true);
  }
  expect(tags.size).toBe(10_000);
  // a fair source puts about half below 0.5 (5 sigma = 250)
  expect(Math.abs(below - 5000)).toBeLessThan(250);
});

test('the system pool refills across its 4 KiB block and serves requests larger than it', () => {
  const r = new SystemRandom();
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) seen.add(r.hex(10)); // 10,000 bytes: two refills
  expect(seen.size).toBe(1000);
  expect(r.hex(5000)).toHaveLength(10_000);
});

test('the system pool is filled by the source it is given, and read as the program reads it', () => {
  let fills = 0;
  const r = new SystemRandom((block) => {
    fills++;
    block.fill(0xab);
  });
  expect(r.hex(3)).toBe('ababab');
  expect(r.uint32()).toBe(0xabababab);
  expect(fills).toBe(1);
  expect(r.bytes(5000)).toEqual(Buffer.alloc(5000, 0xab));
  expect(fills).toBe(2);
});
