/**
 * TCP limits (issue 11): inbound and outbound connections counted apart, idle inbound ones
 * closed, and a registration that cannot connect says why ("connection refused", "too many
 * connections"), never "no response from server". Real sockets, a real Kamailio over TCP.
 */
import net from 'net';
import { emptyConfig } from '../../../src/config/model';
import { sipSettings } from '../../../src/config/sip-settings';
import { SipEngine } from '../../../src/sip/engine';
import { SystemClock } from '../../../src/util/clock';
import { Kamailio, waitFor } from '../../helpers/kamailio';

jest.setTimeout(60000);

/** From this developer's range 32000-32999. */
const KAM = 32060;
const CLOSED = 32061; // nothing listens here

let k: Kamailio;
beforeAll(async () => {
  k = await Kamailio.start(KAM);
});
afterAll(async () => {
  await k?.stop();
  k?.cleanup();
});

const engines: SipEngine[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const e of engines.splice(0)) await e.stop(500);
});

async function engine(tcp: { maxInbound?: number; maxOutbound?: number; idleInboundMs?: number }, servers: Array<[number, number, string, string]>): Promise<SipEngine> {
  const e = new SipEngine({ clock: new SystemClock(), port: 0, addresses: ['127.0.0.1'], log: () => undefined, retryBaseMs: 60_000, tcp, lookup: () => Promise.resolve(undefined) });
  engines.push(e);
  await e.start();
  const c = emptyConfig();
  for (const [n, port, user, pass] of servers) {
    c.servers.set(n, { n, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port }, register: true, transport: 'tcp', sipAddress: `sip:${user}@example.test`, user, password: pass, name: undefined });
  }
  e.apply(sipSettings(c));
  return e;
}

const status = (e: SipEngine, n: number) => e.servers().find((s) => s.n === n);

test('a closed TCP port: failed with "connection refused", at once', async () => {
  const t0 = Date.now();
  const e = await engine({}, [[1, CLOSED, 'alice', 'secret']]);
  const s = await waitFor('failed', () => (status(e, 1)?.state === 'failed' ? status(e, 1) : undefined), 5000);
  expect(s.reason).toBe('connection refused');
  expect(Date.now() - t0).toBeLessThan(3000);
});

test('outbound limit reached: the next registration says "too many connections" at once', async () => {
  const e = await engine({ maxOutbound: 1 }, [[1, KAM, 'alice', 'secret']]);
  await waitFor('1 registered', () => status(e, 1)?.state === 'registered', 8000);
  // a second target (another address:port) needs a second outgoing connection
  const c = emptyConfig();
  c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KAM }, register: true, transport: 'tcp', sipAddress: 'sip:alice@example.test', user: 'alice', password: 'secret', name: undefined });
  c.servers.set(2, { n: 2, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: CLOSED }, register: true, transport: 'tcp', sipAddress: 'sip:bob@example.test', user: 'bob', password: 'bobpass', name: undefined });
  const t0 = Date.now();
  e.apply(sipSettings(c));
  const s = await waitFor('2 failed', () => (status(e, 2)?.state === 'failed' ? status(e, 2) : undefined), 5000);
  expect(s.reason).toBe('too many connections');
  expect(Date.now() - t0).toBeLessThan(2000);
  expect(status(e, 1)?.state).toBe('registered');
});

test('idle inbound connections fill only the inbound limit, are closed when idle, and never block our own registration', async () => {
  const e = await engine({ maxInbound: 20, idleInboundMs: 1500 }, []);
  const opened: Array<Promise<void>> = [];
  let closedByPeer = 0;
  for (let i = 0; i < 40; i++) {
    const s = net.connect({ host: '127.0.0.1', port: e.port });
    s.on('error', () => undefined);
    s.on('close', () => closedByPeer++);
    s.resume(); // read, so that a close by the engine is seen
    sockets.push(s);
    opened.push(new Promise((res) => s.once('connect', () => res())));
  }
  await Promise.all(opened);
  // the 20 over the limit are refused (closed by us) at once
  await waitFor('over-limit closed', () => closedByPeer >= 20, 3000);
  // our own TCP registration still connects: outbound has its own limit
  const c = emptyConfig();
  c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KAM }, register: true, transport: 'tcp', sipAddress: 'sip:carol@example.test', user: 'carol', password: 'carolpass', name: undefined });
  e.apply(sipSettings(c));
  await waitFor('registered', () => status(e, 1)?.state === 'registered', 8000);
  // the idle ones are closed after 1.5 s
  await waitFor('idle closed', () => closedByPeer === 40, 5000);
  expect(status(e, 1)?.state).toBe('registered');
});

test("the issue's attack at its own figure: 1,100 idle inbound connections with the default limits; our TCP registration still connects", async () => {
  const e = await engine({}, []);
  let closedByUs = 0;
  const opened: Array<Promise<void>> = [];
  for (let i = 0; i < 1100; i++) {
    const s = net.connect({ host: '127.0.0.1', port: e.port });
    s.on('error', () => undefined);
    s.on('close', () => closedByUs++);
    s.resume(); // read, so that a close by the engine is seen
    sockets.push(s);
    opened.push(new Promise((res) => s.once('connect', () => res())));
  }
  await Promise.all(opened);
  // the 76 over the default inbound limit of 1,024 are closed as soon as they are accepted (1.3 s
  // alone; the bound is generous because accepting 1,100 connections on a loaded 2-core machine
  // is slow: what is asserted is the count, not the time)
  await waitFor('over-limit closed', () => closedByUs >= 76, 30000).catch((err: Error) => {
    throw new Error(`${err.message}: ${closedByUs} closed`);
  });
  const c = emptyConfig();
  c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: KAM }, register: true, transport: 'tcp', sipAddress: 'sip:alice@example.test', user: 'alice', password: 'secret', name: undefined });
  e.apply(sipSettings(c));
  const s = await waitFor('registered', () => (status(e, 1)?.state === 'registered' ? status(e, 1) : undefined), 8000);
  expect(s.reason).toBeUndefined();
  expect(closedByUs).toBe(76);
});
