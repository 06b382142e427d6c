/** lineSpeller: lines by command id, each kind of line's form chosen once and filled per line. */
import { compileGrammar } from '../../src/grammar/loader';
import { matchWords } from '../../src/grammar/matcher';
import { LineRequest, lineSpeller, spellCommand } from '../../src/grammar/spell';
import { tokenize } from '../../src/grammar/tokenize';
import { ParametricValueType, ValueType, ValueTypeTable } from '../../src/grammar/value-types';

let spelt = 0;
const word: ValueType = { spec: 'word', secret: false, placeholder: (n) => n, parse: (w) => (/^[a-z0-9]+$/.test(w) ? { ok: true, value: { text: w } } : { ok: false, fault: 'invalid', message: 'bad' }) };
const quoted: ValueType = {
  spec: 'quoted',
  secret: false,
  placeholder: (n) => `"${n}"`,
  parse: (w) => (/^"[0-9]+"$/.test(w) ? { ok: true, value: { text: w.slice(1, -1) } } : { ok: false, fault: 'invalid', message: 'quote it' }),
  spell: (t) => {
    spelt++;
    return `"${t}"`;
  },
};
const table: ValueTypeTable = new Map<string, ValueType | ParametricValueType>([
  ['word', word],
  ['quoted', quoted],
]);
const commands = compileGrammar(
  [
    {
      name: 'grammar/t.cli',
      text: `keyword set Set
keyword fast Fast
keyword slow Slow
keyword loud Loud
keyword get Get
command t.set
  level user
  syntax set A fast|slow [loud] [B [C]] [key=D]
  value A word a
  value B word b
  value C word c
  value D quoted d
  summary s
command t.get
  level user
  syntax get A|loud
  value A word a
  summary g
`,
    },
  ],
  table,
);

const spell = lineSpeller(commands);
const req = (id: string, values: Record<string, string>, keywords: string[] = []): LineRequest => ({ id, keywords, values });

test.each([
  [req('t.set', { A: 'x' }, ['fast']), 'set x fast'],
  [req('t.set', { A: 'y' }, ['fast']), 'set y fast'],
  [req('t.set', { A: 'x' }, ['slow', 'loud']), 'set x slow loud'],
  [req('t.set', { A: 'x', B: 'y', C: 'z' }, ['fast']), 'set x fast y z'],
  [req('t.set', { A: 'x', D: '42' }, ['fast']), 'set x fast key="42"'],
  [req('t.set', { D: '7', A: 'q' }, ['slow']), 'set q slow key="7"'],
  [req('t.get', { A: 'x' }), 'get x'],
  [req('t.get', {}, ['loud']), 'get loud'],
])('%j is "%s", as spellCommand writes it and the matcher reads it back', (r, expected) => {
  expect(spell(r)).toBe(expected);
  const command = commands.find((c) => c.id === r.id);
  const fresh = command && spellCommand(command, { keywords: new Set(r.keywords), values: new Map(Object.entries(r.values)) });
  expect(fresh?.ok === true && fresh.words.map((w) => w.text).join(' ')).toBe(expected);
  const m = matchWords(commands, tokenize(expected));
  expect(m.kind === 'ok' && [m.command.id, Object.fromEntries([...m.values].map(([k, v]) => [k, v.text]))]).toEqual([r.id, r.values]);
});

test('a remembered form is filled with each line\'s own values, through the type\'s spelling every time', () => {
  const before = spelt;
  const lines = Array.from({ length: 100 }, (_, i) => spell(req('t.set', { A: `a${i}`, D: String(i) }, ['fast'])));
  expect(lines[0]).toBe('set a0 fast key="0"');
  expect(lines[99]).toBe('set a99 fast key="99"');
  expect(new Set(lines).size).toBe(100);
  expect(spelt - before).toBe(100);
});

test('a request no declaration fits throws, naming the command and what is wrong', () => {
  expect(() => spell(req('t.nothing', {}))).toThrow('internal: no grammar declaration for the configuration line t.nothing');
  expect(() => spell(req('t.set', { A: 'x' }, ['fast', 'slow']))).toThrow('internal: t.set has no form for keywords [fast slow] and values [A]');
  expect(() => spell(req('t.set', { A: 'x', C: 'z' }, ['fast']))).toThrow(/: it needs B$/);
  expect(() => spell(req('t.set', { A: 'x', E: 'z' }, ['fast']))).toThrow(/values \[A E\]$/);
});

test('a form fills the values in the order it was asked for, through the type\'s spelling, reading no entry past its names', () => {
  const form = spell.form('t.set', ['slow'], ['D', 'A', 'B']);
  expect(form.fill(['5', 'x', 'y'])).toBe('set x slow y key="5"');
  expect(form.fill(['6', 'p', 'q', 'left over'])).toBe('set p slow q key="6"');
  expect(spell.form('t.set', ['slow'], ['D', 'A', 'B'])).toBe(form);
  expect(spell(req('t.set', { D: '5', A: 'x', B: 'y' }, ['slow']))).toBe('set x slow y key="5"');
});

test('a form that writes its values as given, in the order asked, hands out the words around them', () => {
  const plain = spell.form('t.set', ['fast', 'loud'], ['A', 'B']);
  expect(plain.texts).toEqual(['set ', ' fast loud ', '']);
  expect(plain.fill(['x', 'y'])).toBe('set x fast loud y');
  // Values asked in another order than the line's, or one the type spells: only fill writes them.
  expect(spell.form('t.set', ['fast'], ['B', 'A']).texts).toBeUndefined();
  expect(spell.form('t.set', ['fast'], ['A', 'D']).texts).toBeUndefined();
});

test('a form no declaration fits throws as a request does', () => {
  expect(() => spell.form('t.nothing', [], [])).toThrow('internal: no grammar declaration for the configuration line t.nothing');
  expect(() => spell.form('t.set', ['fast'], ['A', 'C'])).toThrow(/: it needs B$/);
});
