/** A sipsh process with its SSH console on, host keys made, and the OpenSSH client options to reach it. */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { hashPassword } from '../../../src/config/passwords';
import { KeyFiles } from '../../../src/config/ssh-key-files';
import { SipshProcess } from '../../helpers/sipsh-process';

export const run = promisify(execFile);

/** A running sipsh with SSH on `port`; users alice (password pw-alice) and bob (password pw-bob). */
export class SshFixture {
  private constructor(
    readonly dir: string,
    readonly conf: string,
    readonly port: number,
    readonly sipsh: SipshProcess,
  ) {}

  static async start(port: number, extraConfig: string[] = [], extraArgs: string[] = []): Promise<SshFixture> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-ssh-e2e-'));
    const conf = path.join(dir, 'sipsh.conf');
    const lines = [
      `administrator password encrypted ${hashPassword('adminpass')}`,
      'console prompt RTX',
      `login user alice encrypted ${hashPassword('pw-alice')}`,
      `login user bob encrypted ${hashPassword('pw-bob')}`,
      'sshd service on',
      ...extraConfig,
    ];
    fs.writeFileSync(conf, `${lines.join('\n')}\n`, { mode: 0o600 });
    new KeyFiles(conf).generateHostKeys('test');
    const sipsh = await SipshProcess.start(['--config', conf, '--telnet', '127.0.0.1:0', '--sip-port', '0', '--no-http', '--ssh', `127.0.0.1:${port}`, ...extraArgs]);
    const end = Date.now() + 10000;
    while (!sipsh.output.includes(`SSH console on 127.0.0.1:${port}`)) {
      if (Date.now() > end) {
        await sipsh.stop(); // not left running (it would keep the jest worker from exiting)
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`no SSH console:\n${sipsh.output}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return new SshFixture(dir, conf, port, sipsh);
  }

  /** OpenSSH options: no config file, no known hosts, quiet. */
  sshOptions(extra: string[] = []): string[] {
    return ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', ...extra];
  }

  /** A client key pair made by ssh-keygen, authorized for `user`; returns the private key file. */
  async clientKey(user: string, type: 'ed25519' | 'rsa' = 'ed25519'): Promise<string> {
    const file = path.join(this.dir, `id_${user}_${type}`);
    // ssh-keygen would ask "Overwrite (y/n)?" and wait forever.
    if (fs.existsSync(file)) throw new Error(`${file} exists already`);
    await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `${user}@test`, '-f', file]);
    const files = new KeyFiles(this.conf);
    files.writeAuthorizedKeys(user, [...files.readAuthorizedKeys(user), fs.readFileSync(`${file}.pub`, 'utf8').trim()]);
    return file;
  }

  /** Runs `ssh ... USER@127.0.0.1 COMMAND` with a key; never rejects: returns the exit code and output. */
  async execWithKey(key: string, user: string, command: string, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = [...this.sshOptions(['-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'PasswordAuthentication=no', '-o', 'KbdInteractiveAuthentication=no', '-o', 'BatchMode=yes', ...extra]), '-p', String(this.port), `${user}@127.0.0.1`, command];
    try {
      const { stdout, stderr } = await run('ssh', args, { timeout: 20000 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  }

  /** Runs an expect script; every `expect` must match or it fails naming its step. */
  async expect(body: string): Promise<string> {
    const file = path.join(this.dir, `s${Date.now()}.exp`);
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

  /** The ssh command line for expect's spawn (password login). */
  spawnSsh(user: string, extra = ''): string {
    return `spawn ssh ${this.sshOptions().join(' ')} -o PubkeyAuthentication=no ${extra} -p ${this.port} ${user}@127.0.0.1`;
  }

  async stop(): Promise<void> {
    await this.sipsh.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
