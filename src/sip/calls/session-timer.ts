/**
 * Session timers (RFC 4028): what we ask for as UAC, what we grant as UAS, and the timers of a
 * running session (refresh at half the interval by the refresher, BYE before it expires).
 */
import { Clock, TimerHandle } from '../../util/clock';
import { SipRequest, SipResponse } from '../codec/message';
import { SessionTimerSetting } from '../settings';

/** Our smallest session interval, sent as Min-SE (RFC 4028 §4: never below 90 s). */
export const OUR_MIN_SE = 90;

/** Who refreshes (the `refresher` parameter, RFC 4028 §4). */
export type Refresher = 'uac' | 'uas';

/** A Session-Expires value: delta-seconds and the refresher, if named. */
export interface SessionExpires {
  readonly seconds: number;
  readonly refresher: Refresher | undefined;
}

/** A session with a timer: its interval, whether we refresh, and how. */
export interface Session {
  readonly seconds: number;
  readonly weRefresh: boolean;
  /** Refresh with UPDATE (RFC 3311) rather than re-INVITE. */
  readonly update: boolean;
}

/** `Session-Expires: 1800;refresher=uac` (or compact `x:`); undefined when absent or malformed. */
export function parseSessionExpires(value: string | undefined): SessionExpires | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d{1,9})\s*((?:;[^;]*)*)$/.exec(value);
  if (!m) return undefined;
  const seconds = Number(m[1]);
  const r = /;\s*refresher\s*=\s*(uac|uas)\s*(?:;|$)/i.exec(m[2] ?? '')?.[1]?.toLowerCase();
  return { seconds, refresher: r === 'uac' || r === 'uas' ? r : undefined };
}

/** `Min-SE: 90`; undefined when absent or malformed. */
export function parseMinSe(value: string | undefined): number | undefined {
  const m = value !== undefined ? /^\s*(\d{1,9})\s*(?:;.*)?$/.exec(value) : null;
  return m ? Number(m[1]) : undefined;
}

/** Does the message list `tag` in Supported (or Require)? */
export function hasOption(m: SipRequest | SipResponse, header: 'supported' | 'require', tag: string): boolean {
  return m.headers.list(header).some((t) => t.trim().toLowerCase() === tag);
}

/** The headers of a request of ours that asks for (or refreshes) a session timer (RFC 4028 §7.1, §7.4). */
export function uacSessionHeaders(seconds: number, refresher: Refresher, minSe: number): [string, string][] {
  return [
    ['Session-Expires', `${seconds};refresher=${refresher}`],
    ['Min-SE', String(minSe)],
  ];
}

/** What a UAS answers to an INVITE or UPDATE as to its session timer (RFC 4028 §9). */
export type UasDecision =
  | { readonly kind: 'none' }
  /** 422 with our Min-SE: the interval asked for is below our minimum. */
  | { readonly kind: 'too-small'; readonly minSe: number }
  | { readonly kind: 'session'; readonly session: Session; readonly headers: readonly (readonly [string, string])[] };

/**
 * RFC 4028 §9: an interval below our minimum gets 422; otherwise the caller's interval (lowered
 * toward ours when we have one, never below its Min-SE), its refresher or, when it leaves the
 * choice to us, ours (always us when it does not support timers). Without a Session-Expires we add
 * ours when configured.
 */
export function uasNegotiate(req: SipRequest, setting: SessionTimerSetting | undefined): UasDecision {
  const asked = parseSessionExpires(req.headers.get('session-expires'));
  const theirMin = Math.max(parseMinSe(req.headers.get('min-se')) ?? 0, OUR_MIN_SE);
  const supports = hasOption(req, 'supported', 'timer') || hasOption(req, 'require', 'timer');
  let seconds: number;
  let refresher: Refresher;
  if (asked !== undefined) {
    if (asked.seconds < OUR_MIN_SE) return { kind: 'too-small', minSe: OUR_MIN_SE };
    seconds = setting !== undefined && setting.seconds < asked.seconds ? Math.max(setting.seconds, theirMin) : asked.seconds;
    refresher = asked.refresher ?? (supports ? (setting?.refresher ?? 'uas') : 'uas');
  } else {
    if (setting === undefined) return { kind: 'none' };
    seconds = Math.max(setting.seconds, theirMin);
    refresher = supports ? setting.refresher : 'uas';
  }
  if (!supports) refresher = 'uas'; // §9: a UAC without timer support cannot refresh
  const headers: [string, string][] = [['Session-Expires', `${seconds};refresher=${refresher}`]];
  if (supports) headers.push(['Require', 'timer']);
  return { kind: 'session', session: { seconds, weRefresh: refresher === 'uas', update: setting?.update ?? false }, headers };
}

/** The session a 2xx to our INVITE, re-INVITE or UPDATE sets up (RFC 4028 §7.2); none without Session-Expires. */
export function uacNegotiate(res: SipResponse, setting: SessionTimerSetting | undefined): Session | undefined {
  const se = parseSessionExpires(res.headers.get('session-expires'));
  if (se === undefined) return undefined;
  return { seconds: se.seconds, weRefresh: (se.refresher ?? 'uac') === 'uac', update: setting?.update ?? false };
}

/** When the side that does not refresh gives up: before expiry by min(32 s, a third) (RFC 4028 §10). */
export function byeAfterMs(seconds: number): number {
  return (seconds - Math.min(32, seconds / 3)) * 1000;
}

/**
 * The timers of one running session, armed on construction and cleared by `stop`: the refresh at
 * half the interval when we refresh (§7.4, §9), and the expiry (BYE) in every case — a refresher
 * whose refreshes all fail ends the session too (§10).
 */
export class SessionClock {
  private refresh: TimerHandle | undefined;
  private readonly expiry: TimerHandle;
  /** When the session expires unless refreshed (ms since the epoch). */
  readonly expiresAt: number;

  constructor(
    private readonly clock: Clock,
    readonly session: Session,
    refreshDue: () => void,
    expired: () => void,
  ) {
    if (session.weRefresh) this.refresh = clock.setTimer((session.seconds * 1000) / 2, refreshDue);
    const bye = session.weRefresh ? session.seconds * 1000 : byeAfterMs(session.seconds);
    this.expiresAt = clock.now() + bye;
    this.expiry = clock.setTimer(bye, expired);
  }

  stop(): void {
    this.clock.clearTimer(this.refresh);
    this.clock.clearTimer(this.expiry);
    this.refresh = undefined;
  }
}

/** `1800 s, refreshed by us (re-INVITE), expires in 1750 s`: the session timer in `show status analog`. */
export function sessionWords(c: SessionClock, now: number): string {
  const s = c.session;
  const who = s.weRefresh ? `us (${s.update ? 'UPDATE' : 're-INVITE'})` : 'the other party';
  return `${s.seconds} s, refreshed by ${who}, expires in ${Math.max(0, Math.ceil((c.expiresAt - now) / 1000))} s`;
}
