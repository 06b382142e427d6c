/**
 * The text of telnet bytes with the telnet commands taken out, for test clients (RawTelnet and the
 * bench's load generator): IAC IAC is a data byte, option commands are reported to `onOption`,
 * subnegotiations are skipped, and an incomplete command at the end is kept for the next chunk.
 */
import { DO, DONT, IAC, SB, SE, WILL, WONT } from '../../src/telnet/codec';

/** An option command: WILL, WONT, DO or DONT, and the option's number. */
export type OptionCommand = typeof WILL | typeof WONT | typeof DO | typeof DONT;

/** What {@link telnetText} took out of `pending` + `chunk`. */
export interface TelnetText {
  /** The data bytes as latin1 text. */
  readonly text: string;
  /** The bytes of an incomplete command at the end, to put before the next chunk. */
  readonly pending: Buffer;
}

/** Takes the telnet commands out of `pending` followed by `chunk`. */
export function telnetText(pending: Buffer, chunk: Buffer, onOption: (command: OptionCommand, option: number) => void): TelnetText {
  if (pending.length === 0 && !chunk.includes(IAC)) return { text: chunk.toString('latin1'), pending };
  const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
  const out: number[] = [];
  let i = 0;
  for (; i < buf.length; i++) {
    const b = buf[i] as number;
    if (b !== IAC) {
      out.push(b);
      continue;
    }
    if (i + 1 >= buf.length) break;
    const c = buf[i + 1] as number;
    if (c === IAC) {
      out.push(IAC);
      i++;
    } else if (c >= WILL && c <= DONT) {
      if (i + 2 >= buf.length) break;
      onOption(c as OptionCommand, buf[i + 2] as number);
      i += 2;
    } else if (c === SB) {
      const end = buf.indexOf(Buffer.from([IAC, SE]), i);
      if (end < 0) break;
      i = end + 1;
    } else i++;
  }
  // A copy: `chunk` may be a read buffer the socket reuses.
  return { text: Buffer.from(out).toString('latin1'), pending: Buffer.from(buf.subarray(i)) };
}
