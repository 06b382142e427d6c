/**
 * Renders the configuration as router text, one command per line in a stable order.
 * Every line parses back through the grammar to the same model (secrets unmasked).
 */
import { formatHostPort } from '../net/host';
import { Config, DEFAULT_LOGIN_TIMER, DEFAULT_RINGING_TIMER, DEFAULT_T1, DEFAULT_T2 } from './model';
import { renderDnsServers, renderSipGlobals, renderSipServerOptions } from './render-sip';
import { renderSshConfig } from './ssh-render';

/** What `show config` prints for a secret below the administrator level. */
export const MASK = '********';

const byKey = <K extends number | string, V>(m: ReadonlyMap<K, V>): V[] =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** The configuration lines; with `masked`, passwords are replaced by a mask. */
export function renderConfig(c: Config, masked = false): string[] {
  const secret = (s: string): string => (masked ? MASK : s);
  const out: string[] = [];
  if (c.loginPassword !== undefined) out.push(`login password encrypted ${secret(c.loginPassword)}`);
  if (c.adminPassword !== undefined) out.push(`administrator password encrypted ${secret(c.adminPassword)}`);
  if (c.loginTimer !== DEFAULT_LOGIN_TIMER) out.push(`login timer ${c.loginTimer}`);
  out.push(...renderSshConfig(c.ssh, secret));
  if (c.prompt !== undefined) out.push(`console prompt ${c.prompt}`);
  if (c.lines !== undefined) out.push(`console lines ${c.lines}`);
  if (c.columns !== undefined) out.push(`console columns ${c.columns}`);
  if (c.character !== undefined) out.push(`console character ${c.character}`);
  for (const [name, addr] of [...c.dnsA.entries()].sort()) out.push(`dns static a ${name} ${addr}`);
  for (const [name, addr] of [...c.dnsAaaa.entries()].sort()) out.push(`dns static aaaa ${name} ${addr}`);
  out.push(...renderDnsServers(c));
  if (!c.sipUse) out.push('sip use off');
  if (c.sipLog) out.push('sip log on');
  if (c.t1 !== DEFAULT_T1 || c.t2 !== DEFAULT_T2) out.push(`sip request retransmit timer ${c.t1} ${c.t2}`);
  out.push(...renderSipGlobals(c));
  if (!c.arriveAddressCheck) out.push('sip arrive address check off');
  if (c.ringingTimer !== DEFAULT_RINGING_TIMER) out.push(`sip arrive ringing timer ${c.ringingTimer}`);
  for (const s of byKey(c.servers)) {
    let line = `sip server ${s.n} ${formatHostPort(s.server)} ${s.register ? 'register' : 'no-register'} ${s.transport} ${s.sipAddress}`;
    if (s.user !== undefined) line += ` ${s.user}`;
    if (s.password !== undefined) line += ` ${secret(s.password)}`;
    if (s.name !== undefined) line += ` name=${s.name}`;
    out.push(line);
  }
  out.push(...renderSipServerOptions(c));
  for (const [n, prefix] of [...c.serverPrefixes.entries()].sort(([a], [b]) => a - b)) {
    out.push(`analog extension dial prefix sip server=${n} prefix="${prefix}"`);
  }
  if (c.bookPrefix !== undefined) out.push(`analog extension dial prefix sip prefix="${c.bookPrefix}"`);
  for (const e of byKey(c.book)) {
    let line = `analog extension sip address ${e.num} ${e.dialNumber} ${e.sipAddress}`;
    if (e.server !== undefined) line += ` server=${e.server}`;
    if (e.name !== undefined) line += ` name=${e.name}`;
    out.push(line);
  }
  return out;
}
