"""Paramiko clients for test/e2e/ssh/paramiko.test.ts (run with Debian's /usr/bin/python3).

Each mode prints facts, one per line, for the test to assert; it never decides pass or fail itself.
"""
import socket
import sys
import time

import paramiko


def read_until(ch, marker, timeout=10.0):
    data = b""
    end = time.time() + timeout
    while marker.encode() not in data:
        if time.time() > end:
            raise SystemExit("TIMEOUT waiting for %r after %r" % (marker, data[-300:]))
        if ch.recv_ready():
            data += ch.recv(65536)
        else:
            time.sleep(0.01)
    return data.decode("latin1")


def transport(port):
    t = paramiko.Transport(("127.0.0.1", port))
    t.start_client(timeout=10)
    print("HOSTKEY", t.get_remote_server_key().get_name())
    return t


def none_then_password(port, rows):
    """As Go's x/crypto does: `none` first, then the password; a PTY of the given size; the prompt."""
    t = transport(port)
    t0 = time.time()
    try:
        t.auth_none("alice")
        print("NONE ACCEPTED")
    except paramiko.BadAuthenticationType as e:
        print("NONE REFUSED", ",".join(sorted(e.allowed_types)), "%.3f" % (time.time() - t0))
    t0 = time.time()
    t.auth_password("alice", "pw-alice")
    print("PASSWORD OK %.3f" % (time.time() - t0))
    ch = t.open_session()
    ch.get_pty(term="vt100", width=80, height=rows)
    ch.invoke_shell()
    banner = read_until(ch, "> ")
    print("PROMPT", repr(banner.splitlines()[-1]))
    print("ASKED PASSWORD", "Password:" in banner)
    ch.send("show command\r")
    page = read_until(ch, "---more---")
    print("PAGE LINES", len([l for l in page.split("\r\n")[1:] if l and "---more---" not in l]))
    ch.send("q")
    read_until(ch, "> ")
    ch.resize_pty(width=80, height=6)
    time.sleep(0.2)
    ch.send("show command\r")
    page = read_until(ch, "---more---")
    print("PAGE LINES AFTER RESIZE", len([l for l in page.split("\r\n")[1:] if l and "---more---" not in l]))
    ch.send("q")
    read_until(ch, "> ")
    ch.send("exit\r")
    end = time.time() + 5
    while not ch.exit_status_ready() and time.time() < end:
        time.sleep(0.05)
    print("EXIT STATUS", ch.recv_exit_status() if ch.exit_status_ready() else "none")
    t.close()


def wrong_passwords(port):
    """An attacker: wrong passwords on one connection until it is closed; the time of each answer."""
    t = transport(port)
    for i in range(1, 6):
        t0 = time.time()
        try:
            t.auth_password("alice", "wrong%d" % i)
            print("ACCEPTED", i)
            return
        except paramiko.AuthenticationException:
            print("REFUSED %d %.3f" % (i, time.time() - t0))
        except (paramiko.SSHException, EOFError, socket.error) as e:
            print("CLOSED %d %.3f %s" % (i, time.time() - t0, type(e).__name__))
            return
    print("NEVER CLOSED")


def vanish(port):
    """Administrator level, endless output, then the socket closes without reading any of it."""
    t = transport(port)
    t.auth_password("alice", "pw-alice")
    ch = t.open_session()
    ch.get_pty(term="vt100", width=80, height=24)
    ch.invoke_shell()
    read_until(ch, "> ")
    # At the user level this changes the session only, not the configuration.
    ch.send("console lines infinity\r")
    read_until(ch, "> ")
    ch.send("administrator\r")
    read_until(ch, "Password: ")
    ch.send("adminpass\r")
    read_until(ch, "# ")
    ch.send("show command\r" * 200)
    time.sleep(0.3)
    t.sock.close()
    print("VANISHED")


