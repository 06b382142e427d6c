/**
 * The console bench's floor: a bare Node TCP server that gives the load generator the same traffic
 * as the sipsh console (a `Password: ` prompt, then for every line the line echoed, output and the
 * prompt, BYTES bytes in all, in one write on a no-delay socket) and does nothing else: no telnet
 * options, no parsing, no commands. Its round trips are what Node, the kernel's loopback and the
 * generator cost on this machine with the same sessions and the same closed loop; the console's
 * figures are read beside them (docs/benchmarks.md). It reads as most Node servers do, through a
 * `data` listener (Node's Readable stream), which sipsh's telnet connection no longer does
 * (src/telnet/connection.ts): a floor for Node's stream API, not below every server.
 *
 * Usage: node telnet-floor-server.js BYTES PROMPT — prints the port it listens on (127.0.0.1).
 */
import * as net from 'net';

function serve(bytes: number, prompt: string): net.Server {
  // Each line's reply is made once: the floor spends nothing per command but the read and the write.
  const replies = new Map<string, string>();
  const reply = (line: string): string => {
    let r = replies.get(line);
    if (r === undefined) {
      r = `${line}\r\n${'x'.repeat(Math.max(0, bytes - line.length - 4 - prompt.length))}\r\n${prompt}`;
      replies.set(line, r);
    }
    return r;
  };
  return net.createServer((socket) => {
    socket.setNoDelay(true);
    let loggedIn = false;
    let pending = '';
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      pending += data.toString('latin1');
      for (let cr = pending.indexOf('\r'); cr >= 0; cr = pending.indexOf('\r')) {
        const line = pending.slice(0, cr);
        pending = pending.slice(cr + 1);
        if (loggedIn) socket.write(reply(line), 'latin1');
        else {
          loggedIn = true;
          socket.write(`\r\n${prompt}`, 'latin1');
        }
      }
    });
    socket.write('Password: ', 'latin1');
  });
}

if (require.main === module) {
  const [bytes, prompt] = process.argv.slice(2);
  if (bytes === undefined || !/^\d+$/.test(bytes) || prompt === undefined) {
    process.stderr.write('usage: telnet-floor-server BYTES PROMPT\n');
    process.exit(2);
  }
  const server = serve(Number(bytes), prompt);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
  });
}
