/** The INVITE's header block and digest handling, shared with REGISTER (src/sip/request-block.ts). */
import { SipRequest } from '../../../src/sip/codec/message';
import { buildRegister } from '../registration/former-build-register';
import { engineWithPhones } from './phones-fixture';

describe('INVITE and REGISTER build their header block alike', () => {
  test('display name in From, sip user agent text, the same header order as REGISTER', async () => {
    const f = await engineWithPhones((c) => {
      c.serverOptions.set(1, { displayName: 'Office "A"' });
      c.userAgent = { on: true, text: 'MyRouter/2.0' };
    });
    f.engine.dial(1, '2#0501');
    await f.settle();
    const inv = f.mem.requests('INVITE')[0] as SipRequest;
    expect(inv.headers.get('from')).toMatch(/^"Office \\"A\\"" <sip:UserB@there\.com>;tag=[0-9a-f]{16}$/);
    expect(inv.headers.get('user-agent')).toBe('MyRouter/2.0');
    const server = { n: 1, server: { host: { kind: 'ipv4' as const, address: '192.0.2.1' }, port: undefined }, register: true, transport: 'udp' as const, sipAddress: 'sip:UserB@there.com', user: 'u', password: 'p', name: undefined, registerTimer: undefined, displayName: 'Office "A"', privacy: undefined, qvalue: undefined, registerRequestUri: undefined, callRemoteDomain: undefined, dialNumberOnly: false, pilotAddress: undefined, sessionTimer: undefined, rel100: undefined };
    const reg = buildRegister({ server, local: { transport: 'udp', host: '127.0.0.1', port: 5060 }, contact: undefined, drop: undefined, callId: 'c', fromTag: 't', cseq: 1, expires: 1200, auth: undefined, userAgent: 'MyRouter/2.0', random: { float: () => 0, hex: (n) => '0'.repeat(2 * n), uint32: () => 0, bytes: (n) => Buffer.alloc(n) } });
    const names = (r: SipRequest) => r.headers.all().map((h) => h.name).slice(0, 7);
    expect(names(inv)).toEqual(names(reg));
    expect(reg.headers.get('from')).toBe('"Office \\"A\\"" <sip:UserB@there.com>;tag=t');
  });

  test('sip user agent off: no User-Agent in the INVITE either', async () => {
    const f = await engineWithPhones((c) => (c.userAgent = { on: false, text: undefined }));
    f.engine.dial(1, '2#0501');
    await f.settle();
    expect(f.mem.requests('INVITE')[0]?.headers.get('user-agent')).toBeUndefined();
  });

  test('challenges are bounded as for REGISTER: stale=true with new nonces is answered, at most three times', async () => {
    const { mem, engine, settle, tel1 } = await engineWithPhones();
    engine.dial(1, '9#30');
    await settle();
    mem.answer(407, { 'Proxy-Authenticate': 'Digest realm="there.com", nonce="n1", qop="auth"' });
    mem.answer(407, { 'Proxy-Authenticate': 'Digest realm="there.com", nonce="n2", qop="auth", stale=true' });
    mem.answer(407, { 'Proxy-Authenticate': 'Digest realm="there.com", nonce="n3", qop="auth", stale=true' });
    expect(mem.requests('INVITE')).toHaveLength(4);
    expect(mem.requests('INVITE')[3]?.headers.get('proxy-authorization')).toMatch(/nonce="n3"/);
    mem.answer(407, { 'Proxy-Authenticate': 'Digest realm="there.com", nonce="n4", qop="auth", stale=true' });
    expect(mem.requests('INVITE')).toHaveLength(4);
    expect(tel1()).toMatchObject({ state: 'failed', code: 407 });
    expect(tel1()?.reason).toMatch(/challenged 4 times in one attempt/);
  });
});
