"""Replays what Ansible's network_cli connection does with the yamaha_network.rtx collection
(plugins/terminal/rtx.py and plugins/cliconf/rtx.py) over paramiko:
- SSHClient connect with a password, no agent, no key lookup; invoke_shell (paramiko's defaults:
  term vt100, 80x24);
- a prompt is found when the received text matches terminal_stdout_re `[>#]|Password: ` at the end
  of its last line; `Error:` anywhere (terminal_stderr_re) makes the command fail;
- become: when the prompt does not end with '#', "administrator" with the prompt
  `[\r\n]?Password: $` answered by the password;
- get_device_info: `show environment | grep Rev` with `(Rev.(\S+\s\(.*\)))` and
  `((RTX|NVR|FWX)\d{3,5}|vRX)`, `show config | grep prompt` with `console prompt (.+)`;
- the commands of a playbook (rtx_command / rtx_config), each sent with "\r";
- unbecome: "exit" at '#' (the save question answered as the test asks), then close."""
import re
import time

import paramiko

from rtx_replay_common import ReplayError, Reader, args, emit

STDOUT_RE = re.compile(r'[>#]|Password: ')
STDERR_RE = re.compile(r'Error:', re.I)


def prompt_at_end(buf):
    # network_cli strips trailing blanks and tests the last line against terminal_stdout_re
    last = buf.rstrip(' ').split('\n')[-1]
    return bool(last) and bool(re.search(r'(?:[>#]|Password:)\s*$', last)) and STDOUT_RE.search(last) is not None


def command(r, cmd, prompt=None, answer=None):
    r.send(cmd + '\r')
    if prompt is not None:
        r.until(lambda b: re.search(prompt, b.split('\n')[-1]) is not None, 10)
        r.send(answer + '\r')
    out = r.until(prompt_at_end, 30)
    if STDERR_RE.search(out):
        raise ReplayError('command %r failed: %r' % (cmd, out))
    # network_cli drops the echoed command line and the trailing prompt
    lines = out.replace('\r', '').split('\n')
    return '\n'.join(lines[1:-1])


def main():
    a = args()
    result = {}
    try:
        c = paramiko.SSHClient()
        c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        c.connect(a['host'], port=a['port'], username=a['user'], password=a['password'], allow_agent=False,
                  look_for_keys=False, timeout=10)
        chan = c.invoke_shell()
        r = Reader(chan)
        first = r.until(prompt_at_end, 10)
        result['first_prompt'] = first.split('\n')[-1]
        if not first.rstrip().endswith('#'):
            command(r, 'administrator', prompt=r'[\r\n]?Password: $', answer=a.get('admin_password') or '')
        info = {'network_os': 'rtx'}
        data = command(r, 'show environment | grep Rev').strip()
        m = re.search(r'(Rev.(\S+\s\(.*\)))', data)
        if m:
            info['network_os_version'] = m.group(1)
        m = re.search(r'((RTX|NVR|FWX)\d{3,5}|vRX)', data)
        if m:
            info['network_os_model'] = m.group(1)
        data = command(r, 'show config | grep prompt').strip()
        m = re.search(r'console prompt (.+)', data)
        if m:
            info['network_os_hostname'] = m.group(1).strip()
        result['device_info'] = info
        result['outputs'] = [command(r, cmd) for cmd in a.get('commands', [])]
        failing = a.get('failing_command')
        if failing:
            try:
                command(r, failing)
                result['failing'] = 'no error seen'
            except ReplayError as e:
                result['failing'] = str(e)
        r.send('exit\r')
        tail = r.until(lambda b: '(Y/N)' in b or prompt_at_end(b), 5)
        if '(Y/N)' in tail:
            r.send(a.get('save_answer', 'N'))
            r.until(prompt_at_end, 5)
        result['last_prompt'] = r.transcript.rstrip().split('\n')[-1]
        r.send('exit\r')
        time.sleep(0.2)
        c.close()
        result['transcript'] = r.transcript
        result['ok'] = True
    except Exception as e:
        result['ok'] = False
        result['error'] = '%s: %s' % (type(e).__name__, e)
    emit(result)


main()
