/**
 * RTP (RFC 3550) for the telephones: a test tone in 20 ms packets while talking, and a count of
 * the packets received. One port number, bound on each local address (IPv4 and IPv6), so the
 * other side may be of either family.
 */
import * as dgram from 'dgram';
import { randomBytes } from 'crypto';
import { Clock, TimerHandle } from '../../util/clock';
import { toneFrame } from './g711';
import { bindUdp } from '../../net/udp';

export interface RtpEndpoint {
  readonly port: number;
  readonly sent: number;
  readonly received: number;
  /** Starts sending the tone to `remote` with payload type `pt`. */
  start(remote: { address: string; port: number }, pt: number): void;
  stop(): void;
  close(): void;
}

export type RtpFactory = (addresses: readonly string[]) => Promise<RtpEndpoint>;

const family = (a: string): 'udp4' | 'udp6' => (a.includes(':') ? 'udp6' : 'udp4');

export class UdpRtp implements RtpEndpoint {
  sent = 0;
  received = 0;
  private timer: TimerHandle | undefined;
  private seq = randomBytes(2).readUInt16BE(0);
  private timestamp = randomBytes(4).readUInt32BE(0);
  private readonly ssrc = randomBytes(4).readUInt32BE(0);

  private constructor(
    private readonly sockets: Map<'udp4' | 'udp6', dgram.Socket>,
    readonly port: number,
    private readonly clock: Clock,
  ) {
    for (const s of sockets.values()) {
      s.on('message', (msg) => {
        if (msg.length >= 12 && (msg[0] as number) >> 6 === 2) this.received++;
      });
    }
  }

  /** Binds an even port on every address (retrying), 20000-39998. */
  static async open(addresses: readonly string[], clock: Clock): Promise<UdpRtp> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = 20000 + 2 * Math.floor(Math.random() * 10000);
      const sockets = new Map<'udp4' | 'udp6', dgram.Socket>();
      try {
        for (const a of addresses) sockets.set(family(a), await bindUdp(a, port));
        return new UdpRtp(sockets, port, clock);
      } catch {
        for (const s of sockets.values()) s.close();
      }
    }
    throw new Error('no free RTP port');
  }

  start(remote: { address: string; port: number }, pt: number): void {
    this.stop();
    const sock = this.sockets.get(family(remote.address));
    if (!sock || remote.port === 0) return;
    const payload = toneFrame(pt);
    const tick = (): void => {
      const header = Buffer.alloc(12);
      header[0] = 0x80;
      header[1] = pt & 0x7f;
      header.writeUInt16BE(this.seq, 2);
      header.writeUInt32BE(this.timestamp >>> 0, 4);
      header.writeUInt32BE(this.ssrc, 8);
      this.seq = (this.seq + 1) & 0xffff;
      this.timestamp = (this.timestamp + 160) >>> 0;
      sock.send(Buffer.concat([header, payload]), remote.port, remote.address);
      this.sent++;
      this.timer = this.clock.setTimer(20, tick);
    };
    tick();
  }

  stop(): void {
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stop();
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}
