/**
 * The router's sip server commands seen by a real Kamailio (issue 11): its log line for every
 * REGISTER (test/lab/kamailio/kamailio.cfg, REGISTER-SEEN) and its location table show the
 * display name, the Request-URI, the User-Agent, the Contact q and the Expires the commands set.
 */
import { Kamailio, waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';

jest.setTimeout(60000);

/** From this developer's range 32000-32999. */
const PORT = 32020;
let k: Kamailio;
let r: Router | undefined;

beforeAll(async () => {
  k = await Kamailio.start(PORT);
});
afterAll(async () => {
  await k?.stop();
  k?.cleanup();
});
afterEach(async () => {
  await r?.stop();
  r = undefined;
});

const seen = (marker: string) =>
  waitFor(`a REGISTER with ${marker} in Kamailio's log`, () => k.log().split('\n').filter((l) => l.includes('REGISTER-SEEN') && l.includes(marker)).pop(), 8000);

test('display name, qvalue, register request-uri, user agent and register timer, each on the wire and in the binding', async () => {
  r = await Router.start();
  await r.run('sip user agent on Lab-Router/7');
  await r.run('sip server display name 1 Front-Desk');
  await r.run('sip server qvalue 1 0.7');
  await r.run('sip server register request-uri 1 sip:example.test');
  await r.run('sip server register timer server=1 900 120');
  await r.run(`sip server 1 127.0.0.1:${PORT} register udp sip:alice@example.test alice secret`);
  await waitFor('registered', async () => (await r?.status(1))?.State === 'registered', 8000);
  const line = await seen('ua=<Lab-Router/7>');
  expect(line).toContain('ruri=<sip:example.test>');
  expect(line).toContain('fromdn=<"Front-Desk">');
  expect(line).toContain('todn=<"Front-Desk">');
  expect(line).toMatch(/contact=<<sip:alice@127\.0\.0\.1:\d+;transport=udp>;q=0\.7>/);
  expect(line).toContain('expires=<900>');
  const b = await waitFor('binding', async () => (await k.bindingsOf('alice')).find((x) => x.expires > 0));
  expect(b.expires).toBeGreaterThan(800);
  expect(b.expires).toBeLessThanOrEqual(900);
  const status = await r.status(1);
  expect(status['Refresh in']).toMatch(/^(80\d|810) seconds$/);
});

test('sip user agent off: Kamailio sees no User-Agent; no sip server display name: no display name', async () => {
  r = await Router.start();
  await r.run('sip user agent off');
  await r.run('sip server display name 2 Temp');
  await r.run('no sip server display name 2');
  await r.run(`sip server 2 127.0.0.1:${PORT} register udp sip:bob@example.test bob bobpass`);
  await waitFor('registered', async () => (await r?.status(2))?.State === 'registered', 8000);
  const line = await seen('contact=<<sip:bob@');
  expect(line).toContain('ua=<<null>>');
  expect(line).toContain('fromdn=<<null>>');
});
