/** isIPv4's own dotted-quad check accepts exactly what ip-address's Address4.isValid accepts. */
import fc from 'fast-check';
import { Address4 } from 'ip-address';
import { isIPv4, parseHost } from '../../src/net/host';

const reference = (t: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(t) && Address4.isValid(t);

describe('isIPv4', () => {
  it('agrees with Address4.isValid on every part 0-999 and with leading zeros', () => {
    const parts: string[] = [];
    for (let i = 0; i < 1000; i++) parts.push(String(i));
    for (let i = 0; i < 100; i++) parts.push(String(i).padStart(2, '0'), String(i).padStart(3, '0'));
    for (const p of parts) for (const q of ['0', '1', '255', '256', '01']) for (const t of [`${p}.${q}.${q}.${p}`, `${q}.${p}.${p}.${q}`]) expect([t, isIPv4(t)]).toEqual([t, reference(t)]);
  });

  it('agrees with Address4.isValid on random dotted and undotted text', () => {
    const digits = fc.stringMatching(/^[0-9]{0,4}$/);
    fc.assert(fc.property(fc.array(digits, { minLength: 1, maxLength: 6 }), (ps) => isIPv4(ps.join('.')) === reference(ps.join('.'))));
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (s) => isIPv4(s) === reference(s)));
  });

  it('keeps the host errors: a bad quad is not taken for a name', () => {
    expect(parseHost('192.0.2.1')).toEqual({ ok: true, value: { kind: 'ipv4', address: '192.0.2.1' } });
    expect(parseHost('192.0.2.256')).toMatchObject({ ok: false, message: '"192.0.2.256" is not a valid IPv4 address' });
    expect(parseHost('01.2.3.4')).toMatchObject({ ok: false });
  });
});
