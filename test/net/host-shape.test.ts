/**
 * The parsers' hosts and host:ports (made by constructors, see src/net/host.ts) have the same own
 * fields, in the same order, as the object literals they replace: the configuration keeps them in
 * every server entry, and its JSON, key order and equality tests must not change.
 */
import { parseHost, parseHostPort } from '../../src/net/host';

const valueOf = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('expected a parse');
  return r.value;
};

describe('parsed host objects', () => {
  it.each([
    ['192.0.2.1', { kind: 'ipv4', address: '192.0.2.1' }],
    ['Sip.Example.TEST', { kind: 'fqdn', address: 'sip.example.test' }],
    ['2001:DB8::1', { kind: 'ipv6', address: '2001:db8::1' }],
    ['[2001:db8::2]', { kind: 'ipv6', address: '2001:db8::2' }],
  ])('%s has the fields kind, address', (text, literal) => {
    const host = valueOf(parseHost(text));
    expect(Object.keys(host)).toEqual(['kind', 'address']);
    expect(JSON.stringify(host)).toBe(JSON.stringify(literal));
    expect(host).toEqual(literal);
  });

  it.each([
    ['192.0.2.1:5060', { host: { kind: 'ipv4', address: '192.0.2.1' }, port: 5060 }],
    ['sip.example.test', { host: { kind: 'fqdn', address: 'sip.example.test' }, port: undefined }],
    ['[2001:db8::1]:5070', { host: { kind: 'ipv6', address: '2001:db8::1' }, port: 5070 }],
    ['[2001:db8::1]', { host: { kind: 'ipv6', address: '2001:db8::1' }, port: undefined }],
  ])('%s has the fields host, port (port present when undefined)', (text, literal) => {
    const hp = valueOf(parseHostPort(text));
    expect(Object.keys(hp)).toEqual(['host', 'port']);
    expect(Object.keys(hp.host)).toEqual(['kind', 'address']);
    expect('port' in hp).toBe(true);
    expect(JSON.stringify(hp)).toBe(JSON.stringify(literal));
    expect(hp).toEqual(literal);
  });
});
