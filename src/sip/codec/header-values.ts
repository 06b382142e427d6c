/** Typed reading and writing of the header values the engine uses. All parsers return undefined on bad input. */
import { parseHostPort, formatHost, Host, HostPort, Parsed } from '../../net/host';

/** Header parameters in order as `[name, value]`; `null` is a parameter without `=` (`;lr`), `''` one with an empty value. */
export type Params = Array<[string, string | null]>;

/**
 * Reads a quoted string starting at the opening quote `text[i]`; backslash escapes one character.
 * The runs between escapes are sliced, not added a character at a time: a nonce read that way
 * was a chain of ~30 string pieces kept for as long as the registration keeps its challenge.
 */
function readQuoted(text: string, i: number): { value: string; end: number } | undefined {
  let v = '';
  let j = i + 1;
  let start = j;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return { value: v + text.slice(start, j), end: j + 1 };
    if (c === 0x5c) {
      v += text.slice(start, j);
      start = j + 1; // the escaped character starts the next run, whatever it is
      j += 2;
      continue;
    }
    j++;
  }
  return undefined;
}

/**
 * A copy of `text` that holds on to nothing else: a slice of a received message keeps the whole
 * message text alive, and a string built piece by piece keeps every piece. For the few texts a
 * registration keeps for its lifetime (the nonce, its Contact).
 */
export function detached(text: string): string {
  // Flattening a two-piece string writes one new sequential string; slicing it back gives the text.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/**
 * What `\s` matches in a regular expression, by character code. ASCII first: the wide spaces are
 * a call of their own that text without them never makes, so the character loops that inline
 * this stay small when optimised (profile: V8's optimising compiler was ~40% of a cold
 * registration run, and these loops were among its biggest jobs).
 */
export function isSpace(c: number): boolean {
  return c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : c >= 0xa0 && isWideSpace(c);
}

/** The white space of `\s` above U+00A0. */
function isWideSpace(c: number): boolean {
  return c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Skips separators `sep` and white space from `i` (`[\s;]*` or `[\s,]*`). */
function skipSeparators(text: string, i: number, sep: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== sep && !isSpace(c)) break;
    i++;
  }
  return i;
}

/** The end of an unquoted parameter value from `i`: the first separator `sep` or white space (`[^\s;]*` or `[^\s,]*`). */
function valueEnd(text: string, i: number, sep: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === sep || isSpace(c)) break;
    i++;
  }
  return i;
}

/**
 * `;a=b;c;d="x y"` → [[a,b],[c,null],[d,"x y"]] (quotes removed). Character by character, without
 * an expression and a copy of the rest per parameter (profile: parseParams was ~2% of a
 * registration run, for the Via and Contact of every response).
 */
export function parseParams(text: string): Params | undefined {
  const out: Params = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    i = skipSeparators(text, i, 0x3b);
    if (i >= n) break;
    // The name: [^\s=;,]+
    const nameStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x3d || c === 0x3b || c === 0x2c || isSpace(c)) break;
      i++;
    }
    if (i === nameStart) return undefined;
    const name = text.slice(nameStart, i);
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== 0x3d) {
      out.push([name, null]);
      continue;
    }
    i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '"') {
      const q = readQuoted(text, i);
      if (!q) return undefined;
      i = q.end;
      out.push([name, q.value]);
    } else {
      const valueStart = i;
      i = valueEnd(text, i, 0x3b);
      out.push([name, text.slice(valueStart, i)]);
    }
  }
  return out;
}

/** The value of parameter `name` (case-insensitive, first one wins): `null` when it has no value, `undefined` when absent. */
export function param(params: Params, name: string): string | null | undefined {
  const lower = name.toLowerCase();
  // A loop without a closure; a name written as asked (`branch`) needs no lower-cased copy.
  for (const p of params) {
    const n = p[0];
    if (n === lower || n.toLowerCase() === lower) return p[1];
  }
  return undefined;
}

/** The inverse of `parseParams`: `;name=value` or `;name` for each, values written as they are (no quoting added). */
export function formatParams(params: Params): string {
  return params.map(([n, v]) => (v === null ? `;${n}` : `;${n}=${v}`)).join('');
}

