/** A refusal anyone can provoke is logged once per key a minute, with the count left out. */
import { FakeClock } from '../../src/util/clock';
import { LogThrottle } from '../../src/util/log-throttle';

test('once per key per interval; the count left out comes with the next line; keys are bounded', () => {
  const clock = new FakeClock();
  const t = new LogThrottle(clock, 60_000, 3);
  expect(t.pass('a')).toBe('');
  for (let i = 0; i < 1000; i++) expect(t.pass('a')).toBeUndefined();
  expect(t.pass('b')).toBe('');
  clock.advance(60_000);
  expect(t.pass('a')).toBe(' (1000 more not logged)');
  expect(t.pass('c')).toBe('');
  expect(t.pass('d')).toBe(''); // the 4th key: the memory starts again
  expect(t.pass('a')).toBe('');
});
