/** Names of SIP servers: `dns static` entries first, then `localhost`, then the system resolver. */
import { lookup } from 'dns/promises';
import { Host } from '../net/host';

export type Resolved = { ok: true; address: string } | { ok: false; reason: string };

export interface StaticNames {
  readonly dnsA: ReadonlyMap<string, string>;
  readonly dnsAaaa: ReadonlyMap<string, string>;
}

export type SystemLookup = (name: string) => Promise<string | undefined>;

const systemLookup: SystemLookup = async (name) => {
  try {
    return (await lookup(name)).address;
  } catch {
    return undefined;
  }
};

export async function resolveHost(host: Host, names: StaticNames, system: SystemLookup = systemLookup): Promise<Resolved> {
  if (host.kind !== 'fqdn') return { ok: true, address: host.address };
  const name = host.address.replace(/\.$/, '').toLowerCase();
  const a = names.dnsA.get(name) ?? names.dnsAaaa.get(name);
  if (a !== undefined) return { ok: true, address: a };
  if (name === 'localhost') return { ok: true, address: '127.0.0.1' };
  const found = await system(name);
  return found !== undefined ? { ok: true, address: found } : { ok: false, reason: 'name not found' };
}
