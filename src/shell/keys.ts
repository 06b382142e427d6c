/**
 * Turns the bytes a terminal sends (after telnet decoding) into keys. Pure: bytes in, keys out;
 * any split of any sequence is handled, and state between calls is a few bytes at most.
 * Enter is CR, LF, CR LF or CR NUL, each counted once.
 */

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

/** A CSI sequence longer than this is garbage: it is dropped. */
const MAX_ESCAPE = 32;

export class KeyDecoder {
  private afterCR = false;
  private escape: string | undefined;

  /** `bytes` is a latin1 string: one character per byte. */
  feed(bytes: string): Key[] {
    const keys: Key[] = [];
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
