/** Status at a glance (issue 12): `show status sip` one line per server, `show status analog PORT`. */
import { Harness } from '../helpers/harness';

test('show status sip: a header and one line per server, in number order, with its state', async () => {
  const h = new Harness();
  await h.admin();
  await h.run('sip use off');
  await h.run('sip server 2 [::1]:15060 register tcp sip:bob@example.test bob bobpass');
  await h.run('sip server 1 127.0.0.1:15060 no-register udp sip:alice@example.test');
  const lines = await h.run('show status sip');
  expect(lines[0]).toBe('The SIP engine is not running.');
  expect(lines[1]).toMatch(/^\s+#\s+Server\s+Proto\s+State$/);
  expect(lines.slice(2)).toEqual([
    expect.stringMatching(/^\s+1\s+127\.0\.0\.1:15060\s+udp\s+stopped: the SIP engine is not running$/),
    expect.stringMatching(/^\s+2\s+\[::1\]:15060\s+tcp\s+stopped: the SIP engine is not running$/),
  ]);
  // `show status sip server` is still the long form
  expect((await h.run('show status sip server 1')).join('\n')).toContain('SIP address: sip:alice@example.test');
});

test('show status analog PORT: that port only; a port that does not exist is refused', async () => {
  const h = new Harness();
  const both = await h.run('show status analog');
  expect(both.filter((l) => /^TEL\d:/.test(l))).toEqual(['TEL1: idle', 'TEL2: idle']);
  const two = await h.run('show status analog 2');
  expect(two.filter((l) => /^TEL\d:/.test(l))).toEqual(['TEL2: idle']);
  expect((await h.run('show status analog 3')).join('\n')).toMatch(/Error: Parameter out of range/);
});
