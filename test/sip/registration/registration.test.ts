/** The registration client on a fake clock and an in-memory transport: every branch of the seed's rules. */
import { emptyConfig, Config } from '../../../src/config/model';
import { parseNameAddr } from '../../../src/sip/codec/header-values';
import { newCallId, newTag } from '../../../src/sip/codec/build';
import { SipEngine } from '../../../src/sip/engine';
import { FakeClock } from '../../../src/util/clock';
import { SeededRandom } from '../../../src/util/random';
import { sipSettings } from '../../../src/config/sip-settings';
import { MemoryTransport } from '../../helpers/memory-transport';

async function setup(server: Partial<{ user: string; password: string; transport: 'udp' | 'tcp' }> = { user: 'alice', password: 'secret' }) {
  const clock = new FakeClock();
  const mem = new MemoryTransport();
  const logs: string[] = [];
  const engine = new SipEngine({
    clock,
    port: 0,
    log: (l) => logs.push(l),
    random: Object.assign(new SeededRandom(1), { float: () => 1 }),
    transport: (events) => {
      mem.events = events;
      return Promise.resolve(mem);
    },
  });
  const config: Config = emptyConfig();
  config.servers.set(1, {
    n: 1,
    server: { host: { kind: 'ipv4', address: '192.0.2.10' }, port: 5070 },
    register: true,
    transport: server.transport ?? 'udp',
    sipAddress: 'sip:UserB@there.com',
    user: server.user,
    password: server.password,
    name: undefined,
  });
  engine.apply(sipSettings(config));
  await engine.start();
  await new Promise((r) => setImmediate(r));
  const status = () => engine.servers()[0];
  const challenge = (extra = '') => mem.answer(401, { 'WWW-Authenticate': `Digest realm="there.com", nonce="n1", qop="auth", opaque="op1"${extra}` });
  return { clock, mem, engine, config, status, challenge, logs };
}

test('REGISTER carries the seed fields: Request-URI sip:DOMAIN, From/To = sip address, Contact user = user ID, Expires 1200', async () => {
  const { mem } = await setup();
  const reg = mem.requests('REGISTER')[0];
  expect(reg?.uri).toBe('sip:there.com');
  expect(parseNameAddr(reg?.headers.get('from') ?? '')?.uri).toBe('sip:UserB@there.com');
  expect(parseNameAddr(reg?.headers.get('to') ?? '')?.uri).toBe('sip:UserB@there.com');
  expect(reg?.headers.get('contact')).toBe('<sip:alice@127.0.0.1:5060;transport=udp>');
  expect(reg?.headers.get('expires')).toBe('1200');
  expect(mem.sent[0]?.target).toEqual({ transport: 'udp', address: '192.0.2.10', port: 5070 });
});

test('the Call-ID and the From tag are drawn as newCallId then newTag draw them: the same seeded values', async () => {
  const { mem } = await setup();
  const r = new SeededRandom(1);
  const callId = newCallId('192.0.2.10', r);
  const tag = newTag(r);
  const reg = mem.requests('REGISTER')[0];
  expect(reg?.headers.get('call-id')).toBe(callId);
  expect(reg?.headers.get('from')).toBe(`<sip:UserB@there.com>;tag=${tag}`);
});

test('without a user ID the Contact user is the sip address user', async () => {
  const { mem } = await setup({});
  expect(mem.requests('REGISTER')[0]?.headers.get('contact')).toBe('<sip:UserB@127.0.0.1:5060;transport=udp>');
});

test('401: answered once with digest (qop auth, nc, cnonce, opaque); the same Call-ID and the next CSeq', async () => {
  const { mem, challenge, status } = await setup();
  challenge();
  const [first, second] = mem.requests('REGISTER');
  expect(second?.headers.get('call-id')).toBe(first?.headers.get('call-id'));
  expect(first?.headers.get('cseq')).toBe('1 REGISTER');
  expect(second?.headers.get('cseq')).toBe('2 REGISTER');
  const auth = second?.headers.get('authorization') ?? '';
  expect(auth).toMatch(/^Digest username="alice", realm="there.com", nonce="n1", uri="sip:there.com", response="[0-9a-f]{32}"/);
  expect(auth).toMatch(/qop=auth, nc=00000001, cnonce="[0-9a-f]+", opaque="op1"/);
  mem.answer(200, { Contact: '<sip:alice@127.0.0.1:5060;transport=udp>;expires=600' });
  expect(status()).toMatchObject({ state: 'registered', nextSeconds: 540 });
});

