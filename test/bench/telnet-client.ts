/**
 * The console load generator, run as its own process (and pinned to its own core where the machine
 * has one) so that its work is not counted in the server's latency: `node telnet-client.js JSON`
 * where JSON is a {@link ClientJob}; it logs the sessions in (two at a time), runs the commands in each
 * session one after the other, and prints one {@link ClientResult} JSON line. Between the logins
 * and the commands it prints `logged in` and waits for a line on stdin, so that the caller can
 * read the server's CPU time at that point.
 */
import { RawTelnet } from '../helpers/raw-telnet';

/** What the client is asked to do. */
export interface ClientJob {
  readonly port: number;
  readonly sessions: number;
  readonly password: string;
  /** The prompt every command's output ends with (a regular expression source). */
  readonly prompt: string;
  /** Run in order in every session, before the timed commands (e.g. `console lines infinity`). */
  readonly setup: readonly string[];
  /** Cycled through, `perSession` commands per session. */
  readonly commands: readonly string[];
  readonly perSession: number;
}

/** What the client measured: milliseconds per command round trip (send to prompt), and totals. */
export interface ClientResult {
  readonly loginMs: number;
  readonly wallMs: number;
  readonly times: readonly number[];
  /** The same round trips by command line. */
  readonly byCommand: Readonly<Record<string, readonly number[]>>;
  readonly bytes: number;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** How long one command may take before the run fails. */
const COMMAND_TIMEOUT_MS = 60_000;
/** The prompt is looked for in this many last characters of the output (it ends the output). */
const TAIL = 256;

/**
 * One logged-in session running commands, lean: the round trip ends in the socket's data handler
 * that sees the prompt at the end of the output, with no timer armed per command and no regular
 * expression over the whole output (RawTelnet.waitFor, used for the logins, does both, and with
 * 200 sessions the load generator's own CPU per command was of the order of the server's: on one
 * core each of them, it lengthened every round trip in the closed loop). The server sends no
 * telnet command after the login, so the bytes are the text.
 */
class CommandSession {
  bytes = 0;
  private tail = '';
  private started = 0;
  private line = '';
  private done: ((ms: number) => void) | undefined;
  private fail: ((e: Error) => void) | undefined;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly c: RawTelnet,
    private readonly prompt: RegExp,
  ) {
    c.socket.removeAllListeners('data');
    c.socket.on('data', (d: Buffer) => this.onData(d));
    c.socket.on('close', () => this.fail?.(new Error(`connection closed while waiting for ${prompt}; got:\n${JSON.stringify(this.tail)}`)));
    // One timer per session for the whole run, checking the command under way.
    this.watchdog = setInterval(() => {
      if (this.done !== undefined && now() - this.started > COMMAND_TIMEOUT_MS) this.fail?.(new Error(`timed out after "${this.line}" waiting for ${prompt}; got:\n${JSON.stringify(this.tail)}`));
    }, 1000);
    this.watchdog.unref();
  }

  /** Sends `line` and CR; resolves with the milliseconds until the prompt ends the output. */
  command(line: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.tail = '';
      this.line = line;
      this.done = resolve;
      this.fail = reject;
      this.started = now();
      this.c.send(`${line}\r`);
    });
  }

  close(): void {
    clearInterval(this.watchdog);
    this.c.close();
  }

  private onData(d: Buffer): void {
    const done = this.done;
    if (done === undefined) return;
    this.bytes += d.length;
    const tail = this.tail + d.toString('latin1');
    this.tail = tail.length > TAIL ? tail.slice(-TAIL) : tail;
    if (!this.prompt.test(this.tail)) return;
    const ms = now() - this.started;
    this.done = undefined;
    this.fail = undefined;
    done(ms);
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as ClientJob;
  const prompt = new RegExp(job.prompt);
  const login = async (): Promise<RawTelnet> => {
    const c = await RawTelnet.connect(job.port);
    if (job.password === '') await c.waitFor(prompt, 0, 60_000); // no login password (profiling without scrypt)
    else {
      await c.waitFor(/Password: $/, 0, 60_000);
      const m = c.text.length;
      c.send(`${job.password}\r`);
      await c.waitFor(prompt, m, 60_000);
    }
    c.text = '';
    return c;
  };
  let bytes = 0;
  const t0 = now();
  // The server admits two connections per source address at a time before their password (the
  // guessing guard, src/util/guess-limiter.ts): the sessions log in two at a time, as an operator's
  // script from one address would have to.
  const sessions: RawTelnet[] = [];
  const loginWorker = async (): Promise<void> => {
    while (sessions.length + pending < job.sessions) {
      pending++;
      const c = await login();
      pending--;
      sessions.push(c);
    }
  };
  let pending = 0;
  await Promise.all([loginWorker(), loginWorker()]);
  const loginMs = now() - t0;
  process.stdout.write('logged in\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  const times: number[] = [];
  const byCommand: Record<string, number[]> = {};
  for (const line of job.commands) byCommand[line] = [];
  const t1 = now();
  await Promise.all(
    sessions.map(async (c) => {
      const s = new CommandSession(c, prompt);
      for (const line of job.setup) await s.command(line);
      for (let i = 0; i < job.perSession; i++) {
        const line = job.commands[i % job.commands.length] as string;
        const ms = await s.command(line);
        times.push(ms);
        byCommand[line]?.push(ms);
      }
      bytes += s.bytes;
      s.close();
    }),
  );
  const result: ClientResult = { loginMs, wallMs: now() - t1, times, byCommand, bytes };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`telnet-client: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
