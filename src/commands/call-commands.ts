/**
 * The call settings (`sip arrive address check`, `sip arrive ringing timer`, `sip [server] session
 * timer`, `sip [server] 100rel`) and `phone P hold|resume|dtmf`.
 */
import { DEFAULT_RINGING_TIMER, SessionTimerConfig } from '../config/model';
import { isDtmfDigits } from '../sip/calls/dtmf';
import { CommandContext, HandlerTable, int, optText, text } from './types';
import { controlWords, setOption } from './sip-commands';

/** `TIME [update=on|off] [refresher=uac|uas]`, or the router's error for a bad word. */
function sessionTimerOf(ctx: CommandContext): SessionTimerConfig | string {
  const update = (optText(ctx, 'UPDATE') ?? 'off').toLowerCase();
  const refresher = (optText(ctx, 'REFRESHER') ?? 'uac').toLowerCase();
  if (update !== 'on' && update !== 'off') return `Error: Invalid parameter: update=${update} (on or off)`;
  if (refresher !== 'uac' && refresher !== 'uas') return `Error: Invalid parameter: refresher=${refresher} (uac or uas)`;
  return { seconds: int(ctx, 'TIME'), update: update === 'on', refresher };
}

/** Handlers of grammar/sip-calls.cli and the `phone P hold|resume|dtmf` commands. */
export const callCommands: HandlerTable = {
  'sip.arrive.check': {
    config: true,
    run(ctx) {
      ctx.config.arriveAddressCheck = ctx.keywords.has('on');
    },
  },
  'sip.arrive.check.no': {
    config: true,
    run(ctx) {
      ctx.config.arriveAddressCheck = true;
    },
  },
  'sip.arrive.ringing': {
    config: true,
    run(ctx) {
      ctx.config.ringingTimer = int(ctx, 'TIME');
    },
  },
  'sip.arrive.ringing.no': {
    config: true,
    run(ctx) {
      ctx.config.ringingTimer = DEFAULT_RINGING_TIMER;
    },
  },
  'sip.session.timer': {
    config: true,
    run(ctx) {
      const t = sessionTimerOf(ctx);
      if (typeof t === 'string') return t;
      ctx.config.sessionTimer = t;
      return undefined;
    },
  },
  'sip.session.timer.no': {
    config: true,
    run(ctx) {
      ctx.config.sessionTimer = undefined;
    },
  },
  'sip.server.session.timer': {
    config: true,
    run(ctx) {
      const t = sessionTimerOf(ctx);
      if (typeof t === 'string') return t;
      setOption(ctx.config, int(ctx, 'N'), 'sessionTimer', t);
      return undefined;
    },
  },
  'sip.server.session.timer.no': {
    config: true,
    run(ctx) {
      setOption(ctx.config, int(ctx, 'N'), 'sessionTimer', undefined);
    },
  },
  'sip.100rel': {
    config: true,
    run(ctx) {
      ctx.config.rel100 = ctx.keywords.has('on');
    },
  },
  'sip.100rel.no': {
    config: true,
    run(ctx) {
      ctx.config.rel100 = false;
    },
  },
  'sip.server.100rel': {
    config: true,
    run(ctx) {
      setOption(ctx.config, int(ctx, 'N'), 'rel100', ctx.keywords.has('on'));
    },
  },
  'sip.server.100rel.no': {
    config: true,
    run(ctx) {
      setOption(ctx.config, int(ctx, 'N'), 'rel100', undefined);
    },
  },
  'phone.hold': { run: (ctx) => controlWords(ctx.services.sip.phone(int(ctx, 'PORT'), { kind: 'hold' })) },
  'phone.resume': { run: (ctx) => controlWords(ctx.services.sip.phone(int(ctx, 'PORT'), { kind: 'resume' })) },
  'phone.dtmf': {
    run(ctx) {
      const digits = text(ctx, 'DIGITS');
      if (!isDtmfDigits(digits)) return `Error: Invalid parameter: "${digits}" is not DTMF (0-9 * # A-D)`;
      return controlWords(ctx.services.sip.phone(int(ctx, 'PORT'), { kind: 'dtmf', digits }));
    },
  },
};
