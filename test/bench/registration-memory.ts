/**
 * The registration path without a network, for instruction counts: N configured servers register
 * through the real engine, parser and transaction layer to an in-memory registrar that answers
 * each REGISTER from its bytes (401 with a digest challenge, then 200), up to 128 at once through
 * the engine's own limiter. Made to be run under callgrind, where a run against Kamailio is too
 * slow for Timer E (500 ms) and retransmits: here the clock is a fake one moved 1 ms per turn of
 * the event loop, so no Timer E fires (as in a real run) and Timer K (5 s) holds every completed
 * transaction to the end (as in the real run's ~3 s window). Ids come from a seeded pool read as
 * hex like the system source's.
 *
 *   valgrind --tool=callgrind node --predictable --hash-seed=1 --random-seed=1 --expose-gc \
 *     dist/test/bench/registration-memory.js 10000
 *
 * Then `callgrind_annotate --inclusive=yes` gives the collector's share under
 * `Heap::CollectGarbage` (all of it on the main thread with `--predictable`). The collector's
 * timing heuristics read the real time: in some runs it makes one more full collection (its
 * count 357-402 M, else ~940 M, at N=10,000), and the rest (the total minus it) is ~9% higher
 * then too. Compare runs of the same kind: the rest repeated within ~1.5% (3,818-3,871 M in
 * four runs without the extra collection, 4,189 and 4,220 M in two with it). Prints one JSON line.
 */
