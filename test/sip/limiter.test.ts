import { Limiter, SlotWaiter } from '../../src/sip/limiter';

/** A function waiting for a slot: called when it gets one. */
const CALL: SlotWaiter<() => void> = { slot: (start) => start() };
const acquire = (l: Limiter, start: () => void): void => l.wait(CALL, start);

test('the limiter starts waiters in arrival order, one per release, and frees the slot when nobody waits', () => {
  const l = new Limiter(2);
  const started: number[] = [];
  for (let i = 0; i < 5000; i++) acquire(l, () => started.push(i));
  expect(started).toEqual([0, 1]);
  for (let k = 0; k < 4998; k++) l.release();
  expect(started).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  l.release();
  l.release();
  l.release(); // one too many: stays at zero
  const later: number[] = [];
  acquire(l, () => later.push(1));
  acquire(l, () => later.push(2));
  acquire(l, () => later.push(3));
  expect(later).toEqual([1, 2]);
  l.release();
  expect(later).toEqual([1, 2, 3]);
});

test('a waiter started by release may release at once (a superseded registration)', () => {
  const l = new Limiter(1);
  const order: string[] = [];
  acquire(l, () => order.push('a'));
  acquire(l, () => {
    order.push('b');
    l.release();
  });
  acquire(l, () => order.push('c'));
  l.release();
  expect(order).toEqual(['a', 'b', 'c']);
});

test('waiters keep their order when the ring wraps, grows while wrapped, and goes back to its first length after a burst', () => {
  const l = new Limiter(1);
  const started: number[] = [];
  let next = 0;
  const add = (k: number): void => {
    for (let j = 0; j < k; j++) {
      const i = next++;
      acquire(l, () => started.push(i));
    }
  };
  add(1); // takes the slot
  // Fill the first ring (16), let 10 have their turn, then add 20: the tail wraps past index 0 and
  // the ring grows while its head is in the middle.
  add(16);
  for (let k = 0; k < 10; k++) l.release();
  add(20);
  for (let k = 0; k < 3; k++) {
    add(40);
    for (let r = 0; r < 25; r++) l.release();
  }
  while (started.length < next) l.release();
  expect(started).toEqual(Array.from({ length: next }, (_, i) => i));
  // After the burst: the same again, from a ring of the first length.
  const base = next;
  add(100);
  for (let k = 0; k < 100; k++) l.release();
  expect(started.slice(base)).toEqual(Array.from({ length: 100 }, (_, i) => base + i));
  l.release(); // the slot itself
  const later: number[] = [];
  acquire(l, () => later.push(1));
  expect(later).toEqual([1]);
});
