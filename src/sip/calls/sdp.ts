/** The SDP the telephones offer and answer (RFC 4566 / RFC 3264): one audio stream, PCMU and PCMA. */

export interface MediaOffer {
  /** Connection address (no brackets) and its family. */
  readonly address: string;
  readonly port: number;
  /** RTP payload types offered or chosen, in preference order. */
  readonly payloads: readonly number[];
}

export const CODECS: Record<number, string> = { 0: 'PCMU/8000', 8: 'PCMA/8000' };

export function buildSdp(m: MediaOffer, sessionId: number, version = 1): Buffer {
  const ip = m.address.includes(':') ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=sipsh ${sessionId} ${version} IN ${ip} ${m.address}`,
    's=sipsh',
    `c=IN ${ip} ${m.address}`,
    't=0 0',
    `m=audio ${m.port} RTP/AVP ${m.payloads.join(' ')}`,
    ...m.payloads.filter((p) => CODECS[p] !== undefined).map((p) => `a=rtpmap:${p} ${CODECS[p]}`),
    'a=ptime:20',
    'a=sendrecv',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}

/** Reads the first audio stream's address, port and payload types; undefined when there is none. */
export function parseSdp(body: Buffer): MediaOffer | undefined {
  let session: string | undefined;
  let media: { port: number; payloads: number[]; address?: string } | undefined;
  for (const raw of body.toString('latin1').split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^c=IN IP[46] ([0-9A-Fa-f:.]+)/.exec(line))) {
      if (media) media.address ??= m[1];
      else session = m[1];
    } else if ((m = /^m=audio (\d+)(?:\/\d+)? RTP\/AVP((?: \d+)*)$/.exec(line))) {
      if (media) break;
      media = { port: Number(m[1]), payloads: (m[2] ?? '').trim().split(/\s+/).filter(Boolean).map(Number) };
    } else if (/^m=/.test(line) && media) break;
  }
  const address = media?.address ?? session;
  if (!media || address === undefined || media.port > 65535) return undefined;
  return { address, port: media.port, payloads: media.payloads };
}

/** The codec to use for an offer: the first of theirs that we have. */
export function chooseCodec(offer: MediaOffer): number | undefined {
  return offer.payloads.find((p) => CODECS[p] !== undefined);
}
