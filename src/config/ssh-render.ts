/** The SSH lines of the configuration (`login user`, `sshd ...`, `sftpd host`); no key material. */
import { SshConfig } from './model';

/** Lines in a stable order; `secret` masks the password hashes below the administrator level. */
export function renderSshConfig(c: SshConfig, secret: (s: string) => string): string[] {
  const out: string[] = [];
  for (const [name, hash] of [...c.users.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`login user ${name} encrypted ${secret(hash)}`);
  }
  if (c.service) out.push('sshd service on');
  if (c.authMethod !== 'any') out.push(`sshd auth method ${c.authMethod}`);
  if (c.sftpHosts !== undefined) out.push(`sftpd host ${c.sftpHosts === 'any' ? 'any' : c.sftpHosts.join(' ')}`);
  return out;
}
