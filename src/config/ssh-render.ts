/** The SSH line requests of the configuration (`login user`, `sshd ...`, `sftpd host`); no key material. */
import { LineRequest } from '../grammar/spell';
import { SshConfig } from './model';
import { line, numberedValues } from './render-line';

/** Lines in a stable order; `secret` masks the password hashes below the administrator level. */
export function sshConfigLines(c: SshConfig, secret: (s: string) => string): LineRequest[] {
  const out: LineRequest[] = [];
  for (const [name, hash] of [...c.users.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(line('login.user.encrypted', { NAME: name, HASH: secret(hash) }));
  }
  if (c.service) out.push(line('sshd.service', {}, ['on']));
  if (c.authMethod !== 'any') out.push(line('sshd.auth.method', {}, [c.authMethod]));
  if (c.sftpHosts === 'any') out.push(line('sftpd.host', {}, ['any']));
  else if (c.sftpHosts !== undefined) out.push(line('sftpd.host', numberedValues('ADDRESS', c.sftpHosts)));
  return out;
}
