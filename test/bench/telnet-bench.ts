/**
 * Console figures against the real program in a child process: 200 concurrent sessions logging in
 * and running 50 commands each (p50 / p99 round trip), memory per idle session, and paging a
 * 10,000-line `show config` with `console lines infinity`.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hashPassword } from '../../src/config/passwords';
import { RawTelnet } from '../helpers/raw-telnet';
import { repoPath } from '../helpers/paths';
import { bigConfig } from './grammar-bench';
import { Report, percentile, timeAsync } from './report';

const MAIN = repoPath('dist/src/cli/main.js');

async function startServer(configText: string, maxSessions: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-bench-'));
  const conf = path.join(dir, 'sipsh.conf');
  fs.writeFileSync(conf, configText, { mode: 0o600 });
  // BENCH_NODE_ARGS adds node options to the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...nodeArgs, '--expose-gc', MAIN, '--config', conf, '--telnet', '127.0.0.1:0', '--sip-port', '0', '--max-sessions', String(maxSessions), '--no-http'];
  // BENCH_SERVER_CPU=0 pins the server to that core (taskset), e.g. with the benchmark itself on another.
  const cpu = process.env.BENCH_SERVER_CPU;
  const child = cpu === undefined ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn('taskset', ['-c', cpu, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 15000;
  while (!/telnet console on \S+:(\d+)/.test(out)) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`sipsh did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(/telnet console on \S+:(\d+)/.exec(out)?.[1]);
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const PROMPT = /RTX1210[>#] $/;

async function login(port: number): Promise<RawTelnet> {
  const c = await RawTelnet.connect(port);
  await c.waitFor(/Password: $/, 0, 30000);
  const m = c.text.length;
  c.send('loginpass\r');
  await c.waitFor(PROMPT, m, 30000);
  return c;
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

export async function telnetBench(report: Report): Promise<void> {
  const base = [`login password encrypted ${hashPassword('loginpass')}`, 'console prompt RTX1210', ''].join('\n');
  const server = await startServer(base, 250);
  try {
    const commands = (process.env.BENCH_COMMANDS ?? 'show status analog,show status sip server,sh conf | grep prompt,show command,help').split(',');
    const times: number[] = [];
    let sessions: RawTelnet[] = [];
    const loginMs = await timeAsync(async () => {
      sessions = await Promise.all(Array.from({ length: 200 }, () => login(server.port)));
    });
    report.figure('telnet', '200 concurrent logins (scrypt-checked password)', Math.round(loginMs), 'ms');
    const wall = await timeAsync(async () => {
      await Promise.all(
        sessions.map(async (c) => {
          await command(c, 'console lines infinity');
          for (let i = 0; i < 50; i++) times.push(await command(c, commands[i % commands.length] as string));
          c.close();
        }),
      );
    });
    report.figure('telnet', '200 sessions x 50 commands: wall time', Math.round(wall), 'ms');
    report.figure('telnet', 'commands per second (all sessions)', Math.round(times.length / (wall / 1000)), 'commands/s');
    report.figure('telnet', 'command round trip p50', Math.round(percentile(times, 50) * 10) / 10, 'ms');
    report.figure('telnet', 'command round trip p99', Math.round(percentile(times, 99) * 10) / 10, 'ms', '< 20', percentile(times, 99) < 20);

    // The same with the default session limit (16), for the latency a console user sees.
    const few = await Promise.all(Array.from({ length: 16 }, () => login(server.port)));
    const fewTimes: number[] = [];
    await Promise.all(
      few.map(async (c) => {
        await command(c, 'console lines infinity');
        for (let i = 0; i < 50; i++) fewTimes.push(await command(c, commands[i % commands.length] as string));
        c.close();
      }),
    );
    report.figure('telnet', '16 sessions x 50 commands: round trip p50', Math.round(percentile(fewTimes, 50) * 10) / 10, 'ms');
    report.figure('telnet', '16 sessions x 50 commands: round trip p99', Math.round(percentile(fewTimes, 99) * 10) / 10, 'ms');

    await new Promise((r) => setTimeout(r, 300));
    const before = await heapKb(server.port);
    const idle = await Promise.all(Array.from({ length: 200 }, () => login(server.port)));
    const after = await heapKb(server.port);
    const perSession = ((after - before) * 1024) / 200;
    report.figure('telnet', 'memory per idle session (server heap)', Math.round(perSession / 102.4) / 10, 'KB', '< 100', perSession < 100 * 1024);
    for (const c of idle) c.close();
  } finally {
    await server.stop();
  }

  // `sip use off`: the big configuration's servers are documentation addresses; no engine may run on them.
  const big = await startServer(`${base}sip use off\n${bigConfig(10_000)}\n`, 16);
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
