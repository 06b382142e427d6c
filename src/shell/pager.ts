/**
 * The lines a command printed, written a page at a time with `---more---` between pages:
 * Space = next page, Enter = one more line, q or ^C = stop.
 */
import { Key } from './keys';

/** The prompt between pages (real RT string). */
export const MORE = '---more---';

/** What the pager needs from its session. */
export interface PagerIO {
  write(text: string): void;
  /**
   * Writes `lines`, each followed by CR LF: what `write(lines.join('\r\n') + '\r\n')` writes. The
   * array is handed over (the writer may keep it and change it).
   */
  writeLines(lines: string[]): void;
  /** The next key, or undefined when the session closes. */
  nextKey(): Promise<Key | undefined>;
  readonly isClosed: boolean;
}

function isPagerKey(key: Key): boolean {
  return key.t === 'enter' || (key.t === 'char' && (key.ch === ' ' || key.ch === 'q' || key.ch === 'Q')) || (key.t === 'ctrl' && key.c === 'C');
}

/**
 * A new, empty array for the printed lines: every one of them is made here, by one array literal.
 * Profile (issue 13, --trace-deopt of the console bench's server): V8 learns from an array literal
 * that its arrays come to hold strings, and makes the next ones from it ready for strings; the
 * pager's first array (made by the field's own literal, which had only made empty arrays) was one
 * for small integers, and each new session's first printed line threw away the optimised code of
 * the functions that had `print` inlined, at the start of the bench's 16-session phase.
 */
function emptyLines(): string[] {
  return [];
}

/** Collects printed lines and writes them out page by page. */
export class Pager {
  private pending: string[] = emptyLines();

  /** Queues one output line. */
  print(line: string): void {
    this.pending.push(line);
  }

  /** Queues `lines`, in order. */
  printLines(lines: readonly string[]): void {
    const pending = this.pending;
    for (const line of lines) pending.push(line);
  }

  /** Drops what is queued (the session closed). */
  clear(): void {
    this.pending = emptyLines();
  }

  /**
   * Writes the queued lines, stopping at `---more---` every `pageSize - 1` lines. When they fit
   * in one page they are written at once, as one text, and nothing is returned; otherwise the
   * promise ends when the last page is written or the reader stops.
   */
  flush(io: PagerIO, pageSize: number): Promise<void> | undefined {
    const lines = this.pending;
    if (lines.length === 0) return undefined;
    this.pending = emptyLines();
    const page = pageSize - 1;
    if (lines.length <= page) {
      if (!io.isClosed) io.writeLines(lines);
      return undefined;
    }
    return this.paged(io, lines, page);
  }

  private async paged(io: PagerIO, lines: readonly string[], page: number): Promise<void> {
    let i = 0;
    let budget = page;
    while (i < lines.length && !io.isClosed) {
      if (budget <= 0) {
        io.write(MORE);
        let key: Key | undefined;
        do key = await io.nextKey();
        while (key !== undefined && !isPagerKey(key));
        io.write(`\r${' '.repeat(MORE.length)}\r`);
        if (key === undefined || (key.t === 'char' && key.ch !== ' ') || key.t === 'ctrl') return;
        budget = key.t === 'enter' ? 1 : page;
      }
      const n = Math.min(budget, lines.length - i);
      io.write(`${lines.slice(i, i + n).join('\r\n')}\r\n`);
      i += n;
      budget -= n;
    }
  }
}