def admin(port):
    """A new shell asks for the administrator level."""
    t = transport(port)
    t.auth_password("alice", "pw-alice")
    ch = t.open_session()
    ch.get_pty(term="vt100", width=80, height=24)
    ch.invoke_shell()
    read_until(ch, "> ")
    ch.send("administrator\r")
    read_until(ch, "Password: ")
    ch.send("adminpass\r")
    print("ADMIN", repr(read_until(ch, "# ").splitlines()[-1]))
    t.close()


def limit(port):
    """Two shells when one session at most is allowed: the second is told and closed."""
    first = transport(port)
    first.auth_password("alice", "pw-alice")
    a = first.open_session()
    a.get_pty()
    a.invoke_shell()
    read_until(a, "> ")
    second = transport(port)
    second.auth_password("bob", "pw-bob")
    b = second.open_session()
    b.get_pty()
    b.invoke_shell()
    print("SECOND", read_until(b, "later").strip())
    print("SECOND EXIT", b.recv_exit_status())
    a.send("exit\r")
    print("FIRST EXIT", a.recv_exit_status())


def channels(port):
    """An attacker opens session channels on one connection until refused."""
    t = transport(port)
    t.auth_password("bob", "pw-bob")
    opened = 0
    held = []  # kept referenced: paramiko closes a channel it garbage-collects
    for _ in range(50):
        try:
            held.append(t.open_session(timeout=5))
            opened += 1
        except paramiko.ChannelException as e:
            print("REFUSED AFTER", opened, e.code)
            break
    else:
        print("NEVER REFUSED", opened)
    t.close()


def terraform_like(port):
    """What the Terraform RTX provider's Go client does: ssh-rsa host key, `none` first,
    keyboard-interactive answering the password to every question, a PTY shell read up to the
    prompt; then SFTP: open /system/config0, read to EOF, close."""
    t = paramiko.Transport(("127.0.0.1", port))
    t.disabled_algorithms = {"keys": ["ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]}
    t.start_client(timeout=10)
    print("HOSTKEY", t.get_remote_server_key().get_name())
    try:
        t.auth_none("alice")
    except paramiko.BadAuthenticationType:
        pass
    t.auth_interactive("alice", lambda title, instructions, prompts: ["pw-alice" for _ in prompts])
    print("AUTHENTICATED", t.is_authenticated())
    ch = t.open_session()
    ch.get_pty(term="vt100", width=200, height=24)
    ch.invoke_shell()
    print("PROMPT", repr(read_until(ch, "> ").splitlines()[-1]))
    ch.send("show config\r")
    print("CONFIG HAS USER", "login user alice encrypted ********" in read_until(ch, "> "))
    ch.send("exit\r")
    print("EXIT STATUS", ch.recv_exit_status())
    sftp = paramiko.SFTPClient.from_transport(t)
    with sftp.open("/system/config0", "r") as f:
        data = f.read()
    sys.stdout.write("SFTP BYTES %d\n" % len(data))
    sys.stdout.write("SFTP SHA %s\n" % __import__("hashlib").sha256(data).hexdigest())
    t.close()


def exec_line(port, line):
    t = transport(port)
    t.auth_password("bob", "pw-bob")
    ch = t.open_session()
    ch.exec_command(line)
    out = b""
    while True:
        d = ch.recv(65536)
        if not d:
            break
        out += d
    print("STATUS", ch.recv_exit_status())
    sys.stdout.write(out.decode("latin1"))
    t.close()


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "none-then-password":
        none_then_password(port, int(sys.argv[3]))
    elif mode == "wrong-passwords":
        wrong_passwords(port)
    elif mode == "vanish":
        vanish(port)
    elif mode == "terraform-like":
        terraform_like(port)
    elif mode == "channels":
        channels(port)
    elif mode == "limit":
        limit(port)
    elif mode == "admin":
        admin(port)
    elif mode == "exec":
        exec_line(port, sys.argv[3])
