/**
 * The console load generator, run as its own process (and pinned to its own core where the machine
 * has one) so that its work is not counted in the server's latency: `node telnet-client.js JSON`
 * where JSON is a {@link ClientJob} or an array of them, run one after the other; for each, it logs
 * the sessions in (two at a time), runs the commands in each session one after the other, closes
 * them, and prints one {@link ClientResult} JSON line. Between the logins and the commands it prints
 * `logged in` and waits for a line on stdin, so that the caller can read the server's CPU time at
 * that point. One process runs the bench's jobs (200 sessions, then 16) so that the second one's
 * round trips do not hold the generator's own compilation of its code (a fresh process compiled
 * it during the 16 sessions' timed commands, on the core the generator runs on).
 *
 * What is measured: for every command, from just before its line (and CR) is written to the socket
 * until the output received since then ends with the prompt. The generator is lean so that as
 * little of its own work as possible sits inside that time (it is a closed loop: every round trip
 * includes the generator's handling of the other sessions' output that arrived first). Profile
 * (issue 13): with 16 sessions the generator used more CPU per command than the server (~100 us
 * against ~88), so it set the pace; it was a fresh process whose command code was first run, and
 * compiled, in the timed loop, and its scavenges (one of 6 ms) stalled every session at once. So:
 * the sockets read into one buffer (net's `onread`: no Readable stream, no `data` event and no
 * Buffer per read), each session runs its commands from that read callback (no promise, closure or
 * timer per command), the command lines are Buffers made once, and the prompt is looked for in the
 * last bytes of the read only.
 */
import * as fs from 'fs';
import * as net from 'net';
import { performance } from 'perf_hooks';
import { DO, DONT, IAC, WILL, WONT } from '../../src/telnet/codec';
import { telnetText } from '../helpers/telnet-text';

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

const now = (): number => performance.now();

/** How long a login or one command may take before the run fails. */
const TIMEOUT_MS = 60_000;
/** The prompt is looked for in this many last characters of the output (it ends the output). */
const TAIL = 256;
/** Every socket reads into this one buffer: each read is handled before the next one is made. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * One telnet connection of the generator. Until it is logged in it reads like the tests' RawTelnet
 * (every option refused, commands taken out of the text); after that, the server sends no telnet
 * command, and the bytes are the text, looked at only for the prompt at their end.
 */
class Client {
  /** Bytes of command output received. */
  bytes = 0;
  /** Text received since the last line was sent (its last {@link TAIL} characters once logged in). */
  private text = '';
  /** An incomplete telnet command at the end of the last read (before the login only). */
  private pending: Buffer = Buffer.alloc(0);
  private loggedIn = false;
  /** What the read handler waits for, and what it calls when the text matches it. */
  private want: RegExp | undefined;
  private onMatch: (() => void) | undefined;
  private onFail: ((e: Error) => void) | undefined;
  /** When the line under way was sent (see {@link Client.started}). */
  started = 0;

  private constructor(private readonly socket: net.Socket) {}

