/**
 * UDP and TCP on one port, IPv4 and IPv6, with Node's sockets. TCP connections (ours and the
 * peers') are kept open and read from; a dropped one is reported so that registrations renew.
 */
import * as dgram from 'dgram';
import * as net from 'net';
import { SipMessage } from '../codec/message';
import { StreamFramer } from '../codec/framer';
import { parseMessage } from '../codec/parser';
import { serialize } from '../codec/serialize';
import { bindUdp } from '../../net/udp';
import { Target, Transport, TransportEvents, targetKey } from './types';

interface Connection {
  readonly id: number;
  /** Opened by a peer (inbound) or by us (outbound): each direction has its own limit. */
  readonly inbound: boolean;
  readonly socket: net.Socket;
  readonly remote: Target;
  connected: boolean;
  readonly queue: Buffer[];
}

/** What `NodeTransport.open` binds and whom it reports to. */
export interface NodeTransportOptions {
  /** Local addresses to bind (IP literals); one per family is used for Via/Contact. */
  readonly addresses: readonly string[];
  /** 0 = any free port (the same one for UDP and TCP on every address). */
  readonly port: number;
  readonly events: TransportEvents;
  /** TCP limits (defaults: 1024 inbound, 256 outbound, inbound idle 5 minutes). */
  readonly tcp?: Partial<TcpLimits>;
}

/** Separate limits, so that idle inbound connections cannot starve our own outgoing ones. */
export interface TcpLimits {
  readonly maxInbound: number;
  readonly maxOutbound: number;
  /** An inbound connection with no traffic for this long is closed. */
  readonly idleInboundMs: number;
}

/** 1024 inbound and 256 outbound connections; an inbound one idle for 5 minutes is closed. */
export const DEFAULT_TCP_LIMITS: TcpLimits = { maxInbound: 1024, maxOutbound: 256, idleInboundMs: 300_000 };

/**
 * The socket family for an address literal (from a socket or a resolved target): an IPv6 literal
 * is the only kind with a colon. Not `net.isIPv6`, whose large expression was ~1% of a REGISTER run.
 */
const family = (address: string): 4 | 6 => (address.includes(':') ? 6 : 4);

/**
 * The receive buffer asked for each SIP UDP socket. A registration burst has 128 exchanges in
 * flight; their answers arrive while the event loop is busy (start-up JIT, GC), and with the
 * kernel's default buffer some were dropped (the socket's drop counter in /proc/net/udp: 2-5 per
 * 1,000 registrations), each costing a Timer E interval (500 ms) on the tail of the run.
 */
const UDP_RECEIVE_BUFFER = 2 * 1024 * 1024;

/** SIP over real sockets: UDP and TCP on one port on every bound address, with bounded TCP connections (RFC 3261 §18). */
export class NodeTransport implements Transport {
  private readonly udp = new Map<4 | 6, dgram.Socket>();
  private readonly localAddress = new Map<4 | 6, string>();
  private readonly servers: net.Server[] = [];
  private readonly connections = new Map<number, Connection>();
  private readonly byTarget = new Map<string, Connection>();
  private nextId = 1;
  private boundPort = 0;
  private closed = false;
  private readonly limits: TcpLimits;
  private inboundCount = 0;
  private outboundCount = 0;

  private constructor(private readonly o: NodeTransportOptions) {
    this.limits = { ...DEFAULT_TCP_LIMITS, ...o.tcp };
  }

  /**
   * The callback of every UDP send: a send error names the address and port it was for (Node's
   * ExceptionWithHostPort), which is the target. One function for all sends, not a closure per
   * datagram (profile: the send path was ~13% of a registration run's main thread).
   */
  private readonly udpSent = (err: Error | null): void => {
    if (!err) return;
    const e = err as Error & { address?: unknown; port?: unknown };
    this.o.events.failure({ transport: 'udp', address: typeof e.address === 'string' ? e.address : '', port: typeof e.port === 'number' ? e.port : 0 }, err.message);
  };

  /**
   * A failure found while sending is reported on the next turn: the transaction that is sending
   * is registered by then and hears it (instead of waiting for Timer F and saying "no response").
   */
  private failLater(target: Target, reason: string): void {
    setImmediate(() => {
      if (!this.closed) this.o.events.failure(target, reason);
    });
  }

  /** Open TCP connections by direction (for tests and the status). */
  get tcpCounts(): { inbound: number; outbound: number } {
    return { inbound: this.inboundCount, outbound: this.outboundCount };
  }

