/** sip response code busy: the status sent to a third caller while both ports ring. */
import { emptyConfig } from '../../src/config/model';
import { sipSettings } from '../../src/config/sip-settings';
import { buildSdp } from '../../src/sip/calls/sdp';
import { Headers, SipRequest } from '../../src/sip/codec/message';
import { SipEngine } from '../../src/sip/engine';
import { FakeClock } from '../../src/util/clock';
import { SeededRandom } from '../../src/util/random';
import { MemoryTransport } from '../helpers/memory-transport';
import { FakeRtp } from './calls/phones-fixture';


function invite(i: number): SipRequest {
  const h = new Headers()
    .add('Via', `SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKbusy${i}`)
    .add('From', `<sip:caller${i}@example.test>;tag=c${i}`)
    .add('To', '<sip:alice@127.0.0.1>')
    .add('Call-ID', `busy${i}`)
    .add('CSeq', '1 INVITE')
    .add('Contact', '<sip:caller@192.0.2.77:5090>')
    .add('Content-Type', 'application/sdp');
  return { kind: 'request', method: 'INVITE', uri: 'sip:alice@127.0.0.1:5060', headers: h, body: buildSdp({ address: '192.0.2.77', port: 6000, payloads: [0] }, 9) };
}

async function thirdCallerGets(busyCode: number | undefined): Promise<number[]> {
  const mem = new MemoryTransport();
  const engine = new SipEngine({
    clock: new FakeClock(), port: 0, log: () => undefined, random: new SeededRandom(2), rtp: async () => new FakeRtp(30000),
    transport: async (ev) => {
      mem.events = ev;
      return mem;
    },
  });
  const c = emptyConfig();
  c.busyCode = busyCode;
  // The callers are not configured servers: let them ring (sip arrive address check off).
  c.arriveAddressCheck = false;
  engine.apply(sipSettings(c));
  await engine.start();
  for (const i of [1, 2, 3]) mem.deliver(invite(i), { transport: 'udp', address: '192.0.2.1', port: 5060 });
  await engine.stop(0);
  return mem.sent.map((s) => s.message).filter((m) => m.kind === 'response' && m.headers.get('call-id') === 'busy3').map((m) => (m.kind === 'response' ? m.status : 0));
}

test('by default 486 Busy Here', async () => {
  expect(await thirdCallerGets(undefined)).toContain(486);
});

test('sip response code busy 603: 603 Decline instead', async () => {
  const got = await thirdCallerGets(603);
  expect(got).toContain(603);
  expect(got).not.toContain(486);
});
