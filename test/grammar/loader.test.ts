import { allHandlers } from '../../src/commands';
import { GrammarError, compileGrammar } from '../../src/grammar/loader';
import { routerValueTypes } from '../../src/commands/value-types';
import { Interpreter, InterpreterError } from '../../src/shell/interpreter';
import { shippedGrammar } from '../../src/shell/build';

const compile = (text: string) => compileGrammar([{ name: 'grammar/t.cli', text }], routerValueTypes);

describe('grammar files', () => {
  test('a well-formed command compiles into every linear form', () => {
    const [c] = compile(`keyword sip SIP
keyword server Server
command t.server
  level administrator
  syntax sip server N [USER [PASS]]
  value N int 1-9 Number
  value USER word User
  value PASS secret Password
  summary Test
`);
    expect(c?.paths.map((p) => p.map((t) => (t.kind === 'keyword' ? t.word : t.kind === 'value' ? t.name : t.kind === 'pair' ? t.key : t.options.map((o) => o.word).join('|'))).join(' '))).toEqual([
      'sip server N',
      'sip server N USER',
      'sip server N USER PASS',
    ]);
  });

  test.each([
    ['a keyword without help', 'command x\n  level user\n  syntax frob\n  summary s\n', /keyword "frob" has no help/],
    ['an undeclared value', 'keyword a A\ncommand x\n  level user\n  syntax a N\n  summary s\n', /value N is not declared/],
    ['an unknown type', 'keyword a A\ncommand x\n  level user\n  syntax a N\n  value N flurb N\n  summary s\n', /unknown value type "flurb"/],
    ['a missing level', 'keyword a A\ncommand x\n  syntax a\n  summary s\n', /has no level/],
    ['an unbalanced bracket', 'keyword a A\ncommand x\n  level user\n  syntax a [a\n  summary s\n', /missing "\]"/],
    ['a duplicate id', 'keyword a A\ncommand x\n  level user\n  syntax a\n  summary s\ncommand x\n  level user\n  syntax a\n  summary s\n', /declared twice/],
    ['an unused value', 'keyword a A\ncommand x\n  level user\n  syntax a\n  value N word n\n  summary s\n', /declared but not used/],
    ['a stray line', 'frob\n', /expected "keyword" or "command"/],
  ])('refuses %s, naming the file and line', (_what, text, message) => {
    expect(() => compile(text)).toThrow(GrammarError);
    expect(() => compile(text)).toThrow(message);
    expect(() => compile(text)).toThrow(/grammar\/t\.cli:\d+/);
  });
});

describe('the interpreter at start-up', () => {
  test('accepts the shipped grammar with the shipped handlers', () => {
    expect(() => new Interpreter(shippedGrammar(), allHandlers)).not.toThrow();
  });
  test('refuses a grammar command without a handler', () => {
    const handlers = { ...allHandlers };
    delete (handlers as Record<string, unknown>)['show.config'];
    expect(() => new Interpreter(shippedGrammar(), handlers)).toThrow(/without a handler: show\.config/);
  });
  test('refuses a handler without a grammar command', () => {
    expect(() => new Interpreter(shippedGrammar(), { ...allHandlers, 'no.such': { run: () => undefined } })).toThrow(InterpreterError);
  });
});
