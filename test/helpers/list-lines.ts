/** Configuration lines of every kind the long lists render (servers, phone book, static names). */

/**
 * Every kind of `sip server N ...` line (keywords, credentials, name; IPv4, IPv6 and a name as the
 * host), of phone book line and of static name, some with a secret. Parse-only addresses.
 */
export function allListKinds(): string[] {
  const lines: string[] = [];
  let n = 0;
  for (const head of ['register udp', 'register tcp', 'no-register udp', 'no-register tcp']) {
    for (const tail of ['', ' u', ' u p', ' name=x', ' u name=x', ' u p name=x']) {
      n++;
      lines.push(`sip server ${n} 192.0.2.${n}:50${n} ${head} sip:user${n}@example.test${tail}`);
    }
  }
  lines.push('sip server 30 [2001:db8::1]:5070 register udp sip:v6@example.test u p name=six');
  lines.push('sip server 31 sip.example.test register tcp sip:fq@example.test u secret');
  for (const [i, tail] of ['', ' server=2', ' name=C', ' server=3 name=D'].entries()) lines.push(`analog extension sip address ${i + 1} ${101 + i} sip:p${i}@example.test${tail}`);
  lines.push('dns static a host.example.test 192.0.2.1', 'dns static a other.example.test 192.0.2.2', 'dns static aaaa host.example.test 2001:db8::1');
  return lines;
}
