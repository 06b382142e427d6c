/** What `show status analog` shows of a call beyond the port's state. */

/** Media and signalling details of a port's call. */
export interface CallDetails {
  /** `held` (the other side put us on hold), `holding` (we did), `early media` (183 with SDP). */
  readonly condition: 'held' | 'holding' | 'early media' | undefined;
  readonly callId: string | undefined;
  /** Codec name, e.g. `PCMU/8000`, and the telephone-event payload type if agreed. */
  readonly codec: string | undefined;
  readonly telephoneEvent: number | undefined;
  /** `address:port` of our RTP and of theirs. */
  readonly localRtp: string | undefined;
  readonly remoteRtp: string | undefined;
  /** The last SIP final or provisional response we sent or got for this call, e.g. `200 OK`. */
  readonly lastResponse: string | undefined;
  /** DTMF digits received (RTP events and SIP INFO), in order. */
  readonly digits: string;
  readonly rtpLost: number;
  readonly jitterMs: number;
  /** The session timer (RFC 4028): interval, who refreshes, seconds left; undefined without one. */
  readonly sessionTimer: string | undefined;
}
