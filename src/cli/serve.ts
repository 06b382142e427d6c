/**
 * `sipsh`: load the configuration, open every port, then start the SIP engine; stop on a signal.
 *
 * All or nothing (issue 12): the SIP sockets, the telnet console and the web pages are bound
 * first, and the engine is let send (REGISTER) only when every one of them is open. A port that is
 * busy or unusable makes the program exit 2 before anything is sent, naming the option to change.
 *
 * Signals: SIGTERM, SIGINT and SIGHUP close the console and the web pages, un-REGISTER every
 * server (waiting for the registrars at most {@link UNREGISTER_WAIT_MS}) and exit as soon as that is
 * done; a second such signal exits at once. SIGQUIT keeps the platform's meaning (exit at once,
 * with a core dump where enabled): it is the operator's way out when a registrar does not answer.
 */
import * as os from 'os';
import { parseHostPort, formatHost, formatHostPort } from '../net/host';
import { buildShell } from '../shell/build';
import { EngineWatch } from '../shell/engine-watch';
import { registrationEngineEvent } from '../shell/engine-events';
import { EventLog } from '../util/event-log';
import { refusedWithoutPassword } from '../util/loopback';
import { SipEngine } from '../sip/engine';
import { NodeTransport } from '../sip/transport/node-transport';
import { TransportEvents } from '../sip/transport/types';
import { SystemClock } from '../util/clock';
import { TelnetServer } from '../telnet/server';
import type { WebServer } from '../web/server';
import { loadConfigFile } from './exec';
import { DEFAULT_SSH, checkSshListen, startSsh } from '../ssh/start';
import { SshServer } from '../ssh/server';

/** The command-line options of `sipsh` (serve). */
export interface ServeOptions {
  readonly config: string;
  readonly telnet: string;
  /** HOST:PORT of the web pages, or false for none. */
  readonly http?: string | false;
  readonly sipPort: number;
  readonly sipHost?: string;
  readonly maxSessions: number;
  readonly allowRemoteWithoutPassword?: boolean;
  /** The router model `show environment` and `show config` name (default NVR510). */
  readonly model?: string;
  /** HOST:PORT of the SSH console (default 127.0.0.1:2222), or false for none. */
  readonly ssh?: string | false;
  /** Host names the web pages answer to besides their address (`--http-name`). */
  readonly httpNames?: readonly string[];
}

/** The signals that stop the program cleanly (un-REGISTER first). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long a stop waits for the registrars to answer the un-REGISTERs. */
export const UNREGISTER_WAIT_MS = 2000;
/** The most a stop may take in all (un-REGISTER, then closing the sockets). */
const STOP_LIMIT_MS = UNREGISTER_WAIT_MS + 1000;

/** `HOST:PORT` of a listener; port 0 (any free port, for tests) is allowed here, unlike in SERVER[:port]. */
function listenAddress(option: string, text: string): { host: string; port: number; shown: string } | undefined {
  const anyPort = /:0$/.test(text);
  const hp = parseHostPort(anyPort ? `${text.slice(0, -2)}:1` : text);
  if (!hp.ok || hp.value.port === undefined) {
    process.stderr.write(`sipsh: ${option} ${text}: expected HOST:PORT (IPv6 in brackets)${hp.ok ? '' : `: ${hp.message}`}\n`);
    return undefined;
  }
  return { host: hp.value.host.address, port: anyPort ? 0 : hp.value.port, shown: formatHost(hp.value.host) };
}


/** Why a socket could not be opened, in the operator's words. */
function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code ?? '') {
    case 'EADDRINUSE':
      return 'the port is in use by another program';
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges)';
    case 'EADDRNOTAVAIL':
      return 'no such local address';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** Something that is open and must be closed if start-up stops half way. */
interface Opened {
  close(): Promise<void>;
}

