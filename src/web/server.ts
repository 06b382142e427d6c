/**
 * The seed's web setup pages, served from the same process: server-rendered HTML, forms that POST
 * (each turned into a command line for the shared interpreter), HTTP Basic once an administrator
 * password is set, an anti-CSRF token on every POST.
 */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Shell } from '../shell/shell';
import { FormValue, Invocation, WebResult, refusal, runInvocation } from './commands';
import { FormResult, readForm } from './form';
import { Frame } from './html';
import { Lang, chooseLang, labels } from './i18n';
import { FormState, bookPage, prefixesPage, serverRows, serversPage } from './pages';
import { allowedHosts, originRefusal } from './origin-check';
import { refusedWithoutPassword } from '../util/loopback';
import { LogThrottle } from '../util/log-throttle';

/** How the web pages run. */
export interface WebServerOptions {
  /** Serve a non-loopback address with no administrator password (`--allow-remote-without-password`). */
  readonly allowRemoteWithoutPassword?: boolean;
  /** Host names answered besides the listening address (`--http-name router.example.test`). */
  readonly names?: readonly string[];
}

type Page = 'servers' | 'prefixes' | 'book';

/** The HTTP server of the setup pages, on one shell. */
export class WebServer {
  private readonly server: http.Server;
  private readonly csrf = randomBytes(18).toString('hex');
  /** The `Host` values answered (set by {@link listen}). */
  private hosts: ReadonlySet<string> = new Set();
  private bound = '127.0.0.1';
  /** The last Authorization header found right, with the hash it was right for: not checked (nor logged) again. */
  private lastGood: { readonly digest: Buffer; readonly stored: string } | undefined;
  /** Refused requests are logged once a minute per source (a page can send them at will). */
  private readonly refusals: LogThrottle;

