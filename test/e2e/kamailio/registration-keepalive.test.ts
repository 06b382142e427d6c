/**
 * RFC 5626 keep-alive on a real TCP flow, seen by a scripted TCP registrar: CRLFCRLF pings at the
 * set interval while registered, and a flow the registrar drops is re-registered at once.
 * (A scripted peer: Kamailio does not log keep-alives.)
 */
import net from 'net';
import { emptyConfig } from '../../../src/config/model';
import { sipSettings } from '../../../src/config/sip-settings';
import { SipEngine } from '../../../src/sip/engine';
import { SystemClock } from '../../../src/util/clock';
import { waitFor } from '../../helpers/kamailio';

jest.setTimeout(30000);

/** From this developer's range 32000-32999. */
const PORT = 32070;

test('pings every 300 ms on the registered TCP flow; a dropped flow re-registers at once over a new connection', async () => {
  const flows: Array<{ socket: net.Socket; registers: number; pings: number }> = [];
  const server = net.createServer((socket) => {
    const flow = { socket, registers: 0, pings: 0 };
    flows.push(flow);
    let buf = '';
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      for (;;) {
        if (buf.startsWith('\r\n\r\n')) {
          flow.pings++;
          buf = buf.slice(4);
          continue;
        }
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0 || !buf.startsWith('REGISTER ')) break;
        const head = buf.slice(0, end);
        buf = buf.slice(end + 4);
        flow.registers++;
        const copied = head.split('\r\n').filter((l) => /^(via|from|to|call-id|cseq):/i.test(l));
        socket.write(['SIP/2.0 200 OK', ...copied, 'Expires: 600', 'Content-Length: 0', '', ''].join('\r\n'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  const e = new SipEngine({ clock: new SystemClock(), port: 0, addresses: ['127.0.0.1'], log: () => undefined, keepAliveMs: { tcp: 300 }, lookup: async () => undefined });
  try {
    await e.start();
    const c = emptyConfig();
    c.servers.set(1, { n: 1, server: { host: { kind: 'ipv4', address: '127.0.0.1' }, port: PORT }, register: true, transport: 'tcp', sipAddress: 'sip:alice@example.test', user: undefined, password: undefined, name: undefined });
    e.apply(sipSettings(c));
    await waitFor('registered', () => e.servers()[0]?.state === 'registered', 5000);
    await new Promise((r) => setTimeout(r, 1650));
    expect(flows.length).toBe(1);
    expect(flows[0]?.pings).toBeGreaterThanOrEqual(4);
    expect(flows[0]?.pings).toBeLessThanOrEqual(6);
    const t0 = Date.now();
    flows[0]?.socket.destroy();
    await waitFor('a REGISTER on a new flow', () => (flows[1]?.registers ?? 0) >= 1, 3000);
    expect(Date.now() - t0).toBeLessThan(1500);
    await waitFor('registered again', () => e.servers()[0]?.state === 'registered', 3000);
  } finally {
    await e.stop(300);
    for (const f of flows) f.socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
