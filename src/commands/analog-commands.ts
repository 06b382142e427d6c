/** Dialling prefixes, the internet phone book, the telephones, and the live port view. */
import { PhoneBookEntry } from '../config/model';
import { PortStatus } from '../sip/control';
import { safeText } from '../util/safe-text';
import { controlWords } from './sip-commands';
import { HandlerTable, int, optInt, optText, text } from './types';

/** The `show status analog` block for one port. */
export function formatPortStatus(p: PortStatus): string[] {
  // Peer, reasons, Call-ID, responses and digits came from the network: shown with controls escaped.
  const esc = safeText;
  const lines = [`TEL${p.port}: ${p.state}`];
  if (p.peer !== undefined) {
    const dir = p.direction === 'in' ? 'incoming' : 'outgoing';
    lines.push(`  Peer:     ${esc(p.peer)} (${dir}${p.server !== undefined ? `, server ${p.server}` : ''})`);
  }
  if (p.reason !== undefined) lines.push(`  Reason:   ${p.code !== undefined ? `${p.code} ` : ''}${esc(p.reason)}`);
  if (p.durationSeconds !== undefined) lines.push(`  Duration: ${p.durationSeconds} seconds`);
  const d = p.details;
  if (d?.condition !== undefined) lines[0] = `TEL${p.port}: ${p.state} (${d.condition})`;
  if (d?.callId !== undefined) lines.push(`  Call-ID:  ${esc(d.callId)}`);
  if (d?.codec !== undefined) lines.push(`  Codec:    ${d.codec}${d.telephoneEvent !== undefined ? `, telephone-event ${d.telephoneEvent}` : ''}`);
  if (d?.localRtp !== undefined || d?.remoteRtp !== undefined) lines.push(`  Media:    local ${d.localRtp ?? '-'}, remote ${d.remoteRtp ?? '-'}`);
  if (d?.lastResponse !== undefined) lines.push(`  Last SIP: ${esc(d.lastResponse)}`);
  if (d?.sessionTimer !== undefined) lines.push(`  Session:  ${d.sessionTimer}`);
  if (d !== undefined && d.digits !== '') lines.push(`  DTMF:     ${esc(d.digits)}`);
  if (p.state === 'talking' || p.rtpSent > 0 || p.rtpReceived > 0) {
    lines.push(`  RTP:      sent ${p.rtpSent}, received ${p.rtpReceived}${d !== undefined ? `, lost ${d.rtpLost}, jitter ${d.jitterMs} ms` : ''}`);
  }
  const x = p.lastRefused;
  if (x !== undefined) lines.push(`  Refused:  ${x.code} ${esc(x.reason)} (last refused call, from ${esc(x.from)})`);
  return lines;
}

/**
 * Prefix → server, per `serverPrefixes` map. A 10,000-line configuration checked each new prefix
 * against every earlier one (quadratic: 18% of its load in the profile). Only the handlers below
 * write `serverPrefixes`; a stale entry (a deleted or replaced prefix) is caught by checking the
 * map itself, and a size that differs rebuilds the index.
 */
const prefixOwners = new WeakMap<ReadonlyMap<number, string>, Map<string, number>>();

function prefixIndex(prefixes: ReadonlyMap<number, string>): Map<string, number> {
  let index = prefixOwners.get(prefixes);
  if (index === undefined || index.size !== prefixes.size) {
    index = new Map();
    for (const [n, p] of prefixes) index.set(p, n);
    prefixOwners.set(prefixes, index);
  }
  return index;
}

/**
 * Dial number → entry number, per `book` map: each new phone book entry was checked against
 * every earlier one (quadratic: 14% of a 10,000-line configuration's load in the profile). Kept
 * exact by the handlers below, the only writers of `book`; a size that differs from the book's
 * (a map filled some other way) rebuilds it, and a hit is checked against the book itself.
 */
const bookNumbers = new WeakMap<ReadonlyMap<number, PhoneBookEntry>, Map<string, number>>();

function bookIndex(book: ReadonlyMap<number, PhoneBookEntry>): Map<string, number> | undefined {
  let index = bookNumbers.get(book);
  if (index === undefined || index.size !== book.size) {
    index = new Map();
    for (const [num, e] of book) index.set(e.dialNumber, num);
    // Two entries with one dial number (never made by the handlers): no index, the scan decides.
    if (index.size !== book.size) {
      bookNumbers.delete(book);
      return undefined;
    }
    bookNumbers.set(book, index);
  }
  return index;
}

