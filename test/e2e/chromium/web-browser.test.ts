/**
 * The seed's web setup pages in a real browser (Debian chromium via playwright-core) against the
 * lab's Kamailio: add a server through the form, watch it register after Update, disconnect and
 * connect, see a failure's reason in red, change prefixes and the phone book, refuse a bad address
 * beside its field, and show the Japanese labels. Every test saves a screenshot.
 */
import * as path from 'path';
import { Browser, Page } from 'playwright-core';
import { WebServer } from '../../../src/web/server';
import { SCREENSHOTS, launchBrowser } from '../../helpers/browser';
import { Kamailio, waitFor } from '../../helpers/kamailio';
import { Router } from '../../helpers/router';

jest.setTimeout(90000);
const K = 15710;
let k: Kamailio;
let browser: Browser;
let r: Router;
let web: WebServer;
let base: string;
let page: Page;

beforeAll(async () => {
  k = await Kamailio.start(K);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await k?.stop();
  k?.cleanup();
});
beforeEach(async () => {
  r = await Router.start();
  web = new WebServer(r.shell);
  base = `http://127.0.0.1:${(await web.listen('127.0.0.1', 0)).port}`;
  page = await browser.newPage();
});
afterEach(async () => {
  const name = expect.getState().currentTestName?.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80) ?? 'test';
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.close();
  await web.close();
  await r.stop();
  await k.removeBindings('alice');
});

async function addServer(n: string, server: string, sip: string, user: string, pass: string): Promise<void> {
  await page.goto(`${base}/servers`);
  await page.fill('#server-n', n);
  await page.fill('#server-server', server);
  await page.fill('#server-sipaddress', sip);
  await page.fill('#server-user', user);
  await page.fill('#server-password', pass);
  await Promise.all([page.waitForNavigation(), page.click('#server-submit')]);
}

const stateAfterUpdate = async (n: number, want: string): Promise<string> =>
  waitFor(`server ${n} ${want} on the page`, async () => {
    await Promise.all([page.waitForNavigation(), page.click('#update')]);
    const s = (await page.textContent(`#state-${n}`))?.trim();
    return s === want ? s : undefined;
  }, 10000, 200);

test('add a server through the form; after Update it shows registered; Disconnect and Connect', async () => {
  await addServer('1', `127.0.0.1:${K}`, 'sip:alice@example.test', 'alice', 'secret');
  expect(await page.textContent('#server-1')).toContain('register');
  await stateAfterUpdate(1, 'registered');
  expect(await page.textContent('#next-1')).toMatch(/^\d+ s$/);
  expect((await k.bindingsOf('alice')).length).toBe(1);
  expect((await r.run('show config | grep server')).join('\n')).toContain(`sip server 1 127.0.0.1:${K} register udp sip:alice@example.test alice secret`);
  expect(await page.content()).not.toContain('secret'); // passwords are never sent back into a page

  await Promise.all([page.waitForNavigation(), page.click('#disconnect-1')]);
  await stateAfterUpdate(1, 'disconnected');
  await waitFor('binding gone', async () => (await k.bindingsOf('alice')).length === 0);

  await Promise.all([page.waitForNavigation(), page.click('#connect-1')]);
  await stateAfterUpdate(1, 'registered');
  expect((await k.bindingsOf('alice')).length).toBe(1);
});

test('a wrong password: the reason is shown, in red', async () => {
  await addServer('2', `127.0.0.1:${K}`, 'sip:alice@example.test', 'alice', 'wrongpw');
  await stateAfterUpdate(2, 'failed');
  expect((await page.textContent('#reason-2'))?.trim()).toBe('403 Forbidden');
  const color = await page.evaluate("getComputedStyle(document.querySelector('#reason-2')).color");
  expect(color).toBe('rgb(208, 0, 0)');
});

test('a bad address: the error beside the field, the values kept, nothing changed', async () => {
  const before = (await r.run('show config')).filter((l) => !l.startsWith('#')).join('\n');
  await page.goto(`${base}/servers`);
  await page.fill('#server-n', '3');
  await page.fill('#server-server', '2001:db8::1');
  await page.fill('#server-sipaddress', 'sip:alice@example.test');
  await Promise.all([page.waitForNavigation(), page.click('#server-submit')]);
  expect(await page.textContent('#server-server-error')).toContain('an IPv6 address must be enclosed in brackets: [2001:db8::1]');
  expect(await page.inputValue('#server-server')).toBe('2001:db8::1');
  expect(await page.inputValue('#server-n')).toBe('3');
  expect((await r.run('show config')).filter((l) => !l.startsWith('#')).join('\n')).toBe(before);
});

