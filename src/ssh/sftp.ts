/**
 * The SFTP subsystem, read-only: `/system/config0` is the SAVED configuration file (what the
 * router would have in flash, not unsaved changes), as the Terraform RTX provider reads it
 * (pkg/sftp: OPEN for reading, READ until EOF, FSTAT, CLOSE). `/` and `/system` list; every
 * write, rename, removal or attribute change answers PERMISSION_DENIED and changes nothing.
 */
import * as path from 'path';
import type { Attributes, FileEntry, SFTPWrapper } from 'ssh2';
import { ssh2 } from '../util/ssh2-module';


/** The path of the saved configuration, as on an RT router. */
export const CONFIG_PATH = '/system/config0';
/** Most handles one SFTP session may hold open. */
export const MAX_HANDLES = 16;
/** Most bytes one READ answers (SFTP v3 clients ask for 32 KiB or less). */
const MAX_READ = 32768;

type OpenThing = { readonly t: 'file'; readonly data: Buffer } | { readonly t: 'dir'; readonly entries: FileEntry[]; done: boolean };

/** What the SFTP view of the router needs: the saved configuration's bytes, or undefined when never saved. */
export interface SftpSource {
  savedConfig(): Buffer | undefined;
  /** Seconds since 1970, for the attributes. */
  nowSeconds(): number;
}

/** Normalises a client path: relative paths are from `/`; `..` cannot leave `/`. */
export function normalizeSftpPath(p: string): string {
  return path.posix.normalize(path.posix.join('/', p)).replace(/(.)\/$/, '$1');
}

