/**
 * Everything the sessions of one running program share: the interpreter, the configuration,
 * the SIP engine, the log, the clock, the administrator lock and the list of sessions.
 */
import { Services, SessionControl } from '../commands/types';
import { Config, cloneConfig } from '../config/model';
import { DEFAULT_MODEL, Identity, deriveIdentity } from '../config/header';
import { ConfigStore } from '../config/store';
import { Completion, HelpEntry } from '../grammar/help';
import { sipSettings } from '../config/sip-settings';
import { Level } from '../grammar/types';
import { SipControl } from '../sip/control';
import * as os from 'os';
import * as path from 'path';
import { Clock } from '../util/clock';
import { EventLog } from '../util/event-log';
import { AdminLock } from './admin-lock';
import { EngineEvent, describeEngineEvent } from './engine-events';
import { PasswordGuard } from './password-guard';
import { GuessLimiterOptions } from '../util/guess-limiter';
import { Interpreter } from './interpreter';
import { Session, SessionIO, SessionOptions } from './session';
import { ConsoleSettings, SessionHost } from './session-host';
import { environmentLines } from './environment';

/** How a Shell is put together. */
export interface ShellOptions {
  readonly interpreter: Interpreter;
  readonly store: ConfigStore;
  readonly sip: SipControl;
  readonly clock: Clock;
  readonly log?: EventLog;
  /** Most sessions at once (default 16). */
  readonly maxSessions?: number;
  /** Most sessions at the administrator level at once (default: no limit, as a real RT). */
  readonly maxAdministrators?: number;
  /** Delay after the first wrong login password; it grows with each failure. */
  readonly loginDelayMs?: number;
  /** The router model (`--model`, default NVR510). */
  readonly model?: string;
  /** The guess limiter's settings (tests); the defaults are in util/guess-limiter.ts. */
  readonly guesses?: GuessLimiterOptions;
}

/** One bad line met while loading a configuration file. */
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
  printLines(lines: readonly string[]): void {
    for (const line of lines) this.output.push(line);
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

/** The program's shared state, and the host of every console session. */
export class Shell implements Services, SessionHost {
  readonly interpreter: Interpreter;
  readonly store: ConfigStore;
  readonly sip: SipControl;
  readonly clock: Clock;
  readonly log: EventLog;
  readonly maxSessions: number;
  readonly loginDelayMs: number;
  readonly adminLock: AdminLock;
  /**
   * The one password checker of the program: telnet login, `administrator`, HTTP Basic, and the
   * SSH server (`shell.guard.admit` / `shell.guard.check('SSH', …)`), so that one source's
   * guesses are counted together whatever door they use.
   */
  readonly guard: PasswordGuard;
  readonly identity: Identity;
  private readonly sessions = new Set<SessionControl>();
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
    this.adminLock = new AdminLock(o.maxAdministrators);
    this.guard = new PasswordGuard(o.clock, this.log, o.guesses);
    // Stable per installation: the host and the configuration file's absolute path (an
    // in-memory store, as in tests, gets one fixed identity).
    const seed = o.store.file === undefined ? 'in-memory' : `${os.hostname()}\0${path.resolve(o.store.file)}`;
    this.identity = deriveIdentity(o.model ?? DEFAULT_MODEL, seed);
    this.store.identity = this.identity;
    this.started = o.clock.now();
  }

  /** The password checker as commands see it (Services). */
  get passwords(): PasswordGuard {
    return this.guard;
  }

  /**
   * What the SIP engine reports to the operator (registration up / failed / removed, call start
   * and end, no route): one line in `show log`, whether or not `sip log on`. The engine's owner
   * calls this (see engine-events.ts for the events).
   */
  engineEvent(e: EngineEvent): void {
    this.log.add(describeEngineEvent(e));
  }

  notices(): string[] {
    const n = this.store.unloaded.length;
    if (n === 0) return [];
    return [`${n === 1 ? '1 line' : `${n} lines`} of ${this.store.file ?? 'the configuration'} did not load: see show log`];
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * A new session, or undefined when the limit is reached. `authenticated`: the transport has
   * checked the user already (SSH), so the session starts at `>` without `Password:`.
   */
  openSession(io: SessionIO, opts?: SessionOptions): Session | undefined {
    if (this.sessions.size >= this.maxSessions) return undefined;
    const s = new Session(this.nextId++, this, io, opts);
    this.sessions.add(s);
    return s;
  }

  /**
   * Holds one place of the session limit for work that is not a console (an SSH exec line), so
   * that exec requests count against the shared limit too; `false` when the limit is reached.
   * Released with {@link sessionClosed}.
   */
  holdSessionPlace(s: SessionControl): boolean {
    if (this.sessions.size >= this.maxSessions) return false;
    this.sessions.add(s);
    return true;
  }

  sessionClosed(s: SessionControl): void {
    this.sessions.delete(s);
  }

  consoleSettings(): ConsoleSettings {
    return this.store.config;
  }

  run(line: string, session: SessionControl, promptWidth: number): Promise<void> | undefined {
    const outcome = this.interpreter.run(line, session, this, promptWidth);
    return outcome instanceof Promise ? outcome.then(() => undefined) : undefined;
  }

  help(line: string, level: Level): HelpEntry[] {
    return this.interpreter.help(line, level);
  }

  complete(line: string, level: Level): Completion {
    return this.interpreter.complete(line, level);
  }

  adminHolder(): { id: number; peer: string } | undefined {
    return this.adminLock.blocker();
  }

  commandList(level: Level): readonly string[] {
    return this.interpreter.commandList(level);
  }

  environment(): string[] {
    return environmentLines({
      identity: this.identity,
      now: this.clock.now(),
      started: this.started,
      configFile: this.store.file,
      dirty: this.store.dirty,
      sessions: this.sessions.size,
      maxSessions: this.maxSessions,
    });
  }

  configChanged(): void {
    this.store.changed();
    this.sip.apply(sipSettings(this.store.config));
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
