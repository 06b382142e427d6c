/**
 * Renders the configuration as router text, one command per line in a stable order. This file
 * says which command each setting is and with which values ({@link configLines}); the words of
 * each line are spelt from that command's declaration in grammar/*.cli by the speller the shell
 * hands in (src/grammar/spell.ts), so no command's words are written twice.
 * Every line parses back through the grammar to the same model (secrets unmasked).
 *
 * Speed (issue 13, render a 10,000-line configuration < 10 ms): the requests are handed to the
 * speller one at a time as they are made ({@link eachConfigLine}), not gathered into an array of
 * 10,000 requests first, so each request dies young (a profile showed the garbage collector as
 * the largest part of a render: the retained requests were promoted and copied); the maps are
 * walked in key order without building and sorting an array of entries when they are already in
 * order (they nearly always are: the loader adds them in the file's order).
 */
import { LineRequest, LineSpeller } from '../grammar/spell';
import { formatHostPort } from '../net/host';
import { Config, DEFAULT_LOGIN_TIMER, DEFAULT_RINGING_TIMER, DEFAULT_T1, DEFAULT_T2, PhoneBookEntry, SipServerConfig } from './model';
import { NO_WORDS, line } from './render-line';
import { dnsServerLines, sipGlobalLines, sipServerOptionLines } from './render-sip';
import { sshConfigLines } from './ssh-render';

/** What `show config` prints for a secret below the administrator level. */
export const MASK = '********';

/** The values of `m` in the order of its keys (numbers), sorting only when they are out of order. */
function inKeyOrder<V>(m: ReadonlyMap<number, V>): V[] {
  const keys = Array.from(m.keys());
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] ?? 0) > (keys[i] ?? 0)) {
      keys.sort((a, b) => a - b);
      return keys.flatMap((k) => {
        const v = m.get(k);
        return v === undefined ? [] : [v];
      });
    }
  }
  // In order (the usual case): the values as they are. Array.from, not a for-of loop or a spread:
  // both are iterated in this function's own code, whose feedback a Map iterator's fast path
  // never fills, so the code compiled on the stack in the loop above deoptimised there at every
  // render (--trace-deopt: "Insufficient type feedback for generic named access").
  return Array.from(m.values());
}

/**
 * The entries of `m` in the order `[...m.entries()].sort()` gives (each pair compared as the text
 * `name,address`), with that text made once per entry instead of at every comparison (the default
 * sort made it twice per comparison: a tenth of a render with 500 names), and no sort at all when
 * the entries are already in that order.
 */
function byText(m: ReadonlyMap<string, string>): (readonly [string, string])[] {
  const rows = Array.from(m, ([name, addr]) => ({ text: `${name},${addr}`, pair: [name, addr] as const }));
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i - 1]?.text ?? '') > (rows[i]?.text ?? '')) {
      rows.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
      break;
    }
  }
  return rows.map((r) => r.pair);
}

/** The keywords of a `sip server N ...` line: one shared array per (register, transport), none per line. */
const REGISTER_UDP: readonly string[] = ['register', 'udp'];
const REGISTER_TCP: readonly string[] = ['register', 'tcp'];
const NO_REGISTER_UDP: readonly string[] = ['no-register', 'udp'];
const NO_REGISTER_TCP: readonly string[] = ['no-register', 'tcp'];

function serverLine(s: SipServerConfig, masked: boolean): LineRequest {
  const udp = s.transport === 'udp';
  const keywords = s.register ? (udp ? REGISTER_UDP : REGISTER_TCP) : udp ? NO_REGISTER_UDP : NO_REGISTER_TCP;
  // Assigned one by one, not spread: this runs once per server of a 10,000-line configuration.
  const values: Record<string, string> = { N: String(s.n), SERVER: formatHostPort(s.server), SIPADDRESS: s.sipAddress };
  if (s.user !== undefined) values.USER = s.user;
  if (s.password !== undefined) values.PASS = masked ? MASK : s.password;
  if (s.name !== undefined) values.NAME = s.name;
  return { id: 'sip.server', keywords, values };
}

