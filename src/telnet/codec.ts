/**
 * Telnet byte codec (RFC 854/855). The decoder does no I/O: bytes in, events out, any split of any
 * sequence handled, sub-negotiations bounded. The encoder doubles IAC and sends a lone CR as CR NUL.
 */

/** Interpret As Command: starts every telnet command (RFC 854). */
export const IAC = 255;
/** DONT: asks the other side to stop an option. */
export const DONT = 254;
/** DO: asks the other side to use an option. */
export const DO = 253;
/** WONT: refuses or stops an option on our side. */
export const WONT = 252;
/** WILL: offers an option on our side. */
export const WILL = 251;
/** SB: begins a sub-negotiation (RFC 855), ended by IAC SE. */
export const SB = 250;
/** Go Ahead. */
export const GA = 249;
/** Erase Line: read as ^U. */
export const EL = 248;
/** Erase Character: read as Backspace. */
export const EC = 247;
/** Are You There: answered with `[Yes]`. */
export const AYT = 246;
/** Abort Output. */
export const AO = 245;
/** Interrupt Process: read as ^C. */
export const IP = 244;
/** Break: read as ^C. */
export const BRK = 243;
/** Data Mark (the end of a Synch). */
export const DM = 242;
/** No Operation. */
export const NOP = 241;
/** SE: ends a sub-negotiation. */
export const SE = 240;

/** Option ECHO (RFC 857): we echo, the client does not. */
export const OPT_ECHO = 1;
/** Option SUPPRESS-GO-AHEAD (RFC 858): character at a time. */
export const OPT_SGA = 3;
/** Option TERMINAL-TYPE (RFC 1091): refused, but its sub-negotiation is bounded. */
export const OPT_TTYPE = 24;
/** Option NAWS (RFC 1073): the window size, for paging. */
export const OPT_NAWS = 31;

/** The four option verbs of RFC 854, as the negotiator names them. */
export type Verb = 'will' | 'wont' | 'do' | 'dont';

/** What the decoder makes of the bytes: data, a command, an option verb, or a sub-negotiation. */
export type TelnetEvent =
  | { readonly t: 'data'; readonly bytes: Buffer }
  | { readonly t: 'command'; readonly code: number }
  | { readonly t: 'option'; readonly verb: Verb; readonly option: number }
  | { readonly t: 'subnegotiation'; readonly option: number; readonly data: Buffer };

const VERBS: Record<number, Verb> = { [WILL]: 'will', [WONT]: 'wont', [DO]: 'do', [DONT]: 'dont' };
/**
 * Longest sub-negotiation (NAWS needs 4 bytes, TTYPE a few dozen). A longer one is abandoned and
 * its bytes read as data, so that an IAC SB that never ends cannot swallow the session's input.
 */
export const MAX_SB = 256;

type State = 'data' | 'iac' | 'verb' | 'sb-option' | 'sb' | 'sb-iac';

/** Telnet bytes in, events out (data, commands, options, sub-negotiations); any split of any sequence is handled. */
export class TelnetDecoder {
  private state: State = 'data';
  private verb: Verb = 'will';
  private sbOption = 0;
  private sb: number[] = [];

  /**
   * Whether `text`, a read as latin1 text (one character per byte), is plain data as a whole (no
   * command in it or under way): then it needs no decoding. A string search: Buffer.indexOf on the
   * read's bytes is a call into C++ through a JavaScript wrapper, for a read of a few bytes.
   */
  isPlainText(text: string): boolean {
    return this.state === 'data' && text.indexOf('\xff') < 0;
  }

  feed(chunk: Buffer): TelnetEvent[] {
    // The common read: plain data between commands. One event, no per-byte state machine.
    if (this.state === 'data' && chunk.indexOf(IAC) < 0) return chunk.length > 0 ? [{ t: 'data', bytes: chunk }] : [];
    const events: TelnetEvent[] = [];
    let dataStart = -1;
    const flushData = (end: number): void => {
      if (dataStart >= 0 && end > dataStart) events.push({ t: 'data', bytes: chunk.subarray(dataStart, end) });
      dataStart = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      switch (this.state) {
        case 'data':
          if (b === IAC) {
            flushData(i);
            this.state = 'iac';
          } else if (dataStart < 0) dataStart = i;
          break;
        case 'iac':
          if (b === IAC) {
            events.push({ t: 'data', bytes: Buffer.from([IAC]) });
            this.state = 'data';
          } else if (VERBS[b] !== undefined) {
            this.verb = VERBS[b];
            this.state = 'verb';
          } else if (b === SB) {
            this.state = 'sb-option';
          } else {
            events.push({ t: 'command', code: b });
            this.state = 'data';
          }
          break;
        case 'verb':
          events.push({ t: 'option', verb: this.verb, option: b });
          this.state = 'data';
          break;
        case 'sb-option':
          this.sbOption = b;
          this.sb = [];
          this.state = 'sb';
          break;
        case 'sb':
          if (b === IAC) this.state = 'sb-iac';
          else if (this.sb.length < MAX_SB) this.sb.push(b);
          else {
            this.sb = [];
            this.state = 'data';
            dataStart = i;
          }
          break;
        case 'sb-iac':
          if (b === SE) {
            events.push({ t: 'subnegotiation', option: this.sbOption, data: Buffer.from(this.sb) });
            this.sb = [];
            this.state = 'data';
          } else if (b === IAC) {
            this.sb.push(IAC);
            this.state = 'sb';
          } else {
            // IAC + other inside SB: the sub-negotiation was cut short; treat the byte as a command.
            this.sb = [];
            this.state = 'data';
            events.push({ t: 'command', code: b });
          }
          break;
      }
    }
    flushData(chunk.length);
    return events;
  }
}

