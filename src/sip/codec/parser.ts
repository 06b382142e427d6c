/**
 * Parses one SIP message from bytes (RFC 3261 §7, §25). Returns a result, never throws.
 * Accepts CRLF or bare LF line ends, header folding, compact forms; Content-Length counts bytes.
 */
import { Headers, SipMessage, canonicalName } from './message';
import { hasLineTerminator, isSpace } from './header-values';

/** What `parse` returns instead of throwing: the message, or why the bytes are not one. */
export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: string; /** A request whose start line and headers were read (may be answered 400). */ partial?: PartialRequest };

/** The start line and headers of a request whose body or headers are bad: enough to answer it 400 Bad Request rather than drop it. */
export interface PartialRequest {
  readonly method: string;
  readonly uri: string;
  readonly headers: Headers;
  /** A SIP version other than 2.0 (`SIP/7.0`): answered 505 (RFC 3261 §8.2, RFC 4475 §3.1.2.x). */
  readonly version?: string;
}

/** The longest header section accepted, so a peer cannot make us buffer without end (datagram or TCP stream). */
export const MAX_HEADER_BYTES = 64 * 1024;
/** The longest body accepted, for the same reason. */
export const MAX_BODY_BYTES = 64 * 1024;

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * Header names seen that are tokens, with their canonical names: one look-up per received field
 * tells both (profile: a token set and then the canonical-name map, two hash look-ups per field).
 */
const TOKEN_NAMES = new Map<string, string>();
const MAX_TOKEN_NAMES = 256;

/** `canonicalName(name)` when `TOKEN.test(name)`, else undefined; remembered for the few names of nearly every message. */
function tokenKey(name: string): string | undefined {
  const known = TOKEN_NAMES.get(name);
  if (known !== undefined) return known;
  if (!TOKEN.test(name)) return undefined;
  const key = canonicalName(name);
  if (TOKEN_NAMES.size < MAX_TOKEN_NAMES) TOKEN_NAMES.set(name, key);
  return key;
}

/**
 * The header names of nearly every message as they are usually written, by the code of their first
 * character (all below 0x80), each with its canonical name; the shorter first within a letter. A
 * field whose name is one of these letter for letter takes the constant and its canonical name,
 * with no slice of the name, no hash of that slice and no map look-up (profile of the parser under
 * callgrind: hashing and comparing the names sliced from each message was ~8% of its instructions).
 */
const KNOWN_BY_FIRST: ReadonlyArray<ReadonlyArray<readonly [string, string]>> = (() => {
  const names = ['To', 'Via', 'From', 'CSeq', 'Allow', 'Route', 'Event', 'Server', 'Call-ID', 'Contact', 'Expires', 'Require', 'Supported', 'User-Agent', 'Min-Expires', 'Retry-After', 'Max-Forwards', 'Content-Type', 'Record-Route', 'Authorization', 'Content-Length', 'WWW-Authenticate', 'Proxy-Authenticate', 'Proxy-Authorization'];
  const byFirst: Array<Array<readonly [string, string]>> = Array.from({ length: 0x80 }, () => []);
  for (const name of names) byFirst[name.charCodeAt(0)]?.push([name, canonicalName(name)]);
  return byFirst;
})();

/**
 * The name and key of a field when the line from `start` (ending before `end`) starts with one
 * of the known names (KNOWN_BY_FIRST) followed at once by its colon, else undefined. The colon is then the line's
 * first (no known name has one), found without a search of the line (profile, callgrind: two
 * string searches per header line, ~1/3 of the parser's builtin calls).
 */
function knownName(text: string, start: number, end: number): readonly [string, string] | undefined {
  const candidates = KNOWN_BY_FIRST[text.charCodeAt(start)];
  if (candidates === undefined) return undefined;
  for (const c of candidates) {
    const colon = start + c[0].length;
    if (colon < end && text.charCodeAt(colon) === 0x3a && text.slice(start, colon) === c[0]) return c;
  }
  return undefined;
}

/** `s.slice(from, to).trim()` with one slice instead of two. */
function trimmedSlice(s: string, from: number, to: number): string {
  while (from < to && isSpace(s.charCodeAt(from))) from++;
  while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
  return s.slice(from, to);
}

/** The body of a message without one (shared: a zero-length buffer holds nothing to change). */
const NO_BODY = Buffer.alloc(0);

