/**
 * Calls through the lab's Kamailio (issue 5): SIPp callees and callers, and two sipsh routers
 * calling each other. SIPp's message log and Kamailio's request log are the ground truth.
 */
import { Kamailio, waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { Sipp, SCENARIOS } from '../../helpers/sipp';
import * as path from 'path';

jest.setTimeout(90000);
const K = 15410;
let k: Kamailio;
let r: Router;
const sipps: Sipp[] = [];
const routers: Router[] = [];

beforeAll(async () => {
  k = await Kamailio.start(K);
});
afterAll(async () => {
  await k?.stop();
  k?.cleanup();
});
beforeEach(async () => {
  r = await Router.start();
  routers.push(r);
  await r.run('sip log on');
  await r.run(`sip server 1 127.0.0.1:${K} register udp sip:alice@example.test alice secret`);
  await r.run('analog extension dial prefix sip server=1 prefix="2#"');
  await r.run('analog extension dial prefix sip prefix="9#"');
  await r.run('analog extension sip address 1 30 sip:UserA@example.test server=1');
  await waitFor('alice registered', async () => (await r.status(1)).State === 'registered');
});
afterEach(async () => {
  for (const x of routers.splice(0)) await x.stop();
  for (const s of sipps.splice(0)) {
    await s.stop();
    s.cleanup();
  }
  for (const u of ['5001', 'UserA', 'alice', 'bob']) await k.removeBindings(u);
});

/** A SIPp callee registered at Kamailio as `user`, answering with `ooc` (echoing RTP). */
async function callee(user: string, pass: string, ooc: string, port: number): Promise<Sipp> {
  const s = Sipp.start([
    `127.0.0.1:${K}`, '-sf', path.join(SCENARIOS, 'callee-register.xml'), '-oocsf', path.join(SCENARIOS, ooc),
    '-s', user, '-au', user, '-ap', pass, '-auth_uri', 'example.test', '-key', 'dom', 'example.test',
    '-i', '127.0.0.1', '-p', String(port), '-t', 'u1', '-m', '1', '-d', '30000', '-rtp_echo', '-mp', String(port + 2),
    '-default_behaviors', '-bye',
  ]);
  sipps.push(s);
  await waitFor(`${user} registered at kamailio`, async () => (await k.bindingsOf(user)).some((b) => b.contact.includes(`:${port}`)), 10000).catch((e: Error) => {
    throw new Error(`${e.message}\n${s.output().slice(-1500)}`);
  });
  return s;
}

async function port1(router: Router = r): Promise<string> {
  return (await router.run('show status analog')).join('\n');
}
const waitPort = (re: RegExp, router: Router = r, ms = 10000) => waitFor(`TEL1 ${re}`, async () => re.test(await port1(router)), ms).catch(async (e: Error) => {
  throw new Error(`${e.message}; now:\n${await port1(router)}\n${router.console.out.slice(-3000)}`);
});
const sentLog = async (router: Router = r) => (await router.run('show log')).join('\n');

test('per-server prefix: 2#5001 → INVITE sip:5001@example.test through server 1, digest retry, talking with RTP both ways, BYE', async () => {
  const s = await callee('5001', 'pass5001', 'callee-answer.xml', 25410);
  expect(await r.run('phone 1 dial 2#5001')).toEqual([]);
  await waitPort(/TEL1: talking/);
  await waitFor('RTP both ways', async () => /RTP: +sent [1-9]\d*, received [1-9]\d*/.test(await port1()), 5000);
  expect(k.log()).toContain('REQ INVITE sip:5001@example.test from udp:127.0.0.1');
  const log = await sentLog();
  // INVITE, 407, the transaction's ACK, INVITE with Proxy-Authorization (SIPp never sees the first)
  expect(log).toMatch(/SIP received from udp:127\.0\.0\.1:15410:\n[^\n]*SIP\/2\.0 407 Proxy Authentication Required/);
  expect(log).toMatch(/ACK sip:5001@example\.test SIP\/2\.0/);
  expect(log).toMatch(/Proxy-Authorization: Digest username="alice", realm="example\.test"/);
  const msgs = s.messages();
  expect(msgs).toMatch(/INVITE sip:5001@127\.0\.0\.1:25410;transport=UDP SIP\/2\.0/); // after the registrar's lookup
  expect(msgs).toMatch(/From: <sip:alice@example\.test>;tag=/);
  expect(msgs).toMatch(/To: <sip:5001@example\.test>/);
  expect(msgs).toMatch(/ACK sip:5001@127\.0\.0\.1:25410/);
  await r.run('phone 1 hangup');
  await waitFor('BYE at the callee', () => /BYE sip:5001@/.test(s.messages()));
  await waitPort(/TEL1: idle/);
});

test('phone book: 9#30 → INVITE sip:UserA@example.test (the entry) through its server', async () => {
  const s = await callee('UserA', 'userapass', 'callee-answer.xml', 25420);
  await r.run('phone 1 dial 9#30');
  await waitPort(/TEL1: talking[\s\S]*Peer: +sip:UserA@example\.test \(outgoing, server 1\)/);
  expect(k.log()).toContain('REQ INVITE sip:UserA@example.test from udp:127.0.0.1');
  expect(s.messages()).toMatch(/To: <sip:UserA@example\.test>/);
  await r.run('phone 1 hangup');
  await waitPort(/TEL1: idle/);
});

test('busy: 486 from the callee → busy with the code; the port waits for the hang-up', async () => {
  await callee('5001', 'pass5001', 'callee-busy.xml', 25430);
  await r.run('phone 1 dial 2#5001');
  await waitPort(/TEL1: busy[\s\S]*Reason: +486 Busy Here/);
  expect((await r.run('phone 1 dial 2#5001'))[0]).toMatch(/^Error: TEL1 is busy; hang up first/);
  await r.run('phone 1 hangup');
  await waitPort(/TEL1: idle/);
});

test('an unknown user: 404 Not Found, said in words', async () => {
  await r.run('phone 1 dial 2#9999');
  await waitPort(/TEL1: failed[\s\S]*Reason: +404 Not Found/);
});

test('no route: the status says "no route for 8#1"', async () => {
  expect(await r.run('phone 2 dial 8#1')).toEqual([]);
  expect((await r.run('show status analog')).join('\n')).toMatch(/TEL2: failed\n {2}Reason: +no route for 8#1/);
  await r.run('phone 1 dial 9#31');
  expect(await port1()).toMatch(/TEL1: failed\n {2}Reason: +no route for 9#31: no phone book entry 31/);
});

test('CANCEL before the answer: the callee gets CANCEL, answers 487, gets the ACK; the port is free', async () => {
  const s = await callee('5001', 'pass5001', 'callee-ring.xml', 25440);
  await r.run('phone 1 dial 2#5001');
  await waitPort(/TEL1: ringing/);
  await r.run('phone 1 hangup');
  await waitFor('CANCEL, 487 and ACK at the callee', () => /CANCEL sip:5001@[\s\S]*487 Request Terminated[\s\S]*ACK sip:5001@/.test(s.messages()), 10000);
  expect(await port1()).toMatch(/TEL1: idle/);
  await waitFor('the 487 at the router', async () => /SIP\/2\.0 487 Request Terminated/.test(await sentLog()));
});

test('the callee hangs up: its BYE gets 200 and the port says so', async () => {
  const s = await callee('5001', 'pass5001', 'callee-bye.xml', 25450);
  await r.run('phone 1 dial 2#5001');
  await waitPort(/TEL1: talking/);
  await waitPort(/TEL1: idle[\s\S]*Reason: +the other party hung up/, r, 10000);
  await waitFor('200 for the BYE at the callee', () => /BYE[\s\S]*SIP\/2\.0 200 OK[\s\S]*CSeq: 1 BYE/.test(s.messages()));
});

test('a SIPp caller calls the router through Kamailio; phone 1 answer; the caller hangs up', async () => {
  const s = Sipp.start([
    `127.0.0.1:${K}`, '-sf', path.join(SCENARIOS, 'caller.xml'), '-s', 'bob', '-au', 'bob', '-ap', 'bobpass', '-auth_uri', 'example.test',
    '-key', 'dom', 'example.test', '-key', 'callee', 'alice', '-i', '127.0.0.1', '-p', '25460', '-t', 'u1', '-m', '1', '-rtp_echo', '-mp', '25462', '-timeout', '20s', '-timeout_error',
  ]);
  sipps.push(s);
  await waitPort(/TEL1: ringing[\s\S]*Peer: +sip:bob@example\.test \(incoming, server 1\)/);
  expect(await r.run('phone 1 answer')).toEqual([]);
  await waitPort(/TEL1: talking/);
  expect(await s.wait(15000)).toBe(0);
  await waitPort(/TEL1: idle[\s\S]*the other party hung up/);
  expect(s.messages()).toMatch(/SIP\/2\.0 180 Ringing[\s\S]*SIP\/2\.0 200 OK[\s\S]*application\/sdp/);
});

test('a caller that gives up: CANCEL → 487, the port stops ringing', async () => {
  const b = await Router.start();
  routers.push(b);
  await b.run(`sip server 1 127.0.0.1:${K} register tcp sip:bob@example.test bob bobpass`);
  await b.run('analog extension dial prefix sip server=1 prefix="2#"');
  await waitFor('bob registered', async () => (await b.status(1)).State === 'registered');
  await b.run('analog extension sip address 1 1 sip:alice@example.test');
  await b.run('analog extension dial prefix sip prefix="9#"');
  await b.run('phone 1 dial 9#1');
  await waitPort(/TEL1: ringing/, r);
  await b.run('phone 1 hangup');
  await waitPort(/TEL1: idle[\s\S]*the caller gave up/, r);
});

test('two routers call each other over UDP↔TCP and IPv4↔IPv6; both talk with RTP counted both ways', async () => {
  const b = await Router.start();
  routers.push(b);
  await b.run('sip log on');
  await b.run(`sip server 1 [::1]:${K} register tcp sip:bob@example.test bob bobpass`);
  await b.run('analog extension dial prefix sip prefix="9#"');
  await b.run('analog extension sip address 1 10 sip:alice@example.test');
  await waitFor('bob registered', async () => (await b.status(1)).State === 'registered');
  await r.run('analog extension sip address 2 20 sip:bob@example.test server=1');
  for (const [caller, called] of [[r, b], [b, r]] as const) {
    await caller.run(caller === r ? 'phone 1 dial 9#20' : 'phone 1 dial 9#10');
    await waitPort(/TEL1: ringing/, called);
    await called.run('phone 1 answer');
    await waitPort(/TEL1: talking/, caller);
    await waitPort(/TEL1: talking/, called);
    for (const x of [caller, called]) await waitFor('RTP both ways', async () => /RTP: +sent [1-9]\d*, received [1-9]\d*/.test(await port1(x)), 5000);
    await caller.run('phone 1 hangup');
    await waitPort(/TEL1: idle/, called);
    await called.run('phone 1 hangup');
  }
  // Kamailio put two Record-Route entries (transports differ): the ACK carried both, reversed.
  const acks = (await sentLog(r)).split('SIP sent').filter((m) => /\n[^\n]*ACK sip:bob/.test(m));
  expect(acks.join('')).toMatch(/ACK sip:bob@\[::1\]:\d+;transport=tcp SIP\/2\.0\n[^\n]*Via: [^\n]*\n[^\n]*Route: <sip:127\.0\.0\.1:15410;r2=on;lr;ftag=\w+>\n[^\n]*Route: <sip:\[::1\]:15410;transport=tcp;r2=on;lr;ftag=\w+>/);
});