test('the form changes a TCP server keeping TCP, and sets a no-register one', async () => {
  await r.run(`sip server 4 [::1]:${K} register tcp sip:alice@example.test alice secret`);
  await page.goto(`${base}/servers`);
  expect(await page.textContent('#server-4')).toContain('tcp');
  await Promise.all([page.waitForNavigation(), page.click('#edit-4')]);
  expect(await page.inputValue('#server-transport')).toBe('tcp');
  expect(await page.inputValue('#server-mode')).toBe('register');
  await page.fill('#server-server', `127.0.0.1:${K}`);
  await Promise.all([page.waitForNavigation(), page.click('#server-submit')]);
  expect((await r.run('show config | grep server')).join()).toContain(`sip server 4 127.0.0.1:${K} register tcp sip:alice@example.test alice secret`);
  await page.goto(`${base}/servers`);
  await page.fill('#server-n', '5');
  await page.fill('#server-server', `127.0.0.1:${K}`);
  await page.selectOption('#server-mode', 'no-register');
  await page.fill('#server-sipaddress', 'sip:router@example.test');
  await Promise.all([page.waitForNavigation(), page.click('#server-submit')]);
  expect((await r.run('show config | grep server')).join()).toContain(`sip server 5 127.0.0.1:${K} no-register udp sip:router@example.test`);
  expect(await page.textContent('#server-5')).toContain('no-register');
  for (const n of [4, 5]) await Promise.all([page.waitForNavigation(), page.click(`#delete-${n}`)]);
  expect((await r.run('show config | grep server')).join()).not.toMatch(/sip server [45]/);
});

test('prefix and phone book pages change what show config prints; Save writes it', async () => {
  await r.run(`sip server 1 127.0.0.1:${K} register udp sip:alice@example.test alice secret`);
  await page.goto(`${base}/prefixes`);
  await page.fill('#prefix-1-prefix', '2#');
  await Promise.all([page.waitForNavigation(), page.click('#prefix-1-submit')]);
  await page.fill('#bookprefix-prefix', '9#');
  await Promise.all([page.waitForNavigation(), page.click('#bookprefix-submit')]);
  await page.goto(`${base}/book`);
  await page.fill('#entry-num', '1');
  await page.fill('#entry-dial', '30');
  await page.fill('#entry-sipaddress', 'sip:UserA@example.test');
  await page.selectOption('#entry-server', '1');
  await page.fill('#entry-name', 'UserA');
  await Promise.all([page.waitForNavigation(), page.click('#entry-submit')]);
  const config = (await r.run('show config')).join('\n');
  expect(config).toContain('analog extension dial prefix sip server=1 prefix="2#"');
  expect(config).toContain('analog extension dial prefix sip prefix="9#"');
  expect(config).toContain('analog extension sip address 1 30 sip:UserA@example.test server=1 name=UserA');
  expect(await page.textContent('#entry-1')).toContain('sip:UserA@example.test');
  expect(await page.textContent('#saved-state')).toContain('not saved');
  await Promise.all([page.waitForNavigation(), page.click('#save')]);
  expect(await page.textContent('#saved-state')).toContain('is saved');
  await page.fill('#entry-num', '2');
  await page.fill('#entry-dial', '3x');
  await page.fill('#entry-sipaddress', 'sip:B@example.test');
  await Promise.all([page.waitForNavigation(), page.click('#entry-submit')]);
  expect(await page.textContent('#entry-dial-error')).toContain('Error: Invalid parameter');
});

test('the Japanese page shows the seed\'s labels (Accept-Language, and the switch)', async () => {
  await r.run(`sip server 1 127.0.0.1:${K} register udp sip:alice@example.test alice secret`);
  const ja = await browser.newPage({ extraHTTPHeaders: { 'Accept-Language': 'ja,en;q=0.5' } });
  try {
    await ja.goto(`${base}/servers`);
    const text = (await ja.textContent('body')) ?? '';
    for (const label of ['インターネット電話設定', 'IP電話サーバ', '接続', '切断', '更新', 'インターネット電話帳']) expect(text).toContain(label);
    await ja.goto(`${base}/prefixes`);
    expect(await ja.textContent('body')).toContain('プレフィックス');
    await ja.screenshot({ path: path.join(SCREENSHOTS, 'japanese-prefixes.png'), fullPage: true });
  } finally {
    await ja.close();
  }
  await page.goto(`${base}/servers?lang=ja`);
  expect(await page.textContent('#update')).toBe('更新');
  await page.goto(`${base}/servers`);
  expect(await page.textContent('#update')).toBe('更新'); // the switch is remembered
});
