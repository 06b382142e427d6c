/** What `sipsh` (src/cli/serve.ts) calls: check the `--ssh` address, then start the SSH server. */
import { formatHost, parseHostPort } from '../net/host';
import type { Shell } from '../shell/shell';
import { Config } from '../config/model';
import { KeyFiles } from '../config/ssh-key-files';
import { SshServer } from './server';

/** The default `--ssh` address. */
export const DEFAULT_SSH = '127.0.0.1:2222';

/** A checked `--ssh` address. */
export interface SshListen {
  readonly host: string;
  readonly port: number;
  readonly shown: string;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === 'localhost';
}

/**
 * Checks `--ssh HOST:PORT` (port 0 = any free port, for tests) against the loaded configuration:
 * a non-loopback address needs a login password, as the telnet console does, unless
 * `--allow-remote-without-password`. Returns the address, or the message to print.
 */
export function checkSshListen(text: string, config: Config, allowRemoteWithoutPassword: boolean): SshListen | string {
  const anyPort = /:0$/.test(text);
  const hp = parseHostPort(anyPort ? `${text.slice(0, -2)}:1` : text);
  if (!hp.ok || hp.value.port === undefined) return `sipsh: --ssh ${text}: expected HOST:PORT (IPv6 in brackets)${hp.ok ? '' : `: ${hp.message}`}`;
  const at = { host: hp.value.host.address, port: anyPort ? 0 : hp.value.port, shown: formatHost(hp.value.host) };
  if (!isLoopback(at.host) && config.loginPassword === undefined && !allowRemoteWithoutPassword) {
    return `sipsh: refusing to serve SSH on ${at.shown} with no login password set; set one (login password) or pass --allow-remote-without-password`;
  }
  return at;
}

/**
 * Starts the SSH server for a shell whose configuration is loaded: it listens at once when
 * `sshd service on` and host keys exist, and follows configuration changes. `announce` gets the
 * operator's lines (`sipsh: SSH console on HOST:PORT`).
 */
export async function startSsh(shell: Shell, at: SshListen, announce: (line: string) => void): Promise<SshServer | undefined> {
  const file = shell.store.file;
  if (file === undefined) return undefined;
  const server = new SshServer(shell, new KeyFiles(file), { ...at, announce });
  await server.reconcile();
  return server;
}
