/**
 * One console session: login and the read loop. It owns no socket: bytes come in through
 * `input`, text goes out through `io.write`, so telnet, SSH and the in-process tests drive it the
 * same way. The key queue, the pager, the idle timer and the key bindings live in their own files;
 * what the session needs from the program is the narrow `SessionHost`.
 */
import { SessionControl } from '../commands/types';
import { checkPassword } from '../config/passwords';
import { Level } from '../grammar/types';
import { PRODUCT, VERSION } from '../version';
import { TimerHandle } from '../util/clock';
import { IdleTimer } from './idle-timer';
import { KeyQueue } from './key-queue';
import { Key, KeyDecoder } from './keys';
import { LineReader, ReadOptions } from './line-reader';
import { Pager } from './pager';
import { SessionHost } from './session-host';

export { MORE } from './pager';

/** The transport side of a session. */
export interface SessionIO {
  /** Where the session comes from, for messages (`127.0.0.1:40000`, `exec`). */
  readonly peer: string;
  write(text: string): void;
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
  private pageLines: number | 'infinity' | undefined;
  private window = { width: 0, height: 0 };
  private closed = false;
  private currentPrompt = '';
  /** Until when an Enter belongs to the (Y/N) answer just given. */
  private answerEnterUntil: number | undefined;

  constructor(
    readonly id: number,
    private readonly host: SessionHost,
    private readonly io: SessionIO,
    private readonly options: SessionOptions = {},
  ) {
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

  get isClosed(): boolean {
    return this.closed;
  }

  /** Greets and runs the session until it closes. */
  start(): Promise<void> {
    return this.run().catch((e: unknown) => {
      this.host.reportBug(e);
      this.close();
    });
  }

  /** Bytes from the terminal (latin1: one character per byte), as one read. */
  input(bytes: string): void {
    if (this.closed) return;
    this.idle.touch();
    const now = this.host.clock.now();
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

  setLevel(level: Level): boolean {
    if (level === this.levelNow) return true;
    if (level === 'administrator' && !this.host.adminLock.acquire(this)) return false;
    if (level === 'user') this.host.adminLock.release(this);
    this.levelNow = level;
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
    // The administrator level is free at once, even mid-question (issue 9).
    this.host.adminLock.release(this);
    this.idle.stop();
    this.pager.clear();
    this.queue.close();
    this.abortDelay?.();
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

  private async run(): Promise<void> {
    this.idle.touch();
    this.write(`\r\n${GREETING}\r\n\r\n`);
    if (this.options.authenticated !== true && !(await this.login())) return;
    while (!this.closed) {
      const line = await this.readLine(this.prompt(), { echo: true, command: true });
      if (line === undefined) return;
      this.reader.editor.remember(line);
      await this.host.run(line, this, this.currentPrompt.length);
      await this.flush();
    }
  }

  private async login(): Promise<boolean> {
    for (let failures = 0; ; ) {
      const hash = this.host.consoleSettings().loginPassword;
      if (hash === undefined) return true;
      const pass = await this.readLine('Password: ', { echo: false, command: false });
      if (pass === undefined) return false;
      if (checkPassword(pass, hash)) return true;
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

  private prompt(): string {
    const name = this.host.consoleSettings().prompt ?? '';
    return `${name}${this.levelNow === 'administrator' ? '#' : '>'} `;
  }

  private write(text: string): void {
    if (!this.closed) this.io.write(text);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let h: TimerHandle | undefined;
      const done = (): void => {
        this.host.clock.clearTimer(h);
        this.abortDelay = undefined;
        resolve();
      };
      h = this.host.clock.setTimer(ms, done);
      this.abortDelay = done;
    });
  }

  private readLine(prompt: string, opts: ReadOptions): Promise<string | undefined> {
    // The answer's own CR/LF, if any, came before this prompt (see ANSWER_ENTER_MS).
    if (opts.command) this.answerEnterUntil = undefined;
    this.currentPrompt = prompt;
    return this.reader.read(prompt, opts);
  }

  private pageSize(): number {
    const lines = this.pageLines ?? this.host.consoleSettings().lines ?? (this.window.height > 0 ? this.window.height : DEFAULT_PAGE);
    return lines === 'infinity' ? Infinity : Math.max(2, lines);
  }

  /** Writes the printed lines, stopping at ---more--- every page. */
  private flush(): Promise<void> {
    const session = this;
    const io = {
      write: (t: string): void => this.write(t),
      nextKey: (): Promise<Key | undefined> => this.queue.next(),
      get isClosed(): boolean {
        return session.closed;
      },
    };
    return this.pager.flush(io, this.pageSize());
  }
}
