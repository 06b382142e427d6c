/**
 * Calls through a no-register server used as outbound proxy, with SIPp as that proxy/callee: the
 * Request-URI it receives is exactly what the seed says, and bad peers do not break the engine.
 */
import { waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { Sipp, routerAndSippPerTest } from '../../helpers/sipp';
import { RawTelnet } from '../../helpers/raw-telnet';
import * as dgram from 'dgram';

jest.setTimeout(60000);
const { current, sipps } = routerAndSippPerTest(() => Router.start());
let r: Router;
beforeEach(() => {
  r = current.router;
});

const port1 = async (): Promise<string> => (await r.run('show status analog')).join('\n');
const waitPort = (re: RegExp, ms = 10000) => waitFor(`TEL1 ${re}`, async () => re.test(await port1()), ms);

function uas(scenario: string, port: number): Sipp {
  const s = Sipp.server(scenario, '127.0.0.1', port, 'u1', ['-rtp_echo', '-mp', String(port + 2)]);
  sipps.push(s);
  return s;
}

test('the seed, way 1: prefix 2# + 05012345678 → INVITE sip:05012345678@there.test, From = the server\'s sip address', async () => {
  const s = uas('callee-answer.xml', 25510);
  await r.run('sip server 2 127.0.0.1:25510 no-register udp sip:UserB@there.test');
  await r.run('analog extension dial prefix sip server=2 prefix="2#"');
  expect((await r.status(2)).State).toBe('proxy');
  await r.run('phone 1 dial 2#05012345678');
  await waitPort(/TEL1: talking/);
  const m = s.messages();
  expect(m).toMatch(/INVITE sip:05012345678@there\.test SIP\/2\.0/);
  expect(m).toMatch(/From: <sip:UserB@there\.test>;tag=\w+/);
  expect(m).toMatch(/Contact: <sip:UserB@127\.0\.0\.1:\d+;transport=udp>/);
  expect(m).toMatch(/m=audio \d+ RTP\/AVP 0 8/);
  await r.run('phone 1 hangup');
  await waitFor('BYE to the callee\'s Contact', async () => /BYE sip:service@127\.0\.0\.1:25510;transport=UDP SIP/.test(s.messages()));
});

test('the seed, way 2: phone book prefix 9# + 30 → INVITE sip:UserA@there.test', async () => {
  const s = uas('callee-answer.xml', 25520);
  await r.run('sip server 1 127.0.0.1:25520 no-register udp sip:UserB@there.test');
  await r.run('analog extension dial prefix sip prefix="9#"');
  await r.run('analog extension sip address 1 30 sip:UserA@there.test server=1');
  await r.run('phone 1 dial 9#30');
  await waitPort(/TEL1: talking/);
  expect(s.messages()).toMatch(/INVITE sip:UserA@there\.test SIP\/2\.0/);
  await r.run('phone 1 hangup');
});

test('the longest prefix wins when prefixes overlap', async () => {
  const a = uas('callee-answer.xml', 25530);
  const b = uas('callee-answer.xml', 25540);
  await r.run('sip server 1 127.0.0.1:25530 no-register udp sip:one@one.test');
  await r.run('sip server 2 127.0.0.1:25540 no-register udp sip:two@two.test');
  await r.run('analog extension dial prefix sip server=1 prefix="2"');
  await r.run('analog extension dial prefix sip server=2 prefix="2#"');
  await r.run('phone 1 dial 2#123');
  await waitPort(/TEL1: talking/);
  expect(b.messages()).toMatch(/INVITE sip:123@two\.test SIP\/2\.0/);
  expect(a.messages()).toBe('');
  await r.run('phone 1 hangup');
});

test('malformed responses mid-call are dropped; the call still comes up and ends cleanly', async () => {
  const s = uas('callee-malformed.xml', 25550);
  await r.run('sip server 1 127.0.0.1:25550 no-register udp sip:UserB@there.test');
  await r.run('analog extension dial prefix sip server=1 prefix="2#"');
  await r.run('phone 1 dial 2#1');
  await waitPort(/TEL1: talking/);
  const log = (await r.run('show log')).join('\n');
  expect(log).toMatch(/dropped a message from udp:127\.0\.0\.1:25550: bad CSeq header/);
  expect(log).toMatch(/dropped a message from udp:127\.0\.0\.1:25550: Content-Length 9000 is larger than the body/);
  await r.run('phone 1 hangup');
  expect(await s.wait(10000)).toBe(0);
});

test('a peer that vanished: Timer B (64 x T1), then failed with the reason', async () => {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((res) => sock.bind(0, '127.0.0.1', () => res())); // a peer that reads and never answers
  try {
    await r.run('sip request retransmit timer 100 1000');
    await r.run(`sip server 1 127.0.0.1:${sock.address().port} no-register udp sip:UserB@there.test`);
    await r.run('analog extension dial prefix sip server=1 prefix="2#"');
    const t0 = Date.now();
    await r.run('phone 1 dial 2#1');
    await waitPort(/TEL1: failed[\s\S]*Reason: +no answer \(Timer B\)/, 15000);
    expect(Date.now() - t0).toBeGreaterThan(6000);
  } finally {
    sock.close();
  }
});

test('incoming calls when both ports are busy get 486; OPTIONS gets 200', async () => {
  await r.run('sip server 1 127.0.0.1:25570 no-register udp sip:alice@example.test');
  await r.run('sip arrive address check off'); // the SIPp callers are not the server
  const target = `127.0.0.1:${r.engine.port}`;
  const callers = [25580, 25590, 25600].map((p) =>
    Sipp.start(['-sf', require('path').join(require('../../helpers/sipp').SCENARIOS, 'caller-direct.xml'), target, '-s', 'alice', '-key', 'dom', 'example.test', '-i', '127.0.0.1', '-p', String(p), '-t', 'u1', '-m', '1', '-timeout', '15s', '-timeout_error']),
  );
  sipps.push(...callers);
  await waitFor('both ports ringing', async () => ((await r.run('show status analog')).join('\n').match(/ringing/g) ?? []).length === 2);
  await waitFor('a 486 for the third', async () => callers.some((c) => /SIP\/2\.0 486 Busy Here/.test(c.messages())));
  await r.run('phone 1 hangup');
  await r.run('phone 2 hangup');
  // OPTIONS over TCP to the router's port
  const c = await RawTelnet.connect(r.engine.port, false);
  c.send('OPTIONS sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKopt1\r\nFrom: <sip:x@example.test>;tag=1\r\nTo: <sip:alice@127.0.0.1>\r\nCall-ID: opt1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n');
  await c.waitFor(/SIP\/2\.0 200 OK[\s\S]*Allow: INVITE, ACK, CANCEL, BYE, OPTIONS/);
  c.close();
});
