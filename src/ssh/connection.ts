/**
 * One SSH client: authentication (auth.ts decides, this file checks credentials), then session
 * channels: `shell` (the same Session as telnet, pre-authenticated, PTY height = page), `exec`
 * (one line, exit status) and the `sftp` subsystem (read-only, `sftpd host` clients only).
 * Passwords go through the program's one guard (`shell.guard`), as telnet's, `administrator`'s
 * and HTTP Basic's do: the same per-source wait across doors, scrypt off the event loop, each
 * outcome in the log.
 */
import type { AuthContext, ClientInfo, Connection, SFTPWrapper, ServerChannel, Session as SshChannelSession } from 'ssh2';
import { SshAuthMethod } from '../config/model';
import { Session } from '../shell/session';
import type { Shell } from '../shell/shell';
import { AuthAttempt, AuthMachine, AuthReply } from './auth';
import { runExecLine } from './exec';
import { KeyFiles } from '../config/ssh-key-files';
import { ReadOnlySftp } from './sftp';
import { allowRepeatedUserauthRequest } from './ssh2-compat';
import { LOGIN_DEADLINE_MAX_S } from '../shell/session';

/** A client that stops reading is dropped once this much output waits for it. */
const MAX_BUFFERED = 4 * 1024 * 1024;
/** Most session channels one connection may open at once. */
const MAX_CHANNELS = 4;
/**
 * Checked in place of the hash of a user that does not exist: a well-formed hash (so the check
 * costs one scrypt, as for a real user) that no password gives; the verdict is false regardless.
 */
const NO_USER_HASH = `s1.${'0'.repeat(24)}.${'0'.repeat(48)}`;

/** The methods to offer after a rejection, by `sshd auth method`. */
export function allowedMethods(setting: SshAuthMethod): Array<'publickey' | 'password' | 'keyboard-interactive'> {
  switch (setting) {
    case 'password':
      return ['password', 'keyboard-interactive'];
    case 'publickey':
      return ['publickey'];
    case 'any':
      return ['publickey', 'password', 'keyboard-interactive'];
  }
}

/** True when `sftpd host` lets this client address use SFTP. */
export function sftpAllowed(hosts: 'any' | readonly string[] | undefined, ip: string): boolean {
  if (hosts === undefined) return false;
  if (hosts === 'any') return true;
  const bare = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return hosts.some((h) => h.toLowerCase() === bare.toLowerCase());
}

/** One authenticated-or-not SSH client and its channels; everything is freed when it closes. */
export class SshConnection {
  private readonly auth: AuthMachine;
  private user: string | undefined;
  private readonly sessions = new Set<Session>();
  private channels = 0;
  private closed = false;
  /** Aborted when the connection closes: a password still waiting for its slot is then not checked. */
  private readonly closer = new AbortController();

  constructor(
    private readonly client: Connection,
    private readonly info: ClientInfo,
    private readonly shell: Shell,
    private readonly keys: KeyFiles,
    private readonly onClose: () => void,
    /** Gives back the guard's unauthenticated-connection slot (shell.guard.admit); called once authenticated or closed. */
    private readonly release: () => void,
  ) {
    // As the telnet login (issue 12): a connection that has not authenticated within `login
    // timer` seconds, at most LOGIN_DEADLINE_MAX_S, is closed whatever it sends.
    const timer = shell.store.config.loginTimer;
    this.auth = new AuthMachine({
      clock: shell.clock,
      delayMs: shell.loginDelayMs,
      graceMs: 1000 * (timer === 'clear' ? LOGIN_DEADLINE_MAX_S : Math.min(timer, LOGIN_DEADLINE_MAX_S)),
      onAuthenticated: (user) => {
        this.user = user;
        release();
      },
      onGiveUp: (reason) => {
        shell.log.add(`SSH: ${this.peer}: closed: ${reason}`);
        this.client.end();
      },
    });
    if (!allowRepeatedUserauthRequest(client, () => this.user !== undefined)) {
      shell.log.add('SSH: this ssh2 version cannot take a repeated userauth service request (paramiko clients will fail)');
    }
    client.on('error', () => this.cleanup());
    client.on('close', () => this.cleanup());
    client.on('end', () => this.cleanup());
    client.on('authentication', (ctx: AuthContext) => this.authenticate(ctx));
    client.on('ready', () => shell.log.add(`SSH: ${this.peer}: ${this.user ?? '?'} logged in`));
    client.on('session', (accept: () => SshChannelSession, reject: () => void) => {
      // Each connection may hold a few session channels; more are refused at the channel open.
      if (this.channels >= MAX_CHANNELS) reject();
      else this.openChannel(accept());
    });
    // No port forwarding, X11 or agent: nothing else is accepted.
    client.on('tcpip', (_accept: unknown, reject: () => void) => reject());
    client.on('request', (_accept: unknown, reject: (() => void) | undefined) => reject?.());
  }

