/** The global call settings (`sip arrive address check`, `sip arrive ringing timer`) and `phone P hold|resume|dtmf`. */
import { DEFAULT_RINGING_TIMER } from '../config/model';
import { isDtmfDigits } from '../sip/calls/dtmf';
import { HandlerTable, int, text } from './types';
import { controlWords } from './sip-commands';

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
