/**
 * One sipsh registration run in a process of its own (started by registration-bench.ts, like
 * SIPp is): N configured servers registering at once to the Kamailio on PORT. Every run starts
 * cold, so the first and the last of the repeated runs measure the same thing. Prints one JSON
 * line (`RunResult`) on stdout.
 *
 * Usage: node --expose-gc registration-run.js N PORT [KAMAILIO_PID]
 *
 * With Kamailio's main PID it also reads the lab's CPU (its main process and workers) over the
 * same window as sipsh's own.
 *
 * It runs with the V8 flags the sipsh program sets for itself (src/cli/v8-flags.ts, imported
 * first like main.ts does), so it measures the engine as `npm start` runs it.
 */
import '../../src/cli/v8-flags';
import { Config, emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { SipEngine } from '../../src/sip/engine';
import { buildShell } from '../../src/shell/build';
import { QuietSession } from '../../src/shell/shell';
import { SystemClock } from '../../src/util/clock';
import { mainThreadCpuMs, treeCpuMs } from './proc-cpu';
import { heapUsed, percentile, timeAsync } from './report';

/** What one run measured. */
export interface RunResult {
  readonly ms: number;
  /** User + system CPU of the process while the servers registered, in microseconds. */
  readonly cpuUs: number;
  /**
   * The main thread's part of cpuUs (sipsh's JavaScript, the collector's main-thread work), when
   * /proc can be read; the rest is V8's helper threads, mostly the optimising compiler (round 10:
   * ~170 of ~400 ms at N=1,000, where the whole run is a warm-up).
   */
  readonly mainCpuUs?: number;
  /** Kamailio's CPU (main process and workers) over the same window, when its PID was given. */
  readonly kamailioCpuUs?: number;
  readonly heapBytes: number;
  /** `show status sip server`, first (cold) run and the median of four more; only for N = 10,000. */
  readonly status?: { readonly firstMs: number; readonly warmMs: number; readonly lines: number; readonly blocks: number; readonly registered: number };
}

export const benchUser = (i: number): string => `u${String(i).padStart(5, '0')}`;

/** A configuration of N servers, user i registering as benchUser(i) with password `pw<i>` to 127.0.0.1:PORT over UDP. */
export function benchConfig(n: number, port: number): Config {
  const config = emptyConfig();
  for (let i = 1; i <= n; i++) {
    config.servers.set(i, { n: i, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port }, register: true, transport: 'udp', sipAddress: `sip:${benchUser(i)}@example.test`, user: benchUser(i), password: `pw${i}`, name: undefined });
  }
  return config;
}

async function run(n: number, port: number, kamailioPid: number | undefined): Promise<RunResult> {
  const clock = new SystemClock();
  const engine = new SipEngine({ clock, port: 0, log: () => undefined });
  await engine.start();
  const config = benchConfig(n, port);
  // Done when every server has reported `registered`; a failure is kept for the error message.
  const registered = new Set<number>();
  let lastFailure = '';
  let allUp: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allUp = resolve));
  const unsubscribe = engine.onRegistration((e) => {
    if (e.kind === 'registered') {
      registered.add(e.n);
      if (registered.size === n) allUp();
    } else if (e.kind === 'failed') lastFailure = `server ${e.n}: ${e.code ?? ''} ${e.reason}`;
  });
  const heap0 = heapUsed();
  const main0 = mainThreadCpuMs();
  const cpu0 = process.cpuUsage();
  const kamailio0 = treeCpuMs(kamailioPid);
  const ms = await timeAsync(async () => {
    engine.apply(sipSettings(config));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${registered.size} of ${n} registered after 120 s; last failure: ${lastFailure || 'none'}`)), 120_000);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  });
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpuMs();
  const kamailio1 = treeCpuMs(kamailioPid);
  const kamailioCpuUs = kamailio0 === undefined || kamailio1 === undefined ? undefined : (kamailio1 - kamailio0) * 1000;
  unsubscribe();
  // Steady state: completed transactions linger for Timer K (T4 = 5 s) before they are freed.
  await new Promise((r) => setTimeout(r, 5500));
  const heapBytes = heapUsed() - heap0;

  let status: RunResult['status'];
  if (n === 10_000) {
    // `show status sip server` through the interpreter, as a console user runs it: the first run
    // (cold: nothing compiled for it yet) carries the target; four more show the warm figure.
    const shell = buildShell({ sip: engine, clock });
    shell.store.config = config;
    const runs: Array<{ ms: number; session: QuietSession }> = [];
    for (let i = 0; i < 5; i++) {
      const session = new QuietSession('user');
      const t = await timeAsync(() => shell.interpreter.execute('show status sip server', session, shell, 0).then(() => undefined));
      runs.push({ ms: t, session });
    }
    const first = runs[0] as { ms: number; session: QuietSession };
    status = {
      firstMs: first.ms,
      warmMs: percentile(runs.slice(1).map((r) => r.ms), 50),
      lines: first.session.output.length,
      blocks: first.session.output.filter((l) => l.startsWith('SIP server ')).length,
      registered: first.session.output.filter((l) => /^\s*State:\s+registered$/.test(l)).length,
    };
  }
  await engine.stop(3000);
  const mainCpuUs = main0 === undefined || main1 === undefined ? undefined : (main1 - main0) * 1000;
  return { ms, cpuUs: cpu.user + cpu.system, mainCpuUs, kamailioCpuUs, heapBytes, status };
}

if (require.main === module) {
  const [n, port, kamailioPid] = process.argv.slice(2).map(Number);
  if (!Number.isInteger(n) || !Number.isInteger(port)) {
    process.stderr.write('usage: registration-run N PORT [KAMAILIO_PID]\n');
    process.exit(2);
  }
  run(n as number, port as number, Number.isInteger(kamailioPid) ? kamailioPid : undefined).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
