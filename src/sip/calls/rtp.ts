/**
 * RTP (RFC 3550) for the telephones: a test tone in 20 ms packets while talking, RFC 4733 DTMF
 * events in and out, and the receive statistics of RFC 3550 A.3 / A.8 (loss, jitter). One port
 * number, bound on each local address (IPv4 and IPv6), so the other side may be of either family.
 */
import * as dgram from 'dgram';
import { Clock, TimerHandle } from '../../util/clock';
import { toneFrame } from './g711';
import { bindUdp } from '../../net/udp';
import { RandomSource, cryptoRandom } from './call-settings';
import { decodeEvent, encodeEvent, eventCode, eventDigit } from './dtmf';

/** What the call reads of its RTP. */
export interface RtpStats {
  readonly sent: number;
  readonly received: number;
  /** Packets expected but not received (RFC 3550 A.3). */
  readonly lost: number;
  /** Interarrival jitter in milliseconds (RFC 3550 A.8). */
  readonly jitterMs: number;
}

/** The RTP side of a call: sends a tone and DTMF events, counts what it receives. */
export interface RtpEndpoint extends RtpStats {
  readonly port: number;
  /** Starts sending the tone to `remote` with payload type `pt`; `events` is the telephone-event type to read digits with. */
  start(remote: { address: string; port: number }, pt: number, events?: number): void;
  /** Stops sending (hold); received packets are still counted. */
  stop(): void;
  close(): void;
  /** Queues RFC 4733 events for `digits` with payload type `pt`; false when not sending. */
  sendDigits(digits: string, pt: number): boolean;
  /** Called with each digit received as an RFC 4733 event (once per event, at its end). */
  onDigit: ((digit: string) => void) | undefined;
}

/** Opens an RTP endpoint on one of these local addresses (real sockets, or fakes in tests). */
export type RtpFactory = (addresses: readonly string[]) => Promise<RtpEndpoint>;

const family = (a: string): 'udp4' | 'udp6' => (a.includes(':') ? 'udp6' : 'udp4');

/** Packets per DTMF tone (5 x 20 ms = 100 ms) and end-packet copies (RFC 4733 §2.5.1.4). */
const TONE_PACKETS = 5;
const END_COPIES = 3;
/** Packets of plain audio between two digits (60 ms). */
const GAP_PACKETS = 3;

/** The tone's frame by payload type, made once: only read (each packet copies it), so every call shares it. */
const TONES = new Map<number, Buffer>();
function tone(pt: number): Buffer {
  let frame = TONES.get(pt);
  if (frame === undefined) TONES.set(pt, (frame = toneFrame(pt)));
  return frame;
}

/** RFC 3550 A.3 / A.8 receive statistics for one source. */
export class ReceiveStats {
  received = 0;
  private baseSeq: number | undefined;
  private maxSeq = 0;
  private cycles = 0;
  private transit: number | undefined;
  private jitter = 0;

  /**
   * One packet: its sequence number, RTP timestamp, arrival in ms; `timed` false for packets whose
   * timestamp is not their sampling instant (RFC 4733 events carry the event's start), which
   * would otherwise count as jitter.
   */
  packet(seq: number, timestamp: number, arrivalMs: number, timed = true, rate = 8000): void {
    this.received++;
    if (this.baseSeq === undefined) {
      this.baseSeq = seq;
      this.maxSeq = seq;
    } else {
      const delta = (seq - this.maxSeq) & 0xffff;
      if (delta > 0 && delta < 0x8000) {
        if (seq < this.maxSeq) this.cycles += 0x10000;
        this.maxSeq = seq;
      }
    }
    if (!timed) return;
    // A.8: J += (|D| - J) / 16, D the change in transit time, in timestamp units.
    const arrival = Math.round((arrivalMs * rate) / 1000);
    const transit = arrival - timestamp;
    if (this.transit !== undefined) {
      const d = Math.abs(((transit - this.transit) | 0));
      this.jitter += (d - this.jitter) / 16;
    }
    this.transit = transit;
  }

  get lost(): number {
    if (this.baseSeq === undefined) return 0;
    const expected = this.cycles + this.maxSeq - this.baseSeq + 1;
    return Math.max(0, expected - this.received);
  }

  /** Jitter in milliseconds at 8 kHz. */
  jitterMs(rate = 8000): number {
    return Math.round((this.jitter * 1000 * 10) / rate) / 10;
  }
}

/** Reads a received packet for digits: one digit per event, reported once at the first end packet. */
export class DigitReader {
  private lastEnded: number | undefined;
  /** The digit a packet ends, if it is the first end packet of its event. */
  read(timestamp: number, payload: Buffer): string | undefined {
    const e = decodeEvent(payload);
    if (!e || !e.end || this.lastEnded === timestamp) return undefined;
    this.lastEnded = timestamp;
    return eventDigit(e.event);
  }
}

