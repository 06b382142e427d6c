/**
 * 100rel / PRACK (RFC 3262) against SIPp, both ways: SIPp as the callee sending a reliable 180
 * (we PRACK it), and SIPp as the caller requiring 100rel (our 180 is reliable, its PRACK gets
 * 200). Ports 40100-40199.
 */
import * as path from 'path';
import { waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { SCENARIOS, Sipp, routerAndSippPerTest } from '../../helpers/sipp';

jest.setTimeout(60000);
const { current, sipps } = routerAndSippPerTest(() => Router.start());

/** SIPp's exit code 0 means every check in its scenario held; otherwise its own words say which failed. */
async function passed(s: Sipp): Promise<void> {
  const code = await s.wait(10000);
  if (code !== 0) throw new Error(`SIPp exited ${String(code)}:\n${s.errors()}\n${s.messages().slice(-3000)}`);
}

const tel1 = async (): Promise<string> => (await current.router.run('show status analog')).join('\n');

test('as UAC: Supported: 100rel in our INVITE, PRACK with RAck: 1 1 INVITE for the reliable 180, then talking', async () => {
  const r = current.router;
  const s = Sipp.server('callee-100rel.xml', '127.0.0.1', 40100, 'u1', ['-mp', '40102']);
  sipps.push(s);
  await r.run('sip 100rel on');
  await r.run('sip server 1 127.0.0.1:40100 no-register udp sip:UserB@there.test');
  await r.run('analog extension dial prefix sip server=1 prefix="2#"');
  await r.run('phone 1 dial 2#0501');
  await waitFor('TEL1 talking', async () => /TEL1: talking/.test(await tel1()));
  expect(s.messages()).toMatch(/PRACK sip:[^\n]*\n[\s\S]*RAck: 1 1 INVITE/);
  await r.run('phone 1 hangup');
  await passed(s); // every check_it in the scenario held
});

test('as UAS: Require: 100rel → reliable 180 with RSeq; the PRACK gets 200; answer, ACK, BYE', async () => {
  const r = current.router;
  await r.run('sip 100rel on');
  await r.run('sip server 1 127.0.0.1:40110 no-register udp sip:alice@example.test');
  await r.run('sip arrive address check off'); // the SIPp caller is not the server
  const s = Sipp.start(['-sf', path.join(SCENARIOS, 'caller-100rel.xml'), `127.0.0.1:${r.engine.port}`, '-s', 'alice', '-key', 'dom', 'example.test', '-i', '127.0.0.1', '-p', '40120', '-mp', '40122', '-t', 'u1', '-m', '1', '-timeout', '30s', '-timeout_error']);
  sipps.push(s);
  await waitFor('200 to the PRACK', () => /SIP\/2\.0 200 OK[^]*?CSeq: 2 PRACK/.test(s.messages()));
  expect(s.messages()).toMatch(/SIP\/2\.0 180 Ringing[\s\S]*Require: 100rel[\s\S]*RSeq: \d+/);
  expect(await tel1()).toMatch(/TEL1: ringing/);
  await r.run('phone 1 answer');
  await waitFor('TEL1 talking', async () => /TEL1: talking/.test(await tel1()));
  await r.run('phone 1 hangup');
  await passed(s);
});

test('as UAS with sip 100rel off: Require: 100rel → 420 with Unsupported: 100rel', async () => {
  const r = current.router;
  await r.run('sip server 1 127.0.0.1:40130 no-register udp sip:alice@example.test');
  await r.run('sip arrive address check off');
  const s = Sipp.start(['-sf', path.join(SCENARIOS, 'caller-100rel.xml'), `127.0.0.1:${r.engine.port}`, '-s', 'alice', '-key', 'dom', 'example.test', '-i', '127.0.0.1', '-p', '40140', '-mp', '40142', '-t', 'u1', '-m', '1', '-timeout', '10s']);
  sipps.push(s);
  await waitFor('420', () => /SIP\/2\.0 420 Bad Extension[\s\S]*Unsupported: 100rel/.test(s.messages()));
  expect(await tel1()).toMatch(/TEL1: idle/);
});
