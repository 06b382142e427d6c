/**
 * The web pages answer only their own name (issue 12, DNS rebinding): a page on another site can
 * make a browser send requests to a name the attacker controls that resolves to 127.0.0.1; the
 * browser then treats sipsh's answers as that site's, so the page could read the CSRF token and
 * change the configuration. The `Host` header gives it away: it carries the attacker's name. So a
 * request is answered only when `Host` is the address the pages listen on (with the port), or
 * `localhost` when they listen on loopback (a name no site can rebind), or — listening on every
 * address — one of this machine's addresses. A POST whose `Origin` (or, without one, `Referer`)
 * names another site is refused as well (RFC 6454 section 7: the origin a browser declares).
 */
import * as os from 'os';
import { isLoopbackAddress } from '../util/loopback';

/** How an address is written in a `Host` header: IPv6 in brackets. */
function hostForm(address: string): string {
  return address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

/**
 * The `Host` values (lower case, with the port) the pages answer when listening on `address`:`port`,
 * plus the operator's own `names` (`--http-name`: a name the operator gave them, in a DNS the
 * operator controls).
 */
export function allowedHosts(address: string, port: number, names: readonly string[] = []): Set<string> {
  const hosts = new Set<string>();
  const add = (a: string): void => {
    hosts.add(`${hostForm(a)}:${port}`);
    if (port === 80) hosts.add(hostForm(a));
  };
  if (address === '0.0.0.0' || address === '::') {
    for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) add(i.address.replace(/%.*$/, ''));
  } else add(address);
  if ([...hosts].some((n) => isLoopbackAddress(n.replace(/:\d+$/, '')))) add('localhost');
  for (const n of names) add(n.replace(/\.$/, ''));
  return hosts;
}

/** Why a request is refused, or undefined when it may be answered. */
export function originRefusal(method: string, headers: { host?: string | undefined; origin?: string | undefined; referer?: string | undefined }, allowed: ReadonlySet<string>): string | undefined {
  const host = (headers.host ?? '').toLowerCase();
  if (!allowed.has(host)) return `this server does not answer to the name ${host === '' ? '(none)' : host}; use http://${[...allowed][0] ?? '?'}/`;
  if (method === 'GET' || method === 'HEAD') return undefined;
  // A browser sends Origin with every POST (Fetch standard); old ones send only Referer.
  const declared = headers.origin ?? headers.referer;
  if (declared === undefined) return undefined; // not a browser (curl, scripts): the form token still applies
  let origin: string;
  try {
    origin = new URL(declared).host.toLowerCase();
    if (!/^https?:$/.test(new URL(declared).protocol)) origin = '';
  } catch {
    origin = ''; // `Origin: null` (sandboxed frame, file:) is another site too
  }
  if (origin !== host) return 'a form posted from another site is refused';
  return undefined;
}
