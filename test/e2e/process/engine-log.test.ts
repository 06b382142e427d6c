/**
 * Issue 12, "what happened is told": with `sip log off`, the built program's `show log` still
 * says that a registration at the real Kamailio succeeded and that one with a wrong password failed
 * (with the reason).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Kamailio } from '../../helpers/kamailio';
import { RawTelnet } from '../../helpers/raw-telnet';
import { SipshProcess } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

jest.setTimeout(60000);

const KAM = 37060;
let k: Kamailio;
let p: SipshProcess;

beforeAll(async () => {
  k = await Kamailio.start(KAM);
  const conf = path.join(tempDir('sipsh-englog'), 'sipsh.conf');
  fs.writeFileSync(
    conf,
    [
      'sip use on',
      `sip server 1 127.0.0.1:${KAM} register udp sip:bob@example.test bob bobpass`,
      `sip server 2 127.0.0.1:${KAM} register udp sip:bob@example.test bob wrong-password`,
      '',
    ].join('\n'),
  );
  p = await SipshProcess.start(['--config', conf, '--telnet', '127.0.0.1:0', '--no-http', '--sip-port', '0', '--sip-host', '127.0.0.1']);
});
afterAll(async () => {
  await p?.stop();
  await k?.stop();
  k?.cleanup();
});

async function showLog(): Promise<string[]> {
  const c = await RawTelnet.connect(p.telnetPort);
  await c.waitFor(/> $/);
  let m = c.text.length;
  c.send('console lines infinity\r');
  await c.waitFor(/> $/, m);
  m = c.text.length;
  c.send('show log\r');
  const out = await c.waitFor(/\r\n> $/, m);
  c.close();
  return out.split('\r\n').map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d: /, ''));
}

test('registration up and failed reach show log without sip log on', async () => {
  const end = Date.now() + 20000;
  let log: string[] = [];
  while (Date.now() < end) {
    log = await showLog();
    if (log.some((l) => l.startsWith('[SIP] server 1: registered')) && log.some((l) => l.startsWith('[SIP] server 2: registration failed'))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(log).toContain(`[SIP] server 1: registered at 127.0.0.1:${KAM}`);
  expect(log.find((l) => l.startsWith('[SIP] server 2: registration failed'))).toMatch(/^\[SIP\] server 2: registration failed: 40[13] \w/);
  expect(log.some((l) => l.startsWith('SIP sent') || l.startsWith('SIP received'))).toBe(false); // sip log is off
});
