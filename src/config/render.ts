/**
 * Renders the configuration as router text, one command per line in a stable order. This file
 * says which command each setting is and with which values ({@link configLines}); the words of
 * each line are spelt from that command's declaration in grammar/*.cli by the speller the shell
 * hands in (src/grammar/spell.ts), so no command's words are written twice.
 * Every line parses back through the grammar to the same model (secrets unmasked).
 *
 * Speed (issue 13, render a 10,000-line configuration < 10 ms, the first render after a load
 * included, in code V8 has not compiled yet): the lines are handed to the sink one at a time as
 * they are made ({@link eachConfigLine}), not gathered into an array of 10,000 requests first (a
 * profile showed the garbage collector as the largest part of a render: the retained requests
 * were promoted and copied); the lines of the long lists go as a kind and a refilled array of
 * values ({@link LineKind}), each kind's form asked of the speller once per render and filled
 * per line, with no request or values object, no search for the form and no walk of the
 * values' names per line; the maps are walked in key order without building and sorting an
 * array of entries when they are already in order (they nearly always are: the loader adds them
 * in the file's order); and nothing deoptimises from one render to the next (see the notes
 * below on loops, the sink and the arrays).
 */
import { LineForm, LineRequest, LineSpeller } from '../grammar/spell';
import { formatHostPort } from '../net/host';
import { Config, DEFAULT_LOGIN_TIMER, DEFAULT_RINGING_TIMER, DEFAULT_T1, DEFAULT_T2, PhoneBookEntry, SipServerConfig } from './model';
import { NO_WORDS, line } from './render-line';
import { dnsServerLines, sipGlobalLines, sipServerOptionLines } from './render-sip';
import { sshConfigLines } from './ssh-render';

/** What `show config` prints for a secret below the administrator level. */
export const MASK = '********';

/*
 * Every loop over the servers, the phone book or the names is a small function of its own that
 * does nothing but the loop (its list made by the caller). A long loop is compiled while it runs
 * (on-stack replacement), before the code after it has ever run with feedback (V8 allocates the
 * feedback lazily, and these functions run once per render); that code then deoptimised in the render measured right after a load
 * (--trace-deopt on `npm run bench -- grammar`: "Insufficient type feedback" after the loops of
 * inKeyOrder and eachConfigLine, and before the loop of addServers when it made its own list).
 */

/** True when `keys` are in ascending order. */
function ascending(keys: readonly number[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] ?? 0) > (keys[i] ?? 0)) return false;
  return true;
}

/** The values of `m` in the order of its keys (numbers), sorting only when they are out of order. */
function inKeyOrder<V>(m: ReadonlyMap<number, V>): V[] {
  // Array.from, not a spread or a for-of loop: those iterate the Map in this function's own code,
  // whose feedback a Map iterator's fast path never fills, and deoptimised at every render.
  const keys = Array.from(m.keys());
  if (ascending(keys)) return Array.from(m.values());
  keys.sort((a, b) => a - b);
  return keys.flatMap((k) => {
    const v = m.get(k);
    return v === undefined ? [] : [v];
  });
}

/** A name and address with the text the default sort of the pairs compares them by. */
interface TextRow {
  readonly text: string;
  readonly name: string;
  readonly address: string;
}

/** True when the rows' texts are in ascending order. */
function textsAscending(rows: readonly TextRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i - 1]?.text ?? '') > (rows[i]?.text ?? '')) return false;
  return true;
}

/**
 * The entries of `m` in the order `[...m.entries()].sort()` gives (each pair compared as the text
 * `name,address`), with that text made once per entry instead of at every comparison (the default
 * sort made it twice per comparison: a tenth of a render with 500 names), and no sort at all when
 * the entries are already in that order.
 */
function byText(m: ReadonlyMap<string, string>): TextRow[] {
  const rows = Array.from(m, ([name, address]): TextRow => ({ text: `${name},${address}`, name, address }));
  if (!textsAscending(rows)) rows.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return rows;
}

/**
 * A kind of line of one command: its keywords and the names of its values, in the order the
 * renderer gives the values. The lines of the long lists (servers, phone book, static names) are
 * handed to the sink as a kind and a refilled array of values: the sink asks the speller for the
 * kind's form once and fills it per line ({@link LineForm}), with no request object, no values
 * object and no search for the form per line.
 */
export interface LineKind {
  readonly id: string;
  readonly keywords: readonly string[];
  readonly names: readonly string[];
  /** Its place in a sink's table of forms: each kind of the process has its own. */
  readonly index: number;
}

let kindCount = 0;

function lineKind(id: string, keywords: readonly string[], names: readonly string[]): LineKind {
  return { id, keywords, names, index: kindCount++ };
}

/** Each of `names` whose bit is set in `bits` (bit 0 the first). */
function namesOf(bits: number, names: readonly string[]): string[] {
  return names.filter((_, i) => (bits & (1 << i)) !== 0);
}

