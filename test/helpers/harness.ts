/** An in-process session for tests: type keys, read what the terminal would show. */
import { buildShell, BuildOptions } from '../../src/shell/build';
import { Session } from '../../src/shell/session';
import { Shell } from '../../src/shell/shell';
import { FakeClock } from '../../src/util/clock';

export class Harness {
  readonly clock: FakeClock;
  readonly shell: Shell;
  readonly session: Session;
  out = '';
  ended = false;

  constructor(opts: BuildOptions & { shell?: Shell } = {}) {
    this.clock = (opts.clock as FakeClock | undefined) ?? new FakeClock();
    this.shell = opts.shell ?? buildShell({ loginDelayMs: 10, ...opts, clock: this.clock });
    const s = this.shell.openSession({
      peer: 'test',
      write: (t) => {
        this.out += t;
      },
      end: () => {
        this.ended = true;
      },
    });
    if (!s) throw new Error('session limit');
    this.session = s;
    void s.start();
  }

  /** Lets queued promise work run (commands are async). */
  async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    // Password checks run scrypt on the thread pool (real time): wait for those running, then settle again.
    while (this.shell.guard.pending > 0) {
      await this.shell.guard.settled();
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    }
  }

  /** Types keys and returns what was written meanwhile. */
  async type(keys: string): Promise<string> {
    const before = this.out.length;
    this.session.input(keys);
    await this.settle();
    return this.out.slice(before);
  }

  /** Runs one command line and returns its output lines (without the echo and the next prompt). */
  async run(line: string): Promise<string[]> {
    const before = this.out.length;
    await this.type(`${line}\r`);
    // A command may take longer than the settle's turns (a slow CPU, a key file read): wait, a
    // little at a time, until the session asks for something again (a prompt, a question).
    for (let i = 0; i < 100 && !this.ended && !/(?:[>#:?)] ?)$/.test(this.out.slice(before)); i++) {
      await new Promise((r) => setTimeout(r, 10));
      await this.settle();
    }
    const text = this.out.slice(before);
    const lines = text.split('\r\n');
    lines.shift();
    lines.pop();
    return lines;
  }

  /** Goes to the administrator level (empty administrator password unless given). */
  async admin(password = ''): Promise<void> {
    await this.type('administrator\r');
    await this.type(`${password}\r`);
  }
}
