/**
 * `show status sip server` lines (formatServers): the lines it keeps from one server to the
 * next (issue 13: 10,000 servers) never change what is printed. The reference below is the view
 * as written before those lines were kept: every line made anew, every value shown safe whole.
 */
import { formatServers } from '../../src/commands/server-status-view';
import { ServerDetail, ServerStatus } from '../../src/sip/control';
import { safeText } from '../../src/util/safe-text';

function reference(s: ServerStatus, name: string | undefined): string[] {
  const out: string[] = [];
  const field = (label: string, value: string): string => `  ${`${label}:`.padEnd(12)} ${safeText(value)}`;
  out.push(name !== undefined ? `SIP server ${s.n} (${name})` : `SIP server ${s.n}`);
  out.push(`  Server:      ${s.server} (${s.transport}, ${s.register ? 'register' : 'no-register'})`);
  out.push(`  SIP address: ${s.sipAddress}`);
  out.push(`  State:       ${s.state}`);
  if (s.reason !== undefined) out.push(field('Reason', `${s.code !== undefined ? `${s.code} ` : ''}${s.reason}`));
  if (s.nextSeconds !== undefined) out.push(field(s.state === 'registered' ? 'Refresh in' : 'Retry in', `${s.nextSeconds} seconds`));
  const d = s.detail;
  if (d.target !== undefined) out.push(field('Target', d.target));
  if (d.otherTargets !== undefined && d.otherTargets.length > 0) out.push(field('Alternatives', d.otherTargets.join(', ')));
  if (d.failover !== undefined) out.push(field('Failover', d.failover));
  if (d.local !== undefined) out.push(field('Local', d.local));
  if (d.contact !== undefined) out.push(field('Contact', d.grantedSeconds !== undefined ? `${d.contact} (granted ${d.grantedSeconds} seconds)` : d.contact));
  if (d.publicAddress !== undefined) out.push(field('Public', d.publicAddress));
  if (d.lastResponse !== undefined) out.push(field('Last response', d.lastResponse));
  return out;
}

function status(n: number, o: Partial<ServerStatus> = {}, detail: ServerDetail = {}): ServerStatus {
  return { n, server: '192.0.2.1:5060', transport: 'udp', register: true, sipAddress: `sip:u${n}@example.test`, state: 'registered', nextSeconds: 3000, reason: undefined, code: undefined, detail, ...o };
}

const shared: ServerDetail = { target: 'reg.example.test (udp:192.0.2.1:5060)', local: '192.0.2.9:5060', lastResponse: '200 OK' };
const hostile = 'evil\x1b]0;pwned\x07\u202e\ud800';

const STATUSES: readonly (readonly [ServerStatus, string | undefined])[] = [
  [status(1, {}, { ...shared, contact: '<sip:u1@192.0.2.9:5060>', grantedSeconds: 3600 }), undefined],
  [status(2, {}, { ...shared, contact: '<sip:u2@192.0.2.9:5060>', grantedSeconds: 3600 }), 'office'],
  [status(3, { nextSeconds: 2999 }, { ...shared, contact: '<sip:u3@192.0.2.9:5060>', grantedSeconds: 60 }), undefined],
  [status(4, { server: '[2001:db8::1]:5070', transport: 'tcp' }, { ...shared, contact: `<sip:${hostile}@h>`, grantedSeconds: 60 }), undefined],
  [status(5, { register: false, state: 'unregistered', nextSeconds: undefined }, {}), 'lab'],
  [status(6, { state: 'failed', reason: `Forbidden ${hostile}`, code: 403, nextSeconds: 30 }, { target: hostile, otherTargets: ['a (udp:192.0.2.2:5060)', hostile], failover: hostile, lastResponse: `403 ${hostile}` }), undefined],
  [status(7, { state: 'failed', reason: 'timeout', nextSeconds: 30 }, { ...shared, contact: 'c\ud800', grantedSeconds: 5, publicAddress: '198.51.100.1:40000' }), undefined],
  [status(8, { state: 'failed', reason: 'timeout', nextSeconds: 30 }, { ...shared, contact: '\udc00c', publicAddress: hostile, otherTargets: [] }), undefined],
  [status(9, {}, { ...shared, contact: '<sip:u9@192.0.2.9:5060>', grantedSeconds: 3600 }), undefined],
  [status(10, { state: 'stopped', reason: 'the SIP engine is not running', nextSeconds: undefined }), undefined],
];

/** The configuration's names of the servers above. */
const NAMES = new Map(STATUSES.map(([s, name]) => [s.n, { name }]));

function printed(list: readonly (readonly [ServerStatus, string | undefined])[]): string[] {
  const lines: string[] = [];
  formatServers(
    list.map(([s]) => s),
    NAMES,
    { print: (l) => lines.push(l) },
  );
  return lines;
}

test('each server\'s lines are the reference view\'s, whatever the servers before it printed', () => {
  // Twice through, backwards, each server alone and each after every other: the kept lines of
  // one server must never leak into the next.
  const orders = [[...STATUSES, ...STATUSES], [...STATUSES].reverse(), ...STATUSES.map((x) => [x]), ...STATUSES.flatMap((a) => STATUSES.map((b) => [a, b, a]))];
  for (const order of orders) expect(printed(order)).toEqual(order.flatMap(([s, name]) => reference(s, name)));
});

test('a hostile text from the network is shown escaped in every field it can reach', () => {
  const six = STATUSES[5];
  if (six === undefined) throw new Error('no status 6');
  const text = printed([six]).join('\n');
  for (const c of ['\x1b', '\x07', '\u202e']) expect(text).not.toContain(c);
});
