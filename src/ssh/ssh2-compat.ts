/**
 * One interoperability fix for ssh2 1.17's server: it disconnects (SERVICE_NOT_AVAILABLE) a
 * client that sends a second SSH_MSG_SERVICE_REQUEST "ssh-userauth". Paramiko (hence Ansible and
 * netmiko) sends one before EVERY authentication attempt, so its password after `none` or after a
 * refused key was cut off. OpenSSH's sshd answers every such request; RFC 4253 §10 does not limit
 * them. We answer the repeated request ourselves, before authentication only, and leave every
 * other case (first request, other services, after authentication) to ssh2.
 * The paramiko e2e test (test/e2e/ssh/paramiko.test.ts) fails if a new ssh2 changes these internals.
 */
import type { Connection } from 'ssh2';

type ServiceRequestHandler = (proto: unknown, name: string) => void;

interface ProtocolInternals {
  _handlers: Record<string, unknown>;
  serviceAccept(name: string): void;
}

function isProtocol(x: unknown): x is ProtocolInternals {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as { _handlers?: unknown; serviceAccept?: unknown };
  return typeof p._handlers === 'object' && p._handlers !== null && typeof p.serviceAccept === 'function';
}

/** Lets the client repeat SERVICE_REQUEST "ssh-userauth" before it is authenticated; false when ssh2's internals differ. */
export function allowRepeatedUserauthRequest(client: Connection, isAuthenticated: () => boolean): boolean {
  const proto: unknown = (client as unknown as { _protocol?: unknown })._protocol;
  if (!isProtocol(proto)) return false;
  const original = proto._handlers['SERVICE_REQUEST'];
  if (typeof original !== 'function') return false;
  const handler = original as ServiceRequestHandler;
  let accepted = false;
  proto._handlers['SERVICE_REQUEST'] = (self: unknown, name: string): void => {
    if (accepted && name === 'ssh-userauth' && !isAuthenticated()) {
      proto.serviceAccept(name);
      return;
    }
    if (name === 'ssh-userauth') accepted = true;
    handler(self, name);
  };
  return true;
}
