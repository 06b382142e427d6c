/**
 * Hostile registrars on a fake clock (issue 11): every loop is bounded, counted in REGISTERs over
 * a time window; the register timer's OK/NG intervals; the commands' effect on the REGISTER.
 */
import { emptyConfig, Config, SipServerOptions } from '../../../src/config/model';
import { sipSettings } from '../../../src/config/sip-settings';
import { SipEngine } from '../../../src/sip/engine';
import { RegistrationEvent } from '../../../src/sip/registration/registration';
import { FakeClock } from '../../../src/util/clock';
import { SeededRandom } from '../../../src/util/random';
import { MemoryTransport } from '../../helpers/memory-transport';

async function setup(options: SipServerOptions = {}, edit: (c: Config) => void = () => undefined) {
  const clock = new FakeClock();
  const mem = new MemoryTransport();
  const events: RegistrationEvent[] = [];
  const engine = new SipEngine({
    clock,
    port: 0,
    log: () => undefined,
    random: Object.assign(new SeededRandom(3), { float: () => 1 }),
    transport: async (ev) => {
      mem.events = ev;
      return mem;
    },
  });
  engine.onRegistration((e) => events.push(e));
  const config = emptyConfig();
  config.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '192.0.2.10' }, port: 5070 }, register: true, transport: 'udp', sipAddress: 'sip:UserB@there.com', user: 'alice', password: 'secret', name: undefined });
  config.serverOptions.set(1, options);
  edit(config);
  engine.apply(sipSettings(config));
  await engine.start();
  await new Promise((r) => setImmediate(r));
  const registers = () => mem.requests('REGISTER');
  const status = () => engine.servers()[0];
  return { clock, mem, engine, config, registers, status, events };
}

const stale = (nonce: string) => ({ 'WWW-Authenticate': `Digest realm="there.com", nonce="${nonce}", qop="auth", stale=true` });

describe('401 stale=true on every request', () => {
  test('a new nonce each time: at most 4 REGISTERs per attempt (2 challenges + 1 stale), then back-off', async () => {
    const { mem, registers, status, clock } = await setup();
    for (let i = 0; i < 10 && registers().length > i; i++) mem.answer(401, stale(`n${i}`));
    expect(registers().length).toBe(4);
    expect(status()).toMatchObject({ state: 'failed', code: 401, nextSeconds: 30 });
    expect(status()?.reason).toMatch(/challenged 4 times/);
    // one hour of the same registrar: attempts at 30, 60, 120, 240, 480, 960 s... each at most 4 REGISTERs
    for (let t = 0; t < 3600; t++) {
      clock.advance(1000);
      while (status()?.state === 'registering') mem.answer(401, stale(`m${registers().length}`));
    }
    expect(registers().length).toBeLessThanOrEqual(4 * 7);
  });

  test('the same nonce with stale=true again: no third challenge', async () => {
    const { mem, registers, status } = await setup();
    mem.answer(401, stale('same'));
    mem.answer(401, stale('same'));
    mem.answer(401, stale('same'));
    expect(registers().length).toBe(3);
    expect(status()).toMatchObject({ state: 'failed', code: 401 });
  });

  test('the un-REGISTER after a removal is bounded the same way and gives up after one attempt', async () => {
    const { mem, registers, engine, config, clock } = await setup();
    mem.answer(200, { Expires: '600' });
    config.servers.delete(1);
    engine.apply(sipSettings(config));
    for (let i = 0; i < 10; i++) if (registers().length === i + 2) mem.answer(401, stale(`u${i}`));
    const after = registers().length;
    expect(after).toBeLessThanOrEqual(1 + 4);
    expect(registers().slice(1).every((r) => r.headers.get('expires') === '0')).toBe(true);
    clock.advance(24 * 3600_000);
    expect(registers().length).toBe(after);
    expect(engine.servers()).toEqual([]);
  });
});

describe('423 Interval Too Brief', () => {
  test('a rising Min-Expires is followed at most 3 times, then the attempt fails with the code', async () => {
    const { mem, registers, status } = await setup();
    for (let i = 0; i < 10 && registers().length > i; i++) mem.answer(423, { 'Min-Expires': String(1300 + 100 * i) });
    expect(registers().map((r) => r.headers.get('expires'))).toEqual(['1200', '1300', '1400', '1500']);
    expect(status()).toMatchObject({ state: 'failed', code: 423, reason: 'Interval Too Brief', nextSeconds: 30 });
  });

  test('a Min-Expires above one day or not above what we asked is not followed', async () => {
    const { mem, registers, status } = await setup();
    mem.answer(423, { 'Min-Expires': '86401' });
    expect(registers().length).toBe(1);
    expect(status()).toMatchObject({ state: 'failed', code: 423 });
  });
});

