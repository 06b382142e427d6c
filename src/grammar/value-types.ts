/**
 * The value types a grammar may name (`value NAME TYPE help`): each turns one typed word into a
 * checked value or says why it cannot. Values are never abbreviated.
 */
import { HostPort, Parsed, isFqdn, isIPv4, isIPv6, parseHostPort } from '../net/host';
import { SipUri, parseSipUri } from '../sip/uri';

/** One matched value: the text as typed plus its parsed form where the type has one. */
export interface Value {
  readonly text: string;
  readonly int?: number;
  readonly hostPort?: HostPort;
  readonly uri?: SipUri;
}

export interface ValueType {
  /** The spelling in grammar files, e.g. `int 1-65535`. */
  readonly spec: string;
  /** How `?` shows a value of this type, given the value's name in the grammar. */
  placeholder(name: string): string;
  parse(word: string): Parsed<Value>;
  /** Secrets are masked at user level and never echoed. */
  readonly secret: boolean;
}

const okv = (v: Value): Parsed<Value> => ({ ok: true, value: v });
const bad = (message: string, fault: 'invalid' | 'range' = 'invalid'): Parsed<Value> => ({ ok: false, fault, message });

function intType(min: number, max: number): ValueType {
  return {
    spec: `int ${min}-${max}`,
    secret: false,
    placeholder: () => `<${min}-${max}>`,
    parse(word) {
      if (!/^\d+$/.test(word)) return bad(`"${word}" is not a number`);
      const n = Number(word);
      if (n < min || n > max) return bad(`${word} is out of range (${min}-${max})`, 'range');
      return okv({ text: String(n), int: n });
    },
  };
}

/** Strips one pair of double quotes; `"` inside is refused so the value renders back unchanged. */
function unquote(word: string): Parsed<string> {
  const quoted = word.length >= 2 && word.startsWith('"') && word.endsWith('"');
  const inner = quoted ? word.slice(1, -1) : word;
  if (inner.includes('"')) return { ok: false, fault: 'invalid', message: `unbalanced quote in ${word}` };
  return { ok: true, value: inner };
}

const simple = (spec: string, test: (w: string) => string | undefined, secret = false): ValueType => ({
  spec,
  secret,
  placeholder: (name) => name,
  parse(word) {
    const err = test(word);
    return err === undefined ? okv({ text: word }) : bad(err);
  },
});

const FIXED: Record<string, ValueType> = {
  hostport: {
    spec: 'hostport',
    secret: false,
    placeholder: (name) => `${name}[:port]`,
    parse(word) {
      const hp = parseHostPort(word);
      return hp.ok ? okv({ text: word, hostPort: hp.value }) : hp;
    },
  },
  sipuri: {
    spec: 'sipuri',
    secret: false,
    placeholder: (name) => name,
    parse(word) {
      const u = parseSipUri(word);
      if (!u.ok) return u;
      if (u.value.user === undefined) return bad(`"${word}" has no user part (sip:user@host)`);
      return okv({ text: word, uri: u.value });
    },
  },
  word: simple('word', (w) => (/^[\x21-\x7e]+$/.test(w) && !w.includes('"') ? undefined : `"${w}" is not a plain word`)),
  secret: simple('secret', (w) => (/^[\x21-\x7e]+$/.test(w) && !w.includes('"') ? undefined : 'a password is printable ASCII without quotes'), true),
  /** Dial strings: digits, `*` and `#`, optionally in double quotes (`prefix="2#"`). */
  dial: {
    spec: 'dial',
    secret: false,
    placeholder: (name) => `"${name}"`,
    parse(word) {
      const inner = unquote(word);
      if (!inner.ok) return { ok: false, fault: 'invalid', message: inner.message };
      return /^[0-9*#]{1,32}$/.test(inner.value)
        ? okv({ text: inner.value })
        : bad(`"${inner.value}" is not a dial string (digits, * and #, at most 32)`);
    },
  },
  digits: simple('digits', (w) => (/^[0-9*#]{1,64}$/.test(w) ? undefined : `"${w}" is not a dial string (digits, * and #)`)),
  ipv4: simple('ipv4', (w) => (isIPv4(w) ? undefined : `"${w}" is not an IPv4 address`)),
  ipv6: simple('ipv6', (w) => (isIPv6(w) ? undefined : `"${w}" is not an IPv6 address`)),
  fqdn: simple('fqdn', (w) => (isFqdn(w) ? undefined : `"${w}" is not a host name`)),
};

/** Resolves a type spelling from a grammar file; `undefined` when unknown. */
export function valueType(spec: string): ValueType | undefined {
  const m = /^int (\d+)-(\d+)$/.exec(spec);
  if (m) {
    const min = Number(m[1]);
    const max = Number(m[2]);
    return min <= max ? intType(min, max) : undefined;
  }
  return FIXED[spec];
}
