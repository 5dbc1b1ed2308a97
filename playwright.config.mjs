// @playwright/test for the two browser tiers (see docs/testing.md):
//   webview  test/webview/*.test.ts: the panel bundle (dist/webview.js) served
//            the way the extension host builds it, in headless Chromium;
//   e2e      test/e2e/*.e2e.mjs: the real VS Code workbench (VS Code's server
//            from the offline toolchain) with Sessionscope under development.
// Both use the Chromium that test/support/browser.mjs finds (system, or the
// one inside the @sparticuz/chromium npm package), launched through the
// `browser` fixture of test/support/fixtures.ts: nothing is downloaded.
// No test retries: a Chromium that dies while starting is launched again,
// a failing test stays failed.
import { defineConfig } from '@playwright/test';

const summary = process.env.SESSIONSCOPE_SUMMARY_FILE;

export default defineConfig({
  // One worker: the machines this runs on have two cores, and the e2e tier
  // drives one VS Code window through a sequence of steps.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  outputDir: 'test-results/playwright',
  reporter: [['list'], ...(summary ? [['json', { outputFile: summary }]] : [])],
  projects: [
    {
      name: 'webview',
      testDir: 'test/webview',
      testMatch: '*.test.ts',
      timeout: 60_000,
    },
    {
      name: 'e2e',
      testDir: 'test/e2e',
      testMatch: '*.e2e.mjs',
      timeout: 240_000,
    },
  ],
});
