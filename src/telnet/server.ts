/** The telnet listener: one TelnetConnection per client, all stopped together. */
import * as net from 'net';
import { Shell } from '../shell/shell';
import { TelnetConnection } from './connection';
import { encodeData } from './codec';
import { refusedWithoutPassword } from '../util/loopback';

/** How the telnet console runs. */
export interface TelnetServerOptions {
  /** Serve a non-loopback address with no login password (`--allow-remote-without-password`). */
  readonly allowRemoteWithoutPassword?: boolean;
}

/** The telnet console's listener. */
export class TelnetServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private bound = '127.0.0.1';

  constructor(
    private readonly shell: Shell,
    private readonly options: TelnetServerOptions = {},
  ) {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // The start-up rule, held at run time: `no login password` on a non-loopback console refuses newcomers.
      if (refusedWithoutPassword(this.bound, shell.store.config.loginPassword !== undefined, this.options.allowRemoteWithoutPassword === true)) {
        shell.log.add(`Connection refused for TELNET: ${socket.remoteAddress ?? '?'}: no login password is set on a non-loopback console`);
        socket.end(encodeData('Error: No login password is set; this console listens on a non-loopback address and refuses connections until one is set\r\n'));
        return;
      }
      new TelnetConnection(socket, this.shell);
    });
  }

  /** Listens; resolves with the bound address (port 0 = any free port). */
  listen(host: string, port: number): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const a = this.server.address() as net.AddressInfo;
        this.bound = a.address;
        resolve(a);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
