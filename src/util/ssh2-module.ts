/**
 * The `ssh2` package, loaded on first use. Loading it costs about 55 ms of start-up (its ciphers,
 * key parsers and protocol tables), which a configuration without `sshd service on` never needs:
 * every value from `ssh2` goes through {@link ssh2}, and other files take only types from it
 * (`import type`), so that `sipsh` with an empty configuration starts without it (issue 13).
 */
import type * as Ssh2 from 'ssh2';

let loaded: typeof Ssh2 | undefined;

/** The `ssh2` module, required the first time it is asked for. */
export function ssh2(): typeof Ssh2 {
  // A synchronous require, not import(): key parsing (`show sshd host key`, `import sshd
  // authorized-keys`) is synchronous. The cast is the one place the module's type meets require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('ssh2') as typeof Ssh2;
  return loaded;
}

/** True once `ssh2` has been loaded (for the start-up test). */
export function ssh2Loaded(): boolean {
  return loaded !== undefined;
}
