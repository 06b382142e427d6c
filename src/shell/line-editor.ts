/**
 * The line being typed, its cursor and the history. Each edit returns what to write to the
 * terminal to show it (plain text, `\b` to move left); with echo off nothing is shown.
 */

const BS = '\b';
/** Longest line the editor takes; a key past it rings the bell once. */
export const MAX_LINE = 4096;
const HISTORY = 50;

/** The line being typed: text, cursor and history; each edit returns its echo. */
export class LineEditor {
  private buf = '';
  private pos = 0;
  /** The remembered lines, a ring of HISTORY places: the oldest at `historyStart`, `historyCount` of them. */
  private readonly history: string[] = [];
  private historyStart = 0;
  private historyCount = 0;
  /** The line shown while browsing: 0 the oldest, historyCount the line being typed. */
  private historyIndex = 0;
  /** The unfinished line kept while browsing history. */
  private draft = '';
  echo = true;
  private rang = false;

  get text(): string {
    return this.buf;
  }

  get cursor(): number {
    return this.pos;
  }

  /** Starts a new, empty line. */
  reset(echo = true): void {
    this.buf = '';
    this.pos = 0;
    this.echo = echo;
    this.rang = false;
    this.historyIndex = this.historyCount;
    this.draft = '';
  }

  private show(s: string): string {
    return this.echo ? s : '';
  }

  /** Inserts printable text at the cursor (refused past MAX_LINE: one bell, then silence). */
  insert(s: string): string {
    if (this.buf.length + s.length > MAX_LINE) {
      if (this.rang) return '';
      this.rang = true;
      return '\x07';
    }
    if (this.pos === this.buf.length) {
      // Typing at the end of the line, the common case: nothing to redraw after the cursor.
      this.buf += s;
      this.pos += s.length;
      return this.show(s);
    }
    const rest = this.buf.slice(this.pos);
    this.buf = this.buf.slice(0, this.pos) + s + rest;
    this.pos += s.length;
    return this.show(s + rest + BS.repeat(rest.length));
  }

  backspace(): string {
    if (this.pos === 0) return '';
    const rest = this.buf.slice(this.pos);
    this.buf = this.buf.slice(0, this.pos - 1) + rest;
    this.pos--;
    return this.show(BS + rest + ' ' + BS.repeat(rest.length + 1));
  }

  deleteForward(): string {
    if (this.pos >= this.buf.length) return '';
    const rest = this.buf.slice(this.pos + 1);
    this.buf = this.buf.slice(0, this.pos) + rest;
    return this.show(rest + ' ' + BS.repeat(rest.length + 1));
  }

  left(): string {
    if (this.pos === 0) return '';
    this.pos--;
    return this.show(BS);
  }

  right(): string {
    if (this.pos >= this.buf.length) return '';
    this.pos++;
    return this.show(this.buf[this.pos - 1] as string);
  }

  home(): string {
    const n = this.pos;
    this.pos = 0;
    return this.show(BS.repeat(n));
  }

  end(): string {
    const s = this.buf.slice(this.pos);
    this.pos = this.buf.length;
    return this.show(s);
  }

  /** ^K: delete from the cursor to the end. */
  killToEnd(): string {
    const n = this.buf.length - this.pos;
    this.buf = this.buf.slice(0, this.pos);
    return this.show(' '.repeat(n) + BS.repeat(n));
  }

  /** ^U: delete the whole line. */
  killLine(): string {
    return this.replace('');
  }

  /** ^W: delete the word before the cursor. */
  killWord(): string {
    let start = this.pos;
    while (start > 0 && this.buf[start - 1] === ' ') start--;
    while (start > 0 && this.buf[start - 1] !== ' ') start--;
    const rest = this.buf.slice(this.pos);
    const removed = this.pos - start;
    this.buf = this.buf.slice(0, start) + rest;
    this.pos = start;
    return this.show(BS.repeat(removed) + rest + ' '.repeat(removed) + BS.repeat(rest.length + removed));
  }

  /** Replaces the whole line, cursor at its end. */
  replace(s: string): string {
    const out = BS.repeat(this.pos) + s + ' '.repeat(Math.max(0, this.buf.length - s.length)) + BS.repeat(Math.max(0, this.buf.length - s.length));
    this.buf = s.slice(0, MAX_LINE);
    this.pos = this.buf.length;
    return this.show(out);
  }

  /** The `i`th remembered line, 0 the oldest. */
  private remembered(i: number): string {
    return this.history[(this.historyStart + i) % HISTORY] ?? '';
  }

  historyUp(): string {
    if (this.historyIndex === 0) return '';
    if (this.historyIndex === this.historyCount) this.draft = this.buf;
    this.historyIndex--;
    return this.replace(this.remembered(this.historyIndex));
  }

  historyDown(): string {
    if (this.historyIndex >= this.historyCount) return '';
    this.historyIndex++;
    return this.replace(this.historyIndex === this.historyCount ? this.draft : this.remembered(this.historyIndex));
  }

  /**
   * Records an entered command line in the history. A line equal to one the ring already holds is
   * kept as that string: a command typed again (the usual case: a few commands repeated) shares
   * the string kept for it instead of keeping one more copy for the whole life of the session: the
   * line read is a new string every time (a slice of the read), and kept in the history it
   * outlives two scavenges and is promoted to the old generation. Profile (issue 13,
   * --trace-gc-nvp of the 200-session bench server): these lines were most of what each scavenge
   * of the timed rounds promoted. The search is written in place, not in helpers: V8's TurboFan
   * compiled each small hot function of the command path on its own (--trace-opt), on the
   * server's core during the first rounds.
   */
  remember(line: string): void {
    if (line.trim() === '') return;
    let kept = line;
    for (let i = this.historyCount - 1; i >= 0; i--) {
      const held = this.history[(this.historyStart + i) % HISTORY];
      if (held === line) {
        // The same as the last line: not remembered twice.
        if (i === this.historyCount - 1) return;
        kept = held;
        break;
      }
    }
    // A full ring overwrites its oldest line. No branch on fullness and no array returned (a splice
    // made one per line): the same path on every call, so the optimised command loop is not
    // deoptimised at the first full history.
    const full = this.historyCount >= HISTORY ? 1 : 0;
    this.history[(this.historyStart + this.historyCount) % HISTORY] = kept;
    this.historyStart = (this.historyStart + full) % HISTORY;
    this.historyCount += 1 - full;
  }

  /** The line and the cursor as they are, after `prompt` on a fresh line. */
  redraw(prompt: string): string {
    return prompt + this.show(this.buf + BS.repeat(this.buf.length - this.pos));
  }
}
