/** parseVia read character by character gives what the expression-based reading gave. */
import { parseParams, parseVia, Via } from '../../../src/sip/codec/header-values';
import { parseHostPort } from '../../../src/net/host';
import { SeededRandom } from '../../../src/util/random';

/** The former implementation, kept as the reference. */
function reference(value: string): Via | undefined {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9-]+)\s+([^\s;]+)\s*(.*)$/i.exec(value.trim());
  if (!m) return undefined;
  const hp = parseHostPort(m[2] as string);
  if (!hp.ok) return undefined;
  const params = parseParams(m[3] ?? '');
  if (!params) return undefined;
  return { transport: (m[1] as string).toUpperCase(), host: hp.value.host, port: hp.value.port, params };
}

test('typical Via values', () => {
  for (const t of [
    'SIP/2.0/UDP 127.0.0.1:54430;branch=z9hG4bK871d;rport=54430;received=127.0.0.1',
    'SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKx',
    ' sip / 2.0 / udp host.example.test ; branch = x ',
    'SIP/2.0/UDP host\n;branch=x',
    'SIP/2.0/UDP host;branch=x\ny',
    'SIP/2.0/UDP',
    'SIP/2.0/UDP ;branch=x',
    'SIP/3.0/UDP h',
  ]) {
    expect(parseVia(t)).toEqual(reference(t));
  }
  expect(parseVia('SIP/2.0/UDP 127.0.0.1:54430;branch=z9hG4bK871d;rport')?.port).toBe(54430);
});

test('random Via-like texts parse the same as with the reference', () => {
  const r = new SeededRandom(42);
  const parts = ['UDP 127.0.0.1', 'TCP h;branch=1', 'SIP', 'sip', 'SiP', '/', '2.0', '2', '.', 'UDP', 'tcp', 'x-y', ' ', '\t', '\n', '\r', '\u2028', '\u00a0', '\u017f', '\u0131', ';', 'branch=z9hG4bK1', 'rport', '=', '"', '127.0.0.1', ':5060', '[::1]', 'host.example', ',', 'a'];
  let read = 0;
  for (let k = 0; k < 30000; k++) {
    let t = r.uint32() % 3 === 0 ? '' : 'SIP/2.0/';
    const len = r.uint32() % 10;
    for (let i = 0; i < len; i++) t += parts[r.uint32() % parts.length];
    const via = parseVia(t);
    expect(via).toEqual(reference(t));
    if (via !== undefined) read++;
  }
  expect(read).toBeGreaterThan(1000);
});