/**
 * The kinds of `sip server N ...` line, by number: bit 0 no-register, bit 1 tcp, bits 2-4 the
 * user, password and name given (the order the values come in, see {@link addServers}).
 */
const SERVER_KINDS: readonly LineKind[] = Array.from({ length: 32 }, (_, k) =>
  lineKind('sip.server', [(k & 1) === 0 ? 'register' : 'no-register', (k & 2) === 0 ? 'udp' : 'tcp'], ['N', 'SERVER', 'SIPADDRESS', ...namesOf(k >> 2, ['USER', 'PASS', 'NAME'])]),
);

/** The kinds of `analog extension sip address ...` line: bit 0 the server given, bit 1 the name. */
const BOOK_KINDS: readonly LineKind[] = Array.from({ length: 4 }, (_, k) => lineKind('analog.book', NO_WORDS, ['NUM', 'DIAL_NUMBER', 'SIP_ADDRESS', ...namesOf(k, ['N', 'DESC'])]));

const DNS_A = lineKind('dns.static.a', NO_WORDS, ['NAME', 'ADDRESS']);
const DNS_AAAA = lineKind('dns.static.aaaa', NO_WORDS, ['NAME', 'ADDRESS']);

/**
 * Where the lines go, one at a time. An object with methods, not a closure: a new closure per
 * render made the compiled loops that call it deoptimise at the next render ("wrong call
 * target": they had inlined the previous render's closure); objects of one class share a
 * method, so the call stays the same from one render to the next.
 */
export interface LineSink {
  /** A line as a request. */
  add(r: LineRequest): void;
  /**
   * A line of `kind`, its values in the order of the kind's names. The array is refilled for
   * the next line (and may hold more entries than the kind has names): it is the sink's only for
   * the time of the call, so a sink that keeps values keeps copies.
   */
  addOf(kind: LineKind, values: readonly string[]): void;
}

/*
 * The arrays of values the long lists refill line after line: made once for the process, not per
 * render. An array made by a literal in each call deoptimised the compiled addServers at its first
 * store in a later render (--trace-deopt: "wrong map" at values[0], in one run of three), and a
 * render made after it ran the rest of the servers in baseline code. A render is synchronous and
 * a sink does not render, so no two renders fill them at once.
 */
const NAME_VALUES = ['', ''];
const SERVER_VALUES = ['', '', '', '', '', ''];
const BOOK_VALUES = ['', '', '', '', ''];

/** Each of `requests`, in order. */
function addAll(requests: readonly LineRequest[], sink: LineSink): void {
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (r !== undefined) sink.add(r);
  }
}

/** `dns static a|aaaa NAME ADDRESS` for each name and address. */
function addNames(kind: LineKind, rows: readonly TextRow[], sink: LineSink): void {
  const values = NAME_VALUES;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === undefined) continue;
    values[0] = row.name;
    values[1] = row.address;
    sink.addOf(kind, values);
  }
}

/** `sip server N ...` for each server of `list`; with `masked`, the password is masked. */
function addServers(list: readonly SipServerConfig[], masked: boolean, sink: LineSink): void {
  const values = SERVER_VALUES;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s === undefined) continue;
    values[0] = String(s.n);
    values[1] = formatHostPort(s.server);
    values[2] = s.sipAddress;
    let kind = (s.register ? 0 : 1) | (s.transport === 'udp' ? 0 : 2);
    let n = 3;
    const { user, password, name } = s;
    if (user !== undefined) {
      values[n++] = user;
      kind |= 4;
    }
    if (password !== undefined) {
      values[n++] = masked ? MASK : password;
      kind |= 8;
    }
    if (name !== undefined) {
      values[n] = name;
      kind |= 16;
    }
    const k = SERVER_KINDS[kind];
    if (k !== undefined) sink.addOf(k, values);
  }
}

/** `analog extension dial prefix sip server=N ...` for each server number and prefix. */
function addPrefixes(prefixes: readonly (readonly [number, string])[], sink: LineSink): void {
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i];
    if (p !== undefined) sink.add(line('analog.prefix', { N: String(p[0]), DIAL: p[1] }));
  }
}

/** `analog extension sip address ...` for each phone book entry of `list`. */
function addBook(list: readonly PhoneBookEntry[], sink: LineSink): void {
  const values = BOOK_VALUES;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e === undefined) continue;
    values[0] = String(e.num);
    values[1] = e.dialNumber;
    values[2] = e.sipAddress;
    let kind = 0;
    let n = 3;
    const { server, name } = e;
    if (server !== undefined) {
      values[n++] = String(server);
      kind |= 1;
    }
    if (name !== undefined) {
      values[n] = name;
      kind |= 2;
    }
    const k = BOOK_KINDS[kind];
    if (k !== undefined) sink.addOf(k, values);
  }
}

