/**
 * Calls between sipsh and a real phone (baresip 1.0, headless) through Kamailio (issue 10):
 * both directions, hold/resume both ways, DTMF both ways, and an opus-only offer. Ports 33000-33999.
 */
import { Kamailio, waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';
import { Baresip } from './baresip';

jest.setTimeout(90000);
const K = 33200;
let k: Kamailio;
let r: Router;
let phone: Baresip | undefined;

beforeAll(async () => {
  k = await Kamailio.start(K, { users: [['carol', 'carolpass']] });
});
afterAll(async () => {
  await k?.stop();
  k?.cleanup();
});
afterEach(async () => {
  await r?.stop();
  if (phone) {
    await phone.stop();
    phone.cleanup();
    phone = undefined;
  }
  for (const u of ['alice', 'carol']) await k.removeBindings(u);
});

async function setup(codecs = 'PCMU/8000/1'): Promise<Baresip> {
  r = await Router.start();
  await r.run('sip log on');
  await r.run(`sip server 1 127.0.0.1:${K} register udp sip:alice@example.test alice secret`);
  await r.run('analog extension dial prefix sip prefix="9#"');
  await r.run('analog extension sip address 1 30 sip:carol@example.test server=1');
  await waitFor('alice registered', async () => (await r.status(1)).State === 'registered');
  const b = Baresip.start({ sipPort: 33010, consolePort: 33015, rtpPort: 33020, codecs, account: `<sip:carol@example.test>;auth_pass=carolpass;outbound="sip:127.0.0.1:${K}";regint=600` });
  phone = b;
  await waitFor('carol registered', async () => (await k.bindingsOf('carol')).length > 0, 15000).catch((e: Error) => {
    throw new Error(`${e.message}\n${b.output().slice(-2000)}`);
  });
  return b;
}

const tel1 = async (): Promise<string> => (await r.run('show status analog')).join('\n');
const waitTel = (re: RegExp, ms = 10000) =>
  waitFor(`TEL1 ${re}`, async () => re.test(await tel1()), ms).catch(async (e: Error) => {
    throw new Error(`${e.message}; now:\n${await tel1()}\nbaresip:\n${phone?.output().slice(-3000)}\nsipsh log:\n${(await r.run('show log')).slice(-80).join('\n')}`);
  });
const waitPhone = (re: RegExp, ms = 10000) =>
  waitFor(`baresip ${re}`, () => re.test(phone?.output() ?? ''), ms).catch((e: Error) => {
    throw new Error(`${e.message}\nbaresip:\n${phone?.output().slice(-3000)}`);
  });
const rtpBothWays = () =>
  waitFor('RTP both ways', async () => {
    const c = await rtpCounts();
    return c.sent > 10 && c.received > 10;
  }, 8000).catch(async (e: Error) => {
    throw new Error(`${e.message}; now:\n${await tel1()}\nbaresip:\n${phone?.output().slice(-2000)}`);
  });
const rtpCounts = async (): Promise<{ sent: number; received: number }> => {
  const m = /RTP: +sent (\d+), received (\d+)/.exec(await tel1());
  return { sent: Number(m?.[1] ?? 0), received: Number(m?.[2] ?? 0) };
};

test('sipsh calls baresip: talking with RTP both ways, telephone-event agreed, BYE from sipsh', async () => {
  const b = await setup();
  expect(await r.run('phone 1 dial 9#30')).toEqual([]);
  await waitPhone(/Incoming call from/);
  await b.command('/accept\n');
  await waitTel(/TEL1: talking/);
  await rtpBothWays();
  expect(await tel1()).toMatch(/Codec: +PCMU\/8000, telephone-event 101/);
  await r.run('phone 1 hangup');
  await waitPhone(/Call terminated|session closed/i);
});

test('baresip calls sipsh; hold and resume from both sides; DTMF both ways', async () => {
  const b = await setup();
  await b.command('/dial sip:alice@example.test\n');
  await waitTel(/TEL1: ringing/);
  expect(await tel1()).toMatch(/server 1/);
  await r.run('phone 1 answer');
  await waitTel(/TEL1: talking/);
  await waitPhone(/established/i);
  await rtpBothWays();

  // baresip holds: its re-INVITE (sendonly) gets 200 and our RTP stops
  await b.command('/hold\n');
  await waitTel(/TEL1: talking \(held\)/);
  const a = await rtpCounts();
  await new Promise((res) => setTimeout(res, 500));
  expect((await rtpCounts()).sent - a.sent).toBeLessThanOrEqual(1);
  await b.command('/resume\n');
  await waitTel(/TEL1: talking\n/);
  const c0 = (await rtpCounts()).sent;
  await waitFor('our RTP again', async () => (await rtpCounts()).sent > c0 + 5, 5000);

  // sipsh holds: baresip answers our sendonly re-INVITE
  expect(await r.run('phone 1 hold')).toEqual([]);
  await waitTel(/TEL1: talking \(holding\)/);
  expect(await r.run('phone 1 resume')).toEqual([]);
  await waitTel(/TEL1: talking\n/);

  // DTMF: baresip → sipsh (RFC 4733), sipsh → baresip
  // A key is held until the release key (KEYCODE_REL, 0x04): only then does baresip end the event.
  await b.command('5\x04');
  await waitTel(/DTMF: +5/);
  await b.command('9\x04');
  await waitTel(/DTMF: +59/);
  expect(await r.run('phone 1 dtmf 73')).toEqual([]);
  await waitPhone(/received event: '7' \(end=1\)[\s\S]*received event: '3' \(end=1\)/, 5000);
  await b.command('/hangup\n');
  await waitTel(/TEL1: idle/);
});

test('an opus-only offer from baresip gets 488 with Warning 305; the port does not ring', async () => {
  const b = await setup('opus/48000/2');
  await b.command('/dial sip:alice@example.test\n');
  await waitPhone(/488/).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${(await r.run('show log')).join('\n').slice(-3000)}`);
  });
  const log = (await r.run('show log')).join('\n');
  expect(log).toMatch(/refused: 488 no common codec/);
  expect(log).toMatch(/Warning: 305 sipsh "no common codec/);
  expect(await tel1()).toMatch(/TEL1: idle/);
});
