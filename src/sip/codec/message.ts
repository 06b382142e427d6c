/** SIP messages (RFC 3261 §7) with their header fields in wire order. */

/** Compact header forms (RFC 3261 §7.3.3 and later RFCs) → full names, lower case. */
const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  r: 'refer-to',
  u: 'allow-events',
  x: 'session-expires',
};

/**
 * Names already canonicalised: the few names of nearly every message, as written (`Via`, `CSeq`)
 * and as looked up (`via`). A hit saves a lower-cased copy per field added and per look-up.
 */
const CANONICAL = new Map<string, string>();
const MAX_CANONICAL = 512;

/** The canonical (full, lower-case) name of a header field. */
export function canonicalName(name: string): string {
  const known = CANONICAL.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const c = lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
  if (CANONICAL.size < MAX_CANONICAL) {
    const kept = internalized(c);
    CANONICAL.set(name, kept);
    return kept;
  }
  return c;
}

/**
 * The engine's one copy of `text` (a property name is kept once per isolate): canonical names
 * kept this way are the same string as the literals the code compares them with (`'via'`), so
 * that each comparison is one of identity. Profile (callgrind): a name lower-cased by
 * `toLowerCase` was a string of its own, and every `switch` on a parsed field's name and every
 * look-up by name compared it character by character (Builtins_StringEqual).
 */
function internalized(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}

/** One header line as received or to be sent: the name as written (case and compact form kept) and its value. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/**
 * Header fields in order; look-ups by canonical name, so compact forms are found too. Each field's
 * canonical name is computed once when it is added (a REGISTER's headers are looked up 20+ times).
 */
export class Headers {
  private readonly fields: HeaderField[] = [];
  /** `keys[i]` is `canonicalName(fields[i].name)`. */
  private readonly keys: string[] = [];

  constructor(fields: Iterable<HeaderField> = []) {
    for (const f of fields) this.push(f);
  }

  private push(f: HeaderField): void {
    this.fields.push(f);
    this.keys.push(canonicalName(f.name));
  }

  add(name: string, value: string): this {
    this.push({ name, value });
    return this;
  }

  /** `add` for the parser, which already knows `key`: it must be `canonicalName(name)`. */
  addKnown(name: string, value: string, key: string): this {
    this.fields.push({ name, value });
    this.keys.push(key);
    return this;
  }

  /** Replaces every field of that name by one (or removes them when value is undefined). */
  set(name: string, value: string | undefined): this {
    this.remove(name);
    if (value !== undefined) this.add(name, value);
    return this;
  }

  remove(name: string): this {
    const c = canonicalName(name);
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] === c) {
        this.fields.splice(i, 1);
        this.keys.splice(i, 1);
      }
    }
    return this;
  }

  /** The first field's value. */
  get(name: string): string | undefined {
    const i = this.keys.indexOf(canonicalName(name));
    return i < 0 ? undefined : (this.fields[i] as HeaderField).value;
  }

  /** Every field's value, in order (not split at commas). */
  getAll(name: string): string[] {
    const c = canonicalName(name);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === c) out.push((this.fields[i] as HeaderField).value);
    return out;
  }

  /** Every element of a comma-separated list header, across all its fields. */
  list(name: string): string[] {
    const c = canonicalName(name);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === c) splitInto((this.fields[i] as HeaderField).value, out);
    return out;
  }

  /** The first element of a comma-separated list header (e.g. the top Via) without splitting the rest. */
  first(name: string): string | undefined {
    const c = canonicalName(name);
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== c) continue;
      const element = firstListElement((this.fields[i] as HeaderField).value);
      if (element !== undefined) return element;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.keys.includes(canonicalName(name));
  }

  all(): readonly HeaderField[] {
    return this.fields;
  }

  /** The canonical name of each field of `all()`, at the same index. */
  canonicalNames(): readonly string[] {
    return this.keys;
  }

  clone(): Headers {
    return new Headers(this.fields);
  }
}

/** A request (RFC 3261 §7.1): method and Request-URI as written on the start line, headers, body bytes. */
export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** A response (RFC 3261 §7.2): status code, reason phrase, headers, body bytes. */
export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: Headers;
  readonly body: Buffer;
  /**
   * The method of the CSeq as `parseMessage` read it (it checks every message's CSeq): set on a
   * received response, so that the transaction layer matches it without reading the CSeq again.
   */
  readonly cseqMethod?: string;
}

/** The body of a message without one (shared: a zero-length buffer holds nothing to change). */
const EMPTY_BODY = Buffer.alloc(0);

/**
 * A request written straight to its wire bytes when it was made (`serialize` hands them out as
 * they are, for the first send and every retransmission); its Headers are made from `source` by
 * `make` only if someone reads them. Profile of a registration run: a REGISTER's Headers object,
 * its eleven fields and their serialization were ~5% of the main thread, and nothing on the
 * REGISTER path reads them back.
 */
