/** HTML helpers: escaping and the page frame (navigation, language switch, save indicator). */
import { safeText } from '../util/safe-text';
import { Labels, Lang } from './i18n';

/**
 * Escapes text for HTML content and attribute values. Every text the pages show passes here, much
 * of it from the network (a registrar's reason phrase) or a file: control characters are shown
 * escaped too (util/safe-text.ts), as on the console.
 */
export function esc(s: string | number | undefined): string {
  return safeText(String(s ?? '')).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** What every page shows around its body: language, labels, navigation, form token, save state. */
export interface Frame {
  readonly lang: Lang;
  readonly l: Labels;
  readonly page: 'servers' | 'prefixes' | 'book';
  readonly csrf: string;
  readonly dirty: boolean;
}

const STYLE = `
body{font-family:sans-serif;margin:0;background:#f4f6f8;color:#222}
header{background:#20466e;color:#fff;padding:.6em 1em}
header a{color:#fff;margin-right:1.2em;text-decoration:none}
header a.here{font-weight:bold;text-decoration:underline}
header .lang{float:right}
main{padding:1em;max-width:70em}
table{border-collapse:collapse;background:#fff;margin:.5em 0}
th,td{border:1px solid #c8d0d8;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#e4eaf0}
.reason,.error{color:#d00000}
.state-registered{color:#106010;font-weight:bold}
.banner{padding:.5em;margin:.5em 0;background:#fff7d6;border:1px solid #e0c060}
.ok{background:#eaf6ea;border-color:#90c090}
form.inline{display:inline}
fieldset{background:#fff;border:1px solid #c8d0d8;margin:1em 0}
label{display:block;margin:.3em 0}
label span.f{display:inline-block;min-width:16em}
.hint{color:#666;font-size:90%}
`;

/** A whole page: the frame around `body`. */
export function page(f: Frame, title: string, body: string): string {
  const nav = (p: Frame['page'], href: string, text: string): string => `<a href="${href}"${f.page === p ? ' class="here"' : ''}>${esc(text)}</a>`;
  const other = f.lang === 'ja' ? 'en' : 'ja';
  return `<!DOCTYPE html>
<html lang="${f.lang}"><head><meta charset="utf-8"><title>${esc(title)} - ${esc(f.l.title)}</title><style>${STYLE}</style></head>
<body><header><span>${esc(f.l.internetPhone)}:</span>
${nav('servers', '/servers', f.l.ipPhoneServer)}${nav('prefixes', '/prefixes', f.l.basic)}${nav('book', '/book', f.l.book)}
<a class="lang" href="?lang=${other}">${esc(f.l.language)}</a></header>
<main><h1>${esc(title)}</h1>
<div class="banner${f.dirty ? '' : ' ok'}" id="saved-state">${esc(f.dirty ? f.l.unsaved : f.l.saved)}
<form class="inline" method="post" action="/save"><input type="hidden" name="csrf" value="${esc(f.csrf)}"><input type="hidden" name="back" value="/${f.page}"><button type="submit" id="save">${esc(f.l.save)}</button></form></div>
${body}</main></body></html>`;
}

/** A hidden form field. */
export function hidden(name: string, value: string | number): string {
  return `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;
}
