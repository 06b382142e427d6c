/**
 * Turns the bytes a terminal sends (after telnet decoding) into keys. Pure: bytes in, keys out;
 * any split of any sequence is handled, and state between calls is a few bytes at most.
 * Enter is CR, LF, CR LF or CR NUL, each counted once when the second byte comes in the same
 * read or within ENTER_PAIR_MS of the CR. An LF later than that is a new Enter: netmiko's
 * `yamaha_telnet` sends the password with CR, then a lone LF 0.5 s later, and waits for a
 * prompt (RFC 854 pairs CR with LF or NUL, but says nothing of time; clients split them).
 */

/** One key of the terminal, decoded from its bytes. */
export type Key =
  | { readonly t: 'char'; readonly ch: string }
  | { readonly t: 'enter' }
  | { readonly t: 'backspace' }
  | { readonly t: 'delete' }
  | { readonly t: 'tab' }
  | { readonly t: 'left' }
  | { readonly t: 'right' }
  | { readonly t: 'up' }
  | { readonly t: 'down' }
  | { readonly t: 'home' }
  | { readonly t: 'end' }
  /** A control key, by its letter: 'A' for ^A. */
  | { readonly t: 'ctrl'; readonly c: string };

/** How long after a CR its LF or NUL still belongs to the same Enter. */
export const ENTER_PAIR_MS = 20;

/** A CSI sequence longer than this is garbage: it is dropped. */
const MAX_ESCAPE = 32;

/** The keys without data, shared: a key is immutable, so one object serves every read. */
const ENTER: Key = Object.freeze({ t: 'enter' });
const BACKSPACE: Key = Object.freeze({ t: 'backspace' });
const TAB: Key = Object.freeze({ t: 'tab' });
const UP: Key = Object.freeze({ t: 'up' });
const DOWN: Key = Object.freeze({ t: 'down' });
const LEFT: Key = Object.freeze({ t: 'left' });
const RIGHT: Key = Object.freeze({ t: 'right' });
const HOME: Key = Object.freeze({ t: 'home' });
const END: Key = Object.freeze({ t: 'end' });
const DELETE: Key = Object.freeze({ t: 'delete' });

/** One shared key per byte value: characters (0x20 and up, 0x7f aside) and control keys (below 0x20). */
const BYTE_KEYS: readonly Key[] = Array.from({ length: 256 }, (_, code): Key => (code < 0x20 ? Object.freeze({ t: 'ctrl', c: String.fromCharCode(code + 0x40) }) : Object.freeze({ t: 'char', ch: String.fromCharCode(code) })));

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Bytes in, keys out; see the file comment for the Enter rule. */
export class KeyDecoder {
  private afterCR = false;
  /**
   * When the last CR was read (ms, the caller's clock; read only while `afterCR`). It starts as a
   * double, as the clock's times are (Date.now() is past V8's small integers): a field that starts
   * as a small integer changes representation at the first time stored, which gives the class a new
   * shape, and the next session made then no longer fits the shape the optimised code of every
   * session's `input` assumed for its decoder. Profile (issue 13, `--trace-generalization` of the
   * console bench's server with no login password, where the first CR is read by the first
   * command): "crAt: s -> d" at the 200 sessions' first command, then at the 16 sessions' first
   * login "keys: Class -> Any" and `input` thrown away, with two compilations in their phase.
   */
  private crAt = -Infinity;
  private escape: string | undefined;

  /**
   * `bytes` is a latin1 string: one character per byte. `now` is when the bytes were read
   * (ms); left out, no time has passed since the last call (one read fed in pieces).
   */
  feed(bytes: string, now?: number): Key[] {
    const keys: Key[] = [];
    if (this.afterCR && now !== undefined && now - this.crAt > ENTER_PAIR_MS) this.afterCR = false;
    for (let i = 0; i < bytes.length; i++) {
      const code = bytes.charCodeAt(i);
      // One character per byte (latin1); a surrogate pair, should one come, is one character.
      const pair = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(bytes.charCodeAt(i + 1));
      if (this.escape !== undefined) {
        this.escape += pair ? bytes.slice(i, i + 2) : (bytes[i] as string);
        if (pair) i++;
        const k = this.finishEscape();
        if (k !== 'more') {
          if (k !== undefined) keys.push(k);
          this.escape = undefined;
        }
        continue;
      }
      const afterCR = this.afterCR;
      this.afterCR = false;
      if (code === 0x0d) {
        this.afterCR = true;
        if (now !== undefined) this.crAt = now;
        keys.push(ENTER);
      } else if (code === 0x0a || code === 0x00) {
        if (!afterCR && code === 0x0a) keys.push(ENTER);
      } else if (code === 0x1b) {
        this.escape = '';
      } else if (code === 0x7f || code === 0x08) {
        keys.push(BACKSPACE);
      } else if (code === 0x09) {
        keys.push(TAB);
      } else {
        // A control key below 0x20, or a character: the shared key of the byte.
        keys.push(pair ? { t: 'char', ch: bytes.slice(i, i + 2) } : (BYTE_KEYS[code] ?? { t: 'char', ch: bytes[i] as string }));
        if (pair) i++;
      }
    }
    return keys;
  }

  /**
   * The length of the typed text when `bytes` is one line as a client sends it in one read:
   * characters only (no control key, no escape), then one Enter (CR, CR LF or CR NUL) that ends
   * the read; -1 otherwise. Pure: the caller feeds the bytes as keys, or takes the line as text
   * and calls {@link endLine}.
   */
  lineLength(bytes: string): number {
    if (this.escape !== undefined) return -1;
    const n = bytes.length;
    const last = bytes.charCodeAt(n - 1);
    let end = n - 1;
    if (last !== 0x0d) {
      if ((last !== 0x0a && last !== 0x00) || bytes.charCodeAt(n - 2) !== 0x0d) return -1;
      end = n - 2;
    }
    for (let i = 0; i < end; i++) {
      const code = bytes.charCodeAt(i);
      if (code < 0x20 || code === 0x7f || code > 0xff) return -1;
    }
    return end;
  }

  /** Leaves the decoder as `feed(bytes, now)` would, for a read whose line {@link lineLength} measured (`text` characters). */
  endLine(bytes: string, text: number, now: number): void {
    // The read ends in its Enter: a lone CR may still be paired with an LF or NUL that comes next.
    this.afterCR = bytes.length === text + 1;
    if (this.afterCR) this.crAt = now;
  }

  /** A key when the escape sequence is complete, undefined to drop it, 'more' to wait. */
  private finishEscape(): Key | undefined | 'more' {
    const s = this.escape ?? '';
    if (s.length === 1) return s === '[' || s === 'O' ? 'more' : undefined;
    const last = s.charCodeAt(s.length - 1);
    // Parameter and intermediate bytes (0x20-0x3f) continue a CSI sequence.
    if (s[0] === '[' && last >= 0x20 && last <= 0x3f) return s.length > MAX_ESCAPE ? undefined : 'more';
    switch (s) {
      case '[A':
      case 'OA':
        return UP;
      case '[B':
      case 'OB':
        return DOWN;
      case '[C':
      case 'OC':
        return RIGHT;
      case '[D':
      case 'OD':
        return LEFT;
      case '[H':
      case 'OH':
      case '[1~':
      case '[7~':
        return HOME;
      case '[F':
      case 'OF':
      case '[4~':
      case '[8~':
        return END;
      case '[3~':
        return DELETE;
      default:
        return undefined;
    }
  }
}