/** Serves one SFTP channel until it closes. */
export class ReadOnlySftp {
  /** ssh2's SFTP status codes, taken when the first SFTP session opens (ssh2 loads lazily). */
  private readonly codes = ssh2().utils.sftp.STATUS_CODE;
  private readonly handles = new Map<number, OpenThing>();
  private nextHandle = 1;

  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly source: SftpSource,
  ) {
    const denied = (reqId: number): void => this.status(reqId, this.codes.PERMISSION_DENIED, 'Permission denied: read-only');
    sftp.on('OPEN', (reqId: number, filename: string, flags: number) => this.open(reqId, filename, flags));
    sftp.on('READ', (reqId: number, handle: Buffer, offset: number, len: number) => this.read(reqId, handle, offset, len));
    sftp.on('FSTAT', (reqId: number, handle: Buffer) => this.fstat(reqId, handle));
    sftp.on('CLOSE', (reqId: number, handle: Buffer) => this.close(reqId, handle));
    sftp.on('STAT', (reqId: number, p: string) => this.stat(reqId, p));
    sftp.on('LSTAT', (reqId: number, p: string) => this.stat(reqId, p));
    sftp.on('REALPATH', (reqId: number, p: string) => this.realpath(reqId, p));
    sftp.on('OPENDIR', (reqId: number, p: string) => this.opendir(reqId, p));
    sftp.on('READDIR', (reqId: number, handle: Buffer) => this.readdir(reqId, handle));
    for (const op of ['WRITE', 'SETSTAT', 'FSETSTAT', 'REMOVE', 'RMDIR', 'MKDIR', 'RENAME', 'SYMLINK']) sftp.on(op, denied);
    for (const op of ['READLINK', 'EXTENDED']) sftp.on(op, (reqId: number) => this.status(reqId, this.codes.OP_UNSUPPORTED, 'Not supported'));
    sftp.on('error', () => this.handles.clear());
    // The client sent EOF (sftp's "bye", end of a batch): close the channel, or the client waits.
    sftp.on('end', () => {
      this.handles.clear();
      sftp.end();
    });
    sftp.on('close', () => this.handles.clear());
  }

  private status(reqId: number, code: number, message?: string): void {
    this.sftp.status(reqId, code, message);
  }

  private fileAttrs(size: number): Attributes {
    const now = this.source.nowSeconds();
    return { mode: 0o100400, uid: 0, gid: 0, size, atime: now, mtime: now };
  }

  private dirAttrs(): Attributes {
    const now = this.source.nowSeconds();
    return { mode: 0o040500, uid: 0, gid: 0, size: 0, atime: now, mtime: now };
  }

  /** The attributes of a path, or undefined when there is nothing there. */
  private attrsOf(p: string): Attributes | undefined {
    if (p === '/' || p === '/system') return this.dirAttrs();
    if (p === CONFIG_PATH) {
      const data = this.source.savedConfig();
      return data === undefined ? undefined : this.fileAttrs(data.length);
    }
    return undefined;
  }

  private addHandle(reqId: number, thing: OpenThing): void {
    if (this.handles.size >= MAX_HANDLES) {
      this.status(reqId, this.codes.FAILURE, `Too many open handles (${MAX_HANDLES} at most)`);
      return;
    }
    const id = this.nextHandle++;
    this.handles.set(id, thing);
    const h = Buffer.alloc(4);
    h.writeUInt32BE(id >>> 0);
    this.sftp.handle(reqId, h);
  }

  private lookup(handle: Buffer): OpenThing | undefined {
    return handle.length === 4 ? this.handles.get(handle.readUInt32BE(0)) : undefined;
  }

  private open(reqId: number, filename: string, flags: number): void {
    const p = normalizeSftpPath(filename);
    const { OPEN_MODE } = ssh2().utils.sftp;
    if ((flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC | OPEN_MODE.EXCL)) !== 0) {
      this.status(reqId, this.codes.PERMISSION_DENIED, 'Permission denied: read-only');
      return;
    }
    if (p !== CONFIG_PATH) {
      this.status(reqId, this.codes.NO_SUCH_FILE, 'No such file');
      return;
    }
    const data = this.source.savedConfig();
    if (data === undefined) {
      this.status(reqId, this.codes.NO_SUCH_FILE, 'No saved configuration');
      return;
    }
    // A snapshot: a save while the client reads does not mix two versions.
    this.addHandle(reqId, { t: 'file', data });
  }

  private read(reqId: number, handle: Buffer, offset: number, len: number): void {
    const f = this.lookup(handle);
    if (f === undefined || f.t !== 'file') {
      this.status(reqId, this.codes.FAILURE, 'Bad handle');
      return;
    }
    if (offset >= f.data.length) {
      this.status(reqId, this.codes.EOF);
      return;
    }
    this.sftp.data(reqId, f.data.subarray(offset, offset + Math.min(len, MAX_READ)));
  }

  private fstat(reqId: number, handle: Buffer): void {
    const f = this.lookup(handle);
    if (f === undefined) this.status(reqId, this.codes.FAILURE, 'Bad handle');
    else this.sftp.attrs(reqId, f.t === 'file' ? this.fileAttrs(f.data.length) : this.dirAttrs());
  }

  private close(reqId: number, handle: Buffer): void {
    const known = handle.length === 4 && this.handles.delete(handle.readUInt32BE(0));
    this.status(reqId, known ? this.codes.OK : this.codes.FAILURE);
  }

  private stat(reqId: number, raw: string): void {
    const attrs = this.attrsOf(normalizeSftpPath(raw));
    if (attrs === undefined) this.status(reqId, this.codes.NO_SUCH_FILE, 'No such file');
    else this.sftp.attrs(reqId, attrs);
  }

  private realpath(reqId: number, raw: string): void {
    const p = normalizeSftpPath(raw);
    this.sftp.name(reqId, [{ filename: p, longname: p, attrs: this.attrsOf(p) ?? this.dirAttrs() }]);
  }

  private opendir(reqId: number, raw: string): void {
    const p = normalizeSftpPath(raw);
    const entry = (name: string, attrs: Attributes): FileEntry => ({
      filename: name,
      longname: `${attrs.mode & 0o040000 ? 'dr-x------' : '-r--------'}    1 root     root     ${String(attrs.size).padStart(8)} Jan  1 00:00 ${name}`,
      attrs,
    });
    if (p === '/') {
      this.addHandle(reqId, { t: 'dir', entries: [entry('system', this.dirAttrs())], done: false });
    } else if (p === '/system') {
      const data = this.source.savedConfig();
      this.addHandle(reqId, { t: 'dir', entries: data === undefined ? [] : [entry('config0', this.fileAttrs(data.length))], done: false });
    } else {
      this.status(reqId, this.codes.NO_SUCH_FILE, 'No such directory');
    }
  }

  private readdir(reqId: number, handle: Buffer): void {
    const d = this.lookup(handle);
    if (d === undefined || d.t !== 'dir') {
      this.status(reqId, this.codes.FAILURE, 'Bad handle');
      return;
    }
    if (d.done || d.entries.length === 0) {
      this.status(reqId, this.codes.EOF);
      return;
    }
    d.done = true;
    this.sftp.name(reqId, d.entries);
  }
}
