/**
 * Telnet option negotiation with the RFC 1143 "Q method" states, so that no exchange can loop.
 * We offer WILL ECHO and WILL SGA and ask DO NAWS; we accept the client's SGA; we refuse the rest.
 */
import { OPT_ECHO, OPT_NAWS, OPT_SGA, Verb } from './codec';

type Q = 'no' | 'yes' | 'wantno' | 'wantyes';
type Side = 'us' | 'him';

/** The states by their two-bit code ('no' is 0). */
const STATES: readonly Q[] = ['no', 'yes', 'wantno', 'wantyes'];

const OURS = new Set([OPT_ECHO, OPT_SGA]);
const THEIRS = new Set([OPT_NAWS, OPT_SGA]);

/**
 * Where an option's state is kept in a side's bits: only the options we support ever leave 'no'
 * (a state is set once the option is found supported, or when it is not 'no' already), so the
 * bits hold those three; every other option is 'no'.
 */
function slot(option: number): number {
  return option === OPT_ECHO ? 0 : option === OPT_SGA ? 1 : option === OPT_NAWS ? 2 : -1;
}

/**
 * RFC 1143 (the Q method) option negotiation: we offer ECHO and SGA, accept NAWS and SGA from the
 * client, refuse the rest, and never answer a request that changes nothing (no loops).
 */
export class OptionNegotiator {
  /**
   * Each side's state of ECHO, SGA and NAWS, two bits each (see {@link slot} and {@link STATES}).
   * Profile (issue 13, sampling heap profiler over the bench's 200 logins): the two Maps these
   * were kept in were 383 bytes of each telnet connection's heap, the largest object of a logged-in
   * session after its own fields; two small integers are none.
   */
  private us = 0;
  private him = 0;

  /** What to send when the connection opens. */
  start(): Array<[Verb, number]> {
    this.setState('us', OPT_ECHO, 'wantyes');
    this.setState('us', OPT_SGA, 'wantyes');
    this.setState('him', OPT_NAWS, 'wantyes');
    return [
      ['will', OPT_ECHO],
      ['will', OPT_SGA],
      ['do', OPT_NAWS],
    ];
  }

  isOn(side: Side, option: number): boolean {
    return this.stateOf(side, option) === 'yes';
  }

  private stateOf(side: Side, option: number): Q {
    const i = slot(option);
    return i < 0 ? 'no' : (STATES[((side === 'us' ? this.us : this.him) >> (2 * i)) & 3] ?? 'no');
  }

  private setState(side: Side, option: number, q: Q): void {
    const i = slot(option);
    if (i < 0) return;
    const bits = (side === 'us' ? this.us : this.him) & ~(3 << (2 * i));
    const value = bits | (STATES.indexOf(q) << (2 * i));
    if (side === 'us') this.us = value;
    else this.him = value;
  }

  /** The reply (if any) to a received WILL/WONT/DO/DONT. */
  receive(verb: Verb, option: number): [Verb, number] | undefined {
    const table: Side = verb === 'do' || verb === 'dont' ? 'us' : 'him';
    const supported = (verb === 'do' || verb === 'dont' ? OURS : THEIRS).has(option);
    const [agree, refuse]: [Verb, Verb] = verb === 'do' || verb === 'dont' ? ['will', 'wont'] : ['do', 'dont'];
    const state = this.stateOf(table, option);
    if (verb === 'do' || verb === 'will') {
      switch (state) {
        case 'no':
          if (!supported) return [refuse, option];
          this.setState(table, option, 'yes');
          return [agree, option];
        case 'wantyes':
          this.setState(table, option, 'yes');
          return undefined;
        case 'wantno':
          this.setState(table, option, 'no');
          return undefined;
        case 'yes':
          return undefined;
      }
    }
    switch (state) {
      case 'yes':
        this.setState(table, option, 'no');
        return [refuse, option];
      case 'wantyes':
      case 'wantno':
        this.setState(table, option, 'no');
        return undefined;
      case 'no':
        return undefined;
    }
  }
}
