/** writeRegister gives the bytes, the headers and the digest counting that buildRegister + serialize gave. */
import { serialize } from '../../../src/sip/codec/serialize';
import { WrittenRequest } from '../../../src/sip/codec/message';
import { CachedAuth, RegisterParts, writeRegister } from '../../../src/sip/registration/request';
import { buildRegister } from './former-build-register';
import { emptyDigestMemo } from '../../../src/sip/digest';
import { ServerSettings } from '../../../src/sip/settings';
import { SeededRandom } from '../../../src/util/random';

const pick = <T>(r: SeededRandom, xs: readonly T[]): T => xs[r.uint32() % xs.length] as T;

function server(r: SeededRandom): ServerSettings {
  return {
    n: 1,
    server: { host: pick(r, [{ kind: 'ipv4' as const, address: '192.0.2.1' }, { kind: 'fqdn' as const, address: 'sip.example.test' }, { kind: 'ipv6' as const, address: '2001:db8::1' }]), port: pick(r, [undefined, 5070]) },
    register: true,
    transport: pick(r, ['udp', 'tcp'] as const),
    sipAddress: pick(r, ['sip:UserB@there.com', 'sip:1234@[2001:db8::9]:5080', 'sip:alice@example.test;transport=tcp']),
    user: pick(r, [undefined, 'alice', 'u00001']),
    password: pick(r, [undefined, 'secret', 'p"w']),
    name: undefined,
    registerTimer: undefined,
    displayName: pick(r, [undefined, 'Office "A"', 'B\\C']),
    privacy: undefined,
    qvalue: pick(r, [undefined, '0.5', '1.000']),
    registerRequestUri: pick(r, [undefined, 'sip:registrar.example.test']),
    callRemoteDomain: undefined,
    dialNumberOnly: false,
    pilotAddress: undefined,
    sessionTimer: undefined,
    rel100: undefined,
  };
}

function auth(r: SeededRandom): CachedAuth | undefined {
  const algorithm = pick(r, ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'] as const);
  return pick(r, [
    undefined,
    {
      header: pick(r, ['Authorization', 'Proxy-Authorization'] as const),
      challenge: { realm: 'there.com', nonce: `n${r.hex(4)}`, algorithm, algorithmGiven: pick(r, [true, false]), qop: pick(r, ['auth' as const, undefined]), opaque: pick(r, [undefined, 'op1']), stale: false },
      nc: r.uint32() % 5,
      memo: pick(r, [undefined, emptyDigestMemo()]),
    },
  ]);
}

test('2,000 random REGISTERs: the same wire bytes, headers, nc and random draws as buildRegister', () => {
  const r = new SeededRandom(13);
  for (let i = 0; i < 2000; i++) {
    const s = server(r);
    const a = auth(r);
    const seed = r.uint32();
    const local = pick(r, [{ transport: 'udp' as const, host: '127.0.0.1', port: 5060 }, { transport: 'tcp' as const, host: '::1', port: 5070 }]);
    const parts = (random: SeededRandom, cachedAuth: CachedAuth | undefined): RegisterParts => ({
      server: s,
      local,
      contact: pick(r, [undefined, { transport: local.transport, host: '198.51.100.7', port: 40000 }]),
      drop: pick(r, [undefined, { transport: local.transport, host: '10.0.0.2', port: 5060 }]),
      callId: `c${i}@127.0.0.1`,
      fromTag: `t${i}`,
      cseq: i + 1,
      expires: pick(r, [0, 1200, 3600]),
      auth: cachedAuth,
      userAgent: pick(r, [undefined, 'sipsh/0.1', 'odd\r\nText']),
      random,
    });
    // One set of choices for both: drawn once, the two randoms seeded alike.
    const choice = parts(new SeededRandom(seed), a);
    const authA = a !== undefined ? { ...a } : undefined;
    const authB = a !== undefined ? { ...a } : undefined;
    const branch = `z9hG4bK${i}`;
    const randomA = new SeededRandom(seed);
    const randomB = new SeededRandom(seed);
    const built = buildRegister({ ...choice, auth: authA, random: randomA }, branch);
    const written = writeRegister({ ...choice, auth: authB, random: randomB }, branch);
    expect(written).toBeInstanceOf(WrittenRequest);
    expect(serialize(written).toString('latin1')).toBe(serialize({ ...built }).toString('latin1'));
    expect(written.uri).toBe(built.uri);
    expect(written.method).toBe('REGISTER');
    expect(written.body.length).toBe(0);
    expect(written.headers.all()).toEqual(built.headers.all());
    expect(written.headers.canonicalNames()).toEqual(built.headers.canonicalNames());
    expect(written.source.contact).toBe(built.headers.get('contact'));
    expect(authB?.nc).toBe(authA?.nc);
    expect(randomB.uint32()).toBe(randomA.uint32());
  }
});
