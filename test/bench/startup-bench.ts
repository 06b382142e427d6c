/**
 * Start-up figures: from spawning `node dist/src/cli/main.js` to its telnet port accepting a
 * connection, with an empty configuration and with a 10,000-line one (`sip use off`: no engine, no
 * traffic), printed beside Kamailio's start-up (test/helpers/kamailio.ts) measured in the same run.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Kamailio } from '../helpers/kamailio';
import { repoPath } from '../helpers/paths';
import { Report, below, percentile, round, timeAsync } from './report';

const MAIN = repoPath('dist/src/cli/main.js');
const TELNET_PORT = 38001;
const SIP_PORT = 38002;
const KAMAILIO_PORT = 38010;
const RUNS = 5;

/**
 * A `lines`-line configuration of what the grammar offers in bulk: SIP servers (on loopback, and
 * `sip use off` so nothing is sent), their dial prefixes, phone book entries and static names.
 */
export function startupConfig(lines: number): string {
  const out: string[] = ['sip use off'];
  for (let i = 1; out.length < lines; i++) {
    out.push(`sip server ${i} 127.0.0.1:${15000 + (i % 1000)} register udp sip:user${i}@sipsh.test user${i} secret${i} name=s${i}`);
    out.push(`analog extension dial prefix sip server=${i} prefix="${i}#"`);
    if (i <= 1000) out.push(`analog extension sip address ${i} ${1000 + i} sip:peer${i}@sipsh.test server=${i}`);
    if (i <= 1000) out.push(`dns static a host${i}.sipsh.test 127.0.0.${(i % 250) + 1}`);
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** Resolves once a TCP connection to 127.0.0.1:`port` is accepted; retries every 2 ms. */
async function connected(port: number, child: { exitCode: number | null }, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (child.exitCode !== null) throw new Error(`sipsh exited with ${child.exitCode} before listening`);
    if (Date.now() > deadline) throw new Error(`sipsh did not listen on ${port} in time`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Milliseconds from spawning sipsh on `conf` to its telnet port accepting; stops it after. */
async function sipshStart(conf: string): Promise<number> {
  const args = [MAIN, '--config', conf, '--telnet', `127.0.0.1:${TELNET_PORT}`, '--sip-port', String(SIP_PORT), '--no-http'];
  let out = '';
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await connected(TELNET_PORT, child, Date.now() + 20_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e instanceof Error ? e.message : String(e)}: ${out.slice(-400)}`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

/** Median and worst of `RUNS` start-ups on the configuration `text`. */
async function sipshRuns(text: string): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-bench-start-'));
  const conf = path.join(dir, 'sipsh.conf');
  fs.writeFileSync(conf, text, { mode: 0o600 });
  try {
    // Every line must load: a line the grammar refused would be a line of work not measured.
    const check = execFileSync(process.execPath, [MAIN, 'check', conf], { encoding: 'utf8' });
    if (!/: OK\s*$/.test(check)) throw new Error(`the configuration does not load cleanly: ${check.slice(0, 400)}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await sipshStart(conf));
    return times;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Registers the start-up figures with `report`. */
export async function startupBench(report: Report): Promise<void> {
  const empty = await sipshRuns('');
  report.figure('startup', `sipsh, empty configuration: spawn to telnet accepting (median of ${RUNS})`, round(percentile(empty, 50)), 'ms', below(300));
  report.figure('startup', 'sipsh, empty configuration: slowest run', round(Math.max(...empty)), 'ms');
  const text = startupConfig(10_000);
  const big = await sipshRuns(text);
  report.figure('startup', `sipsh, 10,000-line configuration: spawn to telnet accepting (median of ${RUNS})`, round(percentile(big, 50)), 'ms', below(600));
  report.figure('startup', 'sipsh, 10,000-line configuration: slowest run', round(Math.max(...big)), 'ms');

  // Kamailio in the same run: lab.sh start returns once its UDP and TCP sockets are bound.
  const kam: number[] = [];
  for (let i = 0; i < 3; i++) {
    let k: Kamailio | undefined;
    kam.push(
      await timeAsync(async () => {
        k = await Kamailio.start(KAMAILIO_PORT);
      }),
    );
    if (k) {
      await k.stop();
      k.cleanup();
    }
  }
  report.figure('startup', 'Kamailio (lab.sh start to sockets bound, median of 3)', round(percentile(kam, 50)), 'ms');
}
