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

/** Bytes in, keys out; see the file comment for the Enter rule. */
export class KeyDecoder {
  private afterCR = false;
  /** When the last CR was read (ms, the caller's clock). */
  private crAt = 0;
  private escape: string | undefined;

  /**
   * `bytes` is a latin1 string: one character per byte. `now` is when the bytes were read
   * (ms); left out, no time has passed since the last call (one read fed in pieces).
   */
  feed(bytes: string, now?: number): Key[] {
    const keys: Key[] = [];
    if (this.afterCR && now !== undefined && now - this.crAt > ENTER_PAIR_MS) this.afterCR = false;
    for (const ch of bytes) {
      const code = ch.charCodeAt(0);
      if (this.escape !== undefined) {
        this.escape += ch;
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
        keys.push({ t: 'enter' });
      } else if (code === 0x0a || code === 0x00) {
        if (!afterCR && code === 0x0a) keys.push({ t: 'enter' });
      } else if (code === 0x1b) {
        this.escape = '';
      } else if (code === 0x7f || code === 0x08) {
        keys.push({ t: 'backspace' });
      } else if (code === 0x09) {
        keys.push({ t: 'tab' });
      } else if (code < 0x20) {
        keys.push({ t: 'ctrl', c: String.fromCharCode(code + 0x40) });
      } else {
        keys.push({ t: 'char', ch });
      }
    }
    return keys;
  }

  /** A key when the escape sequence is complete, undefined to drop it, 'more' to wait. */
  private finishEscape(): Key | undefined | 'more' {
    const s = this.escape ?? '';
    if (s.length === 1) return s === '[' || s === 'O' ? 'more' : undefined;
    const last = s[s.length - 1] as string;
    if (s[0] === '[' && /[\x20-\x3f]/.test(last)) return s.length > MAX_ESCAPE ? undefined : 'more';
    switch (s) {
      case '[A':
      case 'OA':
        return { t: 'up' };
      case '[B':
      case 'OB':
        return { t: 'down' };
      case '[C':
      case 'OC':
        return { t: 'right' };
      case '[D':
      case 'OD':
        return { t: 'left' };
      case '[H':
      case 'OH':
      case '[1~':
      case '[7~':
        return { t: 'home' };
      case '[F':
      case 'OF':
      case '[4~':
      case '[8~':
        return { t: 'end' };
      case '[3~':
        return { t: 'delete' };
      default:
        return undefined;
    }
  }
}