/**
 * Hands `sink` each line request of the configuration (command id, keywords, values by the
 * declaration's names), in the order `show config` prints them; with `masked`, passwords are
 * replaced by a mask.
 */
export function eachConfigLine(c: Config, masked: boolean, sink: LineSink): void {
  const secret = (s: string): string => (masked ? MASK : s);
  if (c.loginPassword !== undefined) sink.add(line('login.password.encrypted', { HASH: secret(c.loginPassword) }));
  if (c.adminPassword !== undefined) sink.add(line('administrator.password.encrypted', { HASH: secret(c.adminPassword) }));
  if (c.loginTimer !== DEFAULT_LOGIN_TIMER) sink.add(c.loginTimer === 'clear' ? line('login.timer', {}, ['clear']) : line('login.timer', { SECONDS: String(c.loginTimer) }));
  addAll(sshConfigLines(c.ssh, secret), sink);
  if (c.prompt !== undefined) sink.add(line('console.prompt', { NAME: c.prompt }));
  if (c.lines !== undefined) sink.add(c.lines === 'infinity' ? line('console.lines', {}, ['infinity']) : line('console.lines', { LINES: String(c.lines) }));
  if (c.columns !== undefined) sink.add(line('console.columns', { COLUMNS: String(c.columns) }));
  if (c.character !== undefined) sink.add(line('console.character', {}, [c.character]));
  addNames(DNS_A, byText(c.dnsA), sink);
  addNames(DNS_AAAA, byText(c.dnsAaaa), sink);
  addAll(dnsServerLines(c), sink);
  if (!c.sipUse) sink.add(line('sip.use', {}, ['off']));
  if (c.sipLog) sink.add(line('sip.log', {}, ['on']));
  if (c.t1 !== DEFAULT_T1 || c.t2 !== DEFAULT_T2) sink.add(line('sip.retransmit', { T1: String(c.t1), T2: String(c.t2) }));
  addAll(sipGlobalLines(c), sink);
  if (!c.arriveAddressCheck) sink.add(line('sip.arrive.check', {}, ['off']));
  if (c.ringingTimer !== DEFAULT_RINGING_TIMER) sink.add(line('sip.arrive.ringing', { TIME: String(c.ringingTimer) }));
  addServers(inKeyOrder(c.servers), masked, sink);
  addAll(sipServerOptionLines(c), sink);
  addPrefixes([...c.serverPrefixes.entries()].sort(([a], [b]) => a - b), sink);
  if (c.bookPrefix !== undefined) sink.add(line('analog.prefix', { DIAL: c.bookPrefix }));
  addBook(inKeyOrder(c.book), sink);
}

/** Copies of the requests as they come, for {@link configLines}. */
class RequestList implements LineSink {
  readonly requests: LineRequest[] = [];
  add(r: LineRequest): void {
    this.requests.push({ id: r.id, keywords: r.keywords, values: { ...r.values } });
  }

  addOf(kind: LineKind, values: readonly string[]): void {
    this.requests.push({ id: kind.id, keywords: kind.keywords, values: Object.fromEntries(kind.names.map((n, i) => [n, values[i] ?? ''])) });
  }
}

/**
 * The configuration as line requests, in the order `show config` prints them; with `masked`,
 * passwords are replaced by a mask.
 */
export function configLines(c: Config, masked = false): LineRequest[] {
  const list = new RequestList();
  eachConfigLine(c, masked, list);
  return list.requests;
}

/** Each line spelt as it comes, for {@link renderConfig}. */
class SpeltLines implements LineSink {
  readonly lines: string[];
  /** The form of each kind met in this render, by the kind's index. */
  private readonly forms: (LineForm | undefined)[] = Array.from({ length: kindCount }, () => undefined);

  constructor(private readonly spell: LineSpeller) {
    // Made an array of strings before the first push (the trace: a fresh `[]` holds small
    // integers until its first push, and the compiled push of the previous render, which had only
    // seen an array of strings, deoptimised on it at the start of every render: "not a Smi").
    this.lines = [MASK];
    this.lines.length = 0;
  }

  add(r: LineRequest): void {
    this.lines.push(this.spell(r));
  }

  addOf(kind: LineKind, values: readonly string[]): void {
    let form = this.forms[kind.index];
    if (form === undefined) {
      form = this.spell.form(kind.id, kind.keywords, kind.names);
      this.forms[kind.index] = form;
    }
    this.lines.push(form.fill(values));
  }
}

/** The configuration lines, spelt by `spell` from the grammar; with `masked`, passwords are replaced by a mask. */
export function renderConfig(c: Config, masked: boolean, spell: LineSpeller): string[] {
  const spelt = new SpeltLines(spell);
  eachConfigLine(c, masked, spelt);
  return spelt.lines;
}
