/**
 * Call figures through one Kamailio on loopback: call setup rate and setup latency (dial → talking,
 * that is INVITE → 407 → INVITE → 200) from sipsh's two telephones to a SIPp callee, beside SIPp
 * calling the same callee two calls at a time; and heap per active call.
 */
import * as path from 'path';
import { Config, emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { SipEngine } from '../../src/sip/engine';
import { SystemClock } from '../../src/util/clock';
import { Kamailio } from '../helpers/kamailio';
import { SCENARIOS, Sipp } from '../helpers/sipp';
import { Report, atLeast, below, heapUsed, percentile, round, timeAsync } from './report';

const KPORT = 15620;
const CALLS = 300;

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

export async function callsBench(report: Report): Promise<void> {
  const k = await Kamailio.start(KPORT);
  const callee = Sipp.start(calleeArgs(25620), { traceMessages: false });
  const engine = new SipEngine({ clock: new SystemClock(), port: 0, log: () => undefined });
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

    // heap per active call: 20 more routers (engines), both ports talking on each = 40 calls
    const extra: SipEngine[] = [];
    for (let i = 0; i < 20; i++) {
      const e = new SipEngine({ clock: new SystemClock(), port: 0, log: () => undefined });
      await e.start();
      const c = emptyConfig();
      c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KPORT }, register: false, transport: 'udp', sipAddress: 'sip:alice@example.test', user: 'alice', password: 'secret', name: undefined });
      c.serverPrefixes.set(1, '2#');
      e.apply(sipSettings(c));
      extra.push(e);
    }
    const h0 = heapUsed();
    for (const e of extra) for (const p of [1, 2]) e.dial(p, '2#5001');
    await until(() => extra.every((e) => e.ports().every((x) => x.state === 'talking')), 20000);
    const perCall = (heapUsed() - h0) / 40;
    report.figure('calls', 'sipsh: heap per active call (40 calls; with its live transactions and RTP endpoint)', Math.round(perCall / 102.4) / 10, 'KB', below(16));
    for (const e of extra) await e.stop(500);

    let rc: number | null = null;
    const sippWall = await timeAsync(async () => {
      const s = Sipp.start([
        `127.0.0.1:${KPORT}`, '-sf', path.join(SCENARIOS, 'bench-call.xml'), '-s', 'bob', '-au', 'bob', '-ap', 'bobpass', '-auth_uri', 'example.test',
        '-key', 'dom', 'example.test', '-key', 'callee', '5001', '-i', '127.0.0.1', '-p', '25630', '-t', 'u1', '-m', String(CALLS), '-l', '2', '-r', '10000',
      ], { traceMessages: false });
      rc = await s.wait(120_000);
      s.cleanup();
    });
    const theirRate = CALLS / (sippWall / 1000);
    report.figure('calls', `SIPp: ${CALLS} calls, 2 at a time, setup rate (exit ${rc})`, Math.round(theirRate * 10) / 10, 'calls/s');
    report.figure('calls', 'sipsh / SIPp call setup rate', round(ourRate / theirRate, 2), 'x', atLeast(1.0));
  } finally {
    await engine.stop(1000);
    await callee.stop();
    callee.cleanup();
    await k.stop();
    k.cleanup();
  }
}
