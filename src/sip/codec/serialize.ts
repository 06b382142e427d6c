/** Writes a SIP message to bytes, with CRLF line ends and a Content-Length that counts bytes. */
import { SipMessage } from './message';

/** The wire bytes of `m`: headers in their order and spelling; any Content-Length given is replaced by the body's true length. */
export function serialize(m: SipMessage): Buffer {
  const start = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  const lines = [start];
  for (const f of m.headers.all()) {
    if (f.name.toLowerCase() === 'content-length' || f.name.toLowerCase() === 'l') continue;
    lines.push(`${f.name}: ${f.value}`);
  }
  lines.push(`Content-Length: ${m.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), m.body]);
}
