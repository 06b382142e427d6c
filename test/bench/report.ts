/** Collects benchmark figures and prints them as a table. */

export function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Heap in use after a full collection (needs node --expose-gc; otherwise as it is). */
export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

interface Row {
  readonly section: string;
  readonly name: string;
  readonly value: number | string;
  readonly unit: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

export class Report {
  private readonly rows: Row[] = [];
  private readonly notes: string[] = [];

  figure(section: string, name: string, value: number | string, unit: string, target = '', met?: boolean): void {
    this.rows.push({ section, name, value, unit, target, met });
    process.stdout.write(`[${section}] ${name}: ${value} ${unit}${target ? ` (target ${target}${met === undefined ? '' : met ? ': met' : ': NOT met'})` : ''}\n`);
  }

  note(section: string, text: string): void {
    this.notes.push(`[${section}] ${text}`);
    process.stdout.write(`[${section}] ${text}\n`);
  }

  print(): void {
    const w = Math.max(...this.rows.map((r) => `${r.section}: ${r.name}`.length));
    process.stdout.write('\n== sipsh benchmark figures ==\n');
    for (const r of this.rows) {
      const status = r.target ? ` target ${r.target}${r.met === undefined ? '' : r.met ? ' (met)' : ' (NOT met)'}` : '';
      process.stdout.write(`${`${r.section}: ${r.name}`.padEnd(w)}  ${String(r.value).padStart(10)} ${r.unit}${status}\n`);
    }
  }
}
