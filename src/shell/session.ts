/**
 * One console session: login and the read loop. It owns no socket: bytes come in through
 * `input`, text goes out through `io.write`, so telnet, SSH and the in-process tests drive it the
 * same way. The key queue, the pager, the idle timer and the key bindings live in their own files;
 * what the session needs from the program is the narrow `SessionHost`.
 */
import { Door, SessionControl } from '../commands/types';
import { Level } from '../grammar/types';
import { PRODUCT, VERSION } from '../version';
import { TimerHandle } from '../util/clock';
import { IdleTimer } from './idle-timer';
import { KeyQueue } from './key-queue';
import { Key, KeyDecoder } from './keys';
import { LineReader, ReadOptions } from './line-reader';
import { Pager, PagerIO } from './pager';
import { SessionHost } from './session-host';

export { MORE } from './pager';

/** The transport side of a session. */
export interface SessionIO {
  /** Where the session comes from, for messages (`127.0.0.1:40000`, `exec`). */
  readonly peer: string;
  /** The source address alone (no port): what the guess limiter counts; `peer` when absent. */
  readonly address?: string;
  /** How the session came in, for the log (TELNET, SSH); `console` when absent. */
  readonly door?: Door;
  write(text: string): void;
  /**
   * Writes `lines`, each followed by CR LF, as {@link SessionIO.write} of them joined would; the
   * array is handed over. Absent: the lines are joined and written.
   */
  writeLines?(lines: string[]): void;
  /** Ends the transport (called once, when the session closes). */
  end(): void;
}

/** How a session starts. */
export interface SessionOptions {
  /** The transport already authenticated the user (SSH): no login `Password:`. */
  readonly authenticated?: boolean;
}

/** The first line a session prints; it must not contain "login" (netmiko reacts to it). */
export const GREETING = `${PRODUCT} Rev.${VERSION} - router-style SIP shell`;
const DEFAULT_PAGE = 24;
/**
 * A CR or LF this soon after a (Y/N) key is part of the answer (`Y\r`), not a new Enter, as long
 * as the next command prompt has not been written yet: an Enter sent after the client saw that
 * prompt is a new one (netmiko's exit_enable_mode answers a lone `N`, waits for the prompt, and
 * sends LF at once to check the level).
 */
export const ANSWER_ENTER_MS = 50;
/** The longest a connection may take to authenticate, whatever `login timer` says (issue 12). */
export const LOGIN_DEADLINE_MAX_S = 60;

/** How every command line is read (one object for all of them). */
const COMMAND_LINE: ReadOptions = Object.freeze({ echo: true, command: true });

/** A console session: login, the command loop, questions; one per connection. */
export class Session implements SessionControl {
  private levelNow: Level = 'user';
  private readonly keys = new KeyDecoder();
  private readonly queue = new KeyQueue();
  private readonly reader: LineReader;
  private readonly pager = new Pager();
  private readonly idle: IdleTimer;
  /** Ends the login delay early when the session closes. */
  private abortDelay: (() => void) | undefined;
  /** Authentication state: the login deadline and the limiter's slot live only while waiting. */
  private auth: { readonly t: 'waiting'; readonly deadline: TimerHandle; readonly release: () => void } | { readonly t: 'in' } | { readonly t: 'none' } = { t: 'none' };
  private pageLines: number | 'infinity' | undefined;
  private window = { width: 0, height: 0 };
  /**
   * Set once, at close; stored twice in the constructor (true, then false), as are the other
   * flags a close sets (the pager's `isClosed` below, IdleTimer.stopped, KeyQueue.closed). V8 takes
   * a field of a class that has only ever been stored once as a constant of its objects' shape, and
   * the optimised code that read it depends on that: the first session's close threw away the
   * optimised code of 16 functions of every session (--trace-deopt: "code dependencies") in the
   * middle of the bench's 200-session run, to be compiled again. Stored twice, the field is a
   * plain mutable one from the start.
   */
  private closed: boolean;
  private currentPrompt = '';
  /** Until when an Enter belongs to the (Y/N) answer just given. */
  private answerEnterUntil: number | undefined;

  constructor(
    readonly id: number,
    private readonly host: SessionHost,
    private readonly io: SessionIO,
    private readonly options: SessionOptions = {},
  ) {
    this.closed = true;
    this.closed = false;
    this.pagerIO.isClosed = false; // made true, see `closed`
    this.reader = new LineReader(this.queue, {
      write: (t) => this.write(t),
      help: (before) => host.help(before, this.levelNow),
      complete: (before) => host.complete(before, this.levelNow),
    });
    this.idle = new IdleTimer(
      host.clock,
      () => host.consoleSettings().loginTimer,
      () => {
        this.write('\r\nSession closed: idle for longer than the login timer\r\n');
        this.close();
      },
    );
  }

