// The yearly cycle in a real browser (Debian's Chromium, headless, driven by
// playwright-core): the reporter logs in, enters a figure on the data-entry
// page and submits it; the reviewer logs in and approves it; the overview
// shows the change. Screenshots of every step go to $PLANMON_SHOTS.
//
// Environment: PLANMON_URL (http://127.0.0.1:PORT), PLANMON_PW (the demo
// users' password), PLANMON_SHOTS (a folder), CHROMIUM (default
// /usr/bin/chromium). Prints one line per check and exits 1 if any failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.PLANMON_URL;
const password = process.env.PLANMON_PW;
const shots = process.env.PLANMON_SHOTS || 'tests/out/browser';
const UNIT = '110115009'; // 黄村镇, the demo reporter's town
const YEAR = 2024; // the demo has figures up to 2023: this is the new year's collection
const ITEM = 'beds_elderly'; // 养老床位, behind indicator 3 (每千名常住人口养老床位数)
const IND_NAME = '每千名常住人口养老床位数';
const VALUE = '260';

let passed = 0;
let failed = 0;
function check(what, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed++;
    console.log(`FAIL: ${what}${detail ? ` (${detail})` : ''}`);
  }
}

// The flags c.md gives for Chromium as root on these machines; the profile
// is a fresh empty folder, removed at the end.
const profile = mkdtempSync(join(tmpdir(), 'planmon-chromium-'));
mkdirSync(shots, { recursive: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  locale: 'zh-CN',
});
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(15000);
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
// Resources that fail to load are counted by URL (the browser's own
// /favicon.ico probe aside: planmon serves no icon).
page.on('response', (r) => {
  if (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && r.request().resourceType() !== 'document')
    errors.push(`${r.status()} ${r.url()}`);
});
page.on('console', (m) => {
  if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
});

async function shot(name) {
  await page.screenshot({ path: join(shots, name), fullPage: true });
}

async function login(name) {
  await page.goto(`${base}/login`);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForLoadState('load'), page.click('form button[type="submit"]')]);
  await page.waitForLoadState('load');
  check(`${name} logs in`, !page.url().includes('/login'), page.url());
}

async function logout() {
  await page.goto(`${base}/`); // every page of the layout has the logout button
  await Promise.all([page.waitForURL(/\/login/), page.click('form.logout button')]);
  check('logs out', page.url().includes('/login'));
}

// The text of the overview's row for indicator 3 in the town and year.
async function overviewRow(label) {
  await page.goto(`${base}/?unit=${UNIT}&year=${YEAR}`);
  const row = page.locator('table.indicators tr', { hasText: IND_NAME }).first();
  const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
  await row.scrollIntoViewIfNeeded();
  await shot(label);
  return text;
}

try {
  // ---- the reporter --------------------------------------------------------------
  await login('reporter');
  await shot('01-reporter-overview.png');
  check('the overview names the plan', (await page.title()).includes('规划'));
  const before = await overviewRow('02-overview-before.png');
  check('the overview shows indicator 3', before.includes(IND_NAME), before);

  // The pages themselves, never the API in their place: a page that fails
  // fails the test.
  const entry = await page.goto(`${base}/entry?unit=${UNIT}&year=${YEAR}`);
  check('the entry page opens', entry.status() === 200, String(entry.status()));
  const field = page.locator(`input[name="v_${ITEM}"]`);
  check('the entry page has the field', (await field.count()) === 1);
  await field.fill(VALUE);
  await page.fill(`input[name="c_${ITEM}"]`, '新建养老院投入使用（浏览器测试）');
  await shot('03-entry-filled.png');
  await Promise.all([page.waitForLoadState('load'),
    page.click('button[name="action"][value="submit"]')]);
  await page.waitForLoadState('load');
  await shot('04-entry-submitted.png');
  const body = await page.locator('main').innerText();
  check('the entry page accepted the figure', (await page.locator('.msg-ok').count()) === 1 &&
    (await page.locator('.msg-error').count()) === 0, body.slice(0, 300));
  const state = await page.locator('tr', { has: page.locator(`input[name="v_${ITEM}"], td`) })
    .filter({ hasText: '养老床位' }).first().innerText().catch(() => '');
  check('the figure is submitted (已提交)', /已提交/.test(state), state);

  await logout();

  // ---- the reviewer --------------------------------------------------------------
  await login('reviewer');
  const queue = await page.goto(`${base}/review`);
  check('the review page opens', queue.status() === 200, String(queue.status()));
  // The approve form of 黄村镇's group for the year (hidden fields say which).
  const approve = page.locator(`form:has(input[name="action"][value="approve"]):has(input[name="unit"][value="${UNIT}"])`
    + `:has(input[name="year"][value="${YEAR}"]) button[type="submit"]`);
  check('the queue holds 黄村镇’s submitted figures', (await approve.count()) === 1, String(await approve.count()));
  await approve.first().scrollIntoViewIfNeeded();
  await shot('05-review-queue.png');
  await Promise.all([page.waitForLoadState('load'), approve.first().click()]);
  await page.waitForLoadState('load');
  await shot('06-review-approved.png');
  check('approval confirmed', (await page.locator('.msg-ok').count()) === 1 &&
    /审核通过|已审核/.test(await page.locator('main').innerText()));

  // The figure is approved and locked, as the API tells it.
  const api = await page.evaluate(async ([u, y, i]) => {
    const r = await fetch(`/api/v1/values?unit=${u}&year=${y}&item=${i}`);
    return r.json();
  }, [UNIT, YEAR, ITEM]);
  const v = (api.values || []).find((x) => x.unit === UNIT);
  check('the figure is stored', v && String(v.value) === VALUE, JSON.stringify(api).slice(0, 200));
  check('the figure is approved (locked)', v && v.state === 'approved', v && v.state);

  // ---- the overview changed --------------------------------------------------------
  const after = await overviewRow('07-overview-after.png');
  check('the overview changed after approval', after !== before, `${before} | ${after}`);
  check(`the overview shows ${YEAR}'s figure`, after.includes(`${YEAR}年`), after);
  check('no script errors in the pages', errors.length === 0, errors.join('; '));
} catch (e) {
  check('the flow ran to its end', false, String(e && e.stack ? e.stack : e));
  await shot('99-failure.png').catch(() => {});
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`browser flow: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
