/** Spelling a line from a declaration: the matcher must read it back as the same command and values. */
import { compileGrammar } from '../../src/grammar/loader';
import { matchWords } from '../../src/grammar/matcher';
import { spellCommand } from '../../src/grammar/spell';
import { tokenize } from '../../src/grammar/tokenize';
import { ParametricValueType, ValueType, ValueTypeTable } from '../../src/grammar/value-types';

const word: ValueType = { spec: 'word', secret: false, placeholder: (n) => n, parse: (w) => (/^[a-z0-9]+$/.test(w) ? { ok: true, value: { text: w } } : { ok: false, fault: 'invalid', message: 'bad' }) };
const quoted: ValueType = {
  spec: 'quoted',
  secret: false,
  placeholder: (n) => `"${n}"`,
  parse: (w) => (/^"[0-9]+"$/.test(w) ? { ok: true, value: { text: w.slice(1, -1) } } : { ok: false, fault: 'invalid', message: 'quote it' }),
  spell: (t) => `"${t}"`,
};
const table: ValueTypeTable = new Map<string, ValueType | ParametricValueType>([
  ['word', word],
  ['quoted', quoted],
]);
const [cmd] = compileGrammar(
  [
    {
      name: 'grammar/t.cli',
      text: `keyword set Set
keyword fast Fast
keyword slow Slow
keyword loud Loud
command t.set
  level user
  syntax set A fast|slow [loud] [B [C]] [key=D]
  value A word a
  value B word b
  value C word c
  value D quoted d
  summary s
`,
    },
  ],
  table,
);
if (cmd === undefined) throw new Error('no command');

const spell = (keywords: string[], values: Record<string, string>) => spellCommand(cmd, { keywords: new Set(keywords), values: new Map(Object.entries(values)) });
const line = (r: ReturnType<typeof spell>) => (r.ok ? r.words.map((w) => w.text).join(' ') : `missing ${r.missing ?? '-'}`);

test.each([
  [['fast'], { A: 'x' }, 'set x fast'],
  [['slow', 'loud'], { A: 'x' }, 'set x slow loud'],
  [['fast'], { A: 'x', B: 'y', C: 'z' }, 'set x fast y z'],
  [['fast'], { A: 'x', D: '42' }, 'set x fast key="42"'],
])('%j %j spells "%s", which matches back to the same values', (keywords, values, expected) => {
  const r = spell(keywords, values);
  expect(line(r)).toBe(expected);
  const m = matchWords([cmd], tokenize(expected));
  expect(m.kind === 'ok' && Object.fromEntries([...m.values].map(([k, v]) => [k, v.text]))).toEqual(values);
  expect(m.kind === 'ok' && keywords.every((k) => m.keywords.has(k))).toBe(true);
});

test('each word says which value it carries', () => {
  const r = spell(['fast'], { A: 'x', D: '1' });
  expect(r.ok && r.words.map((w) => w.value ?? null)).toEqual([null, 'A', null, 'D']);
});

test('a value the declaration needs first is named, and no choice made is no form at all', () => {
  expect(line(spell(['fast'], { C: 'z' }))).toBe('missing A');
  expect(line(spell(['fast'], { A: 'x', C: 'z' }))).toBe('missing B');
  expect(line(spell([], { A: 'x' }))).toBe('missing -');
  expect(line(spell(['fast', 'slow'], { A: 'x' }))).toBe('missing -');
});

test('values are written as given: the matcher, not the speller, refuses a bad one', () => {
  const r = spell(['fast'], { A: 'X!' });
  expect(line(r)).toBe('set X! fast');
  expect(matchWords([cmd], tokenize(line(r)))).toMatchObject({ kind: 'error', error: 'invalid', index: 1 });
});
