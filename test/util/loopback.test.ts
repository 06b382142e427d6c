/** The non-loopback rule as the telnet console and the web pages apply it, at start-up and at run time. */
import { isLoopbackAddress, refusedWithoutPassword } from '../../src/util/loopback';

test('loopback addresses', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost']) expect(isLoopbackAddress(a)).toBe(true);
  for (const a of ['0.0.0.0', '::', '192.0.2.1', '2001:db8::1', '::ffff:192.0.2.1', '128.0.0.1']) expect(isLoopbackAddress(a)).toBe(false);
});

test('a non-loopback door with no password is refused unless allowed; a password set later lifts it at once', () => {
  expect(refusedWithoutPassword('192.0.2.1', false, false)).toBe(true);
  expect(refusedWithoutPassword('0.0.0.0', false, false)).toBe(true);
  expect(refusedWithoutPassword('192.0.2.1', true, false)).toBe(false);
  expect(refusedWithoutPassword('192.0.2.1', false, true)).toBe(false);
  expect(refusedWithoutPassword('127.0.0.1', false, false)).toBe(false);
});
