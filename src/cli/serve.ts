/** `sipsh`: load the configuration, start the SIP engine and the telnet console, stop on a signal. */
import { parseHostPort, formatHost } from '../net/host';
import { buildShell } from '../shell/build';
import { EventLog } from '../shell/event-log';
import { SipEngine } from '../sip/engine';
import { SystemClock } from '../util/clock';
import { TelnetServer } from '../telnet/server';
import { WebServer } from '../web/server';
import { loadConfigFile } from './exec';
import { DEFAULT_SSH, checkSshListen, startSsh } from '../ssh/start';

export interface ServeOptions {
  readonly config: string;
  readonly telnet: string;
  /** HOST:PORT of the web pages, or false for none. */
  readonly http?: string | false;
  readonly sipPort: number;
  readonly sipHost?: string;
  readonly maxSessions: number;
  readonly allowRemoteWithoutPassword?: boolean;
  /** HOST:PORT of the SSH console (default 127.0.0.1:2222), or false for none. */
  readonly ssh?: string | false;
}

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

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === 'localhost';
}

export async function runServe(o: ServeOptions): Promise<number> {
  const telnetAt = listenAddress('--telnet', o.telnet);
  if (telnetAt === undefined) return 2;
  const httpAt = o.http === false || o.http === undefined ? undefined : listenAddress('--http', o.http);
  if (o.http !== false && o.http !== undefined && httpAt === undefined) return 2;
  // Refuse a non-loopback console without a login password before anything is opened.
  const configured = buildShell({ configFile: o.config });
  const text = configured.store.readFile();
  if (text !== undefined) configured.loadConfig(text);
  const host = telnetAt.host;
  if (!isLoopback(host) && configured.store.config.loginPassword === undefined && o.allowRemoteWithoutPassword !== true) {
    process.stderr.write(`sipsh: refusing to listen on ${telnetAt.shown} with no login password set; set one (login password) or pass --allow-remote-without-password\n`);
    return 2;
  }
  if (httpAt && !isLoopback(httpAt.host) && configured.store.config.adminPassword === undefined && o.allowRemoteWithoutPassword !== true) {
    process.stderr.write(`sipsh: refusing to serve the web pages on ${httpAt.shown} with no administrator password set; set one (administrator password) or pass --allow-remote-without-password\n`);
    return 2;
  }
  const sshAt = o.ssh === false ? undefined : checkSshListen(o.ssh ?? DEFAULT_SSH, configured.store.config, o.allowRemoteWithoutPassword === true);
  if (typeof sshAt === 'string') {
    process.stderr.write(`${sshAt}\n`);
    return 2;
  }
  const clock = new SystemClock();
  const log = new EventLog(clock);
  const addresses = o.sipHost === undefined ? ['127.0.0.1', '::1'] : o.sipHost.split(',').map((a) => a.trim().replace(/^\[|\]$/g, ''));
  const sip = new SipEngine({ clock, port: o.sipPort, addresses, log: (line) => log.add(line) });
  const shell = buildShell({ configFile: o.config, maxSessions: o.maxSessions, sip, clock, log });
  // A router stays up: a bug that escapes as a rejected promise is logged (show log), not fatal.
  process.on('unhandledRejection', (e) => shell.reportBug(e));
  loadConfigFile(shell, o.config);
  if (shell.store.config.sipUse) {
    try {
      await sip.start();
    } catch (e) {
      process.stderr.write(`sipsh: cannot open the SIP port ${o.sipPort}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const telnet = new TelnetServer(shell);
  const addr = await telnet.listen(host, telnetAt.port);
  process.stdout.write(`sipsh: telnet console on ${telnetAt.shown}:${addr.port}\n`);
  const web = httpAt ? new WebServer(shell) : undefined;
  if (web && httpAt) {
    const w = await web.listen(httpAt.host, httpAt.port);
    process.stdout.write(`sipsh: web pages on http://${httpAt.shown}:${w.port}/\n`);
  }
  const ssh = sshAt === undefined ? undefined : await startSsh(shell, sshAt, (line) => process.stdout.write(`${line}\n`));
  if (sip.running) process.stdout.write(`sipsh: SIP on UDP and TCP port ${sip.port}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await telnet.close();
  await web?.close();
  await ssh?.close();
  await Promise.race([sip.stop(), new Promise((r) => setTimeout(r, 3000))]);
  return 0;
}
