/**
 * The Linux telnet client driven by expect against the real program (issue 3), with a Kamailio
 * registrar behind it: login, wrong passwords, administrator, abbreviations, ?, Tab, history,
 * paging, sip server, show config, save, exit with N and with Y.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { hashPassword } from '../../../src/config/passwords';
import { Kamailio, requireTool } from '../../helpers/kamailio';
import { SipshProcess } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

jest.setTimeout(90000);
const run = promisify(execFile);
const KPORT = 15310;

let dir: string;
let conf: string;
let sipsh: SipshProcess;
let k: Kamailio;

beforeAll(async () => {
  requireTool('telnet', 'telnet');
  requireTool('expect', 'expect');
  dir = tempDir('sipsh-expect');
  conf = path.join(dir, 'sipsh.conf');
  fs.writeFileSync(conf, [`login password encrypted ${hashPassword('loginpass')}`, `administrator password encrypted ${hashPassword('adminpass')}`, 'console prompt RTX1210', ''].join('\n'), { mode: 0o600 });
  k = await Kamailio.start(KPORT);
  sipsh = await SipshProcess.start(['--config', conf, '--telnet', '127.0.0.1:0', '--sip-port', '0', '--http', '127.0.0.1:0']);
});

afterAll(async () => {
  await sipsh?.stop();
  await k?.stop();
  k?.cleanup();
});

/** Runs an expect script body against the console; every `expect` must match or the script fails naming its step. */
async function expectScript(body: string): Promise<string> {
  const file = path.join(dir, `s${Date.now()}.exp`);
  fs.writeFileSync(
    file,
    `set timeout 10
log_user 1
proc step {name} { global current; set current $name }
set current start
expect_after {
  timeout { puts "\\nEXPECT FAILED (timeout) at step: $current"; exit 1 }
  eof { puts "\\nEXPECT FAILED (eof) at step: $current"; exit 2 }
}
spawn telnet 127.0.0.1 ${sipsh.telnetPort}
${body}
`,
  );
  try {
    const { stdout } = await run('expect', ['-f', file], { timeout: 60000 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; message: string };
    throw new Error(`${err.message}\n${err.stdout ?? ''}`);
  }
}

test('a whole session with the Linux telnet client', async () => {
  const out = await expectScript(`
step login-prompt;   expect "Password: "
step wrong-password; send "nope\\r"; expect "Password: "
step right-password; send "loginpass\\r"; expect "RTX1210> "
step tab;            send "sh\\t"; expect "show "
step help;           send "?"; expect -re {config +The running configuration}; expect "RTX1210> show "
step abbreviation;   send "\\025sh env\\r"; expect "Configuration file:"; expect "RTX1210> "
step admin-only;     send "sip use off\\r"; expect "Error: Administrator use only"; expect "RTX1210> "
step administrator;  send "administrator\\r"; expect "Password: "; send "adminpass\\r"; expect "RTX1210# "
step bad-ipv6;       send "sip server 1 ::1 register tcp sip:alice@example.test alice secret\\r"; expect "Error: Invalid parameter: an IPv6 address must be enclosed in brackets"; expect "RTX1210# "
step sip-server;     send "sip server 1 \\[::1\\]:${KPORT} register tcp sip:alice@example.test alice secret\\r"; expect "RTX1210# "
step registered;     sleep 1; send "show status sip server 1\\r"; expect -re {State: +registered}; expect "RTX1210# "
step show-config;    send "sh conf\\r"; expect -ex {sip server 1 [::1]:${KPORT} register tcp sip:alice@example.test alice secret}; expect "RTX1210# "
step history;        send "\\033\\[A"; expect "sh conf"; send "\\025"
step paging;         send "console lines 5\\r"; expect "RTX1210# "; send "show command\\r"; expect -- "---more---"; send " "; expect -- "---more---"; send "q"; expect "RTX1210# "
step grep;           send "show config | grep prompt\\r"; expect "console prompt RTX1210"; expect "RTX1210# "
step save;           send "save\\r"; expect "Saving ... CONFIG0 Done ."; expect "RTX1210# "
step change;         send "analog extension dial prefix sip prefix=\\"9#\\"\\r"; expect "RTX1210# "
step exit-N;         send "exit\\r"; expect "Save new configuration ? (Y/N)"; send "N"; expect "RTX1210> "
step admin-again;    send "administrator\\r"; expect "Password: "; send "adminpass\\r"; expect "RTX1210# "
step exit-Y;         send "exit\\r"; expect "Save new configuration ? (Y/N)"; send "Y"; expect "Saving ... CONFIG0 Done ."; expect "RTX1210> "
step close;          send "exit\\r"; expect eof
`);
  expect(out).not.toContain('EXPECT FAILED');
  const saved = fs.readFileSync(conf, 'utf8');
  expect(saved).toContain(`sip server 1 [::1]:${KPORT} register tcp sip:alice@example.test alice secret`);
  expect(saved).toContain('analog extension dial prefix sip prefix="9#"');
  expect(saved).not.toContain('loginpass');
  expect(fs.statSync(conf).mode & 0o777).toBe(0o600);
  expect((await k.bindingsOf('alice')).length).toBe(1);
  // the echo of the password never appears
  expect(out).not.toMatch(/adminpass|loginpass/);
});
