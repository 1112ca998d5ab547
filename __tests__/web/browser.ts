import { mkdirSync } from "node:fs";
import path from "node:path";
import { Browser, BrowserContext, Page, chromium } from "playwright-core";

/**
 * Debian's chromium, driven by playwright-core. Nothing is downloaded: the
 * machine provides the browser (`apt-get install chromium`).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a quiet headless run that only talks to loopback. */
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where screenshots go; the folder is gitignored. */
export const ARTIFACTS = path.join(
  __dirname,
  "..",
  "..",
  "test-artifacts",
  "web",
);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/**
 * A fresh context (own storage) and page. Page errors and failed module
 * loads are collected so a test can assert the page ran cleanly.
 */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1024, height: options.height ?? 900 },
  });
  // Fail a missing element well inside jest's 30 s test timeout.
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Saves a full-page screenshot as test-artifacts/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: path.join(ARTIFACTS, `${name}.png`),
    fullPage: true,
  });
}

/**
 * The fastest of `tries` loads of `url` in `page`: milliseconds from
 * navigation start to the end of the load event. Every load fetches every
 * asset again (the node answers `no-cache` without validators). The best
 * of a few is the page's own cost; the rest is other suites' load on a
 * shared CI machine.
 */
export async function bestLoadTime(
  page: Page,
  url: string,
  tries = 3,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < tries; i++) {
    await page.goto(url, { waitUntil: "load" });
    times.push(
      await page.evaluate(() => {
        const [entry] = performance.getEntriesByType(
          "navigation",
        ) as PerformanceNavigationTiming[];
        return entry.loadEventEnd - entry.startTime;
      }),
    );
  }
  return Math.min(...times);
}

/** The whole number the balance shows, as the page wrote it. */
export async function shownBalance(page: Page): Promise<number> {
  const value = await page.getAttribute("#balance", "data-value");
  return Number(value);
}

/**
 * Reads until the value is `want` (or passes it, when a function), and
 * returns it; fails with the last value seen after `timeoutMs`.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  want: T | ((value: T) => boolean),
  timeoutMs = 3000,
): Promise<T> {
  const matches =
    typeof want === "function"
      ? (want as (value: T) => boolean)
      : (value: T) => value === want;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (matches(value)) return value;
    if (Date.now() > deadline) {
      const wanted =
        typeof want === "function" ? String(want) : JSON.stringify(want);
      throw new Error(
        `still ${JSON.stringify(value)} after ${timeoutMs} ms; wanted ${wanted}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A predicate for `eventually`: the text contains `part`. */
export const contains = (part: string) => (text: string | null) =>
  text?.includes(part) ?? false;
