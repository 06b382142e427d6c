/**
 * Turns the state of the telephones into `show log` events: once a second the two ports are
 * compared with the last look, and each transition the operator cares about becomes one
 * {@link EngineEvent} (a call's start and end with its reason; a dial that went nowhere).
 * Registrations are pushed by the engine instead (`SipEngine.onRegistration`, see
 * {@link registrationEngineEvent}): watching them would build a snapshot of every configured
 * server each second, which a 10,000-server router cannot afford. `watchServers` keeps the old
 * behaviour for an engine that pushes nothing (tests).
 */
import { PortStatus, ServerStatus, SipControl } from '../sip/control';
import { Clock, TimerHandle } from '../util/clock';
import { EngineEvent } from './engine-events';

/** What the watch remembers of one look. */
export interface EngineSnapshot {
  readonly servers: readonly ServerStatus[];
  readonly ports: readonly PortStatus[];
}

const IN_CALL: ReadonlySet<PortStatus['state']> = new Set(['calling', 'ringing', 'talking']);

const why = (reason: string | undefined, code: number | undefined): string | undefined =>
  reason === undefined ? (code === undefined ? undefined : String(code)) : code === undefined || reason.startsWith(String(code)) ? reason : `${code} ${reason}`;

/** The events between two looks at the engine. */
export function engineTransitions(before: EngineSnapshot, after: EngineSnapshot): EngineEvent[] {
  const events: EngineEvent[] = [];
  const was = new Map(before.servers.map((s) => [s.n, s]));
  for (const s of after.servers) {
    const old = was.get(s.n);
    was.delete(s.n);
    if (s.state === 'registered' && old?.state !== 'registered') events.push({ kind: 'registration-up', server: s.n, registrar: s.server });
    else if (s.state === 'failed' && (old?.state !== 'failed' || old.reason !== s.reason || old.code !== s.code)) {
      events.push({ kind: 'registration-failed', server: s.n, reason: why(s.reason, s.code) ?? 'no reason given' });
    } else if (old?.state === 'registered' && (s.state === 'unregistered' || s.state === 'disconnected' || s.state === 'stopped')) {
      events.push({ kind: 'registration-removed', server: s.n });
    }
  }
  for (const old of was.values()) if (old.state === 'registered') events.push({ kind: 'registration-removed', server: old.n });
  const ports = new Map(before.ports.map((p) => [p.port, p]));
  for (const p of after.ports) {
    const old = ports.get(p.port);
    const name = `TEL${p.port}`;
    const wasIn = old !== undefined && IN_CALL.has(old.state);
    const isIn = IN_CALL.has(p.state);
    if (isIn && !wasIn) events.push({ kind: 'call-start', port: name, direction: p.direction === 'in' ? 'incoming' : 'outgoing', peer: p.peer ?? 'unknown' });
    else if (wasIn && !isIn) events.push({ kind: 'call-end', port: name, reason: why(p.reason, p.code) ?? 'hung up' });
    else if (!isIn && !wasIn && old?.state === 'dialling' && p.state !== 'dialling' && p.reason !== undefined) events.push({ kind: 'no-route', port: name, reason: why(p.reason, p.code) ?? p.reason });
  }
  return events;
}

/** Looks at the engine every `periodMs` through the clock and emits the transitions. */
export class EngineWatch {
  private last: EngineSnapshot = { servers: [], ports: [] };
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly sip: SipControl,
    private readonly clock: Clock,
    private readonly emit: (e: EngineEvent) => void,
    private readonly periodMs = 1000,
    private readonly watchServers = false,
  ) {}

  /** Takes the first look (no events for the state found) and starts watching. */
  start(): void {
    this.last = this.look();
    this.arm();
  }

  /** Looks now and emits what changed since the last look. */
  poll(): void {
    const now = this.look();
    for (const e of engineTransitions(this.last, now)) this.emit(e);
    this.last = now;
  }

  /** Stops watching. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private look(): EngineSnapshot {
    return { servers: this.watchServers ? this.sip.servers() : [], ports: this.sip.ports() };
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer(this.periodMs, () => {
      this.poll();
      this.arm();
    });
  }
}
