/** A UDP socket bound to one local address (IPv6 sockets IPv6-only), or the bind error. */
import * as dgram from 'dgram';
import { isIPv6 } from 'net';

/** Binds a UDP socket to `address`:`port` (IPv6 sockets IPv6-only); rejects with the bind error. */
export async function bindUdp(address: string, port: number): Promise<dgram.Socket> {
  const v6 = isIPv6(address);
  const sock = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
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
  return sock;
}