/** RTP over UDP sockets (RFC 3550), one per address family, timers on the injected clock. */
export class UdpRtp implements RtpEndpoint {
  sent = 0;
  onDigit: ((digit: string) => void) | undefined;
  private readonly stats = new ReceiveStats();
  private readonly digits = new DigitReader();
  private timer: TimerHandle | undefined;
  private seq: number;
  private timestamp: number;
  private readonly ssrc: number;
  private events: number | undefined;
  /** DTMF waiting to go: each entry one 20 ms slot (an event packet, or undefined for audio). */
  private queue: ({ event: number; end: boolean; duration: number; first: boolean; start: number } | undefined)[] = [];
  private sending = false;

  private constructor(
    private readonly sockets: Map<'udp4' | 'udp6', dgram.Socket>,
    readonly port: number,
    private readonly clock: Clock,
    random: RandomSource,
  ) {
    const r = random.bytes(10);
    this.seq = r.readUInt16BE(0);
    this.timestamp = r.readUInt32BE(2);
    this.ssrc = r.readUInt32BE(6);
    for (const s of sockets.values()) s.on('message', (msg) => this.receive(msg));
  }

  get received(): number {
    return this.stats.received;
  }
  get lost(): number {
    return this.stats.lost;
  }
  get jitterMs(): number {
    return this.stats.jitterMs();
  }

  private receive(msg: Buffer): void {
    if (msg.length < 12 || (msg[0] as number) >> 6 !== 2) return;
    const pt = (msg[1] as number) & 0x7f;
    const seq = msg.readUInt16BE(2);
    const ts = msg.readUInt32BE(4);
    const isEvent = this.events !== undefined && pt === this.events;
    this.stats.packet(seq, ts, this.clock.now(), !isEvent);
    if (isEvent) {
      const cc = (msg[0] as number) & 0x0f;
      const digit = this.digits.read(ts, msg.subarray(12 + 4 * cc));
      if (digit !== undefined) this.onDigit?.(digit);
    }
  }

  /** Binds an even port on every address (retrying), 20000-39998. */
  static async open(addresses: readonly string[], clock: Clock, random: RandomSource = cryptoRandom): Promise<UdpRtp> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = 20000 + 2 * (random.bytes(2).readUInt16BE(0) % 10000);
      const sockets = new Map<'udp4' | 'udp6', dgram.Socket>();
      try {
        for (const a of addresses) sockets.set(family(a), await bindUdp(a, port));
        return new UdpRtp(sockets, port, clock, random);
      } catch {
        for (const s of sockets.values()) s.close();
      }
    }
    throw new Error('no free RTP port');
  }

  start(remote: { address: string; port: number }, pt: number, events?: number): void {
    this.stop();
    this.events = events;
    const sock = this.sockets.get(family(remote.address));
    if (!sock || remote.port === 0) return;
    this.sending = true;
    const audio = tone(pt);
    const tick = (): void => {
      const slot = this.queue.shift();
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      let payload = audio;
      let timestamp = this.timestamp;
      header[1] = pt & 0x7f;
      if (slot !== undefined && this.events !== undefined) {
        // RFC 4733 §2.5: one timestamp for the whole event, M bit on its first packet.
        header[1] = (this.events & 0x7f) | (slot.first ? 0x80 : 0);
        payload = encodeEvent({ event: slot.event, end: slot.end, volume: 10, duration: slot.duration });
        timestamp = slot.start;
      }
      header.writeUInt16BE(this.seq, 2);
      header.writeUInt32BE(timestamp >>> 0, 4);
      header.writeUInt32BE(this.ssrc, 8);
      this.seq = (this.seq + 1) & 0xffff;
      this.timestamp = (this.timestamp + 160) >>> 0;
      sock.send(Buffer.concat([header, payload]), remote.port, remote.address);
      this.sent++;
      this.timer = this.clock.setTimer(20, tick);
    };
    tick();
  }

  sendDigits(digits: string, pt: number): boolean {
    if (!this.sending || this.events === undefined || this.events !== pt) return false;
    // Timestamps are assigned when each slot is queued: the event starts where its first packet goes.
    let ts = (this.timestamp + 160 * this.queue.length) >>> 0;
    for (const d of digits) {
      const event = eventCode(d);
      if (event === undefined) continue;
      for (let i = 1; i <= TONE_PACKETS; i++) this.queue.push({ event, end: false, duration: 160 * i, first: i === 1, start: ts });
      for (let i = 0; i < END_COPIES; i++) this.queue.push({ event, end: true, duration: 160 * TONE_PACKETS, first: false, start: ts });
      for (let i = 0; i < GAP_PACKETS; i++) this.queue.push(undefined);
      ts = (ts + 160 * (TONE_PACKETS + END_COPIES + GAP_PACKETS)) >>> 0;
    }
    return true;
  }

  stop(): void {
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.sending = false;
    this.queue = [];
  }

  close(): void {
    this.stop();
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}
