/**
 * What a telnet read makes the server write: a command line typed in one read is answered with one
 * socket write (its echo, the command's output and the next prompt), sent at the end of the read.
 */
import * as net from 'net';
import { buildShell } from '../../src/shell/build';
import { TelnetConnection } from '../../src/telnet/connection';
import { RawTelnet } from '../helpers/raw-telnet';

test('a command typed in one read is answered with one write: echo, output and prompt', async () => {
  const shell = buildShell({ maxSessions: 4 });
  shell.loadConfig('console prompt RTX1210\n');
  const writes: string[] = [];
  const server = net.createServer((socket) => {
    const write = socket.write.bind(socket);
    socket.write = ((data: string | Uint8Array, ...rest: unknown[]): boolean => {
      writes.push(typeof data === 'string' ? data : Buffer.from(data).toString('latin1'));
      return (write as (d: string | Uint8Array, ...r: unknown[]) => boolean)(data, ...rest);
    });
    new TelnetConnection(socket, shell);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const c = await RawTelnet.connect(port);
  try {
    await c.waitFor(/RTX1210> $/, 0, 5000);
    for (const line of ['console lines infinity', 'show command', 'help', 'sh conf | grep prompt', 'nonsense']) {
      writes.length = 0;
      const m = c.text.length;
      c.send(`${line}\r`);
      const text = await c.waitFor(/RTX1210> $/, m, 5000);
      expect(writes).toHaveLength(1);
      expect(writes[0]).toBe(text);
      expect(writes[0]?.startsWith(`${line}\r\n`)).toBe(true);
    }
  } finally {
    c.close();
    await new Promise((r) => server.close(r));
  }
});
