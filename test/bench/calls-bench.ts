/**
 * Call figures through one Kamailio on loopback: call setup rate and setup latency (dial → talking,
 * that is INVITE → 407 → INVITE → 200) from sipsh's two telephones to a SIPp callee, beside SIPp
 * calling the same callee two calls at a time; and the memory (V8 heap and Buffers' native memory)
 * each active call holds, over 200 calls on 100 fresh engines.
 */
import * as path from 'path';
import { Config, emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { SipEngine } from '../../src/sip/engine';
import { SystemClock } from '../../src/util/clock';
import { Kamailio } from '../helpers/kamailio';
import { SCENARIOS, Sipp } from '../helpers/sipp';
import { Report, atLeast, below, heapUsed, percentile, round, timeAsync } from './report';

/** Kamailio's port; SIPSH_BENCH_KPORT moves it (and SIPp's callee and caller, 10,000 and 10,010 above) so two runs on one machine do not collide. */
const KPORT = Number(process.env.SIPSH_BENCH_KPORT ?? 15620);
const CALLS = 300;
/** Routers (engines) in the memory figure, each with both telephones talking: 2 x ENGINES calls. */
const ENGINES = 100;
/** Calls being set up at once in the memory figure. */
const SETUPS = 4;

/** Bytes held after two full collections: the V8 heap, and memory outside it (Buffers, sockets' JS-visible native memory). */
function heldBytes(): { heap: number; native: number; total: number } {
  const heap = heapUsed();
  const native = process.memoryUsage().external;
  return { heap, native, total: heap + native };
}

function calleeArgs(port: number): string[] {
  return [
    `127.0.0.1:${KPORT}`, '-sf', path.join(SCENARIOS, 'callee-register.xml'), '-oocsf', path.join(SCENARIOS, 'callee-answer.xml'),
    '-s', '5001', '-au', '5001', '-ap', 'pass5001', '-auth_uri', 'example.test', '-key', 'dom', 'example.test',
    '-i', '127.0.0.1', '-p', String(port), '-t', 'u1', '-m', '1', '-d', '600000',
  ];
}

const until = async (check: () => boolean, ms = 10000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
};

/** Both telephones of each engine dialled to the callee, SETUPS calls set up at a time; resolves when all are talking. */
async function talkOn(engines: readonly SipEngine[], callee: Sipp): Promise<void> {
  const queue = engines.flatMap((e) => [1, 2].map((p) => ({ e, p })));
  const state = (e: SipEngine, p: number): string => e.ports()[p - 1]?.state ?? '';
  await Promise.all(
    Array.from({ length: SETUPS }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { e, p } = next;
        const err = e.dial(p, '2#5001');
        if (err) throw new Error(err.kind);
        await until(() => ['talking', 'failed', 'busy'].includes(state(e, p)), 20000);
        if (state(e, p) !== 'talking') {
          throw new Error(`call failed: ${JSON.stringify(e.ports()[p - 1])}; the callee's errors: ${callee.errors().slice(-1500)}`);
        }
      }
    }),
  );
}

/** Stops the engines (hanging up their calls) SETUPS at a time, as their calls were set up. */
async function stopAll(engines: SipEngine[]): Promise<void> {
  while (engines.length > 0) await Promise.all(engines.splice(0, SETUPS).map((e) => e.stop(500)));
}

