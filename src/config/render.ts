/**
 * Renders the configuration as router text, one command per line in a stable order. This file
 * says which command each setting is and with which values ({@link writeConfig}); the words of
 * each line are spelt from that command's declaration in grammar/*.cli by the speller the shell
 * hands in (src/grammar/spell.ts), so no command's words are written twice.
 * Every line parses back through the grammar to the same model (secrets unmasked).
 *
 * Speed (issue 13, render a 10,000-line configuration < 10 ms, the first render after a load
 * included, in code V8 has not compiled yet): the lines are written one at a time as they are
 * made, not gathered into an array of 10,000 requests first (a profile showed the garbage
 * collector as the largest part of a render: the retained requests were promoted and copied);
 * the lines of the long lists are made when each entry is set and kept ({@link keepServerLine}),
 * else written from the words of their kind's form, asked of the
 * speller once per speller and kind ({@link LineKind}; the usual kinds when the store is made,
 * see {@link prepareListForms}), with no request, no values object or
 * array, no search for the form and no walk of the values' names per line; the maps are walked
 * in their own order, sorted only when that is not the order of their keys (it nearly always
 * is: the loader adds them in the file's order); and nothing deoptimises from one render to the
 * next (see the notes below on loops, the writer and the arrays).
 */
import { LineRequest, LineSpeller } from '../grammar/spell';
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
 * a key-order check and of the function that walked the configuration, and before the loop of
 * addServers when it made its own list).
 */

/**
 * The order `[...m.entries()].sort()` gives two static names: that of the texts `name,address`.
 * Two names of which neither begins with the other differ at a character both have, which orders
 * their texts as it orders the names; only when one name begins the other (or they are equal)
 * are the texts made and compared.
 */
function compareNames(m: ReadonlyMap<string, string>, a: string, b: string): number {
  if (a.length <= b.length ? !b.startsWith(a) : !a.startsWith(b)) return a < b ? -1 : 1;
  const at = `${a},${m.get(a) ?? ''}`;
  const bt = `${b},${m.get(b) ?? ''}`;
  return at < bt ? -1 : at > bt ? 1 : 0;
}

/** True when each of `names` is before the next in the order of {@link compareNames}. */
function namesAscending(m: ReadonlyMap<string, string>, names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (compareNames(m, names[i - 1] ?? '', names[i] ?? '') > 0) return false;
  return true;
}

/**
 * The names of `m` in the order `[...m.entries()].sort()` gives the pairs (each compared as the
 * text `name,address`): as they are when already in that order, else sorted by the names
 * themselves (the sort builtin's own comparison, no call per comparison), which is that order
 * unless a name that begins another is followed there by a character below the comma; checked,
 * and sorted again with {@link compareNames} when it is not. Profile (first render after a load,
 * 500 names out of order): making the text of each pair to compare (a new string per name,
 * flattened by its first comparison) and an object per pair was a tenth of the render's first
 * milliseconds.
 */
function sortedNames(m: ReadonlyMap<string, string>): string[] {
  const names = Array.from(m.keys());
  if (namesAscending(m, names)) return names;
  names.sort();
  if (!namesAscending(m, names)) names.sort((a, b) => compareNames(m, a, b));
  return names;
}

/** The values of `m` in the order of its keys (numbers). */
function sortedByKey<V>(m: ReadonlyMap<number, V>): V[] {
  return Array.from(m).sort(([a], [b]) => a - b).map(([, v]) => v);
}

/**
 * A kind of line of one command: its keywords and the names of its values, in the order the
 * renderer gives the values. The lines of the long lists (servers, phone book, static names) are
 * written from the words of their kind's form (the `texts` of its LineForm), asked of the speller
 * once per render and kind: no request, no values object or array and no search for the form
 * per line.
 */
