/**
 * The emulated telephones on the analog ports TEL1 and TEL2: what `phone P dial|answer|hangup`
 * does, which port an incoming call rings, and `show status analog`.
 */
import { SipSettings as Config } from '../settings';
import { SipRequest, SipResponse } from '../codec/message';
import { newTag, responseTo } from '../codec/build';
import { ControlRefusal, ControlResult, ENGINE_NOT_RUNNING, PortStatus, idlePort } from '../control';
import { ServerTransaction } from '../transaction/server';
import { Received } from '../transport/types';
import { Call, CallHost } from './call';
import { routeDial } from './dial-plan';

export const PORTS = [1, 2] as const;

export class Phones {
  private readonly slots = new Map<number, Call>();
  /** Why the last dial on a port went nowhere (`no route for ...`), until the next action. */
  private readonly noRoute = new Map<number, { digits: string; reason: string }>();

  constructor(
    private readonly host: () => CallHost | undefined,
    private readonly config: () => Config | undefined,
  ) {}

  private active(port: number): Call | undefined {
    const c = this.slots.get(port);
    return c !== undefined && !c.ended ? c : undefined;
  }

  private checkPort(port: number): ControlRefusal | undefined {
    return PORTS.some((p) => p === port) ? undefined : { kind: 'no-such-port', port };
  }

  dial(port: number, digits: string): ControlResult {
    const bad = this.checkPort(port);
    if (bad) return bad;
    const host = this.host();
    const config = this.config();
    if (!host || !config) return ENGINE_NOT_RUNNING;
    const current = this.slots.get(port);
    if (current && (!current.ended || current.state === 'busy' || current.state === 'failed')) {
      return { kind: 'port-in-use', port, state: current.state };
    }
    this.noRoute.delete(port);
    const route = routeDial(digits, config);
    if (!route.ok) {
      this.slots.delete(port);
      this.noRoute.set(port, { digits, reason: route.reason });
      return undefined;
    }
    this.slots.set(port, Call.dial(port, route.requestUri, route.server, host));
    return undefined;
  }

  answer(port: number): ControlResult {
    const bad = this.checkPort(port);
    if (bad) return bad;
    const c = this.active(port);
    if (!c || c.direction !== 'in' || c.state !== 'ringing') return { kind: 'not-ringing', port };
    void c.answer();
    return undefined;
  }

  hangup(port: number): ControlResult {
    const bad = this.checkPort(port);
    if (bad) return bad;
    this.noRoute.delete(port);
    const c = this.slots.get(port);
    if (c && !c.ended) c.hangup();
    this.slots.delete(port);
    return undefined;
  }

  ports(now: number): PortStatus[] {
    return PORTS.map((port) => {
      const c = this.slots.get(port);
      if (c) return c.status(now);
      return idlePort(port, this.noRoute.get(port)?.reason);
    });
  }

  /** Ends every call (engine stop). */
  hangupAll(): void {
    for (const p of PORTS) this.hangup(p);
  }

  /** Requests for the telephones; false when the request is not theirs. */
  request(req: SipRequest, tx: ServerTransaction | undefined, r: Received): boolean {
    const host = this.host();
    if (!host) return false;
    const calls = [...this.slots.values()];
    if (req.method === 'ACK') {
      calls.find((c) => c.matches(req))?.acked();
      return true;
    }
    if (!tx) return false;
    if (req.method === 'CANCEL') {
      const c = calls.find((x) => x.isCancelOf(req));
      tx.respond(responseTo(req, c ? 200 : 481, undefined, newTag()));
      c?.cancelled();
      return true;
    }
    if (req.method === 'BYE') {
      const c = calls.find((x) => x.matches(req));
      tx.respond(responseTo(req, c ? 200 : 481));
      c?.byeReceived();
      return true;
    }
    if (req.method !== 'INVITE') return false;
    const toTag = /;\s*tag=/i.test(req.headers.get('to') ?? '');
    if (toTag) {
      // re-INVITE: keep the session as it is (RFC 3261 §14.2 allows refusing changes).
      const c = calls.find((x) => x.matches(req));
      tx.respond(responseTo(req, c ? 488 : 481));
      return true;
    }
    const free = PORTS.find((p) => {
      const c = this.slots.get(p);
      return c === undefined || (c.ended && c.state === 'idle');
    });
    if (free === undefined) {
      tx.respond(responseTo(req, this.config()?.busyCode ?? 486, undefined, newTag()));
      return true;
    }
    const server = [...(this.config()?.servers.values() ?? [])].find((s) => s.server.host.address === r.source.address);
    const call = Call.incomingInvite(free, req, tx, r, server, host);
    if (call) {
      this.noRoute.delete(free);
      this.slots.set(free, call);
    }
    return true;
  }

  /** A response no transaction took: a retransmitted 2xx for one of our INVITEs. */
  response(res: SipResponse): void {
    const callId = res.headers.get('call-id');
    for (const c of this.slots.values()) if (c.callId === callId) c.strayResponse(res);
  }
}