test('a second challenge after our credentials, without stale, is an authentication failure: shown, not looped', async () => {
  const { mem, challenge, status, clock } = await setup();
  challenge();
  challenge();
  expect(status()).toMatchObject({ state: 'failed', code: 401, reason: 'Unauthorized (authentication failed)', nextSeconds: undefined });
  clock.advance(3600_000);
  expect(mem.requests('REGISTER').length).toBe(2);
});

test('stale=true is retried silently with the new nonce', async () => {
  const { mem, challenge, status } = await setup();
  challenge();
  mem.answer(401, { 'WWW-Authenticate': 'Digest realm="there.com", nonce="n2", qop="auth", stale=true' });
  expect(mem.requests('REGISTER').length).toBe(3);
  expect(mem.requests('REGISTER')[2]?.headers.get('authorization')).toContain('nonce="n2"');
  mem.answer(200, { Expires: '300' });
  expect(status()?.state).toBe('registered');
});

test('407 is answered with Proxy-Authorization; SHA-256 is preferred when both are offered', async () => {
  const { mem } = await setup();
  mem.answer(407, { 'Proxy-Authenticate': ['Digest realm="r", nonce="m", algorithm=MD5', 'Digest realm="r", nonce="s", algorithm=SHA-256'] });
  const auth = mem.requests('REGISTER')[1]?.headers.get('proxy-authorization') ?? '';
  expect(auth).toMatch(/nonce="s".*response="[0-9a-f]{64}".*algorithm=SHA-256/);
});

test('refresh reuses the nonce with nc counting up, at 90 % of the granted time', async () => {
  const { mem, challenge, clock } = await setup();
  challenge();
  mem.answer(200, { Contact: '<sip:alice@127.0.0.1:5060;transport=udp>;expires=100' });
  clock.advance(89_999);
  expect(mem.requests('REGISTER').length).toBe(2);
  clock.advance(1);
  const refresh = mem.requests('REGISTER')[2];
  expect(refresh?.headers.get('authorization')).toContain('nc=00000002');
  expect(refresh?.headers.get('cseq')).toBe('3 REGISTER');
});

test('423 retries at once with Min-Expires', async () => {
  const { mem, status } = await setup({});
  mem.answer(423, { 'Min-Expires': '1800' });
  expect(mem.requests('REGISTER')[1]?.headers.get('expires')).toBe('1800');
  mem.answer(200, {});
  expect(status()).toMatchObject({ state: 'registered', nextSeconds: 1620 });
});

test('no answer: Timer F, then back-off 30 s doubling (RFC 5626), each retry shown as failed with the time left', async () => {
  const { clock, mem, status } = await setup({});
  clock.advance(32_000);
  expect(status()).toMatchObject({ state: 'failed', reason: 'no response from server', nextSeconds: 30 });
  const before = mem.requests('REGISTER').length;
  clock.advance(30_000);
  expect(mem.requests('REGISTER').length).toBe(before + 1);
  clock.advance(32_000);
  expect(status()).toMatchObject({ state: 'failed', nextSeconds: 60 });
});

test('503 with Retry-After waits that long; without it, back-off', async () => {
  const { mem, status, clock } = await setup({});
  mem.answer(503, { 'Retry-After': '17' });
  expect(status()).toMatchObject({ state: 'failed', code: 503, reason: 'Service Unavailable', nextSeconds: 17 });
  clock.advance(17_000);
  expect(mem.requests('REGISTER').length).toBe(2);
});

test('3xx follows the Contact, a bounded number of times', async () => {
  const { mem, status } = await setup({});
  for (let i = 0; i < 6; i++) mem.answer(302, { Contact: `<sip:192.0.2.${20 + i}:5080;transport=tcp>` });
  const targets = mem.sent.map((s) => `${s.target.transport}:${s.target.address}`);
  expect(targets.slice(0, 3)).toEqual(['udp:192.0.2.10', 'tcp:192.0.2.20', 'tcp:192.0.2.21']);
  expect(mem.requests('REGISTER').length).toBe(6);
  expect(status()).toMatchObject({ state: 'failed', code: 302 });
});

