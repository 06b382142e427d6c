/**
 * The SSH commands in-process on a fake clock: host key files (0600, beside the configuration,
 * never in show config), the Y/N question, login users, authorized keys, sftpd host, round trip.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { utils } from 'ssh2';
import { buildShell } from '../../src/shell/build';
import { KeyFiles } from '../../src/config/ssh-key-files';
import { runExecLine } from '../../src/ssh/exec';
import { FakeClock } from '../../src/util/clock';
import { Harness } from '../helpers/harness';

jest.setTimeout(30000);
let dir: string;
let conf: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-sshcmd-'));
  conf = path.join(dir, 'sipsh.conf');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function adminHarness(): Promise<Harness> {
  const clock = new FakeClock();
  const h = new Harness({ shell: buildShell({ configFile: conf, clock }), clock });
  await h.settle();
  await h.admin();
  return h;
}

const mode = (f: string): number => fs.statSync(f).mode & 0o777;

test('sshd host key generate writes RSA and Ed25519 keys 0600 beside the configuration; asks Y/N when they exist', async () => {
  const h = await adminHarness();
  expect(await h.run('show sshd host key')).toEqual(['Error: No host key; make them with sshd host key generate']);
  await h.run('sshd host key generate');
  const files = new KeyFiles(conf);
  expect(mode(files.dir)).toBe(0o700);
  const rsaText = fs.readFileSync(files.hostKeyPath('rsa'), 'utf8');
  expect(mode(files.hostKeyPath('rsa'))).toBe(0o600);
  expect(mode(files.hostKeyPath('ed25519'))).toBe(0o600);
  const rsa = utils.parseKey(rsaText);
  if (rsa instanceof Error) throw rsa;
  expect(rsa.type).toBe('ssh-rsa');
  expect(rsa.getPublicSSH().length).toBeGreaterThan(256 + 20); // a 2048+ bit modulus
  const shown = await h.run('show sshd host key');
  expect(shown).toHaveLength(2);
  expect(shown[0]).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+$/);
  expect(shown[1]).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+$/);
  // the router's own spelling
  expect(await h.run('show sshd public key')).toEqual(shown);
  // Keys exist: the question first; N keeps them.
  expect(await h.type('sshd host key generate\r')).toContain('Update them ? (Y/N)');
  await h.type('n');
  expect(fs.readFileSync(files.hostKeyPath('rsa'), 'utf8')).toBe(rsaText);
  await h.type('sshd host key generate\r');
  await h.type('Y');
  expect(fs.readFileSync(files.hostKeyPath('rsa'), 'utf8')).not.toBe(rsaText);
  const config = (await h.run('show config')).join('\n');
  expect(config).not.toMatch(/PRIVATE|AAAA/);
});

test('login user: stored hashed, round trip through show config, no form, bad names refused', async () => {
  const h = await adminHarness();
  expect(await h.run('login user alice s3cret')).toEqual([]);
  expect(await h.run('login user ../etc x')).toEqual([expect.stringMatching(/^Error: Invalid parameter: a user name/)]);
  await h.run('sshd service on');
  await h.run('sshd auth method publickey');
  await h.run('sftpd host 127.0.0.1 ::1');
  expect(await h.run('sftpd host 192.0.2.1 nonsense')).toEqual(['Error: Invalid parameter: "nonsense" is not an IPv4 or IPv6 address']);
  const lines = h.shell.store.render();
  expect(lines.join('\n')).not.toContain('s3cret');
  expect(lines).toEqual([expect.stringMatching(/^login user alice encrypted s1\.[0-9a-f]{24}\.[0-9a-f]{48}$/), 'sshd service on', 'sshd auth method publickey', 'sftpd host 127.0.0.1 ::1']);
  // Round trip: the rendered lines load back to the same configuration.
  const again = buildShell({ clock: new FakeClock() });
  expect(again.loadConfig(lines.join('\n'))).toEqual([]);
  expect(again.store.render()).toEqual(lines);
  // Below the administrator level the hash is masked.
  expect(h.shell.store.render(true)[0]).toBe('login user alice encrypted ********');
  for (const no of ['no login user alice', 'no sshd service', 'no sshd auth method', 'no sftpd host']) expect(await h.run(no)).toEqual([]);
  expect(h.shell.store.render()).toEqual([]);
  expect(await h.run('no login user alice')).toEqual(['Error: No such login user: alice']);
});

test('import sshd authorized-keys: pasted lines until an empty line, bad lines reported, file 0600; show and delete', async () => {
  const h = await adminHarness();
  const key = utils.generateKeyPairSync('ed25519', { comment: 'op@laptop' }).public;
  expect(await h.run('import sshd authorized-keys bob')).toEqual([expect.stringMatching(/^Error: No such login user: bob/)]);
  await h.run('login user bob pw');
  await h.type('import sshd authorized-keys bob\r');
  const bad = await h.type('not a key\r');
  expect(bad).toContain('Error: Invalid parameter: not an OpenSSH public key line');
  await h.type(`${key}\r`);
  expect(await h.type('\r')).toContain('1 key stored for bob.');
  const file = new KeyFiles(conf).authorizedKeysPath('bob');
  expect(mode(file)).toBe(0o600);
  expect(await h.run('show sshd authorized-keys bob')).toEqual([key.trim()]);
  // ^D on an empty line also ends the paste.
  await h.type('import sshd authorized-keys bob\r');
  await h.type(`${key}\r`);
  expect(await h.type('\x04')).toContain('1 key stored for bob.');
  // ^C cancels: the keys pasted before it are not kept, the stored ones are unchanged.
  const other = utils.generateKeyPairSync('ed25519', { comment: 'other@laptop' }).public;
  await h.type('import sshd authorized-keys bob\r');
  await h.type(`${other}\r`);
  expect(await h.type('\x03')).toContain('Import cancelled; no key was stored');
  expect(await h.run('show sshd authorized-keys bob')).toEqual([key.trim()]);
  expect(await h.run('delete /ssh/authorized_keys/bob')).toEqual([]);
  expect(fs.existsSync(file)).toBe(false);
  expect(await h.run('delete /ssh/authorized_keys/bob')).toEqual(['Error: No such file: /ssh/authorized_keys/bob']);
  expect(await h.run('delete /ssh/authorized_keys/../../x')).toEqual([expect.stringMatching(/^Error: Invalid parameter: a user name/)]);
  expect(await h.run('show sshd authorized-keys bob')).toEqual(['Error: No authorized keys for bob']);
});

test('exec: one line at the user level, status 0, or 1 when it printed an Error: line', async () => {
  const shell = buildShell({ configFile: conf, clock: new FakeClock() });
  const ok = await runExecLine(shell, 'show config');
  expect(ok.status).toBe(0);
  expect(ok.lines[0]).toMatch(/^# /);
  const refused = await runExecLine(shell, 'sshd service on');
  expect(refused).toEqual({ lines: ['Error: Administrator use only'], status: 1 });
  const unknown = await runExecLine(shell, 'frobnicate');
  expect(unknown.status).toBe(1);
  expect(shell.store.config.ssh.service).toBe(false);
});
