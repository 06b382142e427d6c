/**
 * The SDP the telephones offer and answer (RFC 4566 / RFC 3264): one audio stream, PCMU and PCMA,
 * RFC 4733 telephone-event for DTMF, and the direction attribute that puts a call on hold.
 */

/** The media direction attribute (RFC 3264 §5.1, §6.1). */
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** One side's audio stream as an SDP says it. */
export interface MediaOffer {
  /** Connection address (no brackets); `0.0.0.0` is the RFC 2543 way of saying "hold". */
  readonly address: string;
  readonly port: number;
  /** RTP payload types offered or chosen, in preference order (telephone-event included). */
  readonly payloads: readonly number[];
  /** The payload type mapped to `telephone-event/8000`, when there is one. */
  readonly telephoneEvent?: number | undefined;
  /** The stream's direction; sendrecv when the SDP says none. */
  readonly direction?: Direction | undefined;
}

/** The codecs we have, by their static payload type. */
export const CODECS: Record<number, string> = { 0: 'PCMU/8000', 8: 'PCMA/8000' };

/** The payload type we offer for telephone-event (RFC 4733 §7.1.1: dynamic). */
export const OUR_TELEPHONE_EVENT = 101;

/** Builds our SDP for `m`; `version` goes up with each new offer or answer of one session (RFC 3264 §8). */
export function buildSdp(m: MediaOffer, sessionId: number, version = 1): Buffer {
  const ip = m.address.includes(':') ? 'IP6' : 'IP4';
  const te = m.telephoneEvent;
  const pts = te !== undefined && !m.payloads.includes(te) ? [...m.payloads, te] : m.payloads;
  const lines = [
    'v=0',
    `o=sipsh ${sessionId} ${version} IN ${ip} ${m.address}`,
    's=sipsh',
    `c=IN ${ip} ${m.address}`,
    't=0 0',
    `m=audio ${m.port} RTP/AVP ${pts.join(' ')}`,
    ...pts.filter((p) => CODECS[p] !== undefined).map((p) => `a=rtpmap:${p} ${CODECS[p]}`),
    ...(te !== undefined ? [`a=rtpmap:${te} telephone-event/8000`, `a=fmtp:${te} 0-15`] : []),
    'a=ptime:20',
    `a=${m.direction ?? 'sendrecv'}`,
  ];
  const text = `${lines.join('\r\n')}\r\n`;
  // A buffer of its own, not a slice of Node's shared 8 KB pool (Buffer.from): the INVITE
  // transaction keeps the body for as long as it lives (Timer D / M, 32 s), and a heap snapshot of
  // 100 talking calls showed one whole pool slab retained per call by it (8 KB of 8.4 KB native).
  const body = Buffer.allocUnsafeSlow(text.length);
  body.write(text, 0, 'latin1');
  return body;
}

const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
const isDirection = (s: string): s is Direction => DIRECTIONS.includes(s);

/** Reads the first audio stream's address, port, payload types, telephone-event and direction; undefined when there is none. */
export function parseSdp(body: Buffer): MediaOffer | undefined {
  let session: string | undefined;
  let sessionDirection: Direction | undefined;
  let media: { port: number; payloads: number[]; address?: string; direction?: Direction; te?: number } | undefined;
  for (const raw of body.toString('latin1').split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^c=IN IP[46] ([0-9A-Fa-f:.]+)/.exec(line))) {
      if (media) media.address ??= m[1];
      else session = m[1];
    } else if ((m = /^m=audio (\d+)(?:\/\d+)? RTP\/AVP((?: \d+)*)$/.exec(line))) {
      if (media) break;
      media = { port: Number(m[1]), payloads: (m[2] ?? '').trim().split(/\s+/).filter(Boolean).map(Number) };
    } else if (/^m=/.test(line)) {
      if (media) break;
    } else if ((m = /^a=([a-z]+)$/.exec(line)) && isDirection(m[1] as string)) {
      const d = m[1] as Direction;
      if (media) media.direction = d;
      else sessionDirection = d;
    } else if ((m = /^a=rtpmap:(\d+) telephone-event\/8000/i.exec(line)) && media) {
      media.te = Number(m[1]);
    }
  }
  const address = media?.address ?? session;
  if (!media || address === undefined || media.port > 65535) return undefined;
  return { address, port: media.port, payloads: media.payloads, telephoneEvent: media.te, direction: media.direction ?? sessionDirection ?? 'sendrecv' };
}

/** The codec to use for an offer: the first of theirs that we have. */
export function chooseCodec(offer: MediaOffer): number | undefined {
  return offer.payloads.find((p) => CODECS[p] !== undefined && p !== offer.telephoneEvent);
}

/** Does the other side want to receive our RTP? Not when it says sendonly/inactive or `c=0.0.0.0` (RFC 3264 §8.4). */
export function theyReceive(remote: MediaOffer): boolean {
  const d = remote.direction ?? 'sendrecv';
  return remote.address !== '0.0.0.0' && remote.port !== 0 && (d === 'sendrecv' || d === 'recvonly');
}

/** Our answer's direction to their offer (RFC 3264 §6.1), with our own wish to hold. */
export function answerDirection(offer: MediaOffer, weHold: boolean): Direction {
  const theySend = (offer.direction ?? 'sendrecv') === 'sendrecv' || offer.direction === 'sendonly';
  const wantSend = theyReceive(offer) && !weHold;
  if (wantSend && theySend) return 'sendrecv';
  if (wantSend) return 'sendonly';
  if (theySend) return 'recvonly';
  return 'inactive';
}

/** SDP family of an address. */
export const familyOf = (address: string): 'IP4' | 'IP6' => (address.includes(':') ? 'IP6' : 'IP4');

/** Why an offer cannot be answered, with the Warning code of RFC 3261 §20.43. */
export interface OfferRefusal {
  readonly warning: 301 | 305;
  readonly reason: string;
}

/**
 * Checks an offer: a codec we have, and an address of a family we have. The answer goes in the
 * offer's address family (RFC 3264 §6: the answer's c= must be reachable by the offerer).
 */
export function checkOffer(offer: MediaOffer | undefined, localAddresses: readonly string[]): { ok: true; payload: number; address: string } | ({ ok: false } & OfferRefusal) {
  if (!offer) return { ok: false, warning: 305, reason: 'no audio stream in the offer' };
  const payload = chooseCodec(offer);
  if (payload === undefined) return { ok: false, warning: 305, reason: `no common codec (offered ${offer.payloads.join(' ') || 'none'}, we have PCMU PCMA)` };
  const fam = offer.address === '0.0.0.0' ? 'IP4' : familyOf(offer.address);
  const address = localAddresses.find((a) => familyOf(a) === fam);
  if (address === undefined) return { ok: false, warning: 301, reason: `no local address of family ${fam}` };
  return { ok: true, payload, address };
}
