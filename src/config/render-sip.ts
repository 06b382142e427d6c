/**
 * The configuration lines of the SIP engine's own settings beyond `sip server N ...`: per-server
 * options, the User-Agent, the busy code and the outer address. Each parses back to the same model.
 */
import { Config, SessionTimerConfig, SipServerOptions } from './model';

/** `TIME [update=on] [refresher=uas]`: the defaults (update=off, refresher=uac) are left out. */
function sessionTimerWords(t: SessionTimerConfig): string {
  return `${t.seconds}${t.update ? ' update=on' : ''}${t.refresher === 'uas' ? ' refresher=uas' : ''}`;
}

function optionLines(n: number, o: SipServerOptions): string[] {
  const out: string[] = [];
  if (o.registerTimer !== undefined) out.push(`sip server register timer server=${n} ${o.registerTimer.okSeconds} ${o.registerTimer.ngSeconds}`);
  if (o.displayName !== undefined) out.push(`sip server display name ${n} ${o.displayName}`);
  if (o.qvalue !== undefined) out.push(`sip server qvalue ${n} ${o.qvalue}`);
  if (o.registerRequestUri !== undefined) out.push(`sip server register request-uri ${n} ${o.registerRequestUri}`);
  if (o.callRemoteDomain !== undefined) out.push(`sip server call remote domain ${n} ${o.callRemoteDomain}`);
  if (o.privacy !== undefined) out.push(`sip server privacy ${n} on${o.privacy === 'p-asserted-identity' ? ' 2' : ''}`);
  if (o.pilotAddress !== undefined) out.push(`sip server pilot address ${n} ${o.pilotAddress}`);
  if (o.dialNumberOnly === true) out.push(`sip server dial number-only server=${n} on`);
  if (o.sessionTimer !== undefined) out.push(`sip server session timer ${n} ${sessionTimerWords(o.sessionTimer)}`);
  if (o.rel100 !== undefined) out.push(`sip server 100rel ${n} ${o.rel100 ? 'on' : 'off'}`);
  return out;
}

/** `dns server` (after the `dns static` lines). */
export function renderDnsServers(c: Config): string[] {
  if (c.dnsServers.length === 0) return [];
  const one = (d: { address: string; port: number | undefined }): string => {
    const host = d.address.includes(':') ? `[${d.address}]` : d.address;
    return d.port !== undefined ? `${host}:${d.port}` : host;
  };
  return [`dns server ${c.dnsServers.map(one).join(' ')}`];
}

/** Global SIP lines (after `sip request retransmit timer`). */
export function renderSipGlobals(c: Config): string[] {
  const out: string[] = [];
  if (!c.userAgent.on) out.push('sip user agent off');
  else if (c.userAgent.text !== undefined) out.push(`sip user agent on ${c.userAgent.text}`);
  if (c.busyCode !== undefined) out.push(`sip response code busy ${c.busyCode}`);
  if (c.outerAddress !== undefined) out.push(`sip outer address ${c.outerAddress}`);
  if (c.rel100) out.push('sip 100rel on');
  if (c.sessionTimer !== undefined) out.push(`sip session timer ${sessionTimerWords(c.sessionTimer)}`);
  return out;
}

/** Per-server option lines, by server number (after the `sip server N ...` lines). */
export function renderSipServerOptions(c: Config): string[] {
  return [...c.serverOptions.entries()].sort(([a], [b]) => a - b).flatMap(([n, o]) => optionLines(n, o));
}
