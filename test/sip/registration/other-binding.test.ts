/**
 * portRulesOut against the parses it stands in for: whenever it rules a Contact element out,
 * `parseNameAddr` then `parseSipUri` find no name-addr, no SIP URI, or a URI with another port.
 */
import fc from 'fast-check';
import { parseNameAddr } from '../../../src/sip/codec/header-values';
import { portRulesOut } from '../../../src/sip/registration/other-binding';
import { parseSipUri } from '../../../src/sip/uri';

/** What the registration's loop decides by parsing: `true` when the element cannot be a binding with this port. */
function parsedRulesOut(element: string, port: number): boolean {
  const na = parseNameAddr(element);
  if (!na) return true;
  const u = parseSipUri(na.uri);
  return !u.ok || u.value.port !== port;
}

const PORT = 40123;

describe('portRulesOut', () => {
  test('the bindings a Kamailio answers beside ours are ruled out by their port; ours is left to the parse', () => {
    expect(portRulesOut('<sip:u05005@127.0.0.1:48297;transport=udp>;expires=1042;received="sip:127.0.0.1:48297"', PORT)).toBe(true);
    expect(portRulesOut('<sip:u05005@127.0.0.1:40123;transport=udp>;expires=3600;received="sip:127.0.0.1:40123"', PORT)).toBe(false);
    expect(portRulesOut(' "A, B" <sips:u@[::1]:40123?x=y>;q=0.5 ', PORT)).toBe(false);
    expect(portRulesOut('sip:u@host.example:040123;expires=60', PORT)).toBe(false);
    expect(portRulesOut('<sip:u@host.example>;expires=60', PORT)).toBe(true);
    expect(portRulesOut('<sip:u@[::1]>', PORT)).toBe(true);
    expect(portRulesOut('<tel:+123>', PORT)).toBe(true);
    expect(portRulesOut('<sip:u@1.2.3.4:40123', PORT)).toBe(true);
  });

  test('whenever it rules an element out, the parses do too (generated elements)', () => {
    const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
    const scheme = pick(['sip:', 'SIP:', 'sips:', 'sIpS:', 'tel:', 'sip', 'si:', '']);
    const user = pick(['', 'u05005@', 'u:pw@', '@', 'a@b@', 'bad user@', '%41@']);
    const host = pick(['127.0.0.1', 'host.example', 'HOST.example', '[::1]', '[::1', '[::1]x', '::1', '1.2.3', '256.1.1.1', '', 'a:b']);
    const port = pick(['', ':40123', ':040123', ':4012', ':401234', ':', ':4a', ':40123:1', ':65536', ':0', ':40123\n']);
    const tail = pick(['', ';transport=udp', ';lr', ';a=', '?h=1', '?h=@x:1', ';x=1?y=2', ';bad param', '?']);
    const around = pick(['<>', '  <>  ', '"N" <>', 'N <>', '<', '', ' ', '"a,b" <>;q=1']);
    const params = pick(['', ';expires=60', ';expires', ';received="sip:1.2.3.4:5"', ';=', ';a="x']);
    const element = fc.tuple(around, scheme, user, host, port, tail, params).map(([a, s, u, h, p, t, ps]) => {
      const uri = `${s}${u}${h}${p}${t}`;
      return a.includes('<>') ? a.replace('<>', `<${uri}>`) + ps : a === '<' ? `<${uri}${ps}` : `${a}${uri}${ps}`;
    });
    fc.assert(
      fc.property(element, (e) => {
        if (portRulesOut(e, PORT)) expect(parsedRulesOut(e, PORT)).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  test('any text: ruled out only when the parses rule it out', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', 's', 'i', 'p', ':', '@', '[', ']', ';', '?', '4', '0', '1', '2', '3', ' ', '"', '.', 'x') }), (e) => {
        if (portRulesOut(e, PORT)) expect(parsedRulesOut(e, PORT)).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
