/** The SIP engine's own commands (issue 11): each line parses, renders back the same, and its `no` form clears it. */
import { sipSettings } from '../../src/config/sip-settings';
import { roundTrip } from '../helpers/config-roundtrip';
import { buildShell } from '../../src/shell/build';

const LINES = [
  'dns server 127.0.0.1:5353 [::1] 192.0.2.53',
  'sip user agent on MyRouter/2.0',
  'sip response code busy 603',
  'sip outer address 198.51.100.7',
  'sip server 1 192.0.2.1 register udp sip:a@example.test a pw',
  'sip server register timer server=1 3600 120',
  'sip server display name 1 Office',
  'sip server qvalue 1 0.5',
  'sip server register request-uri 1 sip:registrar.example.test',
  'sip server call remote domain 1 voip.example.test',
  'sip server dial number-only server=1 on',
  'sip server privacy 1 on 2',
  'sip server pilot address 1 sip:0312345678@example.test',
  'sip server privacy 7 on',
  'sip server qvalue 7 1',
];

test('every new line round-trips through show config, and reaches the engine settings', () => {
  const s = sipSettings(roundTrip(LINES));
  expect(s.userAgent).toBe('MyRouter/2.0');
  expect(s.busyCode).toBe(603);
  expect(s.dnsServers).toEqual([{ address: '127.0.0.1', port: 5353 }, { address: '::1', port: 53 }, { address: '192.0.2.53', port: 53 }]);
  expect(s.outerAddress).toBe('198.51.100.7');
  expect(s.servers.get(1)).toMatchObject({ registerTimer: { okSeconds: 3600, ngSeconds: 120 }, displayName: 'Office', qvalue: '0.5', registerRequestUri: 'sip:registrar.example.test' });
  // options of a server that is not configured are kept for when it is, but build no server
  expect(s.servers.has(7)).toBe(false);
});

test('sip user agent off renders as off and removes the header text', () => {
  const shell = buildShell();
  expect(shell.loadConfig('sip user agent off')).toEqual([]);
  expect(shell.store.render()).toContain('sip user agent off');
  expect(sipSettings(shell.store.config).userAgent).toBeUndefined();
});

test('the no forms restore the defaults and render nothing', () => {
  const shell = buildShell();
  const noForms = [
    'no dns server',
    'no sip user agent',
    'no sip response code busy',
    'no sip outer address 198.51.100.7',
    'no sip server register timer server=1',
    'no sip server display name 1',
    'no sip server qvalue 1 0.5',
    'no sip server register request-uri 1',
    'no sip server qvalue 7',
    'no sip server privacy 1',
    'sip server privacy 7 off',
    'no sip server pilot address 1',
    'no sip server call remote domain 1',
    'no sip server dial number-only server=1',
  ];
  expect(shell.loadConfig([...LINES, ...noForms].join('\n'))).toEqual([]);
  const rendered = shell.store.render();
  expect(rendered).toEqual(['sip server 1 192.0.2.1 register udp sip:a@example.test a pw']);
  expect(sipSettings(shell.store.config).userAgent).toMatch(/^sipsh\//);
  expect(shell.store.config.serverOptions.size).toBe(0);
});

test.each([
  ['sip server qvalue 1 1.5', /^Error: Parameter out of range/],
  ['sip server qvalue 1 0.1234', /^Error: Parameter out of range/],
  ['sip server register timer server=1 59 120', /^Error: Parameter out of range/],
  ['sip server register timer server=1 3600 86401', /^Error: Parameter out of range/],
  ['sip server register request-uri 1 http://x', /^Error: Invalid parameter/],
  ['sip outer address outer.example.test', /^Error: Invalid parameter/],
  ['sip response code busy 200', /^Error: Parameter out of range/],
  ['sip user agent off Text', /^Error: Invalid parameter/],
  ['dns server dns.example.test', /^Error: Invalid parameter/],
  ['sip server call remote domain 1 bad_domain!', /^Error: Invalid parameter/],
])('%s is refused and changes nothing', (line, message) => {
  const shell = buildShell();
  const errors = shell.loadConfig(line);
  expect(errors[0]?.message).toMatch(message);
  expect(shell.store.render()).toEqual([]);
});
