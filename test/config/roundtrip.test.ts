import fc from 'fast-check';
import { Config, PhoneBookEntry, SipServerConfig, SipServerOptions, emptyConfig } from '../../src/config/model';
import { renderConfig } from '../../src/config/render';
import { lineSpeller } from '../../src/grammar/spell';
import { HostPort } from '../../src/net/host';
import { buildShell, shippedGrammar } from '../../src/shell/build';

const spell = lineSpeller(shippedGrammar());

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,11}$/);
const secret = fc.stringMatching(/^[!#-~]{1,16}$/).filter((s) => !s.startsWith('name='));
const hash = fc.tuple(fc.stringMatching(/^[0-9a-f]{24}$/), fc.stringMatching(/^[0-9a-f]{48}$/)).map(([s, h]) => `s1.${s}.${h}`);
const host = fc.oneof(
  fc.ipV4().map((address) => ({ kind: 'ipv4' as const, address })),
  fc.ipV6().filter((a) => !a.includes('.')).map((address) => ({ kind: 'ipv6' as const, address: address.toLowerCase() })),
  fc.domain().map((address) => ({ kind: 'fqdn' as const, address: address.toLowerCase() })),
);
const hostPort: fc.Arbitrary<HostPort> = fc.record({ host, port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }) });
const sipAddress = fc.tuple(word, fc.domain()).map(([u, d]) => `sip:${u}@${d}`);

const server = (n: number): fc.Arbitrary<SipServerConfig> =>
  fc
    .record({
      server: hostPort,
      register: fc.boolean(),
      transport: fc.constantFrom('udp' as const, 'tcp' as const),
      sipAddress,
      user: fc.option(word, { nil: undefined }),
      password: fc.option(secret, { nil: undefined }),
      name: fc.option(word, { nil: undefined }),
    })
    .map((s) => ({ n, ...s, password: s.user === undefined ? undefined : s.password }));

const config: fc.Arbitrary<Config> = fc
  .record({
    serverNumbers: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 4 }),
    prefixes: fc.uniqueArray(fc.stringMatching(/^[0-9*#]{1,4}$/), { minLength: 5, maxLength: 5 }),
    bookNums: fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { maxLength: 4 }),
    sipUse: fc.boolean(),
    sipLog: fc.boolean(),
    t1: fc.integer({ min: 100, max: 5000 }),
    dns: fc.array(fc.tuple(fc.domain(), fc.ipV4()), { maxLength: 3 }),
    prompt: fc.option(word, { nil: undefined }),
    lines: fc.option(fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant('infinity' as const)), { nil: undefined }),
    columns: fc.option(fc.integer({ min: 80, max: 200 }), { nil: undefined }),
    character: fc.option(fc.constantFrom('ascii' as const, 'en.ascii' as const, 'sjis' as const, 'euc' as const, 'utf8' as const), { nil: undefined }),
    loginPassword: fc.option(hash, { nil: undefined }),
    adminPassword: fc.option(hash, { nil: undefined }),
    loginTimer: fc.oneof(fc.integer({ min: 60, max: 21474836 }), fc.constant('clear' as const)),
    arriveAddressCheck: fc.boolean(),
    ringingTimer: fc.integer({ min: 5, max: 600 }),
  })
  .chain((r) =>
    fc
      .tuple(
        fc.tuple(...r.serverNumbers.map(server)),
        fc.tuple(...r.bookNums.map((num, i) => fc.record({ sipAddress, server: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), name: fc.option(word, { nil: undefined }) }).map((e): PhoneBookEntry => ({ num, dialNumber: String(100 + i), ...e })))),
      )
      .map(([servers, entries]) => {
        const c = emptyConfig();
        Object.assign(c, {
          sipUse: r.sipUse,
          sipLog: r.sipLog,
          t1: r.t1,
          t2: Math.max(r.t1, 4000),
          prompt: r.prompt,
          lines: r.lines,
          columns: r.columns,
          character: r.character,
          loginPassword: r.loginPassword,
          adminPassword: r.adminPassword,
          loginTimer: r.loginTimer,
          arriveAddressCheck: r.arriveAddressCheck,
          ringingTimer: r.ringingTimer,
        });
        for (const s of servers) c.servers.set(s.n, s);
        r.serverNumbers.slice(0, 4).forEach((n, i) => c.serverPrefixes.set(n, r.prefixes[i] as string));
        c.bookPrefix = r.prefixes[4];
        for (const e of entries) c.book.set(e.num, e);
        for (const [name, addr] of r.dns) c.dnsA.set(name.toLowerCase(), addr);
        return c;
      }),
  );

test('every rendered configuration parses back to the same model', () => {
  fc.assert(
    fc.property(config, (c) => {
      const lines = renderConfig(c, false, spell);
      const shell = buildShell();
      const errors = shell.loadConfig(lines.join('\n'));
      expect(errors).toEqual([]);
      expect(shell.store.config).toEqual(c);
      expect(shell.store.render()).toEqual(lines);
    }),
    { numRuns: 300 },
  );
});

