/** Splits a command line into words; a double-quoted part keeps its spaces (`name="my phone"`). */

/** One word of a command line. */
export interface Word {
  readonly text: string;
  /** Offset of the first character in the line. */
  readonly start: number;
}

/** Space, tab and the other ASCII white space characters. */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Splits `line` at white space outside double quotes. */
export function tokenize(line: string): Word[] {
  const words: Word[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let inQuote = false;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (!inQuote && isSpace(c)) break;
      if (c === 0x22) inQuote = !inQuote;
      i++;
    }
    words.push({ text: line.slice(start, i), start });
  }
  return words;
}