/** Where the header section ends: index of the blank line's end, or -1. */
export function headerEnd(buf: Buffer, from = 0): { end: number; bodyStart: number } | undefined {
  // From one LF to the next with the buffer's own search (a byte-at-a-time loop was ~1% of a run).
  for (let i = buf.indexOf(0x0a, from); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    // LF followed by LF, or LF followed by CR LF.
    if (buf[i + 1] === 0x0a) return { end: i, bodyStart: i + 2 };
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return { end: i, bodyStart: i + 3 };
  }
  return undefined;
}

/** `headerEnd` of a message read as latin1 text: the first LF followed by LF or by CR LF. */
function textHeaderEnd(text: string): { end: number; bodyStart: number } | undefined {
  const lf = text.indexOf('\n\n');
  const crlf = text.indexOf('\n\r\n');
  if (crlf < 0) return lf < 0 ? undefined : { end: lf, bodyStart: lf + 2 };
  return lf >= 0 && lf < crlf ? { end: lf, bodyStart: lf + 2 } : { end: crlf, bodyStart: crlf + 3 };
}

/**
 * Splits the header section into logical lines (unfolding continuation lines): what
 * `text.split(/\r?\n/)` gives, found with indexOf (the expression was ~1% of a registration run).
 */
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

/**
 * The body length in bytes (RFC 3261 §20.14): `undefined` when there is no Content-Length, `'bad'` when
 * the values differ or are not 1-9 digits (a stream with such a message cannot be framed).
 */
export function parseContentLength(headers: Headers): number | 'bad' | undefined {
  const values = headers.getAll('content-length');
  if (values.length === 0) return undefined;
  const v = (values[0] as string).trim();
  for (let i = 1; i < values.length; i++) if ((values[i] as string).trim() !== v) return 'bad';
  if (!/^\d{1,9}$/.test(v)) return 'bad';
  return Number(v);
}

/**
 * What `/^SIP\/2\.0 (\d{3})(?: (.*))?$/i` reads from a start line, by character code: the code
 * and the reason (`''` when absent), or undefined. Every response received starts with one.
 */
export function statusLine(start: string): { status: number; reason: string } | undefined {
  const n = start.length;
  if (n < 11) return undefined;
  if ((start.charCodeAt(0) | 0x20) !== 0x73 || (start.charCodeAt(1) | 0x20) !== 0x69 || (start.charCodeAt(2) | 0x20) !== 0x70) return undefined;
  if (start.charCodeAt(3) !== 0x2f || start.charCodeAt(4) !== 0x32 || start.charCodeAt(5) !== 0x2e || start.charCodeAt(6) !== 0x30 || start.charCodeAt(7) !== 0x20) return undefined;
  for (let i = 8; i < 11; i++) {
    const c = start.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const status = Number(start.slice(8, 11));
  if (n === 11) return { status, reason: '' };
  if (start.charCodeAt(11) !== 0x20) return undefined;
  if (hasLineTerminator(start, 12)) return undefined;
  return { status, reason: start.slice(12) };
}

/** The start line of a message: a request's method, URI (and another SIP version), or a response's status. */
type StartLine = { method: string; uri: string; version?: string } | { status: number; reason: string };

/**
 * What the last `parseHead` saw of the fields `parseMessage` checks, gathered as the fields were
 * read (profile: five `has` look-ups, a `get` and a `getAll` per message received, each a
 * canonical-name look-up and a scan of the fields). Read by `parseMessage` right after the call.
 */
const facts = { seen: 0, cseq: undefined as string | undefined, length: undefined as string | undefined, lengths: 0, lengthsDiffer: false };

/** Bits of `facts.seen`, in the order RFC 3261 §8.1.1's mandatory headers are checked. */
const MANDATORY: ReadonlyArray<readonly [string, number]> = [
  ['via', 1],
  ['from', 2],
  ['to', 4],
  ['call-id', 8],
  ['cseq', 16],
];

/** Adds a field read from the wire and notes it in `facts`. */
function addField(headers: Headers, name: string, value: string, key: string): void {
  headers.addKnown(name, value, key);
  switch (key) {
    case 'via':
      facts.seen |= 1;
      return;
    case 'from':
      facts.seen |= 2;
      return;
    case 'to':
      facts.seen |= 4;
      return;
    case 'call-id':
      facts.seen |= 8;
      return;
    case 'cseq':
      if ((facts.seen & 16) === 0) facts.cseq = value;
      facts.seen |= 16;
      return;
    case 'content-length':
      if (facts.lengths === 0) facts.length = value;
      else if (value !== facts.length) facts.lengthsDiffer = true;
      facts.lengths++;
      return;
  }
}

/** Reads the start line; an error text when it is not one. */
function readStartLine(start: string): StartLine | string {
  const resp = statusLine(start);
  if (resp) {
    const status = resp.status;
    if (status < 100 || status > 699) return `status code ${status} out of range`;
    return resp;
  }
  const parts = start.split(' ');
  // Another SIP version is read on, so that it can be answered 505 (RFC 3261 §8.2 end).
  const version = parts[2] !== undefined && /^SIP\/\d{1,3}\.\d{1,3}$/i.test(parts[2]) && !/^SIP\/2\.0$/i.test(parts[2]) ? parts[2] : undefined;
  if (parts.length !== 3 || (version === undefined && !/^SIP\/2\.0$/i.test(parts[2] as string))) return `bad start line "${start.slice(0, 80)}"`;
  const [method, uri] = parts as [string, string];
  if (!TOKEN.test(method)) return `bad method "${method.slice(0, 40)}"`;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri)) return `bad Request-URI "${uri.slice(0, 80)}"`;
  return version !== undefined ? { method, uri, version } : { method, uri };
}

