/**
 * The registration bench's floor: a bare Node UDP client doing the exchanges sipsh's run does
 * (REGISTER, 401, REGISTER with digest credentials, 200) for the same N users against the same
 * Kamailio, at most 128 exchanges at once like sipsh and SIPp, in a fresh process of its own like
 * registration-run.ts. It sends REGISTERs of sipsh's size and headers (Via with rport, From tag,
 * Call-ID, CSeq, Contact, Expires, Allow, User-Agent, Authorization with qop=auth, nc, cnonce),
 * fresh random ids for every branch, tag, Call-ID and cnonce, and reads of each answer only what
 * it needs: the status code, the Call-ID, the CSeq, and the 401's realm, nonce, qop and opaque.
 * Lost datagrams are sent again after 500 ms (Timer E's first interval). After the measured
 * window it removes its bindings (Expires: 0), as sipsh's run does when its engine stops. No SIP
 * parser, no transactions, no state machine, no timers per request: its CPU per transaction is
 * what Node's dgram, the kernel's loopback, the MD5 of the digest and the id draws cost here,
 * the figure sipsh's and SIPp's are read beside (docs/benchmarks.md). Prints one JSON line (`FloorResult`).
 *
 * Usage: node registration-floor.js N PORT
 */
import * as crypto from 'crypto';
import * as dgram from 'dgram';
import { REGISTER_EXPIRES as EXPIRES } from '../../src/sip/registration/backoff';
import { DEFAULT_USER_AGENT as USER_AGENT } from '../../src/sip/settings';
import { systemRandom } from '../../src/util/random';
import { benchUser } from './registration-run';
import { timeAsync } from './report';

/** What one floor run measured (the fields of RunResult it has). */
export interface FloorResult {
  readonly ms: number;
  /** User + system CPU of the process while the users registered, in microseconds. */
  readonly cpuUs: number;
  /** REGISTERs sent again after 500 ms without an answer. */
  readonly resent: number;
}

/** At most this many exchanges in flight, as sipsh's limiter and SIPp's `-l 128`. */
const IN_FLIGHT = 128;
const DOMAIN = 'example.test';
const REQUEST_URI = `sip:${DOMAIN}`;
const RESEND_MS = 500;

/** Random hex drawn as sipsh draws its ids (its pooled source, one syscall per 4 KiB). */
const hex = (n: number): string => systemRandom.hex(n);

const md5 = (s: string): string => crypto.hash('md5', s, 'hex');

/** One user's exchanges: the REGISTER in flight, and what every REGISTER of the user repeats. */
interface Exchange {
  readonly i: number;
  readonly user: string;
  readonly callId: string;
  readonly fromTag: string;
  /** The CSeq of the REGISTER in flight: odd without credentials, even with them. */
  cseq: number;
  /** Expires asked: EXPIRES, then 0 to remove the binding after the measured window. */
  expires: number;
  /** The last REGISTER sent, for a resend. */
  wire: Buffer;
  sentAt: number;
}

/** The value of `name="..."` (or unquoted up to `,`) in `text` from `from`, or undefined. */
function paramOf(text: string, name: string, from: number): string | undefined {
  const at = text.indexOf(name, from);
  if (at < 0) return undefined;
  let start = at + name.length;
  if (text.charCodeAt(start) === 0x22) {
    start++;
    return text.slice(start, text.indexOf('"', start));
  }
  const end = text.slice(start).search(/[,\r]/);
  return text.slice(start, start + end);
}

/**
 * The users' exchanges over one socket, IN_FLIGHT at once: `phase(list)` runs REGISTER, 401,
 * REGISTER with credentials, 200 for every exchange of the list and resolves when all have
 * their 200.
 */
class Client {
  /**
   * Sends go to an IP literal, answered at once by the socket's `lookup` (as sipsh's own sockets do,
   * src/net/udp.ts): with Node's default `dns.lookup` each send waited a tick (perf of this client:
   * processTicksAndRejections was ~20% of its CPU), and without a callback a send costs no tick.
   */
  private readonly sock = dgram.createSocket({ type: 'udp4', lookup: (host, _options, callback) => callback(null, host, 4) });
  private local = '';
  private readonly ha2 = md5(`REGISTER:${REQUEST_URI}`);
  private readonly byCallId = new Map<string, Exchange>();
  private queue: readonly Exchange[] = [];
  private next = 0;
  private finished = 0;
  private allDone: () => void = () => undefined;
  private timer: NodeJS.Timeout | undefined;
  resent = 0;

  constructor(private readonly port: number) {}

  async open(): Promise<void> {
    await new Promise<void>((resolve) => this.sock.bind(0, '127.0.0.1', resolve));
    this.sock.setRecvBufferSize(2 * 1024 * 1024); // as sipsh's transport asks
    this.local = `127.0.0.1:${this.sock.address().port}`;
    this.sock.on('message', (msg: Buffer) => this.onMessage(msg));
    this.timer = setInterval(() => this.resend(), RESEND_MS / 2);
  }

  close(): void {
    clearInterval(this.timer);
    this.sock.close();
  }

  /** A new user's exchange (not sent yet). */
  exchange(i: number): Exchange {
    return { i, user: benchUser(i), callId: `${hex(12)}@127.0.0.1`, fromTag: hex(6), cseq: 0, expires: EXPIRES, wire: Buffer.alloc(0), sentAt: 0 };
  }

