/**
 * What a console session needs from the program around it, and nothing more: running a line,
 * help and completion, the console settings of the configuration, the clock, the administrator
 * lock and where to report a bug. `Shell` implements it; tests may implement it alone.
 */
import type { SessionControl } from '../commands/types';
import type { Completion, HelpEntry } from '../grammar/help';
import type { Level } from '../grammar/types';
import type { Clock } from '../util/clock';
import type { EventLog } from '../util/event-log';
import type { AdminLock } from './admin-lock';
import type { PasswordGuard } from './password-guard';

/** The configuration facts a session reads, live, for prompts, login and paging. */
export interface ConsoleSettings {
  /** `console prompt NAME`, or undefined for the bare `>` / `#`. */
  readonly prompt: string | undefined;
  /** The hashed login password; undefined: no `Password:` at login. */
  readonly loginPassword: string | undefined;
  /** Idle seconds before the session closes, or 'clear' for never. */
  readonly loginTimer: number | 'clear';
  /** The saved page height (`console lines`), if any. */
  readonly lines: number | 'infinity' | undefined;
}

/** The narrow view of the program that a Session uses. */
export interface SessionHost {
  readonly clock: Clock;
  /** Delay after the first wrong login password; it grows with each failure. */
  readonly loginDelayMs: number;
  readonly adminLock: AdminLock;
  /** Login passwords are checked here: slowed per source across connections, logged. */
  readonly guard: PasswordGuard;
  /** Logins, logouts, administrator entered and left. */
  readonly log: EventLog;
  /** What the operator must be told after logging in (lines of the file that did not load). */
  notices(): string[];
  consoleSettings(): ConsoleSettings;
  /**
   * Runs one command line in `session`; `promptWidth` places the `^` under a bad word. Returns
   * a promise only when the command is still running (an asynchronous handler).
   */
  run(line: string, session: SessionControl, promptWidth: number): Promise<void> | undefined;
  help(line: string, level: Level): HelpEntry[];
  complete(line: string, level: Level): Completion;
  reportBug(e: unknown): void;
  /** The session closed: forget it. */
  sessionClosed(session: SessionControl): void;
}
