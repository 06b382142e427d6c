/**
 * Renders the configuration as router text, one command per line in a stable order. This file
 * says which command each setting is and with which values ({@link configLines}); the words of
 * each line are spelt from that command's declaration in grammar/*.cli by the speller the shell
 * hands in (src/grammar/spell.ts), so no command's words are written twice.
 * Every line parses back through the grammar to the same model (secrets unmasked).
 *
 * Speed (issue 13, render a 10,000-line configuration < 10 ms): the requests are handed to the
 * speller one at a time as they are made ({@link eachConfigLine}), not gathered into an array of
 * 10,000 requests first (a profile showed the garbage collector as the largest part of a render:
 * the retained requests were promoted and copied), and the requests of the long lists are
 * refilled, not made per line ({@link Refilled}); the maps are walked in key order without
 * building and sorting an array of entries when they are already in order (they nearly always
 * are: the loader adds them in the file's order); and nothing deoptimises from one render to the
 * next (see the notes below on loops, the sink and the arrays).
 */
import { LineRequest, LineSpeller } from '../grammar/spell';
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

/** A name and address pair with the text the default sort compares it by. */
interface TextRow {
  readonly text: string;
  readonly pair: readonly [string, string];
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
function byText(m: ReadonlyMap<string, string>): (readonly [string, string])[] {
  const rows = Array.from(m, ([name, addr]): TextRow => ({ text: `${name},${addr}`, pair: [name, addr] }));
  if (!textsAscending(rows)) rows.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return rows.map((r) => r.pair);
}

/** The keywords of a `sip server N ...` line: one shared array per (register, transport), none per line. */
const REGISTER_UDP: readonly string[] = ['register', 'udp'];
const REGISTER_TCP: readonly string[] = ['register', 'tcp'];
const NO_REGISTER_UDP: readonly string[] = ['no-register', 'udp'];
const NO_REGISTER_TCP: readonly string[] = ['no-register', 'tcp'];

/**
 * A request that is filled again for each line of one kind: see {@link LineSink}. Its values
 * object keeps its names in the order they were first set (the order the speller reads the kind
 * of line by); only their texts change from line to line.
 */
interface RefilledRequest {
  readonly id: string;
  keywords: readonly string[];
  readonly values: Record<string, string>;
}

/**
 * One request per kind of line of command `id` (kinds numbered by which optional values they
 * have), refilled for each line: a render of 10,000 lines makes no request or values object
 * per line (eight of each at most, once), instead of two objects per line (heap used before
 * and after a render without collection: they were a sixth of what a render allocated).
 */
class Refilled {
  // Eight kinds at most (three optional values); an array of that length from the start, so
  // that its elements kind does not change as kinds are added (the compiled lookup deoptimised
  // on a growing []: "wrong map").
  private readonly kinds: (RefilledRequest | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  constructor(private readonly id: string) {}

  /** The request of this kind, with `keywords`, its values to be set by the caller. */
  request(kind: number, keywords: readonly string[]): RefilledRequest {
    let r = this.kinds[kind];
    if (r === undefined) {
      r = { id: this.id, keywords, values: {} };
      this.kinds[kind] = r;
    }
    r.keywords = keywords;
    return r;
  }
}

/*
 * The refilled requests of the two long lists, made once for the process, not per render: a
 * request made in a render after the first was made in compiled code that had never seen it
 * done (it is done a few times per render, before V8 gives the function its feedback), and
 * deoptimised ("Insufficient type feedback", in the render measured after a load). A render is
 * synchronous and a sink does not render, so no two renders fill them at once.
 */
const SERVER_REQUESTS = new Refilled('sip.server');
const BOOK_REQUESTS = new Refilled('analog.book');

/** The request of the `sip server N ...` line of `s`, from `requests`. */
function serverLine(requests: Refilled, s: SipServerConfig, masked: boolean): LineRequest {
  const udp = s.transport === 'udp';
  const keywords = s.register ? (udp ? REGISTER_UDP : REGISTER_TCP) : udp ? NO_REGISTER_UDP : NO_REGISTER_TCP;
  const kind = (s.user !== undefined ? 1 : 0) | (s.password !== undefined ? 2 : 0) | (s.name !== undefined ? 4 : 0);
  const r = requests.request(kind, keywords);
  const values = r.values;
  values.N = String(s.n);
  values.SERVER = formatHostPort(s.server);
  values.SIPADDRESS = s.sipAddress;
  if (s.user !== undefined) values.USER = s.user;
  if (s.password !== undefined) values.PASS = masked ? MASK : s.password;
  if (s.name !== undefined) values.NAME = s.name;
  return r;
}

/** The request of the `analog extension sip address ...` line of `e`, from `requests`. */
function bookLine(requests: Refilled, e: PhoneBookEntry): LineRequest {
  const kind = (e.server !== undefined ? 1 : 0) | (e.name !== undefined ? 2 : 0);
  const r = requests.request(kind, NO_WORDS);
  const values = r.values;
  values.NUM = String(e.num);
  values.DIAL_NUMBER = e.dialNumber;
  values.SIP_ADDRESS = e.sipAddress;
  if (e.server !== undefined) values.N = String(e.server);
  if (e.name !== undefined) values.DESC = e.name;
  return r;
}

/**
 * Where the line requests go, one at a time. An object with a method, not a closure: a new
 * closure per render made the compiled loops that call it deoptimise at the next render ("wrong
 * call target": they had inlined the previous render's closure); objects of one class share a
 * method, so the call stays the same from one render to the next.
 *
 * A request is the sink's only for the time of the call: the next line of the same kind may
 * refill the same object ({@link Refilled}), so a sink that keeps requests keeps copies.
 */
export interface LineSink {
  add(r: LineRequest): void;
}

/** Each of `requests`, in order. */
function addAll(requests: readonly LineRequest[], sink: LineSink): void {
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (r !== undefined) sink.add(r);
  }
}

/** `dns static a|aaaa NAME ADDRESS` for each name and address. */
function addNames(id: string, pairs: readonly (readonly [string, string])[], sink: LineSink): void {
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (pair !== undefined) sink.add(line(id, { NAME: pair[0], ADDRESS: pair[1] }));
  }
}