/**
 * Parses the start line and headers of `head` (the bytes before the blank line). Without folded
 * lines (nearly always) the fields are sliced straight from the text, with no array of lines.
 */
export function parseHead(head: string): { ok: true; first: StartLine; headers: Headers } | { ok: false; error: string } {
  const c0 = head.charCodeAt(0);
  const text = c0 === 0x0d || c0 === 0x0a ? head.replace(/^(\r?\n)+/, '') : head;
  facts.seen = 0;
  facts.cseq = undefined;
  facts.length = undefined;
  facts.lengths = 0;
  facts.lengthsDiffer = false;
  // A line starting with white space continues the one before (RFC 3261 §7.3.1).
  if (text.indexOf('\n ') >= 0 || text.indexOf('\n\t') >= 0) return parseFoldedHead(text);
  const n = text.length;
  let lf = text.indexOf('\n');
  const first = readStartLine(text.slice(0, lf < 0 ? n : lf > 0 && text.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf));
  if (typeof first === 'string') return { ok: false, error: first };
  const headers = new Headers();
  while (lf >= 0) {
    const start = lf + 1;
    lf = text.indexOf('\n', start);
    const end = lf < 0 ? n : lf > start && text.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf;
    if (end === start) continue;
    const known = knownName(text, start, end);
    if (known !== undefined) {
      addField(headers, known[0], trimmedSlice(text, start + known[0].length + 1, end), known[1]);
      continue;
    }
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end) return { ok: false, error: `bad header line "${text.slice(start, Math.min(end, start + 80))}"` };
    const name = trimmedSlice(text, start, colon);
    const key = tokenKey(name);
    if (key === undefined) return { ok: false, error: `bad header name "${name.slice(0, 40)}"` };
    addField(headers, name, trimmedSlice(text, colon + 1, end), key);
  }
  return { ok: true, first, headers };
}

/** `parseHead` for a header section with folded lines: unfolded into lines first. */
function parseFoldedHead(text: string): { ok: true; first: StartLine; headers: Headers } | { ok: false; error: string } {
  const lines = headerLines(text);
  const first = readStartLine(lines.shift() ?? '');
  if (typeof first === 'string') return { ok: false, error: first };
  const headers = new Headers();
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `bad header line "${line.slice(0, 80)}"` };
    const name = trimmedSlice(line, 0, colon);
    const key = tokenKey(name);
    if (key === undefined) return { ok: false, error: `bad header name "${name.slice(0, 40)}"` };
    addField(headers, name, trimmedSlice(line, colon + 1, line.length), key);
  }
  return { ok: true, first, headers };
}

/** The CSeq every message needs (RFC 3261 §8.1.1): sequence number and method. */
const CSEQ = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/;

