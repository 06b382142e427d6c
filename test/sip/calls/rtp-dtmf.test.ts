/** RFC 4733 events, SIP INFO digit bodies, RFC 3550 loss and jitter, and a real UDP endpoint on loopback. */
import * as dgram from 'dgram';
import { decodeEvent, encodeEvent, eventCode, infoDigits, isDtmfDigits } from '../../../src/sip/calls/dtmf';
import { DigitReader, ReceiveStats, UdpRtp } from '../../../src/sip/calls/rtp';
import { answerDirection, checkOffer, parseSdp } from '../../../src/sip/calls/sdp';
import { SystemClock } from '../../../src/util/clock';

describe('RFC 4733 events', () => {
  test('codes: 0-9, * = 10, # = 11, A-D = 12-15; anything else is not a digit', () => {
    expect([...'09*#AD'].map(eventCode)).toEqual([0, 9, 10, 11, 12, 15]);
    expect(eventCode('E')).toBeUndefined();
    expect(isDtmfDigits('12*#ABCD')).toBe(true);
    expect(isDtmfDigits('12x')).toBe(false);
    expect(isDtmfDigits('')).toBe(false);
  });
  test('payload: event, E bit, volume, duration round trip; short payloads are refused', () => {
    const b = encodeEvent({ event: 11, end: true, volume: 10, duration: 800 });
    expect([...b]).toEqual([11, 0x8a, 0x03, 0x20]);
    expect(decodeEvent(b)).toEqual({ event: 11, end: true, volume: 10, duration: 800 });
    expect(decodeEvent(Buffer.from([1, 2, 3]))).toBeUndefined();
  });
  test('a digit is reported once, at the first end packet of its event (retransmitted ends ignored)', () => {
    const r = new DigitReader();
    const pkt = (event: number, end: boolean) => encodeEvent({ event, end, volume: 10, duration: 160 });
    expect(r.read(1000, pkt(5, false))).toBeUndefined();
    expect(r.read(1000, pkt(5, true))).toBe('5');
    expect(r.read(1000, pkt(5, true))).toBeUndefined();
    expect(r.read(1000, pkt(5, true))).toBeUndefined();
    expect(r.read(2000, pkt(10, true))).toBe('*');
  });
});

describe('SIP INFO bodies', () => {
  test.each([
    ['application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n', '5'],
    ['application/dtmf-relay', 'Signal= #\r\n', '#'],
    ['application/dtmf-relay', 'Signal=11\r\n', '#'],
    ['application/dtmf-relay', 'Signal=10\r\n', '*'],
    ['application/dtmf; charset=x', '7', '7'],
    ['application/dtmf-relay', 'Duration=160\r\n', undefined],
    ['application/dtmf', 'x', undefined],
    ['text/plain', '5', undefined],
  ])('%s %j → %s', (type, body, digit) => {
    expect(infoDigits(type, Buffer.from(body))).toBe(digit);
  });
});

describe('RFC 3550 receive statistics', () => {
  test('loss counts gaps in the sequence, across the 16-bit wrap; reordering is not loss', () => {
    const s = new ReceiveStats();
    for (const seq of [65533, 65534, 65535, 1, 2, 4, 3]) s.packet(seq, 0, 0);
    expect(s.received).toBe(7);
    expect(s.lost).toBe(1); // 0 is missing
  });
  test('jitter (A.8): steady 20 ms packets → 0; 10 ms of alternating delay → about 10 ms', () => {
    const steady = new ReceiveStats();
    for (let i = 0; i < 100; i++) steady.packet(i, i * 160, i * 20);
    expect(steady.jitterMs()).toBe(0);
    const shaky = new ReceiveStats();
    for (let i = 0; i < 500; i++) shaky.packet(i, i * 160, i * 20 + (i % 2) * 10);
    expect(shaky.jitterMs()).toBeGreaterThan(9);
    expect(shaky.jitterMs()).toBeLessThanOrEqual(10);
  });
});

