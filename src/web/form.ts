/** Reading `application/x-www-form-urlencoded` bodies with limits; malformed input is a result, not a throw. */
import { IncomingMessage } from 'http';

/** The largest form body read, in bytes; a larger one is answered 413. */
export const MAX_BODY = 16 * 1024;

/** The fields of a form, or the HTTP status and message that refuse it. */
export type FormResult = { ok: true; fields: Map<string, string> } | { ok: false; status: 400 | 413 | 415; message: string };

/** Parses an `application/x-www-form-urlencoded` body; a field given twice or too long is refused. */
export function parseForm(body: string): FormResult {
  const fields = new Map<string, string>();
  if (body.length === 0) return { ok: true, fields };
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return { ok: false, status: 400, message: 'malformed form body' };
    }
    if (fields.has(name)) return { ok: false, status: 400, message: `field ${name} given twice` };
    if (name.length > 64 || value.length > 1024) return { ok: false, status: 400, message: 'field too long' };
    fields.set(name, value);
  }
  return { ok: true, fields };
}

/** Reads a request body up to MAX_BODY bytes. */
export function readForm(req: IncomingMessage): Promise<FormResult> {
  return new Promise((resolve) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      req.resume();
      resolve({ ok: false, status: 415, message: 'forms only (application/x-www-form-urlencoded)' });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY) {
      req.resume();
      resolve({ ok: false, status: 413, message: 'request body too large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY) {
        done = true;
        resolve({ ok: false, status: 413, message: 'request body too large' });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(parseForm(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', () => {
      if (!done) resolve({ ok: false, status: 400, message: 'request aborted' });
      done = true;
    });
  });
}