export class WrittenRequest<T> implements SipRequest {
  readonly kind = 'request';
  private made: Headers | undefined;

  constructor(
    readonly method: string,
    readonly uri: string,
    /** What `serialize` gives for this request. */
    readonly wire: Buffer,
    /** What the headers are made from. */
    readonly source: T,
    private readonly make: (source: T) => Headers,
  ) {}

  get headers(): Headers {
    return (this.made ??= this.make(this.source));
  }

  get body(): Buffer {
    return EMPTY_BODY;
  }
}

/** Either kind of message, told apart by `kind`. */
export type SipMessage = SipRequest | SipResponse;

/**
 * Where the first top-level comma of a list header value is (not in quotes nor `<...>`), or -1.
 * By the string's own searches, from one quote, `<` or comma to the next, instead of a loop over
 * every character: a value without a comma (a Via, read twice per response) is one search, and a
 * Contact list of `<uri>;params` elements a few per element (profile of a registration run: the
 * character loop and firstListElement were ~5% of the main thread, for the top Via of every
 * response and the Contact list of every 2xx). A quoted string with a backslash in it, or a quote
 * inside `<...>`, is read by the character loop. Each search's result is kept until the reading
 * position passes it, so the value is searched through at most once per character sought.
 */
function topLevelComma(value: string, from: number): number {
  let comma = value.indexOf(',', from);
  if (comma < 0) return -1;
  let quote = value.indexOf('"', from);
  let angle = value.indexOf('<', from);
  /** The next `>` and the next backslash found so far (-2: not searched yet, -1: none left). */
  let close = -2;
  let escape = -2;
  // Outside quotes and `<...>` at `i`.
  let i = from;
  for (;;) {
    if (comma >= 0 && comma < i) comma = value.indexOf(',', i);
    if (comma < 0) return -1;
    if (quote >= 0 && quote < i) quote = value.indexOf('"', i);
    if (angle >= 0 && angle < i) angle = value.indexOf('<', i);
    const quoteFirst = quote >= 0 && quote < comma;
    const angleFirst = angle >= 0 && angle < comma && (!quoteFirst || angle < quote);
    if (!quoteFirst && !angleFirst) return comma;
    if (angleFirst) {
      if (close !== -1 && close <= angle) close = value.indexOf('>', angle + 1);
      // Never closed: every comma after it is inside.
      if (close < 0) return -1;
      // A quote inside (it may hide the `>`): the character loop decides.
      if (quote >= 0 && quote < close) return scanComma(value, i);
      i = close + 1;
      continue;
    }
    const end = value.indexOf('"', quote + 1);
    // Never closed: every comma after it is quoted.
    if (end < 0) return -1;
    if (escape !== -1 && escape <= quote) escape = value.indexOf('\\', quote + 1);
    if (escape >= 0 && escape < end) return scanComma(value, i);
    i = end + 1;
  }
}

/** `topLevelComma` a character at a time: quotes (with backslash escapes) and `<...>` followed. */
function scanComma(value: string, from: number): number {
  let quoted = false;
  let angle = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c) i++;
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x3c) angle = true;
    else if (c === 0x3e) angle = false;
    else if (c === 0x2c && !angle) return i;
  }
  return -1;
}

/** The first non-empty element of a list header value, trimmed: `splitHeaderList(value)[0]` without the array. */
export function firstListElement(value: string): string | undefined {
  let start = 0;
  while (start <= value.length) {
    const comma = topLevelComma(value, start);
    const element = (comma < 0 ? value.slice(start) : value.slice(start, comma)).trim();
    if (element.length > 0) return element;
    if (comma < 0) return undefined;
    start = comma + 1;
  }
  return undefined;
}

/**
 * Splits a header value at top-level commas: not inside double quotes (with backslash escapes)
 * nor inside `<...>`. Empty elements are dropped.
 */
export function splitHeaderList(value: string): string[] {
  const out: string[] = [];
  splitInto(value, out);
  return out;
}

/** Pushes the trimmed non-empty elements of a list header value onto `out` (one pass, no intermediate arrays). */
function splitInto(value: string, out: string[]): void {
  // At a top-level comma no quote nor `<` is open, so each search starts afresh.
  let start = 0;
  for (;;) {
    const comma = topLevelComma(value, start);
    if (comma < 0) {
      pushTrimmed(value.slice(start), out);
      return;
    }
    pushTrimmed(value.slice(start, comma), out);
    start = comma + 1;
  }
}

function pushTrimmed(element: string, out: string[]): void {
  const t = element.trim();
  if (t.length > 0) out.push(t);
}
