/** The former `parseMessage` (mandatory headers by look-ups, Content-Length by getAll, over the former parseHead), kept as the reference. */
import { Headers, SipMessage } from '../../../src/sip/codec/message';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, ParseResult, PartialRequest, headerEnd, parseContentLength } from '../../../src/sip/codec/parser';
import { formerParseHead } from './former-parse-head';

const NO_BODY = Buffer.alloc(0);

function missingMandatory(headers: Headers): string | undefined {
  for (const h of ['via', 'from', 'to', 'call-id', 'cseq']) if (!headers.has(h)) return `missing ${h} header`;
  const cseq = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(headers.get('cseq') ?? '');
  if (!cseq || Number(cseq[1]) > 2 ** 31 - 1) return 'bad CSeq header';
  return undefined;
}

export function formerParseMessage(buf: Buffer): ParseResult {
  if (buf.length === 0) return { ok: false, error: 'empty message' };
  const he = headerEnd(buf);
  const headBytes = he ? buf.subarray(0, he.end) : buf;
  if (headBytes.length > MAX_HEADER_BYTES) return { ok: false, error: 'header section too long' };
  const head = formerParseHead(headBytes.toString('latin1'));
  if (!head.ok) return head;
  const rest = he && he.bodyStart < buf.length ? buf.subarray(he.bodyStart) : NO_BODY;
  const partial: PartialRequest | undefined = 'method' in head.first ? { method: head.first.method, uri: head.first.uri, headers: head.headers, ...(head.first.version !== undefined ? { version: head.first.version } : {}) } : undefined;
  const fail = (error: string): ParseResult => (partial ? { ok: false, error, partial } : { ok: false, error });
  if (partial?.version !== undefined) return fail(`unsupported SIP version ${partial.version}`);
  const missing = missingMandatory(head.headers);
  if (missing) return fail(missing);
  if ('method' in head.first) {
    const cseqMethod = (head.headers.get('cseq') ?? '').trim().split(/\s+/)[1];
    if (cseqMethod !== head.first.method) return fail('CSeq method does not match the request method');
  }
  const length = parseContentLength(head.headers);
  if (length === 'bad') return fail('bad Content-Length');
  let body: Buffer;
  if (length === undefined) body = rest;
  else if (length > rest.length) return fail(`Content-Length ${length} is larger than the body (${rest.length} bytes)`);
  else body = rest.subarray(0, length);
  if (body.length > MAX_BODY_BYTES) return fail('body too long');
  const message: SipMessage =
    'method' in head.first
      ? { kind: 'request', method: head.first.method, uri: head.first.uri, headers: head.headers, body: body.length === 0 ? NO_BODY : Buffer.from(body) }
      : { kind: 'response', status: head.first.status, reason: head.first.reason, headers: head.headers, body: body.length === 0 ? NO_BODY : Buffer.from(body) };
  return { ok: true, message };
}
