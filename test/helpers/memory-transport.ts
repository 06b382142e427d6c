/** An in-memory transport: records what the engine sends; tests answer by calling `deliver`. */
import { SipMessage, SipRequest } from '../../src/sip/codec/message';
import { responseTo } from '../../src/sip/codec/build';
import { serialize } from '../../src/sip/codec/serialize';
import { parseMessage } from '../../src/sip/codec/parser';
import { Target, Transport, TransportEvents } from '../../src/sip/transport/types';

export interface Sent {
  readonly message: SipMessage;
  readonly target: Target;
}

export class MemoryTransport implements Transport {
  readonly sent: Sent[] = [];
  readonly port = 5060;
  events: TransportEvents | undefined;

  send(message: SipMessage, target: Target): void {
    // Through the wire format, so that what tests read is what a peer would parse.
    const r = parseMessage(serialize(message));
    if (!r.ok) throw new Error(`the engine sent an unparsable message: ${r.error}`);
    this.sent.push({ message: r.message, target });
    this.events?.trace('sent', target, serialize(message));
  }

  local(target: Target): { address: string; port: number } {
    return { address: target.address.includes(':') ? '::1' : '127.0.0.1', port: this.port };
  }

  async close(): Promise<void> {}

  /** Delivers a message as if it came from `source`. */
  deliver(message: SipMessage, source: Target): void {
    this.events?.message({ message, source, connection: undefined });
  }

  requests(method?: string): SipRequest[] {
    return this.sent.map((s) => s.message).filter((m): m is SipRequest => m.kind === 'request' && (method === undefined || m.method === method));
  }

  last(): SipMessage {
    const s = this.sent[this.sent.length - 1];
    if (!s) throw new Error('nothing sent');
    return s.message;
  }

  /** Answers the last request sent with `status` (plus headers), from its target. */
  answer(status: number, headers: Record<string, string | string[]> = {}, reason?: string): void {
    const s = this.sent.filter((x) => x.message.kind === 'request').pop();
    if (!s || s.message.kind !== 'request') throw new Error('no request to answer');
    const res = responseTo(s.message, status, reason, 'srvtag');
    for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) res.headers.add(k, one);
    this.deliver(res, s.target);
  }
}
