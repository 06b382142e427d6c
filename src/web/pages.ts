/** The three pages of the seed: IP phone server, Basic settings (prefixes), Internet phone book. */
import { Config } from '../config/model';
import { formatHostPort } from '../net/host';
import { ServerStatus } from '../sip/control';
import { Frame, esc, hidden, page } from './html';

/** What the user typed, and the errors beside the fields, when a form is shown again. */
export interface FormState {
  readonly form: string;
  readonly values: ReadonlyMap<string, string>;
  readonly errors: ReadonlyMap<string, string>;
}

function field(f: Frame, st: FormState | undefined, form: string, name: string, label: string, opts: { value?: string; type?: string; hint?: string } = {}): string {
  const mine = st?.form === form ? st : undefined;
  const value = opts.type === 'password' ? '' : (mine?.values.get(name) ?? opts.value ?? '');
  const err = mine?.errors.get(name);
  return `<label><span class="f">${esc(label)}</span><input name="${esc(name)}" id="${esc(form)}-${esc(name)}" type="${opts.type ?? 'text'}" value="${esc(value)}" autocomplete="off">${opts.hint ? ` <span class="hint">${esc(opts.hint)}</span>` : ''}${err ? ` <span class="error" id="${esc(form)}-${esc(name)}-error">${esc(err)}</span>` : ''}</label>`;
}

/** A `<select>` of fixed choices (the grammar's `a|b` keywords), keeping what was chosen. */
function choice(st: FormState | undefined, form: string, name: string, label: string, options: readonly (readonly [string, string])[], current: string): string {
  const mine = st?.form === form ? st : undefined;
  const chosen = mine?.values.get(name) ?? current;
  const opts = options.map(([value, text]) => `<option value="${esc(value)}"${value === chosen ? ' selected' : ''}>${esc(text)}</option>`).join('');
  const err = mine?.errors.get(name);
  return `<label><span class="f">${esc(label)}</span><select name="${esc(name)}" id="${esc(form)}-${esc(name)}">${opts}</select>${err ? ` <span class="error" id="${esc(form)}-${esc(name)}-error">${esc(err)}</span>` : ''}</label>`;
}

function formError(st: FormState | undefined, form: string): string {
  const e = st?.form === form ? st.errors.get('') : undefined;
  return e ? `<p class="error" id="${esc(form)}-error">${esc(e)}</p>` : '';
}

const postButton = (f: Frame, action: string, fields: Record<string, string | number>, text: string, id: string): string =>
  `<form class="inline" method="post" action="${esc(action)}">${hidden('csrf', f.csrf)}${Object.entries(fields).map(([k, v]) => hidden(k, v)).join('')}<button type="submit" id="${esc(id)}">${esc(text)}</button></form>`;

/** The rows of the server list (also served alone for the list to refresh itself). */
export function serverRows(f: Frame, statuses: readonly ServerStatus[], config: Config): string {
  if (statuses.length === 0) return `<tr><td colspan="9">${esc(f.l.noServers)}</td></tr>`;
  return statuses
    .map((s) => {
      const next = s.nextSeconds !== undefined ? `${s.nextSeconds} ${f.l.seconds}` : '';
      const reason = s.reason !== undefined && (s.state === 'failed' || s.state === 'stopped') ? `<span class="reason" id="reason-${s.n}">${esc(s.code !== undefined ? `${s.code} ${s.reason}` : s.reason)}</span>` : '';
      const buttons = [
        s.register ? postButton(f, '/servers/connect', { n: s.n }, f.l.connect, `connect-${s.n}`) : '',
        s.register ? postButton(f, '/servers/disconnect', { n: s.n }, f.l.disconnect, `disconnect-${s.n}`) : '',
        `<a href="/servers?edit=${s.n}" id="edit-${s.n}">${esc(f.l.change)}</a>`,
        postButton(f, '/servers/delete', { n: s.n }, f.l.delete, `delete-${s.n}`),
      ].join(' ');
      const name = config.servers.get(s.n)?.name;
      return `<tr id="server-${s.n}"><td>${s.n}${name ? ` (${esc(name)})` : ''}</td><td>${esc(s.server)}</td><td>${s.transport}</td><td>${s.register ? 'register' : 'no-register'}</td><td>${esc(s.sipAddress)}</td><td class="state-${s.state}" id="state-${s.n}">${esc(f.l.states[s.state])}</td><td id="next-${s.n}">${esc(next)}</td><td>${reason}</td><td>${buttons}</td></tr>`;
    })
    .join('\n');
}

