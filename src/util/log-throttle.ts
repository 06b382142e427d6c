/**
 * Keeps a flood from pushing the real events out of the bounded log: a refusal that anyone can
 * provoke at will (a request naming another host, a connection over the cap) is logged at most
 * once per key per interval; the number left out is told with the next line logged for that key.
 */
import { Clock } from './clock';

/** Once per key per interval, with the count of what was left out; at most `maxKeys` keys remembered. */
export class LogThrottle {
  private readonly seen = new Map<string, { at: number; skipped: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
    private readonly maxKeys = 256,
  ) {}

  /** Undefined: leave this one out; else the suffix to add to the line (` (N more not logged)` or ''). */
  pass(key: string): string | undefined {
    const now = this.clock.now();
    const s = this.seen.get(key);
    if (s !== undefined && now - s.at < this.intervalMs) {
      s.skipped++;
      return undefined;
    }
    if (s === undefined && this.seen.size >= this.maxKeys) this.seen.clear(); // a flood of keys: start again
    const skipped = s?.skipped ?? 0;
    this.seen.set(key, { at: now, skipped: 0 });
    return skipped > 0 ? ` (${skipped} more not logged)` : '';
  }
}