interface LineKind {
  readonly id: string;
  readonly keywords: readonly string[];
  readonly names: readonly string[];
  /** Its place in a writer's table of forms: each kind of the process has its own. */
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

/** String.prototype.concat as the long lists call it: numbers are written as String() writes them. */
interface Concat {
  concat(...parts: readonly (string | number)[]): string;
}

/** The words of each kind's form (by the kind's index) for one speller: see {@link textsTable}. */
type TextsTable = (readonly string[] | undefined)[];

const tables = new WeakMap<LineSpeller, TextsTable>();

/**
 * The table of the words of each kind's form for `spell`, one per speller (the shell has one),
 * filled by {@link prepareListForms} and as each other kind is first met. A form depends only on the
 * grammar the speller was built from; the speller remembers its forms too, but each render used
 * to ask it again for each kind met and make its table anew (38 entries).
 */
function textsTable(spell: LineSpeller): TextsTable {
  let table = tables.get(spell);
  if (table === undefined) {
    table = Array.from({ length: kindCount }, () => undefined);
    tables.set(spell, table);
  }
  return table;
}

/**
 * Where the lines go, in order: each line spelt as it comes. An object with methods, not a
 * closure: a new closure per render made the compiled loops that call it deoptimise at the next
 * render ("wrong call target": they had inlined the previous render's closure); objects of one
 * class share a method, so the call stays the same from one render to the next.
 */
class LineWriter {
  /**
   * The lines written so far are the first {@link count}; made with room for `capacity` (the
   * long lists' lines), it grows past that as an array does and is cut to its lines by
   * {@link done}. Profile (bytes allocated per render): growing from empty copied the array
   * about twelve times, a few per cent of what a render of 10,000 lines allocated. Measured in
   * the views bench (perf_hooks gc entries against each render's start and end): the scavenges
   * inside renders then fell at 15-30% of a render instead of ~80% and copied ~0.5 MB of its
   * lines instead of ~3.2 MB (0.6-1.4 ms against 1.7-5.9 ms each). That is where the bytes per
   * render against the nursery's size put them in this bench, not a property of the code: the
   * first scavenge after a load, which promotes the load's own young objects, stays 3-9 ms.
   */
  readonly lines: string[];
  count = 0;
  /** The words of each kind's form, by the kind's index (this speller's table). */
  private readonly texts: TextsTable;
  /** The lines of the long lists' entries kept for this speller when they were set. */
  readonly kept: KeptLines;

  constructor(
    private readonly spell: LineSpeller,
    capacity: number,
  ) {
    // Made an array of strings before the first line is stored (the trace: a fresh array holds
    // small integers until a string is stored, and the compiled store of the previous render,
    // which had only seen an array of strings, deoptimised on it at the start of every render:
    // "not a Smi"); the string is overwritten by the first line or cut by done().
    const lines = new Array<string>(Math.max(capacity, 1));
    lines[0] = MASK;
    this.lines = lines;
    this.texts = textsTable(spell);
    this.kept = keptLines(spell);
  }

  /** A line as a request. */
  add(r: LineRequest): void {
    this.lines[this.count++] = this.spell(r);
  }

  /** The lines written, in order (the array cut to them). */
  done(): string[] {
    this.lines.length = this.count;
    return this.lines;
  }

