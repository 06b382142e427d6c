/**
 * Reads one line from the key queue through the line editor: echo (or not), the key bindings,
 * `?` help and Tab completion on command lines. The session decides what the line means.
 */
import { formatHelp, Completion, HelpEntry } from '../grammar/help';
import { applyEdit, bindingFor } from './key-bindings';
import { KeyQueue } from './key-queue';
import { Key } from './keys';
import { LineEditor, MAX_LINE } from './line-editor';

/** How one line is read. */
export interface ReadOptions {
  readonly echo: boolean;
  /** Command line: history, `?`, Tab and ^D = exit. */
  readonly command: boolean;
  /** What ^D on an empty answer line gives (default `undefined`, as ^C does). */
  readonly eofAnswer?: string;
}

/** What the reader needs around it. */
export interface LineReaderIO {
  write(text: string): void;
  /** `?` and Tab for the text before the cursor, at the session's level. */
  help(before: string): HelpEntry[];
  complete(before: string): Completion;
}

/** A read under way: its prompt, its options and what receives the line (see LineReader's `reading`). */
interface Reading {
  readonly prompt: string;
  readonly opts: ReadOptions;
  readonly done: (v: string | undefined) => void;
  /** Called instead of `done(undefined)` when the key queue closes during the read, if given. */
  readonly closed: (() => void) | undefined;
  readonly deferred: boolean;
}

/** Gives a read's line to its receiver: from a microtask when the read is `deferred`, at once otherwise. */
function deliver(r: Reading, value: string | undefined): void {
  if (r.deferred) queueMicrotask(() => r.done(value));
  else r.done(value);
}

/** The line editor driven by keys. */
export class LineReader {
  readonly editor = new LineEditor();
  /**
   * The read under way: its prompt, its options and what receives the line. `deferred`: the line
   * of a key-by-key read (or the end of the queue) reaches `done` from a microtask, as a promise's
   * resolve would, so that a reader that starts the next read from `done` does not recurse into
   * the key queue's delivery; a line typed in one read ({@link typeLine}) reaches it at once.
   */
  private reading: Reading | undefined;
  /** What this reader gives the key queue: one function for every read (none made per line). */
  private readonly consumer = (k: Key): void => {
    const r = this.reading;
    if (r !== undefined) this.key(k, r.prompt, r.opts);
  };
  /** The key queue closed during the read: it ends with undefined. */
  private readonly queueClosed = (): void => {
    const r = this.reading;
    this.reading = undefined;
    if (r === undefined) return;
    const closed = r.closed;
    if (closed === undefined) deliver(r, undefined);
    else if (r.deferred) queueMicrotask(closed);
    else closed();
  };

  constructor(
    private readonly queue: KeyQueue,
    private readonly io: LineReaderIO,
  ) {}

  /** Shows `prompt` and reads a line; undefined when the session closes (or ^C / ^D at a question). */
  read(prompt: string, opts: ReadOptions): Promise<string | undefined> {
    return new Promise((resolve) => this.start(prompt, opts, resolve, undefined, false));
  }

  /**
   * {@link read} without a promise: `done` receives the line (undefined as for read). A line typed
   * in one read ({@link typeLine}) is given at once, within the caller of typeLine; every other one from
   * a microtask (see `reading`). The session's command loop reads this way: no promise, no
   * suspended async function and no microtask per command line. `closed`, when given, is called
   * instead of `done(undefined)` when the session closes during the read. Profile (issue 13,
   * --trace-deopt): the first session to close gave the command loop's line receiver the
   * undefined it had never met, and threw its optimised code away for every session.
   */
  readThen(prompt: string, opts: ReadOptions, done: (line: string | undefined) => void, closed?: () => void): void {
    this.start(prompt, opts, done, closed, true);
  }

  private start(prompt: string, opts: ReadOptions, done: (line: string | undefined) => void, closed: (() => void) | undefined, deferred: boolean): void {
    this.editor.reset(opts.echo);
    this.io.write(prompt);
    this.reading = { prompt, opts, done, closed, deferred };
    this.queue.consume(this.consumer, this.queueClosed);
  }

