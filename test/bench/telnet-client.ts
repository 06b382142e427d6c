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
  const command = async (c: RawTelnet, line: string): Promise<number> => {
    const t0 = now();
    c.send(`${line}\r`);
    await c.waitFor(prompt, 0, 60_000);
    const ms = now() - t0;
    bytes += c.text.length;
    c.text = ''; // keep memory flat
    return ms;
  };
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
      for (const line of job.setup) await command(c, line);
      for (let i = 0; i < job.perSession; i++) {
        const line = job.commands[i % job.commands.length] as string;
        const ms = await command(c, line);
        times.push(ms);
        byCommand[line]?.push(ms);
      }
      c.close();
    }),
  );
  const result: ClientResult = { loginMs, wallMs: now() - t1, times, byCommand, bytes };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`telnet-client: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
