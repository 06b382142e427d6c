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
  /** The next key, or undefined when the session closes. */
  nextKey(): Promise<Key | undefined>;
  readonly isClosed: boolean;
}

function isPagerKey(key: Key): boolean {
  return key.t === 'enter' || (key.t === 'char' && /[ qQ]/.test(key.ch)) || (key.t === 'ctrl' && key.c === 'C');
}

/** Collects printed lines and writes them out page by page. */
export class Pager {
  private pending: string[] = [];

  /** Queues one output line. */
  print(line: string): void {
    this.pending.push(line);
  }

  /** Drops what is queued (the session closed). */
  clear(): void {
    this.pending = [];
  }

  /** Writes the queued lines, stopping at `---more---` every `pageSize - 1` lines. */
  async flush(io: PagerIO, pageSize: number): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    const page = pageSize - 1;
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
      const chunk = lines.slice(i, i + Math.min(budget, lines.length - i));
      io.write(chunk.map((l) => `${l}\r\n`).join(''));
      i += chunk.length;
      budget -= chunk.length;
    }
  }
}
