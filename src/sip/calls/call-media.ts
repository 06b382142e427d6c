/**
 * A call's media (RFC 3264): its RTP endpoint, the other side's SDP and the codec and
 * telephone-event agreed with it, our SDP and its version, our hold, and the DTMF digits received.
 * RTP follows the directions: it sends only while neither side holds (RFC 3264 §5.1).
 */
import { RandomSource } from './call-settings';
import { CallDetails } from './call-status';
import { RtpEndpoint } from './rtp';
import { CODECS, Direction, MediaOffer, OUR_TELEPHONE_EVENT, answerDirection, buildSdp, checkOffer, theyReceive } from './sdp';

/** The payload types we offer in our INVITE: PCMU and PCMA. */
const OUR_PAYLOADS = [0, 8];

/** Our answer to an offer (`CallMedia.answerTo`), or why there is none: the Warning code (RFC 3261 §20.43) and its text. */
export type MediaAnswer = { readonly ok: true; readonly sdp: Buffer; readonly payload: number; readonly events: number | undefined } | { readonly ok: false; readonly warning: 301 | 305; readonly reason: string };

/** What `show status analog` shows of a call's media. */
export type MediaDetails = Pick<CallDetails, 'codec' | 'telephoneEvent' | 'localRtp' | 'remoteRtp' | 'digits' | 'rtpLost' | 'jitterMs'>;

const bracket = (a: string): string => (a.includes(':') ? `[${a}]` : a);

/** One call's media; `log` takes a line about it (a DTMF digit received). */
export class CallMedia {
  private rtp: RtpEndpoint | undefined;
  /** The other side's SDP (its offer or answer). */
  private remote: MediaOffer | undefined;
  private payload = 0;
  /** The telephone-event payload type both sides agreed on, if any. */
  private events: number | undefined;
  /** We put the call on hold (`phone P hold`). */
  holding = false;
  /** The address our SDP gives. */
  localAddress: string | undefined;
  private readonly sessionId: number;
  private sdpVersion = 0;
  private digits = '';
  /** The RTP counts when the endpoint closed. */
  private lastCounts = { sent: 0, received: 0, lost: 0, jitterMs: 0 };

  constructor(
    random: RandomSource,
    private readonly log: (line: string) => void,
  ) {
    this.sessionId = random.bytes(4).readUInt32BE(0) % 1e9;
  }

  /** The RTP endpoint the call sends and receives on; its DTMF events count as received digits. */
  attach(rtp: RtpEndpoint): void {
    this.rtp = rtp;
    rtp.onDigit = (d) => this.digitReceived(d);
  }

  /** A DTMF digit received (an RTP event or SIP INFO). */
  digitReceived(d: string): void {
    this.digits += d;
    this.log(`DTMF ${d} received`);
  }

  /** Does the other side hold us (its SDP does not receive)? */
  get held(): boolean {
    return this.remote !== undefined && !theyReceive(this.remote);
  }

  /** RTP packets sent and received (the last counts once the endpoint closed). */
  get sent(): number {
    return this.rtp?.sent ?? this.lastCounts.sent;
  }

  get received(): number {
    return this.rtp?.received ?? this.lastCounts.received;
  }

  /** What `show status analog` shows of the media. */
  details(): MediaDetails {
    return {
      codec: this.remote ? CODECS[this.payload] : undefined,
      telephoneEvent: this.events,
      localRtp: this.rtp && this.localAddress !== undefined ? `${bracket(this.localAddress)}:${this.rtp.port}` : undefined,
      remoteRtp: this.remote ? `${bracket(this.remote.address)}:${this.remote.port}` : undefined,
      digits: this.digits,
      rtpLost: this.rtp?.lost ?? this.lastCounts.lost,
      jitterMs: this.rtp?.jitterMs ?? this.lastCounts.jitterMs,
    };
  }

