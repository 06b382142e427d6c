/** Wires a shell from its parts: grammar files, handlers, configuration store, SIP engine, clock. */
import { allHandlers } from '../commands';
import { routerValueTypes } from '../commands/value-types';
import { ConfigStore } from '../config/store';
import { loadGrammarDir } from '../grammar/loader';
import { lineSpeller } from '../grammar/spell';
import { Command } from '../grammar/types';
import { SipControl, StoppedSip } from '../sip/control';
import { Clock, SystemClock } from '../util/clock';
import { Interpreter } from './interpreter';
import { EventLog } from '../util/event-log';
import { Shell } from './shell';
import { GuessLimiterOptions } from '../util/guess-limiter';

let cached: Command[] | undefined;

/** The shipped grammar, compiled once per process. */
export function shippedGrammar(): Command[] {
  cached ??= loadGrammarDir(routerValueTypes);
  return cached;
}

/** An interpreter of the shipped grammar and handlers. */
export function buildInterpreter(): Interpreter {
  return new Interpreter(shippedGrammar(), allHandlers);
}

/** What {@link buildShell} may be given; everything has a default. */
export interface BuildOptions {
  readonly configFile?: string;
  readonly sip?: SipControl;
  readonly clock?: Clock;
  readonly maxSessions?: number;
  readonly loginDelayMs?: number;
  readonly log?: EventLog;
  /** The router model `show environment` and `show config` name (default NVR510). */
  readonly model?: string;
  /** Most sessions at the administrator level at once (default: no limit). */
  readonly maxAdministrators?: number;
  /** The guess limiter's settings (tests). */
  readonly guesses?: GuessLimiterOptions;
}

/** A shell wired from the shipped grammar, a configuration store, the SIP engine (or none) and a clock. */
export function buildShell(o: BuildOptions = {}): Shell {
  return new Shell({
    interpreter: buildInterpreter(),
    store: new ConfigStore(o.configFile, lineSpeller(shippedGrammar())),
    sip: o.sip ?? new StoppedSip(),
    clock: o.clock ?? new SystemClock(),
    ...(o.maxSessions !== undefined ? { maxSessions: o.maxSessions } : {}),
    ...(o.loginDelayMs !== undefined ? { loginDelayMs: o.loginDelayMs } : {}),
    ...(o.log !== undefined ? { log: o.log } : {}),
    ...(o.model !== undefined ? { model: o.model } : {}),
    ...(o.maxAdministrators !== undefined ? { maxAdministrators: o.maxAdministrators } : {}),
    ...(o.guesses !== undefined ? { guesses: o.guesses } : {}),
  });
}
