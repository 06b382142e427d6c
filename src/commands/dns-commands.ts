/** Static names. */
import { HandlerTable, text } from './types';

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
  'dns.static.no': {
    config: true,
    run(ctx) {
      const name = text(ctx, 'NAME').toLowerCase();
      (ctx.keywords.has('aaaa') ? ctx.config.dnsAaaa : ctx.config.dnsA).delete(name);
    },
  },
};
