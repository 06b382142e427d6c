/** Splits a command line into words; a double-quoted part keeps its spaces (`name="my phone"`). */

export interface Word {
  readonly text: string;
  /** Offset of the first character in the line. */
  readonly start: number;
}

export function tokenize(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] as string)) i++;
    if (i >= line.length) break;
    const start = i;
    let inQuote = false;
    while (i < line.length && (inQuote || !/\s/.test(line[i] as string))) {
      if (line[i] === '"') inQuote = !inQuote;
      i++;
    }
    words.push({ text: line.slice(start, i), start });
  }
  return words;
}
