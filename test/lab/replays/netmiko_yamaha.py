"""Replays what netmiko's `yamaha` SSH driver does (netmiko/yamaha/yamaha.py on
netmiko/base_connection.py) over paramiko, step by step:
- SSHClient connect with a password (no agent, no key lookup), invoke_shell(term='vt100',
  width=511, height=1000) as establish_connection does;
- session_preparation: _test_channel_read(pattern=r'[>#]') (sleep, read; when nothing came, send
  RETURN and read again), set_base_prompt('>') (no I/O), disable_paging('console lines infinity'):
  the command + RETURN, read until its echo; then clear_buffer;
- netmiko's RETURN is "\\n": every command ends with a lone LF;
- enable / config_mode: check_enable_mode sends RETURN and looks for '#' in what comes back;
  otherwise "administrator" + RETURN, read until the prompt or `Password` (re.I), the secret +
  RETURN, read until '#';
- send_config_set: each command + RETURN, read until the base prompt;
- save_config: enable(), send_command('save'): read the echo, then to the '#' prompt;
- exit_enable_mode: "exit" + RETURN, read until '>' (and a save question if one comes).
Prints one JSON line."""
import re
import socket
import time

import paramiko

from rtx_replay_common import ReplayError, Reader, args, emit

RETURN = '\n'


def ends_with_prompt(base):
    # read_until_prompt: re.escape(base_prompt) searched in the output
    return lambda b: re.search(re.escape(base), b) is not None


def send_command(r, cmd, base, timeout=15):
    r.send(cmd + RETURN)
    # cmd_verify: read until the echo of the command, then until the prompt after it
    out = r.until(lambda b: cmd in b and re.search(re.escape(base), b.split(cmd, 1)[1]) is not None, timeout)
    return out


def main():
    a = args()
    result = {}
    try:
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        c.connect(a['host'], port=a['port'], username=a['user'], password=a['password'], allow_agent=False,
                  look_for_keys=False, timeout=10)
        chan = c.invoke_shell(term='vt100', width=511, height=1000)
        r = Reader(chan)
        # _test_channel_read(pattern=r"[>#]")
        time.sleep(1)
        first = ''
        for _ in range(40):
            try:
                first = r.until(lambda b: re.search(r'[>#]', b) is not None, 0.5)
                break
            except ReplayError:
                r.send(RETURN)
        if not first:
            raise ReplayError('Timed out waiting for data')
        result['first'] = first
        # disable_paging(command="console lines infinity")
        r.send('console lines infinity' + RETURN)
        r.until(lambda b: 'console lines infinity' in b, 20)
        time.sleep(0.3)
        # clear_buffer
        try:
            r.until(lambda b: False, 0.3)
        except ReplayError:
            pass
        # enable(): check_enable_mode first
        r.send(RETURN)
        check = r.until(lambda b: re.search(r'[>#]', b) is not None, 10)
        if '#' not in check:
            r.send('administrator' + RETURN)
            out = r.until(lambda b: re.search(r'Password', b, re.I) is not None or b.rstrip().endswith('>'), 10)
            if re.search(r'Password', out, re.I):
                r.send(a['secret'] + RETURN)
                out += r.until(lambda b: '#' in b or '>' in b, 10)
            result['enable'] = out
        base = '#'
        result['config'] = [send_command(r, cmd, base) for cmd in a.get('config_commands', [])]
        result['save'] = send_command(r, 'save', base, 30)
        # exit_enable_mode
        r.send('exit' + RETURN)
        tail = r.until(lambda b: '(Y/N)' in b or '>' in b, 10)
        result['exit'] = tail
        c.close()
        result['transcript'] = r.transcript
        result['ok'] = True
    except Exception as e:
        result['ok'] = False
        result['error'] = '%s: %s' % (type(e).__name__, e)
    emit(result)


main()