/** Data for the wire: IAC doubled, a CR not followed by LF sent as CR NUL (RFC 854). */
export function encodeData(text: string): Buffer {
  return Buffer.from(wireText(text), 'latin1');
}

/**
 * {@link encodeData} as a latin1 string (one character per byte), for `socket.write(s, 'latin1')`:
 * no Buffer is made in JavaScript. Characters above 0xff keep their low byte, as latin1 does.
 */
export function wireText(text: string): string {
  if (!needsEscape(text)) return text; // the common case: nothing to escape
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const b = text.charCodeAt(i) & 0xff;
    if (b === IAC) {
      out += text.slice(from, i + 1) + '\xff';
      from = i + 1;
    } else if (b === 0x0d && (text.charCodeAt(i + 1) & 0xff) !== 0x0a) {
      out += text.slice(from, i + 1) + '\0';
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/** Whether `text` holds an IAC character or a CR without its LF (what the regular expression /[\xff]|\r(?!\n)/ finds). */
function needsEscape(text: string): boolean {
  return needsEscapeWithin(text) || text.charCodeAt(text.length - 1) === 0x0d;
}

/**
 * Text written in pieces and sent as one: {@link wireText} of the pieces joined, with the escape
 * check made piece by piece as they come (the pieces are flat strings; a scan of the joined text
 * would first flatten it into a copy). A command's output comes as its lines ({@link addLines}),
 * kept as they are until {@link take} joins them with what came before and after them: one copy
 * of the output. Profile (issue 13, sampling heap profiler over the 200-session bench): the pager
 * joined the lines into one string, which the text before it (the echo) and after it (the prompt)
 * made a rope again, flattened into a second copy by the socket's write: of the 3.8 KB the server
 * allocated per command, 0.8 KB were the join and 0.7 KB the flattening (V8's WriteToFlat).
 */
export class WireTextBuffer {
  private text = '';
  /** Whether the text needs escaping (an IAC, or a CR not followed by LF). */
  private escape = false;
  /** Whether the text ends in a CR: the next piece's first character, or the end, decides. */
  private endsInCR = false;
  /** Lines added (each to be followed by CR LF) after `text`; what is added after them goes to `after`. */
  private lines: string[] | undefined;
  private after = '';

  /** Characters held. */
  get length(): number {
    const lines = this.lines;
    if (lines === undefined) return this.text.length;
    let n = this.text.length + this.after.length;
    for (const line of lines) n += line.length + 2;
    return n;
  }

  add(piece: string): void {
    if (piece.length === 0) return;
    if (this.lines !== undefined) {
      // After lines: the whole text is checked when it is taken.
      this.after += piece;
      return;
    }
    if (!this.escape) {
      this.escape = (this.endsInCR && piece.charCodeAt(0) !== 0x0a) || needsEscapeWithin(piece);
      this.endsInCR = piece.charCodeAt(piece.length - 1) === 0x0d;
    }
    this.text += piece;
  }

  /** Adds `lines`, each followed by CR LF; the array is handed over (changed when taken). */
  addLines(lines: string[]): void {
    if (lines.length === 0) return;
    const first = this.lines;
    if (first !== undefined) {
      // A second output before the text is taken (rare): the first one joined now (not escaped:
      // take checks the whole text when there are lines).
      first.push(this.after);
      if (this.text.length > 0) first[0] = this.text + (first[0] ?? '');
      this.text = first.join('\r\n');
      this.after = '';
    }
    this.lines = lines;
  }

  /**
   * The text held, as {@link wireText} gives it ('' when nothing is); the buffer is empty
   * afterwards. Lines added are joined here, in place: one function less on the command path for
   * V8 to compile (TurboFan compiled each small function of that path on its own, ~1-3 M
   * instructions each, on the server's core during the first rounds).
   */
  take(): string {
    const lines = this.lines;
    if (lines !== undefined) {
      // The text, the lines each with its CR LF, and what came after them: one flat string (one copy).
      lines.push(this.after);
      if (this.text.length > 0) lines[0] = this.text + (lines[0] ?? '');
      const text = lines.join('\r\n');
      this.text = '';
      this.lines = undefined;
      this.after = '';
      this.escape = false;
      this.endsInCR = false;
      // The whole text checked once: a CR at its very end is followed by nothing.
      return needsEscapeWithin(text) || text.charCodeAt(text.length - 1) === 0x0d ? wireText(text) : text;
    }
    const text = this.text;
    const escape = this.escape || this.endsInCR;
    this.text = '';
    this.escape = false;
    this.endsInCR = false;
    return escape ? wireText(text) : text;
  }
}

/** {@link needsEscape} for a piece of a longer text: a CR at its very end is left to what follows the piece. */
function needsEscapeWithin(text: string): boolean {
  if (text.indexOf('\xff') >= 0) return true;
  const last = text.length - 1;
  for (let cr = text.indexOf('\r'); cr >= 0 && cr < last; cr = text.indexOf('\r', cr + 1)) if (text.charCodeAt(cr + 1) !== 0x0a) return true;
  return false;
}

/** The three bytes of an option command: IAC, the verb, the option (RFC 855). */
export function optionBytes(verb: Verb, option: number): Buffer {
  const code = verb === 'will' ? WILL : verb === 'wont' ? WONT : verb === 'do' ? DO : DONT;
  return Buffer.from([IAC, code, option]);
}

/** NAWS payload: width and height, 16-bit unsigned each (RFC 1073). */
export function parseNaws(data: Buffer): { width: number; height: number } | undefined {
  if (data.length !== 4) return undefined;
  return { width: data.readUInt16BE(0), height: data.readUInt16BE(2) };
}
