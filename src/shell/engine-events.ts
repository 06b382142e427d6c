/**
 * What the SIP engine tells the operator through `show log` whether or not `sip log on`: the
 * router logs registrations and calls in its event log. The engine's owner hands each event to
 * `Shell.engineEvent`; the wording is here so that it is the same for every source. Every text
 * field may come from the network: the log escapes control characters when it stores the line.
 */
import type { RegistrationEvent } from '../sip/registration/registration';

/** One event of the SIP engine worth a line in `show log`. */
export type EngineEvent =
  | { readonly kind: 'registration-up'; readonly server: number; readonly registrar: string }
  | { readonly kind: 'registration-failed'; readonly server: number; readonly reason: string }
  | { readonly kind: 'registration-removed'; readonly server: number }
  | { readonly kind: 'call-start'; readonly port: string; readonly direction: 'incoming' | 'outgoing'; readonly peer: string }
  | { readonly kind: 'call-end'; readonly port: string; readonly reason: string }
  | { readonly kind: 'no-route'; readonly port: string; readonly reason: string };

/** The log event of a registration the engine pushed; `registrar` is the server as configured. */
export function registrationEngineEvent(e: RegistrationEvent, registrar: string): EngineEvent {
  switch (e.kind) {
    case 'registered':
      return { kind: 'registration-up', server: e.n, registrar };
    case 'failed':
      return { kind: 'registration-failed', server: e.n, reason: e.code === undefined || e.reason.startsWith(String(e.code)) ? e.reason : `${e.code} ${e.reason}` };
    case 'removed':
      return { kind: 'registration-removed', server: e.n };
  }
}

/** The log line of one engine event. */
export function describeEngineEvent(e: EngineEvent): string {
  switch (e.kind) {
    case 'registration-up':
      return `[SIP] server ${e.server}: registered at ${e.registrar}`;
    case 'registration-failed':
      return `[SIP] server ${e.server}: registration failed: ${e.reason}`;
    case 'registration-removed':
      return `[SIP] server ${e.server}: registration removed`;
    case 'call-start':
      return `[SIP] ${e.port}: ${e.direction} call ${e.direction === 'incoming' ? 'from' : 'to'} ${e.peer}`;
    case 'call-end':
      return `[SIP] ${e.port}: call ended: ${e.reason}`;
    case 'no-route':
      return `[SIP] ${e.port}: dial went nowhere: ${e.reason}`;
  }
}
