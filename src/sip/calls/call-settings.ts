/**
 * What the calls read of the configuration: plain immutable values handed in by the engine, never
 * the live Config, and the random source the calls draw tags and RTP identifiers from.
 */
import { Random, systemRandom } from '../../util/random';
import { DEFAULT_USER_AGENT, SessionTimerSetting } from '../settings';

/** Settings of the telephones' calls. */
export interface CallSettings {
  /**
   * Seconds an incoming call may ring before it is refused with 480 (`analog arrive no-answer
   * timer`); 0 rings until the caller gives up.
   */
  readonly noAnswerSeconds: number;
  /**
   * `sip arrive address check on`: INVITEs only from the configured servers' addresses. The
   * default is on, as on the router: a telephone should not ring for anyone on the network.
   */
  readonly arriveAddressCheck: boolean;
  /** `sip session timer` (RFC 4028); a server's own setting comes first. */
  readonly sessionTimer: SessionTimerSetting | undefined;
  /** `sip 100rel` (RFC 3262); a server's own setting comes first. */
  readonly rel100: boolean;
  /** `sip user agent`: the User-Agent of our INVITEs; undefined sends none. */
  readonly userAgent: string | undefined;
}

/** The defaults: ring 60 s, INVITEs only from the configured servers, no session timer or 100rel of our own. */
export const DEFAULT_CALL_SETTINGS: CallSettings = { noAnswerSeconds: 60, arriveAddressCheck: true, sessionTimer: undefined, rel100: false, userAgent: DEFAULT_USER_AGENT };

/**
 * Randomness for tags, SDP session ids and RTP SSRC / sequence / timestamp starts: the engine's
 * injected source (src/util/random.ts), so that tests can fix it.
 */
export type RandomSource = Pick<Random, 'bytes'>;

/** The process-wide system source, for code that is not handed one. */
export const cryptoRandom: RandomSource = systemRandom;

/** A To/From tag: 64 random bits in hex (RFC 3261 §19.3 wants at least 32). */
export function randomTag(r: RandomSource): string {
  return r.bytes(8).toString('hex');
}
