/** What Kamailio cannot produce, from SIPp registrars: 503 + Retry-After, 3xx, garbage, silence. */
import { Kamailio, waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { Sipp, routerAndSippPerTest } from '../../helpers/sipp';

jest.setTimeout(60000);

const { current, sipps } = routerAndSippPerTest(() => Router.start());
let r: Router;
beforeEach(() => {
  r = current.router;
});

const state = (n: number, want: string, ms = 10000) =>
  waitFor(`server ${n} ${want}`, async () => {
    const s = await r.status(n);
    return s.State === want ? s : undefined;
  }, ms);

test('503 with Retry-After: failed with the reason, retried after that many seconds, then registered', async () => {
  const s = Sipp.server('registrar-503.xml', '127.0.0.1', 15270, 'u1');
  sipps.push(s);
  await new Promise((res) => setTimeout(res, 300));
  await r.run('sip server 1 127.0.0.1:15270 register udp sip:alice@example.test');
  const failed = await state(1, 'failed');
  expect(failed.Reason).toBe('503 Service Unavailable');
  expect(parseInt(failed['Retry in'] ?? '', 10)).toBeGreaterThanOrEqual(2);
  expect(parseInt(failed['Retry in'] ?? '', 10)).toBeLessThanOrEqual(3);
  const t0 = Date.now();
  const ok = await state(1, 'registered');
  expect(Date.now() - t0).toBeGreaterThan(1500);
  expect(parseInt(ok['Refresh in'] ?? '', 10)).toBe(540); // granted 600 → refresh at 90 %
});

test('3xx: the redirect is followed to the real registrar', async () => {
  const k = await Kamailio.start(15281);
  try {
    const s = Sipp.server('registrar-redirect.xml', '127.0.0.1', 15280, 'u1', ['-key', 'target', 'sip:127.0.0.1:15281']);
    sipps.push(s);
    await new Promise((res) => setTimeout(res, 300));
    await r.run('sip server 1 127.0.0.1:15280 register udp sip:alice@example.test alice secret');
    await state(1, 'registered');
    expect((await k.bindingsOf('alice')).length).toBe(1);
    expect(s.messages()).toMatch(/302 Moved Temporarily/);
  } finally {
    await k.stop();
    k.cleanup();
  }
});

test('garbage answers are dropped; the engine survives and reports no response', async () => {
  const s = Sipp.server('registrar-garbage.xml', '127.0.0.1', 15290, 'u1');
  const s2 = Sipp.server('registrar-garbage-header.xml', '127.0.0.1', 15291, 'u1');
  sipps.push(s, s2);
  await new Promise((res) => setTimeout(res, 300));
  await r.run('sip request retransmit timer 100 1000');
  await r.run('sip server 1 127.0.0.1:15290 register udp sip:alice@example.test');
  await r.run('sip server 2 127.0.0.1:15291 register udp sip:alice@example.test');
  const failed = await state(1, 'failed', 15000);
  expect((await state(2, 'failed', 5000)).Reason).toBe('no response from server');
  expect(failed.Reason).toBe('no response from server');
  const log = (await r.run('show log')).join('\n');
  expect(log).toMatch(/dropped a message from udp:127\.0\.0\.1:15290: Content-Length 5000 is larger than the body/);
  expect(log).toMatch(/dropped a message from udp:127\.0\.0\.1:15291: bad header line/);
  expect((await r.run('show environment')).join('\n')).toContain('SIP engine: running');
});

test('a registrar that never answers: Timer F, then "no response from server" and a retry', async () => {
  const s = Sipp.server('registrar-silent.xml', '127.0.0.1', 15295, 't1');
  sipps.push(s);
  await new Promise((res) => setTimeout(res, 300));
  await r.run('sip request retransmit timer 100 1000');
  await r.run('sip server 1 127.0.0.1:15295 register tcp sip:alice@example.test');
  const t0 = Date.now();
  const failed = await state(1, 'failed', 15000);
  expect(Date.now() - t0).toBeGreaterThan(5000); // 64 x T1 = 6.4 s
  expect(failed.Reason).toBe('no response from server');
  expect(failed['Retry in']).toBeDefined();
});