  /** Binds every socket; with port 0 it retries until one port is free on all of them. */
  static async open(o: NodeTransportOptions): Promise<NodeTransport> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const t = new NodeTransport(o);
      try {
        await t.bind(o.port);
        return t;
      } catch (e) {
        await t.close();
        if (o.port !== 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      }
    }
    throw new Error('no free port for SIP on every address');
  }

  get port(): number {
    return this.boundPort;
  }

  private async bind(port: number): Promise<void> {
    let p = port;
    for (const address of this.o.addresses) {
      const fam = family(address);
      const sock = await bindUdp(address, p, { recvBufferBytes: UDP_RECEIVE_BUFFER });
      p = sock.address().port;
      sock.on('message', (msg, rinfo) => this.onDatagram(msg, { transport: 'udp', address: rinfo.address, port: rinfo.port }));
      this.udp.set(fam, sock);
      this.localAddress.set(fam, address);
      const server = net.createServer((s) => this.adopt(s));
      server.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: p, host: address, ipv6Only: fam === 6 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.servers.push(server);
    }
    this.boundPort = p;
  }

  local(target: Target): { address: string; port: number } {
    const fam = family(target.address);
    const address = this.localAddress.get(fam) ?? (fam === 6 ? '::1' : '127.0.0.1');
    return { address, port: this.boundPort };
  }

  send(message: SipMessage, target: Target, connection?: number): void {
    if (this.closed) return;
    const bytes = serialize(message);
    if (target.transport === 'udp') {
      const sock = this.udp.get(family(target.address));
      if (!sock) {
        this.failLater(target, 'no local address of that family');
        return;
      }
      this.o.events.trace('sent', target, bytes);
      sock.send(bytes, target.port, target.address, this.udpSent);
      return;
    }
    const conn = (connection !== undefined ? this.connections.get(connection) : undefined) ?? this.byTarget.get(targetKey(target)) ?? this.connect(target);
    if (!conn) return;
    this.o.events.trace('sent', conn.remote, bytes);
    if (conn.connected) conn.socket.write(bytes);
    else conn.queue.push(bytes);
  }

  keepAlive(target: Target): void {
    if (this.closed) return;
    const ping = Buffer.from('\r\n\r\n', 'latin1');
    if (target.transport === 'udp') {
      this.udp.get(family(target.address))?.send(ping, target.port, target.address, () => undefined);
      return;
    }
    // Only on a flow that exists: a ping never opens a connection.
    const conn = this.byTarget.get(targetKey(target));
    if (conn?.connected) conn.socket.write(ping);
  }

  private connect(target: Target): Connection | undefined {
    if (this.outboundCount >= this.limits.maxOutbound) {
      this.failLater(target, 'too many connections');
      return undefined;
    }
    const local = this.localAddress.get(family(target.address));
    const socket = net.connect({ host: target.address, port: target.port, ...(local !== undefined ? { localAddress: local } : {}) });
    const conn = this.track(socket, target, false, false);
    socket.once('connect', () => {
      conn.connected = true;
      for (const b of conn.queue.splice(0)) socket.write(b);
    });
    return conn;
  }

  /** A connection a peer opened to us. */
  private adopt(socket: net.Socket): void {
    if (this.inboundCount >= this.limits.maxInbound || this.closed) {
      socket.destroy();
      return;
    }
    const remote: Target = { transport: 'tcp', address: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''), port: socket.remotePort ?? 0 };
    this.track(socket, remote, true, true);
    // Node's own socket inactivity timer (no JS timer): an idle peer connection is closed.
    socket.setTimeout(this.limits.idleInboundMs, () => socket.destroy());
  }

  private track(socket: net.Socket, remote: Target, connected: boolean, inbound: boolean): Connection {
    const conn: Connection = { id: this.nextId++, inbound, socket, remote, connected, queue: [] };
    this.connections.set(conn.id, conn);
    if (inbound) this.inboundCount++;
    else this.outboundCount++;
    this.byTarget.set(targetKey(remote), conn);
    const framer = new StreamFramer();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const ev of framer.feed(chunk)) {
        if (ev.t === 'error') {
          this.o.events.garbage(remote, ev.error, chunk);
          socket.destroy();
          return;
        }
        this.onFrame(ev.bytes, remote, conn.id);
      }
    });
    let reason = 'connection closed';
    socket.on('error', (e: NodeJS.ErrnoException) => {
      reason = e.code === 'ECONNREFUSED' ? 'connection refused' : e.code === 'ECONNRESET' ? 'connection reset' : e.code === 'ETIMEDOUT' ? 'connection timed out' : e.message;
    });
    socket.on('close', () => {
      this.connections.delete(conn.id);
      if (conn.inbound) this.inboundCount--;
      else this.outboundCount--;
      if (this.byTarget.get(targetKey(remote)) === conn) this.byTarget.delete(targetKey(remote));
      if (!this.closed) this.o.events.failure(remote, reason);
    });
    return conn;
  }

  private onDatagram(bytes: Buffer, source: Target): void {
    // RFC 5626 keep-alives (CRLF) carry no message.
    if (bytes.length <= 4 && /^[\r\n]*$/.test(bytes.toString('latin1'))) return;
    this.onFrame(bytes, source, undefined);
  }

  private onFrame(bytes: Buffer, source: Target, connection: number | undefined): void {
    this.o.events.trace('received', source, bytes);
    const r = parseMessage(bytes);
    if (r.ok) this.o.events.message({ message: r.message, source, connection });
    else this.o.events.garbage(source, r.error, bytes, r.partial, connection);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.connections.values()) c.socket.destroy();
    this.connections.clear();
    this.byTarget.clear();
    for (const s of this.udp.values()) await new Promise<void>((r) => s.close(() => r()));
    this.udp.clear();
    for (const s of this.servers) await new Promise<void>((r) => s.close(() => r()));
    this.servers.length = 0;
  }
}
