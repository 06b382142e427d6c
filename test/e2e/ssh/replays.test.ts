/**
 * The tools that manage Yamaha routers, replayed step by step with paramiko against the built
 * program (test/lab/replays/*.py print one JSON line each): the Terraform RTX provider's session and
 * SFTP read, Ansible's yamaha_network.rtx terminal/cliconf plugins, netmiko's `yamaha` SSH driver.
 * Each assertion is something the real client needs to work unchanged.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { requireTool } from '../../helpers/kamailio';
import { repoPath } from '../../helpers/paths';
import { SshFixture, run } from './ssh-fixture';

jest.setTimeout(120000);
const PY = '/usr/bin/python3';
const REPLAYS = repoPath('test/lab/replays');

/** One replay's JSON result; every field is optional because a failed run stops early. */
interface Replay {
  readonly ok: boolean;
  readonly error?: string;
  readonly host_key_type?: string;
  readonly host_key_algorithm?: string;
  readonly none?: string;
  readonly allowed?: string[];
  readonly admin_prompt?: string;
  readonly admin_response?: string;
  readonly outputs?: string[];
  readonly environment?: Record<string, string>;
  readonly password_change?: string;
  readonly after_save?: string;
  readonly after_save_rest?: string;
  readonly config0?: string;
  readonly write?: string;
  readonly first_prompt?: string;
  readonly device_info?: Record<string, string>;
  readonly become_prompt?: string;
  readonly running_before?: string;
  readonly running_after?: string;
  readonly responses?: string[];
  readonly failing?: string;
  readonly last_prompt?: string;
  readonly first?: string;
  readonly base_prompt?: string;
  readonly enable?: string;
  readonly config?: string;
  readonly save?: string;
  readonly exit?: string;
  readonly transcript?: string;
}

