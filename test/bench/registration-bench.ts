/**
 * Registration figures against one Kamailio on loopback: N = 1,000 and 10,000 configured servers
 * (distinct users) registering at once; time until all are registered (learnt from the engine's
 * registration events, not by polling its status), REGISTER transactions per second, CPU per
 * transaction, heap per registration; SIPp registering the same users in the same run; and the
 * time `show status sip server` takes for the 10,000 registered servers.
 *
 * sipsh runs in a process of its own (registration-run.ts), cold every time, as SIPp does; the
 * floor (registration-floor.ts: a bare Node UDP client with the same exchanges, printed without a
 * target) shows what Node and the kernel cost here. The three alternate for ROUNDS rounds and each
 * figure is the median, with the range beside it: on two cores shared with Kamailio a single pair
 * swung 0.4-1.7x (see docs/benchmarks.md).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { Kamailio } from '../helpers/kamailio';
import { SCENARIOS, Sipp } from '../helpers/sipp';
import { RunResult, benchUser as user } from './registration-run';
import { FloorResult } from './registration-floor';
import { treeCpuMs } from './proc-cpu';
import { Report, atLeast, below, percentile, round, timeAsync } from './report';

/** Kamailio's port; SIPSH_BENCH_KPORT moves it (and SIPp's, 10,000 above) so two runs on one machine do not collide. */
const KPORT = Number(process.env.SIPSH_BENCH_KPORT ?? 15610);
const ROUNDS = 3;
const run = promisify(execFile);

