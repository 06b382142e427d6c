/** The engine's transitions as show log events: registration up / failed / removed, call start / end, a dial that went nowhere. */
import { PortStatus, ServerStatus, SipControl, StoppedSip, idlePort } from '../../src/sip/control';
import { buildShell } from '../../src/shell/build';
import { EngineWatch, engineTransitions } from '../../src/shell/engine-watch';
import { FakeClock } from '../../src/util/clock';

const server = (n: number, state: ServerStatus['state'], reason?: string, code?: number): ServerStatus => ({
  n,
  server: '127.0.0.1:15060',
  transport: 'udp',
  register: true,
  sipAddress: 'sip:alice@example.test',
  state,
  nextSeconds: undefined,
  reason,
  code,
  detail: {},
});
const port = (p: number, state: PortStatus['state'], extra: Partial<PortStatus> = {}): PortStatus => ({ ...idlePort(p), state, ...extra });

test('registration transitions', () => {
  expect(engineTransitions({ servers: [server(1, 'registering')], ports: [] }, { servers: [server(1, 'registered')], ports: [] })).toEqual([{ kind: 'registration-up', server: 1, registrar: '127.0.0.1:15060' }]);
  expect(engineTransitions({ servers: [server(1, 'registering')], ports: [] }, { servers: [server(1, 'failed', 'Forbidden', 403)], ports: [] })).toEqual([{ kind: 'registration-failed', server: 1, reason: '403 Forbidden' }]);
  // the same failure seen again is not logged again; a new reason is
  expect(engineTransitions({ servers: [server(1, 'failed', 'Forbidden', 403)], ports: [] }, { servers: [server(1, 'failed', 'Forbidden', 403)], ports: [] })).toEqual([]);
  expect(engineTransitions({ servers: [server(1, 'failed', 'Forbidden', 403)], ports: [] }, { servers: [server(1, 'failed', 'no response')], ports: [] })).toEqual([{ kind: 'registration-failed', server: 1, reason: 'no response' }]);
  expect(engineTransitions({ servers: [server(1, 'registered')], ports: [] }, { servers: [server(1, 'unregistered')], ports: [] })).toEqual([{ kind: 'registration-removed', server: 1 }]);
  expect(engineTransitions({ servers: [server(2, 'registered')], ports: [] }, { servers: [], ports: [] })).toEqual([{ kind: 'registration-removed', server: 2 }]);
});

test('call transitions', () => {
  const idle = { servers: [], ports: [port(1, 'idle')] };
  const talking = { servers: [], ports: [port(1, 'talking', { peer: 'sip:bob@example.test', direction: 'out' })] };
  expect(engineTransitions(idle, talking)).toEqual([{ kind: 'call-start', port: 'TEL1', direction: 'outgoing', peer: 'sip:bob@example.test' }]);
  expect(engineTransitions(talking, { servers: [], ports: [port(1, 'idle', { reason: 'BYE from the peer' })] })).toEqual([{ kind: 'call-end', port: 'TEL1', reason: 'BYE from the peer' }]);
  expect(engineTransitions({ servers: [], ports: [port(1, 'dialling')] }, { servers: [], ports: [port(1, 'idle', { reason: 'no prefix matches 5#1' })] })).toEqual([{ kind: 'no-route', port: 'TEL1', reason: 'no prefix matches 5#1' }]);
});

test('the watch looks through the clock and logs each transition once, escaped', () => {
  const clock = new FakeClock();
  let servers: ServerStatus[] = [server(1, 'registering')];
  class WatchedSip extends StoppedSip {
    override servers(): ServerStatus[] {
      return servers;
    }
  }
  const sip: SipControl = new WatchedSip();
  const shell = buildShell({ clock, sip });
  const watch = new EngineWatch(sip, clock, (e) => shell.engineEvent(e));
  watch.start();
  servers = [server(1, 'failed', 'Forbidden\x1b[2J', 403)];
  clock.advance(999);
  expect(shell.log.entries()).toHaveLength(0);
  clock.advance(1);
  clock.advance(5000);
  expect(shell.log.entries().map((l) => l.replace(/^[\d/ :]+: /, ''))).toEqual(['[SIP] server 1: registration failed: 403 Forbidden\\x1b[2J']);
  watch.stop();
  expect(clock.pending).toBe(0);
});
