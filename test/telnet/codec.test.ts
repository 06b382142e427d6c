import fc from 'fast-check';
import { AYT, DO, DONT, IAC, IP, MAX_SB, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE, SB, SE, TelnetDecoder, TelnetEvent, WILL, WONT, WireTextBuffer, encodeData, parseNaws, wireText } from '../../src/telnet/codec';
import { OptionNegotiator } from '../../src/telnet/options';

const oneByOne = (bytes: number[]): TelnetEvent[] => {
  const d = new TelnetDecoder();
  return bytes.flatMap((b) => d.feed(Buffer.from([b])));
};
/** Joins adjacent data events so that splits do not matter for comparisons. */
const normalise = (events: TelnetEvent[]) => {
  const out: Array<Record<string, unknown>> = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.t === 'data' && last?.t === 'data') last.bytes = Buffer.concat([last.bytes as Buffer, e.bytes]);
    else out.push(e.t === 'data' ? { t: 'data', bytes: Buffer.from(e.bytes) } : { ...e });
  }
  return out.map((e) => (e.t === 'data' ? { ...e, bytes: (e.bytes as Buffer).toString('hex') } : e.t === 'subnegotiation' ? { ...e, data: (e.data as Buffer).toString('hex') } : e));
};

const SAMPLE = [
  ...Buffer.from('ab'),
  IAC, IAC, // data byte 255
  IAC, WILL, OPT_NAWS,
  IAC, SB, OPT_NAWS, 0, 80, IAC, IAC, IAC, IAC, IAC, SE, // NAWS 80 x 65535: each 255 doubled inside
  IAC, IP,
  IAC, AYT,
  IAC, DONT, OPT_ECHO,
  ...Buffer.from('c\r\0'),
];

test('the decoder gives the same events for any split, down to one byte at a time', () => {
  const whole = normalise(new TelnetDecoder().feed(Buffer.from(SAMPLE)));
  expect(whole).toEqual([
    { t: 'data', bytes: Buffer.from([0x61, 0x62, 0xff]).toString('hex') },
    { t: 'option', verb: 'will', option: OPT_NAWS },
    { t: 'subnegotiation', option: OPT_NAWS, data: '0050ffff' },
    { t: 'command', code: IP },
    { t: 'command', code: AYT },
    { t: 'option', verb: 'dont', option: OPT_ECHO },
    { t: 'data', bytes: Buffer.from('c\r\0').toString('hex') },
  ]);
  expect(normalise(oneByOne(SAMPLE))).toEqual(whole);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: SAMPLE.length - 1 })), (cuts) => {
      const d = new TelnetDecoder();
      const pts = [...new Set(cuts)].sort((a, b) => a - b);
      const ev: TelnetEvent[] = [];
      let last = 0;
      for (const p of [...pts, SAMPLE.length]) {
        ev.push(...d.feed(Buffer.from(SAMPLE.slice(last, p))));
        last = p;
      }
      expect(normalise(ev)).toEqual(whole);
    }),
  );
});

test('NAWS sizes are unsigned 16-bit', () => {
  expect(parseNaws(Buffer.from([0xff, 0xff, 0x80, 0x00]))).toEqual({ width: 65535, height: 32768 });
  expect(parseNaws(Buffer.from([0, 0, 0, 0]))).toEqual({ width: 0, height: 0 });
  expect(parseNaws(Buffer.from([1, 2, 3]))).toBeUndefined();
});

test('an IAC SB that never ends is abandoned after MAX_SB bytes: what follows is data again', () => {
  const d = new TelnetDecoder();
  const ev = normalise(d.feed(Buffer.from([IAC, SB, OPT_TTYPE, ...new Array<number>(MAX_SB).fill(65), ...Buffer.from('show')])));
  expect(ev).toEqual([{ t: 'data', bytes: Buffer.from('show').toString('hex') }]);
});

