/**
 * Issue 10 against SIPp as the callee (no-register server): early media from a 183 with SDP,
 * an UPDATE that holds us, and our hold re-INVITE refused 491 then retried after the RFC 3261
 * §14.1 back-off. Ports 33000-33999.
 */
import { waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { Sipp, routerAndSippPerTest } from '../../helpers/sipp';

jest.setTimeout(60000);
const { current, sipps } = routerAndSippPerTest(() => Router.start());

test('183 with SDP → early media with RTP; UPDATE sendonly → 200 recvonly, we are held; our hold gets 491, is retried after 2.1-4 s, then holding', async () => {
  const r = current.router;
  const s = Sipp.server('callee-early-update-glare.xml', '127.0.0.1', 33300, 'u1', ['-rtp_echo', '-mp', '33302']);
  sipps.push(s);
  await r.run('sip server 1 127.0.0.1:33300 no-register udp sip:UserB@there.test');
  await r.run('analog extension dial prefix sip server=1 prefix="2#"');
  const tel1 = async (): Promise<string> => (await r.run('show status analog')).join('\n');
  const waitTel = (re: RegExp, ms = 10000) =>
    waitFor(`TEL1 ${re}`, async () => re.test(await tel1()), ms).catch(async (e: Error) => {
      throw new Error(`${e.message}; now:\n${await tel1()}\nSIPp:\n${s.messages().slice(-2500)}\nlog:\n${(await r.run("show log")).slice(-30).join("\n")}`);
    });
  await r.run('phone 1 dial 2#0501');
  // early media: our RTP goes to the 183's address and SIPp echoes it back before the answer
  await waitTel(/TEL1: ringing \(early media\)[\s\S]*RTP: +sent [1-9]\d*, received [1-9]\d*/);
  await waitTel(/TEL1: talking\n/);
  await waitTel(/TEL1: talking \(held\)/);
  // We are held as soon as we take the UPDATE; SIPp logs our 200 when it has read it, a little later.
  await waitFor('our 200 recvonly to the UPDATE in SIPp\'s log', () => /SIP\/2\.0 200 OK[\s\S]*CSeq: 1 UPDATE[\s\S]*a=recvonly/.test(s.messages()), 5000);
  expect(await r.run('phone 1 hold')).toEqual([]);
  await waitFor('491 to our re-INVITE', () => /SIP\/2\.0 491 Request Pending/.test(s.messages()));
  const refusedAt = Date.now();
  await waitTel(/TEL1: talking \(holding\)/, 8000);
  const waited = Date.now() - refusedAt;
  expect(waited).toBeGreaterThanOrEqual(1900); // we own the Call-ID: 2.1-4 s (less the polling)
  expect(waited).toBeLessThan(6000);
  await r.run('phone 1 hangup');
  expect(await s.wait(10000)).toBe(0);
});
