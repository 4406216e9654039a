// What the browser scripts share: Debian's Chromium started through
// playwright-core, one context per user (its own cookies), logging in,
// counted checks, and the two widths every page is looked at.
//
// Environment: PLANMON_URL (http://127.0.0.1:PORT), PLANMON_PW (the demo
// users' password), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const base = process.env.PLANMON_URL;
export const password = process.env.PLANMON_PW;

// A desktop and a phone (an iPhone 12–15's CSS width).
export const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

let passed = 0;
let failed = 0;
export function check(what, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed++;
    console.log(`FAIL: ${what}${detail ? ` (${detail})` : ''}`);
  }
  return ok;
}
export function summary(name) {
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

// The flags Chromium needs as root on these machines; no profile is kept.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'planmon-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    env: { ...process.env, HOME: dir },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A fresh context (own cookies) at a width; errors of its pages (script
// errors, failed sub-resources, console errors) are collected in .errors.
export async function newPage(browser, width) {
  const w = width || WIDTHS[0];
  const context = await browser.newContext({
    viewport: { width: w.width, height: w.height },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && r.request().resourceType() !== 'document')
      page.errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.errors.push(m.text());
  });
  return page;
}

// Logs name in through the login form; true when it lands off /login.
export async function login(page, name) {
  await page.goto(`${base}/login`);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form button[type="submit"]')]);
  return !page.url().includes('/login');
}

// Clicks what locator finds and waits for the page it loads.
export async function clickAndWait(page, locator) {
  await Promise.all([page.waitForEvent('load'), locator.click()]);
}

// How much wider than the viewport the page is (0: no horizontal scroll).
export async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
