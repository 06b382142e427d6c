/**
 * What the shell asks of the SIP engine: apply the settings, switch a server, read the
 * live state, work the telephones. The engine implements it; commands only see this face, and
 * turn its typed refusals into the router's words.
 */
import { formatHostPort } from '../net/host';
import { ServerSettings, SipSettings } from './settings';
import { CallDetails } from './calls/call-status';

/**
 * The `State:` word of `show status sip server`: a registration's state, `disconnected` after
 * `sip server disconnect`, `proxy` for a no-register server, `stopped` when the engine is not running.
 */
export type ServerState = 'registered' | 'registering' | 'unregistering' | 'unregistered' | 'disconnected' | 'failed' | 'proxy' | 'stopped';

/** One server's live view for `show status sip server N`: its settings, state and what comes next. */
export interface ServerStatus {
  readonly n: number;
  /** SERVER[:port] as configured. */
  readonly server: string;
  readonly transport: 'udp' | 'tcp';
  readonly register: boolean;
  readonly sipAddress: string;
  readonly state: ServerState;
  /** Seconds until the next refresh or retry, when one is planned. */
  readonly nextSeconds: number | undefined;
  /** For a failure: the reason in words, and the SIP status code when there was one. */
  readonly reason: string | undefined;
  readonly code: number | undefined;
  /** What the registration knows beyond its state (empty for a stopped engine). */
  readonly detail: ServerDetail;
}

/** The extra lines of `show status sip server N` (issue 11). Texts from the network are raw here. */
export interface ServerDetail {
  /** The target in use: `name (transport:address:port)`. */
  readonly target?: string;
  /** The other targets of the resolution, in the order they would be tried. */
  readonly otherTargets?: readonly string[];
  /** Our address and port towards the target. */
  readonly local?: string;
  /** The Contact as registered, and the time the registrar granted it. */
  readonly contact?: string;
  readonly grantedSeconds?: number;
  /** The address the registrar saw us from (Via received/rport), when it differs from ours. */
  readonly publicAddress?: string;
  /** The last final response: code and reason phrase. */
  readonly lastResponse?: string;
  /** Why the previous target was left while the attempt went on. */
  readonly failover?: string;
}

/** The state of a telephone port (TELn) as `show status` names it: a call's progress, or `idle` with no call. */
export type PortState = 'idle' | 'dialling' | 'calling' | 'ringing' | 'talking' | 'busy' | 'failed';

/** One telephone port's live view for `show status`: its call's state, peer, direction, time and RTP counts. */
export interface PortStatus {
  readonly port: number;
  readonly state: PortState;
  readonly peer: string | undefined;
  readonly server: number | undefined;
  readonly direction: 'out' | 'in' | undefined;
  readonly durationSeconds: number | undefined;
  readonly rtpSent: number;
  readonly rtpReceived: number;
  readonly reason: string | undefined;
  readonly code: number | undefined;
  /** Media and signalling details while there is a call. */
  readonly details?: CallDetails | undefined;
  /** The last new INVITE refused for this port (488, 422): who called, the code and why. */
  readonly lastRefused?: RefusedCall | undefined;
}

/** A new INVITE refused before it rang (e.g. 488 with the Warning's reason). */
export interface RefusedCall {
  readonly from: string;
  readonly code: number;
  readonly reason: string;
}

/** Why the engine did not do what it was asked. */
export type ControlRefusal =
  | { readonly kind: 'not-running' }
  | { readonly kind: 'not-configured'; readonly n: number }
  | { readonly kind: 'no-such-port'; readonly port: number }
  | { readonly kind: 'port-in-use'; readonly port: number; readonly state: PortState }
  | { readonly kind: 'not-ringing'; readonly port: number }
  | { readonly kind: 'no-call'; readonly port: number }
  | { readonly kind: 'not-talking'; readonly port: number }
  | { readonly kind: 'already-held'; readonly port: number }
  | { readonly kind: 'not-held'; readonly port: number }
  | { readonly kind: 'bad-dtmf-digits' }
  | { readonly kind: 'no-telephone-event'; readonly port: number }
  | { readonly kind: 'no-rtp'; readonly port: number };

/** A refusal, or `undefined` when the engine did it. */
export type ControlResult = ControlRefusal | undefined;

/** What `phone P hold|resume|dtmf` asks of a port's call. */
export type PhoneAction = { readonly kind: 'hold' } | { readonly kind: 'resume' } | { readonly kind: 'dtmf'; readonly digits: string };

/** The engine as the commands see it: what the shell may ask, with typed refusals instead of words. */
export interface SipControl {
  readonly running: boolean;
  /** Reconciles the engine with the settings (called after every configuration change). */
  apply(settings: SipSettings): void;
  connect(n: number): ControlResult;
  disconnect(n: number): ControlResult;
  servers(): ServerStatus[];
  ports(): PortStatus[];
  dial(port: number, digits: string): ControlResult;
  answer(port: number): ControlResult;
  hangup(port: number): ControlResult;
  /** Hold, resume, or send DTMF on a port's call. */
  phone(port: number, action: PhoneAction): ControlResult;
  /** Lines for `show environment` (listening addresses and so on). */
  environment(): string[];
}

/** The refusal of an engine that is not running. */
export const ENGINE_NOT_RUNNING: ControlRefusal = Object.freeze({ kind: 'not-running' });

const NO_DETAIL: ServerDetail = Object.freeze({});

/** The status line of a configured server, with the live parts given. */
export function serverStatus(
  s: ServerSettings,
  live: { state: ServerState; nextSeconds?: number | undefined; reason?: string | undefined; code?: number | undefined; detail?: ServerDetail },
): ServerStatus {
  return {
    n: s.n,
    server: formatHostPort(s.server),
    transport: s.transport,
    register: s.register,
    sipAddress: s.sipAddress,
    state: live.state,
    nextSeconds: live.nextSeconds,
    reason: live.reason,
    code: live.code,
    detail: live.detail ?? NO_DETAIL,
  };
}

/** A port with no call (and, when given, why the last dial went nowhere). */
export function idlePort(port: number, failure?: string): PortStatus {
  return {
    port,
    state: failure === undefined ? 'idle' : 'failed',
    peer: undefined,
    server: undefined,
    direction: undefined,
    durationSeconds: undefined,
    rtpSent: 0,
    rtpReceived: 0,
    reason: failure,
    code: undefined,
  };
}

/** The engine of `sipsh exec` and of a stopped engine: it answers, and sends nothing. */
export class StoppedSip implements SipControl {
  readonly running = false;
  private settings: SipSettings | undefined;
  apply(settings: SipSettings): void {
    this.settings = settings;
  }
  connect(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  disconnect(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  servers(): ServerStatus[] {
    return [...(this.settings?.servers.values() ?? [])].map((s) => serverStatus(s, { state: 'stopped', reason: 'the SIP engine is not running' }));
  }
  ports(): PortStatus[] {
    return [1, 2].map((port) => idlePort(port));
  }
  dial(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  answer(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  hangup(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  phone(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  environment(): string[] {
    return ['SIP engine: not running'];
  }
}
