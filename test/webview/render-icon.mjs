// Renders media/icon.svg to media/icon.png (128x128, transparent corners)
// with the same headless Chromium the tests use. Run: node test/webview/render-icon.mjs
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchBrowser } from '../support/browser.mjs';

const root = resolve(import.meta.dirname, '../..');
const svg = readFileSync(resolve(root, 'media/icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: resolve(root, 'media/icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
