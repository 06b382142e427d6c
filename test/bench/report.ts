/** Collects benchmark figures, prints each with its target and whether it is met, and writes them as JSON. */
import * as fs from 'fs';
import * as os from 'os';

/** Milliseconds taken by `fn`. */
export function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Milliseconds taken by the promise `fn` returns. */
export async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The `p`-th percentile (0..100) of `values`, nearest rank; NaN when empty. */
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

/** Rounds to `digits` decimals for printing. */
export function round(v: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** A target a figure is compared with: below (`<`) or at least (`>=`) a bound. */
export type Target = { readonly op: '<' | '>='; readonly bound: number };

/** `< bound`: the figure must stay below it. */
export const below = (bound: number): Target => ({ op: '<', bound });
/** `>= bound`: the figure must reach it. */
export const atLeast = (bound: number): Target => ({ op: '>=', bound });

/** One printed figure, as written to the JSON file. */
export interface Row {
  readonly section: string;
  readonly name: string;
  readonly value: number | string;
  readonly unit: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

/** The machine a run came from, written beside the figures. */
export interface Machine {
  readonly date: string;
  readonly host: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly node: string;
  readonly loadAverage: readonly number[];
}

/** Describes this machine and its load now. */
export function machine(): Machine {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    host: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

/** The figures of one run, printed as they come and at the end as a table. */
export class Report {
  private readonly rows: Row[] = [];
  private readonly notes: string[] = [];
  private readonly loads: string[] = [];

  /**
   * Records a figure. With a `target`, `met` is computed from the value unless given (a figure
   * that is also wrong, e.g. fewer lines than expected, passes `met = false`).
   */
  figure(section: string, name: string, value: number | string, unit: string, target?: Target | string, met?: boolean): void {
    let t = '';
    let m = met;
    if (typeof target === 'string') t = target;
    else if (target) {
      t = `${target.op} ${target.bound}`;
      const ok = typeof value === 'number' && Number.isFinite(value) && (target.op === '<' ? value < target.bound : value >= target.bound);
      m = ok && met !== false;
    }
    this.rows.push({ section, name, value, unit, target: t, met: m });
    process.stdout.write(`[${section}] ${name}: ${value} ${unit}${t ? ` (target ${t}${m === undefined ? '' : m ? ': met' : ': NOT met'})` : ''}\n`);
  }

  /** Records a line of context (peer errors, counts) printed with the figures. */
  note(section: string, text: string): void {
    this.notes.push(`[${section}] ${text}`);
    process.stdout.write(`[${section}] ${text}\n`);
  }

  /** Notes the load average before a section runs: others may share the machine. */
  load(section: string): void {
    const l = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    this.loads.push(`${section}: ${l}`);
    process.stdout.write(`[${section}] load average before: ${l}\n`);
  }

  /** The figures recorded so far. */
  figures(): readonly Row[] {
    return this.rows;
  }

  /** Prints the table of all figures. */
  print(): void {
    const w = Math.max(0, ...this.rows.map((r) => `${r.section}: ${r.name}`.length));
    process.stdout.write('\n== sipsh benchmark figures ==\n');
    const m = machine();
    process.stdout.write(`${m.date}  ${m.cpu} x ${m.cores}, ${m.memoryGB} GB, ${m.host}, node ${m.node}\n`);
    for (const r of this.rows) {
      const status = r.target ? `  target ${r.target}${r.met === undefined ? '' : r.met ? ' (met)' : ' (NOT met)'}` : '';
      process.stdout.write(`${`${r.section}: ${r.name}`.padEnd(w)}  ${String(r.value).padStart(10)} ${r.unit}${status}\n`);
    }
    const missed = this.rows.filter((r) => r.met === false).length;
    process.stdout.write(`${this.rows.filter((r) => r.met !== undefined).length - missed} targets met, ${missed} NOT met\n`);
  }

  /** The figures as a Markdown table under a line naming the machine and its load (for docs/benchmarks.md). */
  markdown(): string {
    const m = machine();
    const cell = (t: string): string => t.replace(/\|/g, '\\|');
    const lines = [
      `Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu} × ${m.cores} cores, ${m.memoryGB} GB, ${m.host}, node ${m.node}.`,
      `Load average before each section: ${this.loads.join('; ')}.`,
      '',
      '| section | figure | value | target | met |',
      '|---|---|---:|---|---|',
      ...this.rows.map((r) => `| ${r.section} | ${cell(r.name)} | ${r.value} ${r.unit} | ${cell(r.target)} | ${r.met === undefined ? '' : r.met ? 'met' : '**NOT met**'} |`),
    ];
    return `${lines.join('\n')}\n`;
  }

  /** Writes the figures, notes, load averages and machine to `file` as JSON. */
  writeJson(file: string): void {
    const body = { machine: machine(), loadBeforeSection: this.loads, figures: this.rows, notes: this.notes };
    fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  }
}
