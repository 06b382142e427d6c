/**
 * Every line `show config` can print is spelt from a grammar declaration (issue 14, "one
 * declaration per command"): the text is exactly what the hand-written renderer printed before,
 * the matcher reads each line as a command the grammar declares, and the speller and
 * spellCommand write that command with those keywords and values back to the same words.
 */
import { Config } from '../../src/config/model';
import { MASK, renderConfig } from '../../src/config/render';
import { allHandlers } from '../../src/commands';
import { matchWords } from '../../src/grammar/matcher';
import { LineRequest, lineSpeller, spellCommand } from '../../src/grammar/spell';
import { tokenize } from '../../src/grammar/tokenize';
import { buildShell, shippedGrammar } from '../../src/shell/build';

const grammar = shippedGrammar();
const spell = lineSpeller(grammar);
const hash = (salt: string, h: string): string => `s1.${salt.repeat(24)}.${h.repeat(48)}`;

/** Every setting set, in render order: the text the hand-written renderer printed for this model. */
const FULL = [
  `login password encrypted ${hash('a', 'b')}`,
  `administrator password encrypted ${hash('c', 'd')}`,
  'login timer 600',
  `login user alice encrypted ${hash('1', '2')}`,
  `login user bob encrypted ${hash('3', '4')}`,
  'sshd service on',
  'sshd auth method publickey',
  'sftpd host 127.0.0.1 ::1 192.0.2.7 2001:db8::7',
  'console prompt RTX1210',
  'console lines 40',
  'console columns 120',
  'console character ja.utf8',
  'dns static a sip.example.test 192.0.2.10',
  'dns static aaaa sip.example.test 2001:db8::10',
  'dns server 192.0.2.53 [2001:db8::53]:5353 192.0.2.54:5300 [::1]',
  'sip use off',
  'sip log on',
  'sip request retransmit timer 1000 8000',
  'sip user agent on MyRouter/1.0',
  'sip response code busy 603',
  'sip outer address 192.0.2.1',
  'sip 100rel on',
  'sip session timer 1800 update=on refresher=uas',
  'sip arrive address check off',
  'sip arrive ringing timer 30',
  'sip server 1 192.0.2.10 register udp sip:UserB@example.test UserB topsecret name=office',
  'sip server 2 [2001:db8::10]:5070 no-register tcp sip:alice@example.test name=lab',
  'sip server 3 proxy.example.test:5080 register udp sip:router@example.test router',
  'sip server register timer server=1 3600 120',
  'sip server display name 1 Office',
  'sip server qvalue 1 0.5',
  'sip server register request-uri 1 sip:registrar.example.test',
  'sip server call remote domain 1 voip.example.test',
  'sip server privacy 1 on 2',
  'sip server pilot address 1 sip:0312345678@example.test',
  'sip server dial number-only server=1 on',
  'sip server session timer 1 600',
  'sip server 100rel 1 on',
  'sip server privacy 2 on',
  'sip server 100rel 2 off',
  'analog extension dial prefix sip server=1 prefix="2#"',
  'analog extension dial prefix sip server=2 prefix="*9"',
  'analog extension dial prefix sip prefix="9#"',
  'analog extension sip address 1 30 sip:UserA@example.test server=1 name=UserA',
  'analog extension sip address 2 31 sip:UserC@example.test',
  'analog extension sip address 3 32 sip:UserD@example.test name=D',
];

/** The other keyword of each choice the full configuration does not take. */
const VARIANTS = ['login timer clear', 'sftpd host any', 'console lines infinity', 'sip user agent off', 'sip session timer 90 refresher=uas', 'analog extension dial prefix sip prefix="0"'];

/** The model these lines load into; a line that does not load fails the file. */
function loaded(lines: readonly string[]): Config {
  const shell = buildShell();
  const errors = shell.loadConfig(lines.join('\n'));
  if (errors.length > 0) throw new Error(`the test configuration does not load: ${JSON.stringify(errors)}`);
  return shell.store.config;
}

/** The request that spells `text` back: the command, keywords and values the matcher reads in it. */
function requestOf(text: string): LineRequest {
  const m = matchWords(grammar, tokenize(text));
  if (m.kind !== 'ok') throw new Error(`"${text}" does not parse: ${m.error}`);
  return { id: m.command.id, keywords: [...m.keywords], values: Object.fromEntries([...m.values].map(([k, v]) => [k, v.text])) };
}

/** Each rendered line of both configurations beside the request it reads as. */
const PAIRS = [FULL, VARIANTS].flatMap((lines) => renderConfig(loaded(lines), false, spell).map((text) => [text, requestOf(text)] as const));

test.each([
  ['every setting', FULL],
  ['the other choices', VARIANTS],
])('%s: the rendered text is the hand-written renderer\'s, line for line', (_, lines) => {
  expect(renderConfig(loaded(lines), false, spell)).toEqual(lines);
});

test('below the administrator level the hashes and the server password are masked, nothing else changes', () => {
  const secrets = [hash('a', 'b'), hash('c', 'd'), hash('1', '2'), hash('3', '4'), 'topsecret'];
  const expected = FULL.map((l) => secrets.reduce((text, s) => text.replace(s, MASK), l));
  expect(expected.filter((l, i) => l !== FULL[i])).toHaveLength(secrets.length);
  expect(renderConfig(loaded(FULL), true, spell)).toEqual(expected);
});

test.each(PAIRS)('"%s" reads as a declared command whose keywords and values spell it back', (text, request) => {
    expect(spell(request)).toBe(text);
    const command = grammar.find((c) => c.id === request.id);
    expect(command?.id).toBe(request.id);
    if (command === undefined) return;
    // The remembering speller and a fresh spellCommand agree.
    const fresh = spellCommand(command, { keywords: new Set(request.keywords), values: new Map(Object.entries(request.values)) });
    expect(fresh.ok && fresh.words.map((w) => w.text).join(' ')).toBe(text);
});

test('every configuration command has its line in show config', () => {
  const rendered = new Set(PAIRS.map(([, r]) => r.id));
  // `login user NAME PASSWORD` is stored hashed, so it comes back as `login user NAME encrypted HASH`.
  const renderedAs: Readonly<Record<string, string>> = { 'login.user': 'login.user.encrypted' };
  const configCommands = Object.entries(allHandlers)
    .filter(([id, h]) => h.config === true && !id.endsWith('.no'))
    .map(([id]) => renderedAs[id] ?? id);
  expect(configCommands.filter((id) => !rendered.has(id))).toEqual([]);
  expect([...rendered].filter((id) => !configCommands.includes(id))).toEqual([]);
});

test('a line no declaration fits is a loud internal error naming it, never a wrong line', () => {
  const five: LineRequest = { id: 'dns.server', keywords: [], values: { SERVER: 'a', SERVER2: 'b', SERVER3: 'c', SERVER4: 'd', SERVER5: 'e' } };
  expect(() => spell(five)).toThrow(/internal: dns\.server has no form .*SERVER5/);
  expect(() => spell({ id: 'sip.frobnicate', keywords: [], values: {} })).toThrow(/internal: no grammar declaration .*sip\.frobnicate/);
  expect(() => spell({ id: 'sip.server', keywords: ['register'], values: { N: '1', SERVER: 'h', SIPADDRESS: 'sip:a@h' } })).toThrow(/internal: sip\.server has no form/);
  expect(() => spell({ id: 'sip.server', keywords: ['register', 'udp'], values: { N: '1', SIPADDRESS: 'sip:a@h' } })).toThrow(/it needs SERVER/);
});
