/**
 * Debian's Chromium, driven by playwright-core. No browser is ever downloaded: the binary is the
 * one `apt-get install chromium` puts at /usr/bin/chromium (.ci/run installs it when missing).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A page that records every request that is not for a local file (a self-contained report makes none). */
export async function offlinePage(browser: Browser): Promise<{ page: Page; network: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const network: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && r.url() !== 'about:blank') network.push(r.url());
  });
  await page.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  return { page, network };
}