  /** Our SDP: `unchanged` keeps its version (a session refresh, RFC 3264 §8). */
  private sdp(direction: Direction, payloads: readonly number[], events: number | undefined, unchanged = false): Buffer {
    const address = this.localAddress ?? '127.0.0.1';
    if (!unchanged) this.sdpVersion++;
    return buildSdp({ address, port: this.rtp?.port ?? 0, payloads, telephoneEvent: events, direction }, this.sessionId, this.sdpVersion);
  }

  /** The offer of our INVITE: PCMU, PCMA and telephone-event. */
  inviteOffer(): Buffer {
    return this.sdp('sendrecv', OUR_PAYLOADS, OUR_TELEPHONE_EVENT);
  }

  /** Our SDP for the agreed codec: sendonly while we hold, or would (RFC 3264 §8.4). */
  current(hold: boolean, unchanged = false): Buffer {
    return this.sdp(hold ? 'sendonly' : 'sendrecv', [this.payload], this.events, unchanged);
  }

  /** The other side's offer of an INVITE we take: the codec we chose (`checkOffer`) until we answer it. */
  offered(offer: MediaOffer, payload: number): void {
    this.remote = offer;
    this.payload = payload;
  }

  /** Our answer to an offer: its codec, telephone-event if offered, its address family, the mirrored direction. */
  answerTo(offer: MediaOffer | undefined, localAddresses: readonly string[]): MediaAnswer {
    const checked = checkOffer(offer, localAddresses);
    if (!checked.ok || !offer) return checked.ok ? { ok: false, warning: 305, reason: 'no audio stream in the offer' } : checked;
    this.localAddress = checked.address;
    const events = offer.telephoneEvent !== undefined && offer.payloads.includes(offer.telephoneEvent) ? offer.telephoneEvent : undefined;
    const sdp = this.sdp(answerDirection(offer, this.holding), [checked.payload], events);
    return { ok: true, sdp, payload: checked.payload, events };
  }

  /** The offer we answered (`answerTo`) is the session now: RTP follows it. */
  take(offer: MediaOffer, answer: Extract<MediaAnswer, { ok: true }>): void {
    this.remote = offer;
    this.payload = answer.payload;
    this.events = answer.events;
    this.apply();
  }

  /** The answer to our offer (in 183, 2xx, or the 2xx of a re-INVITE / UPDATE): RTP follows it. False when it has none of our codecs. */
  useAnswer(sdp: MediaOffer): boolean {
    const payload = sdp.payloads.find((p) => OUR_PAYLOADS.includes(p));
    if (payload === undefined) return false;
    this.remote = sdp;
    this.payload = payload;
    this.events = sdp.telephoneEvent !== undefined && sdp.payloads.includes(sdp.telephoneEvent) ? sdp.telephoneEvent : undefined;
    this.apply();
    return true;
  }

  /** RTP sends only while neither side holds (RFC 3264 §5.1). */
  apply(): void {
    const remote = this.remote;
    if (!this.rtp || !remote) return;
    if (theyReceive(remote) && !this.holding) this.rtp.start(remote, this.payload, this.events);
    else {
      this.rtp.stop();
      this.rtp.start({ address: remote.address, port: 0 }, this.payload, this.events); // listen for events only
    }
  }

  /** `phone P dtmf DIGITS` as RFC 4733 events: why not, or undefined when sent. */
  sendDigits(digits: string): 'no-telephone-event' | 'no-rtp' | undefined {
    if (this.events === undefined) return 'no-telephone-event';
    if (!this.rtp?.sendDigits(digits, this.events)) return 'no-rtp';
    return undefined;
  }

  /** The call is over: the RTP endpoint closes, its counts kept for `show status analog`. */
  close(): void {
    if (!this.rtp) return;
    this.lastCounts = { sent: this.rtp.sent, received: this.rtp.received, lost: this.rtp.lost, jitterMs: this.rtp.jitterMs };
    this.rtp.close();
    this.rtp = undefined;
  }
}
