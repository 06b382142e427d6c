/** Login and administrator passwords are kept hashed (scrypt, random salt): `s1.SALT.HASH` in hex. */
import { randomBytes, scryptSync, timingSafeEqual } from 'crypto';

const COST = { N: 2048, r: 8, p: 1 };

export function hashPassword(plain: string): string {
  const salt = randomBytes(12);
  const hash = scryptSync(plain, salt, 24, COST);
  return `s1.${salt.toString('hex')}.${hash.toString('hex')}`;
}

/** True when `plain` matches `stored`; a malformed stored value matches nothing. */
export function checkPassword(plain: string, stored: string): boolean {
  const m = /^s1\.([0-9a-f]{24})\.([0-9a-f]{48})$/.exec(stored);
  if (!m) return false;
  const hash = scryptSync(plain, Buffer.from(m[1] as string, 'hex'), 24, COST);
  return timingSafeEqual(hash, Buffer.from(m[2] as string, 'hex'));
}

export function isPasswordHash(text: string): boolean {
  return /^s1\.[0-9a-f]{24}\.[0-9a-f]{48}$/.test(text);
}
