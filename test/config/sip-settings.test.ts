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

test('a server without options gets the same settings as one with empty options', () => {
  const c = emptyConfig();
  c.servers.set(1, server(1, 'office'));
  c.servers.set(2, server(2));
  c.serverOptions.set(2, {});
  const s = sipSettings(c).servers;
  expect(s.get(1)).toEqual({ ...s.get(2), n: 1, server: server(1).server, sipAddress: 'sip:u1@example.test', user: 'u1', name: 'office' });
});

test('an edit of one server makes a new settings object for it only', () => {
  const c = emptyConfig();
  c.servers.set(1, server(1));
  c.servers.set(2, server(2));
  const a = sipSettings(c).servers;
  c.servers.set(2, server(2, 'renamed'));
  const b = sipSettings(c).servers;
  expect(b.get(1)).toBe(a.get(1));
  expect(b.get(2)).not.toBe(a.get(2));
  expect(b.get(2)?.name).toBe('renamed');
  // A line replaced by an equal one is a new line: its settings are new too (the engine then compares their content).
  c.servers.set(1, server(1));
  const d = sipSettings(c).servers;
  expect(d.get(1)).not.toBe(b.get(1));
  expect(d.get(1)).toEqual(b.get(1));
  expect(d.get(2)).toBe(b.get(2));
});
