/** A UDP socket bound to one local address (IPv6 sockets IPv6-only), or the bind error. */
import * as dgram from 'dgram';
import { LookupOneOptions, lookup as dnsLookup } from 'dns';
import { isIPv4, isIPv6 } from './host';

/** What a bound socket may be tuned with. */
export interface UdpOptions {
  /**
   * The kernel receive buffer to ask for (SO_RCVBUF; the kernel caps it at net.core.rmem_max).
   * A burst of answers to many requests in flight arrives while the process is busy; with the
   * default (~208 KB, a few hundred small datagrams counted at their true size) the kernel drops
   * the excess and each drop costs a retransmission interval.
   */
  readonly recvBufferBytes?: number;
}

/**
 * Where a send goes, without a DNS look-up for an IP literal (every address the SIP transport and
 * RTP send to is one): Node's default `dns.lookup` answers a literal on the next tick, which is a
 * callback and a tick per datagram. Anything else is looked up as before.
 */
function literalLookup(hostname: string, options: LookupOneOptions | number, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  // The last literal answered is remembered: a registration run sends every datagram to one
  // registrar (profile: the IPv4 expression ran for each send).
  if (hostname === lastLiteral) return callback(null, hostname, lastFamily);
  if (isIPv4(hostname)) return callback(null, remember(hostname, 4), 4);
  if (isIPv6(hostname)) return callback(null, remember(hostname, 6), 6);
  dnsLookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}

let lastLiteral: string | undefined;
let lastFamily: 4 | 6 = 4;

function remember(literal: string, family: 4 | 6): string {
  lastLiteral = literal;
  lastFamily = family;
  return literal;
}

/** Binds a UDP socket to `address`:`port` (IPv6 sockets IPv6-only); rejects with the bind error. */
export async function bindUdp(address: string, port: number, options: UdpOptions = {}): Promise<dgram.Socket> {
  const v6 = isIPv6(address);
  const sock = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6, lookup: literalLookup });
  sock.on('error', () => undefined); // errors after the bind are reported per send
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, address, () => {
      sock.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    sock.close();
    throw e;
  });
  if (options.recvBufferBytes !== undefined) {
    try {
      sock.setRecvBufferSize(options.recvBufferBytes);
    } catch {
      // Refused by the system: the default buffer still works, with drops under a burst.
    }
  }
  return sock;
}
