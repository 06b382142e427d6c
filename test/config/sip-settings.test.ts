/** sipSettings: a snapshot of the configuration for the engine, each server's settings made when first read. */
import { emptyConfig, SipServerConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';

const server = (n: number, name?: string): SipServerConfig => ({
  n,
  server: { host: { kind: 'ipv4', address: `192.0.2.${n}` }, port: undefined },
  register: true,
  transport: 'udp',
  sipAddress: `sip:u${n}@example.test`,
  user: `u${n}`,
  password: 'pw',
  name,
});

test('the snapshot does not see later edits of the configuration, read before or after them', () => {
  const c = emptyConfig();
  c.servers.set(1, server(1));
  c.servers.set(2, server(2));
  const unread = sipSettings(c);
  const read = sipSettings(c);
  expect([...read.servers.keys()]).toEqual([1, 2]);
  c.servers.delete(1);
  c.servers.set(3, server(3));
  c.serverOptions.set(2, { displayName: 'Two' });
  for (const s of [unread, read]) {
    expect(s.servers.size).toBe(2);
    expect(s.servers.has(1)).toBe(true);
    expect(s.servers.has(3)).toBe(false);
    expect(s.servers.get(2)?.displayName).toBeUndefined();
    expect([...s.servers].map(([n, v]) => [n, v.n])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  }
});

test('an unchanged server keeps its settings object from one snapshot to the next; new options make a new one', () => {
  const c = emptyConfig();
  c.servers.set(1, server(1, 'office'));
  const first = sipSettings(c).servers.get(1);
  expect(first).toMatchObject({ n: 1, name: 'office', displayName: undefined, dialNumberOnly: false });
  expect(Object.isFrozen(first)).toBe(true);
  expect(sipSettings(c).servers.get(1)).toBe(first);
  c.serverOptions.set(1, { displayName: 'Office' });
  const second = sipSettings(c).servers.get(1);
  expect(second).not.toBe(first);
  expect(second?.displayName).toBe('Office');
  const seen: number[] = [];
  sipSettings(c).servers.forEach((v, k, m) => {
    seen.push(k);
    expect(m.get(k)).toBe(v);
  });
  expect(seen).toEqual([1]);
});
