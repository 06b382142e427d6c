/**
 * The SSH commands: `sshd service`, `sshd host key generate`, `show sshd host key`, `login user`,
 * `sshd auth method`, `import sshd authorized-keys`, `show sshd authorized-keys`,
 * `delete /ssh/authorized_keys/NAME`, `sftpd host`. Key material goes to files beside the
 * configuration file (src/ssh/key-files.ts), never into the configuration.
 */
import { isIP } from 'net';
import { hashPassword, isPasswordHash } from '../config/passwords';
import { SshAuthMethod } from '../config/model';
import { KeyFiles, USER_NAME, parsePublicKeyLine, publicKeyLine } from '../config/ssh-key-files';
import { CommandContext, HandlerResult, HandlerTable, optText, text } from './types';

const NO_FILE = 'Error: The configuration is not kept in a file (start sipsh with --config FILE); SSH keys are kept beside it';
const BAD_USER = 'Error: Invalid parameter: a user name is 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit';
/** The most key lines one user may have (a paste that never ends stops here). */
export const MAX_AUTHORIZED_KEYS = 100;

function keyFiles(ctx: CommandContext): KeyFiles | undefined {
  const file = ctx.services.store.file;
  return file === undefined ? undefined : new KeyFiles(file);
}

function fileError(e: unknown): string {
  return `Error: Cannot write the key file: ${e instanceof Error ? e.message : String(e)}`;
}

async function generateHostKeys(ctx: CommandContext): Promise<HandlerResult> {
  const files = keyFiles(ctx);
  if (files === undefined) return NO_FILE;
  if (files.hostKeysExist()) {
    const key = await ctx.session.askKey('Host keys already exist. Update them ? (Y/N)', 'yYnN');
    if (key !== 'y' && key !== 'Y') return undefined;
  }
  ctx.session.print('Generating the host keys (RSA and Ed25519) ...');
  try {
    files.generateHostKeys('sipsh');
  } catch (e) {
    return fileError(e);
  }
  ctx.session.print('Done.');
  // The SSH server reloads its keys when told that something changed.
  ctx.services.configChanged();
  return undefined;
}

async function importAuthorizedKeys(ctx: CommandContext): Promise<HandlerResult> {
  const files = keyFiles(ctx);
  if (files === undefined) return NO_FILE;
  const user = text(ctx, 'NAME');
  if (!USER_NAME.test(user)) return BAD_USER;
  if (!ctx.config.ssh.users.has(user)) return `Error: No such login user: ${user} (add it first: login user ${user} PASSWORD)`;
  ctx.session.print('Paste the OpenSSH public key lines; end with an empty line or ^D.');
  const keys: string[] = [];
  for (;;) {
    // ^D on an empty line answers '' and ends the paste like an empty line does.
    const line = await ctx.session.ask('', true, '');
    // ^C or the session closed: cancelled, and no key of a half-done paste is kept.
    if (line === undefined) return 'Import cancelled; no key was stored';
    if (line.trim() === '') break;
    const parsed = parsePublicKeyLine(line);
    if (typeof parsed === 'string') {
      ctx.session.print(`Error: Invalid parameter: ${parsed}; line ignored`);
      continue;
    }
    if (keys.length >= MAX_AUTHORIZED_KEYS) {
      ctx.session.print(`Error: At most ${MAX_AUTHORIZED_KEYS} keys per user; line ignored`);
      continue;
    }
    keys.push(`${publicKeyLine(parsed)}${parsed.comment !== '' ? ` ${parsed.comment}` : ''}`);
  }
  if (keys.length === 0) return 'Error: No public key was given; nothing changed';
  try {
    files.writeAuthorizedKeys(user, keys);
  } catch (e) {
    return fileError(e);
  }
  ctx.session.print(`${keys.length} key${keys.length === 1 ? '' : 's'} stored for ${user}.`);
  return undefined;
}

function checkedUser(ctx: CommandContext): string | { user: string } {
  const user = text(ctx, 'NAME');
  return USER_NAME.test(user) ? { user } : BAD_USER;
}

/** `show sshd host key` / `show sshd public key`: the host public keys as OpenSSH lines. */
function showHostKeys(ctx: CommandContext): HandlerResult {
  const files = keyFiles(ctx);
  const lines = files?.hostPublicKeyLines() ?? [];
  if (lines.length === 0) return 'Error: No host key; make them with sshd host key generate';
  ctx.session.printLines(lines);
  return undefined;
}

