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