  /**
   * The words around the values of a line of `kind` (the `texts` of its LineForm); throws when its
   * form spells a value (its grammar declaration and this file disagree).
   */
  textsOf(kind: LineKind): readonly string[] {
    return this.texts[kind.index] ?? kindTexts(this.texts, this.spell, kind);
  }
}

/** Asks `spell` for the words of `kind`'s form and keeps them in `table` (see {@link LineWriter.textsOf}). */
function kindTexts(table: TextsTable, spell: LineSpeller, kind: LineKind): readonly string[] {
  const texts = spell.form(kind.id, kind.keywords, kind.names).texts;
  if (texts === undefined) throw new Error(`internal: the form of ${kind.id} [${kind.keywords.join(' ')}] spells a value; the render writes its values as given`);
  table[kind.index] = texts;
  return texts;
}

/**
 * The kinds of the long lists whose forms {@link prepareListForms} asks for ahead: every kind of
 * the static names and of the phone book, and the `sip server N ... register` lines with
 * credentials (USER and PASS, with and without a name, over udp or tcp). Callgrind of buildShell:
 * 61.1 M instructions without, 68.4 M with these 10 (11.4 M more with 14, the no-register ones
 * too), so only the usual ones: a line of another kind asks for its form at its first render.
 */
const PREPARED_KINDS: readonly LineKind[] = [DNS_A, DNS_AAAA, ...BOOK_KINDS, ...SERVER_KINDS.filter((_, k) => (k & 13) === 12)];

/**
 * Asks `spell` for the forms of the long lists' usual kinds of line ({@link PREPARED_KINDS}) and
 * keeps their words for the renders: the store does it when the shell is built, so that the first
 * `show config` does not wait for them. Profile (callgrind, main thread, the first render of the
 * bench's 10,000 lines after a load): asking for the three forms it uses was 4.1 M of its 33 M
 * instructions (the speller's code compiled and run for the first time, then each form's search
 * of its command's declarations), ~1.5 ms of the render.
 */
export function prepareListForms(spell: LineSpeller): void {
  const table = textsTable(spell);
  for (const kind of PREPARED_KINDS) if (table[kind.index] === undefined) kindTexts(table, spell, kind);
}

/*
 * The long lists' lines are written from their kind's words, each line its words and values
 * added in turn (since round 10 mostly when each entry is set, see the lines kept below).
 * Profile (callgrind of the first render after a load, --no-opt: baseline code, where every
 * property load, keyed load, store and sum is a call): handing the values over in an array that
 * a form's loop read back was three quarters of the instructions per line.
 *
 * Each line is one call of String.prototype.concat with its words and values (absent values
 * and the words that go with them as ''), not a `+` per piece: in baseline code each `+` is a
 * call of the Add builtin with its feedback and then of the string addition, the concat builtin
 * does the additions in one loop (the line is the same pairs of strings either way). A server's
 * host and port are written inline (IPv6 in brackets, `:port` when set, as formatHostPort
 * writes them), not by two calls per line, which ran interpreted until compiled; and a line is
 * stored at its index, not pushed (a load of `push` and a call per line). Callgrind, first
 * render after a load with --no-opt, main thread, GC left out: 42 M instructions before, 36 M after.
 * Joining an array of the pieces per line, which makes the line flat, measured 76 M; flattening
 * each line (charCodeAt, which flattens in the runtime) 50 M.
 *
 * The maps are walked in their own order, which is the order of their keys nearly always (the
 * loader adds them in the file's order): a loop checks that each line's number is above the
 * last and answers false at the first that is not; its lines are then taken back and the list
 * written again sorted. The maps are keyed by the line's own number (the handlers set them so).
 */

/** The kind of `s`'s line (see {@link SERVER_KINDS}). */
function serverKind(s: SipServerConfig): LineKind {
  const k = (s.register ? 0 : 1) | (s.transport === 'udp' ? 0 : 2) | (s.user === undefined ? 0 : 4) | (s.password === undefined ? 0 : 8) | (s.name === undefined ? 0 : 16);
  const kind = SERVER_KINDS[k];
  if (kind === undefined) throw new Error(`internal: no kind of sip server line ${k}`);
  return kind;
}

/** `s`'s line up to its password: `t` the words of its kind's form. */
function serverHead(t: readonly string[], s: SipServerConfig): string {
  const hp = s.server;
  const host = hp.host;
  const port = hp.port;
  const user = s.user;
  return ((t[0] ?? '') as Concat).concat(
    s.n,
    t[1] ?? '',
    host.kind === 'ipv6' ? '[' + host.address + ']' : host.address,
    port === undefined ? '' : ':',
    port ?? '',
    t[2] ?? '',
    s.sipAddress,
    t[3] ?? '',
    user ?? '',
    user === undefined ? '' : (t[4] ?? ''),
  );
}

/** `s`'s line after its password: `t` the words of its kind's form. */
function serverTail(t: readonly string[], s: SipServerConfig): string {
  let j = s.user === undefined ? 4 : 5;
  const afterPassword = s.password === undefined ? '' : (t[j++] ?? '');
  const name = s.name;
  return afterPassword.concat(name ?? '', name === undefined ? '' : (t[j] ?? ''));
}

/** `analog extension sip address ...` for `e`: `t` the words of its kind's form (see {@link BOOK_KINDS}). */
function bookLine(t: readonly string[], e: PhoneBookEntry): string {
  const server = e.server;
  const name = e.name;
  const afterServer = server === undefined ? '' : (t[4] ?? '');
  const afterName = name === undefined ? '' : (t[server === undefined ? 4 : 5] ?? '');
  return ((t[0] ?? '') as Concat).concat(e.num, t[1] ?? '', e.dialNumber, t[2] ?? '', e.sipAddress, t[3] ?? '', server ?? '', afterServer, name ?? '', afterName);
}

/** The kind of `e`'s line (see {@link BOOK_KINDS}). */
function bookKind(e: PhoneBookEntry): LineKind {
  const k = (e.server === undefined ? 0 : 1) | (e.name === undefined ? 0 : 2);
  const kind = BOOK_KINDS[k];
  if (kind === undefined) throw new Error(`internal: no kind of phone book line ${k}`);
  return kind;
}

/** `dns static a|aaaa NAME ADDRESS`: `t` the words of its kind's form. */
const nameLine = (t: readonly string[], name: string, address: string): string => (t[0] ?? '').concat(name, t[1] ?? '', address, t[2] ?? '');

/*
 * The lines of the long lists' entries are made when each entry is set (the handlers call
 * {@link keepServerLine}, {@link keepBookLine} and {@link keepNameLine} through the store), by the
 * same functions as above, and kept for the speller they were spelt by; a render writes an
 * entry's kept line and makes only the lines of entries set by another path (a test's or a
 * bench's direct `config.servers.set`). Profile (the grammar bench, issue 13): the first render
 * after a load ran the string building of 10,000 lines in cold code, 7-14 ms in round 9's runs
 * against its 10 ms target; the load runs the same handlers 10,000 times anyway. Callgrind
 * (--predictable, the bench's 10,000 lines): the first render 76 M -> 16.5 M instructions, the
 * load 749 M -> 878 M (the lines made there, and kept through its collections; 867 M since
 * {@link KeptServerLine} is a class); the render of entries with nothing kept 140 M -> 161 M (a
 * call per line where the loop wrote it inline).
 * The servers and the phone book entries are immutable objects: their lines are kept by the
 * entry (a WeakMap, so a copy of the configuration shares them and a line goes with its entry).
 * A static name is a string in its map: its line is kept by name with the address it was made
 * for, and used only while the name has that address.
 */

/**
 * A server's line when it was set, and where its password starts in it (-1: it has none).
 * Made with `new`, not as an object literal: a literal's allocation site is pretenured once the
 * load's scavenges see its objects survive, and V8 then dropped keepServerLine's compiled code,
 * which depended on the site's tenuring (--trace-deopt: "code dependencies";
 * --trace-compilation-dependencies: allocation-site-tenuring-changed), and compiled it again.
 * Objects made by a constructor have no allocation site. Callgrind (--predictable, the bench's
 * 10,000 lines, whole run): the load 1,742.9 -> 1,732.2 M; the first render (16.5 M), a first
 * masked render (24.4 -> 24.8 M) and a masked render after a plain one (21.7 -> 22.0 M) unchanged.
 */
class KeptServerLine {
  constructor(
    readonly line: string,
    readonly secretAt: number,
  ) {}
}

/** A static name's line when it was set, for the address it was set to. */
interface KeptNameLine {
  readonly address: string;
  readonly line: string;
}

/** The lines kept for one speller. */
interface KeptLines {
  readonly servers: WeakMap<SipServerConfig, KeptServerLine>;
  readonly book: WeakMap<PhoneBookEntry, string>;
  readonly dnsA: Map<string, KeptNameLine>;
  readonly dnsAaaa: Map<string, KeptNameLine>;
}

const keptTables = new WeakMap<LineSpeller, KeptLines>();

function keptLines(spell: LineSpeller): KeptLines {
  let kept = keptTables.get(spell);
  if (kept === undefined) {
    kept = { servers: new WeakMap(), book: new WeakMap(), dnsA: new Map(), dnsAaaa: new Map() };
    keptTables.set(spell, kept);
  }
  return kept;
}

/** The words of `kind`'s form for `spell` (see {@link LineWriter.textsOf}). */
function textsFor(spell: LineSpeller, kind: LineKind): readonly string[] {
  const table = textsTable(spell);
  return table[kind.index] ?? kindTexts(table, spell, kind);
}

/**
 * `line` made flat: V8 copies a concatenation's pieces into one string when a character of it is
 * read. A kept line is a tree of a dozen pieces otherwise, each copied by the collections of the
 * load and visited by every join of the rendered lines. Measured with a masked line kept too
 * (the bench's 10,000 lines): the same instructions for the load either way (callgrind with
 * --predictable: the copies against the collections' work on the trees), the heap the kept lines
 * hold 5.2 -> 2.9 MB (1.6 MB with the masked line made at render, below), and the views bench's
 * render and join median 9.4-11.7 -> 4.7-5.2 ms (three runs each; 5.6-6.6 ms before round 10).
 */
function flat(line: string): string {
  line.charCodeAt(0);
  return line;
}

/**
 * Makes and keeps the line of server `s` as `spell` spells it, with where its password starts: a
 * masked render writes the mask there (two slices and a concatenation per line). Keeping a
 * masked line as well cost 37 M instructions more in the bench's load (callgrind, 1,781 M against
 * 1,744 M for the whole run); the masked render's slices cost about 1 M.
 */
export function keepServerLine(spell: LineSpeller, s: SipServerConfig): void {
  const t = textsFor(spell, serverKind(s));
  const head = serverHead(t, s);
  const tail = serverTail(t, s);
  const password = s.password;
  keptLines(spell).servers.set(s, new KeptServerLine(flat(head.concat(password ?? '', tail)), password === undefined ? -1 : head.length));
}

/** Makes and keeps the line of phone book entry `e` as `spell` spells it. */
export function keepBookLine(spell: LineSpeller, e: PhoneBookEntry): void {
  keptLines(spell).book.set(e, flat(bookLine(textsFor(spell, bookKind(e)), e)));
}

/** Makes and keeps the line of static name `name` (an AAAA name with `aaaa`) with `address`. */
export function keepNameLine(spell: LineSpeller, aaaa: boolean, name: string, address: string): void {
  const kept = keptLines(spell);
  const line = flat(nameLine(textsFor(spell, aaaa ? DNS_AAAA : DNS_A), name, address));
  (aaaa ? kept.dnsAaaa : kept.dnsA).set(name, { address, line });
}

/** Drops the kept line of static name `name` (removed from the configuration). */
export function forgetNameLine(spell: LineSpeller, aaaa: boolean, name: string): void {
  const kept = keptLines(spell);
  (aaaa ? kept.dnsAaaa : kept.dnsA).delete(name);
}

/**
 * `sip server N ...` for each server of `list`, while their numbers ascend (its kept line, else
 * made); with `masked`, the password is masked. The writer's count after them; when a number is
 * not above the one before it, the count before that one, bit-inverted (negative).
 */
function addServers(list: readonly SipServerConfig[], masked: boolean, out: LineWriter): number {
  const lines = out.lines;
  const kept = out.kept.servers;
  let count = out.count;
  const length = list.length;
  let last = 0;
  for (let i = 0; i < length; i++) {
    const s = list[i];
    if (s === undefined) continue;
    const n = s.n;
    if (n <= last) return ~count;
    last = n;
    const line = kept.get(s);
    if (line !== undefined) {
      const text = line.line;
      const at = line.secretAt;
      lines[count++] = masked && at >= 0 ? text.slice(0, at).concat(MASK, text.slice(at + (s.password ?? '').length)) : text;
    } else {
      const t = out.textsOf(serverKind(s));
      const password = s.password;
      lines[count++] = serverHead(t, s).concat(password === undefined ? '' : masked ? MASK : password, serverTail(t, s));
    }
  }
  return count;
}

/** `analog extension sip address ...` for each phone book entry of `list`, while their numbers ascend (its kept line, else made): the writer's count after them, or (bit-inverted, negative) before the first that does not. */
function addBook(list: readonly PhoneBookEntry[], out: LineWriter): number {
  const lines = out.lines;
  const kept = out.kept.book;
  let count = out.count;
  const length = list.length;
  let last = 0;
  for (let i = 0; i < length; i++) {
    const e = list[i];
    if (e === undefined) continue;
    const num = e.num;
    if (num <= last) return ~count;
    last = num;
    lines[count++] = kept.get(e) ?? bookLine(out.textsOf(bookKind(e)), e);
  }
  return count;
}

/** `dns static a|aaaa NAME ADDRESS` for each of `names`, with its address in `m` (its kept line when made for that address): the writer's count after them. */
function addNames(kind: LineKind, m: ReadonlyMap<string, string>, names: readonly string[], out: LineWriter): number {
  if (names.length === 0) return out.count;
  const lines = out.lines;
  const kept = kind === DNS_AAAA ? out.kept.dnsAaaa : out.kept.dnsA;
  let count = out.count;
  const t = out.textsOf(kind);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === undefined) continue;
    const address = m.get(name) ?? '';
    const line = kept.get(name);
    lines[count++] = line !== undefined && line.address === address ? line.line : nameLine(t, name, address);
  }
  return count;
}

