import { hostPortOf } from '../../src/commands/value-types';
import { matchWords } from '../../src/grammar/matcher';
import { parseSipUri } from '../../src/sip/uri';
import { tokenize } from '../../src/grammar/tokenize';
import { shippedGrammar } from '../../src/shell/build';

const grammar = shippedGrammar();
const match = (line: string) => matchWords(grammar, tokenize(line));
const ok = (line: string) => {
  const r = match(line);
  if (r.kind !== 'ok') throw new Error(`${line}: ${r.error} at ${r.index} ${r.detail ?? ''}`);
  return r;
};
const err = (line: string) => {
  const r = match(line);
  if (r.kind !== 'error') throw new Error(`${line}: matched ${r.command.id}`);
  return r;
};

describe('every example in the grammar parses to its own command', () => {
  for (const c of grammar) {
    for (const ex of c.examples) {
      test(`${c.id}: ${ex}`, () => {
        const line = ex.split(' | ')[0] as string;
        expect(ok(line).command.id).toBe(c.id);
      });
    }
  }
});

describe('good forms', () => {
  test.each([
    ['sip server 1 127.0.0.1 register udp sip:alice@example.test', 'sip.server'],
    ['sip server 1 127.0.0.1:5070 register udp sip:alice@example.test alice', 'sip.server'],
    ['sip server 65535 sip.example.test:5060 no-register tcp sip:alice@example.test alice secret name=office', 'sip.server'],
    ['sip server 2 [2001:db8::1]:5070 register tcp sip:alice@[2001:db8::1]:5070 alice secret', 'sip.server'],
    ['sip server 2 [::1] register udp sip:alice@example.test;transport=tcp', 'sip.server'],
    ['no sip server 1', 'sip.server.no'],
    ['no sip server 1 127.0.0.1 register udp sip:a@b.test u p', 'sip.server.no'],
    ['sip server connect 1', 'sip.server.connect'],
    ['sip server disconnect 65535', 'sip.server.disconnect'],
    ['analog extension dial prefix sip server=1 prefix="2#"', 'analog.prefix'],
    ['analog extension dial prefix sip prefix=9#', 'analog.prefix'],
    ['no analog extension dial prefix sip server=1', 'analog.prefix.no'],
    ['no analog extension dial prefix sip', 'analog.prefix.no'],
    ['analog extension sip address 1 30 sip:UserA@there.com server=1', 'analog.book'],
    ['analog extension sip address 1000 30 sip:UserA@there.com name=A', 'analog.book'],
    ['no analog extension sip address 1', 'analog.book.no'],
    ['sip request retransmit timer 500', 'sip.retransmit'],
    ['dns static a sip.example.test 192.0.2.1', 'dns.static.a'],
    ['dns static aaaa sip.example.test 2001:db8::1', 'dns.static.aaaa'],
    ['console lines infinity', 'console.lines'],
    ['console lines 40', 'console.lines'],
    ['show status sip server', 'show.status.sip'],
    ['show status sip server 3', 'show.status.sip'],
    ['phone 1 dial 2#05012345678', 'phone.dial'],
    ['phone 2 hangup', 'phone.hangup'],
    ['login timer clear', 'login.timer'],
  ])('%s', (line, id) => {
    expect(ok(line).command.id).toBe(id);
  });

  test('values are parsed and keywords recorded', () => {
    const r = ok('sip server 7 [::1]:5070 no-register tcp sip:bob@example.test bob pw name=lab');
    expect(r.values.get('N')?.int).toBe(7);
    expect(hostPortOf(r.values.get('SERVER'))).toEqual({ host: { kind: 'ipv6', address: '::1' }, port: 5070 });
    const uri = parseSipUri(r.values.get('SIPADDRESS')?.text ?? '');
    expect(uri.ok && uri.value.user).toBe('bob');
    expect(r.values.get('NAME')?.text).toBe('lab');
    expect(r.keywords.has('no-register')).toBe(true);
    expect(r.keywords.has('tcp')).toBe(true);
  });

  test('quoted dial prefix is unquoted', () => {
    expect(ok('analog extension dial prefix sip server=1 prefix="2#"').values.get('DIAL')?.text).toBe('2#');
  });
});

