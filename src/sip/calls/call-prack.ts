/**
 * Reliable provisional responses in a call (RFC 3262): our reliable 180 and the PRACK for it, and
 * the RAck of our PRACK for theirs.
 */
import { Clock } from '../../util/clock';
import { cseqOf, responseTo } from '../codec/build';
import { SipRequest, SipResponse } from '../codec/message';
import { TimerValues } from '../transaction/context';
import { ServerTransaction } from '../transaction/server';
import { RandomSource } from './call-settings';
import { IncomingInvite, Reliable1xx } from './call-state';
import { Reliable2xx } from './reliable-2xx';

/** Makes our 180 reliable: its Require and RSeq headers, and its retransmission until the PRACK (`noPrack` when none comes). */
export function reliableRinging(ringing: SipResponse, tx: ServerTransaction, clock: Clock, timers: TimerValues, random: RandomSource, noPrack: () => void): Reliable1xx {
  // RFC 3262 §3: RSeq starts anywhere in 1..2^31-1; re-sent from T1 doubling until the PRACK.
  const rseq = 1 + (random.bytes(4).readUInt32BE(0) % 0x7ffffffe);
  ringing.headers.add('Require', '100rel');
  ringing.headers.add('RSeq', String(rseq));
  return { rseq, timer: new Reliable2xx(clock, timers, true, () => tx.respond(ringing), noPrack) };
}

/** A PRACK for our reliable 180: 200 and the retransmissions stop; one for nothing we sent: 481 (RFC 3262 §3). `localTag`: our To tag. */
export function answerPrack(s: IncomingInvite, req: SipRequest, tx: ServerTransaction, localTag: string | undefined): void {
  const rack = /^\s*(\d{1,10})\s+(\d{1,10})\s+([A-Za-z]+)\s*$/.exec(req.headers.get('rack') ?? '');
  const rel = s.reliable;
  if (!rack || !rel || Number(rack[1]) !== rel.rseq || Number(rack[2]) !== cseqOf(s.invite)?.seq || rack[3]?.toUpperCase() !== 'INVITE') {
    tx.respond(responseTo(req, 481, undefined, localTag));
    return;
  }
  rel.timer.stop();
  s.reliable = undefined;
  tx.respond(responseTo(req, 200, undefined, localTag));
}

/**
 * RFC 3262 §4: the RSeq of a reliable provisional response and the RAck our PRACK gives it; none
 * when `lastRseq` (the last one we PRACKed) says it is not the next (once per RSeq, in order).
 */
export function nextRack(res: SipResponse, lastRseq: number | undefined): { readonly rseq: number; readonly rack: string } | undefined {
  const rseq = Number(res.headers.get('rseq') ?? '');
  const cseq = cseqOf(res);
  if (!Number.isInteger(rseq) || rseq < 1 || !cseq) return undefined;
  if (lastRseq !== undefined && rseq !== lastRseq + 1) return undefined; // a retransmission, or out of order
  return { rseq, rack: `${rseq} ${cseq.seq} ${cseq.method}` };
}
