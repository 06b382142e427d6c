/**
 * Renders the configuration as router text, one command per line in a stable order. This file
 * says which command each setting is and with which values ({@link configLines}); the words of
 * each line are spelt from that command's declaration in grammar/*.cli by the speller the shell
 * hands in (src/grammar/spell.ts), so no command's words are written twice.
 * Every line parses back through the grammar to the same model (secrets unmasked).
 */
import { LineRequest, LineSpeller } from '../grammar/spell';
import { formatHostPort } from '../net/host';
import { Config, DEFAULT_LOGIN_TIMER, DEFAULT_RINGING_TIMER, DEFAULT_T1, DEFAULT_T2 } from './model';
import { line } from './render-line';
import { dnsServerLines, sipGlobalLines, sipServerOptionLines } from './render-sip';
import { sshConfigLines } from './ssh-render';

/** What `show config` prints for a secret below the administrator level. */
export const MASK = '********';

const byKey = <K extends number | string, V>(m: ReadonlyMap<K, V>): V[] =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/**
 * The configuration as line requests (command id, keywords, values by the declaration's names),
 * in the order `show config` prints them; with `masked`, passwords are replaced by a mask.
 */
export function configLines(c: Config, masked = false): LineRequest[] {
  const secret = (s: string): string => (masked ? MASK : s);
  const out: LineRequest[] = [];
  if (c.loginPassword !== undefined) out.push(line('login.password.encrypted', { HASH: secret(c.loginPassword) }));
  if (c.adminPassword !== undefined) out.push(line('administrator.password.encrypted', { HASH: secret(c.adminPassword) }));
  if (c.loginTimer !== DEFAULT_LOGIN_TIMER) out.push(c.loginTimer === 'clear' ? line('login.timer', {}, ['clear']) : line('login.timer', { SECONDS: String(c.loginTimer) }));
  out.push(...sshConfigLines(c.ssh, secret));
  if (c.prompt !== undefined) out.push(line('console.prompt', { NAME: c.prompt }));
  if (c.lines !== undefined) out.push(c.lines === 'infinity' ? line('console.lines', {}, ['infinity']) : line('console.lines', { LINES: String(c.lines) }));
  if (c.columns !== undefined) out.push(line('console.columns', { COLUMNS: String(c.columns) }));
  if (c.character !== undefined) out.push(line('console.character', {}, [c.character]));
  for (const [name, addr] of [...c.dnsA.entries()].sort()) out.push(line('dns.static.a', { NAME: name, ADDRESS: addr }));
  for (const [name, addr] of [...c.dnsAaaa.entries()].sort()) out.push(line('dns.static.aaaa', { NAME: name, ADDRESS: addr }));
  out.push(...dnsServerLines(c));
  if (!c.sipUse) out.push(line('sip.use', {}, ['off']));
  if (c.sipLog) out.push(line('sip.log', {}, ['on']));
  if (c.t1 !== DEFAULT_T1 || c.t2 !== DEFAULT_T2) out.push(line('sip.retransmit', { T1: String(c.t1), T2: String(c.t2) }));
  out.push(...sipGlobalLines(c));
  if (!c.arriveAddressCheck) out.push(line('sip.arrive.check', {}, ['off']));
  if (c.ringingTimer !== DEFAULT_RINGING_TIMER) out.push(line('sip.arrive.ringing', { TIME: String(c.ringingTimer) }));
  for (const s of byKey(c.servers)) {
    // Assigned one by one, not spread: this loop runs once per server of a 10,000-line configuration.
    const values: Record<string, string> = { N: String(s.n), SERVER: formatHostPort(s.server), SIPADDRESS: s.sipAddress };
    if (s.user !== undefined) values.USER = s.user;
    if (s.password !== undefined) values.PASS = secret(s.password);
    if (s.name !== undefined) values.NAME = s.name;
    out.push(line('sip.server', values, [s.register ? 'register' : 'no-register', s.transport]));
  }
  out.push(...sipServerOptionLines(c));
  for (const [n, prefix] of [...c.serverPrefixes.entries()].sort(([a], [b]) => a - b)) out.push(line('analog.prefix', { N: String(n), DIAL: prefix }));
  if (c.bookPrefix !== undefined) out.push(line('analog.prefix', { DIAL: c.bookPrefix }));
  for (const e of byKey(c.book)) {
    const values: Record<string, string> = { NUM: String(e.num), DIAL_NUMBER: e.dialNumber, SIP_ADDRESS: e.sipAddress };
    if (e.server !== undefined) values.N = String(e.server);
    if (e.name !== undefined) values.DESC = e.name;
    out.push(line('analog.book', values));
  }
  return out;
}

/** The configuration lines, spelt by `spell` from the grammar; with `masked`, passwords are replaced by a mask. */
export function renderConfig(c: Config, masked: boolean, spell: LineSpeller): string[] {
  return configLines(c, masked).map(spell);
}
