/**
 * Session timers (RFC 4028) against SIPp in real time: our refresh re-INVITE at half the interval
 * (45 s of 90), our retry after a 422, the 422 we send below 90 s, and our BYE when the caller
 * that should refresh does not (60 s after the answer). Ports 40200-40299.
 */
import * as path from 'path';
import { waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { SCENARIOS, Sipp, routerAndSippPerTest } from '../../helpers/sipp';

jest.setTimeout(120000);
const { current, sipps } = routerAndSippPerTest(() => Router.start());

async function passed(s: Sipp, ms = 10000): Promise<void> {
  const code = await s.wait(ms);
  if (code !== 0) throw new Error(`SIPp exited ${String(code)}:\n${s.errors()}\n${s.messages().slice(-3000)}`);
}

const tel1 = async (): Promise<string> => (await current.router.run('show status analog')).join('\n');

test('as UAC, refresher: sip session timer 90 → Session-Expires 90, our refresh re-INVITE 45 s after the answer', async () => {
  const r = current.router;
  const s = Sipp.server('callee-session-refresh.xml', '127.0.0.1', 40200, 'u1', ['-mp', '40202']);
  sipps.push(s);
  await r.run('sip session timer 90');
  await r.run('sip server 1 127.0.0.1:40200 no-register udp sip:UserB@there.test');
  await r.run('analog extension dial prefix sip server=1 prefix="2#"');
  await r.run('phone 1 dial 2#0501');
  await waitFor('TEL1 talking', async () => /TEL1: talking/.test(await tel1()));
  const answeredAt = Date.now();
  expect(await tel1()).toMatch(/Session: +90 s, refreshed by us \(re-INVITE\), expires in (90|89) s/);
  await waitFor('the refresh re-INVITE', () => (s.messages().match(/INVITE sip:\S+ SIP\/2\.0/g) ?? []).length >= 2, 55000);
  const after = Date.now() - answeredAt;
  expect(after).toBeGreaterThanOrEqual(44000);
  expect(after).toBeLessThan(48000);
  await waitFor('the refresh answered', async () => /expires in (9\d|8\d) s/.test(await tel1()));
  await r.run('phone 1 hangup');
  await passed(s);
});

test('as UAC: 422 with Min-SE 1800 → the INVITE again with Session-Expires 1800; status shows it', async () => {
  const r = current.router;
  const s = Sipp.server('callee-session-422.xml', '127.0.0.1', 40210, 'u1', ['-mp', '40212']);
  sipps.push(s);
  await r.run('sip session timer 300');
  await r.run('sip server 1 127.0.0.1:40210 no-register udp sip:UserB@there.test');
  await r.run('analog extension dial prefix sip server=1 prefix="2#"');
  await r.run('phone 1 dial 2#0501');
  await waitFor('TEL1 talking', async () => /TEL1: talking/.test(await tel1()));
  expect(await tel1()).toMatch(/Session: +1800 s, refreshed by us/);
  await r.run('phone 1 hangup');
  await passed(s);
});

test('as UAS: 60 s → 422 Min-SE 90; 90 s refreshed by the caller who never does → our BYE 60 s after the answer', async () => {
  const r = current.router;
  await r.run('sip server 1 127.0.0.1:40220 no-register udp sip:alice@example.test');
  await r.run('sip arrive address check off'); // the SIPp caller is not the server
  const s = Sipp.start(['-sf', path.join(SCENARIOS, 'caller-session-expiry.xml'), `127.0.0.1:${r.engine.port}`, '-s', 'alice', '-key', 'dom', 'example.test', '-i', '127.0.0.1', '-p', '40230', '-mp', '40232', '-t', 'u1', '-m', '1', '-timeout', '100s', '-timeout_error']);
  sipps.push(s);
  await waitFor('TEL1 ringing', async () => /TEL1: ringing/.test(await tel1()));
  expect(await tel1()).toMatch(/Refused: +422 session interval below 90 s/);
  await r.run('phone 1 answer');
  await waitFor('TEL1 talking', async () => /TEL1: talking/.test(await tel1()));
  const answeredAt = Date.now();
  expect(await tel1()).toMatch(/Session: +90 s, refreshed by the other party, expires in (60|59) s/);
  await waitFor('TEL1 idle again', async () => /TEL1: idle/.test(await tel1()), 70000);
  const after = Date.now() - answeredAt;
  expect(after).toBeGreaterThanOrEqual(59000);
  expect(after).toBeLessThan(63000);
  expect(await tel1()).toMatch(/Reason: +session expired without a refresh/);
  await passed(s);
});
