/** An engine with its telephones on a fake clock, in-memory SIP transport and fake RTP endpoints. */
import { Config, emptyConfig } from '../../../src/config/model';
import { sipSettings } from '../../../src/config/sip-settings';
import { RtpEndpoint } from '../../../src/sip/calls/rtp';
import { buildSdp } from '../../../src/sip/calls/sdp';
import { Headers, SipRequest, SipResponse } from '../../../src/sip/codec/message';
import { SipEngine } from '../../../src/sip/engine';
import { FakeClock } from '../../../src/util/clock';
import { MemoryTransport } from '../../helpers/memory-transport';

/** An RTP endpoint that records what the call asks of it. */
export class FakeRtp implements RtpEndpoint {
  sent = 0;
  received = 0;
  lost = 0;
  jitterMs = 0;
  onDigit: ((digit: string) => void) | undefined;
  started: { address: string; port: number } | undefined;
  /** Whether the tone is being sent now (not on hold). */
  sending = false;
  pt: number | undefined;
  events: number | undefined;
  digitsSent = '';
  closed = false;
  constructor(readonly port: number) {}
  start(remote: { address: string; port: number }, pt: number, events?: number): void {
    this.sending = remote.port !== 0;
    if (this.sending) this.started = remote;
    this.pt = pt;
    this.events = events;
  }
  stop(): void {
    this.sending = false;
  }
  close(): void {
    this.closed = true;
    this.sending = false;
  }
  sendDigits(digits: string, pt: number): boolean {
    if (!this.sending || pt !== this.events) return false;
    this.digitsSent += digits;
    return true;
  }
}

/** Two servers: 1 at 192.0.2.1 (UDP), 2 at [2001:db8::1]:5070; prefixes 2# and 2#5; a phone book. */
export function testConfig(): Config {
  const c = emptyConfig();
  const server = (n: number, sip: string, address: string, kind: 'ipv4' | 'ipv6', port: number | undefined) => ({ n, server: { host: { kind, address }, port }, register: false, transport: 'udp' as const, sipAddress: sip, user: 'u', password: 'p', name: undefined });
  c.servers.set(1, server(1, 'sip:UserB@there.com', '192.0.2.1', 'ipv4', undefined));
  c.servers.set(2, server(2, 'sip:x@[2001:db8::1]:5070', '2001:db8::1', 'ipv6', 5070));
  c.serverPrefixes.set(1, '2#');
  c.serverPrefixes.set(2, '2#5');
  c.bookPrefix = '9#';
  c.book.set(1, { num: 1, dialNumber: '30', sipAddress: 'sip:UserA@there.com', server: undefined, name: undefined });
  c.book.set(2, { num: 2, dialNumber: '31', sipAddress: 'sip:Other@there.com', server: 7, name: undefined });
  return c;
}

export async function engineWithPhones(change: (c: Config) => void = () => undefined) {
  const clock = new FakeClock();
  const mem = new MemoryTransport();
  const rtps: FakeRtp[] = [];
  const log: string[] = [];
  const engine = new SipEngine({
    clock,
    port: 0,
    log: (l) => log.push(l),
    transport: (events) => {
      mem.events = events;
      return Promise.resolve(mem);
    },
    rtp: () => {
      const r = new FakeRtp(30000 + 2 * rtps.length);
      rtps.push(r);
      return Promise.resolve(r);
    },
  });
  const c = testConfig();
  change(c);
  engine.apply(sipSettings(c));
  await engine.start();
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const tel1 = () => engine.ports()[0];
  const responses = () => mem.sent.map((s) => s.message).filter((m): m is SipResponse => m.kind === 'response');
  return { clock, mem, engine, rtps, settle, tel1, log, responses };
}

/** The source of server 1's requests. */
export const SERVER1 = { transport: 'udp' as const, address: '192.0.2.1', port: 5060 };

/** An INVITE as server 1 relays it, with SDP `sdp` (PCMU from 192.0.2.77:6000 by default). */
export function invite(sdp: Buffer = buildSdp({ address: '192.0.2.77', port: 6000, payloads: [0] }, 9), branch = 'z9hG4bKin1'): SipRequest {
  const h = new Headers()
    .add('Via', `SIP/2.0/UDP 192.0.2.1:5060;branch=${branch}`)
    .add('From', '<sip:bob@example.test>;tag=b1')
    .add('To', '<sip:alice@127.0.0.1>')
    .add('Call-ID', 'in1')
    .add('CSeq', '7 INVITE')
    .add('Contact', '<sip:bob@192.0.2.77:5090>')
    .add('Content-Type', 'application/sdp');
  return { kind: 'request', method: 'INVITE', uri: 'sip:alice@127.0.0.1:5060', headers: h, body: sdp };
}

/** An in-dialog request from the caller of `invite()` to our tag. */
export function inDialog(method: string, seq: number, toTag: string, body: Buffer = Buffer.alloc(0), contentType?: string): SipRequest {
  const h = new Headers()
    .add('Via', `SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK${method}${seq}`)
    .add('From', '<sip:bob@example.test>;tag=b1')
    .add('To', `<sip:alice@127.0.0.1>;tag=${toTag}`)
    .add('Call-ID', 'in1')
    .add('CSeq', `${seq} ${method}`)
    .add('Contact', '<sip:bob@192.0.2.77:5090>');
  if (contentType !== undefined) h.add('Content-Type', contentType);
  return { kind: 'request', method, uri: 'sip:alice@127.0.0.1:5060', headers: h, body };
}