  /** Registers (or with `expires` 0 removes) every exchange of `list`, IN_FLIGHT at once. */
  phase(list: readonly Exchange[], expires: number): Promise<void> {
    this.queue = list;
    this.next = 0;
    this.finished = 0;
    const done = new Promise<void>((resolve) => (this.allDone = resolve));
    for (let k = 0; k < IN_FLIGHT; k++) this.startNext(expires);
    return done;
  }

  private startNext(expires: number): void {
    const x = this.queue[this.next++];
    if (x === undefined) return;
    x.expires = expires;
    this.byCallId.set(x.callId, x);
    this.send(x, x.cseq + 1, undefined);
  }

  private send(x: Exchange, cseq: number, auth: string | undefined): void {
    x.cseq = cseq;
    let text = `REGISTER ${REQUEST_URI} SIP/2.0\r\nVia: SIP/2.0/UDP ${this.local};branch=z9hG4bK${hex(10)};rport\r\nMax-Forwards: 70\r\nFrom: <sip:${x.user}@${DOMAIN}>;tag=${x.fromTag}\r\nTo: <sip:${x.user}@${DOMAIN}>\r\nCall-ID: ${x.callId}\r\nCSeq: ${cseq} REGISTER\r\nContact: <sip:${x.user}@${this.local};transport=udp>\r\nExpires: ${x.expires}\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\nUser-Agent: ${USER_AGENT}\r\n`;
    if (auth !== undefined) text += `Authorization: ${auth}\r\n`;
    text += 'Content-Length: 0\r\n\r\n';
    x.wire = Buffer.from(text, 'latin1');
    x.sentAt = Date.now();
    this.sock.send(x.wire, this.port, '127.0.0.1');
  }

  private onMessage(msg: Buffer): void {
    const text = msg.toString('latin1');
    const code = text.slice(8, 11);
    const c = text.indexOf('\r\nCall-ID: ');
    const x = c < 0 ? undefined : this.byCallId.get(text.slice(c + 11, text.indexOf('\r\n', c + 11)));
    const q = text.indexOf('\r\nCSeq: ');
    // Only the answer to the REGISTER in flight: one to a resent earlier one is passed over.
    if (x === undefined || q < 0 || parseInt(text.slice(q + 8, q + 20), 10) !== x.cseq) return;
    if (code === '401' && x.cseq % 2 === 1) {
      const w = text.indexOf('\r\nWWW-Authenticate: ');
      const realm = paramOf(text, 'realm=', w) ?? '';
      const nonce = paramOf(text, 'nonce=', w) ?? '';
      const opaque = paramOf(text, 'opaque=', w);
      const qop = paramOf(text, 'qop=', w);
      const ha1 = md5(`${x.user}:${realm}:pw${x.i}`);
      const cnonce = hex(12);
      const response = qop !== undefined ? md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${this.ha2}`) : md5(`${ha1}:${nonce}:${this.ha2}`);
      let auth = `Digest username="${x.user}", realm="${realm}", nonce="${nonce}", uri="${REQUEST_URI}", response="${response}"`;
      if (qop !== undefined) auth += `, qop=auth, nc=00000001, cnonce="${cnonce}"`;
      if (opaque !== undefined) auth += `, opaque="${opaque}"`;
      this.send(x, x.cseq + 1, auth);
    } else if (code === '200' && x.cseq % 2 === 0) {
      this.byCallId.delete(x.callId);
      if (++this.finished === this.queue.length) this.allDone();
      else this.startNext(x.expires);
    } else if (code >= '300') throw new Error(`${x.user}: ${text.slice(0, text.indexOf('\r\n'))}`);
  }

  /** REGISTERs unanswered for RESEND_MS are sent again (Timer E's first interval; lost datagrams are rare). */
  private resend(): void {
    const now = Date.now();
    for (const x of this.byCallId.values()) {
      if (now - x.sentAt < RESEND_MS) continue;
      x.sentAt = now;
      this.resent++;
      this.sock.send(x.wire, this.port, '127.0.0.1');
    }
  }
}

async function run(n: number, port: number): Promise<FloorResult> {
  const client = new Client(port);
  await client.open();
  const cpu0 = process.cpuUsage();
  const list: Exchange[] = [];
  const ms = await timeAsync(async () => {
    for (let i = 1; i <= n; i++) list.push(client.exchange(i));
    await client.phase(list, EXPIRES);
  });
  const cpu = process.cpuUsage(cpu0);
  const resent = client.resent;
  // After the window, as sipsh's run does at its engine's stop: the bindings are removed, so that
  // the next runs against this Kamailio (sipsh's among them) find the same registrations.
  await client.phase(list, 0);
  client.close();
  return { ms, cpuUs: cpu.user + cpu.system, resent };
}

if (require.main === module) {
  const [n, port] = process.argv.slice(2).map(Number);
  if (!Number.isInteger(n) || !Number.isInteger(port)) {
    process.stderr.write('usage: registration-floor N PORT\n');
    process.exit(2);
  }
  const timeout = setTimeout(() => {
    process.stderr.write('not all registered after 120 s\n');
    process.exit(1);
  }, 120_000);
  run(n as number, port as number).then(
    (r) => {
      clearTimeout(timeout);
      process.stdout.write(`${JSON.stringify(r)}\n`);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
