/** RFC 3263 / RFC 2782 target selection with a fake DNS and a seeded random source. */
import { DnsClient, SrvRecord, orderSrv, resolveServer } from '../../src/sip/resolver';
import { ServerSettings } from '../../src/sip/settings';
import { SeededRandom } from '../../src/util/random';

const srv = (priority: number, weight: number, name: string, port = 5060): SrvRecord => ({ priority, weight, name, port });

test('priority first, always; within one priority each record leads about in proportion to its weight', () => {
  const random = new SeededRandom(11);
  const records = [srv(20, 0, 'backup'), srv(10, 60, 'a'), srv(10, 30, 'b'), srv(10, 10, 'c')];
  const firsts = new Map<string, number>();
  for (let i = 0; i < 10_000; i++) {
    const order = orderSrv(records, random).map((r) => r.name);
    expect(order[3]).toBe('backup');
    expect([...order].sort()).toEqual(['a', 'b', 'backup', 'c']);
    firsts.set(order[0] ?? '', (firsts.get(order[0] ?? '') ?? 0) + 1);
  }
  // RFC 2782 draws in [0, sum]: a ≈ 61/101, b ≈ 30/101, c ≈ 10/101 of 10,000 (±3 %)
  expect(Math.abs((firsts.get('a') ?? 0) - 6040)).toBeLessThan(300);
  expect(Math.abs((firsts.get('b') ?? 0) - 2970)).toBeLessThan(300);
  expect(Math.abs((firsts.get('c') ?? 0) - 990)).toBeLessThan(300);
});

function server(host: string, port: number | undefined, transport: 'udp' | 'tcp' = 'udp'): ServerSettings {
  return {
    n: 1, server: { host: { kind: /^[\d.]+$/.test(host) ? 'ipv4' : 'fqdn', address: host }, port }, register: true, transport, sipAddress: 'sip:a@example.test', user: undefined, password: undefined, name: undefined,
    registerTimer: undefined, displayName: undefined, privacy: undefined, qvalue: undefined, registerRequestUri: undefined, callRemoteDomain: undefined, dialNumberOnly: false, pilotAddress: undefined, sessionTimer: undefined, rel100: undefined,
  };
}

function fakeDns(records: Record<string, readonly SrvRecord[]>, hosts: Record<string, string>, asked: string[]): DnsClient {
  return {
    srv: (name) => {
      asked.push(`SRV ${name}`);
      return Promise.resolve(records[name] ?? []);
    },
    addresses: (name) => {
      asked.push(`A ${name}`);
      const address = hosts[name];
      return Promise.resolve(address !== undefined ? [address] : []);
    },
  };
}

const ctx = (dns: DnsClient, dnsA: Record<string, string> = {}) => ({
  names: { dnsA: new Map(Object.entries(dnsA)), dnsAaaa: new Map<string, string>() },
  dnsServers: [{ address: '127.0.0.1', port: 53 }],
  dns: () => dns,
  system: () => Promise.resolve(undefined),
  random: new SeededRandom(1),
});

test('an FQDN without a port: SRV by transport, each target to an address, in priority order', async () => {
  const asked: string[] = [];
  const dns = fakeDns({ '_sip._tcp.voip.test': [srv(20, 0, 'b.voip.test', 5070), srv(10, 0, 'a.voip.test', 5080)] }, { 'a.voip.test': '192.0.2.1', 'b.voip.test': '192.0.2.2' }, asked);
  const r = await resolveServer(server('voip.test', undefined, 'tcp'), ctx(dns));
  expect(r).toEqual({ ok: true, targets: [
    { transport: 'tcp', address: '192.0.2.1', port: 5080, name: 'a.voip.test:5080' },
    { transport: 'tcp', address: '192.0.2.2', port: 5070, name: 'b.voip.test:5070' },
  ] });
  expect(asked[0]).toBe('SRV _sip._tcp.voip.test');
});

test('with a port, or with a dns static name, no SRV is asked; without SRV records, A/AAAA at 5060', async () => {
  const asked: string[] = [];
  const dns = fakeDns({ '_sip._udp.voip.test': [srv(1, 0, 'x.voip.test')] }, { 'voip.test': '192.0.2.9' }, asked);
  expect(await resolveServer(server('voip.test', 5099), ctx(dns))).toMatchObject({ ok: true, targets: [{ address: '192.0.2.9', port: 5099 }] });
  expect(await resolveServer(server('voip.test', undefined), ctx(dns, { 'voip.test': '192.0.2.7' }))).toMatchObject({ ok: true, targets: [{ address: '192.0.2.7', port: 5060 }] });
  expect(asked).toEqual(['A voip.test']);
  const none = fakeDns({}, { 'other.test': '192.0.2.3' }, []);
  expect(await resolveServer(server('other.test', undefined), ctx(none))).toMatchObject({ ok: true, targets: [{ address: '192.0.2.3', port: 5060 }] });
  expect(await resolveServer(server('missing.test', undefined), ctx(none))).toEqual({ ok: false, reason: 'name not found' });
});

test('SRV targets without addresses: a clear reason, not an empty list', async () => {
  const dns = fakeDns({ '_sip._udp.voip.test': [srv(1, 0, 'gone.voip.test')] }, {}, []);
  expect(await resolveServer(server('voip.test', undefined), ctx(dns))).toEqual({ ok: false, reason: 'no address for the SRV targets of voip.test' });
});
