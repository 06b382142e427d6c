/**
 * Text that came from the network or from a file, made safe to print on an operator's terminal,
 * in the log and in the web pages: every control character is shown as a readable escape, so that
 * `ESC ]0;…BEL` cannot retitle the window, `ESC [2J` cannot clear the screen, a bare CR cannot
 * overwrite the start of a line and a right-to-left override cannot reorder what is shown.
 *
 * The form is the one `show log` on a router and most network tools use: `\xHH` (two lower-case
 * hex digits) for the C0 controls, DEL and the C1 controls, with the familiar short names for the
 * three that are common in logs: `\t`, `\n`, `\r`. Unicode format characters that change how the
 * rest of the line is drawn (bidirectional overrides and isolates, line and paragraph separators,
 * the BOM / zero-width no-break space) and lone surrogates are shown as `\u{HHHH}`. Every other
 * character, printable ASCII and printable UTF-8 (Japanese included), is kept as it is.
 *
 * A backslash is kept as it is: the escaped text is for reading, not for parsing back.
 */

const SHORT: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/** True for the format characters that reorder or break the rest of the line when drawn. */
function isLayoutControl(cp: number): boolean {
  return (
    cp === 0x061c || // ARABIC LETTER MARK
    cp === 0x200e || // LEFT-TO-RIGHT MARK
    cp === 0x200f || // RIGHT-TO-LEFT MARK
    (cp >= 0x2028 && cp <= 0x202e) || // line/paragraph separators, embeddings, overrides
    (cp >= 0x2066 && cp <= 0x2069) || // isolates
    cp === 0xfeff // BOM
  );
}

function hex2(cp: number): string {
  return `\\x${cp.toString(16).padStart(2, '0')}`;
}

/**
 * Any code unit {@link safeText} would escape (or must look at twice: every surrogate, paired
 * or not). Without the `u` flag, so that surrogates are matched one code unit at a time.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_ESCAPE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/;

/** The escape of the code unit `cu` at `i` of `text`, or undefined when it is kept as it is. */
function escapeOf(text: string, i: number, cu: number): string | undefined {
  if (cu < 0x20 || cu === 0x7f || (cu >= 0x80 && cu < 0xa0)) return SHORT[cu] ?? hex2(cu);
  if (cu >= 0xd800 && cu <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return undefined; // a whole astral character (emoji, rare kanji)
  }
  if (cu >= 0xdc00 && cu <= 0xdfff && i > 0) {
    const prev = text.charCodeAt(i - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) return undefined; // the second half of one
  }
  if ((cu >= 0xd800 && cu <= 0xdfff) || isLayoutControl(cu)) return `\\u{${cu.toString(16).padStart(4, '0')}}`;
  return undefined;
}

/**
 * `text` with every C0 control, DEL, C1 control, layout-changing format character and lone
 * surrogate replaced by a visible escape (see the module comment for the forms).
 *
 * Speed: nearly all text has nothing to escape, so one regular expression test decides that and
 * the text is returned as it is, without a look at each character or a new string; otherwise the
 * runs between escapes are copied whole.
 */
export function safeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const cu = text.charCodeAt(i);
    if (cu >= 0x20 && cu < 0x7f) continue;
    const escaped = escapeOf(text, i, cu);
    if (escaped === undefined) continue;
    out += text.slice(run, i) + escaped;
    run = i + 1;
  }
  return run === 0 ? text : out + text.slice(run);
}

/**
 * Bytes read one character per byte (a latin1 string, as the configuration file and telnet give
 * them) made safe to show: when the bytes are valid UTF-8 they are shown decoded (and escaped as
 * {@link safeText} does); otherwise every byte from 0x80 up is shown as `\xHH`, so that random
 * bytes read as random bytes and not as accented letters.
 */
export function safeBytes(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  try {
    return safeText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return safeLatin1(latin1);
  }
}

/**
 * A string of bytes (one character per byte) known not to be UTF-8, made safe: controls as
 * {@link safeText} shows them and every byte from 0x80 up as `\xHH`.
 */
export function safeLatin1(latin1: string): string {
  let out = '';
  for (let i = 0; i < latin1.length; i++) {
    const c = latin1.charCodeAt(i);
    out += c >= 0x80 && c <= 0xff ? hex2(c) : safeText(latin1.charAt(i));
  }
  return out;
}
