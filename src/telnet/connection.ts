/** One telnet connection: socket bytes → codec → options and keys → session; session text → wire. */
import * as net from 'net';
import { Session } from '../shell/session';
import { Shell } from '../shell/shell';
import { AYT, BRK, EC, EL, IP, OPT_NAWS, TelnetDecoder, WireTextBuffer, encodeData, optionBytes, parseNaws } from './codec';
import { OptionNegotiator } from './options';

/** A client that stops reading is dropped once this much output waits for it. */
const MAX_BUFFERED = 4 * 1024 * 1024;

/** The connections with output written in this turn of the event loop; one setImmediate sends them all. */
let waiting: TelnetConnection[] = [];

function flushAll(): void {
  const now = waiting;
  waiting = [];
  for (const c of now) c.flushText();
}

/**
 * Hands every read of `socket` to `receive`, as a `data` listener would, without the socket's
 * Readable stream: Node's socket gives each read to its `push()`, and this socket's `push` takes
 * the bytes itself; the end of the stream (`push(null)`) still goes to Readable's own, which ends
 * and closes the socket as before. Profile (issue 13, callgrind of the console bench's server, and
 * of a bare server answering each read with one write): a `data` listener cost each read
 * Readable's push, its `data` event and a `process.nextTick` to read more (with its async-hook
 * calls), about 40% of the bare server's instructions with 200 sessions and ~20 functions more for
 * TurboFan to compile on the server's core in the first rounds; at the first sessions' close, the
 * end-of-stream path threw their optimised code away, to be compiled again in the next sessions'.
 */
function takeReads(socket: net.Socket, receive: (chunk: Buffer) => void): void {
  const push = socket.push.bind(socket);
  socket.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (!(chunk instanceof Buffer)) return push(chunk, encoding);
    receive(chunk);
    return true;
  };
}

/** One telnet client: its codec, option negotiation and session. */
export class TelnetConnection {
  private readonly decoder = new TelnetDecoder();
  private readonly options = new OptionNegotiator();
  private session: Session | undefined;
  /** Text written during one turn of the event loop goes out in one segment (see flushAll). */
  private readonly out = new WireTextBuffer();
  private queued = false;
  /** A read is being handled (see receive). */
  private inRead = false;
  /** Whether the last write found the socket's buffer past its high-water mark (then its length is checked). */
  private backedUp = false;

  constructor(
    private readonly socket: net.Socket,
    shell: Shell,
  ) {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    socket.setNoDelay(true);
    socket.on('error', () => this.session?.close());
    socket.on('close', () => this.session?.close());
    const session = shell.openSession({
      peer,
      address: socket.remoteAddress ?? '?',
      door: 'TELNET',
      write: (text) => this.queueText(text),
      writeLines: (lines) => {
        // As queueText, written in place: one function less on the command path to compile.
        if (!this.queued && !this.inRead) this.flushLater();
        this.out.addLines(lines);
      },
      end: () => {
        this.flushText();
        if (!socket.destroyed) socket.end();
      },
    });
    if (session === undefined) {
      socket.end(encodeData(`Error: Too many sessions (${shell.maxSessions} at most); try again later\r\n`));
      return;
    }
    this.session = session;
    for (const [verb, option] of this.options.start()) this.send(optionBytes(verb, option));
    takeReads(socket, (chunk) => this.receive(chunk));
    void session.start();
  }

  private queueText(text: string): void {
    // Written while a read is handled: sent at the end of the read (see receive).
    if (!this.queued && !this.inRead) this.flushLater();
    this.out.add(text);
  }

  /** Written outside a read: sent at the end of the event loop's turn, with the turn's other connections'. */
  private flushLater(): void {
    this.queued = true;
    if (waiting.length === 0) setImmediate(flushAll);
    waiting.push(this);
  }

  /** Sends what was written since the last flush: one socket write, the text as latin1, no Buffer copy. */
  flushText(): void {
    this.queued = false;
    const text = this.out.take();
    if (text.length > 0) this.send(text);
  }

  private send(bytes: Buffer | string): void {
    if (this.socket.destroyed) return;
    // Below the high-water mark at the last write, the buffer cannot have grown past MAX_BUFFERED since.
    if (this.backedUp && this.socket.writableLength > MAX_BUFFERED) {
      this.socket.destroy();
      return;
    }
    this.backedUp = typeof bytes === 'string' ? !this.socket.write(bytes, 'latin1') : !this.socket.write(bytes);
  }

  /**
   * Handles one read; what it wrote (the echo, a command's output, the next prompt) goes out at
   * its end in one write, not at the end of the event loop's turn with every other connection's.
   * Profile (issue 13): the setImmediate that sent the turn's output was, with 16 sessions, a turn
   * of its own for a few commands; and every reply waited for the other reads of its turn.
   */
  private receive(chunk: Buffer): void {
    this.inRead = true;
    try {
      this.handleRead(chunk);
    } finally {
      this.inRead = false;
    }
    this.flushText();
  }

  private handleRead(chunk: Buffer): void {
    const session = this.session;
    if (session === undefined) return;
    // The common read, typed text: straight to the session as text, no event list.
    const text = chunk.toString('latin1');
    if (this.decoder.isPlainText(text)) {
      if (text.length > 0) session.input(text);
      return;
    }
    for (const ev of this.decoder.feed(chunk)) {
      switch (ev.t) {
        case 'data':
          session.input(ev.bytes.toString('latin1'));
          break;
        case 'option': {
          const reply = this.options.receive(ev.verb, ev.option);
          if (reply) this.send(optionBytes(reply[0], reply[1]));
          break;
        }
        case 'subnegotiation':
          if (ev.option === OPT_NAWS) {
            const size = parseNaws(ev.data);
            if (size) session.setWindow(size.width, size.height);
          }
          break;
        case 'command':
          if (ev.code === IP || ev.code === BRK) session.interrupt();
          else if (ev.code === AYT) this.queueText('\r\n[Yes]\r\n');
          else if (ev.code === EC) session.input('\x7f');
          else if (ev.code === EL) session.input('\x15');
          break;
      }
    }
  }
}
