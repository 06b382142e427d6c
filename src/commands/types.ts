/** What a command handler sees, and what it is. Handlers never see a socket: they print lines. */
import { Config } from '../config/model';
import { Identity } from '../config/header';
import { ConfigStore } from '../config/store';
import { Level } from '../grammar/types';
import { Value } from '../grammar/value-types';
import { SipControl } from '../sip/control';
import { Clock } from '../util/clock';
import { EventLog } from '../util/event-log';

/** Where a password was typed, as the router's log names it. */
export type Door = 'TELNET' | 'SSH' | 'HTTP' | 'console';

/** What a password is for: the session itself, the administrator level, or a password change. */
export type Purpose = 'login' | 'administrator' | 'password change';

/** Checks a password typed on the network: slowed per source address, logged (shell/password-guard.ts). */
export interface PasswordChecker {
  /** `stored` undefined: no password is set, only the empty answer is right. */
  check(door: Door, source: string, purpose: Purpose, plain: string, stored: string | undefined, signal?: AbortSignal): Promise<boolean>;
}

/** The session a command runs in, as far as a handler needs it. */
export interface SessionControl {
  readonly id: number;
  readonly level: Level;
  /** Where the session comes from: its source address (for the log and the guess limiter). */
  readonly source?: string;
  /** How it came in (TELNET, SSH, …), for the log. */
  readonly door?: Door;
  /** Aborted when the session closes (a password check waiting for its slot gives up). */
  readonly closing?: AbortSignal;
  print(line: string): void;
  /** Prints `lines` in order, as {@link print} each of them. */
  printLines(lines: readonly string[]): void;
  /**
   * Asks for a line (`echo` false for passwords); `undefined` when the session ends or ^C, and
   * on ^D at an empty line unless `eofAnswer` is given (then ^D answers that, so ^C can mean cancel).
   */
  ask(prompt: string, echo: boolean, eofAnswer?: string): Promise<string | undefined>;
  /** Reads one key of `accept` without Enter (others are ignored), echoing it; `undefined` when the session ends or ^C. */
  askKey(prompt: string, accept: string): Promise<string | undefined>;
  /** Moves between levels; `false` when the administrator level is held by another session. */
  setLevel(level: Level): boolean;
  close(): void;
  setPageLines(lines: number | 'infinity' | undefined): void;
  setColumns(columns: number | undefined): void;
}

/** Facts shared by every session of one running program. */
export interface Services {
  readonly store: ConfigStore;
  readonly sip: SipControl;
  readonly log: EventLog;
  readonly clock: Clock;
  /** Every password check a command makes (`administrator`, Old_Password). */
  readonly passwords: PasswordChecker;
  /** The emulated router's model, serial and MAC addresses. */
  readonly identity: Identity;
  /** Which session holds the administrator level, if any (for the error that names it). */
  adminHolder(): { id: number; peer: string } | undefined;
  /** Lines for `show command` at a level (the same lines every time: not to be changed). */
  commandList(level: Level): readonly string[];
  /** `show environment` facts of the process. */
  environment(): string[];
  /** Called after a configuration command changed the configuration. */
  configChanged(): void;
}

/** What a handler is given: the matched values and keywords, the configuration, the services, the session. */
export interface CommandContext {
  readonly values: ReadonlyMap<string, Value>;
  readonly keywords: ReadonlySet<string>;
  /** The running configuration; configuration handlers change it in place. */
  readonly config: Config;
  readonly services: Services;
  readonly session: SessionControl;
}

/** A refusal to print (one `Error: ...` line), or nothing when the command did its work. */
export type HandlerResult = string | undefined | void;

/** One command's implementation. */
export interface Handler {
  /**
   * Configuration commands change `config` (and at most the session's own page settings),
   * synchronously; they may appear in a configuration file, and are followed by applying the
   * configuration to the engine. Those a user-level session may run (`console lines`, ...)
   * change only the session's own settings there, not `config`: the configuration is applied
   * after a configuration command at the administrator level only.
   */
  readonly config?: boolean;
  run(ctx: CommandContext): HandlerResult | Promise<HandlerResult>;
}

/** Handlers by grammar command id. */
export type HandlerTable = Readonly<Record<string, Handler>>;

/**
 * A router `(Y/N)` question: one key, either case; the CR or LF a client sends right after it
 * is part of the answer. True for Y, false for N, undefined when the session ends or ^C.
 */
export async function confirm(session: SessionControl, question: string): Promise<boolean | undefined> {
  const key = await session.askKey(`${question} (Y/N)`, 'yYnN');
  return key === undefined ? undefined : key === 'y' || key === 'Y';
}

/** Accessors that turn a missing value into a bug report, not a silent default. */
export function int(ctx: CommandContext, name: string): number {
  const v = ctx.values.get(name)?.int;
  if (v === undefined) throw new Error(`internal: value ${name} is not an integer here`);
  return v;
}

/** An optional integer value. */
export function optInt(ctx: CommandContext, name: string): number | undefined {
  return ctx.values.get(name)?.int;
}

/** A text value the grammar guarantees. */
export function text(ctx: CommandContext, name: string): string {
  const v = ctx.values.get(name)?.text;
  if (v === undefined) throw new Error(`internal: value ${name} is missing`);
  return v;
}

/** An optional text value. */
export function optText(ctx: CommandContext, name: string): string | undefined {
  return ctx.values.get(name)?.text;
}
