"""A password guesser for the SSH e2e tests: from SOURCE, one wrong password per connection,
reconnecting after every answer, PARALLEL connections at a time, for SECONDS (0: one guess).
Prints one line per guess: "<sent ms> <answered ms> <refused|in|timeout|error>" (epoch milliseconds;
timeout: the window ended while the guess waited, and the attacker hung up)."""
import socket
import sys
import threading
import time

import paramiko

port, source, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
seconds, parallel = float(sys.argv[5]), int(sys.argv[6])
end = time.time() + seconds
lock = threading.Lock()


def ms():
    return int(time.time() * 1000)


def guess():
    sent, result = ms(), 'error'
    t = None
    try:
        s = socket.create_connection(('127.0.0.1', port), timeout=max(1.0, end - time.time() + 30), source_address=(source, 0))
        t = paramiko.Transport(s)
        t.start_client(timeout=30)
        if seconds > 0:
            # The attacker hangs up when the window ends, as the telnet attacker does.
            t.auth_timeout = max(0.1, end - time.time())
        sent = ms()
        try:
            t.auth_password(user, password)
            result = 'in'
        except paramiko.AuthenticationException as e:
            result = 'timeout' if 'timeout' in str(e).lower() else 'refused'
    except Exception:  # refused at the door, closed, timed out: counted as an error, then reconnect
        result = 'error'
    finally:
        if t is not None:
            t.close()
    with lock:
        print(sent, ms(), result, flush=True)
    return result


def loop():
    while True:
        if guess() == 'error':
            time.sleep(0.02)
        if time.time() >= end:
            return


threads = [threading.Thread(target=loop) for _ in range(parallel)]
for th in threads:
    th.start()
for th in threads:
    th.join()
