/**
 * The router's value types, handed to the grammar compiler (the grammar itself knows none):
 * numbers with a range, host[:port], SIP URIs, words, secrets, dial strings, addresses.
 * Format and meaning of each: docs/grammar.md.
 */
import { HostPort, isFqdn, isIPv4, isIPv6, parseHostPort } from '../net/host';
import { parseSipUri } from '../sip/uri';
import { ParametricValueType, Value, ValueParse, ValueType, ValueTypeTable } from '../grammar/value-types';
import { allDigits } from '../util/ascii';

const okv = (v: Value): ValueParse<Value> => ({ ok: true, value: v });
const bad = (message: string, fault: 'invalid' | 'range' = 'invalid'): ValueParse<Value> => ({ ok: false, fault, message });

/** `true` when `w` has 1 to `max` characters, each a digit, `*` or `#` (`/^[0-9*#]{1,max}$/`). */
function dialChars(w: string, max: number): boolean {
  const n = w.length;
  if (n === 0 || n > max) return false;
  for (let i = 0; i < n; i++) {
    const c = w.charCodeAt(i);
    if ((c < 0x30 || c > 0x39) && c !== 0x2a && c !== 0x23) return false;
  }
  return true;
}

function intType(min: number, max: number): ValueType {
  return {
    spec: `int ${min}-${max}`,
    secret: false,
    placeholder: () => `<${min}-${max}>`,
    parse(word) {
      if (!allDigits(word)) return bad(`"${word}" is not a number`);
      const n = Number(word);
      if (n < min || n > max) return bad(`${word} is out of range (${min}-${max})`, 'range');
      return okv({ text: String(n), int: n });
    },
  };
}

/**
 * One int type per range spelling, shared by every value declared with it (72 values are
 * `int 1-65535`): the matcher's tree merges value edges of one type, and a line parses a word
 * as that type once.
 */
const intTypes = new Map<string, ValueType>();

/** `int MIN-MAX`: the range is part of the spelling. */
const INT: ParametricValueType = {
  parametric: true,
  make(argument) {
    const known = intTypes.get(argument);
    if (known !== undefined) return known;
    const m = /^(\d+)-(\d+)$/.exec(argument);
    if (!m) return 'the range is MIN-MAX';
    const min = Number(m[1]);
    const max = Number(m[2]);
    if (min > max) return `the range is empty (${min} > ${max})`;
    const made = intType(min, max);
    intTypes.set(argument, made);
    return made;
  },
};

/** Strips one pair of double quotes; `"` inside is refused so the value renders back unchanged. */
function unquote(word: string): ValueParse<string> {
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

/** One or more printable ASCII characters other than `"` (`/^[\x21-\x7e]+$/` without quotes), checked in a loop. */
function plainWord(w: string): boolean {
  const n = w.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x22) return false;
  }
  return true;
}

/** A `hostport` value: the word, and the host and port parsed from it (so no handler parses it again). */
export interface HostPortValue extends Value {
  readonly hostPort: HostPort;
}

function isHostPortValue(v: Value): v is HostPortValue {
  return 'hostPort' in v;
}

/** Every type the shipped grammar may name. */
export const routerValueTypes: ValueTypeTable = new Map<string, ValueType | ParametricValueType>([
  ['int', INT],
  [
    'hostport',
    {
      spec: 'hostport',
      secret: false,
      placeholder: (name) => `${name}[:port]`,
      parse(word) {
        const hp = parseHostPort(word);
        if (!hp.ok) return hp;
        const value: HostPortValue = { text: word, hostPort: hp.value };
        return okv(value);
      },
    },
  ],
  [
    'sipuri',
    {
      spec: 'sipuri',
      secret: false,
      placeholder: (name) => name,
      parse(word) {
        const u = parseSipUri(word);
        if (!u.ok) return u;
        if (u.value.user === undefined) return bad(`"${word}" has no user part (sip:user@host)`);
        return okv({ text: word });
      },
    },
  ],
  ['word', simple('word', (w) => (plainWord(w) ? undefined : `"${w}" is not a plain word`))],
  ['secret', simple('secret', (w) => (plainWord(w) ? undefined : 'a password is printable ASCII without quotes'), true)],
  [
    // Dial strings: digits, `*` and `#`, optionally in double quotes (`prefix="2#"`).
    'dial',
    {
      spec: 'dial',
      secret: false,
      placeholder: (name) => `"${name}"`,
      spell: (text) => `"${text}"`,
      parse(word) {
        const inner = unquote(word);
        if (!inner.ok) return inner;
        return dialChars(inner.value, 32) ? okv({ text: inner.value }) : bad(`"${inner.value}" is not a dial string (digits, * and #, at most 32)`);
      },
    },
  ],
  ['digits', simple('digits', (w) => (dialChars(w, 64) ? undefined : `"${w}" is not a dial string (digits, * and #)`))],
  ['ipv4', simple('ipv4', (w) => (isIPv4(w) ? undefined : `"${w}" is not an IPv4 address`))],
  ['ipv6', simple('ipv6', (w) => (w.includes(':') && isIPv6(w) ? undefined : `"${w}" is not an IPv6 address`))],
  ['fqdn', simple('fqdn', (w) => (isFqdn(w) ? undefined : `"${w}" is not a host name`))],
]);

/**
 * The host and port of a `hostport` value. The matcher has already checked the word, so a
 * failure here is a bug (a grammar naming another type for this value), not user input.
 */
export function hostPortOf(value: Value | undefined): HostPort {
  if (value !== undefined && isHostPortValue(value)) return value.hostPort;
  const hp = value === undefined ? undefined : parseHostPort(value.text);
  if (hp?.ok !== true) throw new Error(`internal: ${value?.text ?? 'missing value'} is not a hostport value`);
  return hp.value;
}
