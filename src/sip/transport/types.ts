/** What the SIP core sees of the network: send a message to a target, receive messages. */
import { SipMessage } from '../codec/message';
import { PartialRequest } from '../codec/parser';

export type TransportName = 'udp' | 'tcp';

/** Where a message goes or came from; `address` is an IP literal without brackets. */
export interface Target {
  readonly transport: TransportName;
  readonly address: string;
  readonly port: number;
}

export interface Received {
  readonly message: SipMessage;
  readonly source: Target;
  /** For TCP: the connection it came on, so responses go back the same way (RFC 3261 §18.2.2). */
  readonly connection: number | undefined;
}

export interface TransportEvents {
  message(r: Received): void;
  /**
   * A message that did not parse. `partial` is set for a request whose start line and headers
   * could be read, so the core can answer it 400; `connection` is its TCP connection, if any.
   */
  garbage(source: Target, error: string, bytes: Buffer, partial?: PartialRequest, connection?: number): void;
  /** Sending to `target` failed, or its TCP connection closed. */
  failure(target: Target, reason: string): void;
  /** Every message sent or received, for `sip log on`. */
  trace(direction: 'sent' | 'received', peer: Target, bytes: Buffer): void;
}

export interface Transport {
  /** Sends; over TCP through `connection` when given and still open, else the connection to target. */
  send(message: SipMessage, target: Target, connection?: number): void;
  /**
   * RFC 5626 §3.5.1 keep-alive: a double CRLF to `target` (over TCP on the existing connection
   * only; a transport without the notion may leave it out).
   */
  keepAlive?(target: Target): void;
  /** The address and port to put in Via and Contact for messages to `target`. */
  local(target: Target): { address: string; port: number };
  close(): Promise<void>;
}

export function targetKey(t: Target): string {
  return `${t.transport}|${t.address}|${t.port}`;
}

export function formatTarget(t: Target): string {
  return `${t.transport}:${t.address.includes(':') ? `[${t.address}]` : t.address}:${t.port}`;
}
