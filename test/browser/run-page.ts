/**
 * Serve a built site folder, open it in headless Chromium and wait for the page to report its
 * result on `window[key]` (an object whose `done` turns true). Shared by the front-end browser tests.
 */
import { chromium, type Browser } from 'playwright-core';
import { serveStatic } from './static-server.js';

export const CHROMIUM = '/usr/bin/chromium';

export interface PageRun<T> {
  /** `window[key]` once `done`. */
  readonly result: T;
  /** Uncaught page errors (keeps collecting until close). */
  readonly pageErrors: readonly string[];
  /** Close the browser and the server. */
  close(): Promise<void>;
}

export async function runPage<T>(site: string, key: string, timeoutMs: number): Promise<PageRun<T>> {
  const server = await serveStatic(site);
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server.close();
  };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.url);
    await page.waitForFunction((k) => (window as unknown as Record<string, { done?: boolean } | undefined>)[k]?.done, key, { timeout: timeoutMs });
    const result = (await page.evaluate((k) => (window as unknown as Record<string, unknown>)[k], key)) as T;
    return { result, pageErrors, close };
  } catch (e) {
    await close();
    throw e;
  }
}
