/**
 * `show status sip server`: a block of lines per server, each line handed to the session as it
 * is made (no array per server: for 10,000 servers the arrays were a tenth of what the view left
 * to the GC).
 *
 * Speed (issue 13: 10,000 registered servers, the first run < 50 ms, in code V8 has not compiled
 * yet): servers of one registrar share most of their lines (Server, State, Refresh in, Target,
 * Local, Last response), so each such line is kept in a local of the loop with the value it was
 * written for, and written again only when a server's value differs: one comparison, no new
 * string, no Map and no entry object per server (the profile of the first run showed the garbage
 * collector as the largest part, the printed lines being kept by the session). Locals, not an
 * object per kind of line with a method: in baseline code each property load and each call is a
 * call into a builtin (callgrind of the first run, --no-opt: LoadIC alone was 28% of its
 * instructions, ~140 loads per server).
 */
import { ServerStatus } from '../sip/control';
import { safeText } from '../util/safe-text';

/** Where a view's lines go (a session). */
export interface LinePrinter {
  print(line: string): void;
}

/** The start of a field line: the label and its colon padded to 12. */
function fieldPrefix(label: string): string {
  return `  ${`${label}:`.padEnd(12)} `;
}

const REASON = fieldPrefix('Reason');
const REFRESH = fieldPrefix('Refresh in');
const RETRY = fieldPrefix('Retry in');
const TARGET = fieldPrefix('Target');
const ALTERNATIVES = fieldPrefix('Alternatives');
const FAILOVER = fieldPrefix('Failover');
const LOCAL = fieldPrefix('Local');
const CONTACT = fieldPrefix('Contact');
const PUBLIC = fieldPrefix('Public');
const LAST_RESPONSE = fieldPrefix('Last response');

/**
 * The block of each server of `all`, its name read from `names` (the configuration's servers):
 * `SIP server N (NAME)`, its server, sip address and state, then the fields it has. Every text
 * that can come from the network is shown safe ({@link safeText}).
 */
export function formatServers(all: readonly ServerStatus[], names: ReadonlyMap<number, { readonly name: string | undefined }>, out: LinePrinter): void {
  // Each kept line and the value(s) it was written for; `undefined` matches no server's value at first.
  let server: string | undefined;
  let transport: string | undefined;
  let register: boolean | undefined;
  let serverLine = '';
  let state: string | undefined;
  let stateLine = '';
  let reason: string | undefined;
  let reasonLine = '';
  let refresh: number | undefined;
  let refreshLine = '';
  let retry: number | undefined;
  let retryLine = '';
  let target: string | undefined;
  let targetLine = '';
  let failover: string | undefined;
  let failoverLine = '';
  let local: string | undefined;
  let localLine = '';
  let granted: number | undefined;
  let grantedText = '';
  let publicAddress: string | undefined;
  let publicLine = '';
  let lastResponse: string | undefined;
  let lastResponseLine = '';
  for (let i = 0; i < all.length; i++) {
    const s = all[i];
    if (s === undefined) continue;
    const name = names.get(s.n)?.name;
    out.print(name !== undefined ? `SIP server ${s.n} (${name})` : `SIP server ${s.n}`);
    if (s.server !== server || s.transport !== transport || s.register !== register) {
      server = s.server;
      transport = s.transport;
      register = s.register;
      serverLine = `  Server:      ${server} (${transport}, ${register ? 'register' : 'no-register'})`;
    }
    out.print(serverLine);
    out.print(`  SIP address: ${s.sipAddress}`);
    if (s.state !== state) {
      state = s.state;
      stateLine = `  State:       ${state}`;
    }
    out.print(stateLine);
    if (s.reason !== undefined) {
      const text = s.code !== undefined ? `${s.code} ${s.reason}` : s.reason;
      if (text !== reason) {
        reason = text;
        reasonLine = REASON + safeText(text);
      }
      out.print(reasonLine);
    }
    const next = s.nextSeconds;
    if (next !== undefined) {
      if (s.state === 'registered') {
        if (next !== refresh) {
          refresh = next;
          refreshLine = `${REFRESH}${next} seconds`;
        }
        out.print(refreshLine);
      } else {
        if (next !== retry) {
          retry = next;
          retryLine = `${RETRY}${next} seconds`;
        }
        out.print(retryLine);
      }
    }
    const d = s.detail;
    if (d.target !== undefined) {
      if (d.target !== target) {
        target = d.target;
        targetLine = TARGET + safeText(target);
      }
      out.print(targetLine);
    }
    // Alternatives are rare (a name with several targets): written each time.
    if (d.otherTargets !== undefined && d.otherTargets.length > 0) out.print(ALTERNATIVES + safeText(d.otherTargets.join(', ')));
    if (d.failover !== undefined) {
      if (d.failover !== failover) {
        failover = d.failover;
        failoverLine = FAILOVER + safeText(failover);
      }
      out.print(failoverLine);
    }
    if (d.local !== undefined) {
      if (d.local !== local) {
        local = d.local;
        localLine = LOCAL + safeText(local);
      }
      out.print(localLine);
    }
    // Every server has its own contact: shown safe on its own (the words after it are plain
    // ASCII, so escaping the whole value gave the same text); the words after it kept per time.
    if (d.contact !== undefined) {
      const seconds = d.grantedSeconds;
      if (seconds === undefined) out.print(CONTACT + safeText(d.contact));
      else {
        if (seconds !== granted) {
          granted = seconds;
          grantedText = ` (granted ${seconds} seconds)`;
        }
        out.print(CONTACT + safeText(d.contact) + grantedText);
      }
    }
    if (d.publicAddress !== undefined) {
      if (d.publicAddress !== publicAddress) {
        publicAddress = d.publicAddress;
        publicLine = PUBLIC + safeText(publicAddress);
      }
      out.print(publicLine);
    }
    if (d.lastResponse !== undefined) {
      if (d.lastResponse !== lastResponse) {
        lastResponse = d.lastResponse;
        lastResponseLine = LAST_RESPONSE + safeText(lastResponse);
      }
      out.print(lastResponseLine);
    }
  }
}
