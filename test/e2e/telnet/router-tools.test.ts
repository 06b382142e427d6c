/**
 * The built program over a real socket, driven as the router tools drive a real RT:
 * - netmiko `yamaha_telnet`: password + CR, then a lone LF 0.5 s later, and it waits for a prompt
 *   (with and without a login password);
 * - Terraform RTX provider: `show environment` read with its regexes, `exit` answered `Y\r`;
 * - Ansible rtx: `show environment | grep Rev` read with its regexes.
 * Ports 36001-36009 (this file's range).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hashPassword } from '../../../src/config/passwords';
import { RawTelnet } from '../../helpers/raw-telnet';
import { MAIN, SipshProcess } from '../../helpers/sipsh-process';

const PROMPT = /[>#]\s*$/;

async function withProgram(port: number, configText: string, extra: string[], body: (c: RawTelnet, p: SipshProcess) => Promise<void>): Promise<void> {
  expect(fs.existsSync(MAIN)).toBe(true); // the test command builds first (npm run build)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-tools-'));
  const file = path.join(dir, 'sipsh.conf');
  fs.writeFileSync(file, configText, { mode: 0o600 });
  const p = await SipshProcess.start(['--config', file, '--telnet', `127.0.0.1:${port}`, '--sip-port', '0', '--no-http', ...extra]);
  let c: RawTelnet | undefined;
  try {
    c = await RawTelnet.connect(p.telnetPort);
    await body(c, p);
  } finally {
    c?.close();
    await p.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `bytes` and waits for `until` in what comes after. */
async function step(c: RawTelnet, bytes: string, until: RegExp = PROMPT): Promise<string> {
  const mark = c.text.length;
  c.send(bytes);
  return c.waitFor(until, mark);
}

test('netmiko timing with a login password: password + CR, then a lone LF 0.5 s later gets a prompt', () =>
  withProgram(36001, `console prompt RTX1210\nlogin password encrypted ${hashPassword('loginpass')}\n`, [], async (c) => {
    await c.waitFor(/Password: $/);
    expect(await step(c, 'loginpass\r')).toMatch(/^\r\nRTX1210> $/);
    await sleep(500);
    // The LF is a new Enter: one more prompt, where netmiko waits for it.
    expect(await step(c, '\n')).toBe('\r\nRTX1210> ');
    expect(await step(c, 'show status analog\r')).toContain('TEL1: idle');
  }));

test('netmiko timing without a login password: CR, then LF 0.5 s later: two prompts; CR LF together: one', () =>
  withProgram(36002, 'console prompt RTX1210\n', [], async (c) => {
    await c.waitFor(/RTX1210> $/);
    expect(await step(c, '\r')).toBe('\r\nRTX1210> ');
    await sleep(500);
    expect(await step(c, '\n')).toBe('\r\nRTX1210> ');
    const mark = c.text.length;
    c.send('\r\n');
    await c.waitFor(/RTX1210> $/, mark);
    await sleep(200);
    expect(c.text.slice(mark)).toBe('\r\nRTX1210> ');
  }));

test('show environment and show config read with the Terraform and Ansible regexes (--model RTX1210)', () =>
  withProgram(36003, 'console prompt RTX1210\n', ['--model', 'RTX1210'], async (c) => {
    await c.waitFor(/RTX1210> $/);
    const env = await step(c, 'show environment\r');
    // Terraform RTX provider, internal/client/system_info.go and config_path_resolver.go
    expect(/(RTX\d+)\s+Rev\./.exec(env)?.[1]).toBe('RTX1210');
    expect(/RTX\d+\s+Rev\.([\d.]+)/.exec(env)?.[1]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(/serial=([A-Z0-9]+)/.exec(env)?.[1]).toMatch(/^S[0-9A-Z]{8}$/);
    expect(/MAC-Address=([0-9a-fA-F:]+)/.exec(env)?.[1]).toMatch(/^00:a0:de(:[0-9a-f]{2}){3}$/);
    expect(/Elapsed time from boot:\s*(.+)/.exec(env)?.[1]).toMatch(/^\d+days \d\d:\d\d:\d\d\r?$/);
    expect(/(?:default\s+config\s+file:\s*config(\d+))/i.exec(env)?.[1]).toBe('0');
    // Ansible yamaha_network.rtx facts: show environment | grep Rev
    const rev = await step(c, 'show environment | grep Rev\r');
    expect(/(Rev.(\S+\s\(.*\)))/.exec(rev)?.[1]).toMatch(/^Rev\.\d+\.\d+\.\d+ \(.+\)$/);
    expect(/((RTX|NVR|FWX)\d{3,5}|vRX)/.exec(rev)?.[1]).toBe('RTX1210');
    // The same serial and MAC in show config's header.
    const config = await step(c, 'show config\r');
    const serial = /serial=(\S+)/.exec(env)?.[1] ?? '';
    expect(config).toMatch(/^show config\r\n# RTX1210 Rev\.\d+\.\d+\.\d+ \(.+\)\r\n# MAC Address : 00:a0:de/);
    expect(config).toContain(`# main:  RTX1210 ver=00 serial=${serial} MAC-Address=`);
    expect(config).toMatch(/# Reporting Date: [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d \d{4}\r\n/);
  }));

test('Terraform exit: Save new configuration ? (Y/N) answered "Y\\r" saves, and the CR is no extra Enter', () =>
  withProgram(36004, 'console prompt RTX1210\n', [], async (c) => {
    await c.waitFor(/RTX1210> $/);
    expect(await step(c, 'administrator\r', /Password: $/)).toMatch(/Password: $/);
    expect(await step(c, '\r')).toMatch(/RTX1210# $/);
    await step(c, 'sip use off\r');
    expect(await step(c, 'exit\r', /\(Y\/N\)/)).toContain('Save new configuration ? (Y/N)');
    const mark = c.text.length;
    c.send('Y\r');
    await c.waitFor(/RTX1210> $/, mark);
    await sleep(200);
    expect(c.text.slice(mark)).toBe('Y\r\nSaving ... CONFIG0 Done .\r\nRTX1210> ');
  }));
