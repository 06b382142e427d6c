/** Writes a SIP message to bytes, with CRLF line ends and a Content-Length that counts bytes. */
import { SipMessage, canonicalName } from './message';

/** The wire bytes of `m`: headers in their order and spelling; any Content-Length given is replaced by the body's true length. */
export function serialize(m: SipMessage): Buffer {
  // One string and one buffer: no array of lines, and no concat when there is no body (REGISTER).
  let text = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0\r\n` : `SIP/2.0 ${m.status} ${m.reason}\r\n`;
  for (const f of m.headers.all()) {
    if (f.name.length <= 14 && canonicalName(f.name) === 'content-length') continue;
    text += `${f.name}: ${f.value}\r\n`;
  }
  text += `Content-Length: ${m.body.length}\r\n\r\n`;
  if (m.body.length === 0) return Buffer.from(text, 'latin1');
  return Buffer.concat([Buffer.from(text, 'latin1'), m.body]);
}
