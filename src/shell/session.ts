/**
 * One console session: login, prompts, line editing, `?` and Tab, paging, questions and the
 * idle timer. It owns no socket: keys come in through `input`, text goes out through `io.write`,
 * so the telnet server and the in-process tests drive it the same way.
 */
import { SessionControl } from '../commands/types';
import { checkPassword } from '../config/passwords';
import { formatHelp } from '../grammar/help';
import { Level } from '../grammar/types';
import { PRODUCT, VERSION } from '../version';
import { TimerHandle } from '../util/clock';
import { Key, KeyDecoder } from './keys';
import { LineEditor } from './line-editor';
import type { Shell } from './shell';

export interface SessionIO {
  /** Where the session comes from, for messages (`127.0.0.1:40000`, `exec`). */
  readonly peer: string;
  write(text: string): void;
  /** Ends the transport (called once, when the session closes). */
  end(): void;
}

export const GREETING = `${PRODUCT} Rev.${VERSION} - router-style SIP shell`;
export const MORE = '---more---';
const DEFAULT_PAGE = 24;
const MAX_QUEUE = 65536;

interface ReadOptions {
  readonly echo: boolean;
  /** Command line: history, `?`, Tab and ^D = exit. */
  readonly command: boolean;
}

export class Session implements SessionControl {
  private levelNow: Level = 'user';
  private readonly keys = new KeyDecoder();
  private readonly editor = new LineEditor();
  /** Keys typed ahead, read from `queueHead` on (an index, so that reading is O(1)). */
  private queue: Key[] = [];
  private queueHead = 0;
  private consumer: ((key: Key) => void) | undefined;
  /** Resolves whatever the session is waiting for with "closed". */
  private abort: (() => void) | undefined;
  private pending: string[] = [];
  private pageLines: number | 'infinity' | undefined;
  private window = { width: 0, height: 0 };
  private idle: TimerHandle | undefined;
  private closed = false;
  private currentPrompt = '';

