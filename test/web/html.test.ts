/** The pages' one escaping function: HTML and control characters (a registrar's reason phrase, a file's text). */
import { esc } from '../../src/web/html';

test('esc escapes HTML and shows control characters as escapes', () => {
  expect(esc('Forbidden\x1b]0;pwned\x07\x1b[2J<b>"x"</b>')).toBe('Forbidden\\x1b]0;pwned\\x07\\x1b[2J&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
  expect(esc('電話 \u202eevil')).toBe('電話 \\u{202e}evil');
  expect(esc(5060)).toBe('5060');
});
