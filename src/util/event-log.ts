/** The log that `show log` prints: a bounded ring of lines stamped as the router stamps them. */
import { Clock } from './clock';

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

  /** Adds one entry; each line of `text` gets the stamp. */
  add(text: string): void {
    const stamp = formatRouterTime(this.clock.now());
    for (const line of text.split(/\r?\n/)) {
      this.lines.push(`${stamp}: ${line}`);
    }
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }

  entries(): readonly string[] {
    return this.lines;
  }

  clear(): void {
    this.lines.length = 0;
  }
}
