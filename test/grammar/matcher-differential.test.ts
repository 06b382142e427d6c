/**
 * The matcher (a tree over whole command paths, src/grammar/path-tree.ts) answers exactly what
 * the plain path-by-path matcher answers (reference-matcher.ts): the same command, values and
 * keywords, or the same error kind, word index and detail, for every line of a large set: each
 * path of the shipped grammar spelt with good and bad values, abbreviated, shortened, lengthened
 * and upper-cased, random lines of grammar words, the benchmark's lines, and small grammars
 * whose paths start with a value or a choice.
 */
import fc from 'fast-check';
import { routerValueTypes } from '../../src/commands/value-types';
import { compileGrammar } from '../../src/grammar/loader';
import { MatchResult, matchWords } from '../../src/grammar/matcher';
import { tokenize } from '../../src/grammar/tokenize';
import { Command, PathToken } from '../../src/grammar/types';
import { shippedGrammar } from '../../src/shell/build';
import { referenceMatch } from './reference-matcher';

const grammar = shippedGrammar();

/** A result as plain data, for comparison. */
function plain(r: MatchResult): unknown {
  if (r.kind === 'error') return { error: r.error, index: r.index, detail: r.detail };
  return {
    id: r.command.id,
    values: [...r.values].map(([k, v]) => [k, v.text, v.int]).sort(),
    keywords: [...r.keywords].sort(),
  };
}

/** A small deterministic generator (xorshift), so that every run tries the same lines. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

/** Words that fit (or nearly fit) the router's value types. */
const VALUE_WORDS = [
  '0', '1', '2', '7', '12', '100', '1000', '1001', '5060', '65535', '65536', '007', '-1', '99999999999', '1.5',
  '127.0.0.1', '192.0.2.10:5060', '[::1]', '[::1]:5070', '[2001:db8::10]:5070', '::1', '2001:db8::1', '1.2.3.999', '1.2.3',
  'sip.example.test', 'sip.example.test:5061', 'host:0', 'host:x', '[::1', '-bad.example', 'a..b', '12:30',
  'sip:user@example.test', 'sip:example.test', 'sip:UserA@there.com', 'sips:a@b.test', 'tel:123', 'sip:',
  'word', 'secret12', 'a"b', '"2#"', '2#', '"2#', '*#0', '05012345678', 'x'.repeat(70), 'on', 'off', 'infinity', 'clear',
  'udp', 'tcp', 'register', 'no-register', 'uac', 'uas',
];

/** Every word `token` could be spelt as, for building lines. */
function spellings(token: PathToken, pick: (n: number) => number): string[] {
  switch (token.kind) {
    case 'keyword':
      return [token.word, token.word.slice(0, 1 + pick(token.word.length)), token.word.toUpperCase()];
    case 'choice': {
      const o = token.options[pick(token.options.length)];
      return o === undefined ? [] : [o.word, o.word.slice(0, 1 + pick(o.word.length))];
    }
    case 'value':
      return [VALUE_WORDS[pick(VALUE_WORDS.length)] as string, VALUE_WORDS[pick(VALUE_WORDS.length)] as string];
    case 'pair':
      return [`${token.key}=${VALUE_WORDS[pick(VALUE_WORDS.length)] as string}`, `${token.key.toUpperCase()}=1`, `${token.key.slice(0, 2)}=1`];
  }
}

/** Lines built from every path of `commands`: `rounds` spellings each, shortened and lengthened too. */
function pathLines(commands: readonly Command[], rounds: number, seed: number): string[] {
  const pick = random(seed);
  const out: string[] = [];
  for (const c of commands) {
    out.push(...c.examples.map((e) => e.split(' | ')[0] as string));
    for (const path of c.paths) {
      for (let r = 0; r < rounds; r++) {
        const words = path.map((t) => {
          const s = spellings(t, pick);
          return s[pick(s.length)] ?? '';
        });
        out.push(words.join(' '));
        out.push(words.slice(0, pick(words.length + 1)).join(' '));
        out.push([...words, VALUE_WORDS[pick(VALUE_WORDS.length)] as string].join(' '));
        const swapped = [...words];
        const i = pick(words.length);
        swapped[i] = VALUE_WORDS[pick(VALUE_WORDS.length)] as string;
        out.push(swapped.join(' '));
      }
    }
  }
  return out;
}

function expectSame(commands: readonly Command[], lines: readonly string[]): void {
  for (const line of lines) {
    const words = tokenize(line);
    const got = plain(matchWords(commands, words));
    const want = plain(referenceMatch(commands, words));
    if (JSON.stringify(got) !== JSON.stringify(want)) expect({ line, got }).toEqual({ line, got: want });
  }
}

test('the shipped grammar: every path spelt many ways', () => {
  const lines = pathLines(grammar, 12, 13);
  expect(lines.length).toBeGreaterThan(10_000);
  expectSame(grammar, lines);
});

test('the shipped grammar: random lines of its words and of value words', () => {
  const vocabulary = [
    ...new Set(grammar.flatMap((c) => c.paths.flatMap((p) => p.flatMap((t) => (t.kind === 'keyword' ? [t.word] : t.kind === 'choice' ? t.options.map((o) => o.word) : t.kind === 'pair' ? [`${t.key}=`, `${t.key}=1`] : []))))),
    ...VALUE_WORDS,
    's', 'sh', 'n', 'a', 'c', 'd', 'i', 'l', 'p', 'r', 'se', 'st', '',
  ];
  const lines = fc.sample(fc.array(fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 6 })), { maxLength: 12 }).map((ws) => ws.join(' ')), { numRuns: 20_000, seed: 7 });
  expectSame(grammar, lines);
});

test('the shipped grammar: a subset of its commands (another tree) and the user level', () => {
  const pick = random(99);
  const subset = grammar.filter(() => pick(3) === 0);
  expectSame(subset, pathLines(subset, 4, 5));
  const user = grammar.filter((c) => c.level === 'user');
  expectSame(user, pathLines(grammar, 2, 6));
});

test('grammars whose paths start with a value, a choice or a key=value word', () => {
  const text = [
    'keyword go go somewhere',
    'keyword stop stop now',
    'keyword red red',
    'keyword rest rest',
    'command a.num',
    '  level user',
    '  syntax N [go] [name=NAME]',
    '  summary a number first',
    '  value N int 1-10 a number',
    '  value NAME word a name',
    'command a.big',
    '  level user',
    '  syntax M stop',
    '  summary another number first',
    '  value M int 5-100 a number',
    'command a.choice',
    '  level user',
    '  syntax go|stop [red|rest] N',
    '  summary a choice first',
    '  value N int 1-3 a number',
    'command a.pair',
    '  level user',
    '  syntax name=NAME [go]',
    '  summary a pair first',
    '  value NAME word a name',
    'command a.kw',
    '  level user',
    '  syntax go red [N]',
    '  summary keywords first',
    '  value N int 1-65535 a number',
  ].join('\n');
  const small = compileGrammar([{ name: 'grammar/t.cli', text }], routerValueTypes);
  const words = ['1', '5', '11', '200', 'x', 'go', 'g', 'stop', 's', 'st', 'red', 're', 'r', 'rest', 'name=a', 'name="', 'NAME=b', 'na=1', '='];
  const lines = fc.sample(fc.array(fc.constantFrom(...words), { maxLength: 5 }).map((ws) => ws.join(' ')), { numRuns: 5_000, seed: 3 });
  expectSame(small, [...lines, ...pathLines(small, 20, 4)]);
});