  static connect(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({
        port,
        host: '127.0.0.1',
        onread: {
          buffer: READ_BUFFER,
          callback: (n: number): boolean => {
            client.read(READ_BUFFER, n); // a read comes only after the connection, when `client` is set
            return true;
          },
        },
      });
      const client = new Client(socket);
      const c = client;
      socket.once('connect', () => {
        socket.setNoDelay(true); // like an interactive client: no Nagle delay on small writes
        resolve(c);
      });
      socket.once('error', reject);
      socket.on('error', (e: Error) => c.fail(e));
      socket.on('close', () => c.fail(new Error(`connection closed while waiting for ${String(c.want)}; got:\n${JSON.stringify(c.text.slice(-500))}`)));
    });
  }

  /** Waits (before the login is over) until the text received since the last send matches `re`. */
  waitFor(re: RegExp): Promise<void> {
    return new Promise((resolve, reject) => {
      if (re.test(this.text)) {
        resolve();
        return;
      }
      const timer = setTimeout(() => this.fail(new Error(`timed out waiting for ${String(re)}; got:\n${JSON.stringify(this.text.slice(-500))}`)), TIMEOUT_MS);
      this.expect(
        re,
        () => {
          clearTimeout(timer);
          resolve();
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** From now on the text is what follows the login: `match` is called whenever it ends with `prompt`. */
  commandMode(prompt: RegExp, match: () => void, fail: (e: Error) => void): void {
    this.loggedIn = true;
    this.text = '';
    this.expect(prompt, match, fail);
  }

  /** Sends `bytes`, the text received so far forgotten, and marks the time. */
  send(bytes: Buffer): void {
    this.text = '';
    this.started = now();
    this.socket.write(bytes);
  }

  close(): void {
    this.want = undefined;
    this.onFail = undefined;
    this.socket.destroy();
  }

  fail(e: Error): void {
    const f = this.onFail;
    this.want = undefined;
    this.onMatch = undefined;
    this.onFail = undefined;
    f?.(e);
  }

  private expect(re: RegExp, match: () => void, fail: (e: Error) => void): void {
    this.want = re;
    this.onMatch = match;
    this.onFail = fail;
  }

  private read(buf: Buffer, n: number): void {
    if (this.loggedIn) {
      this.bytes += n;
      const tail = buf.toString('latin1', n > TAIL ? n - TAIL : 0, n);
      const text = n >= TAIL ? tail : this.text + tail;
      this.text = text.length > TAIL ? text.slice(-TAIL) : text;
    } else this.text += this.decode(buf.subarray(0, n));
    const want = this.want;
    if (want === undefined || !want.test(this.text)) return;
    const match = this.onMatch;
    if (!this.loggedIn) {
      this.want = undefined;
      this.onMatch = undefined;
      this.onFail = undefined;
    }
    match?.();
  }

  /** The text of `chunk` with the telnet commands taken out, every option refused (as RawTelnet does). */
  private decode(chunk: Buffer): string {
    const { text, pending } = telnetText(this.pending, chunk, (c, opt) => {
      if (c === WILL || c === DO) this.socket.write(Buffer.from([IAC, c === WILL ? DONT : WONT, opt]));
    });
    this.pending = pending;
    return text;
  }
}

/**
 * One logged-in session running its setup lines, then its timed commands, each sent from the read
 * that saw the previous one's prompt.
 */
class Runner {
  private next = 0;

  constructor(
    private readonly client: Client,
    /** The setup lines, then the timed ones, as bytes to send. */
    private readonly lines: readonly Buffer[],
    private readonly setup: number,
    private readonly record: (command: number, ms: number, client: Client) => void,
    private readonly done: (e?: Error) => void,
  ) {}

  start(prompt: RegExp): void {
    this.client.commandMode(
      prompt,
      () => this.prompted(),
      (e) => this.done(e),
    );
    this.sendNext();
  }

  /** The command under way, its send time, for the watchdog. */
  get since(): number | undefined {
    return this.next > 0 && this.next <= this.lines.length ? this.client.started : undefined;
  }

  private prompted(): void {
    const ms = now() - this.client.started;
    const ran = this.next - 1;
    if (ran >= this.setup) this.record(ran - this.setup, ms, this.client);
    if (this.next < this.lines.length) this.sendNext();
    else {
      this.next++;
      this.client.close();
      this.done();
    }
  }

  private sendNext(): void {
    const line = this.lines[this.next++] as Buffer;
    this.client.send(line);
  }
}

/** The lines read from stdin (each `go` starts a job's commands), handed out one by one. */
class StdinLines {
  private buffered = '';
  private waiting: (() => void) | undefined;

  constructor() {
    process.stdin.on('data', (d: Buffer) => {
      this.buffered += d.toString();
      this.waiting?.();
    });
  }

  /** Resolves when a line has come (it is taken). */
  async next(): Promise<void> {
    while (!this.buffered.includes('\n')) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
    this.buffered = this.buffered.slice(this.buffered.indexOf('\n') + 1);
  }

  close(): void {
    process.stdin.pause();
  }
}

async function runJob(job: ClientJob, stdin: StdinLines): Promise<ClientResult> {
  const prompt = new RegExp(job.prompt);
  const login = async (): Promise<Client> => {
    const c = await Client.connect(job.port);
    if (job.password === '') await c.waitFor(prompt); // no login password (profiling without scrypt)
    else {
      await c.waitFor(/Password: $/);
      c.send(Buffer.from(`${job.password}\r`, 'latin1'));
      await c.waitFor(prompt);
    }
    return c;
  };
  const t0 = now();
  // The server admits two connections per source address at a time before their password (the
  // guessing guard, src/util/guess-limiter.ts): the sessions log in two at a time, as an operator's
  // script from one address would have to.
  const sessions: Client[] = [];
  let pending = 0;
  const loginWorker = async (): Promise<void> => {
    while (sessions.length + pending < job.sessions) {
      pending++;
      const c = await login();
      pending--;
      sessions.push(c);
    }
  };
  await Promise.all([loginWorker(), loginWorker()]);
  const loginMs = now() - t0;
  process.stdout.write('logged in\n');
  await stdin.next();

  const line = (text: string): Buffer => Buffer.from(`${text}\r`, 'latin1');
  const lines = [...job.setup.map(line), ...Array.from({ length: job.perSession }, (_, i) => line(job.commands[i % job.commands.length] as string))];
  const timedLine = Array.from({ length: job.perSession }, (_, i) => job.commands[i % job.commands.length] as string);
  const times: number[] = [];
  const byCommand: Record<string, number[]> = {};
  for (const l of job.commands) byCommand[l] = [];
  const byIndex = timedLine.map((l) => byCommand[l] as number[]);
  // BENCH_SAMPLES=FILE: every round trip with its session, command and wall-clock start (epoch ms), to
  // line the slow ones up with the server's --trace-gc / --trace-opt output (see telnet-bench.ts).
  const samplesFile = process.env.BENCH_SAMPLES;
  const samples: string[] | undefined = samplesFile === undefined ? undefined : [];
  const sessionOf = new Map<Client, number>(sessions.map((c, i) => [c, i]));
  const record = (command: number, ms: number, client: Client): void => {
    times.push(ms);
    byIndex[command]?.push(ms);
    samples?.push(`${job.sessions} ${sessionOf.get(client) ?? -1} ${command} ${(performance.timeOrigin + client.started).toFixed(3)} ${ms.toFixed(3)}`);
  };
  const t1 = now();
  await new Promise<void>((resolve, reject) => {
    let running = sessions.length;
    const runners = sessions.map(
      (c) =>
        new Runner(c, lines, job.setup.length, record, (e) => {
          if (e !== undefined) {
            clearInterval(watchdog);
            reject(e);
            return;
          }
          if (--running === 0) {
            clearInterval(watchdog);
            resolve();
          }
        }),
    );
    // One timer for the whole run, checking every session's command under way.
    const watchdog = setInterval(() => {
      const t = now();
      runners.forEach((r, i) => {
        const since = r.since;
        if (since !== undefined && t - since > TIMEOUT_MS) sessions[i]?.fail(new Error(`a command timed out waiting for ${String(prompt)}`));
      });
    }, 1000);
    if (running === 0) resolve();
    for (const r of runners) r.start(prompt);
  });
  const wallMs = now() - t1;
  if (samplesFile !== undefined && samples !== undefined) fs.appendFileSync(samplesFile, `${samples.join('\n')}\n`);
  const bytes = sessions.reduce((sum, c) => sum + c.bytes, 0);
  return { loginMs, wallMs, times, byCommand, bytes };
}

async function main(): Promise<void> {
  const arg = JSON.parse(process.argv[2] ?? '{}') as ClientJob | ClientJob[];
  const jobs = Array.isArray(arg) ? arg : [arg];
  const stdin = new StdinLines();
  for (const job of jobs) {
    const result = await runJob(job, stdin);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  stdin.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`telnet-client: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