function isReplay(v: unknown): v is Replay {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

/** Runs one replay script with its JSON arguments; the whole result is in the failure message. */
async function replay(script: string, args: Record<string, unknown>): Promise<Replay> {
  const { stdout } = await run(PY, [path.join(REPLAYS, script), JSON.stringify(args)], { timeout: 90000, cwd: REPLAYS });
  const parsed: unknown = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  if (!isReplay(parsed)) throw new Error(`${script} printed no result: ${stdout}`);
  if (!parsed.ok) throw new Error(`${script} failed: ${parsed.error}\n${parsed.transcript ?? ''}`);
  return parsed;
}

beforeAll(() => {
  requireTool(PY, 'python3');
  try {
    execFileSync(PY, ['-c', 'import paramiko']);
  } catch {
    throw new Error('paramiko is missing for /usr/bin/python3: run "apt-get install -y python3-paramiko"');
  }
});

describe('Terraform RTX provider (RTX1210, console prompt RTX1210)', () => {
  let f: SshFixture;
  beforeAll(async () => {
    f = await SshFixture.start(39010, ['console prompt RTX1210', 'sftpd host any'], ['--model', 'RTX1210']);
  });
  afterAll(async () => {
    await f?.stop();
  });
  const base = (): Record<string, unknown> => ({ host: '127.0.0.1', port: f.port, user: 'alice', password: 'pw-alice' });

  test('ssh-rsa, none then password, vt100 512x40 ECHO 0, administrator, show environment, show config, administrator password, Y\\r', async () => {
    const r = await replay('terraform_rtx.py', {
      ...base(),
      host_key_types: ['ssh-rsa'],
      admin_password: 'adminpass',
      commands: ['show environment', 'show config'],
      parse_environment_of: 0,
      new_admin_password: 'newadmin',
    });
    expect(r.host_key_type).toBe('ssh-rsa');
    expect(r.host_key_algorithm).toBe('ssh-rsa');
    expect(r.none).toBe('refused');
    expect(r.allowed).toEqual(expect.arrayContaining(['password']));
    // readUntilPrompt stops at the '#' of `RTX1210# `: the space is left for the next read
    expect(r.admin_prompt).toBe('RTX1210#');
    // system_info.go's regexes
    const env0 = r.environment ?? {};
    expect(Object.keys(env0).sort()).toEqual(['firmware', 'mac', 'model', 'serial', 'uptime']);
    expect(env0.model).toBe('RTX1210');
    expect(env0.firmware).toMatch(/^\d+\.\d+\.\d+$/);
    expect(env0.serial).toMatch(/^[A-Z0-9]+$/);
    expect(env0.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(env0.uptime).toMatch(/\S/);
    // ECHO 0: the answer still begins on a new line, after the command the client sent
    // (sipsh echoes the line as the router does; cleanOutput drops the line equal to the command)
    const [env, config] = r.outputs ?? [];
    const envLines = (env ?? '').split('\n');
    expect(envLines[0]?.trim()).toBe('show environment');
    expect(envLines[1]).toMatch(/^RTX1210 Rev\./);
    expect(config).toContain('console prompt RTX1210');
    expect(config).toContain('login user alice encrypted');
    expect(r.password_change).not.toMatch(/Error|incorrect|failed|Invalid/);
    expect(r.password_change?.split('\n').pop()).toBe('RTX1210#');
    // exit with Y\r saved; the \r was part of the answer, so one `RTX1210> ` follows and nothing else
    expect(r.after_save).toContain('Saving ... CONFIG0 Done .');
    expect(r.after_save?.split('\n').pop()).toBe('RTX1210>');
    expect(r.after_save_rest).toBe(' ');
    expect(r.transcript).not.toMatch(/Error:/);
    const saved = fs.readFileSync(f.conf, 'utf8');
    expect(saved).toMatch(/^administrator password encrypted /m);
  });

  test('rsa-sha2-512 and rsa-sha2-256 (its pooled connections), and the new administrator password works', async () => {
    for (const alg of ['rsa-sha2-512', 'rsa-sha2-256']) {
      const r = await replay('terraform_rtx.py', { ...base(), host_key_types: [alg], admin_password: 'newadmin', commands: ['show config'] });
      expect(r.host_key_algorithm).toBe(alg);
      expect(r.admin_prompt).toBe('RTX1210#');
    }
    // The old password is refused; the provider looks for "incorrect" case-sensitively, and
    // sipsh's spec'd `Error: Incorrect password` has a capital I: it goes on at `RTX1210>`, where
    // every configuration command it then sends fails with an Error: line (documented gap).
    const old = await replay('terraform_rtx.py', { ...base(), admin_password: 'adminpass', commands: [] });
    expect(old.admin_response).toContain('Error: Incorrect password');
    expect(old.admin_prompt).toBe('RTX1210>');
  });

  test('SFTP reads /system/config0 equal to the saved file; a write is refused and changes nothing', async () => {
    const before = fs.readFileSync(f.conf, 'utf8');
    const r = await replay('terraform_rtx.py', { ...base(), sftp: true });
    expect(r.config0).toBe(before);
    expect(r.write).toMatch(/^refused: .*(Permission denied|denied)/i);
    expect(fs.readFileSync(f.conf, 'utf8')).toBe(before);
  });
});

describe('Ansible yamaha_network.rtx (default model NVR510)', () => {
  let f: SshFixture;
  beforeAll(async () => {
    f = await SshFixture.start(39020);
  });
  afterAll(async () => {
    await f?.stop();
  });

  test('network_cli: prompts, become, get_device_info, rtx_config (console settings set and restored, a line, save when changed), a failing command', async () => {
    const r = await replay('ansible_rtx.py', {
      host: '127.0.0.1',
      port: f.port,
      user: 'bob',
      password: 'pw-bob',
      admin_password: 'adminpass',
      lines: ['console prompt ANS1'],
      save: true,
      failing_command: 'show nonsense',
    });
    expect(r.first_prompt).toBe('>');
    expect(r.become_prompt).toBe('#');
    const info = r.device_info ?? {};
    expect(Object.keys(info).sort()).toEqual(['network_os', 'network_os_hostname', 'network_os_model', 'network_os_version']);
    expect(info.network_os).toBe('rtx');
    expect(info.network_os_version).toMatch(/^Rev\.\d+\.\d+\.\d+ \(.+\)$/);
    expect(info.network_os_model).toBe('NVR510');
    expect(info.network_os_hostname).toBe('RTX');
    // get_config: the configuration lines come through network_cli's sanitizing (header lines hold '#')
    expect(r.running_before).toContain('login user bob encrypted');
    expect(r.running_before).toContain('console columns 200');
    expect(r.responses).toEqual(['']);
    expect(r.running_after).toContain('console prompt ANS1');
    expect(r.save).toContain('Saving ... CONFIG0 Done .');
    expect(r.failing).toMatch(/^failed: [\s\S]*Error:/);
    const saved = fs.readFileSync(f.conf, 'utf8');
    expect(saved).toMatch(/^console prompt ANS1$/m);
    // set_console_info put back what was there: nothing
    expect(saved).not.toMatch(/^console (lines|columns|character) /m);
  });

  test('rtx_config without save: network_cli closes the channel at # (it sends no exit, so no save question); the change stays unsaved and running', async () => {
    const args = { host: '127.0.0.1', port: f.port, user: 'bob', password: 'pw-bob', admin_password: 'adminpass' };
    const r = await replay('ansible_rtx.py', { ...args, lines: ['console prompt ANS2'] });
    expect(r.running_after).toContain('console prompt ANS2');
    expect(r.transcript).not.toContain('(Y/N)');
    expect(fs.readFileSync(f.conf, 'utf8')).not.toContain('ANS2');
    // the next run finds the running configuration, and may become administrator again at once
    const next = await replay('ansible_rtx.py', { ...args, lines: [] });
    expect(next.device_info?.network_os_hostname).toBe('ANS2');
    expect(next.become_prompt).toBe('#');
  });
});

describe("netmiko's yamaha SSH driver", () => {
  let f: SshFixture;
  beforeAll(async () => {
    f = await SshFixture.start(39030);
  });
  afterAll(async () => {
    await f?.stop();
  });

  test('[>#] read, find_prompt, console lines infinity, send_config_set (administrator + Password, exit answering N), save_config, cleanup', async () => {
    const r = await replay('netmiko_yamaha.py', {
      host: '127.0.0.1',
      port: f.port,
      user: 'alice',
      password: 'pw-alice',
      secret: 'adminpass',
      config_commands: ['console columns 100'],
    });
    expect(r.first).toMatch(/RTX>$/);
    expect(r.base_prompt).toBe('RTX');
    // exit_enable_mode met the save question and answered a lone N
    expect(r.config).toContain('Save new configuration ? (Y/N)');
    expect(r.save).toContain('Saving ... CONFIG0 Done .');
    // the change was kept running (N at exit) and then saved by save_config
    expect(fs.readFileSync(f.conf, 'utf8')).toMatch(/^console columns 100$/m);
  });
});
