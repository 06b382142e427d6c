/** The former `parseHead` (expression for the status line, a token set, two trims per field), kept as the reference. */
import { Headers } from '../../../src/sip/codec/message';

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

function headerLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const lf = text.indexOf('\n', start);
    const end = lf < 0 ? text.length : lf > start && text.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf;
    const l = text.slice(start, end);
    const c = l.charCodeAt(0);
    if ((c === 0x20 || c === 0x09) && lines.length > 0) lines[lines.length - 1] += ' ' + l.trim();
    else lines.push(l);
    if (lf < 0) return lines;
    start = lf + 1;
  }
}

export function formerParseHead(head: string): { ok: true; first: { method: string; uri: string; version?: string } | { status: number; reason: string }; headers: Headers } | { ok: false; error: string } {
  const c0 = head.charCodeAt(0);
  const lines = headerLines(c0 === 0x0d || c0 === 0x0a ? head.replace(/^(\r?\n)+/, '') : head);
  const start = lines.shift() ?? '';
  let first: { method: string; uri: string; version?: string } | { status: number; reason: string };
  const resp = /^SIP\/2\.0 (\d{3})(?: (.*))?$/i.exec(start);
  if (resp) {
    const status = Number(resp[1]);
    if (status < 100 || status > 699) return { ok: false, error: `status code ${status} out of range` };
    first = { status, reason: resp[2] ?? '' };
  } else {
    const parts = start.split(' ');
    const version = parts[2] !== undefined && /^SIP\/\d{1,3}\.\d{1,3}$/i.test(parts[2]) && !/^SIP\/2\.0$/i.test(parts[2]) ? parts[2] : undefined;
    if (parts.length !== 3 || (version === undefined && !/^SIP\/2\.0$/i.test(parts[2] as string))) return { ok: false, error: `bad start line "${start.slice(0, 80)}"` };
    const [method, uri] = parts as [string, string];
    if (!TOKEN.test(method)) return { ok: false, error: `bad method "${method.slice(0, 40)}"` };
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri)) return { ok: false, error: `bad Request-URI "${uri.slice(0, 80)}"` };
    first = version !== undefined ? { method, uri, version } : { method, uri };
  }
  const headers = new Headers();
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `bad header line "${line.slice(0, 80)}"` };
    const name = line.slice(0, colon).trim();
    if (!TOKEN.test(name)) return { ok: false, error: `bad header name "${name.slice(0, 40)}"` };
    headers.add(name, line.slice(colon + 1).trim());
  }
  return { ok: true, first, headers };
}