/** Waits for `p`, but at most `ms`; the timer is cleared either way so that it keeps nothing alive. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Runs the program until a signal; returns the exit code (2: could not start). */
export async function runServe(o: ServeOptions): Promise<number> {
  const telnetAt = listenAddress('--telnet', o.telnet);
  if (telnetAt === undefined) return 2;
  const httpAt = o.http === false || o.http === undefined ? undefined : listenAddress('--http', o.http);
  if (o.http !== false && o.http !== undefined && httpAt === undefined) return 2;

  const clock = new SystemClock();
  const log = new EventLog(clock);
  const addresses = o.sipHost === undefined ? ['127.0.0.1', '::1'] : o.sipHost.split(',').map((a) => a.trim().replace(/^\[|\]$/g, ''));
  // The engine starts as soon as the configuration says `sip use on`, but its transport is handed
  // over only when every listener is open (`release`): until then it can send nothing.
  let release!: () => void;
  const allOpen = new Promise<void>((resolve) => (release = resolve));
  let preopened: NodeTransport | undefined;
  let sink: TransportEvents | undefined;
  const forward: TransportEvents = {
    message: (r) => sink?.message(r),
    garbage: (source, error, bytes, partial, connection) => sink?.garbage(source, error, bytes, partial, connection),
    failure: (target, reason) => sink?.failure(target, reason),
    trace: (direction, peer, bytes) => sink?.trace(direction, peer, bytes),
  };
  const sip = new SipEngine({
    clock,
    port: o.sipPort,
    addresses,
    log: (line) => log.add(line),
    transport: async (events) => {
      await allOpen;
      const t = preopened;
      preopened = undefined;
      if (t === undefined) return NodeTransport.open({ addresses, port: o.sipPort, events }); // `sip use on` later
      sink = events;
      return t;
    },
  });
  const shell = buildShell({ configFile: o.config, maxSessions: o.maxSessions, sip, clock, log, ...(o.model !== undefined ? { model: o.model } : {}) });
  // A router stays up: a bug that escapes as a rejected promise is logged (show log), not fatal.
  process.on('unhandledRejection', (e) => shell.reportBug(e));
  try {
    for (const p of shell.store.removeStaleTemporaries()) process.stderr.write(`sipsh: removed ${p}, left by an interrupted save\n`);
    for (const u of loadConfigFile(shell, o.config)) log.add(`${o.config}:${u.line}: not loaded: ${u.message}: ${u.text}`);
  } catch (e) {
    process.stderr.write(`sipsh: ${o.config}: cannot read: ${(e as Error).message}; not starting (a save would replace it)\n`);
    return 2;
  }
  if (refusedWithoutPassword(telnetAt.host, shell.store.config.loginPassword !== undefined, o.allowRemoteWithoutPassword === true)) {
    process.stderr.write(`sipsh: refusing to listen on ${telnetAt.shown} with no login password set; set one (login password) or pass --allow-remote-without-password\n`);
    return 2;
  }
  if (httpAt && refusedWithoutPassword(httpAt.host, shell.store.config.adminPassword !== undefined, o.allowRemoteWithoutPassword === true)) {
    process.stderr.write(`sipsh: refusing to serve the web pages on ${httpAt.shown} with no administrator password set; set one (administrator password) or pass --allow-remote-without-password\n`);
    return 2;
  }
  const sshAt = o.ssh === false ? undefined : checkSshListen(o.ssh ?? DEFAULT_SSH, shell.store.config, o.allowRemoteWithoutPassword === true);
  if (typeof sshAt === 'string') {
    process.stderr.write(`${sshAt}\n`);
    return 2;
  }

  const opened: Opened[] = [];
  const fail = async (message: string): Promise<number> => {
    process.stderr.write(`sipsh: ${message}\n`);
    for (const x of opened.reverse()) await x.close().catch(() => undefined);
    return 2;
  };
  const ready: string[] = [];
  if (shell.store.config.sipUse) {
    try {
      preopened = await NodeTransport.open({ addresses, port: o.sipPort, events: forward });
      opened.push(preopened);
    } catch (e) {
      const option = (e as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL' ? '--sip-host' : '--sip-port';
      return fail(`cannot open the SIP port ${o.sipPort} on ${addresses.join(', ')}: ${why(e)}; choose another with ${option}`);
    }
  }
  const telnet = new TelnetServer(shell, { allowRemoteWithoutPassword: o.allowRemoteWithoutPassword === true });
  try {
    const addr = await telnet.listen(telnetAt.host, telnetAt.port);
    opened.push(telnet);
    ready.push(`sipsh: telnet console on ${telnetAt.shown}:${addr.port}`);
  } catch (e) {
    return fail(`cannot listen on ${telnetAt.shown}:${telnetAt.port} for the telnet console: ${why(e)}; choose another with --telnet HOST:PORT`);
  }
  // The web pages' modules (http, the pages, the forms) are loaded only when they are served:
  // with --no-http they were a tenth of the start-up's module loading.
  let web: WebServer | undefined;
  if (httpAt) {
    const { WebServer: Web } = await import('../web/server');
    web = new Web(shell, { allowRemoteWithoutPassword: o.allowRemoteWithoutPassword === true, names: o.httpNames ?? [] });
  }
  if (web && httpAt) {
    try {
      const w = await web.listen(httpAt.host, httpAt.port);
      opened.push(web);
      ready.push(`sipsh: web pages on http://${httpAt.shown}:${w.port}/`);
    } catch (e) {
      return fail(`cannot listen on ${httpAt.shown}:${httpAt.port} for the web pages: ${why(e)}; choose another with --http HOST:PORT (or --no-http)`);
    }
  }
  let ssh: SshServer | undefined;
  if (sshAt !== undefined) {
    ssh = await startSsh(shell, sshAt, (line) => process.stdout.write(`${line}\n`));
    if (ssh !== undefined) opened.push(ssh);
    if (ssh !== undefined && ssh.wanted && !ssh.listening) return fail(`cannot listen on ${sshAt.shown}:${sshAt.port} for the SSH console; choose another with --ssh HOST:PORT (or --no-ssh)`);
  }

  // From here on a stop must un-REGISTER: listen for the signals before the engine may send.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    for (const s of STOP_SIGNALS) process.once(s, () => resolve(s));
  });
  // Every port is open: let the engine send.
  release();
  if (shell.store.config.sipUse) await sip.start();
  // Registrations and calls in `show log` whatever `sip log on` says: registrations pushed by the
  // engine, the two telephones watched.
  const unwatchRegistrations = sip.onRegistration((e) => {
    const s = shell.store.config.servers.get(e.n);
    shell.engineEvent(registrationEngineEvent(e, s === undefined ? `server ${e.n}` : formatHostPort(s.server)));
  });
  const watch = new EngineWatch(sip, clock, (e) => shell.engineEvent(e));
  watch.start();
  // One write: a reader that waits for the telnet line finds the SIP port line with it (two
  // writes could arrive as two reads, and a test read the SIP port before it came).
  if (sip.running) ready.push(`sipsh: SIP on UDP and TCP port ${sip.port}`);
  process.stdout.write(ready.map((line) => `${line}\n`).join(''));

  const signal = await stopSignal;
  // A second signal while stopping: exit at once, as the operator asked twice.
  for (const s of STOP_SIGNALS) process.once(s, () => process.exit(128 + os.constants.signals[s]));
  log.add(`stopping on ${signal}`);
  watch.stop();
  unwatchRegistrations();
  await telnet.close();
  await web?.close();
  await ssh?.close();
  await within(sip.stop(UNREGISTER_WAIT_MS), STOP_LIMIT_MS);
  return 0;
}
