/**
 * The line requests of the SIP engine's own settings beyond `sip server N ...`: per-server
 * options, the User-Agent, the busy code and the outer address; and `dns server`. Each is spelt
 * from its grammar declaration (see render.ts) and parses back to the same model.
 */
import { LineRequest } from '../grammar/spell';
import { Config, DnsServerConfig, SessionTimerConfig, SipServerOptions } from './model';
import { line, numberedValues } from './render-line';

/** `TIME [update=on] [refresher=uas]`: the defaults (update=off, refresher=uac) are left out. */
function sessionTimerValues(t: SessionTimerConfig): Record<string, string> {
  return { TIME: String(t.seconds), ...(t.update ? { UPDATE: 'on' } : {}), ...(t.refresher === 'uas' ? { REFRESHER: 'uas' } : {}) };
}

function optionLines(n: number, o: SipServerOptions): LineRequest[] {
  const N = String(n);
  const out: LineRequest[] = [];
  if (o.registerTimer !== undefined) out.push(line('sip.server.register.timer', { N, OK: String(o.registerTimer.okSeconds), NG: String(o.registerTimer.ngSeconds) }));
  if (o.displayName !== undefined) out.push(line('sip.server.display.name', { N, NAME: o.displayName }));
  if (o.qvalue !== undefined) out.push(line('sip.server.qvalue', { N, VALUE: o.qvalue }));
  if (o.registerRequestUri !== undefined) out.push(line('sip.server.register.request-uri', { N, URI: o.registerRequestUri }));
  if (o.callRemoteDomain !== undefined) out.push(line('sip.server.call.remote.domain', { N, DOMAIN: o.callRemoteDomain }));
  // Pattern 1 (P-Preferred-Identity) is the default and is not written.
  if (o.privacy !== undefined) out.push(line('sip.server.privacy', o.privacy === 'p-asserted-identity' ? { N, PATTERN: '2' } : { N }, ['on']));
  if (o.pilotAddress !== undefined) out.push(line('sip.server.pilot.address', { N, SIPADDRESS: o.pilotAddress }));
  if (o.dialNumberOnly === true) out.push(line('sip.server.dial.number-only', { N }, ['on']));
  if (o.sessionTimer !== undefined) out.push(line('sip.server.session.timer', { N, ...sessionTimerValues(o.sessionTimer) }));
  if (o.rel100 !== undefined) out.push(line('sip.server.100rel', { N }, [o.rel100 ? 'on' : 'off']));
  return out;
}

/** A `hostport` word of `dns server`: an IPv6 address in brackets, `:port` when set. */
function dnsServerWord(d: DnsServerConfig): string {
  const host = d.address.includes(':') ? `[${d.address}]` : d.address;
  return d.port !== undefined ? `${host}:${d.port}` : host;
}

/** `dns server` (after the `dns static` lines). */
export function dnsServerLines(c: Config): LineRequest[] {
  if (c.dnsServers.length === 0) return [];
  return [line('dns.server', numberedValues('SERVER', c.dnsServers.map(dnsServerWord)))];
}

/** Global SIP lines (after `sip request retransmit timer`). */
export function sipGlobalLines(c: Config): LineRequest[] {
  const out: LineRequest[] = [];
  if (!c.userAgent.on) out.push(line('sip.user.agent', {}, ['off']));
  else if (c.userAgent.text !== undefined) out.push(line('sip.user.agent', { TEXT: c.userAgent.text }, ['on']));
  if (c.busyCode !== undefined) out.push(line('sip.response.code.busy', { CODE: String(c.busyCode) }));
  if (c.outerAddress !== undefined) out.push(line('sip.outer.address', { ADDRESS: c.outerAddress }));
  if (c.rel100) out.push(line('sip.100rel', {}, ['on']));
  if (c.sessionTimer !== undefined) out.push(line('sip.session.timer', sessionTimerValues(c.sessionTimer)));
  return out;
}

/** Per-server option lines, by server number (after the `sip server N ...` lines). */
export function sipServerOptionLines(c: Config): LineRequest[] {
  return [...c.serverOptions.entries()].sort(([a], [b]) => a - b).flatMap(([n, o]) => optionLines(n, o));
}
