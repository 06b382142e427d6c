/** The program's own command line, run as a user would: --help, --version, check, exec. */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { MAIN } from '../../helpers/sipsh-process';
import { tempDir } from '../../helpers/temp-dir';

const run = promisify(execFile);

async function sipsh(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const tmp = (): string => tempDir('sipsh-cli');

test('--help and --version', async () => {
  const help = await sipsh(['--help']);
  expect(help.code).toBe(0);
  for (const word of ['--config', '--telnet', '--sip-port', '--http', 'check', 'exec']) expect(help.stdout).toContain(word);
  expect((await sipsh(['--version'])).stdout.trim()).toBe('0.1.0');
});

test('check prints each bad line as FILE:LINE: message and exits 1; a good file exits 0', async () => {
  const dir = tmp();
  const bad = path.join(dir, 'bad.conf');
  fs.writeFileSync(bad, '# header\nsip server 1 192.0.2.1 register udp sip:a@example.test\nsip server 2 ::1 register udp sip:a@example.test\nfrobnicate\n');
  const r = await sipsh(['check', bad]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(`${bad}:3: Error: Invalid parameter: an IPv6 address must be enclosed in brackets: [::1]\n${bad}:4: Error: Invalid command name at "frobnicate"\n`);
  const good = path.join(dir, 'good.conf');
  fs.writeFileSync(good, 'sip server 1 192.0.2.1 register udp sip:a@example.test\n');
  expect(await sipsh(['check', good])).toMatchObject({ code: 0, stdout: `${good}: OK\n` });
  expect((await sipsh(['check', path.join(dir, 'missing.conf')])).code).toBe(1);
});

test('exec runs commands in order against one configuration; save writes it; no network', async () => {
  const dir = tmp();
  const conf = path.join(dir, 'sipsh.conf');
  const r = await sipsh(['exec', '--config', conf, '--admin', 'sip server 1 [2001:db8::1]:5070 register tcp sip:alice@example.test alice secret', 'analog extension dial prefix sip server=1 prefix="2#"', 'save', 'show config | grep sip']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Saving ... CONFIG0 Done .');
  expect(r.stdout).toContain('sip server 1 [2001:db8::1]:5070 register tcp sip:alice@example.test alice secret\n');
  expect(fs.readFileSync(conf, 'utf8')).toContain('analog extension dial prefix sip server=1 prefix="2#"');
  const user = await sipsh(['exec', '--config', conf, 'show config | grep server', 'show status sip server', 'no sip server 1']);
  expect(user.code).toBe(1); // the last command is administrator-only
  expect(user.stdout).toContain('alice ********');
  expect(user.stdout).toContain('The SIP engine is not running.');
  expect(user.stdout).toContain('Error: Administrator use only');
});

test('exec prints the command above the caret of its error, with the prompt the caret counts', async () => {
  const conf = path.join(tmp(), 'sipsh.conf');
  const r = await sipsh(['exec', '--config', conf, 'show environment', 'show  confg', 'show config']);
  expect(r.code).toBe(1);
  const lines = r.stdout.split('\n');
  const at = lines.indexOf('> show  confg');
  expect(at).toBeGreaterThan(0);
  expect(lines[at + 1]).toBe(' '.repeat('> show  '.length) + '^');
  expect(lines[at + 2]).toBe('Error: Invalid command name');
  const admin = await sipsh(['exec', '--admin', '--config', conf, 'sip server 1 ::1 register udp sip:a@example.test']);
  expect(admin.stdout.split('\n').slice(0, 2)).toEqual(['# sip server 1 ::1 register udp sip:a@example.test', ' '.repeat('# sip server 1 '.length) + '^']);
  // commands without an error are not echoed: the output stays what scripts parse
  expect((await sipsh(['exec', '--config', conf, 'show config'])).stdout).not.toContain('> show config');
});