import '../../src/cli/v8-flags';
import { emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { SipMessage } from '../../src/sip/codec/message';
import { parseMessage } from '../../src/sip/codec/parser';
import { serialize } from '../../src/sip/codec/serialize';
import { SipEngine } from '../../src/sip/engine';
import { Target, Transport, TransportEvents } from '../../src/sip/transport/types';
import { Clock, TimerHandle } from '../../src/util/clock';
import { Random, SeededRandom } from '../../src/util/random';
import { benchUser } from './registration-run';

/** A fake clock whose timers wait in a binary heap (FakeClock looks at every timer per `advance`: 10,000 refresh timers). */
class HeapClock implements Clock {
  private time = Date.UTC(2026, 10, 26, 3, 0, 0);
  private next = 1;
  private readonly heap: Array<{ readonly at: number; readonly id: number; readonly fn: () => void }> = [];
  private readonly live = new Set<number>();

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.next++;
    this.live.add(id);
    const h = this.heap;
    h.push({ at: this.time + Math.max(0, ms), id, fn });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
    return { id };
  }

  clearTimer(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.live.delete(handle.id);
  }

  /** Runs every timer due within `ms`, in order of due time, then of arming. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let top = this.heap[0]; top !== undefined && top.at <= end; top = this.heap[0]) {
      this.pop();
      if (!this.live.delete(top.id)) continue;
      this.time = Math.max(this.time, top.at);
      top.fn();
    }
    this.time = end;
  }

  private before(i: number, j: number): boolean {
    const a = this.heap[i];
    const b = this.heap[j];
    return a !== undefined && b !== undefined && (a.at < b.at || (a.at === b.at && a.id < b.id));
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const t = h[i];
    const u = h[j];
    if (t === undefined || u === undefined) return;
    h[i] = u;
    h[j] = t;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      let m = i;
      if (l < h.length && this.before(l, m)) m = l;
      if (l + 1 < h.length && this.before(l + 1, m)) m = l + 1;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

/** Seeded bytes read from a pool as hex, as SystemRandom reads its own (SeededRandom's hex goes through a double's toString(16)). */
class PooledSeededRandom implements Random {
  private readonly seeded: SeededRandom;
  private readonly pool = Buffer.alloc(4096);
  private used = 4096;

  constructor(seed: number) {
    this.seeded = new SeededRandom(seed);
  }

  private reserve(n: number): number {
    if (this.used + n > this.pool.length) {
      for (let i = 0; i < this.pool.length; i += 4) this.pool.writeUInt32BE(this.seeded.uint32(), i);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return at;
  }

  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  hex(n: number): string {
    const at = this.reserve(n);
    return this.pool.toString('hex', at, at + n);
  }

  uint32(): number {
    return this.pool.readUInt32BE(this.reserve(4));
  }

  bytes(n: number): Buffer {
    const at = this.reserve(n);
    return Buffer.from(this.pool.subarray(at, at + n));
  }
}

/** The line of header `name` in a REGISTER written by sipsh (full names, CRLF), without its CRLF. */
function headerLine(text: string, name: string): string {
  const at = text.indexOf(`\r\n${name}: `);
  if (at < 0) throw new Error(`no ${name} in the REGISTER`);
  return text.slice(at + 2, text.indexOf('\r\n', at + 2));
}

/** Kamailio's answer to a REGISTER: 401 with a fresh nonce without credentials, else 200 with the binding. */
class Registrar {
  private nonces = 0;

  answer(request: Buffer): Buffer {
    const text = request.toString('latin1');
    const via = headerLine(text, 'Via').replace(';rport', ';rport=5070;received=127.0.0.1');
    const callId = headerLine(text, 'Call-ID');
    const head = `${via}\r\n${headerLine(text, 'From')}\r\n${headerLine(text, 'To')};tag=b27e1a1d33761e85846fc98f5f3a7e58.3f0e\r\n${callId}\r\n${headerLine(text, 'CSeq')}\r\n`;
    const answer = text.includes('\r\nAuthorization: ')
      ? `SIP/2.0 200 OK\r\n${head}${headerLine(text, 'Contact')};expires=3600\r\nServer: kamailio (5.6.3 (x86_64/linux))\r\nContent-Length: 0\r\n\r\n`
      : `SIP/2.0 401 Unauthorized\r\n${head}WWW-Authenticate: Digest realm="example.test", nonce="ZWZmZWN0aXZlbm9uY2Ux${String(this.nonces++).padStart(8, '0')}", qop="auth"\r\nServer: kamailio (5.6.3 (x86_64/linux))\r\nContent-Length: 0\r\n\r\n`;
    return Buffer.from(answer, 'latin1');
  }
}

const REGISTRAR: Target = { transport: 'udp', address: '127.0.0.1', port: 5060 };

async function run(n: number): Promise<{ registered: number; turns: number; cpuUs: number }> {
  const clock = new HeapClock();
  const registrar = new Registrar();
  /** The answers of the REGISTERs sent in this turn of the event loop, delivered in the next. */
  let answers: Buffer[] = [];
  let events: TransportEvents | undefined;
  const transport = (ev: TransportEvents): Promise<Transport & { readonly port: number }> => {
    events = ev;
    return Promise.resolve({
      port: 5070,
      send: (message: SipMessage) => void answers.push(registrar.answer(serialize(message))),
      local: () => ({ address: '127.0.0.1', port: 5070 }),
      close: () => Promise.resolve(),
    });
  };
  const engine = new SipEngine({ clock, port: 0, log: () => undefined, transport, random: new PooledSeededRandom(7) });
  await engine.start();
  const config = emptyConfig();
  for (let i = 1; i <= n; i++) {
    config.servers.set(i, { n: i, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: 5060 }, register: true, transport: 'udp', sipAddress: `sip:${benchUser(i)}@example.test`, user: benchUser(i), password: `pw${i}`, name: undefined });
  }
  let registered = 0;
  engine.onRegistration((e) => {
    if (e.kind === 'registered') registered++;
  });
  const cpu0 = process.cpuUsage();
  engine.apply(sipSettings(config));
  let turns = 0;
  while (registered < n) {
    await new Promise((resolve) => setImmediate(resolve));
    const batch = answers;
    answers = [];
    // What NodeTransport does with each datagram: parse, then hand it to the engine.
    for (const bytes of batch) {
      const r = parseMessage(bytes);
      if (!r.ok) throw new Error(`the registrar's answer did not parse: ${r.error}`);
      events?.message({ message: r.message, source: REGISTRAR, connection: undefined });
    }
    clock.advance(1);
    if (++turns > 100 * n) throw new Error(`${registered} of ${n} registered after ${turns} turns`);
  }
  const cpu = process.cpuUsage(cpu0);
  return { registered, turns, cpuUs: cpu.user + cpu.system };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 10_000);
  run(n).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
