/** Headers keep each field's canonical name from when it was added: look-ups, removal and the first list element. */
import fc from 'fast-check';
import { Headers, firstListElement, splitHeaderList } from '../../../src/sip/codec/message';
import { serialize } from '../../../src/sip/codec/serialize';

describe('Headers', () => {
  it('finds compact and differently cased names, and removes them all', () => {
    const h = new Headers().add('v', 'SIP/2.0/UDP a;branch=z9hG4bK1').add('VIA', 'SIP/2.0/UDP b;branch=z9hG4bK2').add('l', '5').add('Content-Length', '7').add('Call-ID', 'x');
    expect(h.get('Via')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1');
    expect(h.getAll('via')).toEqual(['SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b;branch=z9hG4bK2']);
    expect(h.has('i')).toBe(true);
    h.remove('CONTENT-LENGTH');
    expect(h.has('l')).toBe(false);
    expect(h.all().map((f) => f.name)).toEqual(['v', 'VIA', 'Call-ID']);
    h.set('i', 'y');
    expect(h.get('call-id')).toBe('y');
    expect(h.clone().getAll('v')).toHaveLength(2);
  });

  it('gives the top Via of a comma list and skips empty elements and fields', () => {
    const h = new Headers().add('Via', ' , ').add('Via', ' SIP/2.0/UDP "a,b" <x,y>;branch=1 , SIP/2.0/UDP c');
    expect(h.first('via')).toBe('SIP/2.0/UDP "a,b" <x,y>;branch=1');
    expect(new Headers().first('via')).toBeUndefined();
  });

  it('firstListElement is the first element splitHeaderList gives', () => {
    const text = fc.array(fc.constantFrom('a', ' ', ',', '"', '\\', '<', '>', 'b;x=1'), { maxLength: 16 }).map((xs) => xs.join(''));
    fc.assert(fc.property(text, (v) => firstListElement(v) === splitHeaderList(v)[0]), { numRuns: 5000 });
  });

  it('splitHeaderList and Headers.list give what the former split (one character at a time, then map/filter/flatMap) gave', () => {
    const text = fc.array(fc.constantFrom('a', ' ', '\t', ',', '"', '\\', '<', '>', 'b;x=1', '\u00a0', '\u2028', '<sip:u@h:5060;transport=udp>', ';received="sip:h:1"', ', '), { maxLength: 30 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 3 }), (values) => {
        for (const v of values) expect(splitHeaderList(v)).toEqual(formerSplitHeaderList(v));
        const h = new Headers();
        for (const v of values) h.add('Contact', v).add('Via', 'x');
        expect(h.list('m')).toEqual(values.flatMap(formerSplitHeaderList));
      }),
      { numRuns: 20000 },
    );
  });

  it('serialize writes one Content-Length, the body length, whatever the message said', () => {
    const h = new Headers().add('Via', 'SIP/2.0/UDP a;branch=z9hG4bK1').add('l', '99').add('content-LENGTH', '98');
    const wire = serialize({ kind: 'request', method: 'OPTIONS', uri: 'sip:a', headers: h, body: Buffer.from('hi') }).toString('latin1');
    expect(wire).toBe('OPTIONS sip:a SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nContent-Length: 2\r\n\r\nhi');
  });
});

/** The former splitHeaderList, kept as the reference. */
function formerSplitHeaderList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (c === ',' && !angle) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
