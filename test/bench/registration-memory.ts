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
import { sipSettings } from '../../src/config/sip-settings';
import { SipMessage } from '../../src/sip/codec/message';
import { parseMessage } from '../../src/sip/codec/parser';
import { serialize } from '../../src/sip/codec/serialize';
import { SipEngine } from '../../src/sip/engine';
import { Target, Transport, TransportEvents } from '../../src/sip/transport/types';
import { FakeClock } from '../../src/util/clock';
import { SeededRandom, SystemRandom } from '../../src/util/random';
import { benchConfig } from './registration-run';

/** Fills a block with seeded bytes, for SystemRandom's pool: ids read from it as hex, as the program reads them (SeededRandom's own hex goes through a double's toString(16)). */
function seededFill(seed: number): (block: Buffer) => void {
  const seeded = new SeededRandom(seed);
  return (block) => {
    for (let i = 0; i + 4 <= block.length; i += 4) block.writeUInt32BE(seeded.uint32(), i);
  };
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
  const clock = new FakeClock();
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
  const engine = new SipEngine({ clock, port: 0, log: () => undefined, transport, random: new SystemRandom(seededFill(7)) });
  await engine.start();
  const config = benchConfig(n, REGISTRAR.port);
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
