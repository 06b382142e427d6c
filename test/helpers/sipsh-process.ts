/** Runs the built program (`dist/src/cli/main.js`) as a child process, stopped by PID. */
import { ChildProcess, spawn } from 'child_process';
import { repoPath } from './paths';

export const MAIN = repoPath('dist/src/cli/main.js');

export class SipshProcess {
  output = '';
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts `sipsh ARGS` and waits for its telnet console line. */
  static async start(args: string[]): Promise<SipshProcess> {
    const p = new SipshProcess(spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const end = Date.now() + 10000;
    while (!/telnet console on \S+:(\d+)/.test(p.output)) {
      if (Date.now() > end || p.child.exitCode !== null) {
        // Not left running when it did not start in time: its process and pipes would keep the
        // jest worker from exiting (and the port taken).
        await p.stop();
        throw new Error(`sipsh did not start:\n${p.output}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return p;
  }

  get telnetPort(): number {
    return Number(/telnet console on \S+:(\d+)/.exec(this.output)?.[1]);
  }

  get sipPort(): number {
    return Number(/SIP on UDP and TCP port (\d+)/.exec(this.output)?.[1]);
  }

  wait(): Promise<number | null> {
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(t);
    }
  }
}