/** The entry other than `num` that has `dialNumber`, as the first in the book's order. */
function holderOf(book: ReadonlyMap<number, PhoneBookEntry>, dialNumber: string, num: number): number | undefined {
  const index = bookIndex(book);
  if (index === undefined) {
    for (const e of book.values()) if (e.dialNumber === dialNumber && e.num !== num) return e.num;
    return undefined;
  }
  const other = index.get(dialNumber);
  return other !== undefined && other !== num && book.get(other)?.dialNumber === dialNumber ? other : undefined;
}

/** The handlers of grammar/analog.cli. */
export const analogCommands: HandlerTable = {
  'analog.prefix': {
    config: true,
    run(ctx) {
      const prefix = text(ctx, 'DIAL');
      const n = optInt(ctx, 'N');
      const index = prefixIndex(ctx.config.serverPrefixes);
      const other = index.get(prefix);
      if (other !== undefined && other !== n && ctx.config.serverPrefixes.get(other) === prefix) {
        return `Error: Invalid parameter: prefix "${prefix}" is already used by server ${other}`;
      }
      if (ctx.config.bookPrefix === prefix && n !== undefined) return `Error: Invalid parameter: prefix "${prefix}" is already the phone book prefix`;
      if (n === undefined) ctx.config.bookPrefix = prefix;
      else {
        const replaced = ctx.config.serverPrefixes.get(n);
        ctx.config.serverPrefixes.set(n, prefix);
        if (replaced === undefined) index.set(prefix, n);
        else prefixOwners.delete(ctx.config.serverPrefixes); // rebuilt on the next check
      }
      return undefined;
    },
  },
  'analog.prefix.no': {
    config: true,
    run(ctx) {
      const n = optInt(ctx, 'N');
      if (n === undefined) ctx.config.bookPrefix = undefined;
      else ctx.config.serverPrefixes.delete(n);
    },
  },
  'analog.book': {
    config: true,
    run(ctx) {
      const num = int(ctx, 'NUM');
      const dialNumber = text(ctx, 'DIAL_NUMBER');
      const book = ctx.config.book;
      const other = holderOf(book, dialNumber, num);
      if (other !== undefined) return `Error: Invalid parameter: number ${dialNumber} is already entry ${other}`;
      const index = bookNumbers.get(book);
      if (index !== undefined) {
        const replaced = book.get(num);
        if (replaced !== undefined && index.get(replaced.dialNumber) === num) index.delete(replaced.dialNumber);
        index.set(dialNumber, num);
      }
      const entry: PhoneBookEntry = {
        num,
        dialNumber,
        sipAddress: text(ctx, 'SIP_ADDRESS'),
        server: optInt(ctx, 'N'),
        name: optText(ctx, 'DESC'),
      };
      book.set(num, entry);
      // Its `show config` line is made now, not in the first render after a load (render.ts).
      ctx.services.store.keepBookLine(entry);
      return undefined;
    },
  },
  'analog.book.no': {
    config: true,
    run(ctx) {
      const num = int(ctx, 'NUM');
      const gone = ctx.config.book.get(num);
      const index = bookNumbers.get(ctx.config.book);
      if (gone !== undefined && index?.get(gone.dialNumber) === num) index.delete(gone.dialNumber);
      ctx.config.book.delete(num);
    },
  },
  'show.status.analog': {
    run(ctx) {
      if (!ctx.services.sip.running) ctx.session.print('The SIP engine is not running.');
      const only = optInt(ctx, 'PORT');
      ctx.services.sip
        .ports()
        .filter((p) => only === undefined || p.port === only)
        .forEach((p) => ctx.session.printLines(formatPortStatus(p)));
    },
  },
  'phone.dial': { run: (ctx) => controlWords(ctx.services.sip.dial(int(ctx, 'PORT'), text(ctx, 'DIGITS'))) },
  'phone.answer': { run: (ctx) => controlWords(ctx.services.sip.answer(int(ctx, 'PORT'))) },
  'phone.hangup': { run: (ctx) => controlWords(ctx.services.sip.hangup(int(ctx, 'PORT'))) },
};