/** From, To, Contact, Route, Record-Route: `"Name" <uri>;params` or `uri;params`. */
export interface NameAddr {
  readonly display: string | undefined;
  readonly uri: string;
  readonly params: Params;
}

/** Reads a name-addr or addr-spec (RFC 3261 §20.10); `undefined` for an unclosed `<`, a bare URI that is empty or has spaces, or bad parameters. */
export function parseNameAddr(value: string): NameAddr | undefined {
  const v = value.trim();
  const lt = v.indexOf('<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    if (gt < 0) return undefined;
    let display = v.slice(0, lt).trim();
    if (display.startsWith('"') && display.endsWith('"') && display.length >= 2) display = display.slice(1, -1);
    const params = parseParams(v.slice(gt + 1));
    if (!params) return undefined;
    return { display: display === '' ? undefined : display, uri: v.slice(lt + 1, gt).trim(), params };
  }
  const semi = v.indexOf(';');
  const uri = semi >= 0 ? v.slice(0, semi) : v;
  if (uri === '' || /\s/.test(uri)) return undefined;
  const params = parseParams(semi >= 0 ? v.slice(semi) : '');
  if (!params) return undefined;
  return { display: undefined, uri, params };
}

/** Writes a NameAddr always in `<uri>` form (so URI parameters stay apart from header parameters), quoting the display name. */
export function formatNameAddr(na: NameAddr): string {
  const display = na.display !== undefined ? `"${na.display.replace(/(["\\])/g, '\\$1')}" ` : '';
  return `${display}<${na.uri}>${formatParams(na.params)}`;
}

/** One Via value (RFC 3261 §20.42): the transport upper-cased, the sent-by host and port, and params such as branch, rport, received. */
export interface Via {
  readonly transport: string;
  readonly host: Host;
  readonly port: number | undefined;
  readonly params: Params;
}

/**
 * Whether `text` has a line terminator (what `.` in a regular expression does not match: LF, CR,
 * U+2028, U+2029) at or after `from`. By the string's own searches, not a character loop: a
 * received header value is read from a one-byte text, where the search for a wide character
 * ends at once and LF / CR are found by a memory scan (profile, callgrind: the loops over the
 * rest of each Via, Contact URI and status line were ~2% of a registration run's JavaScript).
 */
export function hasLineTerminator(text: string, from: number): boolean {
  return text.indexOf('\n', from) >= 0 || text.indexOf('\r', from) >= 0 || text.indexOf('\u2028', from) >= 0 || text.indexOf('\u2029', from) >= 0;
}

/** `[A-Za-z0-9-]` by character code. */
function isTransportChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

/** Skips `\s*` from `i`. */
function skipSpace(v: string, i: number): number {
  while (i < v.length && isSpace(v.charCodeAt(i))) i++;
  return i;
}

/**
 * `SIP/2.0/UDP host:port;branch=...` (IPv6 hosts in brackets). Read character by character what
 * `/^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9-]+)\s+([^\s;]+)\s*(.*)$/i` matched (profile: parseVia, for
 * the branch of every request sent and response received, was ~5% of a registration run).
 */
export function parseVia(value: string): Via | undefined {
  // The same top Via is read by the transaction layer (branch) and then by the registration
  // (received/rport): the last value read is kept with its result (read-only to every caller).
  if (value === lastViaText) return lastVia;
  const via = readVia(value);
  lastViaText = value;
  lastVia = via;
  return via;
}

let lastViaText: string | undefined;
let lastVia: Via | undefined;

/**
 * `parseHostPort`, remembering the last text and its result: every response of one registrar
 * carries the same sent-by (profile: the host's expressions ran for every Via read).
 */
function sentByOf(text: string): Parsed<HostPort> {
  if (text === lastSentByText && lastSentBy !== undefined) return lastSentBy;
  const hp = parseHostPort(text);
  lastSentByText = text;
  lastSentBy = hp;
  return hp;
}

let lastSentByText: string | undefined;
let lastSentBy: Parsed<HostPort> | undefined;

