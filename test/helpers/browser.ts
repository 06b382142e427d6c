/** Debian's Chromium driven by playwright-core, kept off the network; never a browser download. */
import * as fs from 'fs';
import { Browser, chromium } from 'playwright-core';
import { requireTool } from './kamailio';
import { repoPath } from './paths';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = repoPath('test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  requireTool('chromium', 'chromium');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
