/**
 * The seed's two ways to dial: a server's prefix + a number → sip:NUMBER@DOMAIN of that server;
 * the phone book prefix + an entry's number → that entry's sip address. Longest prefix wins.
 */
import { ServerSettings as SipServerConfig, SipSettings as Config } from '../settings';
import { parseSipUri, uriDomain } from '../uri';

/** Where dialled digits go: the Request-URI and server, or why nowhere. */
export type Route =
  | { readonly ok: true; readonly server: SipServerConfig; readonly requestUri: string; readonly via: 'prefix' | 'book' }
  | { readonly ok: false; readonly reason: string };

/** Routes dialled digits by the longest matching prefix (a server's, or the phone book's). */
export function routeDial(digits: string, c: Config): Route {
  const candidates: Array<{ prefix: string; kind: 'server' | 'book'; n?: number }> = [];
  for (const [n, prefix] of c.serverPrefixes) if (digits.startsWith(prefix)) candidates.push({ prefix, kind: 'server', n });
  if (c.bookPrefix !== undefined && digits.startsWith(c.bookPrefix)) candidates.push({ prefix: c.bookPrefix, kind: 'book' });
  candidates.sort((a, b) => b.prefix.length - a.prefix.length);
  // `sip server dial number-only server=N on`: digits that match no prefix go out through N.
  const numberOnly = [...c.servers.values()].find((s) => s.dialNumberOnly);
  if (candidates.length === 0 && numberOnly !== undefined) candidates.push({ prefix: '', kind: 'server', n: numberOnly.n });
  const best = candidates[0];
  if (!best) return { ok: false, reason: `no route for ${digits}` };
  const rest = digits.slice(best.prefix.length);
  if (rest === '') return { ok: false, reason: `no route for ${digits}: nothing after the prefix` };
  if (best.kind === 'server') {
    const server = c.servers.get(best.n as number);
    if (!server) return { ok: false, reason: `no route for ${digits}: SIP server ${best.n} is not configured` };
    const uri = parseSipUri(server.sipAddress);
    if (!uri.ok) return { ok: false, reason: `no route for ${digits}: bad sip address of server ${server.n}` };
    // `sip server call remote domain N DOMAIN` replaces the sip address domain in the Request-URI.
    return { ok: true, server, requestUri: `sip:${rest}@${server.callRemoteDomain ?? uriDomain(uri.value)}`, via: 'prefix' };
  }
  const entry = [...c.book.values()].find((e) => e.dialNumber === rest);
  if (!entry) return { ok: false, reason: `no route for ${digits}: no phone book entry ${rest}` };
  const server = c.servers.get(entry.server ?? 1);
  if (!server) return { ok: false, reason: `no route for ${digits}: SIP server ${entry.server ?? 1} is not configured` };
  return { ok: true, server, requestUri: entry.sipAddress, via: 'book' };
}
