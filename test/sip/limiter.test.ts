import { Limiter } from '../../src/sip/limiter';

test('the limiter starts waiters in arrival order, one per release, and frees the slot when nobody waits', () => {
  const l = new Limiter(2);
  const started: number[] = [];
  for (let i = 0; i < 5000; i++) l.acquire(() => started.push(i));
  expect(started).toEqual([0, 1]);
  for (let k = 0; k < 4998; k++) l.release();
  expect(started).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  l.release();
  l.release();
  l.release(); // one too many: stays at zero
  const later: number[] = [];
  l.acquire(() => later.push(1));
  l.acquire(() => later.push(2));
  l.acquire(() => later.push(3));
  expect(later).toEqual([1, 2]);
  l.release();
  expect(later).toEqual([1, 2, 3]);
});

test('a waiter started by release may release at once (a superseded registration)', () => {
  const l = new Limiter(1);
  const order: string[] = [];
  l.acquire(() => order.push('a'));
  l.acquire(() => {
    order.push('b');
    l.release();
  });
  l.acquire(() => order.push('c'));
  l.release();
  expect(order).toEqual(['a', 'b', 'c']);
});
