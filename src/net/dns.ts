/**
 * DNS look-ups at the `dns server`s the router is given (SRV, A, AAAA) through Node's resolver
 * (c-ares), one try of 2 s per server; a failure of any kind is an empty answer.
 */
import { Resolver } from 'dns/promises';

/** An SRV record as the SIP resolver reads it. */
export interface DnsSrv {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly name: string;
}

/** A DNS server address (IPv4 or IPv6 literal) and port. */
export interface DnsServerAddress {
  readonly address: string;
  readonly port: number;
}

/** Queries at fixed servers; answers are lists, empty on NXDOMAIN, timeout or any error. */
export class DnsAtServers {
  private readonly resolver: Resolver;

  constructor(servers: readonly DnsServerAddress[], timeoutMs = 2000) {
    this.resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    this.resolver.setServers(servers.map((s) => (s.address.includes(':') ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`)));
  }

  async srv(name: string): Promise<readonly DnsSrv[]> {
    try {
      return (await this.resolver.resolveSrv(name)).map((r) => ({ priority: r.priority, weight: r.weight, port: r.port, name: r.name }));
    } catch {
      return [];
    }
  }

  /** A records, then AAAA records. */
  async addresses(name: string): Promise<readonly string[]> {
    const [a, aaaa] = await Promise.all([this.resolver.resolve4(name).catch(() => []), this.resolver.resolve6(name).catch(() => [])]);
    return [...a, ...aaaa];
  }
}
