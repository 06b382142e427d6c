import { createHash } from 'crypto';
import fc from 'fast-check';
import { Challenge, parseChallenge } from '../../src/sip/codec/header-values';
import { DigestChallenge, DigestMemo, authorizationValue, chooseChallenge, digestResponse, readChallenge } from '../../src/sip/digest';

// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
const rfc = {
  username: 'Mufasa',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nc: 1,
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};
const challenge = (algorithm: string) =>
  readChallenge(
    parseChallenge(`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`) ?? { scheme: '', params: new Map() },
  );

test('RFC 7616 §3.9.1 MD5 example', () => {
  const c = challenge('MD5');
  expect(c).toBeDefined();
  expect(digestResponse({ ...rfc, challenge: c! })).toBe('8ca523f5e9506fed4657c9700eebdbec');
});

test('RFC 7616 §3.9.1 SHA-256 example', () => {
  const c = challenge('SHA-256');
  expect(digestResponse({ ...rfc, challenge: c! })).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  const header = authorizationValue({ ...rfc, challenge: c! });
  expect(header).toContain('algorithm=SHA-256');
  expect(header).toContain('qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"');
  expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
});

test('RFC 2617 §3.5 style (no qop) response', () => {
  const c = readChallenge(parseChallenge('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"')!);
  // H(H(A1):nonce:H(A2)) with MD5, computed independently of the code under test
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const expected = md5(`${md5('Mufasa:testrealm@host.com:Circle Of Life')}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${md5('GET:/dir/index.html')}`);
  expect(digestResponse({ ...rfc, password: 'Circle Of Life', challenge: c! })).toBe(expected);
});

test('the HA1 memo and the HA2 cache give the same response, and follow a change of password, realm, method or URI', () => {
  const md5 = challenge('MD5')!;
  const sha = challenge('SHA-256')!;
  const memo: DigestMemo = {};
  for (let i = 0; i < 2; i++) {
    expect(digestResponse({ ...rfc, challenge: md5, memo })).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(digestResponse({ ...rfc, challenge: sha, memo })).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  }
  for (const changed of [{ password: 'other' }, { method: 'POST' }, { uri: '/other' }, { username: 'Simba' }]) {
    expect(digestResponse({ ...rfc, ...changed, challenge: md5, memo })).toBe(digestResponse({ ...rfc, ...changed, challenge: md5 }));
    expect(digestResponse({ ...rfc, ...changed, challenge: md5, memo })).not.toBe('8ca523f5e9506fed4657c9700eebdbec');
  }
  const otherRealm = readChallenge(parseChallenge('Digest realm="elsewhere", qop="auth", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"')!)!;
  expect(digestResponse({ ...rfc, challenge: otherRealm, memo })).toBe(digestResponse({ ...rfc, challenge: otherRealm }));
  expect(digestResponse({ ...rfc, challenge: md5, memo })).toBe('8ca523f5e9506fed4657c9700eebdbec');
});

test('unsupported challenges are skipped: other schemes, algorithms, qop', () => {
  expect(readChallenge(parseChallenge('Basic realm="x"')!)).toBeUndefined();
  expect(readChallenge(parseChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256')!)).toBeUndefined();
  expect(readChallenge(parseChallenge('Digest realm="x", nonce="n", qop="auth-int"')!)).toBeUndefined();
  expect(chooseChallenge([parseChallenge('Basic realm="x"')!, parseChallenge('Digest realm="x", nonce="n"')!])?.algorithm).toBe('MD5');
});

test('chooseChallenge picks what the former map/filter/stable sort picked', () => {
  const former = (cs: readonly Challenge[]): DigestChallenge | undefined => {
    const usable = cs.map(readChallenge).filter((c): c is DigestChallenge => c !== undefined);
    const rank = (a: string): number => (a.startsWith('SHA-256') ? 0 : 1);
    return usable.sort((a, b) => rank(a.algorithm) - rank(b.algorithm))[0];
  };
  const one = fc.record({
    alg: fc.constantFrom(undefined, 'MD5', 'md5-sess', 'SHA-256', 'sha-256-sess', 'SHA-512'),
    qop: fc.constantFrom(undefined, 'auth', 'auth-int', 'auth, auth-int'),
    realm: fc.constantFrom(undefined, 'r'),
    n: fc.nat(9),
  });
  fc.assert(
    fc.property(fc.array(one, { maxLength: 5 }), (xs) => {
      const cs = xs.map((x) => parseChallenge(`Digest nonce="n${x.n}"${x.realm !== undefined ? `, realm="${x.realm}"` : ''}${x.alg !== undefined ? `, algorithm=${x.alg}` : ''}${x.qop !== undefined ? `, qop="${x.qop}"` : ''}`)).filter((c): c is Challenge => c !== undefined);
      expect(chooseChallenge(cs)).toEqual(former(cs));
    }),
    { numRuns: 3000 },
  );
});

test('a qop list offers auth exactly when the former split-and-compare found it', () => {
  const pieces = ['auth', 'AUTH', 'auth-int', ' ', ',', '\t', 'x', '', '\u00a0', 'Auth '];
  const former = (list: string): boolean => list.split(',').map((q) => q.trim().toLowerCase()).includes('auth');
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (xs) => {
      const list = xs.join('');
      const c = readChallenge({ scheme: 'digest', params: new Map([['realm', 'r'], ['nonce', 'n'], ['qop', list]]) });
      expect(c !== undefined).toBe(former(list));
      if (c !== undefined) expect(c.qop).toBe('auth');
    }),
    { numRuns: 5000 },
  );
});
