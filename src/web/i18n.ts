/**
 * The page labels in English and in Japanese (the seed's own words, from its Japanese original).
 *
 * A failure's reason is shown as it came, in both languages: it is the registrar's own reason
 * phrase (`403 Forbidden`, network text, shown escaped) or the console's `Error:` message for the
 * same line, and the seed gives no Japanese words for either; translating them here would invent
 * wording the seed does not have and hide the text the operator would search for.
 */

/** The languages of the pages. */
export type Lang = 'en' | 'ja';

const EN = {
  title: 'sipsh setup',
  internetPhone: 'Internet phone settings',
  ipPhoneServer: 'IP phone server',
  basic: 'Basic settings',
  prefixSettings: 'Prefix settings',
  book: 'Internet phone book',
  serverList: 'SIP servers',
  number: 'No.',
  server: 'SIP server (IP address or FQDN)',
  transport: 'Transport',
  mode: 'REGISTER',
  sipAddress: 'sip address',
  state: 'State',
  next: 'Next refresh / retry',
  seconds: 's',
  reason: 'Reason',
  connect: 'Connect',
  disconnect: 'Disconnect',
  update: 'Update',
  registration: 'IP phone server registration',
  user: 'User ID',
  password: 'Password',
  passwordKeep: 'leave empty to keep the current one',
  register: 'Register',
  delete: 'Delete',
  change: 'Change',
  noServers: 'No SIP server is registered.',
  serverPrefix: 'Prefix of SIP server',
  bookPrefix: 'Phone book prefix',
  prefixHelp: 'Dial prefix + phone number to call sip:NUMBER@DOMAIN through that server.',
  bookPrefixHelp: 'Dial the phone book prefix + an internet phone number.',
  set: 'Set',
  bookNumber: 'Entry',
  dialNumber: 'Internet phone number',
  peer: "Party's sip address",
  type: 'SIP server',
  name: 'Name',
  noEntries: 'The phone book is empty.',
  save: 'Save',
  unsaved: 'The running configuration has changes that are not saved.',
  saved: 'The running configuration is saved.',
  language: '日本語',
  engineStopped: 'The SIP engine is not running.',
  states: {
    registered: 'registered',
    registering: 'registering',
    unregistering: 'unregistering',
    unregistered: 'not registered',
    disconnected: 'disconnected',
    failed: 'failed',
    proxy: 'proxy (no REGISTER)',
    stopped: 'stopped',
  },
};

/** Every label of the pages, in one language. */
export type Labels = typeof EN;

const JA: Labels = {
  title: 'sipsh かんたん設定',
  internetPhone: 'インターネット電話設定',
  ipPhoneServer: 'IP電話サーバ',
  basic: '基本設定',
  prefixSettings: 'プレフィックス設定',
  book: 'インターネット電話帳',
  serverList: 'SIPサーバ一覧',
  number: '登録番号',
  server: 'SIPサーバのIPアドレスまたはFQDN',
  transport: 'プロトコル',
  mode: 'REGISTER',
  sipAddress: 'sipアドレス',
  state: '接続状態',
  next: '次の更新・再試行まで',
  seconds: '秒',
  reason: '理由',
  connect: '接続',
  disconnect: '切断',
  update: '更新',
  registration: 'IP電話サーバ登録',
  user: 'ユーザID',
  password: 'パスワード',
  passwordKeep: '空欄なら変更しません',
  register: '登録',
  delete: '削除',
  change: '変更',
  noServers: 'SIPサーバは登録されていません。',
  serverPrefix: 'SIPサーバのプレフィックス',
  bookPrefix: 'インターネット電話帳のプレフィックス',
  prefixHelp: '「プレフィックス+電話番号」で sip:電話番号@ドメイン に発信します。',
  bookPrefixHelp: 'インターネット電話帳のプレフィックス+登録したインターネット電話番号でダイヤルします。',
  set: '設定',
  bookNumber: '番号',
  dialNumber: 'インターネット電話番号',
  peer: '相手のsipアドレス',
  type: '種別(SIPサーバ)',
  name: '名前',
  noEntries: 'インターネット電話帳は空です。',
  save: '保存',
  unsaved: '保存されていない設定の変更があります。',
  saved: '設定は保存されています。',
  language: 'English',
  engineStopped: 'SIPエンジンは停止しています。',
  states: {
    registered: '接続中',
    registering: '接続処理中',
    unregistering: '切断処理中',
    unregistered: '未接続',
    disconnected: '切断',
    failed: '接続失敗',
    proxy: 'プロキシ(REGISTERなし)',
    stopped: '停止',
  },
};

/** The labels in `lang`. */
export function labels(lang: Lang): Labels {
  return lang === 'ja' ? JA : EN;
}

/** `?lang=`, then the `lang` cookie, then Accept-Language. */
export function chooseLang(query: string | null, cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'ja' || query === 'en') return query;
  const c = /(?:^|;\s*)lang=(ja|en)\b/.exec(cookie ?? '')?.[1];
  if (c === 'ja' || c === 'en') return c;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('ja') ? 'ja' : 'en';
}
