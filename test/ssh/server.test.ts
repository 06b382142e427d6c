/**
 * The SSH listener follows the configuration: it listens only while `sshd service on` AND host
 * keys exist, stops on `sshd service off`, restarts on new keys; the --ssh address rule; the
 * sftpd host and SFTP path rules.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { emptyConfig } from '../../src/config/model';
import { hashPassword } from '../../src/config/passwords';
import { buildShell } from '../../src/shell/build';
import { allowedMethods, sftpAllowed } from '../../src/ssh/connection';
import { KeyFiles } from '../../src/config/ssh-key-files';
import { SshServer } from '../../src/ssh/server';
import { normalizeSftpPath } from '../../src/ssh/sftp';
import { checkSshListen } from '../../src/ssh/start';

jest.setTimeout(30000);
const PORT = 31030;

/** Connects and returns the server's first line (its identification), or 'refused'. */
function ident(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('data', (d: Buffer) => {
      resolve(d.toString('latin1').split('\r\n')[0] ?? '');
      s.destroy();
    });
    s.once('error', () => resolve('refused'));
  });
}

test('listens only while sshd service is on and host keys exist; follows configuration changes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-sshsrv-'));
  const conf = path.join(dir, 'sipsh.conf');
  const shell = buildShell({ configFile: conf });
  const lines: string[] = [];
  const server = new SshServer(shell, new KeyFiles(conf), { host: '127.0.0.1', port: PORT, shown: '127.0.0.1', announce: (l) => lines.push(l) });
  try {
    await server.reconcile();
    expect(await ident(PORT)).toBe('refused');
    shell.store.config.ssh.service = true;
    shell.configChanged();
    await server.reconcile();
    expect(await ident(PORT)).toBe('refused'); // no host key yet
    new KeyFiles(conf).generateHostKeys('test');
    shell.configChanged();
    await server.reconcile();
    expect(await ident(PORT)).toBe('SSH-2.0-sipsh');
    expect(lines).toEqual([`sipsh: SSH console on 127.0.0.1:${PORT}`]);
    // New keys: a restart with them.
    new KeyFiles(conf).generateHostKeys('test');
    shell.configChanged();
    await server.reconcile();
    expect(lines.slice(1)).toEqual(['sipsh: SSH console stopped (new host keys)', `sipsh: SSH console on 127.0.0.1:${PORT}`]);
    shell.store.config.ssh.service = false;
    shell.configChanged();
    await server.reconcile();
    expect(await ident(PORT)).toBe('refused');
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--ssh: a non-loopback address needs a login password (or --allow-remote-without-password)', () => {
  const c = emptyConfig();
  expect(checkSshListen('127.0.0.1:2222', c, false)).toEqual({ host: '127.0.0.1', port: 2222, shown: '127.0.0.1' });
  expect(checkSshListen('[::1]:0', c, false)).toEqual({ host: '::1', port: 0, shown: '[::1]' });
  expect(checkSshListen('192.0.2.1:22', c, false)).toMatch(/^sipsh: refusing to serve SSH on 192\.0\.2\.1 with no login password set/);
  expect(checkSshListen('192.0.2.1:22', c, true)).toMatchObject({ host: '192.0.2.1' });
  c.loginPassword = hashPassword('x');
  expect(checkSshListen('192.0.2.1:22', c, false)).toMatchObject({ host: '192.0.2.1' });
  expect(checkSshListen('nonsense', c, false)).toMatch(/expected HOST:PORT/);
});

test('sftpd host: off by default, any, or listed addresses (IPv4-mapped IPv6 compared as IPv4)', () => {
  expect(sftpAllowed(undefined, '127.0.0.1')).toBe(false);
  expect(sftpAllowed('any', '::1')).toBe(true);
  expect(sftpAllowed(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true);
  expect(sftpAllowed(['127.0.0.1'], '127.0.0.2')).toBe(false);
  expect(sftpAllowed(['::1'], '::1')).toBe(true);
});

test('sshd auth method decides the methods offered', () => {
  expect(allowedMethods('any')).toEqual(['publickey', 'password', 'keyboard-interactive']);
  expect(allowedMethods('password')).toEqual(['password', 'keyboard-interactive']);
  expect(allowedMethods('publickey')).toEqual(['publickey']);
});

test('SFTP paths: relative from /, .. cannot leave /', () => {
  expect(normalizeSftpPath('/system/config0')).toBe('/system/config0');
  expect(normalizeSftpPath('system/config0')).toBe('/system/config0');
  expect(normalizeSftpPath('../../system/./config0')).toBe('/system/config0');
  expect(normalizeSftpPath('.')).toBe('/');
  expect(normalizeSftpPath('/system/')).toBe('/system');
});