  get level(): Level {
    return this.levelNow;
  }

  get peer(): string {
    return this.io.peer;
  }

  /** The source address (for the log and the guess limiter). */
  get source(): string {
    return this.io.address ?? this.io.peer;
  }

  /** How the session came in. */
  get door(): Door {
    return this.io.door ?? 'console';
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Greets and runs the session until it closes. The promise is the only one a logged-in session
   * keeps: the login's are dropped once it is over. Profile (issue 13, heap snapshot of the bench
   * server after 200 logins): start() was an async function's promise with a `.catch` on it,
   * resolved through the command loop's own promise, three promises, two reactions and two
   * resolving functions kept by every session for its whole life.
   */
  start(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.loopEnded = resolve;
      try {
        this.idle.touch();
        this.write(`\r\n${GREETING}\r\n\r\n`);
        if (this.options.authenticated === true) this.beginLoop(true);
        else this.login().then((ok) => this.beginLoop(ok), this.failed);
      } catch (e) {
        this.failed(e);
      }
    });
  }

  /** After the login (`ok` false: it failed, the session is closed): the command loop, or the end. */
  private beginLoop(ok: boolean): void {
    if (!ok) {
      this.endLoop();
      return;
    }
    try {
      this.closer = undefined;
      this.endAuthentication();
      this.loggedIn = true;
      for (const n of this.host.notices()) this.write(`${n}\r\n`);
      this.readCommand();
    } catch (e) {
      this.failed(e);
    }
  }

  /** Bytes from the terminal (latin1: one character per byte), as one read. */
  input(bytes: string): void {
    if (this.closed) return;
    const now = this.host.clock.now();
    this.idle.touch(now);
    // The common read, a line and its Enter, goes to the waiting line reader as text: no keys.
    // The decoder's state is settled first: a command line is run within typeLine.
    const n = this.keys.lineLength(bytes);
    if (n > 0) {
      const text = bytes.slice(0, n);
      if (this.reader.canTypeLine(text)) {
        this.keys.endLine(bytes, n, now);
        this.answerEnterUntil = undefined;
        this.reader.typeLine(text);
        return;
      }
    }
    let keys = this.keys.feed(bytes, now);
    if (this.answerEnterUntil !== undefined) {
      if (keys[0]?.t === 'enter' && now <= this.answerEnterUntil) keys = keys.slice(1);
      if (keys.length > 0) this.answerEnterUntil = undefined;
    }
    this.queue.push(keys);
  }

  /** Telnet IP / BRK: act as ^C. */
  interrupt(): void {
    this.input('\x03');
  }

  /** The terminal's size from NAWS or the PTY; 0 means unknown. */
  setWindow(width: number, height: number): void {
    this.window = { width, height };
  }

  print(line: string): void {
    if (!this.closed) this.pager.print(line);
  }

  /**
   * The lines of a handler's list, queued in the pager's one loop. Profile (issue 13, --trace-opt
   * of the console bench's server): each handler printing its list in a loop of its own had the
   * session's and the pager's print inlined in it, one TurboFan compilation of that path per
   * handler on the server's core.
   */
  printLines(lines: readonly string[]): void {
    if (!this.closed) this.pager.printLines(lines);
  }

  setLevel(level: Level): boolean {
    if (level === this.levelNow) return true;
    if (level === 'administrator' && !this.host.adminLock.acquire(this)) return false;
    if (level === 'user') this.host.adminLock.release(this);
    this.levelNow = level;
    this.host.log.add(`Administrator level ${level === 'administrator' ? 'entered' : 'left'} by session #${this.id} (${this.door}: ${this.source})`);
    return true;
  }

  setPageLines(lines: number | 'infinity' | undefined): void {
    this.pageLines = lines;
  }

  /** Accepted like a router's; the shell's own output is short lines and is not wrapped. */
  setColumns(): void {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pagerIO.isClosed = true;
    this.endAuthentication();
    if (this.levelNow === 'administrator') this.host.log.add(`Administrator level left by session #${this.id} (${this.door}: ${this.source}): session closed`);
    if (this.loggedIn && this.logoutLogged) this.host.log.add(`Logout from ${this.door}: ${this.source}`);
    // The administrator level is free at once, even mid-question (issue 9).
    this.host.adminLock.release(this);
    this.idle.stop();
    this.pager.clear();
    this.queue.close();
    this.abortDelay?.();
    this.closer?.abort();
    this.io.end();
    this.host.sessionClosed(this);
  }

  async ask(prompt: string, echo: boolean, eofAnswer?: string): Promise<string | undefined> {
    await this.flush();
    return this.readLine(prompt, { echo, command: false, eofAnswer });
  }

  async askKey(prompt: string, accept: string): Promise<string | undefined> {
    await this.flush();
    this.write(prompt);
    for (;;) {
      const key = await this.queue.next();
      if (key === undefined) return undefined;
      if (key.t === 'char' && accept.includes(key.ch)) {
        this.write(`${key.ch}\r\n`);
        this.takeAnswerEnter();
        return key.ch;
      }
      if (key.t === 'ctrl' && key.c === 'C') {
        this.write('^C\r\n');
        return undefined;
      }
    }
  }

  /** The CR or LF sent with a one-key answer (`Y\r`) is part of it: drop it, now or when it comes. */
  private takeAnswerEnter(): void {
    if (this.queue.peek()?.t === 'enter') this.queue.take();
    else if (this.queue.peek() === undefined) this.answerEnterUntil = this.host.clock.now() + ANSWER_ENTER_MS;
  }

  private loggedIn = false;
  /** Whether the logout is logged (a login with no password may have been left out of the log). */
  private logoutLogged = true;
  /**
   * Aborts `closing` when the session closes; made when first asked for (a password check: the
   * login's, a command's), and dropped when the login is over (its check is done, nothing listens).
   * Profile (issue 13): an AbortController aborted at every close made a DOMException with its
   * stack and dispatched an event, ~85 us of each of the bench's 200 closes.
   */
  private closer: AbortController | undefined;

  /** Aborted when the session closes. */
  get closing(): AbortSignal {
    let closer = this.closer;
    if (closer === undefined) {
      closer = new AbortController();
      if (this.closed) closer.abort();
      this.closer = closer;
    }
    return closer.signal;
  }

  /**
   * The command loop, in callbacks (read a line, run it, write its output, read the next), ended
   * by {@link endLoop}. Profile (issue 13, 200 sessions): the loop as an async function made a
   * promise, a microtask and a resumption of the suspended function for every line, run in
   * unoptimised code through the first rounds. A line typed in one read now runs within the
   * socket's read, and a command that finishes at once writes its output and the next prompt there.
   */
  private readCommand(): void {
    if (this.closed) {
      this.endLoop();
      return;
    }
    const prompt = this.prompt();
    this.answerEnterUntil = undefined; // the answer's own CR/LF, when there was one, came before this prompt (see ANSWER_ENTER_MS)
    this.currentPrompt = prompt;
    this.reader.readThen(prompt, COMMAND_LINE, this.commandLine, this.loopClosed);
  }

  /** The session closed while a command line was read: the loop ends (not through commandLine, see LineReader.readThen). */
  private readonly loopClosed = (): void => this.endLoop();

  /** A command line read (undefined: the session ends): runs it. */
  private readonly commandLine = (line: string | undefined): void => {
    if (line === undefined) {
      this.endLoop();
      return;
    }
    try {
      this.reader.editor.remember(line);
      // Most commands finish at once: no promise to wait for, the output and the next prompt go in this turn.
      const running = this.host.run(line, this, this.currentPrompt.length);
      if (running !== undefined) running.then(this.commandDone, this.failed);
      else this.commandDone();
    } catch (e) {
      this.failed(e);
    }
  };

  /** The command ended: its output is written (paged), then the next line is read. */
  private readonly commandDone = (): void => {
    try {
      const paging = this.flush();
      if (paging !== undefined) paging.then(this.nextCommand, this.failed);
      else this.readCommand();
    } catch (e) {
      this.failed(e);
    }
  };

  private readonly nextCommand = (): void => {
    try {
      this.readCommand();
    } catch (e) {
      this.failed(e);
    }
  };

  /** A bug in the session's own code (never bad input), in the login's wake or the command loop: reported, and the session closed. */
  private readonly failed = (e: unknown): void => {
    this.host.reportBug(e);
    this.close();
    this.endLoop();
  };

  /** Resolves start()'s promise once the command loop has ended. */
  private loopEnded: (() => void) | undefined;

  private endLoop(): void {
    const ended = this.loopEnded;
    this.loopEnded = undefined;
    ended?.();
  }

  /**
   * The login `Password:` loop. The connection holds one of the limiter's unauthenticated slots
   * (the oldest such connection is closed when a newcomer needs a slot) and must authenticate
   * within `login timer` seconds, at most {@link LOGIN_DEADLINE_MAX_S}, whatever it sends: the
   * idle timer is reset by any byte, this deadline by none.
   */
  private async login(): Promise<boolean> {
    const first = this.host.consoleSettings().loginPassword;
    if (first === undefined) {
      this.logoutLogged = this.host.guard.openLogin(this.door, this.source);
      return true;
    }
    const admission = this.host.guard.admit(this.source, () => {
      this.write('\r\nError: Too many connections waiting for a password; closing the oldest\r\n');
      this.close();
    });
    if (!admission.ok) {
      this.write(`Error: Too many connections waiting for a password (${admission.reason}); try again later\r\n`);
      this.close();
      return false;
    }
    const timer = this.host.consoleSettings().loginTimer;
    const seconds = timer === 'clear' ? LOGIN_DEADLINE_MAX_S : Math.min(timer, LOGIN_DEADLINE_MAX_S);
    const deadline = this.host.clock.setTimer(seconds * 1000, () => {
      this.write(`\r\nSession closed: no password within ${seconds} seconds\r\n`);
      this.host.log.add(`Login timed out for ${this.door}: ${this.source}`);
      this.close();
    });
    this.auth = { t: 'waiting', deadline, release: admission.release };
    for (let failures = 0; ; ) {
      const hash = this.host.consoleSettings().loginPassword;
      if (hash === undefined) return true;
      const pass = await this.readLine('Password: ', { echo: false, command: false });
      if (pass === undefined) return false;
      // The wait before the check is the source's, across connections (util/guess-limiter.ts).
      const ok = await this.host.guard.check(this.door, this.source, 'login', pass, hash, this.closing);
      if (this.closed) return false;
      if (ok) return true;
      failures++;
      await this.delay(failures * this.host.loginDelayMs);
      if (this.closed) return false;
      if (failures >= 3) {
        this.write(`Error: ${failures} incorrect passwords, closing\r\n`);
        this.close();
        return false;
      }
    }
  }

  /** Leaves the waiting-for-a-password state: the deadline is cleared and the slot given back. */
  private endAuthentication(): void {
    if (this.auth.t === 'waiting') {
      this.host.clock.clearTimer(this.auth.deadline);
      this.auth.release();
    }
    this.auth = this.closed ? { t: 'none' } : { t: 'in' };
  }

  /** The last prompt made, with the name and level it was made for (most lines reuse it). */
  private lastPrompt = { name: '', level: this.levelNow, text: '> ' };

  private prompt(): string {
    const name = this.host.consoleSettings().prompt ?? '';
    const last = this.lastPrompt;
    if (name === last.name && this.levelNow === last.level) return last.text;
    const text = `${name}${this.levelNow === 'administrator' ? '#' : '>'} `;
    this.lastPrompt = { name, level: this.levelNow, text };
    return text;
  }

  private write(text: string): void {
    if (!this.closed) this.io.write(text);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.host.clock.clearTimer(h);
        this.abortDelay = undefined;
        resolve();
      };
      const h: TimerHandle = this.host.clock.setTimer(ms, done);
      this.abortDelay = done;
    });
  }

  private readLine(prompt: string, opts: ReadOptions): Promise<string | undefined> {
    // The answer's own CR/LF, if any, came before this prompt (see ANSWER_ENTER_MS).
    if (opts.command) this.answerEnterUntil = undefined;
    this.currentPrompt = prompt;
    return this.reader.read(prompt, opts);
  }

  /**
   * What the pager needs of this session: plain data properties (one object shape for every
   * session); `isClosed` is made false by the constructor (stored twice, see `closed`) and true by close().
   */
  private readonly pagerIO: { -readonly [K in keyof PagerIO]: PagerIO[K] } = {
    write: (t: string): void => this.write(t),
    // The session's writeLines in the closure itself: one function less to compile (see Pager.flush).
    writeLines: (lines: string[]): void => {
      if (this.closed) return;
      if (this.io.writeLines !== undefined) this.io.writeLines(lines);
      else {
        // An empty last line gives the final CR LF: one flat string (a template would add a piece to it).
        lines.push('');
        this.io.write(lines.join('\r\n'));
      }
    },
    nextKey: (): Promise<Key | undefined> => this.queue.next(),
    isClosed: true,
  };

  /**
   * Writes the printed lines, stopping at ---more--- every page; a promise only while a page waits
   * for a key. The page size is worked out here, not in a helper of its own: one function less on
   * the command path for TurboFan to compile (--trace-opt, issue 13).
   */
  private flush(): Promise<void> | undefined {
    const lines = this.pageLines ?? this.host.consoleSettings().lines ?? (this.window.height > 0 ? this.window.height : DEFAULT_PAGE);
    return this.pager.flush(this.pagerIO, lines === 'infinity' ? Infinity : Math.max(2, lines));
  }
}
