/** The former `readQuoted` (a character at a time), kept for the references of the parameter and challenge readers. */
export function formerReadQuoted(t: string, i: number): { value: string; end: number } | undefined {
  let v = '';
  let j = i + 1;
  while (j < t.length && t[j] !== '"') {
    if (t[j] === '\\') j++;
    v += t[j] ?? '';
    j++;
  }
  return t[j] === '"' ? { value: v, end: j + 1 } : undefined;
}
