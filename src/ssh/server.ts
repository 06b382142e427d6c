/**
 * The SSH listener. It listens only while the configuration has `sshd service on` AND host keys
 * exist; after every configuration change (and `sshd host key generate`) it reconciles: starts,
 * stops, or restarts with the new keys. Open connections outlive a stop, as on the router.
 */
import { AddressInfo } from 'net';
import type { Connection, ClientInfo, Server } from 'ssh2';
import { ssh2 } from '../util/ssh2-module';
import type { Shell } from '../shell/shell';
import { SshConnection } from './connection';
import { KeyFiles } from '../config/ssh-key-files';

/** Where to listen, and what to say when listening starts or fails. */
export interface SshServerOptions {
  readonly host: string;
  readonly port: number;
  /** `HOST` as shown to people (IPv6 in brackets). */
  readonly shown: string;
  /** One line for the operator (stdout of the program). */
  readonly announce: (line: string) => void;
}

/** The server software name in the SSH identification string (RFC 4253 §4.2). */
export const SSH_IDENT = 'sipsh';

/** The SSH listener of one running program (see the file comment). */
export class SshServer {
  private server: Server | undefined;
  private serverKeys = '';
  private readonly connections = new Set<SshConnection>();
  private readonly clients = new Set<Connection>();
  /** Reconciliations run one after another. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly unsubscribe: () => void;
  /** The port bound now (undefined when not listening). */
  port: number | undefined;

  constructor(
    private readonly shell: Shell,
    private readonly keys: KeyFiles,
    private readonly o: SshServerOptions,
  ) {
    this.unsubscribe = shell.onConfigChanged(() => void this.reconcile());
  }

  /** Brings the listener in line with the configuration and the key files. */
  reconcile(): Promise<void> {
    this.chain = this.chain.then(() => this.reconcileNow()).catch((e: unknown) => this.shell.reportBug(e));
    return this.chain;
  }

  private async reconcileNow(): Promise<void> {
    const hostKeys = this.stopped || !this.shell.store.config.ssh.service ? [] : this.keys.readHostKeys();
    const wanted = hostKeys.join('');
    if (this.server !== undefined && wanted === this.serverKeys) return;
    if (this.server !== undefined) {
      await this.closeListener();
      this.o.announce(`sipsh: SSH console stopped${wanted === '' ? '' : ' (new host keys)'}`);
    }
    if (wanted === '') return;
    // Connections beyond this are closed at once: authenticated shells are bounded by the shared
    // session limit, this bounds the ones still authenticating.
    const maxConnections = this.shell.maxSessions * 2;
    const server = new (ssh2().Server)({ hostKeys, ident: SSH_IDENT, keepaliveInterval: 15000, keepaliveCountMax: 4 }, (client: Connection, info: ClientInfo) => {
      if (this.clients.size >= maxConnections) {
        client.on('error', () => undefined);
        client.end();
        return;
      }
      // The program's one cap on connections still authenticating (telnet's too): a full cap
      // closes the oldest waiting connection, so that guessers cannot lock the operator out.
      const admission = this.shell.guard.admit(info.ip, () => {
        this.shell.log.add(`SSH: ${info.ip}:${info.port}: closed: too many connections waiting to authenticate`);
        client.end();
      });
      if (!admission.ok) {
        client.on('error', () => undefined);
        client.end();
        return;
      }
      this.clients.add(client);
      const c = new SshConnection(
        client,
        info,
        this.shell,
        this.keys,
        () => {
          this.connections.delete(c);
          this.clients.delete(client);
        },
        admission.release,
      );
      this.connections.add(c);
    });
    // A client that sends garbage makes the connection emit 'error', handled per connection; this
    // catches what is left so that no socket error reaches the process.
    server.on('error', (e: Error) => this.shell.log.add(`SSH: listener error: ${e.message}`));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.o.port, this.o.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      const message = `sipsh: cannot open the SSH port ${this.o.shown}:${this.o.port}: ${(e as Error).message}`;
      this.shell.log.add(message);
      this.o.announce(message);
      return;
    }
    this.server = server;
    this.serverKeys = wanted;
    this.port = (server.address() as AddressInfo).port;
    this.o.announce(`sipsh: SSH console on ${this.o.shown}:${this.port}`);
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.serverKeys = '';
    this.port = undefined;
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      // close() waits for open connections; the listening socket is closed at once.
      setImmediate(resolve);
    });
  }

  /** Stops listening and closes every connection. */
  /** True while the SSH port is open. */
  get listening(): boolean {
    return this.server !== undefined;
  }

  /** True when the configuration asks for the SSH console (`sshd service on` and host keys exist). */
  get wanted(): boolean {
    return !this.stopped && this.shell.store.config.ssh.service && this.keys.readHostKeys().length > 0;
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.reconcile();
    for (const c of [...this.clients]) c.end();
  }
}
