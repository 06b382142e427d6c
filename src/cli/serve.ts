/** `sipsh`: load the configuration, start the SIP engine and the telnet console, stop on a signal. */
import { parseHostPort, formatHost } from '../net/host';
import { buildShell } from '../shell/build';
import { EventLog } from '../shell/event-log';
import { SipEngine } from '../sip/engine';
import { SystemClock } from '../util/clock';
import { TelnetServer } from '../telnet/server';
import { loadConfigFile } from './exec';

export interface ServeOptions {
  readonly config: string;
  readonly telnet: string;
  readonly sipPort: number;
  readonly sipHost?: string;
  readonly maxSessions: number;
  readonly allowRemoteWithoutPassword?: boolean;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === 'localhost';
}

export async function runServe(o: ServeOptions): Promise<number> {
  // Port 0 (any free port, for tests) is allowed here, unlike in SERVER[:port].
  const anyPort = /:0$/.test(o.telnet);
  const hp = parseHostPort(anyPort ? `${o.telnet.slice(0, -2)}:1` : o.telnet);
  if (!hp.ok || hp.value.port === undefined) {
    process.stderr.write(`sipsh: --telnet ${o.telnet}: expected HOST:PORT (IPv6 in brackets)${hp.ok ? '' : `: ${hp.message}`}\n`);
    return 2;
  }
  // Refuse a non-loopback console without a login password before anything is opened.
  const configured = buildShell({ configFile: o.config });
  const text = configured.store.readFile();
  if (text !== undefined) configured.loadConfig(text);
  const host = hp.value.host.address;
  if (!isLoopback(host) && configured.store.config.loginPassword === undefined && o.allowRemoteWithoutPassword !== true) {
    process.stderr.write(
      `sipsh: refusing to listen on ${formatHost(hp.value.host)} with no login password set; set one (login password) or pass --allow-remote-without-password\n`,
    );
    return 2;
  }
  const clock = new SystemClock();
  const log = new EventLog(clock);
  const addresses = o.sipHost === undefined ? ['127.0.0.1', '::1'] : o.sipHost.split(',').map((a) => a.trim().replace(/^\[|\]$/g, ''));
  const sip = new SipEngine({ clock, port: o.sipPort, addresses, log: (line) => log.add(line) });
  const shell = buildShell({ configFile: o.config, maxSessions: o.maxSessions, sip, clock, log });
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
  const addr = await telnet.listen(host, anyPort ? 0 : hp.value.port);
  process.stdout.write(`sipsh: telnet console on ${formatHost(hp.value.host)}:${addr.port}\n`);
  if (sip.running) process.stdout.write(`sipsh: SIP on UDP and TCP port ${sip.port}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await telnet.close();
  await Promise.race([sip.stop(), new Promise((r) => setTimeout(r, 3000))]);
  return 0;
}
