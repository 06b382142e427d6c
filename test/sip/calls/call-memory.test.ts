/** What a call keeps for its life holds no more memory than its own bytes (heap snapshots of 100 talking calls, issue 13). */
import { detached, uacRouteSet } from '../../../src/sip/calls/dialog';
import { buildSdp } from '../../../src/sip/calls/sdp';

describe('memory a call keeps', () => {
  it('our SDP body is a buffer of its own, not a slice of the shared Buffer pool, with the same bytes', () => {
    const body = buildSdp({ address: '192.0.2.77', port: 6000, payloads: [0, 8], telephoneEvent: 101 }, 9, 2);
    expect(body.buffer.byteLength).toBe(body.length);
    expect(body.byteOffset).toBe(0);
    expect(body.toString('latin1')).toBe(
      'v=0\r\no=sipsh 9 2 IN IP4 192.0.2.77\r\ns=sipsh\r\nc=IN IP4 192.0.2.77\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 8 101\r\n' +
        'a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n',
    );
  });

  it('detached values are the same text', () => {
    const message = `SIP/2.0 200 OK\r\nTo: <sip:5001@example.test>;tag=${'x'.repeat(40)}\r\n`;
    const tag = message.slice(message.indexOf('tag=') + 4, message.length - 2);
    expect(detached(tag)).toBe(tag);
    expect(detached('short')).toBe('short');
    expect(detached(undefined)).toBeUndefined();
    expect(uacRouteSet(['<sip:a.example.test;lr>', '<sip:b.example.test;lr>'])).toEqual(['<sip:b.example.test;lr>', '<sip:a.example.test;lr>']);
  });
});
