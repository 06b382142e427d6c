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

/** The canonical (full, lower-case) name of a header field. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** One header line as received or to be sent: the name as written (case and compact form kept) and its value. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/** Header fields in order; look-ups by canonical name, so compact forms are found too. */
export class Headers {
  private readonly fields: HeaderField[] = [];

  constructor(fields: Iterable<HeaderField> = []) {
    for (const f of fields) this.fields.push(f);
  }

  add(name: string, value: string): this {
    this.fields.push({ name, value });
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
    for (let i = this.fields.length - 1; i >= 0; i--) if (canonicalName((this.fields[i] as HeaderField).name) === c) this.fields.splice(i, 1);
    return this;
  }

  /** The first field's value. */
  get(name: string): string | undefined {
    const c = canonicalName(name);
    return this.fields.find((f) => canonicalName(f.name) === c)?.value;
  }

  /** Every field's value, in order (not split at commas). */
  getAll(name: string): string[] {
    const c = canonicalName(name);
    return this.fields.filter((f) => canonicalName(f.name) === c).map((f) => f.value);
  }

  /** Every element of a comma-separated list header, across all its fields. */
  list(name: string): string[] {
    return this.getAll(name).flatMap(splitHeaderList);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  all(): readonly HeaderField[] {
    return this.fields;
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
}

/** Either kind of message, told apart by `kind`. */
export type SipMessage = SipRequest | SipResponse;

/**
 * Splits a header value at top-level commas: not inside double quotes (with backslash escapes)
 * nor inside `<...>`. Empty elements are dropped.
 */
export function splitHeaderList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (c === ',' && !angle) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
