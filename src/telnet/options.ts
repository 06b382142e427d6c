/**
 * Telnet option negotiation with the RFC 1143 "Q method" states, so that no exchange can loop.
 * We offer WILL ECHO and WILL SGA and ask DO NAWS; we accept the client's SGA; we refuse the rest.
 */
import { OPT_ECHO, OPT_NAWS, OPT_SGA, Verb } from './codec';

type Q = 'no' | 'yes' | 'wantno' | 'wantyes';

const OURS = new Set([OPT_ECHO, OPT_SGA]);
const THEIRS = new Set([OPT_NAWS, OPT_SGA]);

/**
 * RFC 1143 (the Q method) option negotiation: we offer ECHO and SGA, accept NAWS and SGA from the
 * client, refuse the rest, and never answer a request that changes nothing (no loops).
 */
export class OptionNegotiator {
  private readonly us = new Map<number, Q>();
  private readonly him = new Map<number, Q>();

  /** What to send when the connection opens. */
  start(): Array<[Verb, number]> {
    this.us.set(OPT_ECHO, 'wantyes');
    this.us.set(OPT_SGA, 'wantyes');
    this.him.set(OPT_NAWS, 'wantyes');
    return [
      ['will', OPT_ECHO],
      ['will', OPT_SGA],
      ['do', OPT_NAWS],
    ];
  }

  isOn(side: 'us' | 'him', option: number): boolean {
    return (side === 'us' ? this.us : this.him).get(option) === 'yes';
  }

  /** The reply (if any) to a received WILL/WONT/DO/DONT. */
  receive(verb: Verb, option: number): [Verb, number] | undefined {
    const table = verb === 'do' || verb === 'dont' ? this.us : this.him;
    const supported = (verb === 'do' || verb === 'dont' ? OURS : THEIRS).has(option);
    const [agree, refuse]: [Verb, Verb] = verb === 'do' || verb === 'dont' ? ['will', 'wont'] : ['do', 'dont'];
    const state = table.get(option) ?? 'no';
    if (verb === 'do' || verb === 'will') {
      switch (state) {
        case 'no':
          if (!supported) return [refuse, option];
          table.set(option, 'yes');
          return [agree, option];
        case 'wantyes':
          table.set(option, 'yes');
          return undefined;
        case 'wantno':
          table.set(option, 'no');
          return undefined;
        case 'yes':
          return undefined;
      }
    }
    switch (state) {
      case 'yes':
        table.set(option, 'no');
        return [refuse, option];
      case 'wantyes':
      case 'wantno':
        table.set(option, 'no');
        return undefined;
      case 'no':
        return undefined;
    }
  }
}
