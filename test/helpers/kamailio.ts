/** Starts and stops the project's Kamailio lab (test/lab/kamailio) for one test file, by PID. */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { repoPath } from './paths';

const run = promisify(execFile);
const LAB = repoPath('test/lab/kamailio/lab.sh');

export function requireTool(tool: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${tool} is not installed: run "apt-get install -y ${pkg}" (npm test installs it when missing)`);
  }
}

export interface Binding {
  readonly aor: string;
  readonly contact: string;
  readonly expires: number;
  readonly received: string | undefined;
}

export class Kamailio {
  private constructor(
    readonly port: number,
    readonly runDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(port: number, opts: { extraArgs?: string; users?: Array<[string, string]> } = {}): Promise<Kamailio> {
    requireTool('kamailio', 'kamailio');
    requireTool('kamcmd', 'kamailio');
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `sipsh-kam-${port}-`));
    const env: NodeJS.ProcessEnv = { ...process.env, SIP_PORT: String(port), RUN_DIR: runDir, KAM_EXTRA_ARGS: opts.extraArgs ?? '' };
    if (opts.users) {
      const file = path.join(runDir, 'extra-users');
      fs.writeFileSync(file, opts.users.map(([u, p]) => `${u} ${p}`).join('\n') + '\n');
      env.EXTRA_USERS = file;
    }
    const k = new Kamailio(port, runDir, env);
    await k.startAgain();
    return k;
  }

  /** Starts it again (after stop) with the same port, users and options. */
  async startAgain(): Promise<void> {
    await run('bash', [LAB, 'start'], { env: this.env });
  }

  async stop(): Promise<void> {
    await run('bash', [LAB, 'stop'], { env: this.env });
  }

  get pid(): number | undefined {
    try {
      return Number(fs.readFileSync(path.join(this.runDir, 'kamailio.main.pid'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** The location table, parsed from `kamcmd ul.dump`. */
  async bindings(): Promise<Binding[]> {
    const { stdout } = await run('kamcmd', ['-s', `unix:${this.runDir}/kamailio_ctl`, 'ul.dump'], { maxBuffer: 64 * 1024 * 1024 });
    const out: Binding[] = [];
    let aor = '';
    let current: { contact?: string; expires?: number; received?: string } | undefined;
    const flush = (): void => {
      if (current?.contact !== undefined) out.push({ aor, contact: current.contact, expires: current.expires ?? -1, received: current.received });
      current = undefined;
    };
    for (const line of stdout.split('\n')) {
      const t = line.trim();
      let m: RegExpExecArray | null;
      if ((m = /^AoR:\s*(\S+)/.exec(t))) {
        flush();
        aor = m[1] as string;
      } else if ((m = /^Address:\s*(\S+)/.exec(t))) {
        flush();
        current = { contact: m[1] as string };
      } else if (current && (m = /^Expires:\s*(-?\d+)/.exec(t))) current.expires = Number(m[1]);
      else if (current && (m = /^Received:\s*(\S+)/.exec(t))) current.received = m[1];
    }
    flush();
    return out;
  }

  /** Removes every binding of `user` (a callee from an earlier test must not be forked to). */
  async removeBindings(user: string): Promise<void> {
    await run('kamcmd', ['-s', `unix:${this.runDir}/kamailio_ctl`, 'ul.rm', 'location', `s:${user.toLowerCase()}`]).catch(() => undefined);
  }

  async bindingsOf(user: string): Promise<Binding[]> {
    const u = user.toLowerCase(); // usrloc keeps AoRs in lower case
    return (await this.bindings()).filter((b) => b.aor.toLowerCase() === u || b.aor.toLowerCase().startsWith(`${u}@`));
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.runDir, 'kamailio.log'), 'utf8');
    } catch {
      return '';
    }
  }

  cleanup(): void {
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }
}

/** Waits until `check` returns a value (not undefined/false), polling; throws with `what` on timeout. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.toString() : JSON.stringify(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
