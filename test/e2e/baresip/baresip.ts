/**
 * A headless baresip (Debian `baresip-core`) for the call tests: its own config and accounts in a
 * temp dir, the ausine source and G.711, driven through its `cons` UDP console on loopback, and
 * stopped by PID.
 */
import { ChildProcess, spawn } from 'child_process';
import * as dgram from 'dgram';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireTool } from '../../helpers/kamailio';

export interface BaresipOptions {
  /** SIP port (UDP/TCP; baresip also takes port + 1 for TLS). */
  readonly sipPort: number;
  /** The cons console's UDP port. */
  readonly consolePort: number;
  /** First of 20 RTP ports. */
  readonly rtpPort: number;
  /** The accounts line without codecs, e.g. `<sip:carol@example.test>;auth_pass=x;outbound="sip:127.0.0.1:5060"`. */
  readonly account: string;
  /** Audio codecs to offer, the account's `audio_codecs` (default PCMU/8000/1). */
  readonly codecs?: string;
}

export class Baresip {
  private out = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    private readonly consolePort: number,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.out += d.toString('latin1')));
    child.stderr?.on('data', (d: Buffer) => (this.out += d.toString('latin1')));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(o: BaresipOptions): Baresip {
    requireTool('baresip', 'baresip-core');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipsh-baresip-'));
    const config = [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${o.sipPort}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module opus.so',
      'module ausine.so',
      'module cons.so',
      'module_app account.so',
      'module_app menu.so',
      'audio_source ausine,440',
      'ausrc_srate 48000', // ausine makes 48 kHz stereo only; baresip resamples for G.711
      'ausrc_channels 2',
      'audio_player aufile,/dev/null',
      'audio_alert aufile,/dev/null',
      `cons_listen 127.0.0.1:${o.consolePort}`,
      `rtp_ports ${o.rtpPort}-${o.rtpPort + 19}`,
      'dns_server 127.0.0.1:9', // never the system resolver
    ];
    fs.writeFileSync(path.join(dir, 'config'), `${config.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'accounts'), `${o.account};audio_codecs=${o.codecs ?? 'PCMU/8000/1'}\n`);
    fs.writeFileSync(path.join(dir, 'contacts'), '');
    const child = spawn('baresip', ['-f', dir, '-n', '127.0.0.1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Baresip(child, dir, o.consolePort);
  }

  /** Everything baresip printed. */
  output(): string {
    return this.out;
  }

  /** Sends one console command (a line such as `/dial sip:x@y`, or single keys). */
  async command(text: string): Promise<void> {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => sock.send(Buffer.from(text, 'latin1'), this.consolePort, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    sock.close();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.pid !== undefined) {
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(t);
    }
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
