/** sip server call remote domain and dial number-only: their effect on the dial plan's Request-URI. */
import { emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { routeDial } from '../../src/sip/calls/dial-plan';

function config() {
  const c = emptyConfig();
  c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '192.0.2.1' }, port: undefined }, register: true, transport: 'udp', sipAddress: 'sip:UserB@there.com', user: 'u', password: 'p', name: undefined });
  c.servers.set(2, { n: 2, server: { host: { kind: 'ipv4', address: '192.0.2.2' }, port: undefined }, register: true, transport: 'udp', sipAddress: 'sip:x@other.test', user: 'u', password: 'p', name: undefined });
  c.serverPrefixes.set(1, '2#');
  return c;
}

test('call remote domain replaces the domain of the sip address in the Request-URI', () => {
  const c = config();
  expect(routeDial('2#0312345678', sipSettings(c))).toMatchObject({ ok: true, requestUri: 'sip:0312345678@there.com' });
  c.serverOptions.set(1, { callRemoteDomain: 'voip.provider.test' });
  expect(routeDial('2#0312345678', sipSettings(c))).toMatchObject({ ok: true, requestUri: 'sip:0312345678@voip.provider.test', server: { n: 1 } });
});

test('dial number-only: a number without a prefix goes through that server; prefixes still win; off means no route', () => {
  const c = config();
  expect(routeDial('0312345678', sipSettings(c))).toEqual({ ok: false, reason: 'no route for 0312345678' });
  c.serverOptions.set(2, { dialNumberOnly: true });
  expect(routeDial('0312345678', sipSettings(c))).toMatchObject({ ok: true, requestUri: 'sip:0312345678@other.test', server: { n: 2 } });
  expect(routeDial('2#99', sipSettings(c))).toMatchObject({ ok: true, requestUri: 'sip:99@there.com', server: { n: 1 } });
});