test('random bytes never throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void oneByOne([...b])), { numRuns: 1000 });
});

test('the encoder doubles IAC and sends a lone CR as CR NUL', () => {
  expect([...encodeData('a\xffb\r\nc\rd')]).toEqual([0x61, 0xff, 0xff, 0x62, 0x0d, 0x0a, 0x63, 0x0d, 0x00, 0x64]);
});

describe('option negotiation (RFC 1143)', () => {
  test('we offer WILL ECHO, WILL SGA, DO NAWS; agreement needs no reply', () => {
    const n = new OptionNegotiator();
    expect(n.start()).toEqual([['will', OPT_ECHO], ['will', OPT_SGA], ['do', OPT_NAWS]]);
    expect(n.receive('do', OPT_ECHO)).toBeUndefined();
    expect(n.receive('will', OPT_NAWS)).toBeUndefined();
    expect(n.isOn('us', OPT_ECHO)).toBe(true);
    expect(n.isOn('him', OPT_NAWS)).toBe(true);
  });
  test('a client that refuses everything (netmiko: DONT ECHO, DONT SGA) gets no reply: no loop', () => {
    const n = new OptionNegotiator();
    n.start();
    expect(n.receive('dont', OPT_ECHO)).toBeUndefined();
    expect(n.receive('dont', OPT_SGA)).toBeUndefined();
    expect(n.receive('wont', OPT_NAWS)).toBeUndefined();
    expect(n.receive('dont', OPT_ECHO)).toBeUndefined();
    expect(n.isOn('us', OPT_ECHO)).toBe(false);
  });
  test('options the client offers first are enabled when we support them, refused otherwise', () => {
    const n = new OptionNegotiator();
    expect(n.receive('will', OPT_SGA)).toEqual(['do', OPT_SGA]);
    expect(n.receive('will', OPT_SGA)).toBeUndefined();
    expect(n.receive('will', OPT_TTYPE)).toEqual(['dont', OPT_TTYPE]);
    expect(n.receive('do', 99)).toEqual(['wont', 99]);
    expect(n.receive('do', OPT_ECHO)).toEqual(['will', OPT_ECHO]);
  });
  test('a peer that turns an enabled option off is acknowledged once', () => {
    const n = new OptionNegotiator();
    n.start();
    n.receive('do', OPT_SGA);
    expect(n.receive('dont', OPT_SGA)).toEqual(['wont', OPT_SGA]);
    expect(n.receive('dont', OPT_SGA)).toBeUndefined();
  });
  test('answers as the Map-kept Q method did, for any order of verbs on any options', () => {
    type Q = 'no' | 'yes' | 'wantno' | 'wantyes';
    /** The negotiator as it was with a Map per side (the reference). */
    class Reference {
      private readonly us = new Map<number, Q>();
      private readonly him = new Map<number, Q>();
      start(): void {
        this.us.set(OPT_ECHO, 'wantyes');
        this.us.set(OPT_SGA, 'wantyes');
        this.him.set(OPT_NAWS, 'wantyes');
      }
      isOn(side: 'us' | 'him', option: number): boolean {
        return (side === 'us' ? this.us : this.him).get(option) === 'yes';
      }
      receive(verb: 'will' | 'wont' | 'do' | 'dont', option: number): [string, number] | undefined {
        const ours = verb === 'do' || verb === 'dont';
        const table = ours ? this.us : this.him;
        const supported = (ours ? [OPT_ECHO, OPT_SGA] : [OPT_NAWS, OPT_SGA]).includes(option);
        const [agree, refuse] = ours ? ['will', 'wont'] : ['do', 'dont'];
        const state = table.get(option) ?? 'no';
        if (verb === 'do' || verb === 'will') {
          if (state === 'no') {
            if (!supported) return [refuse, option];
            table.set(option, 'yes');
            return [agree, option];
          }
          if (state !== 'yes') table.set(option, state === 'wantyes' ? 'yes' : 'no');
          return undefined;
        }
        if (state === 'yes') {
          table.set(option, 'no');
          return [refuse, option];
        }
        if (state !== 'no') table.set(option, 'no');
        return undefined;
      }
    }
    const step = fc.tuple(fc.constantFrom('will' as const, 'wont' as const, 'do' as const, 'dont' as const), fc.constantFrom(OPT_ECHO, OPT_SGA, OPT_TTYPE, OPT_NAWS, 0, 99, 255));
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 12 }), (started, steps) => {
        const n = new OptionNegotiator();
        const r = new Reference();
        if (started) {
          n.start();
          r.start();
        }
        for (const [verb, option] of steps) {
          expect(n.receive(verb, option)).toEqual(r.receive(verb, option));
          for (const o of [OPT_ECHO, OPT_SGA, OPT_TTYPE, OPT_NAWS, 99]) {
            expect(n.isOn('us', o)).toBe(r.isOn('us', o));
            expect(n.isOn('him', o)).toBe(r.isOn('him', o));
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
  test('bytes constants match RFC 854', () => {
    expect([IAC, DONT, DO, WONT, WILL, SB, SE]).toEqual([255, 254, 253, 252, 251, 250, 240]);
  });
});

test('WireTextBuffer gives wireText of its pieces joined, the escape judged piece by piece', () => {
  const piece = fc.array(fc.constantFrom('a', '\r', '\n', '\xff', '\u01ff', '\0', '\r\n', 'b', ''), { maxLength: 5 }).map((p) => p.join(''));
  const b = new WireTextBuffer();
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
      for (const p of pieces) b.add(p);
      expect(b.length).toBe(pieces.join('').length);
      expect(b.take()).toBe(wireText(pieces.join('')));
      expect(b.length).toBe(0);
    }),
    { numRuns: 5000 },
  );
});

