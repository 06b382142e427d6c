import fc from 'fast-check';
import { safeBytes, safeText } from '../../src/util/safe-text';

test('the window-title and clear-screen attack is shown, not obeyed', () => {
  const hostile = 'INVITE sip:\x1b]0;pwned\x07\x1b[2J\x1b[H@x SIP/2.0';
  expect(safeText(hostile)).toBe('INVITE sip:\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H@x SIP/2.0');
});

test('C0, DEL and C1 controls are escaped; tab, LF and CR get their short names', () => {
  expect(safeText('a\x00b\x08c\x7fd')).toBe('a\\x00b\\x08c\\x7fd');
  expect(safeText('\t\n\r')).toBe('\\t\\n\\r');
  // C1: CSI (0x9b) is ESC [ on terminals that honour 8-bit controls; NEL (0x85) is a newline
  expect(safeText('x\u009b2Jy\u0085z')).toBe('x\\x9b2Jy\\x85z');
});

test('printable ASCII and UTF-8 (Japanese, emoji) are kept; a backslash is kept', () => {
  expect(safeText('sip:alice@example.test 内線 ☎ 😀 C:\\x')).toBe('sip:alice@example.test 内線 ☎ 😀 C:\\x');
  expect(safeText('café\u00a0ok')).toBe('café\u00a0ok');
});

test('layout controls (RLO, isolates, line separator, BOM) and lone surrogates are escaped', () => {
  expect(safeText('abc\u202eexe.txt')).toBe('abc\\u{202e}exe.txt');
  expect(safeText('\u2066x\u2069\u2028\ufeff')).toBe('\\u{2066}x\\u{2069}\\u{2028}\\u{feff}');
  expect(safeText('a\ud800b\udc00')).toBe('a\\u{d800}b\\u{dc00}');
});

test('any string: the result has no control character and escaping is idempotent on its output', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const out = safeText(s);
      // eslint-disable-next-line no-control-regex -- the test looks for control characters on purpose
      expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ufeff]/);
      expect(safeText(out)).toBe(out);
    }),
    { numRuns: 2000 },
  );
});

test('bytes: valid UTF-8 shown decoded, anything else byte by byte', () => {
  expect(safeBytes(Buffer.from('名前 \x1b[2J', 'utf8').toString('latin1'))).toBe('名前 \\x1b[2J');
  expect(safeBytes('\xff\xfe\x01A\xe9')).toBe('\\xff\\xfe\\x01A\\xe9');
});
