/**
 * Registration figures against one Kamailio on loopback: N = 1,000 and 10,000 configured servers
 * (distinct users) registering at once; time until all are registered (learnt from the engine's
 * registration events, not by polling its status), REGISTER transactions per second, CPU per
 * transaction, heap per registration; SIPp registering the same users in the same run; and the
 * time `show status sip server` takes for the 10,000 registered servers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { SipEngine } from '../../src/sip/engine';
import { buildShell } from '../../src/shell/build';
import { QuietSession } from '../../src/shell/shell';
import { SystemClock } from '../../src/util/clock';
import { Kamailio } from '../helpers/kamailio';
import { SCENARIOS, Sipp } from '../helpers/sipp';
import { Report, atLeast, below, heapUsed, percentile, round, timeAsync } from './report';

const KPORT = 15610;
const user = (i: number): string => `u${String(i).padStart(5, '0')}`;

/** What sipsh's run measured, for the ratio to SIPp. */
interface SipshRun {
  readonly rate: number;
}

async function sipshRegisters(n: number, report: Report): Promise<SipshRun> {
  const clock = new SystemClock();
  const engine = new SipEngine({ clock, port: 0, log: () => undefined });
  await engine.start();
  const config = emptyConfig();
  for (let i = 1; i <= n; i++) {
    config.servers.set(i, { n: i, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KPORT }, register: true, transport: 'udp', sipAddress: `sip:${user(i)}@example.test`, user: user(i), password: `pw${i}`, name: undefined });
  }
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
  const cpu0 = process.cpuUsage();
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
  unsubscribe();
  // Steady state: completed transactions linger for Timer K (T4 = 5 s) before they are freed.
  await new Promise((r) => setTimeout(r, 5500));
  const heap = heapUsed() - heap0;
  const transactions = 2 * n; // REGISTER → 401, REGISTER with credentials → 200
  const rate = transactions / (ms / 1000);
  const cpuUs = (cpu.user + cpu.system) / transactions;
  report.figure('registration', `sipsh: ${n} servers registered`, round(ms), 'ms');
  report.figure('registration', `sipsh: REGISTER transactions per second (N=${n})`, round(rate), 'tx/s');
  report.figure('registration', `sipsh: CPU per REGISTER transaction (N=${n}; ${round((cpu.user + cpu.system) / 1e6, 2)} s in all)`, round(cpuUs, 1), 'us', below(60));
  report.figure('registration', `sipsh: heap per registration (N=${n})`, round(heap / n / 1024, 2), 'KB', below(3));

  if (n === 10_000) {
    // `show status sip server` through the interpreter, as a console user runs it: the first run
    // (cold: nothing compiled for it yet) carries the target; four more show the warm figure.
    const shell = buildShell({ sip: engine, clock });
    shell.store.config = config;
    const runs: Array<{ ms: number; session: QuietSession }> = [];
    for (let i = 0; i < 5; i++) {
      const session = new QuietSession('user');
      const ms = await timeAsync(() => shell.interpreter.execute('show status sip server', session, shell, 0).then(() => undefined));
      runs.push({ ms, session });
    }
    const first = runs[0] as { ms: number; session: QuietSession };
    const blocks = first.session.output.filter((l) => l.startsWith('SIP server ')).length;
    const up = first.session.output.filter((l) => /^\s*State:\s+registered$/.test(l)).length;
    report.figure('registration', `show status sip server for ${n} servers, first run (${first.session.output.length} lines, ${up} registered)`, round(first.ms, 1), 'ms', below(50), blocks === n);
    report.figure('registration', 'show status sip server, the same, median of 4 more runs', round(percentile(runs.slice(1).map((r) => r.ms), 50), 1), 'ms');
  }
  await engine.stop(3000);
  return { rate };
}

async function sippRegisters(n: number, report: Report): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-bench-sipp-'));
  const csv = path.join(dir, 'users.csv');
  fs.writeFileSync(csv, `SEQUENTIAL\n${Array.from({ length: n }, (_, k) => `${user(k + 1)};[authentication username=${user(k + 1)} password=pw${k + 1}]`).join('\n')}\n`);
  let rc: number | null = null;
  let ok = NaN;
  let failed = NaN;
  const ms = await timeAsync(async () => {
    const s = Sipp.start([`127.0.0.1:${KPORT}`, '-sf', path.join(SCENARIOS, 'bench-register.xml'), '-inf', csv, '-i', '127.0.0.1', '-p', '25610', '-t', 'u1', '-m', String(n), '-r', '100000', '-l', '128', '-timeout', '120s']);
    rc = await s.wait(150_000);
    const out = s.output();
    ok = Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out)?.[1] ?? NaN);
    failed = Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out)?.[1] ?? NaN);
    if (failed > 0) report.note('registration', `SIPp errors: ${fs.existsSync(path.join(s.dir, 'errors.log')) ? fs.readFileSync(path.join(s.dir, 'errors.log'), 'utf8').slice(0, 400) : '(no error log)'}`);
    s.cleanup();
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const rate = (2 * n) / (ms / 1000);
  report.figure('registration', `SIPp: ${n} users, at most 128 at once like sipsh (exit ${rc}; ${ok} registered, ${failed} failed)`, Math.round(ms), 'ms');
  report.figure('registration', `SIPp: REGISTER transactions per second (N=${n})`, Math.round(rate), 'tx/s');
  return rate;
}

export async function registrationBench(report: Report): Promise<void> {
  const users: Array<[string, string]> = Array.from({ length: 10_000 }, (_, k) => [user(k + 1), `pw${k + 1}`]);
  const k = await Kamailio.start(KPORT, { users, extraArgs: '-A MAX_EXPIRES=3600' });
  try {
    for (const n of [1000, 10_000]) {
      const ours = await sipshRegisters(n, report);
      const theirs = await sippRegisters(n, report);
      const ratio = ours.rate / theirs;
      report.figure('registration', `sipsh / SIPp REGISTER transaction rate (N=${n})`, round(ratio, 2), 'x', atLeast(1.2));
    }
  } finally {
    await k.stop();
    k.cleanup();
  }
}
