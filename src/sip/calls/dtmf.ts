/**
 * DTMF: RFC 4733 telephone-event payloads, and the SIP INFO bodies phones send digits in
 * (`application/dtmf-relay` "Signal=5", `application/dtmf` "5").
 */

const EVENTS = '0123456789*#ABCD';

/** The RFC 4733 §3.2 event code of a digit; undefined for anything else. */
export function eventCode(digit: string): number | undefined {
  const i = EVENTS.indexOf(digit.toUpperCase());
  return digit.length === 1 && i >= 0 ? i : undefined;
}

/** The digit of an event code 0-15. */
export function eventDigit(code: number): string | undefined {
  return code >= 0 && code < 16 ? EVENTS[code] : undefined;
}

/** Is every character a DTMF digit (0-9 * # A-D)? */
export const isDtmfDigits = (s: string): boolean => s.length > 0 && [...s].every((c) => eventCode(c) !== undefined);

/** An RFC 4733 §2.3 event payload: event, E bit, volume (dBm0 below 0), duration in timestamp units. */
export interface DtmfEvent {
  readonly event: number;
  readonly end: boolean;
  readonly volume: number;
  readonly duration: number;
}

/** Four bytes of an event payload. */
export function encodeEvent(e: DtmfEvent): Buffer {
  const b = Buffer.alloc(4);
  b[0] = e.event & 0xff;
  b[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  b.writeUInt16BE(Math.min(e.duration, 0xffff), 2);
  return b;
}

/** Reads an event payload; undefined when it is too short. */
export function decodeEvent(payload: Buffer): DtmfEvent | undefined {
  if (payload.length < 4) return undefined;
  return { event: payload[0] as number, end: ((payload[1] as number) & 0x80) !== 0, volume: (payload[1] as number) & 0x3f, duration: payload.readUInt16BE(2) };
}

/** The digits of a SIP INFO body by its Content-Type; undefined when the type is not a DTMF one or the body holds none. */
export function infoDigits(contentType: string | undefined, body: Buffer): string | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const text = body.toString('latin1');
  let digit: string | undefined;
  if (type === 'application/dtmf-relay') digit = /^\s*Signal\s*=\s*(\S)/im.exec(text)?.[1];
  else if (type === 'application/dtmf') digit = /^\s*(\S)/.exec(text)?.[1];
  else return undefined;
  if (digit === undefined) return undefined;
  // "Signal=10" / "Signal=11" are * and # in some phones' dialect.
  if (/^\s*Signal\s*=\s*1[01]\b/im.test(text)) digit = /=\s*10/.test(text) ? '*' : '#';
  return eventCode(digit) !== undefined ? digit.toUpperCase() : undefined;
}