  constructor(
    readonly id: number,
    private readonly shell: Shell,
    private readonly io: SessionIO,
    /** The transport authenticated the user already (SSH): no `Password:`. */
    private readonly preAuthenticated = false,
  ) {}

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
      this.shell.reportBug(e);
      this.close();
    });
  }

  /** Bytes from the terminal (latin1: one character per byte). */
  input(bytes: string): void {
    if (this.closed) return;
    this.touch();
    for (const k of this.keys.feed(bytes)) {
      if (this.queue.length - this.queueHead < MAX_QUEUE) this.queue.push(k);
    }
    this.pump();
  }

  /** Telnet IP / BRK: act as ^C. */
  interrupt(): void {
    this.input('\x03');
  }

  /** The terminal's size from NAWS; 0 means unknown. */
  setWindow(width: number, height: number): void {
    this.window = { width, height };
  }

  print(line: string): void {
    if (!this.closed) this.pending.push(line);
  }

  setLevel(level: Level): boolean {
    if (level === this.levelNow) return true;
    if (level === 'administrator' && !this.shell.acquireAdmin(this)) return false;
    if (level === 'user') this.shell.releaseAdmin(this);
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
    this.shell.clock.clearTimer(this.idle);
    this.shell.releaseAdmin(this);
    this.consumer = undefined;
    this.queue = [];
    this.queueHead = 0;
    this.abort?.();
    this.io.end();
    this.shell.sessionClosed(this);
  }

  async ask(prompt: string, echo: boolean): Promise<string | undefined> {
    await this.flush();
    return this.readLine(prompt, { echo, command: false });
  }

  async askKey(prompt: string, accept: string): Promise<string | undefined> {
    await this.flush();
    this.write(prompt);
    for (;;) {
      const key = await this.nextKey();
      if (key === undefined) return undefined;
      if (key.t === 'char' && accept.includes(key.ch)) {
        this.write(`${key.ch}\r\n`);
        return key.ch;
      }
      if (key.t === 'ctrl' && key.c === 'C') {
        this.write('^C\r\n');
        return undefined;
      }
    }
  }

  private async run(): Promise<void> {
    this.touch();
    this.write(`\r\n${GREETING}\r\n\r\n`);
    if (!(await this.login())) return;
    while (!this.closed) {
      const line = await this.readLine(this.prompt(), { echo: true, command: true });
      if (line === undefined) return;
      this.editor.remember(line);
      await this.shell.interpreter.execute(line, this, this.shell, this.currentPrompt.length);
      await this.flush();
    }
  }

  private async login(): Promise<boolean> {
    if (this.preAuthenticated) return true;
    for (let failures = 0; ; ) {
      const hash = this.shell.store.config.loginPassword;
      if (hash === undefined) return true;
      const pass = await this.readLine('Password: ', { echo: false, command: false });
      if (pass === undefined) return false;
      if (checkPassword(pass, hash)) return true;
      failures++;
      await this.delay(failures * this.shell.loginDelayMs);
      if (this.closed) return false;
      if (failures >= 3) {
        this.write(`Error: ${failures} incorrect passwords, closing\r\n`);
        this.close();
        return false;
      }
    }
  }

  private prompt(): string {
    const name = this.shell.store.config.prompt ?? '';
    return `${name}${this.levelNow === 'administrator' ? '#' : '>'} `;
  }

  private write(text: string): void {
    if (!this.closed) this.io.write(text);
  }

  /**
   * Notes activity. One idle timer stays armed; when it fires early (there was activity since),
   * it re-arms for the time left, so typing costs no timer work.
   */
  private touch(): void {
    this.lastActivity = this.shell.clock.now();
    if (this.idle === undefined) this.armIdle();
  }

  private lastActivity = 0;

  private armIdle(): void {
    const t = this.shell.store.config.loginTimer;
    if (t === 'clear' || this.closed) {
      this.idle = undefined;
      return;
    }
    const left = this.lastActivity + t * 1000 - this.shell.clock.now();
    this.idle = this.shell.clock.setTimer(Math.max(0, left), () => {
      this.idle = undefined;
      const limit = this.shell.store.config.loginTimer;
      if (limit !== 'clear' && this.shell.clock.now() - this.lastActivity >= limit * 1000) {
        this.write('\r\nSession closed: idle for longer than the login timer\r\n');
        this.close();
      } else this.armIdle();
    });
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const h = this.shell.clock.setTimer(ms, () => {
        this.abort = undefined;
        resolve();
      });
      this.abort = () => {
        this.shell.clock.clearTimer(h);
        resolve();
      };
    });
  }

  private pump(): void {
    while (this.consumer !== undefined && this.queueHead < this.queue.length) {
      const k = this.queue[this.queueHead++] as Key;
      this.consumer(k);
    }
    if (this.queueHead >= this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead > 4096) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }

  /** The next key, or undefined when the session closes. */
  private nextKey(): Promise<Key | undefined> {
    return new Promise((resolve) => {
      this.consumer = (k) => {
        this.consumer = undefined;
        this.abort = undefined;
        resolve(k);
      };
      this.abort = () => resolve(undefined);
      this.pump();
    });
  }

  private readLine(prompt: string, opts: ReadOptions): Promise<string | undefined> {
    this.currentPrompt = prompt;
    this.editor.reset(opts.echo);
    this.write(prompt);
    return new Promise((resolve) => {
      const finish = (value: string | undefined): void => {
        this.consumer = undefined;
        this.abort = undefined;
        resolve(value);
      };
      this.abort = () => resolve(undefined);
      this.consumer = (k) => this.editKey(k, prompt, opts, finish);
      this.pump();
    });
  }

  private editKey(k: Key, prompt: string, opts: ReadOptions, finish: (v: string | undefined) => void): void {
    const e = this.editor;
    switch (k.t) {
      case 'enter':
        this.write('\r\n');
        finish(e.text);
        return;
      case 'char':
        if (k.ch === '?' && opts.command) this.showHelp(prompt);
        else this.write(e.insert(k.ch));
        return;
      case 'tab':
        if (opts.command) this.complete(prompt);
        return;
      case 'backspace':
        this.write(e.backspace());
        return;
      case 'delete':
        this.write(e.deleteForward());
        return;
      case 'left':
        this.write(e.left());
        return;
      case 'right':
        this.write(e.right());
        return;
      case 'home':
        this.write(e.home());
        return;
      case 'end':
        this.write(e.end());
        return;
      case 'up':
        if (opts.command) this.write(e.historyUp());
        return;
      case 'down':
        if (opts.command) this.write(e.historyDown());
        return;
      case 'ctrl':
        this.ctrlKey(k.c, opts, finish);
        return;
    }
  }

  private ctrlKey(c: string, opts: ReadOptions, finish: (v: string | undefined) => void): void {
    const e = this.editor;
    switch (c) {
      case 'A':
        this.write(e.home());
        return;
      case 'E':
        this.write(e.end());
        return;
      case 'B':
        this.write(e.left());
        return;
      case 'F':
        this.write(e.right());
        return;
      case 'K':
        this.write(e.killToEnd());
        return;
      case 'U':
        this.write(e.killLine());
        return;
      case 'W':
        this.write(e.killWord());
        return;
      case 'P':
        if (opts.command) this.write(e.historyUp());
        return;
      case 'N':
        if (opts.command) this.write(e.historyDown());
        return;
      case 'C':
        this.write('^C\r\n');
        finish(opts.command ? '' : undefined);
        return;
      case 'D':
        if (e.text.length > 0) {
          this.write(e.deleteForward());
        } else if (opts.command) {
          this.write('exit\r\n');
          finish('exit');
        } else {
          this.write('\r\n');
          finish(undefined);
        }
        return;
      default:
        return;
    }
  }

  private showHelp(prompt: string): void {
    const before = this.editor.text.slice(0, this.editor.cursor);
    const entries = this.shell.interpreter.help(before, this.levelNow);
    const lines = entries.length > 0 ? formatHelp(entries) : ['  (no command or value fits here)'];
    this.write(`?\r\n${lines.join('\r\n')}\r\n${this.editor.redraw(prompt)}`);
  }

  private complete(prompt: string): void {
    const before = this.editor.text.slice(0, this.editor.cursor);
    const c = this.shell.interpreter.complete(before, this.levelNow);
    if (c.insert.length > 0) this.write(this.editor.insert(c.insert));
    if (c.candidates.length > 1) this.write(`\r\n${c.candidates.join('  ')}\r\n${this.editor.redraw(prompt)}`);
    else if (c.insert.length === 0 && c.candidates.length === 0) this.write('\x07');
  }

  private pageSize(): number {
    const lines = this.pageLines ?? this.shell.store.config.lines ?? (this.window.height > 0 ? this.window.height : DEFAULT_PAGE);
    return lines === 'infinity' ? Infinity : Math.max(2, lines);
  }

  /** Writes the printed lines, stopping at ---more--- every page. */
  private async flush(): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    const page = this.pageSize() - 1;
    let i = 0;
    let budget = page;
    while (i < lines.length && !this.closed) {
      if (budget <= 0 && lines.length - i > 0) {
        this.write(MORE);
        let key: Key | undefined;
        do key = await this.nextKey();
        while (key !== undefined && !(key.t === 'enter' || (key.t === 'char' && /[ qQ]/.test(key.ch)) || (key.t === 'ctrl' && key.c === 'C')));
        this.write(`\r${' '.repeat(MORE.length)}\r`);
        if (key === undefined || (key.t === 'char' && key.ch !== ' ') || key.t === 'ctrl') return;
        budget = key.t === 'enter' ? 1 : page;
      }
      const chunk = lines.slice(i, i + Math.min(budget, lines.length - i));
      this.write(chunk.map((l) => `${l}\r\n`).join(''));
      i += chunk.length;
      budget -= chunk.length;
    }
  }
}
