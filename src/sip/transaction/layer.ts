/**
 * The transaction layer (RFC 3261 §17): routes responses to client transactions by branch and
 * CSeq method (§17.1.3), requests to server transactions (§17.2.3), and the rest to the core.
 */
import { SipRequest, SipResponse } from '../codec/message';
import { cseqOf, topBranch } from '../codec/build';
import { parseVia } from '../codec/header-values';
import { formatHost } from '../../net/host';
import { Received, Target, targetKey } from '../transport/types';
import { ClientTransaction, ClientUser, TransactionContext } from './context';
import { InviteClientTransaction } from './invite-client';
import { NonInviteClientTransaction } from './non-invite-client';
import { ServerTransaction } from './server';

/** The transaction user above the layer (the engine's core): what no transaction takes goes here. */
export interface CoreUser {
  /** A new request; `tx` is undefined for an ACK to a 2xx (it belongs to the dialog). */
  request(req: SipRequest, tx: ServerTransaction | undefined, r: Received): void;
  /** A response no transaction matched (e.g. a 2xx retransmitted after the transaction ended). */
  strayResponse(res: SipResponse, r: Received): void;
}

/** The transactions in progress, by branch and method: creates client and server transactions, matches incoming messages to them, and forgets each one when it terminates. */
export class TransactionLayer {
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();

  constructor(
    private readonly ctx: TransactionContext,
    private readonly core: CoreUser,
  ) {}

  get counts(): { clients: number; servers: number } {
    return { clients: this.clients.size, servers: this.servers.size };
  }

  /**
   * Starts a client transaction for `req`. `branch` is its top Via's branch when the caller wrote
   * it (profile: reading it back out of our own Via was ~3% of a registration run).
   */
  sendRequest(req: SipRequest, target: Target, user: ClientUser, connection?: number, branch?: string): ClientTransaction {
    const key = `${branch ?? topBranch(req) ?? ''}|${req.method}`;
    const done = (tx: ClientTransaction): void => {
      if (this.clients.get(key) === tx) this.clients.delete(key);
    };
    const tx =
      req.method === 'INVITE'
        ? new InviteClientTransaction(req, target, connection, this.ctx, user, done)
        : new NonInviteClientTransaction(req, target, connection, this.ctx, user, done);
    if (!tx.terminated) this.clients.set(key, tx);
    return tx;
  }

  /** Outside any transaction: ACK for a 2xx, or a response re-sent by the TU. */
  sendStateless(m: SipRequest | SipResponse, target: Target, connection?: number): void {
    this.ctx.transport.send(m, target, connection);
  }

  receive(r: Received): void {
    const m = r.message;
    if (m.kind === 'response') {
      const tx = this.clients.get(`${topBranch(m) ?? ''}|${cseqOf(m)?.method ?? ''}`);
      if (tx) tx.receive(m);
      else this.core.strayResponse(m, r);
      return;
    }
    // RFC 3261 §17.2.3: a server transaction is the top Via's branch AND sent-by, and the method
    // (ACK belongs to its INVITE): two clients may pick the same branch.
    const branch = topBranch(m) ?? `${m.headers.get('call-id')}|${m.headers.get('cseq')}`;
    const key = `${branch}|${sentBy(m)}|${m.method === 'ACK' ? 'INVITE' : m.method}`;
    const existing = this.servers.get(key);
    if (existing) {
      if (m.method === 'ACK') existing.ack();
      else existing.retransmission();
      return;
    }
    if (m.method === 'ACK') {
      this.core.request(m, undefined, r);
      return;
    }
    const tx = new ServerTransaction(m, r.source, r.connection, this.ctx, (t) => {
      if (this.servers.get(key) === t) this.servers.delete(key);
    });
    this.servers.set(key, tx);
    this.core.request(m, tx, r);
  }

  /** Sending to `target` failed: its pending client transactions fail. */
  transportFailure(target: Target, reason: string): void {
    const k = targetKey(target);
    for (const tx of [...this.clients.values()]) if (targetKey(tx.target) === k) tx.transportError(reason);
  }

  shutdown(): void {
    for (const tx of this.clients.values()) tx.cancelTimers();
    for (const tx of this.servers.values()) tx.cancelTimers();
    this.clients.clear();
    this.servers.clear();
  }
}

/** The top Via's sent-by (host and port as written, host lower-cased; port 5060 when absent). */
function sentBy(m: { headers: { list(name: string): string[] } }): string {
  const top = m.headers.list('via')[0];
  const via = top !== undefined ? parseVia(top) : undefined;
  return via ? `${formatHost(via.host).toLowerCase()}:${via.port ?? 5060}` : '';
}
