/**
 * Console figures against the real program in a child process: 200 concurrent sessions logging in
 * and running 50 commands each (p50 / p99 round trip), then 16; memory per idle session, and
 * paging a 10,000-line `show config` with `console lines infinity`. The sessions are driven by a
 * separate load-generator process (telnet-client.ts); on a machine with two cores or more the
 * server is pinned to core 0 and the generator to core 1 (taskset), so neither waits for the other.
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hashPassword } from '../../src/config/passwords';
import { RawTelnet } from '../helpers/raw-telnet';
import { repoPath } from '../helpers/paths';
import { threadsCpuMs } from './proc-cpu';
import { startupConfig } from './startup-bench';
import { Report, below, percentile, round } from './report';
import type { ClientJob, ClientResult } from './telnet-client';

const MAIN = repoPath('dist/src/cli/main.js');
const FLOOR = repoPath('dist/test/bench/telnet-floor-server.js');
const CLIENT = repoPath('dist/test/bench/telnet-client.js');
const PASSWORD = 'loginpass';

/** The cores to pin the server and the load generator to, when there are two to spare. */
function cores(): { server: string; client: string } | undefined {
  if (process.env.BENCH_SERVER_CPU !== undefined) return { server: process.env.BENCH_SERVER_CPU, client: process.env.BENCH_CLIENT_CPU ?? '1' };
  if (os.cpus().length < 2) return undefined;
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return { server: '0', client: '1' };
  } catch {
    return undefined; // no taskset (util-linux): not pinned, and the figure says so
  }
}

/** `node ARGS` with piped standard streams, pinned to core `cpu` with taskset, or unpinned when there is none. */
function spawnNode(args: readonly string[], cpu: string | undefined): ChildProcessWithoutNullStreams {
  return cpu === undefined ? spawn(process.execPath, args) : spawn('taskset', ['-c', cpu, process.execPath, ...args]);
}

/**
 * The load generator's own V8 settings: a young generation (64 MB semi-spaces) that the whole run's
 * allocations fit in, so that the generator does not collect garbage while it measures. Profile
 * (issue 13, the generator's collections timed with a PerformanceObserver beside the round trips):
 * with V8's default it made 5-6 scavenges of 2-10 ms in the 200-session phase, each stalling every
 * session's round trip under way at once, which 200 separate telnet clients would not do; the
 * server's work and what each round trip spans are the same.
 */
const GENERATOR_NODE_ARGS: readonly string[] = ['--min-semi-space-size=64', '--max-semi-space-size=64'];

/**
 * Runs the load generator in its own process for `jobs`, one after the other; resolves with what it
 * measured for each. `loggedIn(i)` runs between job i's logins and its commands (to read the
 * server's CPU time there), `done(i)` when job i's result has come.
 */