const ipv6 = fc.ipV6().filter((a) => !a.includes('.')).map((a) => a.toLowerCase());
const options: fc.Arbitrary<SipServerOptions> = fc
  .record(
    {
      registerTimer: fc.record({ okSeconds: fc.integer({ min: 60, max: 86400 }), ngSeconds: fc.integer({ min: 60, max: 86400 }) }),
      displayName: word,
      qvalue: fc.constantFrom('0', '0.5', '0.125', '1', '1.000'),
      registerRequestUri: fc.domain().map((d) => `sip:${d.toLowerCase()}`),
      callRemoteDomain: fc.oneof(fc.domain().map((d) => d.toLowerCase()), fc.ipV4()),
      privacy: fc.constantFrom('p-preferred-identity' as const, 'p-asserted-identity' as const),
      pilotAddress: sipAddress,
      dialNumberOnly: fc.constant(true),
    },
    { requiredKeys: [] },
  )
  .filter((o) => Object.keys(o).length > 0);

/** The round-trip configuration plus every setting it leaves at the default: SSH, DNS servers, per-server options, the User-Agent, the busy code, the outer address. */
const everything: fc.Arbitrary<Config> = config.chain((c) =>
  fc
    .record({
      dnsAaaa: fc.array(fc.tuple(fc.domain(), ipv6), { maxLength: 2 }),
      dnsServers: fc.array(fc.record({ address: fc.oneof(fc.ipV4(), ipv6), port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }) }), { maxLength: 4 }),
      userAgent: fc.oneof(fc.constant({ on: false, text: undefined }), fc.record({ on: fc.constant(true), text: fc.option(word, { nil: undefined }) })),
      busyCode: fc.option(fc.integer({ min: 400, max: 699 }), { nil: undefined }),
      outerAddress: fc.option(fc.ipV4(), { nil: undefined }),
      options: fc.tuple(...[...c.servers.keys()].map((n) => fc.option(options, { nil: undefined }).map((o) => [n, o] as const))),
      ssh: fc.record({
        service: fc.boolean(),
        authMethod: fc.constantFrom('password' as const, 'publickey' as const, 'any' as const),
        users: fc.uniqueArray(fc.tuple(word, hash), { maxLength: 3, selector: ([u]) => u }),
        sftpHosts: fc.option(fc.oneof(fc.constant('any' as const), fc.array(fc.oneof(fc.ipV4(), ipv6), { minLength: 1, maxLength: 4 })), { nil: undefined }),
      }),
    })
    .map((r) => {
      for (const [name, addr] of r.dnsAaaa) c.dnsAaaa.set(name.toLowerCase(), addr);
      c.dnsServers = r.dnsServers;
      c.userAgent = r.userAgent;
      c.busyCode = r.busyCode;
      c.outerAddress = r.outerAddress;
      for (const [n, o] of r.options) if (o !== undefined) c.serverOptions.set(n, o);
      c.ssh = { service: r.ssh.service, authMethod: r.ssh.authMethod, users: new Map(r.ssh.users), sftpHosts: r.ssh.sftpHosts };
      return c;
    }),
);

test('every setting round-trips: SSH, DNS servers, per-server options and the global SIP settings too', () => {
  fc.assert(
    fc.property(everything, (c) => {
      const lines = renderConfig(c, false, spell);
      const shell = buildShell();
      expect(shell.loadConfig(lines.join('\n'))).toEqual([]);
      expect(shell.store.config).toEqual(c);
      expect(shell.store.render()).toEqual(lines);
    }),
    { numRuns: 200 },
  );
});

test('secrets are masked at user level, shown at administrator level', () => {
  const c = emptyConfig();
  c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '192.0.2.1' }, port: undefined }, register: true, transport: 'udp', sipAddress: 'sip:a@example.test', user: 'a', password: 'topsecret', name: undefined });
  expect(renderConfig(c, true, spell).join('\n')).not.toContain('topsecret');
  expect(renderConfig(c, false, spell).join('\n')).toContain('topsecret');
});

test('loading reports every bad line with its number and keeps the rest', () => {
  const shell = buildShell();
  const errors = shell.loadConfig(
    ['# comment', 'sip server 1 192.0.2.1 register udp sip:a@example.test', 'sip server 2 ::1 register udp sip:a@example.test', 'frobnicate', 'show config', 'analog extension dial prefix sip prefix="9#"', 'sip server 3 192.0.2.1 register'].join('\n'),
  );
  expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 7]);
  expect(errors[0]?.message).toMatch(/^Error: Invalid parameter: an IPv6 address must be enclosed in brackets/);
  expect(errors[1]?.message).toMatch(/^Error: Invalid command name/);
  expect(errors[2]?.message).toMatch(/not a configuration command/);
  expect(errors[3]?.message).toMatch(/^Error: Insufficient or too many parameters/);
  expect([...shell.store.config.servers.keys()]).toEqual([1]);
  expect(shell.store.config.bookPrefix).toBe('9#');
});