/** Each of `requests`, in order. */
function addAll(requests: readonly LineRequest[], out: LineWriter): void {
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (r !== undefined) out.add(r);
  }
}

/** `analog extension dial prefix sip server=N ...` for each server number and prefix. */
function addPrefixes(prefixes: readonly (readonly [number, string])[], out: LineWriter): void {
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i];
    if (p !== undefined) out.add(line('analog.prefix', { N: String(p[0]), DIAL: p[1] }));
  }
}

/**
 * Writes each line of the configuration to `out`, in the order `show config` prints them; with
 * `masked`, passwords are replaced by a mask.
 */
function writeConfig(c: Config, masked: boolean, out: LineWriter): void {
  const secret = (s: string): string => (masked ? MASK : s);
  if (c.loginPassword !== undefined) out.add(line('login.password.encrypted', { HASH: secret(c.loginPassword) }));
  if (c.adminPassword !== undefined) out.add(line('administrator.password.encrypted', { HASH: secret(c.adminPassword) }));
  if (c.loginTimer !== DEFAULT_LOGIN_TIMER) out.add(c.loginTimer === 'clear' ? line('login.timer', {}, ['clear']) : line('login.timer', { SECONDS: String(c.loginTimer) }));
  addAll(sshConfigLines(c.ssh, secret), out);
  if (c.prompt !== undefined) out.add(line('console.prompt', { NAME: c.prompt }));
  if (c.lines !== undefined) out.add(c.lines === 'infinity' ? line('console.lines', {}, ['infinity']) : line('console.lines', { LINES: String(c.lines) }));
  if (c.columns !== undefined) out.add(line('console.columns', { COLUMNS: String(c.columns) }));
  if (c.character !== undefined) out.add(line('console.character', {}, [c.character]));
  out.count = addNames(DNS_A, c.dnsA, sortedNames(c.dnsA), out);
  out.count = addNames(DNS_AAAA, c.dnsAaaa, sortedNames(c.dnsAaaa), out);
  addAll(dnsServerLines(c), out);
  if (!c.sipUse) out.add(line('sip.use', {}, ['off']));
  if (c.sipLog) out.add(line('sip.log', {}, ['on']));
  if (c.t1 !== DEFAULT_T1 || c.t2 !== DEFAULT_T2) out.add(line('sip.retransmit', { T1: String(c.t1), T2: String(c.t2) }));
  addAll(sipGlobalLines(c), out);
  if (!c.arriveAddressCheck) out.add(line('sip.arrive.check', {}, ['off']));
  if (c.ringingTimer !== DEFAULT_RINGING_TIMER) out.add(line('sip.arrive.ringing', { TIME: String(c.ringingTimer) }));
  // Array.from, not a spread or a for-of loop: those iterate the Map in this function's own code,
  // whose feedback a Map iterator's fast path never fills, and deoptimised at every render.
  // The counts are stored here, not at the end of the loops' functions: that code runs after a
  // loop compiled while it ran, without feedback, and deoptimised at every render (--trace-deopt).
  let count = addServers(Array.from(c.servers.values()), masked, out);
  if (count < 0) count = addServers(sortedByKey(c.servers), masked, out);
  out.count = count < 0 ? ~count : count;
  addAll(sipServerOptionLines(c), out);
  addPrefixes([...c.serverPrefixes.entries()].sort(([a], [b]) => a - b), out);
  if (c.bookPrefix !== undefined) out.add(line('analog.prefix', { DIAL: c.bookPrefix }));
  count = addBook(Array.from(c.book.values()), out);
  if (count < 0) count = addBook(sortedByKey(c.book), out);
  out.count = count < 0 ? ~count : count;
}

/** The configuration lines, spelt by `spell` from the grammar; with `masked`, passwords are replaced by a mask. */
export function renderConfig(c: Config, masked: boolean, spell: LineSpeller): string[] {
  const out = new LineWriter(spell, c.servers.size + c.book.size + c.dnsA.size + c.dnsAaaa.size);
  writeConfig(c, masked, out);
  return out.done();
}