/** One sipsh run in its own process. */
async function sipshRun(n: number, kamailioPid: number | undefined): Promise<RunResult> {
  const { stdout } = await run(process.execPath, ['--expose-gc', path.join(__dirname, 'registration-run.js'), String(n), String(KPORT), String(kamailioPid ?? '')], { timeout: 180_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as RunResult;
}

/**
 * One run of the floor (registration-floor.ts): a bare Node UDP client with the same exchanges,
 * users, pacing and Kamailio, in its own fresh process like sipsh's.
 */
async function floorRun(n: number): Promise<FloorResult> {
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'registration-floor.js'), String(n), String(KPORT)], { timeout: 180_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as FloorResult;
}

const median = (xs: readonly number[]): number => percentile(xs, 50);
/** REGISTER transactions per second of a run of N users in `ms` (REGISTER -> 401, REGISTER with credentials -> 200). */
const txPerSecond = (n: number, ms: number): number => (2 * n) / (ms / 1000);
/** Each round's rate of `runs` over SIPp's rate in the same round. */
const pairRatios = (n: number, runs: readonly { readonly ms: number }[], theirs: readonly SippRun[]): number[] => runs.map((r, i) => txPerSecond(n, r.ms) / (theirs[i]?.rate ?? NaN));
/** Every round's value of a figure, for its label beside the median. */
const spread = (xs: readonly number[], digits = 0): string => `${ROUNDS} rounds: ${xs.map((x) => round(x, digits)).join(', ')}`;

function sipshFigures(n: number, runs: readonly RunResult[], report: Report): number {
  const transactions = 2 * n; // REGISTER → 401, REGISTER with credentials → 200
  const ms = runs.map((r) => r.ms);
  const rates = runs.map((r) => txPerSecond(n, r.ms));
  const cpu = runs.map((r) => r.cpuUs / transactions);
  const heap = runs.map((r) => r.heapBytes / n / 1024);
  report.figure('registration', `sipsh: ${n} servers registered (median; ${spread(ms)})`, round(median(ms)), 'ms');
  report.figure('registration', `sipsh: REGISTER transactions per second (N=${n}; ${spread(rates)})`, round(median(rates)), 'tx/s');
  report.figure('registration', `sipsh: CPU per REGISTER transaction, fresh process (N=${n}; ${spread(cpu, 1)})`, round(median(cpu), 1), 'us', below(60));
  // Where the CPU went: the main thread (sipsh's JavaScript) and the rest, V8's helper threads,
  // mostly the optimising compiler, whose work is the same at any N (round 10: ~170 ms of a
  // ~400 ms N=1,000 window, ~430 ms at N=10,000, most of sipsh's fixed cost).
  const main = runs.map((r) => (r.mainCpuUs ?? NaN) / transactions);
  report.figure('registration', `sipsh: of which the main thread, the rest V8's compiler and GC helper threads (N=${n}; ${spread(main, 1)})`, round(median(main), 1), 'us');
  report.figure('registration', `sipsh: heap per registration (N=${n}; ${spread(heap, 2)})`, round(median(heap), 2), 'KB', below(3));
  const status = runs.map((r) => r.status).filter((s): s is NonNullable<RunResult['status']> => s !== undefined);
  const first = status[0];
  if (first !== undefined) {
    const firsts = status.map((s) => s.firstMs);
    report.figure('registration', `show status sip server, ${n} servers, first run (${first.lines} lines, ${first.registered} up; ${spread(firsts, 1)})`, round(median(firsts), 1), 'ms', below(50), status.every((s) => s.blocks === n));
    report.figure('registration', 'show status sip server, the same, warm (median of 4 more runs per process)', round(median(status.map((s) => s.warmMs)), 1), 'ms');
  }
  return median(rates);
}

/** One SIPp run of the same users: its REGISTER transactions per second, wall time and CPU per transaction. */
interface SippRun {
  readonly rate: number;
  readonly ms: number;
  readonly cpuUs: number;
  /** Kamailio's CPU per transaction while SIPp ran. */
  readonly kamailioCpuUs: number;
  readonly label: string;
}


async function sippRun(n: number, kamailioPid: number | undefined, report: Report): Promise<SippRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-bench-sipp-'));
  const csv = path.join(dir, 'users.csv');
  fs.writeFileSync(csv, `SEQUENTIAL\n${Array.from({ length: n }, (_, k) => `${user(k + 1)};[authentication username=${user(k + 1)} password=pw${k + 1}]`).join('\n')}\n`);
  let rc: number | null = null;
  let ok = NaN;
  let failed = NaN;
  let cpuS = NaN;
  const kamailio0 = treeCpuMs(kamailioPid) ?? NaN;
  let kamailio1 = NaN;
  const ms = await timeAsync(async () => {
    const s = Sipp.start([`127.0.0.1:${KPORT}`, '-sf', path.join(SCENARIOS, 'bench-register.xml'), '-inf', csv, '-i', '127.0.0.1', '-p', String(KPORT + 10_000), '-t', 'u1', '-m', String(n), '-r', '100000', '-l', '128', '-timeout', '120s'], { traceMessages: false, cpuTimes: true });
    rc = await s.wait(150_000);
    kamailio1 = treeCpuMs(kamailioPid) ?? NaN;
    const out = s.output();
    ok = Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out)?.[1] ?? NaN);
    failed = Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out)?.[1] ?? NaN);
    cpuS = s.cpuSeconds();
    if (failed > 0) report.note('registration', `SIPp errors: ${fs.existsSync(path.join(s.dir, 'errors.log')) ? fs.readFileSync(path.join(s.dir, 'errors.log'), 'utf8').slice(0, 400) : '(no error log)'}`);
    s.cleanup();
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return { rate: txPerSecond(n, ms), ms, cpuUs: (cpuS * 1e6) / (2 * n), kamailioCpuUs: ((kamailio1 - kamailio0) * 1000) / (2 * n), label: `exit ${rc}, ${ok} registered, ${failed} failed` };
}

