/** SIP servers, timers, the SIP log, and the live registration view. */
import { SipServerConfig } from '../config/model';
import { ControlResult, ServerStatus } from '../sip/control';
import { CommandContext, HandlerResult, HandlerTable, int, optInt, optText, text } from './types';

const notConfigured = (n: number): string => `Error: SIP server ${n} is not configured`;

/** The router's words for an engine refusal (nothing when the engine did it). */
export function controlWords(r: ControlResult): HandlerResult {
  if (r === undefined) return undefined;
  switch (r.kind) {
    case 'not-running':
      return 'Error: The SIP engine is not running';
    case 'not-configured':
      return notConfigured(r.n);
    case 'no-such-port':
      return `Error: Parameter out of range: there is no TEL${r.port}`;
    case 'port-in-use':
      return `Error: TEL${r.port} is ${r.state}; hang up first (phone ${r.port} hangup)`;
    case 'not-ringing':
      return `Error: TEL${r.port} is not ringing`;
  }
}

/** `show status sip server` block for one server. */
export function formatServerStatus(s: ServerStatus, name: string | undefined): string[] {
  const lines = [
    `SIP server ${s.n}${name !== undefined ? ` (${name})` : ''}`,
    `  Server:      ${s.server} (${s.transport}, ${s.register ? 'register' : 'no-register'})`,
    `  SIP address: ${s.sipAddress}`,
    `  State:       ${s.state}`,
  ];
  if (s.reason !== undefined) lines.push(`  Reason:      ${s.code !== undefined ? `${s.code} ` : ''}${s.reason}`);
  if (s.nextSeconds !== undefined) {
    const what = s.state === 'registered' ? 'Refresh in' : 'Retry in';
    lines.push(`  ${`${what}:`.padEnd(12)} ${s.nextSeconds} seconds`);
  }
  return lines;
}

function serverAction(ctx: CommandContext, action: 'connect' | 'disconnect'): HandlerResult {
  const n = int(ctx, 'N');
  const s = ctx.config.servers.get(n);
  if (!s) return notConfigured(n);
  if (!s.register) return `Error: SIP server ${n} is no-register: there is nothing to ${action}`;
  return controlWords(action === 'connect' ? ctx.services.sip.connect(n) : ctx.services.sip.disconnect(n));
}

export const sipCommands: HandlerTable = {
  'sip.use': {
    config: true,
    run(ctx) {
      ctx.config.sipUse = ctx.keywords.has('on');
    },
  },
  'sip.use.no': {
    config: true,
    run(ctx) {
      ctx.config.sipUse = true;
    },
  },
  'sip.server': {
    config: true,
    run(ctx) {
      const hostPort = ctx.values.get('SERVER')?.hostPort;
      if (hostPort === undefined) throw new Error('internal: SERVER without host');
      const server: SipServerConfig = {
        n: int(ctx, 'N'),
        server: hostPort,
        register: ctx.keywords.has('register'),
        transport: ctx.keywords.has('tcp') ? 'tcp' : 'udp',
        sipAddress: text(ctx, 'SIPADDRESS'),
        user: optText(ctx, 'USER'),
        password: optText(ctx, 'PASS'),
        name: optText(ctx, 'NAME'),
      };
      ctx.config.servers.set(server.n, server);
    },
  },
  'sip.server.no': {
    config: true,
    run(ctx) {
      ctx.config.servers.delete(int(ctx, 'N'));
    },
  },
  'sip.server.connect': { run: (ctx) => serverAction(ctx, 'connect') },
  'sip.server.disconnect': { run: (ctx) => serverAction(ctx, 'disconnect') },
  'sip.retransmit': {
    config: true,
    run(ctx) {
      const t1 = int(ctx, 'T1');
      const t2 = optInt(ctx, 'T2') ?? Math.max(4000, t1);
      if (t2 < t1) return 'Error: Parameter out of range: T2 must not be below T1';
      ctx.config.t1 = t1;
      ctx.config.t2 = t2;
    },
  },
  'sip.retransmit.no': {
    config: true,
    run(ctx) {
      ctx.config.t1 = 500;
      ctx.config.t2 = 4000;
    },
  },
  'sip.log': {
    config: true,
    run(ctx) {
      ctx.config.sipLog = ctx.keywords.has('on');
    },
  },
  'sip.log.no': {
    config: true,
    run(ctx) {
      ctx.config.sipLog = false;
    },
  },
  'show.status.sip': {
    run(ctx) {
      const only = optInt(ctx, 'N');
      const all = ctx.services.sip.servers().filter((s) => only === undefined || s.n === only);
      if (only !== undefined && all.length === 0) return notConfigured(only);
      if (all.length === 0) ctx.session.print('No SIP server is configured.');
      if (!ctx.services.sip.running) ctx.session.print('The SIP engine is not running.');
      for (const s of all) formatServerStatus(s, ctx.config.servers.get(s.n)?.name).forEach((l) => ctx.session.print(l));
      return undefined;
    },
  },
  'show.log': {
    run(ctx) {
      ctx.services.log.entries().forEach((l) => ctx.session.print(l));
    },
  },
  'clear.log': {
    run(ctx) {
      ctx.services.log.clear();
    },
  },
};
