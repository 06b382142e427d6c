/**
 * Everything the sessions of one running program share: the interpreter, the configuration,
 * the SIP engine, the log, the clock, the administrator lock and the list of sessions.
 */
import { Services, SessionControl } from '../commands/types';
import { Config, cloneConfig } from '../config/model';
import { ConfigStore } from '../config/store';
import { Level } from '../grammar/types';
import { SipControl } from '../sip/control';
import { Clock } from '../util/clock';
import { PRODUCT, VERSION } from '../version';
import { EventLog } from './event-log';
import { Interpreter } from './interpreter';
import { Session, SessionIO } from './session';

export interface ShellOptions {
  readonly interpreter: Interpreter;
  readonly store: ConfigStore;
  readonly sip: SipControl;
  readonly clock: Clock;
  readonly log?: EventLog;
  /** Most sessions at once (default 16). */
  readonly maxSessions?: number;
  /** Delay after the first wrong login password; it grows with each failure. */
  readonly loginDelayMs?: number;
}

export interface ConfigLoadError {
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

/** A session that only collects what it prints (configuration loading, `sipsh exec`). */
export class QuietSession implements SessionControl {
  readonly id = 0;
  readonly output: string[] = [];
  constructor(public level: Level = 'administrator') {}
  print(line: string): void {
    this.output.push(line);
  }
  ask(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  askKey(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  setLevel(level: Level): boolean {
    this.level = level;
    return true;
  }
  close(): void {}
  setPageLines(): void {}
  setColumns(): void {}
}

export class Shell implements Services {
  readonly interpreter: Interpreter;
  readonly store: ConfigStore;
  readonly sip: SipControl;
  readonly clock: Clock;
  readonly log: EventLog;
  readonly maxSessions: number;
  readonly loginDelayMs: number;
  private readonly sessions = new Set<Session>();
  private admin: Session | undefined;
  private nextId = 1;
  private readonly started: number;

  constructor(o: ShellOptions) {
    this.interpreter = o.interpreter;
    this.store = o.store;
    this.sip = o.sip;
    this.clock = o.clock;
    this.log = o.log ?? new EventLog(o.clock);
    this.maxSessions = o.maxSessions ?? 16;
    this.loginDelayMs = o.loginDelayMs ?? 1000;
    this.started = o.clock.now();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * A new session, or undefined when the limit is reached. `authenticated`: the transport has
   * already authenticated the user (SSH), so the session starts at `>` without `Password:`.
   */
  openSession(io: SessionIO, opts: { authenticated?: boolean } = {}): Session | undefined {
    if (this.sessions.size >= this.maxSessions) return undefined;
    const s = new Session(this.nextId++, this, io, opts.authenticated === true);
    this.sessions.add(s);
    return s;
  }

  sessionClosed(s: Session): void {
    this.sessions.delete(s);
    if (this.admin === s) this.admin = undefined;
  }

  acquireAdmin(s: Session): boolean {
    if (this.admin !== undefined && this.admin !== s && !this.admin.isClosed) return false;
    this.admin = s;
    return true;
  }

  releaseAdmin(s: Session): void {
    if (this.admin === s) this.admin = undefined;
  }

  adminHolder(): { id: number; peer: string } | undefined {
    return this.admin === undefined ? undefined : { id: this.admin.id, peer: this.admin.peer };
  }

  commandList(level: Level): string[] {
    return this.interpreter.commandList(level);
  }

  environment(): string[] {
    const up = Math.floor((this.clock.now() - this.started) / 1000);
    // With node --expose-gc (benchmarks), collect first so that the heap figure is what is live.
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    return [
      `${PRODUCT} Rev.${VERSION}`,
      `Node.js ${process.version} on ${process.platform}/${process.arch}`,
      `Memory: rss ${Math.round(mem.rss / 1048576)} MB, heap ${Math.round(mem.heapUsed / 1024)} KB`,
      `Uptime: ${up} seconds`,
      `Configuration file: ${this.store.file ?? '(in memory)'}${this.store.dirty ? ' (unsaved changes)' : ''}`,
      `Sessions: ${this.sessions.size} of ${this.maxSessions}`,
    ];
  }

  configChanged(): void {
    this.sip.apply(this.store.config);
    for (const listener of this.configListeners) listener();
  }

  private readonly configListeners = new Set<() => void>();

  /** Calls `listener` after every configuration change (the SSH server starts or stops); returns the remover. */
  onConfigChanged(listener: () => void): () => void {
    this.configListeners.add(listener);
    return () => this.configListeners.delete(listener);
  }

  reportBug(e: unknown): void {
    this.log.add(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  /**
   * Loads configuration text: every good line is applied, every bad line reported with its
   * number. The running configuration is replaced only as a whole.
   */
  loadConfig(text: string): ConfigLoadError[] {
    const errors: ConfigLoadError[] = [];
    const config: Config = cloneConfig(this.store.config);
    const quiet = new QuietSession();
    text.split(/\r?\n/).forEach((raw, i) => {
      const message = this.interpreter.applyConfigLine(raw, config, this, quiet);
      if (message !== undefined) errors.push({ line: i + 1, text: raw, message });
    });
    this.store.config = config;
    this.store.markSaved();
    this.configChanged();
    return errors;
  }
}