describe('abbreviations', () => {
  test('unambiguous prefixes of keywords', () => {
    expect(ok('sh conf').command.id).toBe('show.config');
    expect(ok('sh stat sip serv').command.id).toBe('show.status.sip');
    expect(ok('si se conn 1').command.id).toBe('sip.server.connect');
    expect(ok('ana ext dial pre sip server=1 prefix=2#').command.id).toBe('analog.prefix');
    expect(ok('con l inf').command.id).toBe('console.lines');
  });
  test('a later word settles an earlier abbreviation', () => {
    // "s" alone fits save, show and sip; "s conf" fits only show config.
    expect(err('s').error).toBe('ambiguous');
    expect(ok('s conf').command.id).toBe('show.config');
    expect(ok('s use on').command.id).toBe('sip.use');
  });
  test('an exact keyword beats a longer one it is a prefix of', () => {
    expect(ok('sip server 1 127.0.0.1 register udp sip:a@b.test').keywords.has('register')).toBe(true);
  });
  test('values are never abbreviated', () => {
    expect(err('console lines inf1').error).toBe('invalid');
    expect(ok('sip server 1 127.0.0.1:5060 reg u sip:a@b.test').keywords.has('udp')).toBe(true);
  });
  test('ambiguous keyword abbreviation', () => {
    expect(err('console character e')).toMatchObject({ error: 'ambiguous', index: 2 });
    expect(ok('console character eu').keywords.has('euc')).toBe(true);
    expect(ok('console character en').keywords.has('en.ascii')).toBe(true);
  });
});

describe('errors, with the index of the offending word', () => {
  test('unknown command word', () => {
    expect(err('frobnicate')).toMatchObject({ error: 'unknown', index: 0 });
    expect(err('show frob')).toMatchObject({ error: 'unknown', index: 1 });
  });
  test('missing words', () => {
    expect(err('sip server 1 127.0.0.1 register udp')).toMatchObject({ error: 'incomplete', index: 6 });
    expect(err('show')).toMatchObject({ error: 'incomplete', index: 1 });
  });
  test('extra words', () => {
    expect(err('save now')).toMatchObject({ error: 'too-many', index: 1 });
    expect(err('sip server 1 127.0.0.1 register udp sip:a@b.test u p name=x extra')).toMatchObject({ error: 'too-many', index: 10 });
  });
  test('IPv6 without brackets says to use brackets', () => {
    const r = err('sip server 1 2001:db8::1 register udp sip:a@b.test');
    expect(r).toMatchObject({ error: 'invalid', index: 3 });
    expect(r.kind === 'error' && r.detail).toMatch(/brackets: \[2001:db8::1\]/);
  });
  test('IPv6 with a port but without brackets', () => {
    expect(err('sip server 1 ::1:5060 register udp sip:a@b.test')).toMatchObject({ error: 'invalid', index: 3 });
  });
  test.each(['0', '65536', '99999999'])('server number %s out of range', (n) => {
    expect(err(`sip server ${n} 127.0.0.1 register udp sip:a@b.test`)).toMatchObject({ error: 'range', index: 2 });
  });
  test.each(['127.0.0.1:0', '127.0.0.1:65536', '[::1]:70000', 'example.test:123456'])('port out of range: %s', (hp) => {
    expect(err(`sip server 1 ${hp} register udp sip:a@b.test`)).toMatchObject({ error: 'range', index: 3 });
  });
  test.each(['300.1.1.1', '[::1', '[::g]', '[::1]x', 'a..b', '-a.test', 'host_name', '127.0.0.1:abc'])('bad server %s', (hp) => {
    expect(err(`sip server 1 ${hp} register udp sip:a@b.test`)).toMatchObject({ error: 'invalid', index: 3 });
  });
  test.each(['alice@example.test', 'sip:', 'sip:@example.test', 'sip:alice@', 'sip:alice@::1', 'http://x', 'sip:alice@[::1', 'sip:alice@host:99999', 'sip:a b@c'])(
    'bad sip address %s',
    (uri) => {
      const r = err(`sip server 1 127.0.0.1 register udp ${uri}`);
      expect(['invalid', 'range', 'too-many']).toContain(r.error);
      expect(r.index).toBeGreaterThanOrEqual(6);
    },
  );
  test('sip address without a user part', () => {
    expect(err('sip server 1 127.0.0.1 register udp sip:example.test')).toMatchObject({ error: 'invalid', index: 6 });
  });
  test('bad dial prefix', () => {
    expect(err('analog extension dial prefix sip prefix="2x"')).toMatchObject({ error: 'invalid', index: 5 });
    expect(err('analog extension dial prefix sip server=0 prefix=2#')).toMatchObject({ error: 'range', index: 5 });
  });
  test('key=value with a wrong key', () => {
    expect(err('analog extension dial prefix sip serv=1 prefix=2#').index).toBe(5);
  });
  test('dns static aaaa with an IPv4 address', () => {
    expect(err('dns static aaaa a.test 192.0.2.1')).toMatchObject({ error: 'invalid', index: 4 });
  });
  test('empty line', () => {
    expect(err('')).toMatchObject({ error: 'incomplete', index: 0 });
  });
});
