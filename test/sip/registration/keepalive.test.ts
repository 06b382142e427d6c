/** RFC 5626 §3.5 keep-alive while registered, on a fake clock: the timer belongs to the registered state. */
import { emptyConfig } from '../../../src/config/model';
import { sipSettings } from '../../../src/config/sip-settings';
import { SipEngine } from '../../../src/sip/engine';
import { Target } from '../../../src/sip/transport/types';
import { FakeClock } from '../../../src/util/clock';
import { SeededRandom } from '../../../src/util/random';
import { MemoryTransport } from '../../helpers/memory-transport';

class PingTransport extends MemoryTransport {
  readonly pings: Array<{ at: number; target: Target }> = [];
  constructor(private readonly clock: FakeClock) {
    super();
  }
  keepAlive(target: Target): void {
    this.pings.push({ at: this.clock.now(), target });
  }
}

async function setup(transport: 'udp' | 'tcp', keepAliveMs: { udp?: number; tcp?: number } | undefined) {
  const clock = new FakeClock();
  const mem = new PingTransport(clock);
  const engine = new SipEngine({
    clock, port: 0, log: () => undefined, random: new SeededRandom(5), ...(keepAliveMs !== undefined ? { keepAliveMs } : {}),
    transport: async (ev) => {
      mem.events = ev;
      return mem;
    },
  });
  const c = emptyConfig();
  c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '192.0.2.10' }, port: 5070 }, register: true, transport, sipAddress: 'sip:a@there.com', user: undefined, password: undefined, name: undefined });
  engine.apply(sipSettings(c));
  await engine.start();
  await new Promise((r) => setImmediate(r));
  return { clock, mem, engine, t0: clock.now() };
}

test('UDP with an interval: a ping every 25 s while registered, across the refresh; none after disconnect', async () => {
  const { clock, mem, engine, t0 } = await setup('udp', { udp: 25_000 });
  clock.advance(10_000);
  expect(mem.pings).toEqual([]); // not registered yet: no flow to keep
  mem.answer(200, { Expires: '600' });
  const registeredAt = clock.now();
  clock.advance(100_000);
  expect(mem.pings.map((p) => p.at - registeredAt)).toEqual([25_000, 50_000, 75_000, 100_000]);
  expect(mem.pings[0]?.target).toEqual({ transport: 'udp', address: '192.0.2.10', port: 5070 });
  clock.advance(440_000); // the refresh at 540 s
  mem.answer(200, { Expires: '600' });
  const n = mem.pings.length;
  clock.advance(50_000);
  expect(mem.pings.length).toBe(n + 2);
  engine.disconnect(1);
  mem.answer(200, {});
  const after = mem.pings.length;
  clock.advance(3_600_000);
  expect(mem.pings.length).toBe(after);
  expect(t0).toBeLessThan(registeredAt);
});

test('by default TCP pings every 120 s and UDP not at all', async () => {
  const tcp = await setup('tcp', undefined);
  tcp.mem.answer(200, { Expires: '3600' });
  tcp.clock.advance(360_000);
  expect(tcp.mem.pings.length).toBe(3);
  const udp = await setup('udp', undefined);
  udp.mem.answer(200, { Expires: '3600' });
  udp.clock.advance(360_000);
  expect(udp.mem.pings.length).toBe(0);
});

test('a failed registration has no keep-alive timer left', async () => {
  const { clock, mem } = await setup('udp', { udp: 10_000 });
  mem.answer(200, { Expires: '60' });
  clock.advance(54_000); // refresh at 54 s (90 %)
  const before = mem.pings.length;
  mem.answer(403);
  clock.advance(20_000);
  expect(mem.pings.length).toBe(before);
});
