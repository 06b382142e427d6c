/** The telnet listener: one TelnetConnection per client, all stopped together. */
import * as net from 'net';
import { Shell } from '../shell/shell';
import { TelnetConnection } from './connection';

export class TelnetServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly shell: Shell) {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      new TelnetConnection(socket, this.shell);
    });
  }

  /** Listens; resolves with the bound address (port 0 = any free port). */
  listen(host: string, port: number): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as net.AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
