/**
 * When a registration sends its next REGISTER: the refresh before the granted time runs out, and
 * the retry after a failure (a fixed `register timer` NG interval, or RFC 5626 §4.5 back-off).
 */
import { Random } from '../../util/random';
import { RegisterTimer } from '../settings';

/** The Expires we ask for without `sip server register timer` (the seed's fixed value). */
export const REGISTER_EXPIRES = 1200;

/** Milliseconds after a grant at which to refresh: 90 %, at least 5 s early; half of a short grant. */
export function refreshDelayMs(grantedSeconds: number): number {
  if (grantedSeconds <= 10) return Math.max(1, grantedSeconds / 2) * 1000;
  return Math.min(grantedSeconds * 0.9, grantedSeconds - 5) * 1000;
}

/** The back-off of RFC 5626 §4.5: base, ceiling, and the source of its jitter. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly random: Random;
}

/**
 * The wait before retry number `failures` (1 = the first failure). With a register timer it is
 * the NG interval; otherwise min(max, base·2^(failures-1)) scaled into [50 %, 100 %] by jitter.
 */
export function retryDelayMs(failures: number, timer: RegisterTimer | undefined, policy: BackoffPolicy): number {
  if (timer !== undefined) return timer.ngSeconds * 1000;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, failures - 1), 16));
  return ceiling * (0.5 + 0.5 * policy.random.float());
}

/** A Retry-After header value in seconds (RFC 3261 §20.33), or undefined when absent or bad. */
export function retryAfterSeconds(value: string | undefined): number | undefined {
  const m = /^\s*(\d{1,10})(?:\s|;|\(|$)/.exec(value ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n : undefined;
}
