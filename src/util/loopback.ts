/**
 * The non-loopback rule (issue 12), shared by the telnet console and the web pages, at start-up and
 * at run time: on an address other hosts can reach, a door with no password is refused unless the
 * operator asked for it (`--allow-remote-without-password`).
 */

/** Is `address` a loopback address (127.0.0.0/8, ::1, ::ffff:127.x, localhost)? */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.') || a === 'localhost';
}

/** True when a server bound to `bound` must refuse because no password is set (see the module comment). */
export function refusedWithoutPassword(bound: string, passwordSet: boolean, allowRemoteWithoutPassword: boolean): boolean {
  return !isLoopbackAddress(bound) && !passwordSet && !allowRemoteWithoutPassword;
}
