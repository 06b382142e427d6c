/**
 * Registration figures against one Kamailio on loopback: N = 1,000 and 10,000 configured servers
 * (distinct users) registering at once; time until all are registered, REGISTER transactions per
 * second, CPU seconds, heap per registration; and SIPp registering the same users in the same run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { SipEngine } from '../../src/sip/engine';
import { SystemClock } from '../../src/util/clock';
import { Kamailio } from '../helpers/kamailio';
import { SCENARIOS, Sipp } from '../helpers/sipp';
import { Report, heapUsed, timeAsync } from './report';

const KPORT = 15610;
const user = (i: number): string => `u${String(i).padStart(5, '0')}`;

async function sipshRegisters(n: number, report: Report): Promise<number> {
  const clock = new SystemClock();
  const engine = new SipEngine({ clock, port: 0, log: () => undefined });
  await engine.start();
  const config = emptyConfig();
  for (let i = 1; i <= n; i++) {
    config.servers.set(i, { n: i, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KPORT }, register: true, transport: 'udp', sipAddress: `sip:${user(i)}@example.test`, user: user(i), password: `pw${i}`, name: undefined });
  }
  const heap0 = heapUsed();
  const cpu0 = process.cpuUsage();
  const ms = await timeAsync(async () => {
    engine.apply(sipSettings(config));
    const end = Date.now() + 120_000;
    for (;;) {
      const states = engine.servers();
      const done = states.filter((s) => s.state === 'registered').length;
      if (done === n) break;
      if (Date.now() > end) throw new Error(`${done} of ${n} registered after 120 s; e.g. ${JSON.stringify(states.find((s) => s.state !== 'registered'))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  const cpu = process.cpuUsage(cpu0);
  // Steady state: completed transactions linger for Timer K (T4 = 5 s) before they are freed.
  await new Promise((r) => setTimeout(r, 5500));
  const heap = heapUsed() - heap0;
  const rate = (2 * n) / (ms / 1000);
  report.figure('registration', `sipsh: ${n} servers registered`, Math.round(ms), 'ms');
  report.figure('registration', `sipsh: REGISTER transactions per second (N=${n})`, Math.round(rate), 'tx/s');
  report.figure('registration', `sipsh: CPU (N=${n})`, Math.round((cpu.user + cpu.system) / 1e4) / 100, 's');
  report.figure('registration', `sipsh: heap per registration (N=${n})`, Math.round(heap / n / 10.24) / 100, 'KB', '< 6', heap / n < 6 * 1024);
  await engine.stop(3000);
  return rate;
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
      const ratio = ours / theirs;
      report.figure('registration', `sipsh / SIPp rate (N=${n})`, Math.round(ratio * 100) / 100, 'x', '>= 0.7', ratio >= 0.7);
    }
  } finally {
    await k.stop();
    k.cleanup();
  }
}
