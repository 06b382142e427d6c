/** The host checks (isIPv6, isFqdn) accept exactly what the implementations they replaced accepted (ip-address Address6.isValid; a label-by-label check). */
import fc from 'fast-check';
import { Address6 } from 'ip-address';
import { isFqdn, isIPv6, parseHost, parseHostPort } from '../../src/net/host';

const reference = (t: string): boolean => /^[0-9a-fA-F:.]+$/.test(t) && t.includes(':') && Address6.isValid(t);

describe('isIPv6', () => {
  it('agrees with Address6.isValid on the forms with and without "::" and a dotted quad', () => {
    const groups = ['0', '1', 'ab', 'fFfF', '12345', 'g', '', '1.2.3.4', '01.2.3.4', '256.1.1.1', '1.2.3', '1.2.3.4.5'];
    const cases: string[] = ['::', ':::', '::1', '1::', '1::2::3', ':1', '1:', '::ffff:192.0.2.1', '::192.0.2.1', '2001:db8::', '2001:db8::1', 'fe80::1:2:3:4:5:6', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4::5:6:7:8', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:1.2.3.4', '1:2:3:4:5::1.2.3.4', '1.2.3.4::', '1.2:3::', '12:30', 'dead:beef', '::1.2.3.4:5'];
    for (let n = 1; n <= 9; n++) for (const g of groups) for (const sep of [':', '::']) cases.push([...Array<string>(n - 1).fill('a'), g].join(':').replace(/:/, sep), [g, ...Array<string>(n - 1).fill('b')].join(':').replace(/:([^:]*)$/, `${sep}$1`));
    for (const t of cases) expect([t, isIPv6(t)]).toEqual([t, reference(t)]);
  });

  it('agrees with Address6.isValid on random text made of hex digits, colons and dots', () => {
    const part = fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{0,5}$/), fc.constantFrom('1.2.3.4', '255.255.255.255', '1.2.3', '256.0.0.1'));
    const seps = fc.constantFrom(':', '::', ':::', '.');
    const text = fc.array(fc.tuple(part, seps), { minLength: 1, maxLength: 10 }).map((xs) => xs.map(([p, s]) => p + s).join(''));
    fc.assert(fc.property(text, fc.boolean(), (t, cut) => {
      const s = cut ? t.slice(0, -1) : t;
      return isIPv6(s) === reference(s);
    }), { numRuns: 20000 });
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f:.]{0,24}$/), (s) => isIPv6(s) === reference(s)), { numRuns: 20000 });
  });

  it('keeps the host results and errors', () => {
    expect(parseHost('[2001:DB8::1]')).toEqual({ ok: true, value: { kind: 'ipv6', address: '2001:db8::1' } });
    expect(parseHost('2001:db8::1', true)).toMatchObject({ ok: false, message: 'an IPv6 address must be enclosed in brackets: [2001:db8::1]' });
    expect(parseHostPort('[::1]:5060')).toEqual({ ok: true, value: { host: { kind: 'ipv6', address: '::1' }, port: 5060 } });
    expect(parseHostPort('12:30')).toMatchObject({ ok: false });
    expect(parseHostPort('1:2:3')).toMatchObject({ ok: false, message: '"1:2:3" is not a valid address' });
  });
});

describe('isFqdn', () => {
  /** The label-by-label check it replaces. */
  const reference = (text: string): boolean => {
    const name = text.endsWith('.') ? text.slice(0, -1) : text;
    if (name.length === 0 || name.length > 253) return false;
    const labels = name.split('.');
    if (!labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) return false;
    return !/^\d+$/.test(labels[labels.length - 1] ?? '');
  };

  it('agrees with the label-by-label check on names, digits, hyphens, dots and long labels', () => {
    for (const t of ['example.test', 'a', 'a.', 'a..b', '.a', '-a.b', 'a-.b', 'a.b-c.d', '1.2.3', 'a.123', '123.a', 'x'.repeat(63), 'x'.repeat(64), `${'a.'.repeat(126)}a`, `${'a.'.repeat(127)}a`, '']) expect([t, isFqdn(t)]).toEqual([t, reference(t)]);
    const label = fc.oneof(fc.stringMatching(/^[a-z0-9-]{0,5}$/), fc.constantFrom('x'.repeat(62), 'y'.repeat(63), 'z'.repeat(64), '_'));
    fc.assert(fc.property(fc.array(label, { maxLength: 6 }), fc.boolean(), (ls, dot) => {
      const t = ls.join('.') + (dot ? '.' : '');
      return isFqdn(t) === reference(t);
    }), { numRuns: 20000 });
  });
});
