/**
 * The lines of a configuration file that `save` would otherwise drop: lines that did not load
 * (random bytes, `sip servr 2 …`, a value out of range) and the operator's own `#` comments.
 *
 * The choice (issue 12): such lines are kept byte for byte and written back by `save` at the end
 * of the file, below one marker comment ({@link KEPT_MARKER}), in the order they had. They do not
 * load the next time either, so they stay there until the operator fixes or deletes them; `sipsh
 * check FILE` lists them with their line numbers, and the program says so on stderr at start and
 * in `show log`. The rendered configuration above the marker is the running one, as before.
 */
import { safeBytes, safeLatin1, safeText } from '../util/safe-text';

/** The comment above the kept lines in a saved file; recognised (and not kept again) on load. */
export const KEPT_MARKER = '# sipsh: the lines below did not load; they are kept as written. Fix or delete them, then save.';

/** The `#` lines `save` writes itself (configHeader and the marker): not kept from the file. */
/**
 * The header lines `save` writes (config/header.ts: `# NVR510 Rev.… (…)`, `# MAC Address : …`,
 * `# Memory …`, `# main:  NVR510 ver=…`, `# Reporting Date: …`), those of files saved by earlier
 * versions (`# sipsh Rev.0.1.0`, `# Ports: …`), and the marker: not the operator's comments.
 */
const OWN_COMMENT = [
  /^# \S+ Rev\.\S+( \(.*\))?$/,
  /^# MAC Address : /,
  /^# Memory /,
  /^# Ports: /,
  /^# main: {2}\S+ ver=/,
  /^# Reporting Date: /,
  /^# sipsh: the lines below did not load/,
];

/** One line of the file, as bytes (a latin1 string: one character per byte), without its end. */
export interface FileLine {
  /** 1-based line number. */
  readonly line: number;
  /** The line's bytes, one character per byte, without the LF (a CR before it is kept). */
  readonly bytes: string;
}

/** A line kept for `save`: a comment of the operator's, or a line that did not load and why. */
export interface KeptLine extends FileLine {
  /** Why it did not load; undefined for a comment. */
  readonly message: string | undefined;
}

/** A line that did not load, as shown to the operator (`check`, stderr, `show log`, login). */
export interface UnloadedLine {
  readonly line: number;
  /** The line with control characters and undecodable bytes escaped (safe to print). */
  readonly text: string;
  readonly message: string;
}

/** Splits file bytes (latin1 string) into lines on LF, as the loader numbers them. */
export function splitFileLines(bytes: string): FileLine[] {
  const parts = bytes.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // the final newline ends the last line
  return parts.map((b, i) => ({ line: i + 1, bytes: b }));
}

/**
 * The text the loader is given: each line decoded from UTF-8 when it is valid UTF-8 (names typed
 * in Japanese on the web page), else byte for byte.
 */
export function decodeForLoader(lines: readonly FileLine[]): string {
  return lines.map((l) => (isAscii(l.bytes) ? l.bytes : (decodeLine(l.bytes) ?? l.bytes))).join('\n');
}

/**
 * `true` when every byte is below 0x80: such a line is valid UTF-8 that decodes to itself.
 * Profile (10,000-line start-up): a TextDecoder and a Buffer per line were ~3% of the start.
 */
function isAscii(bytes: string): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The line decoded from UTF-8, or undefined when its bytes are not UTF-8. */
function decodeLine(bytes: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes, 'latin1'));
  } catch {
    return undefined;
  }
}

/** True for a `#` comment the operator wrote (not one `save` writes itself). */
export function isOperatorComment(bytes: string): boolean {
  // Most lines are commands: no `#` in them at all.
  if (!bytes.includes('#')) return false;
  const t = bytes.replace(/\r$/, '').trimStart();
  return t.startsWith('#') && !OWN_COMMENT.some((re) => re.test(t));
}

/**
 * The lines to keep: every line the loader refused (by line number, with its message) and every
 * operator comment, in file order.
 */
export function keptLines(lines: readonly FileLine[], errors: readonly { readonly line: number; readonly message: string }[]): KeptLine[] {
  const why = new Map(errors.map((e) => [e.line, e.message]));
  const out: KeptLine[] = [];
  for (const l of lines) {
    const message = why.get(l.line);
    if (message !== undefined || isOperatorComment(l.bytes)) out.push({ ...l, message });
  }
  return out;
}

/** The kept lines that did not load, safe to print. */
export function unloadedOf(kept: readonly KeptLine[]): UnloadedLine[] {
  return kept.flatMap((k) => {
    if (k.message === undefined) return [];
    // The loader saw a line that is not UTF-8 byte for byte: its message quotes those bytes.
    const message = !isAscii(k.bytes) && decodeLine(k.bytes) === undefined ? safeLatin1(k.message) : safeText(k.message);
    return [{ line: k.line, text: safeBytes(k.bytes), message }];
  });
}

/** The bytes `save` appends after the rendered configuration: the marker and the kept lines, or nothing. */
export function keptBlock(kept: readonly KeptLine[]): Buffer {
  if (kept.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from(`${KEPT_MARKER}\n`, 'utf8'), ...kept.map((k) => Buffer.from(`${k.bytes}\n`, 'latin1'))]);
}