export async function callsBench(report: Report): Promise<void> {
  const k = await Kamailio.start(KPORT);
  const callee = Sipp.start(calleeArgs(KPORT + 10000), { traceMessages: false });
  const engine = new SipEngine({ clock: new SystemClock(), port: 0, log: () => undefined });
  const extra: SipEngine[] = [];
  try {
    const deadline = Date.now() + 10000;
    while ((await k.bindingsOf('5001')).length === 0) {
      if (Date.now() > deadline) throw new Error(`the SIPp callee did not register: ${callee.output().slice(-500)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await engine.start();
    const config: Config = emptyConfig();
    config.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KPORT }, register: true, transport: 'udp', sipAddress: 'sip:alice@example.test', user: 'alice', password: 'secret', name: undefined });
    config.serverPrefixes.set(1, '2#');
    engine.apply(sipSettings(config));
    await until(() => engine.servers()[0]?.state === 'registered');

    const state = (p: number): string => engine.ports()[p - 1]?.state ?? '';
    const latencies: number[] = [];
    let done = 0;
    const wall = await timeAsync(async () => {
      await Promise.all(
        [1, 2].map(async (p) => {
          while (done < CALLS) {
            done++;
            const t0 = process.hrtime.bigint();
            const err = engine.dial(p, '2#5001');
            if (err) throw new Error(err.kind);
            await until(() => state(p) === 'talking' || state(p) === 'failed' || state(p) === 'busy');
            if (state(p) !== 'talking') throw new Error(`call failed: ${JSON.stringify(engine.ports()[p - 1])}`);
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            engine.hangup(p);
          }
        }),
      );
    });
    const ourRate = CALLS / (wall / 1000);
    report.figure('calls', `sipsh: ${CALLS} calls on 2 ports, setup rate`, Math.round(ourRate * 10) / 10, 'calls/s');
    report.figure('calls', 'sipsh: setup latency p50 (dial → talking)', Math.round(percentile(latencies, 50) * 10) / 10, 'ms');
    report.figure('calls', 'sipsh: setup latency p99', Math.round(percentile(latencies, 99) * 10) / 10, 'ms');

    // Memory per active call: ENGINES more routers (engines), both ports of each talking. The
    // calls are set up SETUPS at a time: dialled all at once, 200 INVITEs (and their 407 rounds)
    // reach Kamailio together, it retransmits some to the SIPp callee before the callee's 100
    // gets back (T1, 500 ms), and SIPp's out-of-call scenario aborts a call on a retransmitted
    // INVITE ("while expecting 'ACK' (index 4), received 'INVITE'"), so those calls never answer.
    for (let i = 0; i < ENGINES; i++) {
      const e = new SipEngine({ clock: new SystemClock(), port: 0, log: () => undefined });
      extra.push(e);
      await e.start();
      const c = emptyConfig();
      c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KPORT }, register: false, transport: 'udp', sipAddress: 'sip:alice@example.test', user: 'alice', password: 'secret', name: undefined });
      c.serverPrefixes.set(1, '2#');
      e.apply(sipSettings(c));
    }
    const h0 = heldBytes();
    await talkOn(extra.slice(0, ENGINES / 2), callee);
    const h1 = heldBytes();
    await talkOn(extra.slice(ENGINES / 2), callee);
    const h2 = heldBytes();
    const calls = 2 * ENGINES;
    const kb = (bytes: number, n: number): number => Math.round(bytes / n / 102.4) / 10;
    report.figure('calls', `sipsh: heap and buffers per active call (${calls} calls on ${ENGINES} engines, all talking)`, kb(h2.total - h0.total, calls), 'KB', below(16));
    report.note('calls', `per active call: V8 heap ${kb(h2.heap - h0.heap, calls)} KB + Buffers' native memory ${kb(h2.native - h0.native, calls)} KB; first ${calls / 2} calls ${kb(h1.total - h0.total, calls / 2)} KB, next ${calls / 2} ${kb(h2.total - h1.total, calls / 2)} KB`);
    await stopAll(extra);

    let rc: number | null = null;
    const sippWall = await timeAsync(async () => {
      const s = Sipp.start([
        `127.0.0.1:${KPORT}`, '-sf', path.join(SCENARIOS, 'bench-call.xml'), '-s', 'bob', '-au', 'bob', '-ap', 'bobpass', '-auth_uri', 'example.test',
        '-key', 'dom', 'example.test', '-key', 'callee', '5001', '-i', '127.0.0.1', '-p', String(KPORT + 10010), '-t', 'u1', '-m', String(CALLS), '-l', '2', '-r', '10000',
      ], { traceMessages: false });
      rc = await s.wait(120_000);
      if (rc !== 0) report.note('calls', `SIPp's calls: ${/Aborting call[^\n]*/.exec(s.errors())?.[0] ?? s.errors().slice(0, 300)}`);
      s.cleanup();
    });
    const theirRate = CALLS / (sippWall / 1000);
    report.figure('calls', `SIPp: ${CALLS} calls, 2 at a time, setup rate (exit ${rc})`, Math.round(theirRate * 10) / 10, 'calls/s');
    report.figure('calls', 'sipsh / SIPp call setup rate', round(ourRate / theirRate, 2), 'x', atLeast(1.0));
  } finally {
    // the memory figure's engines, when it failed: left running they keep the process alive
    await stopAll(extra);
    await engine.stop(1000);
    await callee.stop();
    callee.cleanup();
    await k.stop();
    k.cleanup();
  }
}
