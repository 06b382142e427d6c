/** sip server privacy and pilot address: the identity headers of the INVITE (RFC 3323, RFC 3325). */
import { emptyConfig, SipServerOptions } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { FakeRtp } from './calls/phones-fixture';
import { SipEngine } from '../../src/sip/engine';
import { FakeClock } from '../../src/util/clock';
import { SeededRandom } from '../../src/util/random';
import { MemoryTransport } from '../helpers/memory-transport';


async function invite(options: SipServerOptions) {
  const mem = new MemoryTransport();
  const engine = new SipEngine({
    clock: new FakeClock(), port: 0, log: () => undefined, random: new SeededRandom(9), rtp: async () => new FakeRtp(30000),
    transport: async (ev) => {
      mem.events = ev;
      return mem;
    },
  });
  const c = emptyConfig();
  c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '192.0.2.10' }, port: undefined }, register: false, transport: 'udp', sipAddress: 'sip:UserB@there.com', user: 'u', password: 'p', name: undefined });
  c.serverPrefixes.set(1, '2#');
  c.serverOptions.set(1, options);
  engine.apply(sipSettings(c));
  await engine.start();
  expect(engine.dial(1, '2#0312345678')).toBeUndefined();
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  const inv = mem.requests('INVITE')[0];
  if (!inv) throw new Error('no INVITE sent');
  await engine.stop(0);
  return inv;
}

test('no setting: neither Privacy nor an identity header', async () => {
  const inv = await invite({});
  expect(inv.headers.has('privacy')).toBe(false);
  expect(inv.headers.has('p-preferred-identity')).toBe(false);
  expect(inv.headers.has('p-asserted-identity')).toBe(false);
});

test('privacy on: Privacy: id and P-Preferred-Identity with the sip address', async () => {
  const inv = await invite({ privacy: 'p-preferred-identity' });
  expect(inv.headers.get('privacy')).toBe('id');
  expect(inv.headers.get('p-preferred-identity')).toBe('<sip:UserB@there.com>');
});

test('privacy on pattern 2 with a pilot address: P-Asserted-Identity with the pilot address', async () => {
  const inv = await invite({ privacy: 'p-asserted-identity', pilotAddress: 'sip:0312345678@there.com' });
  expect(inv.headers.get('privacy')).toBe('id');
  expect(inv.headers.get('p-asserted-identity')).toBe('<sip:0312345678@there.com>');
  expect(inv.headers.has('p-preferred-identity')).toBe(false);
});

test('a pilot address alone: P-Preferred-Identity with it, no Privacy', async () => {
  const inv = await invite({ pilotAddress: 'sip:0312345678@there.com' });
  expect(inv.headers.get('p-preferred-identity')).toBe('<sip:0312345678@there.com>');
  expect(inv.headers.has('privacy')).toBe(false);
});
