/**
 * What the shell asks of the SIP engine: apply the configuration, switch a server, read the
 * live state, work the telephones. The engine implements it; commands only see this face.
 */
import { Config, SipServerConfig } from '../config/model';
import { formatHostPort } from '../net/host';
import { CallDetails } from './calls/call-status';

export type ServerState = 'registered' | 'registering' | 'unregistering' | 'unregistered' | 'disconnected' | 'failed' | 'proxy' | 'stopped';

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
}

export type PortState = 'idle' | 'dialling' | 'calling' | 'ringing' | 'talking' | 'busy' | 'failed';

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
}

/** What `phone P hold|resume|dtmf` asks of a port's call. */
export type PhoneAction = { readonly kind: 'hold' } | { readonly kind: 'resume' } | { readonly kind: 'dtmf'; readonly digits: string };

/** A refusal the operator reads; `undefined` means done. */
export type ControlResult = string | undefined;

export interface SipControl {
  readonly running: boolean;
  /** Reconciles the engine with the configuration (called after every change). */
  apply(config: Config): void;
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

export const ENGINE_NOT_RUNNING = 'Error: The SIP engine is not running';

/** The status line of a configured server, with the live parts given. */
export function serverStatus(
  s: SipServerConfig,
  live: { state: ServerState; nextSeconds?: number | undefined; reason?: string | undefined; code?: number | undefined },
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
  private config: Config | undefined;
  apply(config: Config): void {
    this.config = config;
  }
  connect(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  disconnect(): ControlResult {
    return ENGINE_NOT_RUNNING;
  }
  servers(): ServerStatus[] {
    return [...(this.config?.servers.values() ?? [])].map((s) => serverStatus(s, { state: 'stopped', reason: 'the SIP engine is not running' }));
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
