/**
 * The emulated telephones on the analog ports TEL1 and TEL2: what `phone P dial|answer|hangup|
 * hold|resume|dtmf` does, which port an incoming call rings, who may ring them, and
 * `show status analog`.
 */
import { ServerSettings as SipServerConfig, SipSettings as Config } from '../settings';
import { SipRequest, SipResponse } from '../codec/message';
import { responseTo } from '../codec/build';
import { ControlRefusal, ControlResult, ENGINE_NOT_RUNNING, PhoneAction, PortStatus, RefusedCall, idlePort } from '../control';
import { ServerTransaction } from '../transaction/server';
import { Received } from '../transport/types';
import { Call, CallHost } from './call';
import { randomTag } from './call-settings';
import { precheck } from './conformance';
import { routeDial } from './dial-plan';

/** The analog telephone ports (TEL1, TEL2). */
export const PORTS = [1, 2] as const;

/** The telephones: one call slot per port, the routing of requests to calls, and who may ring them. */
export class Phones {
  private readonly slots = new Map<number, Call>();
  /** Why the last dial on a port went nowhere (`no route for ...`), until the next action. */
  private readonly noRoute = new Map<number, { digits: string; reason: string }>();
  /** The last new INVITE refused for each port (488, 422), for `show status analog`. */
  private readonly refused = new Map<number, RefusedCall>();

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
    if (!c || c.direction !== 'in' || c.kind !== 'ringing') return { kind: 'not-ringing', port };
    c.answer();
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

  /** `phone P hold|resume|dtmf DIGITS`. */
  phone(port: number, action: PhoneAction): ControlResult {
    const bad = this.checkPort(port);
    if (bad) return bad;
    const c = this.active(port);
    if (!c) return { kind: 'no-call', port };
    switch (action.kind) {
      case 'hold':
        return c.hold(true);
      case 'resume':
        return c.hold(false);
      case 'dtmf':
        return c.dtmf(action.digits);
    }
  }

  ports(now: number): PortStatus[] {
    return PORTS.map((port) => {
      const c = this.slots.get(port);
      const status = c ? c.status(now) : idlePort(port, this.noRoute.get(port)?.reason);
      const lastRefused = this.refused.get(port);
      return lastRefused ? { ...status, lastRefused } : status;
    });
  }

  /** Ends every call (engine stop). */
  hangupAll(): void {
    for (const p of PORTS) this.hangup(p);
  }

  /** The configured server a request came from: same address, and same port over UDP (not source address alone). */
  private serverOf(r: Received): SipServerConfig | undefined {
    const config = this.config();
    if (!config) return undefined;
    return [...config.servers.values()].find((s) => {
      const h = s.server.host;
      const addresses = h.kind === 'fqdn' ? [config.dnsA.get(h.address), config.dnsAaaa.get(h.address)] : [h.address];
      if (!addresses.includes(r.source.address) || s.transport !== r.source.transport) return false;
      return r.source.transport === 'tcp' || (s.server.port ?? 5060) === r.source.port;
    });
  }

  /** Requests for the telephones; false when the request is not theirs. */
  request(req: SipRequest, tx: ServerTransaction | undefined, r: Received): boolean {
    const host = this.host();
    if (!host) return false;
    const calls = [...this.slots.values()];
    if (req.method === 'ACK') {
      calls.find((c) => c.matches(req))?.acked(req);
      return true;
    }
    if (!tx) return false;
    const server = this.serverOf(r);
    // `timer` always (RFC 4028); `100rel` when on for the server the request came from (RFC 3262).
    const supported = (server?.rel100 ?? host.settings().rel100) ? ['timer', '100rel'] : ['timer'];
    const wrong = precheck(req, supported);
    if (wrong) {
      const res = responseTo(req, wrong.status, wrong.reason, randomTag(host.random));
      for (const [name, value] of wrong.headers) res.headers.add(name, value);
      tx.respond(res);
      host.log(`SIP: ${req.method} from ${r.source.address}:${r.source.port} refused: ${wrong.status} ${wrong.reason}`);
      return true;
    }
    if (req.method === 'CANCEL') {
      const c = calls.find((x) => x.isCancelOf(req));
      // The 200 to the CANCEL carries the INVITE's To tag (RFC 3261 §9.2: same To as the INVITE's responses).
      tx.respond(responseTo(req, c ? 200 : 481, undefined, c?.localTag ?? randomTag(host.random)));
      c?.cancelled();
      return true;
    }
    const toTag = /;\s*tag=/i.test(req.headers.get('to') ?? '');
    if (toTag && (req.method === 'BYE' || req.method === 'INVITE' || req.method === 'UPDATE' || req.method === 'INFO' || req.method === 'PRACK')) {
      const c = calls.find((x) => !x.ended && x.matches(req));
      if (!c) {
        tx.respond(responseTo(req, 481));
        return true;
      }
      if (req.method === 'BYE') {
        tx.respond(responseTo(req, 200));
        c.byeReceived();
      } else if (req.method === 'INFO') c.handle({ type: 'info', req, tx });
      else if (req.method === 'PRACK') c.handle({ type: 'prack', req, tx });
      else c.handle({ type: 'offer', req, tx });
      return true;
    }
    if (req.method === 'BYE' || req.method === 'UPDATE') {
      tx.respond(responseTo(req, 481, undefined, randomTag(host.random)));
      return true;
    }
    if (req.method !== 'INVITE') return false;
    if (host.settings().arriveAddressCheck && server === undefined) {
      // `sip arrive address check on`: only the configured servers may ring the phones.
      tx.respond(responseTo(req, 403, 'Forbidden (not from a configured SIP server)', randomTag(host.random)));
      host.log(`SIP: INVITE from ${r.source.address}:${r.source.port} refused: not a configured server (sip arrive address check on)`);
      return true;
    }
    const free = PORTS.find((p) => {
      const c = this.slots.get(p);
      return c === undefined || (c.ended && c.state === 'idle');
    });
    if (free === undefined) {
      tx.respond(responseTo(req, this.config()?.busyCode ?? 486, undefined, randomTag(host.random)));
      return true;
    }
    const call = Call.incomingInvite(free, req, tx, r, server, host);
    if (call instanceof Call) {
      this.noRoute.delete(free);
      this.slots.set(free, call);
    } else this.refused.set(free, call.refused);
    return true;
  }

  /** A response no transaction took: a retransmitted 2xx for one of our INVITEs. */
  response(res: SipResponse): void {
    const callId = res.headers.get('call-id');
    for (const c of this.slots.values()) if (c.callId === callId) c.strayResponse(res);
  }
}
