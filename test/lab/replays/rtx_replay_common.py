"""Shared pieces of the replays: a paramiko transport opened the way a given client opens it, a
pty-req with terminal modes (paramiko's get_pty sends none), and reads that stop where the client
being replayed stops. Output is JSON on stdout; the jest test asserts on it."""
import json
import re
import socket
import sys
import time

import paramiko
from paramiko.common import cMSG_CHANNEL_REQUEST
from paramiko.message import Message

# RFC 4254 §8 opcodes
TTY_OP_END = 0
ECHO = 53
TTY_OP_ISPEED = 128
TTY_OP_OSPEED = 129


class ReplayError(Exception):
    pass


def open_transport(host, port, user, password=None, key_file=None, host_key_types=None, try_none_first=True):
    """Connects, restricts the host key algorithms like the replayed client, authenticates.
    Returns (transport, facts) where facts records what the server offered and accepted."""
    sock = socket.create_connection((host, port), timeout=10)
    t = paramiko.Transport(sock)
    if host_key_types:
        t.get_security_options().key_types = host_key_types
    t.start_client(timeout=10)
    # host_key_type: the key's type; host_key_algorithm: the signature algorithm agreed in KEXINIT
    # (rsa-sha2-256/512 on the same RSA key, RFC 8332)
    facts = {'host_key_type': t.get_remote_server_key().get_name(), 'host_key_algorithm': t.host_key_type}
    if try_none_first:
        # Go's x/crypto and OpenSSH ask with "none" first to learn the allowed methods.
        try:
            t.auth_none(user)
            facts['none'] = 'accepted'
        except paramiko.BadAuthenticationType as e:
            facts['none'] = 'refused'
            facts['allowed'] = list(e.allowed_types)
        except paramiko.AuthenticationException as e:
            facts['none'] = 'error: %s' % e
    started = time.time()
    if key_file:
        key = paramiko.PKey.from_path(key_file) if hasattr(paramiko.PKey, 'from_path') else paramiko.Ed25519Key.from_private_key_file(key_file)
        t.auth_publickey(user, key)
    elif password is not None:
        t.auth_password(user, password)
    facts['auth_seconds'] = round(time.time() - started, 3)
    if not t.is_authenticated():
        raise ReplayError('not authenticated')
    return t, facts


def pty_req(chan, term, width, height, modes):
    """pty-req with terminal modes (RFC 4254 §6.2), as golang.org/x/crypto/ssh RequestPty sends it."""
    encoded = b''
    for opcode, value in modes:
        encoded += bytes([opcode]) + value.to_bytes(4, 'big')
    encoded += bytes([TTY_OP_END])
    m = Message()
    m.add_byte(cMSG_CHANNEL_REQUEST)
    m.add_int(chan.remote_chanid)
    m.add_string('pty-req')
    m.add_boolean(True)
    m.add_string(term)
    m.add_int(width)
    m.add_int(height)
    m.add_int(0)
    m.add_int(0)
    m.add_string(encoded)
    chan._event_pending()
    chan.transport._send_user_message(m)
    chan._wait_for_event()


class Reader:
    """Reads a channel into a buffer until a predicate on the buffer holds, or a deadline."""

    def __init__(self, chan):
        self.chan = chan
        self.chan.settimeout(0.05)
        self.transcript = ''

    def until(self, done, timeout, byte_at_a_time=False):
        buf = ''
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                data = self.chan.recv(1 if byte_at_a_time else 4096)
            except socket.timeout:
                data = None
            if data == b'':
                raise ReplayError('channel closed while waiting; got %r' % buf)
            if data:
                buf += data.decode('utf-8', 'replace')
                if done(buf):
                    self.transcript += buf
                    return buf
        raise ReplayError('timeout after %ss waiting; got %r' % (timeout, buf[-300:]))

    def drain(self, seconds):
        """Whatever arrives within `seconds` (the bytes a client would find at its next read)."""
        buf = ''
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                data = self.chan.recv(4096)
            except socket.timeout:
                continue
            if not data:
                break
            buf += data.decode('utf-8', 'replace')
        self.transcript += buf
        return buf

    def send(self, text):
        self.chan.sendall(text.encode('utf-8'))
        self.transcript += '<<' + text.replace('\r', '\\r').replace('\n', '\\n') + '>>'


def emit(result):
    sys.stdout.write(json.dumps(result) + '\n')
    sys.stdout.flush()


def args():
    return json.loads(sys.argv[1])
