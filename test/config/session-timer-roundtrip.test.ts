/** `sip [server] session timer` and `sip [server] 100rel`: parse, show config, no forms, engine settings. */
import { sipSettings } from '../../src/config/sip-settings';
import { roundTrip } from '../helpers/config-roundtrip';
import { buildShell } from '../../src/shell/build';

const LINES = [
  'sip 100rel on',
  'sip session timer 600 update=on refresher=uas',
  'sip server 1 192.0.2.1 register udp sip:a@example.test a pw',
  'sip server session timer 1 1800',
  'sip server 100rel 1 off',
];

test('the lines round-trip through show config and reach the engine settings', () => {
  const s = sipSettings(roundTrip(LINES));
  expect(s.rel100).toBe(true);
  expect(s.sessionTimer).toEqual({ seconds: 600, update: true, refresher: 'uas' });
  expect(s.servers.get(1)).toMatchObject({ sessionTimer: { seconds: 1800, update: false, refresher: 'uac' }, rel100: false });
});

test('the defaults are left out: update=off refresher=uac render as the bare time', () => {
  const shell = buildShell();
  expect(shell.loadConfig('sip session timer 1800 update=off refresher=uac')).toEqual([]);
  expect(shell.store.render()).toEqual(['sip session timer 1800']);
});

test('the no forms restore the defaults and render nothing', () => {
  const shell = buildShell();
  const noForms = ['no sip 100rel', 'no sip session timer 600', 'no sip server session timer 1', 'no sip server 100rel 1 off'];
  expect(shell.loadConfig([...LINES, ...noForms].join('\n'))).toEqual([]);
  expect(shell.store.render()).toEqual(['sip server 1 192.0.2.1 register udp sip:a@example.test a pw']);
  const s = sipSettings(shell.store.config);
  expect(s.rel100).toBe(false);
  expect(s.sessionTimer).toBeUndefined();
  expect(shell.store.config.serverOptions.size).toBe(0);
});

test.each([
  ['sip session timer 89', /^Error: Parameter out of range/],
  ['sip session timer 86401', /^Error: Parameter out of range/],
  ['sip session timer 1800 update=maybe', /^Error: Invalid parameter: update=maybe/],
  ['sip session timer 1800 refresher=proxy', /^Error: Invalid parameter: refresher=proxy/],
  ['sip server session timer 1 60', /^Error: Parameter out of range/],
  ['sip 100rel maybe', /^Error/],
])('%s is refused and changes nothing', (line, message) => {
  const shell = buildShell();
  const errors = shell.loadConfig(line);
  expect(errors[0]?.message).toMatch(message);
  expect(shell.store.render()).toEqual([]);
});
