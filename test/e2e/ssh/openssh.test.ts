/**
 * Debian's OpenSSH client (ssh, sftp) driven by expect against the built program: password and
 * public-key login, the shell (`>`, administrator, ?, Tab, paging at the PTY height, exit with
 * Y/N), exec with status 0 and 1, SFTP get of /system/config0 = the saved file, a refused put,
 * and each host key algorithm the Terraform provider asks for.
 */
import * as fs from 'fs';
import * as path from 'path';
import { requireTool } from '../../helpers/kamailio';
import { SshFixture, run } from './ssh-fixture';

jest.setTimeout(120000);
let f: SshFixture;
let bobKey: string;
let aliceRsa: string;

beforeAll(async () => {
  requireTool('ssh', 'openssh-client');
  requireTool('sftp', 'openssh-client');
  requireTool('ssh-keygen', 'openssh-client');
  requireTool('expect', 'expect');
  f = await SshFixture.start(31010, ['sftpd host 127.0.0.1']);
  bobKey = await f.clientKey('bob');
  aliceRsa = await f.clientKey('alice', 'rsa');
});

afterAll(async () => {
  await f?.stop();
});

test('password login gives the > prompt with no second Password:, then administrator, ?, Tab, paging, exit with Y/N', async () => {
  const out = await f.expect(`
${f.spawnSsh('alice')}
stty rows 10 columns 80 < $spawn_out(slave,name)
step ssh-password;  expect "assword: "; send "pw-alice\\r"
step prompt;        expect "> "
step tab;           send "sh\\t"; expect "show "
step help;          send "?"; expect -re {config +The running configuration}; expect "RTX> show "
step paging;        send "\\025show command\\r"; expect -ex "---more---"; send " "; expect -ex "---more---"; send "q"; expect "> "
step administrator; send "administrator\\r"; expect "Password: "; send "adminpass\\r"; expect "# "
step change;        send "console prompt CHANGED\\r"; expect "CHANGED# "
step exit-question; send "exit\\r"; expect "Save new configuration ? (Y/N)"; send "N"; expect "CHANGED> "
step exit;          send "exit\\r"; expect eof
`);
  // The shell never asked a second password after SSH authentication.
  expect(out.match(/Password: /g)?.length).toBe(2); // keyboard-interactive + administrator
  // Paging: a page is the PTY height (10 rows: 9 lines and ---more---).
  const page = out.split('show command')[1]?.split('---more---')[0] ?? '';
  expect(page.split('\r\n').filter((l) => l !== '')).toHaveLength(9);
});

test('closing the channel at # frees the administrator level at once', async () => {
  await f.expect(`
${f.spawnSsh('alice')}
set first $spawn_id
step login-1;  expect "assword: "; send "pw-alice\\r"; expect "> "
step admin-1;  send "administrator\\r"; expect "Password: "; send "adminpass\\r"; expect "# "
close -i $first; wait -i $first
${f.spawnSsh('alice')}
step login-2;  expect "assword: "; send "pw-alice\\r"; expect "> "
step admin-2;  send "administrator\\r"; expect "Password: "; send "adminpass\\r"; expect "# "
send "exit\\r"; expect "(Y/N)"; send "n"; expect "> "; send "exit\\r"; expect eof
`);
});

test('public-key login (ssh-keygen key) and exec: status 0, and 1 with an Error: line', async () => {
  const ok = await f.execWithKey(bobKey, 'bob', 'show config');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain('login user bob encrypted ********');
  const refused = await f.execWithKey(bobKey, 'bob', 'sshd service off');
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('Error: Administrator use only\n');
  // A key that is not authorized is refused.
  const other = path.join(f.dir, 'id_other');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const denied = await f.execWithKey(other, 'bob', 'show config');
  expect(denied.code).toBe(255);
  expect(denied.stderr).toContain('Permission denied');
});

test('evidence: ssh2 1.17 advertises server-sig-algs without rsa-sha2-512 (a missing comma), so RSA client keys sign with rsa-sha2-256', async () => {
  // ssh2 lib/protocol/Protocol.js sendExtInfo joins "...nistp521" + "rsa-sha2-512,..." with no comma.
  // When this fails, ssh2 has fixed it: add rsa-sha2-512 to the test below and drop this note in docs/decisions.md.
  const r = await f.execWithKey(aliceRsa, 'alice', 'show sshd host key', ['-v', '-o', 'PubkeyAcceptedAlgorithms=rsa-sha2-512']);
  expect(r.stderr).toContain('server-sig-algs=<ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521rsa-sha2-512,rsa-sha2-256,ssh-rsa,ssh-dss>');
  expect(r.stderr).toContain('no mutual signature algorithm');
  expect(r.code).toBe(255);
  const byDefault = await f.execWithKey(aliceRsa, 'alice', 'show sshd host key', ['-v']);
  expect(byDefault.code).toBe(0);
});

test.each(['rsa-sha2-256', 'ssh-rsa'])('an RSA client key signing with %s logs in', async (algo) => {
  const key = aliceRsa;
  const r = await f.execWithKey(key, 'alice', 'show sshd host key', ['-v', '-o', `PubkeyAcceptedAlgorithms=${algo}`]);
  expect(r.stderr).toContain(`Server accepts key: ${key} RSA`);
  expect(r.code).toBe(0);
});

test.each(['ssh-rsa', 'rsa-sha2-256', 'rsa-sha2-512', 'ssh-ed25519'])('host key algorithm %s is offered', async (algo) => {
  const r = await f.execWithKey(bobKey, 'bob', 'show sshd host key', ['-v', '-o', `HostKeyAlgorithms=${algo}`]);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`kex: host key algorithm: ${algo}`);
  expect(r.stdout).toMatch(/^ssh-rsa AAAA\S+\nssh-ed25519 AAAA\S+\n$/);
});

test('sftp get /system/config0 is the SAVED file (not unsaved changes); a put is refused and changes nothing', async () => {
  // Make an unsaved change first, in a shell session.
  await f.expect(`
${f.spawnSsh('alice')}
step login; expect "assword: "; send "pw-alice\\r"; expect "> "
send "administrator\\r"; expect "Password: "; send "adminpass\\r"; expect "# "
send "sip use off\\r"; expect "# "
send "exit\\r"; expect "(Y/N)"; send "n"; expect "> "; send "exit\\r"; expect eof
`);
  const before = fs.readFileSync(f.conf);
  const got = path.join(f.dir, 'got');
  const batch = path.join(f.dir, 'batch');
  fs.writeFileSync(batch, `get /system/config0 ${got}\n-put ${f.conf} /system/config0\n-rm /system/config0\nls -l /system\n`);
  const args = [...f.sshOptions(['-i', bobKey, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes']), '-P', String(f.port), '-b', batch, 'bob@127.0.0.1'];
  // sftp -b exits 1 after the refused commands (even with "-"): what matters is what it printed.
  const r = await run('sftp', args, { timeout: 20000 }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
  expect(fs.readFileSync(got)).toEqual(before);
  expect(fs.readFileSync(got, 'latin1')).not.toContain('sip use off');
  expect(r.stderr).toMatch(/open "\/system\/config0": Permission denied/);
  expect(r.stderr).toContain('remote delete /system/config0: Permission denied');
  expect(r.stdout).toMatch(/-r-------- .* config0/);
  expect(fs.readFileSync(f.conf)).toEqual(before);
});
