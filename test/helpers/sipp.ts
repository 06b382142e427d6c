/** Runs SIPp scenarios from test/lab/sipp as child processes on loopback, stopped by PID. */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireTool } from './kamailio';
import { repoPath } from './paths';

export const SCENARIOS = repoPath('test/lab/sipp');

export class Sipp {
  private exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      this.exitCode = code;
      resolve(code);
    }));
  }

  /**
   * `sipp ARGS -trace_msg` with its message log in a fresh folder. Benchmarks pass
   * `traceMessages: false`: writing every message to a file is work sipsh does not do, and
   * would slow SIPp's side of a comparison (errors are still logged).
   */
  static start(args: string[], opts: { traceMessages?: boolean; cpuTimes?: boolean } = {}): Sipp {
    requireTool('sipp', 'sip-tester');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-sipp-'));
    const trace = opts.traceMessages === false ? [] : ['-trace_msg', '-message_file', path.join(dir, 'messages.log')];
    const argv = [...args, '-nostdin', ...trace, '-trace_err', '-error_file', path.join(dir, 'errors.log')];
    // cpuTimes: under a shell that prints SIPp's CPU (`times`) when it ends, for `cpuSeconds`.
    const child = opts.cpuTimes
      ? spawn('bash', ['-c', 'sipp "$@" & p=$!; trap \'kill -TERM $p; wait $p; exit 143\' TERM; wait $p; rc=$?; times >&2; exit $rc', 'sipp', ...argv], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('sipp', argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
    child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
    const s = new Sipp(child, dir);
    s.output = () => out;
    return s;
  }

  output: () => string = () => '';

  /** A UAS scenario listening on ip:port over transport (u1 / t1). */
  static server(scenario: string, ip: string, port: number, transport: 'u1' | 't1', extra: string[] = []): Sipp {
    return Sipp.start(['-sf', path.join(SCENARIOS, scenario), '-i', ip, '-p', String(port), '-t', transport, '-m', '1', ...extra]);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  messages(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'messages.log'), 'latin1');
    } catch {
      return '';
    }
  }

  /** User + system CPU seconds SIPp used, once it has ended (started with `cpuTimes`); NaN otherwise. */
  cpuSeconds(): number {
    // `times` prints the shell's line, then its children's (SIPp's); SIPp's own output may interleave.
    const m = [...this.output().matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/gm)].pop();
    return m ? 60 * Number(m[1]) + Number(m[2]) + 60 * Number(m[3]) + Number(m[4]) : NaN;
  }

  /** Its error log (`-trace_err`): why a scenario failed. */
  errors(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'errors.log'), 'latin1');
    } catch {
      return '';
    }
  }

  /** Waits for it to end by itself (its scenario done), up to `ms`. */
  async wait(ms: number): Promise<number | null> {
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());
    const r = await Promise.race([this.exited, timer]);
    if (r === 'timeout') throw new Error(`sipp did not finish in ${ms} ms:\n${this.output().slice(-2000)}`);
    return r;
  }

  async stop(): Promise<void> {
    if (this.exitCode === undefined && this.child.pid !== undefined) {
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await this.exited;
      clearTimeout(t);
    }
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * For a test file: a fresh router (with `sip log on`) before each test, and every SIPp pushed onto
 * `sipps` stopped by PID after it. `current.router` is the router of the running test.
 */
export function routerAndSippPerTest(start: () => Promise<import('./router').Router>): { current: { router: import('./router').Router }; sipps: Sipp[] } {
  let router: import('./router').Router | undefined;
  const current = {
    get router(): import('./router').Router {
      if (router === undefined) throw new Error('current.router is read outside a test (or its start failed)');
      return router;
    },
  };
  const sipps: Sipp[] = [];
  beforeEach(async () => {
    router = await start();
    await router.run('sip log on');
  });
  afterEach(async () => {
    await router?.stop();
    router = undefined;
    for (const s of sipps.splice(0)) {
      await s.stop();
      s.cleanup();
    }
  });
  return { current, sipps };
}
