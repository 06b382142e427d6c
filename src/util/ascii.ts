/** Character checks by code, for parsers on hot paths (no regular expression per word). */

/** `true` when `text` is one or more ASCII digits (what `/^\d+$/` accepts). */
export function allDigits(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