/** Handlers of the SSH server, its host and authorized keys, `login user` and `sftpd host`, by grammar command id (merged into `allHandlers`). */
export const sshCommands: HandlerTable = {
  'sshd.service': {
    config: true,
    run(ctx) {
      ctx.config.ssh.service = ctx.keywords.has('on');
    },
  },
  'sshd.service.no': {
    config: true,
    run(ctx) {
      ctx.config.ssh.service = false;
    },
  },
  'sshd.host.key.generate': { run: generateHostKeys },
  'show.sshd.host.key': { run: showHostKeys },
  // The RT firmware's command list has `show sshd public key`; both spellings print the same.
  'show.sshd.public.key': { run: showHostKeys },
  'login.user': {
    config: true,
    run(ctx) {
      const u = checkedUser(ctx);
      if (typeof u === 'string') return u;
      const password = text(ctx, 'PASSWORD');
      if (!/^[\x21-\x7e]{1,32}$/.test(password)) return 'Error: Invalid parameter: a password is 1-32 printable ASCII characters';
      ctx.config.ssh.users.set(u.user, hashPassword(password));
      return undefined;
    },
  },
  'login.user.encrypted': {
    config: true,
    run(ctx) {
      const u = checkedUser(ctx);
      if (typeof u === 'string') return u;
      const hash = text(ctx, 'HASH');
      if (!isPasswordHash(hash)) return 'Error: Invalid parameter: not a hashed password as show config prints it';
      ctx.config.ssh.users.set(u.user, hash);
      return undefined;
    },
  },
  'login.user.no': {
    config: true,
    run(ctx) {
      const user = text(ctx, 'NAME');
      if (!ctx.config.ssh.users.delete(user)) return `Error: No such login user: ${user}`;
      return undefined;
    },
  },
  'sshd.auth.method': {
    config: true,
    run(ctx) {
      const method: SshAuthMethod = ctx.keywords.has('password') ? 'password' : ctx.keywords.has('publickey') ? 'publickey' : 'any';
      ctx.config.ssh.authMethod = method;
    },
  },
  'sshd.auth.method.no': {
    config: true,
    run(ctx) {
      ctx.config.ssh.authMethod = 'any';
    },
  },
  'import.sshd.authorized-keys': { run: importAuthorizedKeys },
  'show.sshd.authorized-keys': {
    run(ctx) {
      const files = keyFiles(ctx);
      if (files === undefined) return NO_FILE;
      const u = checkedUser(ctx);
      if (typeof u === 'string') return u;
      const lines = files.readAuthorizedKeys(u.user);
      if (lines.length === 0) return `Error: No authorized keys for ${u.user}`;
      ctx.session.printLines(lines);
      return undefined;
    },
  },
  'delete.ssh.authorized-keys': {
    run(ctx) {
      const m = /^\/ssh\/authorized_keys\/(.+)$/.exec(text(ctx, 'PATH'));
      if (m === null) return 'Error: Invalid parameter: only /ssh/authorized_keys/NAME may be deleted';
      const user = m[1] as string;
      if (!USER_NAME.test(user)) return BAD_USER;
      const files = keyFiles(ctx);
      if (files === undefined) return NO_FILE;
      try {
        if (!files.deleteAuthorizedKeys(user)) return `Error: No such file: /ssh/authorized_keys/${user}`;
      } catch (e) {
        return fileError(e);
      }
      return undefined;
    },
  },
  'sftpd.host': {
    config: true,
    run(ctx) {
      if (ctx.keywords.has('any')) {
        ctx.config.ssh.sftpHosts = 'any';
        return undefined;
      }
      const hosts = ['ADDRESS', 'ADDRESS2', 'ADDRESS3', 'ADDRESS4'].map((n) => optText(ctx, n)).filter((a): a is string => a !== undefined);
      const bad = hosts.find((a) => isIP(a) === 0);
      if (bad !== undefined) return `Error: Invalid parameter: "${bad}" is not an IPv4 or IPv6 address`;
      ctx.config.ssh.sftpHosts = hosts;
      return undefined;
    },
  },
  'sftpd.host.no': {
    config: true,
    run(ctx) {
      ctx.config.ssh.sftpHosts = undefined;
    },
  },
};
