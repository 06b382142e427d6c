/**
 * A raw-socket replay of what netmiko's yamaha_telnet driver sends, byte for byte: it answers DONT
 * to our WILL ECHO / WILL SGA, waits for "Password" case-insensitively and matches prompts with
 * [>#]\s*$. Each answer must come where netmiko expects it.
 */
import { hashPassword } from '../../../src/config/passwords';
import { buildShell } from '../../../src/shell/build';
import { Shell } from '../../../src/shell/shell';
import { TelnetServer } from '../../../src/telnet/server';
import { RawTelnet } from '../../helpers/raw-telnet';

const PROMPT = /[>#]\s*$/;

/** A console on `host`, one raw client connected and at its first prompt; both closed after `body`. */
async function withConsole(shell: Shell, host: string, body: (c: RawTelnet) => Promise<void>): Promise<void> {
  const server = new TelnetServer(shell);
  const { port } = await server.listen(host, 0);
  const c = await RawTelnet.connect(port, true, host);
  try {
    await c.waitFor(PROMPT);
    await body(c);
  } finally {
    c.close();
    await server.close();
  }
}

test('the netmiko yamaha_telnet sequence completes with every answer where netmiko expects it', async () => {
  const shell = buildShell({ loginDelayMs: 10 });
  shell.store.config.loginPassword = hashPassword('loginpass');
  shell.store.config.adminPassword = hashPassword('adminpass');
  shell.store.config.prompt = 'RTX1210';
  const server = new TelnetServer(shell);
  const { port } = await server.listen('127.0.0.1', 0);
  const c = await RawTelnet.connect(port);
  try {
    await c.waitFor(/password/i);
    expect(c.text).not.toMatch(/user:|username|login|user name/i); // netmiko would send a username
    let mark = c.text.length;
    const step = async (bytes: string, until: RegExp = PROMPT): Promise<string> => {
      mark = c.text.length;
      c.send(bytes);
      return c.waitFor(until, mark);
    };
    expect(await step('loginpass\r')).toMatch(/RTX1210> $/);
    await step('\r\n');
    await step('\n');
    await step('\n');
    expect(await step('console lines infinity\n')).toContain('console lines infinity'); // echoed although DONT ECHO
    await step('\n');
    const config = await step('show config\n');
    expect(config).toContain('console prompt RTX1210');
    expect(config).toContain('login password encrypted ********');
    expect(config).not.toContain('---more---');
    await step('\n');
    expect(await step('administrator\n', /password/i)).toMatch(/Password: $/);
    expect(await step('adminpass\n')).toMatch(/RTX1210# $/);
    await step('\n');
    const set = await step('sip server 1 192.0.2.10 register udp sip:UserB@there.com UserB secret\n');
    expect(set).toMatch(/^sip server 1 192\.0\.2\.10 register udp sip:UserB@there\.com UserB secret\r\nRTX1210# $/);
    await step('\n');
    await step('\n');
    expect(await step('save\n')).toContain('Saving ... CONFIG0 Done .');
    await step('\n');
    // exit at # with no unsaved change: straight back to >
    expect(await step('exit\n')).toMatch(/RTX1210> $/);
    await step('\n');
    await step('\n');
    expect(c.options).toEqual(expect.arrayContaining(['WILL 1', 'WILL 3', 'DO 31']));
    expect(shell.store.config.servers.get(1)?.user).toBe('UserB');
  } finally {
    c.close();
    await server.close();
  }
});

test('exit with unsaved changes asks (Y/N); netmiko answers N', async () => {
  const shell = buildShell();
  shell.store.config.prompt = 'RTX1210';
  const server = new TelnetServer(shell);
  const { port } = await server.listen('127.0.0.1', 0);
  const c = await RawTelnet.connect(port);
  try {
    await c.waitFor(PROMPT);
    let m = c.text.length;
    c.send('administrator\n');
    await c.waitFor(/Password: $/, m);
    m = c.text.length;
    c.send('\n');
    await c.waitFor(/# $/, m);
    m = c.text.length;
    c.send('sip use off\n');
    await c.waitFor(/# $/, m);
    m = c.text.length;
    c.send('exit\n');
    await c.waitFor(/\(Y\/N\)$/, m);
    m = c.text.length;
    c.send('N');
    expect(await c.waitFor(/RTX1210> $/, m)).toBe('N\r\nRTX1210> ');
  } finally {
    c.close();
    await server.close();
  }
});

test('IAC AYT is answered; IAC IP drops the line like ^C; IAC EC and EL edit it', () =>
  withConsole(buildShell(), '127.0.0.1', async (c) => {
    let m = c.text.length;
    c.send(Buffer.from([255, 246])); // IAC AYT
    await c.waitFor(/\[Yes\]/, m);
    m = c.text.length;
    c.send('show frob');
    c.send(Buffer.from([255, 244])); // IAC IP
    expect(await c.waitFor(/\^C\r\n> $/, m)).toContain('show frob^C');
    m = c.text.length;
    c.send('show status analogX');
    c.send(Buffer.from([255, 247])); // IAC EC: erase the X
    c.send('\r');
    await c.waitFor(/TEL1: idle[\s\S]*> $/, m);
    m = c.text.length;
    c.send('garbage');
    c.send(Buffer.from([255, 248])); // IAC EL: erase the line
    c.send('show status analog\r');
    await c.waitFor(/TEL1: idle[\s\S]*> $/, m);
    expect(c.text.slice(m)).not.toContain('Error');
  }));

test('the console listens on [::1] too', () =>
  withConsole(buildShell(), '::1', async (c) => {
    const m = c.text.length;
    c.send('show environment\r');
    expect(await c.waitFor(/Sessions: 1 of 16[\s\S]*> $/, m)).toContain('sipsh Rev.0.1.0');
  }));