/** Every bit of MANDATORY. */
const ALL_MANDATORY = 31;

/** The first of MANDATORY's headers that `facts.seen` lacks. */
function firstMissing(): string {
  for (const [name, bit] of MANDATORY) if ((facts.seen & bit) === 0) return name;
  return '';
}

/**
 * Why a message read by `parseHead` cannot be accepted (RFC 3261 §8.1.1), from `facts`; else its
 * CSeq method. The names are looked for only when one lacks: the loop over MANDATORY's pairs
 * (an iterator per pair when optimised) was one of the biggest compiles of a message received.
 */
function mandatoryFault(): { fault: string } | { method: string } {
  if ((facts.seen & ALL_MANDATORY) !== ALL_MANDATORY) return { fault: `missing ${firstMissing()} header` };
  const cseq = CSEQ.exec(facts.cseq ?? '');
  if (!cseq || Number(cseq[1]) > 2 ** 31 - 1) return { fault: 'bad CSeq header' };
  return { method: cseq[2] as string };
}

/** `parseContentLength` from `facts`. */
function factsContentLength(): number | 'bad' | undefined {
  if (facts.lengths === 0) return undefined;
  if (facts.lengthsDiffer) return 'bad';
  const v = facts.length ?? '';
  if (!/^\d{1,9}$/.test(v)) return 'bad';
  return Number(v);
}

/** A failed parse of a message whose start line and headers were read; a request keeps them for a 400. */
function failed(first: StartLine, headers: Headers, error: string): ParseResult {
  if (!('method' in first)) return { ok: false, error };
  const partial: PartialRequest = { method: first.method, uri: first.uri, headers, ...(first.version !== undefined ? { version: first.version } : {}) };
  return { ok: false, error, partial };
}

/**
 * Parses a whole datagram (or one framed TCP message). A body longer than Content-Length is cut
 * to it; a shorter one is an error.
 */
export function parseMessage(buf: Buffer): ParseResult {
  if (buf.length === 0) return { ok: false, error: 'empty message' };
  // The message read as latin1 text (one character per byte: the offsets are the buffer's), and
  // the blank line found by the text's own searches. Profile (a cold N=1,000 registration run,
  // --trace-opt under callgrind): headerEnd's Buffer#indexOf per line (Node's
  // bidirectionalIndexOf, a call into C++ each) and headerEnd were two of the optimising
  // compiler's jobs, ~4% of its time there.
  const text = buf.toString('latin1');
  const he = textHeaderEnd(text);
  const headLength = he ? he.end : buf.length;
  if (headLength > MAX_HEADER_BYTES) return { ok: false, error: 'header section too long' };
  // Without a body the head is a view of the text; with one, a text of its own, so that the
  // header values a call keeps do not hold on to its body.
  const head = parseHead(headLength === text.length ? text : he !== undefined && he.bodyStart === text.length ? text.slice(0, headLength) : buf.toString('latin1', 0, headLength));
  if (!head.ok) return head;
  const rest = he && he.bodyStart < buf.length ? buf.subarray(he.bodyStart) : NO_BODY;
  const first = head.first;
  if ('method' in first && first.version !== undefined) return failed(first, head.headers, `unsupported SIP version ${first.version}`);
  const mandatory = mandatoryFault();
  if ('fault' in mandatory) return failed(first, head.headers, mandatory.fault);
  if ('method' in first && mandatory.method !== first.method) return failed(first, head.headers, 'CSeq method does not match the request method');
  const length = factsContentLength();
  if (length === 'bad') return failed(first, head.headers, 'bad Content-Length');
  let body: Buffer;
  if (length === undefined) body = rest;
  else if (length > rest.length) return failed(first, head.headers, `Content-Length ${length} is larger than the body (${rest.length} bytes)`);
  else body = rest.subarray(0, length);
  if (body.length > MAX_BODY_BYTES) return failed(first, head.headers, 'body too long');
  const message: SipMessage =
    'method' in first
      ? { kind: 'request', method: first.method, uri: first.uri, headers: head.headers, body: body.length === 0 ? NO_BODY : Buffer.from(body) }
      : { kind: 'response', status: first.status, reason: first.reason, headers: head.headers, body: body.length === 0 ? NO_BODY : Buffer.from(body), cseqMethod: mandatory.method };
  return { ok: true, message };
}
