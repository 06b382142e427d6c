/**
 * The identity headers of an outgoing call (RFC 3323 Privacy, RFC 3325 P-Preferred-Identity /
 * P-Asserted-Identity) from `sip server privacy` and `sip server pilot address`.
 */
import { ServerSettings } from './settings';

/** Headers to add to an INVITE through server `s` (none when neither setting is made). */
export function identityHeaders(s: ServerSettings): Array<[string, string]> {
  const identity = s.pilotAddress ?? s.sipAddress;
  if (s.privacy !== undefined) {
    const name = s.privacy.pattern === 'p-asserted-identity' ? 'P-Asserted-Identity' : 'P-Preferred-Identity';
    // RFC 3323 §4.2: `id` asks the network to withhold the identity it asserts for us.
    return [[name, `<${identity}>`], ['Privacy', 'id']];
  }
  if (s.pilotAddress !== undefined) return [['P-Preferred-Identity', `<${s.pilotAddress}>`]];
  return [];
}
