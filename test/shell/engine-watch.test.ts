/** The engine's transitions as show log events: registration up / failed / removed, call start / end, a dial that went nowhere. */
import { PortStatus, ServerStatus, SipControl, StoppedSip, idlePort } from '../../src/sip/control';
import { buildShell } from '../../src/shell/build';
import { EngineWatch, engineTransitions } from '../../src/shell/engine-watch';
import { registrationEngineEvent } from '../../src/shell/engine-events';
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
  const watch = new EngineWatch(sip, clock, (e) => shell.engineEvent(e), 1000, true);
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

test('pushed registration events read as the watched ones did', () => {
  expect(registrationEngineEvent({ kind: 'registered', n: 2, expires: 1200 }, '[::1]:15060')).toEqual({ kind: 'registration-up', server: 2, registrar: '[::1]:15060' });
  expect(registrationEngineEvent({ kind: 'failed', n: 1, reason: 'Forbidden', code: 403, retryMs: undefined }, 'x')).toEqual({ kind: 'registration-failed', server: 1, reason: '403 Forbidden' });
  expect(registrationEngineEvent({ kind: 'failed', n: 1, reason: 'no response from server', code: undefined, retryMs: 30000 }, 'x')).toEqual({ kind: 'registration-failed', server: 1, reason: 'no response from server' });
  expect(registrationEngineEvent({ kind: 'removed', n: 3 }, 'x')).toEqual({ kind: 'registration-removed', server: 3 });
});

test('by default the watch does not snapshot the servers (the engine pushes registrations)', () => {
  const clock = new FakeClock();
  let looked = 0;
  class CountingSip extends StoppedSip {
    override servers(): ServerStatus[] {
      looked++;
      return [];
    }
  }
  const watch = new EngineWatch(new CountingSip(), clock, () => undefined);
  watch.start();
  clock.advance(10_000);
  watch.stop();
  expect(looked).toBe(0);
});