test('disconnect sends Expires 0 for our Contact, then stays disconnected without retries until connect', async () => {
  const { mem, engine, status, clock } = await setup({});
  mem.answer(200, { Expires: '1200' });
  expect(engine.disconnect(1)).toBeUndefined();
  const unreg = mem.requests('REGISTER')[1];
  expect(unreg?.headers.get('expires')).toBe('0');
  expect(unreg?.headers.get('contact')).toBe('<sip:UserB@127.0.0.1:5060;transport=udp>');
  mem.answer(200, {});
  await new Promise((r) => setImmediate(r));
  expect(status()).toMatchObject({ state: 'disconnected', nextSeconds: undefined });
  clock.advance(7200_000);
  expect(mem.requests('REGISTER').length).toBe(2);
  engine.connect(1);
  expect(mem.requests('REGISTER')[2]?.headers.get('expires')).toBe('1200');
});

test('removing a server un-registers it first', async () => {
  const { mem, engine, config } = await setup({});
  mem.answer(200, { Expires: '1200' });
  config.servers.delete(1);
  engine.apply(sipSettings(config));
  expect(mem.requests('REGISTER')[1]?.headers.get('expires')).toBe('0');
  expect(engine.servers()).toEqual([]);
});

test('an apply that leaves a server as it was keeps its registration: another server added, its line re-typed the same', async () => {
  const { mem, engine, config, status } = await setup({});
  mem.answer(200, { Expires: '1200' });
  expect(status()).toMatchObject({ state: 'registered' });
  const line = config.servers.get(1);
  if (line === undefined) throw new Error('no server 1');
  config.servers.set(2, { ...line, n: 2, sipAddress: 'sip:UserC@there.com' });
  engine.apply(sipSettings(config));
  config.servers.set(1, { ...line });
  engine.apply(sipSettings(config));
  // Only server 2's REGISTER went out; server 1 is still registered without a new request.
  expect(mem.requests('REGISTER').map((r) => r.headers.get('to'))).toEqual(['<sip:UserB@there.com>', '<sip:UserC@there.com>']);
  expect(engine.servers().map((s) => [s.n, s.state])).toEqual([
    [1, 'registered'],
    [2, 'registering'],
  ]);
});

test('sip log on records every message sent and received', async () => {
  const { mem, config, engine, logs } = await setup({});
  config.sipLog = true;
  engine.apply(sipSettings(config));
  engine.connect(1);
  mem.answer(200, { Expires: '60' });
  expect(logs.some((l) => l.startsWith('SIP sent to udp:192.0.2.10:5070:\nREGISTER sip:there.com SIP/2.0'))).toBe(true);
});

test('the granted time is our own Contact\'s expires: read again on every 2xx, whether the registrar echoes our text or writes it otherwise', async () => {
  const { mem, status, clock, engine } = await setup();
  const others = '<sip:alice@192.0.2.99:5060>;expires=3000';
  // Another binding first, then ours as we wrote it.
  mem.answer(200, { Contact: [others, '<sip:alice@127.0.0.1:5060;transport=udp>;expires=100'] });
  expect(status()).toMatchObject({ state: 'registered', nextSeconds: 90 });
  expect(engine.servers()[0]?.detail?.contact).toBe('<sip:alice@127.0.0.1:5060;transport=udp>');
  clock.advance(90_000);
  // The refresh: ours written with other parameters (the same user, host and port), then echoed.
  mem.answer(200, { Contact: [others, '<sip:alice@127.0.0.1:5060;transport=UDP>;expires=200'] });
  expect(status()).toMatchObject({ state: 'registered', nextSeconds: 180 });
  clock.advance(180_000);
  mem.answer(200, { Contact: '<sip:alice@127.0.0.1:5060;transport=udp>;expires=50' });
  expect(status()).toMatchObject({ state: 'registered', nextSeconds: 45 });
  clock.advance(45_000);
  // No expires on ours: the Expires header; a malformed Contact is passed over.
  mem.answer(200, { Contact: ['<sip:alice@127.0.0.1:5060;transport=udp', '<sip:alice@127.0.0.1:5060;transport=udp>'], Expires: '400' });
  expect(status()).toMatchObject({ state: 'registered', nextSeconds: 360 });
  expect(engine.servers()[0]?.detail?.contact).toBe('<sip:alice@127.0.0.1:5060;transport=udp>');
});
