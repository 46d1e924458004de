import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's chromium (installed by the test setup; no browser download) against a running
// `baton serve` whose address and admin key come from BATON_URL and BATON_KEY (tests/Baton.Ui.Tests starts one).
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  outputDir: 'test-results',
  reporter: [['list']],
  use: {
    baseURL: process.env.BATON_URL ?? 'http://127.0.0.1:7071',
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