function readVia(value: string): Via | undefined {
  const v = value.trim();
  const n = v.length;
  if (n < 3 || (v.charCodeAt(0) | 0x20) !== 0x73 || (v.charCodeAt(1) | 0x20) !== 0x69 || (v.charCodeAt(2) | 0x20) !== 0x70) return undefined;
  let i = skipSpace(v, 3);
  if (v.charCodeAt(i) !== 0x2f) return undefined;
  i = skipSpace(v, i + 1);
  if (v.charCodeAt(i) !== 0x32 || v.charCodeAt(i + 1) !== 0x2e || v.charCodeAt(i + 2) !== 0x30) return undefined;
  i = skipSpace(v, i + 3);
  if (v.charCodeAt(i) !== 0x2f) return undefined;
  i = skipSpace(v, i + 1);
  const transportStart = i;
  while (i < n && isTransportChar(v.charCodeAt(i))) i++;
  if (i === transportStart) return undefined;
  const transport = v.slice(transportStart, i);
  const afterTransport = i;
  i = skipSpace(v, i);
  if (i === afterTransport) return undefined;
  const hostStart = i;
  while (i < n) {
    const c = v.charCodeAt(i);
    if (c === 0x3b || isSpace(c)) break;
    i++;
  }
  if (i === hostStart) return undefined;
  const hostText = v.slice(hostStart, i);
  i = skipSpace(v, i);
  if (hasLineTerminator(v, i)) return undefined;
  const hp = sentByOf(hostText);
  if (!hp.ok) return undefined;
  const params = parseParams(v.slice(i));
  if (!params) return undefined;
  return { transport: transport.toUpperCase(), host: hp.value.host, port: hp.value.port, params };
}

/** The inverse of `parseVia`: `SIP/2.0/TRANSPORT host[:port];params`. */
export function formatVia(v: Via): string {
  return `SIP/2.0/${v.transport} ${formatHost(v.host)}${v.port !== undefined ? `:${v.port}` : ''}${formatParams(v.params)}`;
}

/** A CSeq value (RFC 3261 §20.16): the sequence number and the method it numbers. */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** `1 INVITE` → `{ seq: 1, method: 'INVITE' }`; `undefined` unless it is digits (at most 10), space, method. */
export function parseCSeq(value: string): CSeq | undefined {
  const m = /^(\d{1,10})\s+(\S+)$/.exec(value.trim());
  return m ? { seq: Number(m[1]), method: m[2] as string } : undefined;
}

/** A digest challenge (WWW-Authenticate / Proxy-Authenticate), parameter names lower-cased. */
export interface Challenge {
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
}

/** `[A-Za-z0-9_-]` by character code. */
function isParamNameChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

/**
 * `Digest realm="x", nonce="y", qop="auth"`: comma-separated auth-params. Read by character code
 * (the scheme too: its expression and match array ran for every 401), not an expression and a
 * copy of the rest per parameter.
 */
export function parseChallenge(value: string): Challenge | undefined {
  // What /^\s*([A-Za-z][A-Za-z0-9-]*)\s+(.*)$/s read: the scheme, white space, the rest.
  const schemeStart = skipSpace(value, 0);
  const c0 = value.charCodeAt(schemeStart);
  if (!((c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a))) return undefined;
  let schemeEnd = schemeStart + 1;
  while (schemeEnd < value.length && isTransportChar(value.charCodeAt(schemeEnd))) schemeEnd++;
  if (schemeEnd >= value.length || !isSpace(value.charCodeAt(schemeEnd))) return undefined;
  const params = new Map<string, string>();
  const text = value.slice(skipSpace(value, schemeEnd));
  const n = text.length;
  let i = 0;
  while (i < n) {
    i = skipSeparators(text, i, 0x2c);
    if (i >= n) break;
    const nameStart = i;
    while (i < n && isParamNameChar(text.charCodeAt(i))) i++;
    if (i === nameStart) return undefined;
    const name = text.slice(nameStart, i);
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== 0x3d) return undefined;
    i = skipSpace(text, i + 1);
    let v = '';
    if (text[i] === '"') {
      const q = readQuoted(text, i);
      if (!q) return undefined;
      v = q.value;
      i = q.end;
    } else {
      const valueStart = i;
      i = valueEnd(text, i, 0x2c);
      v = text.slice(valueStart, i);
    }
    params.set(name.toLowerCase(), v);
  }
  return { scheme: value.slice(schemeStart, schemeEnd).toLowerCase(), params };
}
