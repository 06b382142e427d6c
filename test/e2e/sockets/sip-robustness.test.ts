/** Bad SIP input over real sockets: readable bad requests get 400, garbage is dropped, the engine goes on. */
import * as dgram from 'dgram';
import { waitFor } from '../../helpers/kamailio';
import { RawTelnet } from '../../helpers/raw-telnet';
import { Router } from '../../helpers/router';

let r: Router;
beforeEach(async () => {
  r = await Router.start();
});
afterEach(async () => {
  await r.stop();
});

test('a request with a bad CSeq is answered 400 over UDP; random datagrams are dropped; OPTIONS still works', async () => {
  const sock = dgram.createSocket('udp4');
  const got: string[] = [];
  sock.on('message', (m) => got.push(m.toString('latin1')));
  await new Promise<void>((res) => sock.bind(0, '127.0.0.1', () => res()));
  const send = (text: string | Buffer) => sock.send(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, r.engine.port, '127.0.0.1');
  try {
    send('OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKbad1\r\nFrom: <sip:x@example.test>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: bad1\r\nCSeq: one OPTIONS\r\nContent-Length: 0\r\n\r\n');
    await waitFor('a 400', () => got.find((m) => m.startsWith('SIP/2.0 400 Bad Request (bad CSeq header)')));
    let seed = 3;
    for (let i = 0; i < 200; i++) send(Buffer.from(Array.from({ length: 1 + (i % 300) }, () => (seed = (seed * 69069 + 1) >>> 0) & 0xff)));
    send('OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKok1\r\nFrom: <sip:x@example.test>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: ok1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    await waitFor('200 for the good OPTIONS', () => got.find((m) => m.startsWith('SIP/2.0 200 OK') && m.includes('Call-ID: ok1')));
    expect(got.filter((m) => m.startsWith('SIP/2.0 400')).length).toBeLessThanOrEqual(200);
  } finally {
    sock.close();
  }
});

test('a TCP stream whose framing breaks is closed; the engine keeps serving', async () => {
  const c = await RawTelnet.connect(r.engine.port, false);
  c.send('OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: lots\r\n\r\n');
  await waitFor('the connection closed', () => c.closed);
  const d = await RawTelnet.connect(r.engine.port, false);
  d.send('OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKok2\r\nFrom: <sip:x@example.test>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: ok2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
  await d.waitFor(/SIP\/2\.0 200 OK[\s\S]*Call-ID: ok2/);
  d.close();
  expect((await r.run('show log')).join('\n')).toContain('dropped a message from tcp:127.0.0.1');
});
