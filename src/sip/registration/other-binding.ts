/**
 * Telling another binding in a registrar's 2xx from ours by its port alone. A registrar answers
 * with every Contact bound to the address of record (RFC 3261 §10.3 step 8): beside ours, the
 * bindings of other devices or of earlier runs, each a different port on one host as often as
 * not. Reading each of them (`parseNameAddr`, then `parseSipUri` with its host and parameter
 * checks) to find out that it is not ours was ~8% of a registration run against a Kamailio that
 * held four bindings per user (perf profile, main thread).
 */
import { allDigits } from '../../util/ascii';
import { hasLineTerminator } from '../codec/header-values';

/**
 * The URI of a Contact element as `parseNameAddr` reads it (`undefined` when it reads none); the
 * element's parameters are not read, since a binding ruled out by its URI is passed over anyway.
 */
function elementUri(element: string): string | undefined {
  const v = element.trim();
  const lt = v.indexOf('<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    return gt < 0 ? undefined : v.slice(lt + 1, gt).trim();
  }
  const semi = v.indexOf(';');
  const uri = semi >= 0 ? v.slice(0, semi) : v;
  return uri === '' || /\s/.test(uri) ? undefined : uri;
}

/**
 * `true` when the Contact element `element` cannot be a binding whose SIP URI has port `port`:
 * it is not a name-addr, or its URI is not a SIP URI, or that URI's port is absent or another
 * number. Found by index, the way `parseNameAddr` and `parseSipUri` (then `parseHostPort`) cut
 * the text; `false` means only that the full parse must decide.
 */
export function portRulesOut(element: string, port: number): boolean {
  const uri = elementUri(element);
  if (uri === undefined) return true;
  const n = uri.length;
  // uriScheme: `sip:` or `sips:`, in either case, and no line terminator after it.
  if (n < 4 || (uri.charCodeAt(0) | 0x20) !== 0x73 || (uri.charCodeAt(1) | 0x20) !== 0x69 || (uri.charCodeAt(2) | 0x20) !== 0x70) return true;
  let i = 3;
  if ((uri.charCodeAt(i) | 0x20) === 0x73) i++;
  if (uri.charCodeAt(i) !== 0x3a) return true;
  const restStart = i + 1;
  if (hasLineTerminator(uri, restStart)) return true;
  // The headers (`?`) cut off, then the user info (up to the last `@`), then the parameters (`;`).
  const q = uri.indexOf('?', restStart);
  const end = q >= 0 ? q : n;
  const at = end > restStart ? uri.lastIndexOf('@', end - 1) : -1;
  const hostStart = at >= restStart ? at + 1 : restStart;
  const semi = uri.indexOf(';', hostStart);
  const hostEnd = semi >= 0 && semi < end ? semi : end;
  if (hostEnd <= hostStart) return true;
  // parseHostPort: `[v6]:port` or `host:port`; without a port the URI's port is undefined.
  let portStart: number;
  if (uri.charCodeAt(hostStart) === 0x5b) {
    const close = uri.indexOf(']', hostStart);
    if (close < 0 || close >= hostEnd) return true;
    if (close + 1 === hostEnd || uri.charCodeAt(close + 1) !== 0x3a) return true;
    portStart = close + 2;
  } else {
    const colon = uri.indexOf(':', hostStart);
    if (colon < 0 || colon >= hostEnd) return true;
    const second = uri.indexOf(':', colon + 1);
    if (second >= 0 && second < hostEnd) return true;
    portStart = colon + 1;
  }
  const portText = uri.slice(portStart, hostEnd);
  return !allDigits(portText) || Number(portText) !== port;
}
