/** Static names, and the DNS servers asked for SRV and A/AAAA records. */
import { DnsServerConfig } from '../config/model';
import { HandlerTable, text } from './types';
import { hostPortOf } from './value-types';

const SERVER_VALUES = ['SERVER', 'SERVER2', 'SERVER3', 'SERVER4'];

export const dnsCommands: HandlerTable = {
  'dns.static.a': {
    config: true,
    run(ctx) {
      ctx.config.dnsA.set(text(ctx, 'NAME').toLowerCase(), text(ctx, 'ADDRESS'));
    },
  },
  'dns.static.aaaa': {
    config: true,
    run(ctx) {
      ctx.config.dnsAaaa.set(text(ctx, 'NAME').toLowerCase(), text(ctx, 'ADDRESS').toLowerCase());
    },
  },
  'dns.server': {
    config: true,
    run(ctx) {
      const servers: DnsServerConfig[] = [];
      for (const v of SERVER_VALUES) {
        const value = ctx.values.get(v);
        if (value === undefined) continue;
        const hp = hostPortOf(value);
        if (hp.host.kind === 'fqdn') return `Error: Invalid parameter: a DNS server is an IP address, not ${hp.host.address}`;
        servers.push({ address: hp.host.address, port: hp.port });
      }
      ctx.config.dnsServers = servers;
      return undefined;
    },
  },
  'dns.server.no': {
    config: true,
    run(ctx) {
      ctx.config.dnsServers = [];
    },
  },
  'dns.static.no': {
    config: true,
    run(ctx) {
      const name = text(ctx, 'NAME').toLowerCase();
      (ctx.keywords.has('aaaa') ? ctx.config.dnsAaaa : ctx.config.dnsA).delete(name);
    },
  },
};
