/**
 * Frames SIP messages on a TCP stream (RFC 3261 §18.3): header section up to the blank line, then
 * exactly Content-Length bytes. Any split of the stream works; CRLF keep-alives between messages
 * are skipped. Pure: bytes in, frames out; a framing error means the stream cannot be trusted.
 */
import { Headers } from './message';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, headerEnd, parseContentLength } from './parser';

/** What `StreamFramer.feed` yields: one whole message's bytes, or the error after which the stream is given up. */
export type FrameEvent = { readonly t: 'frame'; readonly bytes: Buffer } | { readonly t: 'error'; readonly error: string };

/** The framer of one TCP connection: keeps the partial message between chunks; after an error it yields nothing more. */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  private scanFrom = 0;
  private failed = false;

  feed(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: FrameEvent[] = [];
    for (;;) {
      let skip = 0;
      while (skip < this.buf.length && (this.buf[skip] === 0x0d || this.buf[skip] === 0x0a)) skip++;
      if (skip > 0) {
        this.buf = this.buf.subarray(skip);
        this.scanFrom = 0;
      }
      if (this.buf.length === 0) break;
      const he = headerEnd(this.buf, Math.max(0, this.scanFrom - 3));
      if (!he) {
        this.scanFrom = this.buf.length;
        if (this.buf.length > MAX_HEADER_BYTES) return this.fail(out, 'header section too long');
        break;
      }
      const head = this.buf.subarray(0, he.end).toString('latin1');
      const headers = new Headers();
      for (const line of head.split('\n')) {
        const m = /^(content-length|l)\s*:\s*(.*?)\r?$/i.exec(line);
        if (m) headers.add('Content-Length', (m[2] ?? '').trim());
      }
      const length = parseContentLength(headers);
      if (length === 'bad') return this.fail(out, 'bad Content-Length');
      const bodyLength = length ?? 0;
      if (bodyLength > MAX_BODY_BYTES) return this.fail(out, 'body too long');
      const total = he.bodyStart + bodyLength;
      if (this.buf.length < total) {
        this.scanFrom = he.end;
        break;
      }
      out.push({ t: 'frame', bytes: Buffer.from(this.buf.subarray(0, total)) });
      this.buf = this.buf.subarray(total);
      this.scanFrom = 0;
    }
    return out;
  }

  private fail(out: FrameEvent[], error: string): FrameEvent[] {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    out.push({ t: 'error', error });
    return out;
  }
}
