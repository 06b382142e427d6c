/** Writes a SIP message to bytes, with CRLF line ends and a Content-Length that counts bytes. */
import { SipMessage, WrittenRequest } from './message';

/** The wire bytes of `m`: headers in their order and spelling; any Content-Length given is replaced by the body's true length. */
export function serialize(m: SipMessage): Buffer {
  if (m instanceof WrittenRequest) return m.wire;
  // One string and one buffer: no array of lines, and no concat when there is no body (REGISTER).
  let text = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0\r\n` : `SIP/2.0 ${m.status} ${m.reason}\r\n`;
  // The canonical names kept with the fields: no name look-up per field written.
  const fields = m.headers.all();
  const keys = m.headers.canonicalNames();
  for (let i = 0; i < fields.length; i++) {
    if (keys[i] === 'content-length') continue;
    const f = fields[i] as (typeof fields)[number];
    text += `${f.name}: ${f.value}\r\n`;
  }
  text += `Content-Length: ${m.body.length}\r\n\r\n`;
  if (m.body.length === 0) return Buffer.from(text, 'latin1');
  return Buffer.concat([Buffer.from(text, 'latin1'), m.body]);
}
