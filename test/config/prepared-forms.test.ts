/**
 * The store asks for the forms of the long lists' usual kinds of line when it is made
 * (render.ts, prepareListForms), not at the first `show config`. The lines must be the same as
 * with forms asked for as each kind is met: a store's render (its speller prepared) against
 * renderConfig with a speller of its own, never prepared, for every kind of line of the lists,
 * the prepared ones and the others, plain and masked.
 */
import { renderConfig } from '../../src/config/render';
import { ConfigStore } from '../../src/config/store';
import { lineSpeller } from '../../src/grammar/spell';
import { buildShell, shippedGrammar } from '../../src/shell/build';
import { allListKinds } from '../helpers/list-lines';


test('a store made with its speller prepared renders every kind of line as an unprepared speller does', () => {
  const shell = buildShell();
  expect(shell.loadConfig(allListKinds().join('\n'))).toEqual([]);
  const config = shell.store.config;
  for (const masked of [false, true]) {
    const fresh = renderConfig(config, masked, lineSpeller(shippedGrammar()));
    expect(shell.store.render(masked)).toEqual(fresh);
  }
  expect(shell.store.render()).toEqual(expect.arrayContaining(allListKinds()));
});

test('the forms are asked for when the store is made: its first render asks for none of the usual kinds', () => {
  const spell = lineSpeller(shippedGrammar());
  const asked: string[] = [];
  const form = spell.form;
  const counting = Object.assign((line: Parameters<typeof spell>[0]) => spell(line), {
    form: (id: string, keywords: readonly string[], names: readonly string[]) => {
      asked.push(`${id} [${keywords.join(' ')}] ${names.join(' ')}`);
      return form(id, keywords, names);
    },
  });
  const store = new ConfigStore(undefined, counting);
  const prepared = asked.length;
  expect(prepared).toBeGreaterThan(0);
  const shell = buildShell();
  expect(shell.loadConfig(['sip server 1 192.0.2.1 register udp sip:a@example.test u p', 'sip server 2 192.0.2.2 register tcp sip:b@example.test u p name=b', 'analog extension sip address 1 101 sip:a@example.test server=1', 'dns static a h.example.test 192.0.2.1'].join('\n'))).toEqual([]);
  store.config = shell.store.config;
  store.render();
  expect(asked.length).toBe(prepared);
  // A kind that is not prepared is asked for at its render.
  expect(shell.loadConfig('sip server 3 192.0.2.3 no-register udp sip:c@example.test')).toEqual([]);
  store.config = shell.store.config;
  store.render();
  expect(asked.slice(prepared)).toEqual(['sip.server [no-register udp] N SERVER SIPADDRESS']);
});
