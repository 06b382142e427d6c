/**
 * NAT discovery from the registrar's answer (RFC 3261 §18.2.1 received, RFC 3581 rport): the
 * address and port the registrar saw our REGISTER come from, when that is not what we put in
 * our Via. Behind NAT this is the public binding the Contact must name to be reachable.
 */
import { isIPv4, isIPv6 } from '../../net/host';
import { param, parseVia } from '../codec/header-values';
import { SipResponse } from '../codec/message';
import { LocalAddress } from '../codec/build';

/** The public address in the top Via of `res`, when it differs from `sent` (UDP: address or port; TCP: address). */
export function learnedAddress(res: SipResponse, sent: LocalAddress): LocalAddress | undefined {
  const top = res.headers.first('via');
  const via = top !== undefined ? parseVia(top) : undefined;
  if (!via) return undefined;
  const received = param(via.params, 'received');
  const rport = param(via.params, 'rport');
  const address = typeof received === 'string' && (isIPv4(received) || isIPv6(received)) ? received.toLowerCase() : sent.host;
  const port = typeof rport === 'string' && /^\d{1,5}$/.test(rport) && Number(rport) > 0 && Number(rport) < 65536 ? Number(rport) : sent.port;
  // Over TCP the source port is the connection's own; only the address says anything about NAT.
  const differs = address !== sent.host || (sent.transport === 'udp' && port !== sent.port);
  return differs ? { transport: sent.transport, host: address, port: sent.transport === 'udp' ? port : sent.port } : undefined;
}