export async function registrationBench(report: Report): Promise<void> {
  const users: Array<[string, string]> = Array.from({ length: 10_000 }, (_, k) => [user(k + 1), `pw${k + 1}`]);
  const k = await Kamailio.start(KPORT, { users, extraArgs: '-A MAX_EXPIRES=3600' });
  try {
    for (const n of [1000, 10_000]) {
      // Alternating, so that a slow moment of the machine or of Kamailio falls on both sides.
      const ours: RunResult[] = [];
      const theirs: SippRun[] = [];
      const floors: FloorResult[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        ours.push(await sipshRun(n, k.pid));
        theirs.push(await sippRun(n, k.pid, report));
        floors.push(await floorRun(n));
      }
      const ourRate = sipshFigures(n, ours, report);
      const sippMs = theirs.map((t) => t.ms);
      const sippRates = theirs.map((t) => t.rate);
      report.note('registration', `SIPp runs (N=${n}): ${theirs.map((t) => t.label).join(' / ')}`);
      report.figure('registration', `SIPp: ${n} users, at most 128 at once like sipsh (median; ${spread(sippMs)})`, round(median(sippMs)), 'ms');
      report.figure('registration', `SIPp: REGISTER transactions per second (N=${n}; ${spread(sippRates)})`, round(median(sippRates)), 'tx/s');
      const sippCpu = theirs.map((t) => t.cpuUs);
      report.figure('registration', `SIPp: CPU per REGISTER transaction (N=${n}; ${spread(sippCpu, 1)})`, round(median(sippCpu), 1), 'us');
      // What Node and the kernel cost for the same exchanges at the same pace, without sipsh.
      const floorCpu = floors.map((f) => f.cpuUs / (2 * n));
      const floorMs = floors.map((f) => f.ms);
      const resent = floors.reduce((sum, f) => sum + f.resent, 0);
      if (resent > 0) report.note('registration', `floor (N=${n}): ${resent} REGISTERs sent again after 500 ms over ${ROUNDS} rounds`);
      report.figure('registration', `floor, a bare Node UDP client with the same exchanges: ${n} users registered (median; ${spread(floorMs)})`, round(median(floorMs)), 'ms');
      report.figure('registration', `floor: CPU per REGISTER transaction (N=${n}; ${spread(floorCpu, 1)})`, round(median(floorCpu), 1), 'us');
      // The floor's rate as sipsh's is computed, beside SIPp's: what the rate target's 1.2x
      // would ask of a client with nothing but Node's dgram and the digest (no target).
      const floorRates = floors.map((f) => txPerSecond(n, f.ms));
      report.figure('registration', `floor: REGISTER transactions per second (N=${n}; ${spread(floorRates)})`, round(median(floorRates)), 'tx/s');
      // The registrar's own cost per transaction beside each client's: when it is several times
      // theirs, the lab's Kamailio (db_text credentials, a linear scan per check) sets both rates.
      const kamOurs = ours.map((o) => (o.kamailioCpuUs ?? NaN) / (2 * n));
      const kamTheirs = theirs.map((t) => t.kamailioCpuUs);
      report.figure('registration', `Kamailio: CPU per transaction while sipsh registered (N=${n}; ${spread(kamOurs, 1)})`, round(median(kamOurs), 1), 'us');
      report.figure('registration', `Kamailio: CPU per transaction while SIPp registered (N=${n}; ${spread(kamTheirs, 1)})`, round(median(kamTheirs), 1), 'us');
      const ratios = pairRatios(n, ours, theirs);
      report.figure('registration', `sipsh / SIPp REGISTER rate, medians (N=${n}; pairs: ${ratios.map((r) => round(r, 2)).join(', ')})`, round(ourRate / median(sippRates), 2), 'x', atLeast(1.2));
      const floorRatios = pairRatios(n, floors, theirs);
      report.figure('registration', `floor / SIPp REGISTER rate, medians (N=${n}; pairs: ${floorRatios.map((r) => round(r, 2)).join(', ')})`, round(median(floorRates) / median(sippRates), 2), 'x');
    }
  } finally {
    await k.stop();
    k.cleanup();
  }
}