describe('huge values', () => {
  test('Expires 4000000: one REGISTER, the refresh planned 3,600,000 s later, nothing sent before', async () => {
    const { mem, registers, status, clock } = await setup();
    mem.answer(200, { Expires: '4000000' });
    expect(status()).toMatchObject({ state: 'registered', nextSeconds: 3_600_000 });
    clock.advance(3_599_999_000);
    expect(registers().length).toBe(1);
    clock.advance(1000);
    expect(registers().length).toBe(2);
  });

  test('503 Retry-After 2147484: the retry waits that long', async () => {
    const { mem, registers, status, clock } = await setup();
    mem.answer(503, { 'Retry-After': '2147484' });
    expect(status()).toMatchObject({ state: 'failed', code: 503, nextSeconds: 2147484 });
    clock.advance(2147483_000);
    expect(registers().length).toBe(1);
    clock.advance(1000);
    expect(registers().length).toBe(2);
  });
});

describe('403 and sip server register timer', () => {
  test('without a register timer, 403 stops as the seed did (shown, no retry until connect)', async () => {
    const { mem, registers, status, clock, events } = await setup();
    mem.answer(403);
    expect(status()).toMatchObject({ state: 'failed', code: 403, reason: 'Forbidden', nextSeconds: undefined });
    expect(events).toEqual([{ kind: 'failed', n: 1, reason: 'Forbidden', code: 403, retryMs: undefined }]);
    clock.advance(24 * 3600_000);
    expect(registers().length).toBe(1);
  });

  test('register timer OK NG: Expires OK, and 403 retried after exactly NG seconds, shown on the status', async () => {
    const { mem, registers, status, clock, events } = await setup({ registerTimer: { okSeconds: 3600, ngSeconds: 120 } });
    expect(registers()[0]?.headers.get('expires')).toBe('3600');
    mem.answer(403);
    expect(status()).toMatchObject({ state: 'failed', code: 403, reason: 'Forbidden', nextSeconds: 120 });
    expect(events).toEqual([{ kind: 'failed', n: 1, reason: 'Forbidden', code: 403, retryMs: 120_000 }]);
    clock.advance(119_999);
    expect(registers().length).toBe(1);
    clock.advance(1);
    expect(registers().length).toBe(2);
    mem.answer(403);
    clock.advance(120_000);
    expect(registers().length).toBe(3); // NG again, no back-off growth
    mem.answer(200, {});
    expect(status()).toMatchObject({ state: 'registered', nextSeconds: 3240 });
    expect(events[events.length - 1]).toEqual({ kind: 'registered', n: 1, expires: 3600 });
  });

  test('with a register timer, wrong credentials are retried after NG instead of stopping', async () => {
    const { mem, registers, status, clock } = await setup({ registerTimer: { okSeconds: 600, ngSeconds: 300 } });
    const ch = { 'WWW-Authenticate': 'Digest realm="there.com", nonce="n1", qop="auth"' };
    mem.answer(401, ch);
    mem.answer(401, ch);
    expect(status()).toMatchObject({ state: 'failed', code: 401, nextSeconds: 300 });
    clock.advance(300_000);
    expect(registers().length).toBe(3);
  });
});

describe('what the commands put in the REGISTER', () => {
  test('display name, qvalue, register request-uri, user agent, outer address', async () => {
    const { registers } = await setup({ displayName: 'Office "A"', qvalue: '0.5', registerRequestUri: 'sip:registrar.example.test' }, (c) => {
      c.userAgent = { on: true, text: 'MyRouter/2.0' };
      c.outerAddress = '198.51.100.7';
    });
    const r = registers()[0];
    expect(r?.uri).toBe('sip:registrar.example.test');
    expect(r?.headers.get('from')).toMatch(/^"Office \\"A\\"" <sip:UserB@there\.com>;tag=[0-9a-f]{12}$/);
    expect(r?.headers.get('to')).toBe('"Office \\"A\\"" <sip:UserB@there.com>');
    expect(r?.headers.get('contact')).toBe('<sip:alice@198.51.100.7:5060;transport=udp>;q=0.5');
    expect(r?.headers.get('via')).toMatch(/^SIP\/2\.0\/UDP 198\.51\.100\.7:5060;branch=z9hG4bK[0-9a-f]{20};rport$/);
    expect(r?.headers.get('user-agent')).toBe('MyRouter/2.0');
  });

  test('sip user agent off: no User-Agent header', async () => {
    const { registers } = await setup({}, (c) => {
      c.userAgent = { on: false, text: undefined };
    });
    expect(registers()[0]?.headers.has('user-agent')).toBe(false);
  });

  test('a seeded random source gives the same Call-ID, tag and branch every run', async () => {
    const a = (await setup()).registers()[0];
    const b = (await setup()).registers()[0];
    for (const h of ['call-id', 'from', 'via']) expect(a?.headers.get(h)).toBe(b?.headers.get(h));
  });
});
