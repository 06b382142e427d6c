/** `show status analog` prints what came from the network with its control characters escaped. */
import { formatPortStatus } from '../../src/commands/analog-commands';
import { idlePort } from '../../src/sip/control';

test('a hostile peer, reason phrase and Call-ID cannot retitle the window or clear the screen', () => {
  const hostile = '\x1b]0;pwned\x07\x1b[2J';
  const lines = formatPortStatus({
    ...idlePort(1),
    state: 'failed',
    peer: `sip:${hostile}@127.0.0.1`,
    direction: 'out',
    reason: `Busy ${hostile}`,
    code: 486,
    details: { condition: undefined, callId: `c${hostile}`, codec: 'PCMU/8000', telephoneEvent: undefined, localRtp: undefined, remoteRtp: undefined, lastResponse: `486 ${hostile}`, digits: '1\r2', rtpLost: 0, jitterMs: 0, sessionTimer: undefined },
  });
  const text = lines.join('\n');
  expect(text).not.toMatch(/[^\P{Cc}\n]/u);
  expect(text).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
  expect(text).toContain('1\\r2');
});
