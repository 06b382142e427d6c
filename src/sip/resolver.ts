/**
 * Where a SIP server is (RFC 3263 §4): `dns static` first, then `localhost`; an FQDN without a
 * port is looked up as SRV (`_sip._udp` / `_sip._tcp` by the transport) at the `dns server`s,
 * targets ordered by priority and weight (RFC 2782), then A/AAAA; without `dns server` the
 * system resolver gives one address.
 */
import { lookup } from 'dns/promises';
import { Host } from '../net/host';
import { Random } from '../util/random';
import { DnsServer, ServerSettings } from './settings';
import { TransportName } from './transport/types';

/** One address of a SIP server. */
export type Resolved = { ok: true; address: string } | { ok: false; reason: string };

/** One place to send to, and the name it came from (shown on the status). */
export interface ResolvedTarget {
  readonly transport: TransportName;
  readonly address: string;
  readonly port: number;
  /** `host:port` of the SRV target, or the configured host. */
  readonly name: string;
}

/** The targets of a server in the order to try them (RFC 3263 §4.3), or why there are none. */
export type Resolution = { readonly ok: true; readonly targets: readonly ResolvedTarget[] } | { readonly ok: false; readonly reason: string };

/** `dns static a|aaaa` names, lower case. */
export interface StaticNames {
  readonly dnsA: ReadonlyMap<string, string>;
  readonly dnsAaaa: ReadonlyMap<string, string>;
}

/** The system resolver's answer for a name (replaced in tests). */
export type SystemLookup = (name: string) => Promise<string | undefined>;

/** An SRV record (RFC 2782). */
export interface SrvRecord {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly name: string;
}

/** DNS look-ups at the configured servers; every answer is a value, never a throw. */
export interface DnsClient {
  srv(name: string): Promise<readonly SrvRecord[]>;
  addresses(name: string): Promise<readonly string[]>;
}

const systemLookup: SystemLookup = async (name) => {
  try {
    return (await lookup(name)).address;
  } catch {
    return undefined;
  }
};

function staticName(name: string, names: StaticNames): string | undefined {
  const a = names.dnsA.get(name) ?? names.dnsAaaa.get(name);
  if (a !== undefined) return a;
  return name === 'localhost' ? '127.0.0.1' : undefined;
}

const normal = (name: string): string => name.replace(/\.$/, '').toLowerCase();

/** One address for a host: static names, localhost, then the system resolver. */
export async function resolveHost(host: Host, names: StaticNames, system: SystemLookup = systemLookup): Promise<Resolved> {
  if (host.kind !== 'fqdn') return { ok: true, address: host.address };
  const name = normal(host.address);
  const fixed = staticName(name, names);
  if (fixed !== undefined) return { ok: true, address: fixed };
  const found = await system(name);
  return found !== undefined ? { ok: true, address: found } : { ok: false, reason: 'name not found' };
}

/**
 * RFC 2782 order: ascending priority; within one priority, a weighted random pick one at a time
 * (weight 0 records have a small chance, placed first in the running sum as the RFC says).
 */
export function orderSrv(records: readonly SrvRecord[], random: Random): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const r of records) byPriority.set(r.priority, [...(byPriority.get(r.priority) ?? []), r]);
  const out: SrvRecord[] = [];
  for (const p of [...byPriority.keys()].sort((a, b) => a - b)) {
    const left = [...(byPriority.get(p) ?? [])].sort((a, b) => a.weight - b.weight);
    while (left.length > 0) {
      const total = left.reduce((s, r) => s + r.weight, 0);
      const pick = Math.floor(random.float() * (total + 1));
      let sum = 0;
      let i = left.findIndex((r) => (sum += r.weight) >= pick);
      if (i < 0) i = left.length - 1;
      out.push(...left.splice(i, 1));
    }
  }
  return out;
}

/** What `resolveServer` needs. */
export interface ResolveContext {
  readonly names: StaticNames;
  readonly dnsServers: readonly DnsServer[];
  /** DNS at the given servers (tests and the engine pass one built on Node's Resolver). */
  readonly dns: (servers: readonly DnsServer[]) => DnsClient;
  readonly system: SystemLookup | undefined;
  readonly random: Random;
}

/**
 * The targets of a server whose host is an IP literal, known without any look-up; `undefined` for
 * an FQDN. The registration uses it directly (profile: a promise and its reaction per first
 * REGISTER of 10,000 literal-addressed servers, for an answer that was known at once).
 */
export function literalResolution(s: ServerSettings): Resolution | undefined {
  const host = s.server.host;
  if (host.kind === 'fqdn') return undefined;
  const port = s.server.port ?? 5060;
  const last = lastLiteral;
  if (last !== undefined && last.address === host.address && last.port === port && last.transport === s.transport) return last.resolution;
  const resolution: Resolution = { ok: true, targets: [{ transport: s.transport, address: host.address, port, name: host.address }] };
  lastLiteral = { transport: s.transport, address: host.address, port, resolution };
  return resolution;
}

/**
 * The last literal resolution, given again for the same transport, address and port (it is
 * read-only): servers of one registrar then share one target list, kept by each registration for
 * its lifetime (profile of 10,000 servers: a list and a target per server, ~100 bytes each for the
 * garbage collector to copy and mark).
 */
let lastLiteral: { readonly transport: string; readonly address: string; readonly port: number; readonly resolution: Resolution } | undefined;

/** The targets of server `s` in the order to try them. */
export async function resolveServer(s: ServerSettings, c: ResolveContext): Promise<Resolution> {
  const transport = s.transport;
  const host = s.server.host;
  const port = s.server.port;
  const one = (address: string, p: number, name: string): Resolution => ({ ok: true, targets: [{ transport, address, port: p, name }] });
  const literal = literalResolution(s);
  if (literal !== undefined) return literal;
  const name = normal(host.address);
  const fixed = staticName(name, c.names);
  if (fixed !== undefined) return one(fixed, port ?? 5060, name);
  if (c.dnsServers.length === 0) {
    const r = await resolveHost(host, c.names, c.system);
    return r.ok ? one(r.address, port ?? 5060, name) : r;
  }
  const dns = c.dns(c.dnsServers);
  const targets: ResolvedTarget[] = [];
  // RFC 3263 §4.2: SRV only when no port was given.
  if (port === undefined) {
    const srv = orderSrv(await dns.srv(`_sip._${transport}.${name}`), c.random);
    for (const rec of srv) {
      const target = normal(rec.name);
      const addresses = staticName(target, c.names) ?? (await dns.addresses(target))[0];
      if (addresses !== undefined) targets.push({ transport, address: addresses, port: rec.port, name: `${target}:${rec.port}` });
    }
    if (srv.length > 0) return targets.length > 0 ? { ok: true, targets } : { ok: false, reason: `no address for the SRV targets of ${name}` };
  }
  const address = (await dns.addresses(name))[0];
  return address !== undefined ? one(address, port ?? 5060, name) : { ok: false, reason: 'name not found' };
}