/** The IP phone server page: the server list with its buttons, and the registration form. */
export function serversPage(f: Frame, statuses: readonly ServerStatus[], config: Config, running: boolean, st: FormState | undefined, edit: number | undefined): string {
  const l = f.l;
  const editing = edit !== undefined ? config.servers.get(edit) : undefined;
  const rows = serverRows(f, statuses, config);
  const body = `
${running ? '' : `<p class="error">${esc(l.engineStopped)}</p>`}
<h2>${esc(l.serverList)}</h2>
<table id="servers"><thead><tr><th>${esc(l.number)}</th><th>${esc(l.server)}</th><th>${esc(l.transport)}</th><th>${esc(l.mode)}</th><th>${esc(l.sipAddress)}</th><th>${esc(l.state)}</th><th>${esc(l.next)}</th><th>${esc(l.reason)}</th><th></th></tr></thead>
<tbody id="server-rows">${rows}</tbody></table>
${formError(st, 'list')}
<form method="get" action="/servers"><button type="submit" id="update">${esc(l.update)}</button></form>
<fieldset><legend>${esc(l.registration)}</legend>
<form method="post" action="/servers/set" id="server-form">${hidden('csrf', f.csrf)}
${formError(st, 'server')}
${field(f, st, 'server', 'n', l.number, { value: editing ? String(editing.n) : '' })}
${field(f, st, 'server', 'server', l.server, { value: editing ? formatHostPort(editing.server) : '', hint: '192.0.2.1, sip.example.com:5060, [2001:db8::1]:5070' })}
${choice(st, 'server', 'mode', l.mode, [['register', 'register'], ['no-register', l.states.proxy]], editing === undefined || editing.register ? 'register' : 'no-register')}
${choice(st, 'server', 'transport', l.transport, [['udp', 'UDP'], ['tcp', 'TCP']], editing?.transport ?? 'udp')}
${field(f, st, 'server', 'sipaddress', l.sipAddress, { value: editing?.sipAddress ?? '', hint: 'sip:user@example.com' })}
${field(f, st, 'server', 'user', l.user, { value: editing?.user ?? '' })}
${field(f, st, 'server', 'password', l.password, { type: 'password', hint: editing ? l.passwordKeep : '' })}
<button type="submit" id="server-submit">${esc(l.register)}</button>
</form></fieldset>
<script>
// The list refreshes itself every 5 seconds; the Update button does the same at once.
setInterval(function () {
  fetch('/servers/rows', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.text() : null; })
    .then(function (t) { if (t !== null) document.getElementById('server-rows').innerHTML = t; }).catch(function () {});
}, 5000);
</script>`;
  return page(f, l.ipPhoneServer, body);
}

/** The basic settings page: the prefix of each server and the phone book prefix. */
export function prefixesPage(f: Frame, config: Config, st: FormState | undefined): string {
  const l = f.l;
  const servers = [...config.servers.values()].sort((a, b) => a.n - b.n);
  const rows = servers
    .map(
      (s) => `<tr><td>${s.n}</td><td>${esc(s.sipAddress)}</td><td><form method="post" action="/prefixes/server" class="inline">${hidden('csrf', f.csrf)}${hidden('n', s.n)}
${field(f, st, `prefix-${s.n}`, 'prefix', l.serverPrefix, { value: config.serverPrefixes.get(s.n) ?? '' })}<button type="submit" id="prefix-${s.n}-submit">${esc(l.set)}</button>${formError(st, `prefix-${s.n}`)}</form></td></tr>`,
    )
    .join('\n');
  const body = `
<h2>${esc(l.prefixSettings)}</h2>
<p class="hint">${esc(l.prefixHelp)}</p>
<table id="prefixes"><thead><tr><th>${esc(l.number)}</th><th>${esc(l.sipAddress)}</th><th>${esc(l.serverPrefix)}</th></tr></thead><tbody>${rows || `<tr><td colspan="3">${esc(l.noServers)}</td></tr>`}</tbody></table>
<fieldset><legend>${esc(l.bookPrefix)}</legend><p class="hint">${esc(l.bookPrefixHelp)}</p>
<form method="post" action="/prefixes/book">${hidden('csrf', f.csrf)}
${field(f, st, 'bookprefix', 'prefix', l.bookPrefix, { value: config.bookPrefix ?? '' })}${formError(st, 'bookprefix')}
<button type="submit" id="bookprefix-submit">${esc(l.set)}</button></form></fieldset>`;
  return page(f, l.basic, body);
}

/** The internet phone book page: the entries and the form that adds one. */
export function bookPage(f: Frame, config: Config, st: FormState | undefined): string {
  const l = f.l;
  const entries = [...config.book.values()].sort((a, b) => a.num - b.num);
  const rows = entries
    .map((e) => `<tr id="entry-${e.num}"><td>${e.num}</td><td>${esc(e.dialNumber)}</td><td>${esc(e.sipAddress)}</td><td>${e.server ?? 1}</td><td>${esc(e.name ?? '')}</td><td>${postButton(f, '/book/delete', { num: e.num }, l.delete, `delete-entry-${e.num}`)}</td></tr>`)
    .join('\n');
  const options = [...config.servers.values()].sort((a, b) => a.n - b.n).map((s) => `<option value="${s.n}">${s.n}: ${esc(s.sipAddress)}</option>`).join('');
  const chosen = st?.form === 'entry' ? st.values.get('server') : undefined;
  const body = `
<table id="book"><thead><tr><th>${esc(l.bookNumber)}</th><th>${esc(l.dialNumber)}</th><th>${esc(l.peer)}</th><th>${esc(l.type)}</th><th>${esc(l.name)}</th><th></th></tr></thead>
<tbody>${rows || `<tr><td colspan="6">${esc(l.noEntries)}</td></tr>`}</tbody></table>
<fieldset><legend>${esc(l.book)}</legend>
<form method="post" action="/book/set" id="entry-form">${hidden('csrf', f.csrf)}
${formError(st, 'entry')}
${field(f, st, 'entry', 'num', l.bookNumber)}
${field(f, st, 'entry', 'dial', l.dialNumber, { hint: '30' })}
${field(f, st, 'entry', 'sipaddress', l.peer, { hint: 'sip:UserA@example.com' })}
<label><span class="f">${esc(l.type)}</span><select name="server" id="entry-server">${options.replace(`value="${chosen}"`, `value="${chosen}" selected`)}</select></label>
${field(f, st, 'entry', 'name', l.name)}
<button type="submit" id="entry-submit">${esc(l.register)}</button></form></fieldset>`;
  return page(f, l.book, body);
}
