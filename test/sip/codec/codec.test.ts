import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { StreamFramer } from '../../../src/sip/codec/framer';
import { parseChallenge, parseNameAddr, parseVia, param } from '../../../src/sip/codec/header-values';
import { Headers, SipMessage, splitHeaderList } from '../../../src/sip/codec/message';
import { parseMessage } from '../../../src/sip/codec/parser';
import { serialize } from '../../../src/sip/codec/serialize';
import { chooseChallenge } from '../../../src/sip/digest';
import { parseSipUri } from '../../../src/sip/uri';

const dir = path.join(__dirname, '../../fixtures/sip');
const fixture = (name: string): Buffer => fs.readFileSync(path.join(dir, name));
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sip'));

/** Frames a buffer fed one byte at a time. */
function frameByteByByte(buf: Buffer): ReturnType<StreamFramer['feed']> {
  const f = new StreamFramer();
  const out: ReturnType<StreamFramer['feed']> = [];
  for (const b of buf) out.push(...f.feed(Buffer.from([b])));
  return out;
}

const ok = (buf: Buffer): SipMessage => {
  const r = parseMessage(buf);
  if (!r.ok) throw new Error(r.error);
  return r.message;
};

describe('fixtures (valid-* parse, invalid-* are refused; never a throw)', () => {
  for (const f of files) {
    test(f, () => {
      const r = parseMessage(fixture(f));
      expect(r.ok).toBe(f.startsWith('valid-'));
    });
  }
});

describe('streaming framer, one byte at a time', () => {
  test('every valid fixture, back to back with keep-alive CRLFs between, frames to the same messages', () => {
    const valid = files.filter((f) => f.startsWith('valid-') && !f.includes('lf-only') && !f.includes('compact'));
    const stream = Buffer.concat(valid.flatMap((f) => [fixture(f), Buffer.from('\r\n\r\n')]));
    const frames = frameByteByByte(stream);
    expect(frames.map((e) => e.t)).toEqual(valid.map(() => 'frame'));
    frames.forEach((e, i) => {
      if (e.t === 'frame') expect(e.bytes.equals(fixture(valid[i] as string))).toBe(true);
    });
  });
  test('Content-Length counts bytes, not characters', () => {
    const [e] = frameByteByByte(fixture('valid-utf8-body.sip'));
    expect(e?.t).toBe('frame');
    const m = ok((e as { bytes: Buffer }).bytes);
    expect(m.body.toString('utf8')).toBe('こんにab');
  });
  test('Content-Length 0 ends the message; what follows is the next message', () => {
    const a = fixture('valid-ipv6-via.sip');
    const frames = new StreamFramer().feed(Buffer.concat([a, a]));
    expect(frames.length).toBe(2);
    expect(ok((frames[0] as { bytes: Buffer }).bytes).body.length).toBe(0);
  });
  test('any split of a two-message stream frames the same', () => {
    const stream = Buffer.concat([fixture('valid-multiple-challenges.sip'), fixture('valid-utf8-body.sip')]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const f = new StreamFramer();
        const out: Buffer[] = [];
        let last = 0;
        for (const p of [...points, stream.length]) {
          for (const e of f.feed(stream.subarray(last, p))) if (e.t === 'frame') out.push(e.bytes);
          last = p;
        }
        expect(Buffer.concat(out).equals(stream)).toBe(true);
        expect(out.length).toBe(2);
      }),
    );
  });
  test('a bad Content-Length or an endless header section is a framing error', () => {
    expect(new StreamFramer().feed(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: x\r\n\r\n'))[0]?.t).toBe('error');
    expect(new StreamFramer().feed(Buffer.alloc(70000, 0x61))[0]?.t).toBe('error');
  });
  test('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const f = new StreamFramer();
        for (const b of bytes) f.feed(Buffer.from([b]));
        parseMessage(Buffer.from(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parsing', () => {
  test('compact forms, folding, odd white space', () => {
    const m = ok(fixture('valid-compact-folded.sip'));
    expect(m.kind === 'request' && m.method).toBe('INVITE');
    expect(m.headers.list('via').length).toBe(3);
    expect(m.headers.get('call-id')).toBe('wsinv.ndaksdj@192.0.2.1');
    expect(m.headers.get('cseq')).toBe('0009 INVITE');
    expect(m.body.length).toBe(150);
    const contact = parseNameAddr(m.headers.get('contact') ?? '');
    expect(contact?.uri).toBe('sip:jdrosen@example.com');
  });
  test('IPv6 in Via, Request-URI and Contact', () => {
    const m = ok(fixture('valid-ipv6-via.sip'));
    const via = parseVia(m.headers.get('via') ?? '');
    expect(via).toMatchObject({ transport: 'TCP', host: { kind: 'ipv6', address: '2001:db8::9:1' }, port: 25140 });
    expect(param(via?.params ?? [], 'branch')).toBe('z9hG4bKas3-111');
    const c = parseSipUri(parseNameAddr(m.headers.get('contact') ?? '')?.uri ?? '');
    expect(c.ok && c.value.host).toEqual({ kind: 'ipv6', address: '2001:db8::9:1' });
    expect(c.ok && c.value.port).toBe(25140);
  });
  test('several WWW-Authenticate headers: SHA-256 is preferred', () => {
    const m = ok(fixture('valid-multiple-challenges.sip'));
    const ch = chooseChallenge(m.headers.getAll('www-authenticate').map((v) => parseChallenge(v)).filter((c) => c !== undefined));
    expect(ch).toMatchObject({ algorithm: 'SHA-256', nonce: 'n2', qop: 'auth', opaque: 'op', stale: false });
  });
  test('LF-only line ends', () => {
    expect(ok(fixture('valid-lf-only.sip')).headers.get('cseq')).toBe('1 OPTIONS');
  });
  test('Record-Route with two entries in one header', () => {
    const m = ok(fixture('valid-record-route-list.sip'));
    expect(m.headers.list('record-route').map((v) => parseNameAddr(v)?.uri)).toEqual(['sip:127.0.0.1:15060;transport=tcp;r2=on;lr', 'sip:[::1]:15060;r2=on;lr']);
  });
  test('a request whose headers can be read is reported as partial (to answer 400)', () => {
    const r = parseMessage(fixture('invalid-cseq-mismatch.sip'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.partial?.method).toBe('OPTIONS');
  });
  test('serialize → parse round trip, Content-Length in bytes', () => {
    const h = new Headers().add('Via', 'SIP/2.0/UDP [::1]:5060;branch=z9hG4bKa').add('From', '<sip:a@b.test>;tag=1').add('To', '<sip:c@d.test>').add('Call-ID', 'x').add('CSeq', '1 MESSAGE').add('Content-Length', '999');
    const bytes = serialize({ kind: 'request', method: 'MESSAGE', uri: 'sip:c@[::1]:5070', headers: h, body: Buffer.from('é', 'utf8') });
    expect(bytes.toString('latin1')).toContain('Content-Length: 2\r\n');
    const m = ok(bytes);
    expect(m.kind === 'request' && m.uri).toBe('sip:c@[::1]:5070');
    expect(m.body.toString('utf8')).toBe('é');
  });
  test('comma-separated lists honour quotes and angle brackets', () => {
    expect(splitHeaderList('"a, b" <sip:x@y;p=1,2>, <sip:z@w>')).toEqual(['"a, b" <sip:x@y;p=1,2>', '<sip:z@w>']);
  });
});
