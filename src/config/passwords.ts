/**
 * Login and administrator passwords are kept hashed (scrypt, random salt): `s1.SALT.HASH` in hex.
 *
 * Checking a password costs one scrypt (N=2048, r=8: about 5-10 ms of CPU). {@link verifyPassword}
 * runs it on libuv's thread pool (`crypto.scrypt` with a callback) so that a stream of guesses
 * does not stall the telnet sessions, the web pages and the SIP timers; {@link checkPassword}
 * (synchronous) is kept only for offline use where nothing else runs (tests, `sipsh exec`).
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'crypto';

const COST = { N: 2048, r: 8, p: 1 };
const STORED = /^s1\.([0-9a-f]{24})\.([0-9a-f]{48})$/;

/** A new `s1.SALT.HASH` for `plain` (random 12-byte salt). */
export function hashPassword(plain: string): string {
  const salt = randomBytes(12);
  const hash = scryptSync(plain, salt, 24, COST);
  return `s1.${salt.toString('hex')}.${hash.toString('hex')}`;
}

/**
 * True when `plain` matches `stored`; a malformed stored value matches nothing. Synchronous: it
 * blocks the event loop for one scrypt. Network-facing callers use {@link verifyPassword}.
 */
export function checkPassword(plain: string, stored: string): boolean {
  const m = STORED.exec(stored);
  if (!m) return false;
  const hash = scryptSync(plain, Buffer.from(m[1] as string, 'hex'), 24, COST);
  return timingSafeEqual(hash, Buffer.from(m[2] as string, 'hex'));
}

/**
 * Resolves true when `plain` matches `stored`, computing scrypt off the event loop. Never rejects:
 * a malformed stored value or a scrypt error resolves false (a password check that cannot be
 * done is a failed check, not a crash).
 */
export function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (!m) return Promise.resolve(false);
  const expected = Buffer.from(m[2] as string, 'hex');
  return new Promise((resolve) => {
    scrypt(plain, Buffer.from(m[1] as string, 'hex'), 24, COST, (err, hash) => {
      resolve(err === null && hash.length === expected.length && timingSafeEqual(hash, expected));
    });
  });
}

/** True when `text` has the form of a stored hash (`login password encrypted …`). */
export function isPasswordHash(text: string): boolean {
  return STORED.test(text);
}
