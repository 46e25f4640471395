import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); playwright-core drives it, no browser download. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium on a new, empty profile (user-data-dir) that is deleted afterwards, with downloads allowed. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'ect-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Starts the test's API on a free local port (TestEnv only initialises it) and returns its base URL. */
export async function listenLocally(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** A full-page screenshot under test/screenshots/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Browser-side checks are written as expressions: this project compiles without the DOM library.

/** Form controls in <main> that no label names (a <label for>, a wrapping <label> or aria-label). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('main input, main select, main textarea')]
    .filter((el) => el.type !== 'hidden' && el.labels.length === 0 && !el.getAttribute('aria-label'))
    .map((el) => el.outerHTML.slice(0, 120))`);
}

/** Waits until Chart.js has drawn on canvas #id; returns its labels, series names, first series and pixel width. */
export interface DrawnChart {
  labels: string[];
  series: string[];
  /** The first series' values. */
  values: Array<number | null>;
  width: number;
}

export async function drawnChart(page: Page, id: string): Promise<DrawnChart> {
  const handle = await page.waitForFunction(`(() => {
    const canvas = document.getElementById(${JSON.stringify(id)});
    const chart = canvas && window.Chart && window.Chart.getChart(canvas);
    return chart ? { labels: chart.data.labels, series: chart.data.datasets.map((d) => d.label), values: chart.data.datasets[0].data, width: canvas.width } : null;
  })()`);
  return (await handle.jsonValue()) as DrawnChart;
}

/** The name attribute of the focused element (what a keyboard user is on). */
export function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(`document.activeElement ? document.activeElement.getAttribute('name') : null`);
}
