"""Replays, step by step, what the Terraform RTX provider (shin1ohno/terraform-provider-rtx,
internal/client: ssh_dialer.go, working_session.go, simple_executor.go, system_info.go,
sftp_client.go) does against a router:
- dials with golang.org/x/crypto/ssh: "none" first, then password (keyboard-interactive as fallback),
  host key algorithm as asked (the dialer: ssh-rsa; pooled connections: rsa-sha2-256/512);
- a session with pty-req "vt100", 40 rows x 512 columns, modes ECHO 0 and speeds 14400, then shell;
- readUntilPrompt: byte at a time until the last line (after the last LF) is shorter than 100
  characters, does not start with "#" or white space, and ends with "> " or "# " (or, three
  characters or longer, ends with ">" or "#");
- "console lines infinity\r"; "administrator\r", read until "Password:", password + "\r", read to a
  prompt, fail on "incorrect" / "failed" / "Invalid";
- the command, raw output to the prompt; `show environment` parsed with system_info.go's regexes;
- optionally `administrator password`: Old_Password:, New_Password: twice;
- close: "exit\r", answer "Y\r" when the text holds "(y/n)" (case-insensitive), then "exit\r";
- SFTP: open and read /system/config0, and a write that must be refused."""
import re
import time

import paramiko

from rtx_replay_common import ReplayError, Reader, ECHO, TTY_OP_ISPEED, TTY_OP_OSPEED, args, emit, open_transport, pty_req


def prompt_seen(buf):
    last = buf.split('\n')[-1]
    if not (0 < len(last) < 100):
        return False
    left = last.lstrip('\r')
    if left.startswith('#') or left.startswith(' ') or left.startswith('\t'):
        return False
    if last.endswith('> ') or last.endswith('# '):
        return True
    return len(left) >= 3 and (last.endswith('>') or last.endswith('#'))


def exit_prompt_seen(buf):
    # readUntilPromptOrSaveConfirmation's prompt test: no length or leading '#' rule there
    last = buf.split('\n')[-1]
    if not last:
        return False
    if '] >' in last or last.endswith('> ') or '] # ' in last or last.endswith('# '):
        return True
    return last.strip().endswith('>') or last.strip().endswith('#')


def save_question(buf):
    low = buf.lower()
    return any(p in low for p in ('save configuration?', 'save config?', '(y/n)', '(yes/no)', 'save changes?'))


def parse_environment(out):
    info = {}
    for key, rx in (('model', r'(RTX\d+)\s+Rev\.'), ('firmware', r'RTX\d+\s+Rev\.([\d.]+)'),
                    ('serial', r'serial=([A-Z0-9]+)'), ('mac', r'MAC-Address=([0-9a-fA-F:]+)'),
                    ('uptime', r'Elapsed time from boot:\s*(.+)')):
        m = re.search(rx, out)
        if m:
            info[key] = m.group(1).strip()
    return info


def session(t, a, result):
    chan = t.open_session()
    pty_req(chan, 'vt100', 512, 40, [(ECHO, 0), (TTY_OP_ISPEED, 14400), (TTY_OP_OSPEED, 14400)])
    chan.invoke_shell()
    r = Reader(chan)
    r.until(prompt_seen, 10, byte_at_a_time=True)
    r.send('console lines infinity\r')
    r.until(prompt_seen, 5, byte_at_a_time=True)
    admin = a.get('admin_password') is not None
    if admin:
        r.send('administrator\r')
        r.until(lambda b: 'Password:' in b, 10)
        r.send(a['admin_password'] + '\r')
        resp = r.until(prompt_seen, 10, byte_at_a_time=True)
        if 'incorrect' in resp or 'failed' in resp or 'Invalid' in resp:
            # sendAdministratorCommand: strings.Contains, case-sensitive
            raise ReplayError('administrator authentication failed: %r' % resp)
        result['admin_response'] = resp
        result['admin_prompt'] = resp.split('\n')[-1]
    outputs = []
    for cmd in a.get('commands', []):
        r.send(cmd + '\r')
        outputs.append(r.until(prompt_seen, 120 if 'show config' in cmd else 15, byte_at_a_time=True))
    result['outputs'] = outputs
    if a.get('new_admin_password') is not None:
        r.send('administrator password\r')
        r.until(lambda b: 'Old_Password:' in b, 10)
        r.send(a.get('admin_password') or '')
        r.send('\r')
        r.until(lambda b: 'New_Password:' in b, 10)
        r.send(a['new_admin_password'] + '\r')
        r.until(lambda b: 'New_Password:' in b, 10)
        r.send(a['new_admin_password'] + '\r')
        result['password_change'] = r.until(prompt_seen, 10, byte_at_a_time=True)
    # workingSession.Close / exitAdminMode: errors here are only logged as warnings by the provider
    try:
        if admin:
            r.send('exit\r')
            resp = r.until(lambda b: save_question(b) or exit_prompt_seen(b), 5, byte_at_a_time=True)
            if save_question(resp):
                r.send('Y\r')
                result['after_save'] = r.until(prompt_seen, 3, byte_at_a_time=True)
                # not the provider's: what is left for the next read (the \r must not be an Enter)
                result['after_save_rest'] = r.drain(0.5)
            time.sleep(0.5)
        r.send('exit\r')
        time.sleep(0.3)
    except ReplayError as e:
        result['close_warning'] = str(e)
    chan.close()
    result['transcript'] = r.transcript


def sftp(t, a, result):
    s = paramiko.SFTPClient.from_transport(t)
    with s.open('/system/config0', 'r') as f:
        result['config0'] = f.read().decode('utf-8', 'replace')
    try:
        with s.open('/system/config0', 'w') as f:
            f.write(b'# overwritten\n')
        result['write'] = 'accepted'
    except IOError as e:
        result['write'] = 'refused: %s' % e
    s.close()


def main():
    a = args()
    result = {}
    try:
        t, facts = open_transport(a['host'], a['port'], a['user'], password=a.get('password'), key_file=a.get('key_file'),
                                  host_key_types=a.get('host_key_types', ['ssh-rsa']))
        result.update(facts)
        if a.get('sftp'):
            sftp(t, a, result)
        else:
            session(t, a, result)
            if a.get('parse_environment_of') is not None:
                result['environment'] = parse_environment(result['outputs'][a['parse_environment_of']])
        t.close()
        result['ok'] = True
    except Exception as e:  # the test prints this
        result['ok'] = False
        result['error'] = '%s: %s' % (type(e).__name__, e)
    emit(result)


main()
