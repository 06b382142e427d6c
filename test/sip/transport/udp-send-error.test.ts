/** A UDP send that fails is reported with its target and Node's message (one callback serves every send). */
import { Headers, SipRequest } from '../../../src/sip/codec/message';
import { NodeTransport } from '../../../src/sip/transport/node-transport';
import { Target } from '../../../src/sip/transport/types';

function options(): SipRequest {
  const h = new Headers().add('Via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx').add('From', '<sip:a@example.test>;tag=f').add('To', '<sip:b@example.test>').add('Call-ID', 'c').add('CSeq', '1 OPTIONS');
  return { kind: 'request', method: 'OPTIONS', uri: 'sip:b@example.test', headers: h, body: Buffer.alloc(0) };
}

test('a datagram the kernel refuses (from 127.0.0.1 to a documentation address; one too long) fails its own target', async () => {
  const failures: Array<{ target: Target; reason: string }> = [];
  const t = await NodeTransport.open({
    addresses: ['127.0.0.1'],
    port: 0,
    events: { message: () => undefined, garbage: () => undefined, failure: (target, reason) => failures.push({ target, reason }), trace: () => undefined },
  });
  try {
    t.send(options(), { transport: 'udp', address: '192.0.2.1', port: 5062 });
    const big = options();
    t.send({ ...big, body: Buffer.alloc(70_000, 0x61) }, { transport: 'udp', address: '127.0.0.1', port: 9 });
    for (let i = 0; i < 50 && failures.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(failures).toEqual([
      { target: { transport: 'udp', address: '192.0.2.1', port: 5062 }, reason: 'send EINVAL 192.0.2.1:5062' },
      { target: { transport: 'udp', address: '127.0.0.1', port: 9 }, reason: 'send EMSGSIZE 127.0.0.1:9' },
    ]);
  } finally {
    await t.close();
  }
});