async function runClient(jobs: readonly ClientJob[], cpu: string | undefined, loggedIn: (i: number) => void, done: (i: number) => void): Promise<ClientResult[]> {
  // BENCH_CLIENT_NODE_ARGS adds node options to the load generator (e.g. to profile it too).
  const args = [...GENERATOR_NODE_ARGS, ...(process.env.BENCH_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean), CLIENT, JSON.stringify(jobs)];
  const child = spawnNode(args, cpu);
  const results: ClientResult[] = [];
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (line === 'logged in') {
        loggedIn(results.length);
        child.stdin.write('go\n');
      } else if (line.startsWith('{')) {
        results.push(JSON.parse(line) as ClientResult);
        done(results.length - 1);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.end();
  if (code !== 0 || results.length !== jobs.length) throw new Error(`the load generator failed (exit ${code}): ${err.slice(-800)}`);
  return results;
}

async function startServer(configText: string, maxSessions: number, cpu: string | undefined): Promise<{ port: number; pid: number | undefined; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-bench-'));
  const conf = path.join(dir, 'sipsh.conf');
  fs.writeFileSync(conf, configText, { mode: 0o600 });
  // BENCH_NODE_ARGS adds node options to the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...nodeArgs, '--expose-gc', MAIN, '--config', conf, '--telnet', '127.0.0.1:0', '--sip-port', '0', '--max-sessions', String(maxSessions), '--no-http'];
  const child = spawnNode(args, cpu);
  let out = '';
  // BENCH_SERVER_LOG=FILE keeps everything the server prints (e.g. with BENCH_NODE_ARGS="--trace-gc --trace-opt").
  const log = process.env.BENCH_SERVER_LOG === undefined ? undefined : fs.createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' });
  const take = (d: Buffer): void => {
    out += d.toString();
    log?.write(d);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const end = Date.now() + 15000;
  while (!/telnet console on \S+:(\d+)/.test(out)) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`sipsh did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(/telnet console on \S+:(\d+)/.exec(out)?.[1]);
  return {
    port,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await new Promise<void>((r) => (log === undefined ? r() : log.end(r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const PROMPT = /RTX1210[>#] $/;

async function login(port: number): Promise<RawTelnet> {
  const c = await RawTelnet.connect(port);
  await c.waitFor(/Password: $/, 0, 30000);
  const m = c.text.length;
  c.send(`${PASSWORD}\r`);
  await c.waitFor(PROMPT, m, 30000);
  return c;
}

/** `n` sessions logged in two at a time: the server admits two connections per address before their password. */
async function loginMany(port: number, n: number): Promise<RawTelnet[]> {
  const out: RawTelnet[] = [];
  let pending = 0;
  const worker = async (): Promise<void> => {
    while (out.length + pending < n) {
      pending++;
      const c = await login(port);
      pending--;
      out.push(c);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

async function command(c: RawTelnet, line: string): Promise<number> {
  const m = c.text.length;
  const t0 = process.hrtime.bigint();
  c.send(`${line}\r`);
  await c.waitFor(PROMPT, m, 30000);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  c.text = ''; // keep memory flat
  return ms;
}

async function heapKb(port: number): Promise<number> {
  const c = await login(port);
  const m = c.text.length;
  c.send('show environment\r');
  const text = await c.waitFor(/heap (\d+) KB[\s\S]*RTX1210> $/, m, 30000);
  c.close();
  return Number(/heap (\d+) KB/.exec(text)?.[1]);
}

/**
 * The same two jobs against telnet-floor-server.ts (a bare Node server answering every line with as
 * many bytes as sipsh's console did, on the server's core): what Node, the loopback and the
 * generator give with this closed loop, read beside the console's round trips. No target.
 */
async function floorFigures(report: Report, bytesPerCommand: number, jobFor: (port: number, sessions: number) => ClientJob, pin: ReturnType<typeof cores>): Promise<void> {
  const child = spawnNode([FLOOR, String(bytesPerCommand), 'RTX1210> '], pin?.server);
  child.stderr.pipe(process.stderr);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`the floor server ended (exit ${code})`)));
    });
    const [many, few] = (await runClient([jobFor(port, 200), jobFor(port, 16)], pin?.client, () => undefined, () => undefined)) as [ClientResult, ClientResult];
    const floor = `floor, a bare Node server with the same traffic (${bytesPerCommand} bytes per command)`;
    report.figure('telnet', `${floor}: 200 sessions round trip p50`, round(percentile(many.times, 50), 2), 'ms');
    report.figure('telnet', `${floor}: 200 sessions round trip p99`, round(percentile(many.times, 99), 2), 'ms');
    report.figure('telnet', `${floor}: 16 sessions round trip p50`, round(percentile(few.times, 50), 2), 'ms');
    report.figure('telnet', `${floor}: 16 sessions round trip p99`, round(percentile(few.times, 99), 2), 'ms');
  } finally {
    child.kill('SIGTERM');
  }
}

/** Registers the console figures with `report`. */
export async function telnetBench(report: Report): Promise<void> {
  const pin = cores();
  report.note('telnet', pin ? `server pinned to core ${pin.server}, load generator (a separate process) to core ${pin.client}` : 'not pinned (one core, or no taskset): server and load generator share the cores');
  const base = [`login password encrypted ${hashPassword(PASSWORD)}`, 'console prompt RTX1210', ''].join('\n');
  const server = await startServer(base, 250, pin?.server);
  try {
    const commands = (process.env.BENCH_COMMANDS ?? 'show status analog,show status sip server,sh conf | grep prompt,show command,help').split(',');
    const job = (sessions: number): ClientJob => ({ port: server.port, sessions, password: PASSWORD, prompt: PROMPT.source, setup: ['console lines infinity'], commands, perSession: 50 });
    // One generator process runs both jobs (see telnet-client.ts); the server's CPU time is read
    // after each job's logins and after its commands.
    const cpu: Array<number | undefined> = [];
    const [many, few] = (await runClient(
      [job(200), job(16)],
      pin?.client,
      (i) => (cpu[2 * i] = threadsCpuMs(server.pid)),
      (i) => (cpu[2 * i + 1] = threadsCpuMs(server.pid)),
    )) as [ClientResult, ClientResult];
    const [cpu0, cpu1, cpu2, cpu3] = cpu;
    report.figure('telnet', '200 logins, two at a time as the per-address guard admits (scrypt-checked password)', round(many.loginMs), 'ms');
    report.figure('telnet', '200 sessions x 50 commands: wall time', round(many.wallMs), 'ms');
    report.figure('telnet', '200 sessions x 50 commands: commands per second', round(many.times.length / (many.wallMs / 1000)), 'commands/s');
    report.figure('telnet', '200 sessions x 50 commands: round trip p50', round(percentile(many.times, 50), 2), 'ms');
    report.figure('telnet', '200 sessions x 50 commands: round trip p99', round(percentile(many.times, 99), 2), 'ms', below(20), many.times.length === 200 * 50);

    // The default session limit (16): the latency a console user sees.
    if (cpu0 !== undefined && cpu1 !== undefined) report.figure('telnet', '200 sessions x 50 commands: server CPU per command (/proc, whatever else runs)', round(((cpu1 - cpu0) * 1000) / many.times.length), 'us');
    if (cpu2 !== undefined && cpu3 !== undefined) report.figure('telnet', '16 sessions x 50 commands: server CPU per command', round(((cpu3 - cpu2) * 1000) / few.times.length), 'us');
    report.figure('telnet', '16 sessions x 50 commands: round trip p50', round(percentile(few.times, 50), 2), 'ms');
    report.figure('telnet', '16 sessions x 50 commands: round trip p99', round(percentile(few.times, 99), 2), 'ms', below(3), few.times.length === 16 * 50);
    report.note('telnet', `${Math.round(many.bytes / many.times.length)} bytes of output per command on average`);
    for (const [line, t] of Object.entries(many.byCommand)) report.note('telnet', `  200 sessions, "${line}": p50 ${round(percentile(t, 50), 2)} ms, p99 ${round(percentile(t, 99), 2)} ms; 16 sessions: p50 ${round(percentile(few.byCommand[line] ?? [], 50), 2)} ms, p99 ${round(percentile(few.byCommand[line] ?? [], 99), 2)} ms`);

    await new Promise((r) => setTimeout(r, 300));
    const before = await heapKb(server.port);
    const idle = await loginMany(server.port, 200);
    const after = await heapKb(server.port);
    const perSession = ((after - before) * 1024) / 200;
    report.figure('telnet', 'memory per idle session (server heap)', round(perSession / 1024, 1), 'KB', below(100));
    for (const c of idle) c.close();
    await floorFigures(report, Math.round(many.bytes / many.times.length), (port, sessions) => ({ ...job(sessions), port }), pin);
  } finally {
    await server.stop();
  }

  // `sip use off` heads the big configuration: no engine runs, nothing is sent.
  const big = await startServer(`${base}${startupConfig(10_000)}`, 16, pin?.server);
  try {
    const c = await login(big.port);
    await command(c, 'console lines infinity');
    const m = c.text.length;
    const t0 = process.hrtime.bigint();
    c.send('show config\r');
    const text = await c.waitFor(/RTX1210> $/, m, 60000);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const lines = text.split('\r\n').length;
    report.figure('telnet', `page a ${lines - 2}-line show config (console lines infinity)`, Math.round(ms), 'ms');
    c.close();
  } finally {
    await big.stop();
  }
}
