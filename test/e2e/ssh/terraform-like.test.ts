/**
 * The Terraform RTX provider's SSH path replayed with paramiko: `ssh-rsa` host key (its dialer),
 * `none` first, keyboard-interactive answering the password to every question, a PTY shell up to
 * the prompt, then SFTP open/read/close of /system/config0 = the saved file, byte for byte.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { requireTool } from '../../helpers/kamailio';
import { SshFixture, run } from './ssh-fixture';

jest.setTimeout(60000);
const PY = '/usr/bin/python3';
let f: SshFixture;

beforeAll(async () => {
  requireTool(PY, 'python3');
  f = await SshFixture.start(31060, ['sftpd host any']);
});

afterAll(async () => {
  await f?.stop();
});

test('ssh-rsa, none, keyboard-interactive, PTY shell, then SFTP read of the saved configuration', async () => {
  const { stdout } = await run(PY, [path.join(__dirname, 'paramiko_client.py'), 'terraform-like', String(f.port)], { timeout: 30000 });
  expect(stdout).toContain('HOSTKEY ssh-rsa');
  expect(stdout).toContain('AUTHENTICATED True');
  expect(stdout).toContain("PROMPT 'RTX> '");
  expect(stdout).toContain('CONFIG HAS USER True');
  expect(stdout).toContain('EXIT STATUS 0');
  const saved = fs.readFileSync(f.conf);
  expect(stdout).toContain(`SFTP BYTES ${saved.length}\n`);
  expect(stdout).toContain(`SFTP SHA ${createHash('sha256').update(saved).digest('hex')}\n`);
});