describe('SDP offer/answer rules', () => {
  const offer = (text: string) => parseSdp(Buffer.from(text.replace(/\n/g, '\r\n')));
  test('direction answers (RFC 3264 §6.1) and c=0.0.0.0 as hold', () => {
    const base = 'v=0\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0\n';
    const o = (dir: string) => offer(`${base}a=${dir}\n`);
    expect(answerDirection(o('sendrecv')!, false)).toBe('sendrecv');
    expect(answerDirection(o('sendonly')!, false)).toBe('recvonly');
    expect(answerDirection(o('recvonly')!, false)).toBe('sendonly');
    expect(answerDirection(o('inactive')!, false)).toBe('inactive');
    expect(answerDirection(o('sendrecv')!, true)).toBe('recvonly');
    expect(answerDirection(offer('v=0\nc=IN IP4 0.0.0.0\nm=audio 4000 RTP/AVP 0\n')!, false)).toBe('recvonly');
  });
  test('checkOffer: codec, family, and the Warning code', () => {
    const v6 = offer('v=0\nc=IN IP6 2001:db8::1\nm=audio 4000 RTP/AVP 8 101\na=rtpmap:101 telephone-event/8000\n');
    expect(checkOffer(v6, ['127.0.0.1', '::1'])).toEqual({ ok: true, payload: 8, address: '::1' });
    expect(checkOffer(v6, ['127.0.0.1'])).toMatchObject({ ok: false, warning: 301 });
    expect(checkOffer(offer('v=0\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/48000/2\n'), ['127.0.0.1'])).toMatchObject({ ok: false, warning: 305 });
    expect(checkOffer(undefined, ['127.0.0.1'])).toMatchObject({ ok: false, warning: 305 });
  });
});

describe('UdpRtp on loopback (ports 33000-33999)', () => {
  /** Random bytes that put the RTP port at 33000 + 2k. */
  const fixed = (k: number) => ({ bytes: (n: number) => { const b = Buffer.alloc(n); if (n === 2) b.writeUInt16BE(6500 + k); return b; } });

  test('tone packets go out; digits go as events with one timestamp each, M bit first, three end packets', async () => {
    const peer = dgram.createSocket('udp4');
    await new Promise<void>((r) => peer.bind(33100, '127.0.0.1', r));
    const packets: Buffer[] = [];
    peer.on('message', (m) => packets.push(m));
    const rtp = await UdpRtp.open(['127.0.0.1'], new SystemClock(), fixed(0));
    try {
      expect(rtp.port).toBe(33000);
      rtp.start({ address: '127.0.0.1', port: 33100 }, 0, 101);
      expect(rtp.sendDigits('5', 101)).toBe(true);
      expect(rtp.sendDigits('5', 96)).toBe(false);
      await new Promise((r) => setTimeout(r, 400));
      const events = packets.filter((p) => ((p[1] as number) & 0x7f) === 101);
      expect(events.length).toBe(8);
      expect(new Set(events.map((p) => p.readUInt32BE(4))).size).toBe(1);
      expect((events[0]?.[1] as number) & 0x80).toBe(0x80);
      const decoded = events.map((p) => decodeEvent(p.subarray(12)));
      expect(decoded.map((d) => d?.event)).toEqual(Array(8).fill(5));
      expect(decoded.map((d) => d?.end)).toEqual([false, false, false, false, false, true, true, true]);
      expect(decoded[7]?.duration).toBe(800);
      expect(packets.some((p) => p[1] === 0)).toBe(true); // PCMU before and after
    } finally {
      rtp.close();
      peer.close();
    }
  });

  test('received events become digits; received packets are counted with loss', async () => {
    const rtp = await UdpRtp.open(['127.0.0.1'], new SystemClock(), fixed(1));
    const sock = dgram.createSocket('udp4');
    const got: string[] = [];
    rtp.onDigit = (d) => got.push(d);
    try {
      rtp.start({ address: '127.0.0.1', port: 0 }, 0, 101);
      const send = (seq: number, ts: number, pt: number, payload: Buffer) => {
        const h = Buffer.alloc(12);
        h[0] = 0x80;
        h[1] = pt;
        h.writeUInt16BE(seq, 2);
        h.writeUInt32BE(ts, 4);
        sock.send(Buffer.concat([h, payload]), rtp.port, '127.0.0.1');
      };
      send(1, 160, 101, encodeEvent({ event: 9, end: false, volume: 10, duration: 160 }));
      send(2, 160, 101, encodeEvent({ event: 9, end: true, volume: 10, duration: 320 }));
      send(3, 160, 101, encodeEvent({ event: 9, end: true, volume: 10, duration: 320 }));
      send(5, 960, 0, Buffer.alloc(160, 0xff));
      await new Promise((r) => setTimeout(r, 150));
      expect(got).toEqual(['9']);
      expect(rtp.received).toBe(4);
      expect(rtp.lost).toBe(1);
    } finally {
      rtp.close();
      sock.close();
    }
  });
});