  constructor(
    private readonly shell: Shell,
    private readonly options: WebServerOptions = {},
  ) {
    this.refusals = new LogThrottle(shell.clock);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        shell.reportBug(e);
        if (!res.headersSent) this.plain(res, 500, 'internal error');
        else res.end();
      });
    });
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 15_000;
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        // A server listening on a TCP port has an AddressInfo; a string is a pipe or socket path.
        if (address === null || typeof address === 'string') reject(new Error(`web server bound to ${address ?? 'nothing'}`));
        else {
          this.hosts = allowedHosts(address.address, address.port, this.options.names ?? []);
          this.bound = address.address;
          resolve(address);
        }
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private plain(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(`${text}\n`);
  }

  private html(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'",
      ...headers,
    });
    res.end(body);
  }

  /**
   * HTTP Basic with the administrator password (any user name), once one is set. Each check goes
   * through the shared guard (slowed per source address with the console's guesses, off the event
   * loop, logged); a header already found right for the same stored hash is not checked again, so
   * that a browser re-sending it with every request neither costs a scrypt nor fills the log.
   */
  private async authorised(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const stored = this.shell.store.config.adminPassword;
    if (stored === undefined) return true;
    const header = req.headers.authorization ?? '';
    // Compared as SHA-256 digests in constant time: the known-good header must not leak by timing.
    const digest = createHash('sha256').update(header).digest();
    if (this.lastGood !== undefined && this.lastGood.stored === stored && timingSafeEqual(this.lastGood.digest, digest)) return true;
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    if (!m) return false;
    const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // A client that goes away while its guess waits for the slot gets no check.
    const gone = new AbortController();
    const abort = (): void => gone.abort();
    res.once('close', abort);
    const ok = await this.shell.guard.check('HTTP', req.socket.remoteAddress ?? '?', 'administrator', decoded.slice(colon + 1), stored, gone.signal);
    res.off('close', abort);
    if (ok) this.lastGood = { digest, stored };
    return ok;
  }

  private tokenOk(form: Map<string, string>): boolean {
    const t = Buffer.from(form.get('csrf') ?? '');
    const want = Buffer.from(this.csrf);
    return t.length === want.length && timingSafeEqual(t, want);
  }

  private frame(req: http.IncomingMessage, url: URL, page: Page): { f: Frame; setCookie: Record<string, string> } {
    const q = url.searchParams.get('lang');
    const lang: Lang = chooseLang(q, req.headers.cookie, req.headers['accept-language']);
    const setCookie: Record<string, string> = q === 'ja' || q === 'en' ? { 'Set-Cookie': `lang=${q}; Path=/; SameSite=Strict` } : {};
    return { f: { lang, l: labels(lang), page, csrf: this.csrf, dirty: this.shell.store.dirty }, setCookie };
  }

  private render(req: http.IncomingMessage, url: URL, page: Page, st?: FormState): { body: string; setCookie: Record<string, string> } {
    const { f, setCookie } = this.frame(req, url, page);
    const config = this.shell.store.config;
    switch (page) {
      case 'servers': {
        const edit = Number(url.searchParams.get('edit'));
        return { body: serversPage(f, this.shell.sip.servers(), config, this.shell.sip.running, st, Number.isInteger(edit) && edit > 0 ? edit : undefined), setCookie };
      }
      case 'prefixes':
        return { body: prefixesPage(f, config, st), setCookie };
      case 'book':
        return { body: bookPage(f, config, st), setCookie };
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sipsh.invalid');
    const misdirected = originRefusal(req.method ?? 'GET', { host: req.headers.host, origin: req.headers.origin, referer: req.headers.referer }, this.hosts);
    if (misdirected !== undefined) {
      req.resume();
      const source = req.socket.remoteAddress ?? '?';
      const more = this.refusals.pass(source);
      if (more !== undefined) this.shell.log.add(`HTTP request refused from ${source}: ${misdirected}${more}`);
      return this.plain(res, 403, `refused: ${misdirected}`);
    }
    // The start-up rule, held at run time: on a non-loopback address the pages need a password.
    if (refusedWithoutPassword(this.bound, this.shell.store.config.adminPassword !== undefined, this.options.allowRemoteWithoutPassword === true)) {
      req.resume();
      return this.plain(res, 403, 'refused: no administrator password is set and these pages listen on a non-loopback address; set one from the console (administrator password)');
    }
    if (!(await this.authorised(req, res))) {
      req.resume();
      this.plain(res, 401, 'administrator password required', { 'WWW-Authenticate': 'Basic realm="sipsh", charset="UTF-8"' });
      return;
    }
    const pages: Record<string, Page> = { '/': 'servers', '/servers': 'servers', '/prefixes': 'prefixes', '/book': 'book' };
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (url.pathname === '/servers/rows') {
        const { f } = this.frame(req, url, 'servers');
        this.html(res, 200, serverRows(f, this.shell.sip.servers(), this.shell.store.config));
        return;
      }
      const p = pages[url.pathname];
      if (p === undefined) return this.plain(res, 404, 'not found');
      const { body, setCookie } = this.render(req, url, p);
      this.html(res, 200, body, setCookie);
      return;
    }
    if (req.method !== 'POST') return this.plain(res, 405, 'method not allowed', { Allow: 'GET, HEAD, POST' });
    const form: FormResult = await readForm(req);
    if (!form.ok) return this.plain(res, form.status, form.message, form.status === 413 ? { Connection: 'close' } : {});
    if (!this.tokenOk(form.fields)) return this.plain(res, 403, 'missing or wrong form token (reload the page)');
    const action = ACTIONS[url.pathname];
    if (!action) return this.plain(res, 404, 'not found');
    const built = action.build(form.fields, this.shell);
    const result: WebResult = 'ok' in built ? built : await runInvocation(this.shell, built);
    if (result.ok) {
      res.writeHead(303, { Location: action.back(form.fields), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    const { body } = this.render(req, url, action.page, { form: action.form(form.fields), values: form.fields, errors: result.errors });
    this.html(res, 422, body);
  }
}

/** One form: where it lives, and the grammar command it runs. */
interface Action {
  readonly page: Page;
  /** Where the browser goes after success. */
  back(fields: ReadonlyMap<string, string>): string;
  /** Which form on the page the errors belong to. */
  form(fields: ReadonlyMap<string, string>): string;
  /** The command to run, or the page's refusal before any command is run. */
  build(fields: ReadonlyMap<string, string>, shell: Shell): Invocation | WebResult;
}

const v = (fields: ReadonlyMap<string, string>, name: string): string => (fields.get(name) ?? '').trim();

/** The grammar value `name` from form field `field`. */
const from = (fields: ReadonlyMap<string, string>, name: string, field: string, required = false): FormValue => ({ name, field, text: v(fields, field), required });

const ACTIONS: Record<string, Action> = {
  '/servers/set': {
    page: 'servers',
    back: () => '/servers',
    form: () => 'server',
    build(fields, shell) {
      const n = v(fields, 'n');
      const existing = /^\d+$/.test(n) ? shell.store.config.servers.get(Number(n)) : undefined;
      // The form chooses register / no-register and UDP / TCP; a client that sends neither (an
      // older page, a script) keeps what the server has, so it never turns a TCP server into UDP.
      const mode = v(fields, 'mode') || (existing === undefined || existing.register ? 'register' : 'no-register');
      const transport = v(fields, 'transport') || (existing?.transport ?? 'udp');
      if (mode !== 'register' && mode !== 'no-register') return refusal('mode', `Error: Invalid parameter: ${mode} is neither register nor no-register`);
      if (transport !== 'udp' && transport !== 'tcp') return refusal('transport', `Error: Invalid parameter: ${transport} is neither udp nor tcp`);
      const user = v(fields, 'user');
      let password = fields.get('password') ?? '';
      // The page never shows the password: an empty one keeps the stored one for the same user.
      if (password === '' && existing && existing.user === user && existing.password !== undefined) password = existing.password;
      return {
        command: 'sip.server',
        keywords: [mode, transport],
        values: [
          from(fields, 'N', 'n'),
          from(fields, 'SERVER', 'server'),
          from(fields, 'SIPADDRESS', 'sipaddress'),
          from(fields, 'USER', 'user'),
          { name: 'PASS', field: 'password', text: password },
          { name: 'NAME', text: existing?.name ?? '' },
        ],
      };
    },
  },
  '/servers/delete': numberAction('servers', 'list', 'sip.server.no', 'N', 'n'),
  '/servers/connect': numberAction('servers', 'list', 'sip.server.connect', 'N', 'n'),
  '/servers/disconnect': numberAction('servers', 'list', 'sip.server.disconnect', 'N', 'n'),
  '/prefixes/server': {
    page: 'prefixes',
    back: () => '/prefixes',
    form: (fields) => `prefix-${v(fields, 'n')}`,
    build: (fields) => ({
      // An empty prefix removes it.
      command: v(fields, 'prefix') === '' ? 'analog.prefix.no' : 'analog.prefix',
      values: [from(fields, 'N', 'n', true), from(fields, 'DIAL', 'prefix')],
    }),
  },
  '/prefixes/book': {
    page: 'prefixes',
    back: () => '/prefixes',
    form: () => 'bookprefix',
    build: (fields) => ({ command: v(fields, 'prefix') === '' ? 'analog.prefix.no' : 'analog.prefix', values: [from(fields, 'DIAL', 'prefix')] }),
  },
  '/book/set': {
    page: 'book',
    back: () => '/book',
    form: () => 'entry',
    build: (fields) => ({
      command: 'analog.book',
      values: [
        from(fields, 'NUM', 'num'),
        from(fields, 'DIAL_NUMBER', 'dial'),
        from(fields, 'SIP_ADDRESS', 'sipaddress'),
        // The page always names the server (its list of servers), so an entry never lands on server 1 by default.
        from(fields, 'N', 'server', true),
        from(fields, 'DESC', 'name'),
      ],
    }),
  },
  '/book/delete': numberAction('book', 'entry', 'analog.book.no', 'NUM', 'num'),
  '/save': {
    page: 'servers',
    back: (fields) => (['/servers', '/prefixes', '/book'].includes(v(fields, 'back')) ? v(fields, 'back') : '/servers'),
    form: () => 'list',
    build: () => ({ command: 'save', values: [] }),
  },
};

/** A button that runs command `id` with one number from one field (delete, connect, disconnect). */
function numberAction(page: Page, form: string, id: string, name: string, field: string): Action {
  return {
    page,
    back: () => `/${page}`,
    form: () => form,
    build: (fields) => ({ command: id, values: [from(fields, name, field, true)] }),
  };
}
