/**
 * Issue 12, terminal injection: a UDP datagram whose start line holds `ESC ]0;…BEL ESC [2J` (retitle
 * the window, clear the screen) reaches the built program's SIP port; `show log` and `show log
 * reverse` over telnet print it escaped, never the raw control characters. Golden-style: the log
 * lines about the datagram, without their time stamps, are compared whole.
 */
import * as dgram from 'dgram';
import * as fs from 'fs';
import * as path from 'path';
import { RawTelnet } from '../../helpers/raw-telnet';
import { SipshProcess } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

jest.setTimeout(30000);

let p: SipshProcess;

beforeAll(async () => {
  const conf = path.join(tempDir('sipsh-hostile'), 'sipsh.conf');
  fs.writeFileSync(conf, 'sip use on\nsip log on\n');
  p = await SipshProcess.start(['--config', conf, '--telnet', '127.0.0.1:0', '--no-http', '--sip-port', '0', '--sip-host', '127.0.0.1']);
});
afterAll(async () => {
  await p?.stop();
});

const HOSTILE = 'OPTIONS\x1b]0;pwned\x07\x1b[2J sip:x@127.0.0.1 SIP/2.0\r\n\r\n';

/** Any C0 control but CR/LF (which end the lines), or DEL: none may reach the terminal raw. */
const hasRawControl = (text: string): boolean => [...text].some((c) => (c < ' ' && c !== '\r' && c !== '\n') || c === '\x7f');

async function send(port: number, text: string): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => s.send(Buffer.from(text, 'latin1'), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  s.close();
}

async function logOf(command: string): Promise<string[]> {
  const c = await RawTelnet.connect(p.telnetPort);
  await c.waitFor(/> $/);
  let m = c.text.length;
  c.send('console lines infinity\r');
  await c.waitFor(/> $/, m);
  m = c.text.length;
  c.send(`${command}\r`);
  const out = await c.waitFor(/\r\n> $/, m);
  c.close();
  return out.split('\r\n').slice(1, -1);
}

test('a hostile start line is shown escaped by show log and show log reverse', async () => {
  expect(p.sipPort).toBeGreaterThan(0);
  await send(p.sipPort, HOSTILE);
  const end = Date.now() + 5000;
  let lines: string[] = [];
  while (Date.now() < end) {
    lines = await logOf('show log');
    if (lines.some((l) => l.includes('pwned'))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const about = lines.filter((l) => l.includes('pwned')).map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d: /, '').replace(/127\.0\.0\.1:\d+:/, '127.0.0.1:PORT:'));
  const all = lines.join('\n');
  expect(hasRawControl(all)).toBe(false); // no raw control character reached the terminal
  // the message as `sip log on` traces it, and the engine's reason for dropping it (which quotes it)
  expect(about.sort()).toEqual(['OPTIONS\\x1b]0;pwned\\x07\\x1b[2J sip:x@127.0.0.1 SIP/2.0', 'SIP: dropped a message from udp:127.0.0.1:PORT: bad start line "OPTIONS\\x1b]0;pwned\\x07\\x1b[2J sip:x@127.0.0.1 SIP/2.0\\r"']);
  const reversed = await logOf('show log reverse');
  expect(hasRawControl(reversed.join('\n'))).toBe(false);
  expect(reversed.filter((l) => l.includes('pwned')).map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d: /, '').replace(/127\.0\.0\.1:\d+:/, '127.0.0.1:PORT:')).sort()).toEqual(about);
});