function bookLine(e: PhoneBookEntry): LineRequest {
  const values: Record<string, string> = { NUM: String(e.num), DIAL_NUMBER: e.dialNumber, SIP_ADDRESS: e.sipAddress };
  if (e.server !== undefined) values.N = String(e.server);
  if (e.name !== undefined) values.DESC = e.name;
  return { id: 'analog.book', keywords: NO_WORDS, values };
}

/**
 * Hands `emit` each line request of the configuration (command id, keywords, values by the
 * declaration's names), in the order `show config` prints them; with `masked`, passwords are
 * replaced by a mask.
 */
export function eachConfigLine(c: Config, masked: boolean, emit: (r: LineRequest) => void): void {
  const secret = (s: string): string => (masked ? MASK : s);
  if (c.loginPassword !== undefined) emit(line('login.password.encrypted', { HASH: secret(c.loginPassword) }));
  if (c.adminPassword !== undefined) emit(line('administrator.password.encrypted', { HASH: secret(c.adminPassword) }));
  if (c.loginTimer !== DEFAULT_LOGIN_TIMER) emit(c.loginTimer === 'clear' ? line('login.timer', {}, ['clear']) : line('login.timer', { SECONDS: String(c.loginTimer) }));
  sshConfigLines(c.ssh, secret).forEach(emit);
  if (c.prompt !== undefined) emit(line('console.prompt', { NAME: c.prompt }));
  if (c.lines !== undefined) emit(c.lines === 'infinity' ? line('console.lines', {}, ['infinity']) : line('console.lines', { LINES: String(c.lines) }));
  if (c.columns !== undefined) emit(line('console.columns', { COLUMNS: String(c.columns) }));
  if (c.character !== undefined) emit(line('console.character', {}, [c.character]));
  for (const [name, addr] of byText(c.dnsA)) emit(line('dns.static.a', { NAME: name, ADDRESS: addr }));
  for (const [name, addr] of byText(c.dnsAaaa)) emit(line('dns.static.aaaa', { NAME: name, ADDRESS: addr }));
  dnsServerLines(c).forEach(emit);
  if (!c.sipUse) emit(line('sip.use', {}, ['off']));
  if (c.sipLog) emit(line('sip.log', {}, ['on']));
  if (c.t1 !== DEFAULT_T1 || c.t2 !== DEFAULT_T2) emit(line('sip.retransmit', { T1: String(c.t1), T2: String(c.t2) }));
  sipGlobalLines(c).forEach(emit);
  if (!c.arriveAddressCheck) emit(line('sip.arrive.check', {}, ['off']));
  if (c.ringingTimer !== DEFAULT_RINGING_TIMER) emit(line('sip.arrive.ringing', { TIME: String(c.ringingTimer) }));
  for (const s of inKeyOrder(c.servers)) emit(serverLine(s, masked));
  sipServerOptionLines(c).forEach(emit);
  for (const [n, prefix] of [...c.serverPrefixes.entries()].sort(([a], [b]) => a - b)) emit(line('analog.prefix', { N: String(n), DIAL: prefix }));
  if (c.bookPrefix !== undefined) emit(line('analog.prefix', { DIAL: c.bookPrefix }));
  for (const e of inKeyOrder(c.book)) emit(bookLine(e));
}

/**
 * The configuration as line requests, in the order `show config` prints them; with `masked`,
 * passwords are replaced by a mask.
 */
export function configLines(c: Config, masked = false): LineRequest[] {
  const out: LineRequest[] = [];
  eachConfigLine(c, masked, (r) => {
    out.push(r);
  });
  return out;
}

/** The configuration lines, spelt by `spell` from the grammar; with `masked`, passwords are replaced by a mask. */
export function renderConfig(c: Config, masked: boolean, spell: LineSpeller): string[] {
  // Made an array of strings before the first push (the trace: a fresh `[]` holds small integers
  // until its first push, and the optimised push of the previous render, which had only seen an
  // array of strings, deoptimised on it at the start of every render: "not a Smi").
  const out: string[] = [MASK];
  out.length = 0;
  eachConfigLine(c, masked, (r) => {
    out.push(spell(r));
  });
  return out;
}
