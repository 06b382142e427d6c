/**
 * Evidence for docs/decisions.md: why sipsh writes its own telnet option layer. telnetlib 1.0.2
 * (pinned) corrupts outgoing data that contains byte 0xFF: its writer iterates a Buffer with
 * for...in, which yields the indices as strings, not the bytes.
 */
import * as net from 'net';
import * as telnetlib from 'telnetlib';
import { encodeData } from '../../src/telnet/codec';

test('telnetlib 1.0.2 mangles data with byte 0xFF; sipsh doubles it as RFC 854 says', async () => {
  const server = telnetlib.createServer({}, (c) => c.write(Buffer.from([0x41, 0xff, 0x42])));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const received = await new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1');
    s.on('data', (d: Buffer) => chunks.push(d));
    setTimeout(() => {
      s.destroy();
      resolve(Buffer.concat(chunks));
    }, 300);
  });
  server.close();
  // What RFC 854 needs on the wire is A IAC IAC B; telnetlib sends the for...in indices instead.
  expect(received.includes(Buffer.from([0x41, 0xff, 0xff, 0x42]))).toBe(false);
  expect([...received.subarray(0, 3)]).toEqual([0, 1, 2]); // the indices of A, IAC, B
  expect([...encodeData('A\xffB')]).toEqual([0x41, 0xff, 0xff, 0x42]);
});
