/** A raw-socket telnet client for tests: it refuses every option, like a script, and reads what comes. */
import * as net from 'net';
import { DO, DONT, IAC, WILL, WONT } from '../../src/telnet/codec';
import { telnetText } from './telnet-text';

export class RawTelnet {
  readonly socket: net.Socket;
  /** Data received (telnet commands removed), latin1. */
  text = '';
  /** Option commands received, e.g. 'WILL 1'. */
  readonly options: string[] = [];
  closed = false;
  private pending: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;

  private constructor(socket: net.Socket, private readonly refuse: boolean) {
    this.socket = socket;
    socket.setNoDelay(true); // like an interactive client: no Nagle delay on small writes
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on('error', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  /** `localAddress`: the source address to connect from (another 127.x address plays another host). */
  static connect(port: number, refuse = true, host = '127.0.0.1', localAddress?: string): Promise<RawTelnet> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host, ...(localAddress !== undefined ? { localAddress } : {}) }, () => resolve(new RawTelnet(s, refuse)));
      s.once('error', reject);
    });
  }

  private onData(d: Buffer): void {
    const { text, pending } = telnetText(this.pending, d, (c, opt) => {
      this.options.push(`${c === WILL ? 'WILL' : c === WONT ? 'WONT' : c === DO ? 'DO' : 'DONT'} ${opt}`);
      if (this.refuse && (c === WILL || c === DO)) this.socket.write(Buffer.from([IAC, c === WILL ? DONT : WONT, opt]));
    });
    this.pending = pending;
    this.text += text;
    this.waiter?.();
  }

  send(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits until the text received since `from` matches; returns that text. */
  async waitFor(re: RegExp, from = 0, timeoutMs = 5000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (!re.test(this.text.slice(from))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; got:\n${JSON.stringify(this.text.slice(from).slice(-500))}`);
      if (this.closed) throw new Error(`connection closed while waiting for ${re}; got:\n${JSON.stringify(this.text.slice(from).slice(-500))}`);
      // Woken by the next data (or close), or after 50 ms to check the deadline.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(50, Math.max(1, end - Date.now())));
        this.waiter = () => {
          clearTimeout(t);
          this.waiter = undefined;
          resolve();
        };
      });
    }
    return this.text.slice(from);
  }

  close(): void {
    this.socket.destroy();
  }
}
