/**
 * A whole router in-process: shell + real SIP engine on loopback, driven through a console session.
 * Names resolve through `dns static` and localhost only: the system resolver is replaced by one that knows nothing.
 */
import { buildShell } from '../../src/shell/build';
import { EventLog } from '../../src/util/event-log';
import { Shell } from '../../src/shell/shell';
import { SipEngine } from '../../src/sip/engine';
import { SystemClock } from '../../src/util/clock';
import { Harness } from './harness';

export class Router {
  readonly clock = new SystemClock();
  readonly log = new EventLog(this.clock);
  readonly engine: SipEngine;
  readonly shell: Shell;
  readonly console: Harness;

  private constructor(opts: { retryBaseMs?: number }) {
    this.engine = new SipEngine({ clock: this.clock, port: 0, log: (l) => this.log.add(l), retryBaseMs: opts.retryBaseMs ?? 2000, retryMaxMs: 10000, lookup: () => Promise.resolve(undefined) });
    this.shell = buildShell({ sip: this.engine, clock: this.clock, log: this.log });
    this.console = new Harness({ shell: this.shell });
  }

  static async start(opts: { retryBaseMs?: number } = {}): Promise<Router> {
    const r = new Router(opts);
    await r.engine.start();
    await r.console.settle();
    await r.console.admin();
    await r.run('console lines infinity');
    return r;
  }

  /** Runs a command at the administrator prompt; returns its output lines. */
  run(line: string): Promise<string[]> {
    return this.console.run(line);
  }

  /** `show status sip server N` parsed into its fields. */
  async status(n: number): Promise<Record<string, string>> {
    const lines = await this.run(`show status sip server ${n}`);
    const out: Record<string, string> = {};
    for (const l of lines) {
      const m = /^\s+([A-Za-z ]+):\s+(.*)$/.exec(l);
      if (m) out[(m[1] as string).trim()] = (m[2] as string).trim();
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.engine.stop();
  }
}
