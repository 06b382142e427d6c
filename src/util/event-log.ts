/** The log that `show log` prints: a bounded ring of lines stamped as the router stamps them. */
import { Clock } from './clock';
import { safeText } from './safe-text';

const pad = (n: number): string => n.toString().padStart(2, '0');

/** `2026/11/26 12:41:18` in local time: the router's log and clock format. */
export function formatRouterTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A bounded log of `YYYY/MM/DD HH:MM:SS: text` lines. */
export class EventLog {
  private readonly lines: string[] = [];
  constructor(
    private readonly clock: Clock,
    private readonly limit = 2000,
  ) {}

  /**
   * Adds one entry; each line of `text` gets the stamp. This is the one place where what is logged
   * is made safe (issue 12): whatever the engine, a peer or a file put in the text, control
   * characters are stored escaped (a bare CR, ESC, BEL …: see util/safe-text.ts), so that `show
   * log`, `show log reverse` and anything else that prints the log can print it as it is.
   */
  add(text: string): void {
    const stamp = formatRouterTime(this.clock.now());
    for (const line of text.split(/\r?\n/)) {
      this.lines.push(`${stamp}: ${safeText(line)}`);
    }
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }

  /** The lines, oldest first. */
  entries(): readonly string[] {
    return this.lines;
  }

  /** Empties the log (`clear log`). */
  clear(): void {
    this.lines.length = 0;
  }
}
