"""Replays what Ansible's network_cli connection does with the yamaha_network.rtx collection
(plugins/terminal/rtx.py, plugins/cliconf/rtx.py, plugins/module_utils/network/rtx/rtx.py,
plugins/modules/rtx_config.py) over paramiko, with network_cli's own receive loop:
- SSHClient connect with a password, no agent, no key lookup; invoke_shell (paramiko's defaults:
  term vt100, 80x24); every command is sent as command + "\\r";
- receive: recv(256) at a time; the window is the last 256 bytes received (ANSI stripped);
  terminal_stderr_re `Error:` (re.I) in the window together with terminal_stdout_re `[>#]|Password: `
  fails the command; terminal_stdout_re anywhere in the window is a prompt, and then the reply
  ends when nothing more comes for buffer_read_timeout (0.1 s), else the loop goes on;
  prompts (`[\\r\\n]?Password: $` for become) are answered with answer + "\\r" when they match;
- the reply is sanitized: the line equal to the command and every line holding the matched prompt
  text (`>` or `#`) are dropped;
- on_become: unless the matched prompt ends with '#', "administrator" with the prompt answered by
  the password;
- get_device_info: `show environment | grep Rev` with `(Rev.(\\S+\\s\\(.*\\)))` and
  `((RTX|NVR|FWX)\\d{3,5}|vRX)`, `show config | grep prompt` with `console prompt (.+)`;
- rtx_config: get_console_info (`show config | grep console`), set_console_info (`console character
  ascii`, `console lines infinity`, `console columns 200`), `show config`, the lines, `show config`,
  set_console_info again with what was there before (`no console ...` when nothing was),
  save_when changed: run_commands('save\\r') (so "save\\r\\r" on the wire);
- a failing command (rtx_command) must come back as failed;
- the connection closes without exit (network_cli closes the channel), possibly at '#'.
Prints one JSON line."""
import re
import socket
import time

import paramiko

from rtx_replay_common import ReplayError, args, emit

STDOUT_RE = [re.compile(r'[>#]|Password: ')]
STDERR_RE = [re.compile(r'Error:', re.I)]
ANSI_RE = re.compile(r'(\x1b\[\?1h\x1b=)|(\x08.\x08)|(\x1b\[[0-9;?]*[A-Za-z])')
BUFFER_READ_TIMEOUT = 0.1


class CommandFailed(Exception):
    pass


class NetworkCli:
    def __init__(self, chan):
        self.chan = chan
        self.matched_prompt = None
        self.transcript = ''

    def _find_prompt(self, window):
        errored = None
        is_error = False
        for rx in STDERR_RE:
            if rx.search(window):
                is_error = True
                for out in STDOUT_RE:
                    m = out.search(window)
                    if m:
                        errored = window
                        self.matched_prompt = m.group()
                        break
        if not is_error:
            for rx in STDOUT_RE:
                m = rx.search(window)
                if m:
                    self.matched_prompt = m.group()
                    return True
        if errored:
            raise CommandFailed(errored)
        return False

    def _sanitize(self, resp, command):
        cleaned = []
        for line in resp.splitlines():
            if command and line.strip() == command.strip():
                continue
            if self.matched_prompt and self.matched_prompt.strip() in line:
                continue
            cleaned.append(line)
        return '\n'.join(cleaned).strip()

    def receive(self, command=None, prompts=None, answer=None, timeout=30):
        recv = b''
        handled = False
        matched = False
        deadline = time.time() + timeout
        response = None
        while True:
            if time.time() > deadline:
                raise ReplayError('command timeout: %r' % recv[-300:])
            self.chan.settimeout(BUFFER_READ_TIMEOUT if matched else max(0.01, deadline - time.time()))
            try:
                data = self.chan.recv(256)
            except socket.timeout:
                if matched:
                    return response
                continue
            if not data:
                raise ReplayError('channel closed; got %r' % recv[-300:])
            matched = False
            recv += data
            self.transcript += data.decode('utf-8', 'replace')
            window = ANSI_RE.sub('', recv[-256:].decode('utf-8', 'replace'))
            if prompts and not handled:
                for rx in prompts:
                    if re.search(rx, window):
                        self.send(answer + '\r')
                        handled = True
                        break
            if self._find_prompt(window):
                response = self._sanitize(ANSI_RE.sub('', recv.decode('utf-8', 'replace')), command)
                matched = True

    def send(self, text):
        self.chan.sendall(text.encode('utf-8'))
        self.transcript += '<<' + text.replace('\r', '\\r') + '>>'

    def command(self, cmd, prompts=None, answer=None):
        self.send(cmd + '\r')
        return self.receive(cmd, prompts, answer)


def main():
    a = args()
    result = {}
    cli = None
    try:
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        c.connect(a['host'], port=a['port'], username=a['user'], password=a['password'], allow_agent=False,
                  look_for_keys=False, timeout=10)
        cli = NetworkCli(c.invoke_shell())
        cli.receive()
        result['first_prompt'] = cli.matched_prompt
        # on_become
        if not cli.matched_prompt.endswith('#'):
            cli.command('administrator', prompts=[r'[\r\n]?Password: $'], answer=a.get('admin_password') or '')
        # get_device_info (the capabilities network_cli asks for)
        info = {'network_os': 'rtx'}
        data = cli.command('show environment | grep Rev')
        # (become's own reply matched 'Password: ' first in its window; this one shows the level)
        result['become_prompt'] = cli.matched_prompt
        m = re.search(r'(Rev.(\S+\s\(.*\)))', data)
        if m:
            info['network_os_version'] = m.group(1)
        m = re.search(r'((RTX|NVR|FWX)\d{3,5}|vRX)', data)
        if m:
            info['network_os_model'] = m.group(1)
        data = cli.command('show config | grep prompt')
        m = re.search(r'console prompt (.+)', data)
        if m:
            info['network_os_hostname'] = m.group(1)
        result['device_info'] = info
        # rtx_config
        console = {'character': 'no console character', 'lines': 'no console lines', 'columns': 'no console columns'}
        text = cli.command('show config | grep console')
        for key, rx in (('character', r'(console character (.+))'), ('lines', r'(console lines (.+))'), ('columns', r'(console columns (\d{2,}))')):
            m = re.search(rx, text)
            if m:
                console[key] = m.group(1)
        for cmd in ('console character ascii', 'console lines infinity', 'console columns 200'):
            cli.command(cmd)
        result['running_before'] = cli.command('show config')
        result['responses'] = [cli.command(line) for line in a.get('lines', [])]
        result['running_after'] = cli.command('show config')
        for key in ('character', 'lines', 'columns'):
            cli.command(console[key])
        if a.get('save'):
            result['save'] = cli.command('save\r')
        failing = a.get('failing_command')
        if failing:
            try:
                cli.command(failing)
                result['failing'] = 'no error seen'
            except CommandFailed as e:
                result['failing'] = 'failed: %s' % e
        # network_cli.close: the channel closes where it is
        c.close()
        result['transcript'] = cli.transcript
        result['ok'] = True
    except Exception as e:
        result['ok'] = False
        result['error'] = '%s: %s' % (type(e).__name__, e)
        if cli is not None:
            result['transcript'] = cli.transcript
    emit(result)


main()
