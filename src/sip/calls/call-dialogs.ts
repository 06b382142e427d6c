/**
 * The dialog a call starts with (RFC 3261 §12.1): ours for an INVITE we send, or the one an
 * incoming INVITE opens.
 */
import { formatHost } from '../../net/host';
import { contactHeader, newCallId } from '../codec/build';
import { parseNameAddr } from '../codec/header-values';
import { SipRequest } from '../codec/message';
import { ServerSettings as SipServerConfig } from '../settings';
import { Transport } from '../transport/types';
import { parseSipUri } from '../uri';
import { RandomSource, randomTag } from './call-settings';
import { Dialog, ViaInfo, contactUri, detached, tagParam } from './dialog';

/** The dialog of our INVITE to `requestUri` through `server`: a new Call-ID, our tag, our Contact at `via`. */
export function outgoingDialog(server: SipServerConfig, requestUri: string, via: ViaInfo, random: RandomSource): Dialog {
  const own = parseSipUri(server.sipAddress);
  const contactUser = server.user ?? (own.ok ? own.value.user : undefined) ?? 'sipsh';
  return {
    callId: newCallId(formatHost(server.server.host)),
    localUri: server.sipAddress,
    localTag: randomTag(random),
    remoteUri: requestUri,
    remoteTag: undefined,
    localSeq: 0,
    remoteTarget: requestUri,
    routeSet: [],
    contact: contactHeader(contactUser, via),
  };
}

/** The dialog an incoming INVITE opens (`fromUri`: its From's URI): our tag, their tag and target, our Contact at `local` over `transport`. */
export function incomingDialog(req: SipRequest, fromUri: string | undefined, transport: ViaInfo['transport'], local: ReturnType<Transport['local']>, random: RandomSource): Dialog {
  const reqUri = parseSipUri(req.uri);
  const user = reqUri.ok ? (reqUri.value.user ?? 'sipsh') : 'sipsh';
  return {
    callId: detached(req.headers.get('call-id') ?? ''),
    localUri: detached(parseNameAddr(req.headers.get('to') ?? '')?.uri ?? req.uri),
    localTag: randomTag(random),
    remoteUri: detached(fromUri ?? ''),
    remoteTag: detached(tagParam(req.headers.get('from'))),
    localSeq: random.bytes(2).readUInt16BE(0),
    remoteTarget: detached(contactUri(req.headers) ?? fromUri ?? ''),
    routeSet: req.headers.list('record-route').map((r) => detached(r)),
    contact: contactHeader(user, { transport, host: local.address, port: local.port }),
  };
}
