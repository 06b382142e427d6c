/**
 * What a registration does with a 401/407 (RFC 3261 §22.2), bounded so that a hostile registrar
 * cannot make it loop: per attempt at most two challenges, and a third only for `stale=true`
 * with a nonce not seen before in this attempt (RFC 2617 §3.2.1 stale).
 */
import { Challenge, parseChallenge } from '../codec/header-values';
import { SipResponse } from '../codec/message';
import { chooseChallenge } from '../digest';
import { CachedAuth } from './request';

/** Challenges answered in one attempt, and the nonces they carried. */
export interface ChallengeCount {
  answered: number;
  /**
   * The nonce of the first challenge answered, while `nonces` is not made: most attempts of a
   * registration run answer one challenge, and a Set per attempt (made at the first challenge)
   * was ~100 bytes per registration for the garbage collector.
   */
  first?: string | undefined;
  /** Every nonce answered: made by the caller, or here when a second nonce comes. */
  nonces?: Set<string> | undefined;
  /** The request just sent carried credentials computed from a challenge of this attempt. */
  fresh: boolean;
}

/** Challenges answered per attempt without `stale=true`. */
export const MAX_CHALLENGES = 2;
/** With `stale=true` and a new nonce, one more. */
export const MAX_STALE_CHALLENGES = 3;

/** Why a challenge is not answered: the words on the status, and whether a retry may help. */
export type ChallengeOutcome =
  | { readonly kind: 'answer'; readonly auth: CachedAuth }
  | { readonly kind: 'refuse'; readonly reason: string; readonly credentialsWrong: boolean };

/** Decides on one 401/407 for a server with user ID `user`. */
export function onChallenge(res: SipResponse, user: string | undefined, count: ChallengeCount): ChallengeOutcome {
  const proxy = res.status === 407;
  const challenges: Challenge[] = [];
  for (const value of res.headers.getAll(proxy ? 'proxy-authenticate' : 'www-authenticate')) {
    const c = parseChallenge(value);
    if (c !== undefined) challenges.push(c);
  }
  const chosen = chooseChallenge(challenges);
  if (user === undefined) return { kind: 'refuse', reason: `${res.reason} (no user ID configured)`, credentialsWrong: true };
  if (!chosen) return { kind: 'refuse', reason: `${res.reason} (no supported digest challenge)`, credentialsWrong: true };
  if (count.fresh && !chosen.stale) return { kind: 'refuse', reason: `${res.reason} (authentication failed)`, credentialsWrong: true };
  const newNonce = count.nonces !== undefined ? !count.nonces.has(chosen.nonce) : count.first !== chosen.nonce;
  const allowed = count.answered < MAX_CHALLENGES || (chosen.stale && newNonce && count.answered < MAX_STALE_CHALLENGES);
  if (!allowed) return { kind: 'refuse', reason: `${res.reason} (challenged ${count.answered + 1} times in one attempt)`, credentialsWrong: false };
  count.answered++;
  if (count.nonces !== undefined) count.nonces.add(chosen.nonce);
  else if (count.first === undefined) count.first = chosen.nonce;
  else if (count.first !== chosen.nonce) count.nonces = new Set([count.first, chosen.nonce]);
  return { kind: 'answer', auth: { header: proxy ? 'Proxy-Authorization' : 'Authorization', challenge: chosen, nc: 0 } };
}