  private get peer(): string {
    return `${this.info.ip}:${this.info.port}`;
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.closer.abort();
    this.auth.handle({ t: 'closed' });
    this.release();
    for (const s of [...this.sessions]) s.close();
    this.onClose();
  }

  private authenticate(ctx: AuthContext): void {
    const ssh = this.shell.store.config.ssh;
    const methods = allowedMethods(ssh.authMethod);
    const reply = (r: AuthReply): void => {
      try {
        if (r === 'reject') ctx.reject(methods);
        else ctx.accept();
      } catch {
        // The client went away while its answer waited: nothing to answer.
      }
    };
    const request = (attempt: AuthAttempt): void => this.auth.handle({ t: 'request', user: ctx.username, attempt, reply });
    const hash = ssh.users.get(ctx.username);
    switch (ctx.method) {
      case 'none':
        request({ t: 'none' });
        return;
      case 'password':
        if (!methods.includes('password')) request({ t: 'not-allowed' });
        else this.checkPassword(ctx.username, ctx.password, reply);
        return;
      case 'keyboard-interactive':
        if (!methods.includes('keyboard-interactive')) {
          request({ t: 'not-allowed' });
          return;
        }
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers: string[]) => {
          const answer = answers[0];
          if (answer !== undefined && answers.length === 1) this.checkPassword(ctx.username, answer, reply);
          else request({ t: 'credential', ok: false });
        });
        return;
      case 'publickey': {
        if (!methods.includes('publickey') || hash === undefined) {
          request(ctx.signature === undefined ? { t: 'publickey-query', known: false } : { t: 'credential', ok: false });
          return;
        }
        const key = this.keys.findAuthorizedKey(ctx.username, ctx.key.data);
        if (ctx.signature === undefined || ctx.blob === undefined) {
          request({ t: 'publickey-query', known: key !== undefined });
          return;
        }
        const ok = key !== undefined && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
        // A signature was checked here, not by the guard: logged as the guard logs passwords.
        this.shell.guard.note('SSH', this.info.ip, 'login', ok);
        request({ t: 'credential', ok });
        return;
      }
      case 'hostbased':
      default:
        // Host-based authentication (RFC 4252 §9) is not offered; nor is any method ssh2 adds.
        request({ t: 'not-allowed' });
        return;
    }
  }

  /**
   * A password try: the machine enters `checking` (unless it is answering a pipelined request
   * unchecked), the shared guard waits for the source's slot and checks it off the event loop, and
   * its verdict goes back to the machine. An unknown user costs the same check and always fails
   * (no user enumeration).
   */
  private checkPassword(user: string, plain: string, reply: (r: AuthReply) => void): void {
    this.auth.handle({ t: 'request', user, attempt: { t: 'checking' }, reply });
    if (this.auth.state.t !== 'checking') return;
    const hash = this.shell.store.config.ssh.users.get(user);
    void this.shell.guard
      .check('SSH', this.info.ip, 'login', plain, hash ?? NO_USER_HASH, this.closer.signal)
      .then((ok) => this.auth.handle({ t: 'checked', ok: ok && hash !== undefined }));
  }

  private openChannel(channel: SshChannelSession): void {
    this.channels++;
    let released = false;
    const release = (): void => {
      if (!released) this.channels--;
      released = true;
    };
    let window = { cols: 0, rows: 0 };
    let pty = false;
    let session: Session | undefined;
    channel.on('pty', (accept: (() => void) | undefined, _reject: unknown, info: { cols: number; rows: number }) => {
      pty = true;
      window = { cols: info.cols, rows: info.rows };
      accept?.();
    });
    channel.on('window-change', (accept: (() => void) | undefined, _reject: unknown, info: { cols: number; rows: number }) => {
      window = { cols: info.cols, rows: info.rows };
      session?.setWindow(info.cols, info.rows);
      accept?.();
    });
    channel.on('env', (accept: (() => void) | undefined) => accept?.());
    channel.on('close', () => {
      release();
      session?.close();
    });
    channel.on('shell', (accept: () => ServerChannel) => {
      session = this.startShell(accept(), window);
    });
    channel.on('exec', (accept: () => ServerChannel, _reject: unknown, info: { command: string }) => {
      void this.exec(accept(), info.command, pty);
    });
    channel.on('sftp', (accept: () => SFTPWrapper, reject: () => void) => {
      if (!sftpAllowed(this.shell.store.config.ssh.sftpHosts, this.info.ip)) {
        this.shell.log.add(`SSH: ${this.peer}: SFTP refused (sftpd host)`);
        reject();
        return;
      }
      new ReadOnlySftp(accept(), {
        savedConfig: () => this.shell.store.savedBytes(),
        nowSeconds: () => Math.floor(this.shell.clock.now() / 1000),
      });
    });
  }

  private startShell(stream: ServerChannel, window: { cols: number; rows: number }): Session | undefined {
    stream.on('error', () => undefined);
    let out: string[] = [];
    const flush = (): void => {
      const text = out.join('');
      out = [];
      if (text.length === 0 || stream.destroyed) return;
      if (stream.writableLength > MAX_BUFFERED) {
        stream.destroy();
        return;
      }
      stream.write(Buffer.from(text, 'latin1'));
    };
    const session = this.shell.openSession(
      {
        peer: `ssh:${this.user ?? '?'}@${this.peer}`,
        write: (text) => {
          // Text written during one turn of the event loop goes out in one packet.
          if (out.length === 0) setImmediate(flush);
          out.push(text);
        },
        end: () => {
          flush();
          if (!stream.destroyed) {
            stream.exit(0);
            stream.end();
          }
        },
      },
      { authenticated: true },
    );
    if (session === undefined) {
      stream.write(`Error: Too many sessions (${this.shell.maxSessions} at most); try again later\r\n`);
      stream.exit(1);
      stream.end();
      return undefined;
    }
    this.sessions.add(session);
    if (window.rows > 0) session.setWindow(window.cols, window.rows);
    stream.on('data', (chunk: Buffer) => session.input(chunk.toString('latin1')));
    stream.on('close', () => {
      this.sessions.delete(session);
      session.close();
    });
    void session.start();
    return session;
  }

  private async exec(stream: ServerChannel, command: string, pty: boolean): Promise<void> {
    stream.on('error', () => undefined);
    const eol = pty ? '\r\n' : '\n';
    try {
      const r = await runExecLine(this.shell, command);
      if (stream.destroyed) return;
      stream.write(r.lines.map((l) => `${l}${eol}`).join(''));
      stream.exit(r.status);
      stream.end();
    } catch (e) {
      this.shell.reportBug(e);
      if (!stream.destroyed) {
        stream.exit(1);
        stream.end();
      }
    }
  }
}
