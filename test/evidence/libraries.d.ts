/** Just enough types for the libraries the evidence tests examine (they ship none). */
declare module 'drachtio-sip' {
  export class SipMessage {
    constructor(raw: string);
    body: string;
    headers: Record<string, string>;
    getParsedHeader(name: string): Array<{ host?: string; port?: number; params?: Record<string, string> }>;
  }
}
declare module 'sip' {
  export function parse(raw: string): { headers: { via?: Array<{ host?: string; port?: number; params?: Record<string, string> }> } } | undefined;
}
declare module 'telnetlib' {
  import { Server } from 'net';
  export function createServer(options: object, handler: (c: { write(data: Buffer | string): void; on(ev: string, fn: () => void): void }) => void): Server;
}
