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

let cached: Command[] | undefined;

/** The shipped grammar, compiled once per process. */
export function shippedGrammar(): Command[] {
  cached ??= loadGrammarDir(routerValueTypes);
  return cached;
}

/** An interpreter over the shipped grammar and every handler. */
export function buildInterpreter(): Interpreter {
  return new Interpreter(shippedGrammar(), allHandlers);
}

/** What a shell is built from; each part has a default (in-memory store, stopped SIP, system clock). */
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
}

/** A shell with its store; the store spells `show config` lines from the shipped grammar. */
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
  });
}
