import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (infra/setup-system.sh installs it); Playwright never downloads its own browser here. */
export const CHROMIUM = process.env.MWAA_AGENT_CHROMIUM ?? '/usr/bin/chromium';

/** Where screenshots go: test artifacts, git-ignored. */
export const SCREENSHOTS = resolve(new URL('..', import.meta.url).pathname, 'test-results/screenshots');

/**
 * The flags this machine needs: no sandbox (root in CI), no GPU, and no background networking, whose
 * connections to Google's hosts the closed network refuses at every start.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile and a page at a laptop's size (with basic auth when credentials are given). */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Full-page PNG under test-results/screenshots/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(opts: {
  baseURL: string;
  username?: string;
  password?: string;
}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (infra/setup-system.sh with MWAA_AGENT_SETUP_BROWSER=1)`,
    );
  const profile = await mkdtemp(join(tmpdir(), 'mwaa-chromium-'));
  // A persistent context is Playwright's way to give Chromium a fresh --user-data-dir of our own.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    baseURL: opts.baseURL,
    ...(opts.username === undefined
      ? {}
      : { httpCredentials: { username: opts.username, password: opts.password ?? '' } }),
    viewport: { width: 1366, height: 768 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    screenshot: async (name) => {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`uncaught errors in the page: ${errors.join('; ')}`);
    },
  };
}
