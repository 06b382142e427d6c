/** A dnsmasq on a loopback port with the test's own records, started and stopped by PID. */
import { ChildProcess, spawn } from 'child_process';
import { requireTool } from '../../helpers/kamailio';

export interface Dnsmasq {
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts dnsmasq answering only from `records` (--srv-host=..., --host-record=...). */
export async function startDnsmasq(port: number, records: readonly string[]): Promise<Dnsmasq> {
  requireTool('dnsmasq', 'dnsmasq-base');
  const args = ['--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts', '--conf-file=/dev/null', '--pid-file=', '--user=root', '--log-queries', ...records];
  const child: ChildProcess = spawn('dnsmasq', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      if (/started, version/.test(output)) return resolve();
      child.kill('SIGKILL'); // not left running: it would keep the jest worker from exiting
      reject(new Error(`dnsmasq did not start: ${output}`));
    }, 700);
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`dnsmasq exited with ${String(code)}: ${output}`));
    });
  });
  return {
    port,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}
