/** The log that `show log` prints: a bounded ring of timestamped lines. */
import { Clock } from '../util/clock';

export class EventLog {
  private readonly lines: string[] = [];
  constructor(
    private readonly clock: Clock,
    private readonly limit = 2000,
  ) {}

  add(text: string): void {
    const stamp = new Date(this.clock.now()).toISOString().replace('T', ' ').slice(0, 23);
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
