/** Static names, and the DNS servers asked for SRV and A/AAAA records. */
import { DnsServerConfig } from '../config/model';
import { CommandContext, HandlerTable, text } from './types';
import { hostPortOf } from './value-types';

const SERVER_VALUES = ['SERVER', 'SERVER2', 'SERVER3', 'SERVER4'];

/** Sets static name `name` (`aaaa`: an AAAA name) to `address`, its `show config` line made now (render.ts). */
function setName(ctx: CommandContext, aaaa: boolean, name: string, address: string): void {
  (aaaa ? ctx.config.dnsAaaa : ctx.config.dnsA).set(name, address);
  ctx.services.store.keepNameLine(aaaa, name, address);
}

/** Handlers of `dns static` and `dns server`, by grammar command id (merged into `allHandlers`). */
export const dnsCommands: HandlerTable = {
  'dns.static.a': {
    config: true,
    run(ctx) {
      setName(ctx, false, text(ctx, 'NAME').toLowerCase(), text(ctx, 'ADDRESS'));
    },
  },
  'dns.static.aaaa': {
    config: true,
    run(ctx) {
      setName(ctx, true, text(ctx, 'NAME').toLowerCase(), text(ctx, 'ADDRESS').toLowerCase());
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
      const aaaa = ctx.keywords.has('aaaa');
      (aaaa ? ctx.config.dnsAaaa : ctx.config.dnsA).delete(name);
      ctx.services.store.forgetNameLine(aaaa, name);
    },
  },
};
