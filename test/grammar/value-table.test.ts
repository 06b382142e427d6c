/** The grammar knows no value type of its own: a table handed to the compiler decides them all. */
import { completeAt, helpAt } from '../../src/grammar/help';
import { GrammarError, compileGrammar } from '../../src/grammar/loader';
import { matchWords } from '../../src/grammar/matcher';
import { tokenize } from '../../src/grammar/tokenize';
import { ParametricValueType, ValueType, ValueTypeTable } from '../../src/grammar/value-types';

const colour: ValueType = {
  spec: 'colour',
  secret: false,
  placeholder: (name) => `<${name}:red|green>`,
  parse: (word) => (word === 'red' || word === 'green' ? { ok: true, value: { text: word.toUpperCase() } } : { ok: false, fault: 'invalid', message: `${word} is no colour` }),
};
const upTo: ParametricValueType = {
  parametric: true,
  make: (argument) =>
    /^\d+$/.test(argument)
      ? {
          spec: `upto ${argument}`,
          secret: false,
          placeholder: () => `<0-${argument}>`,
          parse: (word) => {
            const n = Number(word);
            if (!/^\d+$/.test(word)) return { ok: false, fault: 'invalid', message: 'not a number' };
            return n <= Number(argument) ? { ok: true, value: { text: word, int: n } } : { ok: false, fault: 'range', message: 'too big' };
          },
        }
      : 'needs a number',
};
const table: ValueTypeTable = new Map<string, ValueType | ParametricValueType>([
  ['colour', colour],
  ['upto', upTo],
]);
const grammar = compileGrammar(
  [
    {
      name: 'grammar/paint.cli',
      text: `keyword paint Paint something
command paint
  level user
  syntax paint C [N]
  value C colour The colour
  value N upto 3 Coats
  summary Paint
`,
    },
  ],
  table,
);

test('values are parsed by the table’s types, with their own placeholders and faults', () => {
  const r = matchWords(grammar, tokenize('pa red 2'));
  expect(r.kind === 'ok' && [r.values.get('C'), r.values.get('N')]).toEqual([{ text: 'RED' }, { text: '2', int: 2 }]);
  expect(matchWords(grammar, tokenize('paint blue'))).toMatchObject({ kind: 'error', error: 'invalid', index: 1, detail: 'blue is no colour' });
  expect(matchWords(grammar, tokenize('paint red 4'))).toMatchObject({ kind: 'error', error: 'range', index: 2 });
  expect(helpAt(grammar, 'paint ').map((e) => e.word)).toEqual(['<C:red|green>']);
  expect(helpAt(grammar, 'paint red ').map((e) => e.word)).toEqual(['<0-3>', '<cr>']);
  expect(completeAt(grammar, 'pai').insert).toBe('nt ');
});

test('a type the table does not hold is a grammar error, even one the router has', () => {
  const text = 'keyword a A\ncommand x\n  level user\n  syntax a N\n  value N int 1-9 n\n  summary s\n';
  expect(() => compileGrammar([{ name: 'grammar/t.cli', text }], table)).toThrow(/grammar\/t\.cli:5: unknown value type "int"/);
});

test('a parametric type refuses a bad argument, naming the line', () => {
  const text = 'keyword a A\ncommand x\n  level user\n  syntax a N\n  value N upto many n\n  summary s\n';
  expect(() => compileGrammar([{ name: 'grammar/t.cli', text }], table)).toThrow(GrammarError);
  expect(() => compileGrammar([{ name: 'grammar/t.cli', text }], table)).toThrow(/t\.cli:5: value N: upto many: needs a number/);
});