/** `sip server N ...` for each server of `list`. */
function addServers(list: readonly SipServerConfig[], requests: Refilled, masked: boolean, sink: LineSink): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s !== undefined) sink.add(serverLine(requests, s, masked));
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
function addBook(list: readonly PhoneBookEntry[], requests: Refilled, sink: LineSink): void {
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e !== undefined) sink.add(bookLine(requests, e));
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
  addNames('dns.static.a', byText(c.dnsA), sink);
  addNames('dns.static.aaaa', byText(c.dnsAaaa), sink);
  addAll(dnsServerLines(c), sink);
  if (!c.sipUse) sink.add(line('sip.use', {}, ['off']));
  if (c.sipLog) sink.add(line('sip.log', {}, ['on']));
  if (c.t1 !== DEFAULT_T1 || c.t2 !== DEFAULT_T2) sink.add(line('sip.retransmit', { T1: String(c.t1), T2: String(c.t2) }));
  addAll(sipGlobalLines(c), sink);
  if (!c.arriveAddressCheck) sink.add(line('sip.arrive.check', {}, ['off']));
  if (c.ringingTimer !== DEFAULT_RINGING_TIMER) sink.add(line('sip.arrive.ringing', { TIME: String(c.ringingTimer) }));
  addServers(inKeyOrder(c.servers), SERVER_REQUESTS, masked, sink);
  addAll(sipServerOptionLines(c), sink);
  addPrefixes([...c.serverPrefixes.entries()].sort(([a], [b]) => a - b), sink);
  if (c.bookPrefix !== undefined) sink.add(line('analog.prefix', { DIAL: c.bookPrefix }));
  addBook(inKeyOrder(c.book), BOOK_REQUESTS, sink);
}

/** Copies of the requests as they come, for {@link configLines}. */
class RequestList implements LineSink {
  readonly requests: LineRequest[] = [];
  add(r: LineRequest): void {
    this.requests.push({ id: r.id, keywords: r.keywords, values: { ...r.values } });
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

/** Each request spelt as it comes, for {@link renderConfig}. */
class SpeltLines implements LineSink {
  readonly lines: string[];
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
}

/** The configuration lines, spelt by `spell` from the grammar; with `masked`, passwords are replaced by a mask. */
export function renderConfig(c: Config, masked: boolean, spell: LineSpeller): string[] {
  const spelt = new SpeltLines(spell);
  eachConfigLine(c, masked, spelt);
  return spelt.lines;
}