test('WireTextBuffer with lines added: wireText of the pieces and the lines (each with its CR LF) joined', () => {
  const piece = fc.array(fc.constantFrom('a', '\r', '\n', '\xff', '\u01ff', '\0', '\r\n', 'b', ''), { maxLength: 5 }).map((p) => p.join(''));
  const write = fc.oneof(
    piece.map((p) => ({ t: 'text' as const, p })),
    fc.array(piece, { maxLength: 4 }).map((lines) => ({ t: 'lines' as const, lines })),
  );
  const b = new WireTextBuffer();
  fc.assert(
    fc.property(fc.array(write, { maxLength: 6 }), (writes) => {
      let expected = '';
      for (const w of writes) {
        if (w.t === 'text') {
          b.add(w.p);
          expected += w.p;
        } else {
          expected += w.lines.map((l) => `${l}\r\n`).join('');
          b.addLines([...w.lines]);
        }
      }
      expect(b.length).toBe(expected.length);
      expect(b.take()).toBe(wireText(expected));
      expect(b.length).toBe(0);
      expect(b.take()).toBe('');
    }),
    { numRuns: 5000 },
  );
});

test('isPlainText: a read with no IAC, between commands, is its data event as it is', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }), { minLength: 1, maxLength: 6 }), (reads) => {
      const d = new TelnetDecoder();
      for (const r of reads) {
        const chunk = Buffer.from(r);
        const plain = d.isPlainText(chunk.toString('latin1'));
        const events = d.feed(chunk);
        // Plain: exactly the read's bytes as data (nothing when empty); a read with an IAC, or inside a command, is not plain.
        if (plain) expect(normalise(events)).toEqual(chunk.length > 0 ? [{ t: 'data', bytes: chunk.toString('hex') }] : []);
        if (r.includes(IAC)) expect(plain).toBe(false);
      }
    }),
  );
  const d = new TelnetDecoder();
  d.feed(Buffer.from([IAC]));
  expect(d.isPlainText('abc')).toBe(false); // the command under way takes the next byte
});
