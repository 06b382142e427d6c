"""Replays what netmiko 4's `yamaha` SSH driver (netmiko/yamaha/yamaha.py on
netmiko/base_connection.py) does over paramiko, step by step:
- SSHClient connect with a password (no agent, no key lookup), invoke_shell(term='vt100',
  width=511, height=1000) as establish_connection does; RETURN is "\\n" (every command ends with a
  lone LF);
- reads keep what came after a pattern for the next read (netmiko 4's _read_buffer); the read
  loop polls every 10 ms;
- session_preparation: _test_channel_read(pattern=r'[>#]'); set_base_prompt(): find_prompt sends
  RETURN, waits 0.25 s, takes the last line, which must end with '#' or '>', and keeps it without
  that character as base_prompt; disable_paging('console lines infinity'): the command + RETURN,
  read until its echo; then 0.3 s and clear_buffer;
- check_enable_mode('#'): RETURN, read until base_prompt, '#' in it?
- enable(): check_enable_mode, else "administrator" + RETURN, read the echo, read until
  base_prompt or `Password` (re.I), the secret + RETURN, read until base_prompt, check_enable_mode;
- send_config_set: config_mode (= enable), each command + RETURN read to its echo, then to the
  prompt; exit_config_mode = exit_enable_mode: check_enable_mode, "exit" + RETURN, 1 s, read what
  came; "(Y/N)" in it: "N" with no Enter; unless base_prompt came, read until it;
  check_enable_mode must then be False;
- save_config: enable(), then send_command('save'): the echo, then up to base_prompt;
- disconnect: cleanup: check_config_mode ('#'), exit_config_mode when at '#', close.
Prints one JSON line."""
import re
import socket
import time

import paramiko

from rtx_replay_common import ReplayError, args, emit

RETURN = '\n'


class Channel:
    def __init__(self, chan):
        self.chan = chan
        self.chan.settimeout(0.01)
        self.buffer = ''
        self.transcript = ''

    def write(self, text):
        self.chan.sendall(text.encode('utf-8'))
        self.transcript += '<<' + text.replace('\r', '\\r').replace('\n', '\\n') + '>>'

    def _recv(self):
        try:
            data = self.chan.recv(65535)
        except socket.timeout:
            return ''
        if data == b'':
            raise ReplayError('channel closed; got %r' % self.buffer[-300:])
        text = data.decode('utf-8', 'ignore')
        self.transcript += text
        return text

    def read_channel(self):
        out = self.buffer
        self.buffer = ''
        while True:
            more = self._recv()
            if not more:
                return out
            out += more

    def read_until_pattern(self, pattern, re_flags=0, read_timeout=10):
        out = self.buffer
        self.buffer = ''
        deadline = time.time() + read_timeout
        while time.time() < deadline:
            m = re.search(pattern, out, flags=re_flags)
            if m:
                # netmiko 4 returns through the match and keeps the rest for the next read
                self.buffer = out[m.end():]
                return out[:m.end()]
            out += self._recv()
        raise ReplayError('ReadTimeout: pattern %r not found in %r' % (pattern, out[-300:]))

    def clear_buffer(self):
        self.read_channel()


class Yamaha:
    def __init__(self, ch, secret):
        self.ch = ch
        self.secret = secret
        self.base_prompt = ''

    def read_until_prompt(self):
        return self.ch.read_until_pattern(re.escape(self.base_prompt) + r'.*')

    def session_preparation(self):
        first = self.ch.read_until_pattern(r'[>#]', read_timeout=20)
        # find_prompt
        self.ch.clear_buffer()
        self.ch.write(RETURN)
        time.sleep(0.25)
        prompt = self.ch.read_channel().strip()
        prompt = prompt.replace('\r\n', '\n').split('\n')[-1].strip()
        if not prompt or prompt[-1] not in '#>':
            raise ReplayError('Router prompt not found: %r' % prompt)
        self.base_prompt = prompt[:-1]
        self.ch.write('console lines infinity' + RETURN)
        self.ch.read_until_pattern(re.escape('console lines infinity'), read_timeout=20)
        time.sleep(0.3)
        self.ch.clear_buffer()
        return first

    def check_enable_mode(self):
        self.ch.write(RETURN)
        return '#' in self.read_until_prompt()

    def enable(self):
        out = ''
        if self.check_enable_mode():
            return out
        self.ch.write('administrator' + RETURN)
        out += self.ch.read_until_pattern(re.escape('administrator'))
        out += self.ch.read_until_pattern('(%s|Password)' % re.escape(self.base_prompt), re.I)
        if re.search('Password', out, re.I):
            self.ch.write(self.secret + RETURN)
            out += self.read_until_prompt()
        if not self.check_enable_mode():
            raise ReplayError('Failed to enter enable mode: %r' % out)
        return out

    def exit_enable_mode(self):
        out = ''
        if self.check_enable_mode():
            self.ch.write('exit' + RETURN)
            time.sleep(1)
            out = self.ch.read_channel()
            if '(Y/N)' in out:
                self.ch.write('N')
            if self.base_prompt not in out:
                out += self.read_until_prompt()
            if self.check_enable_mode():
                raise ReplayError('Failed to exit enable mode: %r' % out)
        return out

    def send_config_set(self, commands):
        out = self.enable()
        for cmd in commands:
            self.ch.write(cmd + RETURN)
            out += self.ch.read_until_pattern(re.escape(cmd))
        out += self.read_until_prompt()
        out += self.exit_enable_mode()
        return out

    def send_command(self, cmd):
        self.ch.write(cmd + RETURN)
        out = self.ch.read_until_pattern(re.escape(cmd))
        out += self.ch.read_until_pattern(re.escape(self.base_prompt))
        return out

    def save_config(self):
        self.enable()
        return self.send_command('save')

    def cleanup(self):
        if self.check_enable_mode():
            self.exit_enable_mode()


def main():
    a = args()
    result = {}
    ch = None
    try:
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        c.connect(a['host'], port=a['port'], username=a['user'], password=a['password'], allow_agent=False,
                  look_for_keys=False, timeout=10)
        ch = Channel(c.invoke_shell(term='vt100', width=511, height=1000))
        y = Yamaha(ch, a['secret'])
        result['first'] = y.session_preparation()
        result['base_prompt'] = y.base_prompt
        result['config'] = y.send_config_set(a.get('config_commands', []))
        result['save'] = y.save_config()
        y.cleanup()
        c.close()
        result['transcript'] = ch.transcript
        result['ok'] = True
    except Exception as e:
        result['ok'] = False
        result['error'] = '%s: %s' % (type(e).__name__, e)
        if ch is not None:
            result['transcript'] = ch.transcript
    emit(result)


main()
