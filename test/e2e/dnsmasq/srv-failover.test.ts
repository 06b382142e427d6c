/**
 * RFC 3263 against a real DNS server (dnsmasq on a loopback port) and a real registrar (Kamailio):
 * SRV by transport, priority order, failover from a silent first target (Timer F, following
 * `sip request retransmit timer`) and from a 503 target; the status names the target in use.
 */
import dgram from 'dgram';
import { Kamailio, waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { Dnsmasq, startDnsmasq } from './dnsmasq';

jest.setTimeout(60000);

/** From this developer's range 32000-32999. */
const DNS = 32053;
const KAM = 32040;
const SILENT = 32031; // nothing listens here
const BUSY = 32032; // answers 503

let k: Kamailio;
let dns: Dnsmasq;
let busy: dgram.Socket;
let busyCount = 0;
let r: Router | undefined;

beforeAll(async () => {
  k = await Kamailio.start(KAM);
  dns = await startDnsmasq(DNS, [
    '--host-record=kam.lab.test,127.0.0.1',
    '--host-record=dead.lab.test,127.0.0.1',
    '--host-record=busy.lab.test,127.0.0.1',
    '--host-record=plain.test,127.0.0.1',
    '--host-record=v6.lab.test,::1',
    `--srv-host=_sip._udp.six.test,v6.lab.test,${KAM},10,0`,
    `--srv-host=_sip._udp.silent.test,dead.lab.test,${SILENT},10,0`,
    `--srv-host=_sip._udp.silent.test,kam.lab.test,${KAM},20,0`,
    `--srv-host=_sip._udp.busy.test,busy.lab.test,${BUSY},10,0`,
    `--srv-host=_sip._udp.busy.test,kam.lab.test,${KAM},20,0`,
    `--srv-host=_sip._tcp.both.test,kam.lab.test,${KAM},10,0`,
    `--srv-host=_sip._udp.both.test,dead.lab.test,${SILENT},10,0`,
  ]);
  busy = dgram.createSocket('udp4');
  busy.on('message', (buf, rinfo) => {
    const req = buf.toString('latin1');
    if (!req.startsWith('REGISTER ')) return;
    busyCount++;
    const copied = req.split('\r\n').filter((l) => /^(via|from|to|call-id|cseq):/i.test(l));
    busy.send(Buffer.from(['SIP/2.0 503 Service Unavailable', ...copied, 'Content-Length: 0', '', ''].join('\r\n'), 'latin1'), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => busy.bind(BUSY, '127.0.0.1', resolve));
});
afterAll(async () => {
  await dns?.stop();
  await new Promise<void>((resolve) => (busy ? busy.close(() => resolve()) : resolve()));
  await k?.stop();
  k?.cleanup();
});
beforeEach(async () => {
  r = await Router.start();
  await r.run(`dns server 127.0.0.1:${DNS}`);
});
afterEach(async () => {
  await r?.stop();
  r = undefined;
});

const stateOf = (n: number, want: string, ms = 15000) =>
  waitFor(`server ${n} ${want}`, async () => {
    const s = await r?.status(n);
    return s?.State === want ? s : undefined;
  }, ms);

test('a silent first SRV target: Timer F (T1 100 ms → 6.4 s), then the next target registers; the status names both', async () => {
  await r?.run('sip request retransmit timer 100 1000');
  const t0 = Date.now();
  await r?.run('sip server 1 silent.test register udp sip:alice@example.test alice secret');
  const s = await stateOf(1, 'registered');
  const took = Date.now() - t0;
  expect(took).toBeGreaterThan(6000);
  expect(took).toBeLessThan(12000);
  expect(s.Target).toBe(`kam.lab.test:${KAM} (udp:127.0.0.1:${KAM})`);
  expect(s.Failover).toBe(`dead.lab.test:${SILENT}: no response from server`);
  expect(s['Last response']).toBe('200 OK');
  expect((await k.bindingsOf('alice')).length).toBeGreaterThan(0);
});

test('a 503 first target: the next target at once, one REGISTER to the 503 server', async () => {
  busyCount = 0;
  await r?.run('sip server 2 busy.test register udp sip:bob@example.test bob bobpass');
  const s = await stateOf(2, 'registered', 8000);
  expect(busyCount).toBe(1);
  expect(s.Target).toBe(`kam.lab.test:${KAM} (udp:127.0.0.1:${KAM})`);
  expect(s.Failover).toBe(`busy.lab.test:${BUSY}: 503 Service Unavailable`);
  expect(s.Alternatives).toBe(`busy.lab.test:${BUSY} (udp:127.0.0.1:${BUSY})`);
});

test('the SRV name follows the transport: _sip._tcp for tcp reaches Kamailio over TCP', async () => {
  await r?.run('sip server 3 both.test register tcp sip:carol@example.test carol carolpass');
  const s = await stateOf(3, 'registered', 8000);
  expect(s.Target).toBe(`kam.lab.test:${KAM} (tcp:127.0.0.1:${KAM})`);
  expect(s.Failover).toBeUndefined();
});

test('a name with a port is not looked up as SRV: A record at that port', async () => {
  await r?.run(`sip server 4 plain.test:${KAM} register udp sip:UserA@example.test UserA userapass`);
  const s = await stateOf(4, 'registered', 8000);
  expect(s.Target).toBe(`plain.test (udp:127.0.0.1:${KAM})`);
});

test('dns static stays first: it wins over the SRV records', async () => {
  await r?.run('sip request retransmit timer 100 1000');
  await r?.run('dns static a busy.test 127.0.0.1');
  await r?.run(`sip server 5 busy.test register udp sip:alice@example.test alice secret`);
  busyCount = 0;
  const s = await stateOf(5, 'failed', 12000);
  // busy.test → 127.0.0.1:5060 directly (nothing there on UDP: Timer F) or refused; never the SRV targets
  expect(busyCount).toBe(0);
  expect(s.Target).toBe('busy.test (udp:127.0.0.1:5060)');
});

test('an SRV target with only an AAAA record: registered over IPv6', async () => {
  await r?.run('sip server 6 six.test register udp sip:bob@example.test bob bobpass');
  const s = await stateOf(6, 'registered', 8000);
  expect(s.Target).toBe(`v6.lab.test:${KAM} (udp:[::1]:${KAM})`);
  expect(s.Local).toMatch(/^\[::1\]:\d+$/);
});