  /**
   * Whether {@link typeLine} may take `text`: this reader waits and no key is queued, the cursor is
   * at the end of the line with room for the text, and no `?` is in it on a command line. When it
   * may not, the caller feeds the keys.
   */
  canTypeLine(text: string): boolean {
    const r = this.reading;
    if (r === undefined || !this.queue.isWaitingFor(this.consumer)) return false;
    const e = this.editor;
    if (e.cursor !== e.text.length || e.text.length + text.length > MAX_LINE) return false;
    return !(r.opts.command && text.includes('?'));
  }

  /**
   * A line typed in one read (`text`, then Enter), when {@link canTypeLine} says so: does what its
   * keys one by one would do (the characters as one edit with their echo, then the Enter), without
   * making them, and gives the line to the reader at once.
   */
  typeLine(text: string): void {
    const r = this.reading;
    if (r === undefined) return;
    const e = this.editor;
    // The echo and the new line in one write (the same bytes as two).
    this.io.write(`${e.insert(text)}\r\n`);
    this.reading = undefined;
    this.queue.stop();
    r.done(e.text);
  }

  /** Ends the read under way with `value`; the key queue keeps what was typed after it. */
  private finish(value: string | undefined): void {
    const r = this.reading;
    if (r === undefined) return;
    this.reading = undefined;
    this.queue.stop();
    deliver(r, value);
  }

  private key(k: Key, prompt: string, opts: ReadOptions): void {
    const e = this.editor;
    const io = this.io;
    const b = bindingFor(k);
    switch (b.kind) {
      case 'enter':
        // Every answer starts on a new line, echo or not (clients that set ECHO 0 read up to it).
        io.write('\r\n');
        this.finish(e.text);
        return;
      case 'insert': {
        // The characters queued after this one are one edit: at the end of a line with room, its
        // echo is the echo of the keys one by one; elsewhere they go in one by one.
        const run = b.ch + this.queue.takeChars(opts.command ? '?' : '');
        if (e.cursor === e.text.length && e.text.length + run.length <= MAX_LINE) io.write(e.insert(run));
        else for (const ch of run) io.write(e.insert(ch));
        return;
      }
      case 'help':
        if (opts.command) this.showHelp(prompt);
        else io.write(e.insert('?'));
        return;
      case 'complete':
        if (opts.command) this.complete(prompt);
        return;
      case 'edit':
        io.write(applyEdit(e, b.action));
        return;
      case 'history':
        if (opts.command) io.write(b.direction === 'up' ? e.historyUp() : e.historyDown());
        return;
      case 'interrupt':
        io.write('^C\r\n');
        this.finish(opts.command ? '' : undefined);
        return;
      case 'eof':
        if (e.text.length > 0) {
          io.write(e.deleteForward());
        } else if (opts.command) {
          io.write('exit\r\n');
          this.finish('exit');
        } else {
          io.write('\r\n');
          this.finish(opts.eofAnswer);
        }
        return;
      case 'none':
        return;
    }
  }

  private showHelp(prompt: string): void {
    const entries = this.io.help(this.editor.text.slice(0, this.editor.cursor));
    const lines = entries.length > 0 ? formatHelp(entries) : ['  (no command or value fits here)'];
    this.io.write(`?\r\n${lines.join('\r\n')}\r\n${this.editor.redraw(prompt)}`);
  }

  private complete(prompt: string): void {
    const c = this.io.complete(this.editor.text.slice(0, this.editor.cursor));
    if (c.insert.length > 0) this.io.write(this.editor.insert(c.insert));
    if (c.candidates.length > 1) this.io.write(`\r\n${c.candidates.join('  ')}\r\n${this.editor.redraw(prompt)}`);
    else if (c.insert.length === 0 && c.candidates.length === 0) this.io.write('\x07');
  }
}
