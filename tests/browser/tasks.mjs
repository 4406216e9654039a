// The four tasks of issue 15, done as the users would do them in the
// browser, through the pages only (a page that fails fails the task):
//   1. a planner reaches the lagging towns of a binding alert in at most
//      two clicks from the overview;
//   2. a leader prints the one-page view (领导一页纸) as exactly one A4 page
//      (Chromium's print to PDF, the page count read from the PDF);
//   3. a reporter on a 390 px phone fixes a field-level error without
//      scrolling;
//   4. a reviewer returns one item with a reason and the reporter sees the
//      reason at that item.
// Each task's clicks go through clickAndWait, which counts them.
//
// Environment: see lib.mjs; PLANMON_SHOTS (a folder for screenshots).
// Prints one line per check; exit 1 if any failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WIDTHS, base, check, launch, login, newPage, overflowX, summary } from './lib.mjs';

const shots = process.env.PLANMON_SHOTS || 'tests/out/browser';
mkdirSync(shots, { recursive: true });
const UNIT = '110115009'; // 黄村镇, the demo reporter's town
const NEW_YEAR = 2025; // the demo has figures up to 2023; flow.mjs enters 2024, the tasks 2025
const LAGGING = new Set(['behind', 'lagging', 'regressing', 'missed']);
const phone = WIDTHS.find((w) => w.name === 'phone');

let clicks = 0;
async function click(page, locator) {
  clicks++;
  await Promise.all([page.waitForEvent('load'), locator.click()]);
}

// Is the element wholly on the screen (no scrolling needed to see it)?
async function onScreen(locator) {
  return locator.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  });
}

// The status of indicator no for a unit and year, as the status API says.
async function statusOf(page, unit, year, no) {
  return page.evaluate(async ([u, y, n]) => {
    const doc = await (await fetch(`/api/v1/status?unit=${u}&year=${y}`)).json();
    const row = doc.indicators.find((x) => x.no === n);
    return row ? row.status : null;
  }, [unit, year, no]);
}

// ---- 1. the planner: overview → alert → the lagging towns ----------------------------
async function plannerTask(browser) {
  const page = await newPage(browser, WIDTHS[0]);
  check('planner logs in', await login(page, 'planner'));
  await page.goto(`${base}/`);
  // Each alert's indicator link (to its lagging towns); the department
  // names in an alert link to the departments' pages.
  const ALERT_LINK = 'section.alerts li a[href$="#lagging"]';
  const alerts = page.locator(ALERT_LINK);
  const n = await alerts.count();
  check('the overview lists binding alerts as links', n > 0, `${n} links`);
  // Every alert leads in one click to its indicator's lagging towns.
  let withTowns = 0;
  for (let k = 0; k < n; k++) {
    await page.goto(`${base}/`);
    clicks = 0;
    const link = page.locator(ALERT_LINK).nth(k);
    const name = (await link.innerText()).trim();
    await click(page, link);
    const url = new URL(page.url());
    const lag = page.locator('#lagging');
    check(`alert “${name}”: ${clicks} click(s) to the list of lagging towns`, clicks <= 2 && (await lag.count()) === 1,
      page.url());
    check(`alert “${name}”: the list is on the screen on arrival`, await onScreen(lag.locator('h2')));
    const towns = lag.locator('li a');
    const m = await towns.count();
    if (m === 0) {
      // No town lags: the section must say why in a sentence.
      check(`alert “${name}”: no lagging town, and the page says why`, (await lag.locator('p').count()) === 1);
      continue;
    }
    withTowns++;
    if (withTowns === 1) await page.screenshot({ path: join(shots, 'task1-lagging-towns.png') });
    // Each town listed does lag, by the status API's own judgment.
    const no = Number(url.pathname.split('/').pop());
    const year = Number(url.searchParams.get('year'));
    for (let t = 0; t < m; t++) {
      const href = new URL(await towns.nth(t).getAttribute('href'), base);
      const code = href.pathname.split('/').pop();
      const st = await statusOf(page, code, year, no);
      check(`alert “${name}”: ${await towns.nth(t).innerText()} lags (${st})`, LAGGING.has(st), st);
    }
  }
  check('at least one alert has lagging towns to show', withTowns > 0);
  check('planner: no script errors', page.errors.length === 0, page.errors.join('; '));
  await page.context().close();
}

// ---- 2. the leader prints the one page ------------------------------------------------
async function leaderTask(browser) {
  const page = await newPage(browser, WIDTHS[0]);
  check('leader logs in', await login(page, 'leader'));
  await page.goto(`${base}/`);
  clicks = 0;
  await click(page, page.locator('nav.main-nav a', { hasText: '一页纸' }));
  check('the one page is one click from the overview', clicks === 1 && new URL(page.url()).pathname === '/leader');
  const text = await page.locator('main').innerText();
  for (const part of ['约束性指标预警', '四大目标进展', '完成度变化最大的 6 项指标', '数据报送'])
    check(`the one page shows ${part}`, text.includes(part));
  await page.screenshot({ path: join(shots, 'task2-leader.png'), fullPage: true });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(join(shots, 'task2-leader.pdf'), pdf);
  // Page objects of the PDF ("/Type /Page", not "/Pages") and the page
  // tree's count; the media box of A4 landscape is 842 × 595 points.
  const raw = pdf.toString('latin1');
  const pages = (raw.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  const count = Number((raw.match(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)/) || raw.match(/\/Count\s+(\d+)/) || [])[1]);
  check('the one page prints as exactly one page', pages === 1 && count === 1, `${pages} page objects, /Count ${count}`);
  const box = (raw.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/) || []).slice(1).map(Number);
  check('…on A4 landscape', box.length === 2 && Math.abs(box[0] - 841.9) < 2 && Math.abs(box[1] - 595.3) < 2,
    box.join(' × '));
  // The phone shows the same page without sideways scrolling.
  await page.setViewportSize({ width: phone.width, height: phone.height });
  await page.reload();
  check('the one page fits a 390 px phone', (await overflowX(page)) <= 0);
  check('leader: no script errors', page.errors.length === 0, page.errors.join('; '));
  await page.context().close();
}

// ---- 3. the reporter fixes a field-level error on a phone ------------------------------
async function reporterTask(browser) {
  const page = await newPage(browser, phone);
  check('reporter logs in (phone)', await login(page, 'reporter'));
  await page.goto(`${base}/entry?unit=${UNIT}&year=${NEW_YEAR}`);
  const field = page.locator('input.value:not([disabled])').first();
  check('the entry form has an open field', (await field.count()) === 1);
  const id = await field.getAttribute('id');
  const label = await field.getAttribute('aria-label');
  // A mistyped figure, sent with the Enter key (the form's first button, 保存草稿).
  await field.fill('12o');
  await Promise.all([page.waitForEvent('load'), field.press('Enter')]);
  const bad = page.locator(`[id="${id}"]`);
  check('the refused save comes back with the field marked invalid', (await bad.getAttribute('aria-invalid')) === 'true');
  const described = await bad.getAttribute('aria-describedby');
  const msg = described ? page.locator(`[id="${described}"]`) : null;
  const msgText = msg && (await msg.count()) ? (await msg.innerText()).trim() : '';
  check('the field names its message (aria-describedby), which says 错误', /错误/.test(msgText), msgText);
  check('the field in error has the focus', await page.evaluate((x) => document.activeElement && document.activeElement.id === x, id));
  check('the field and its message are on the screen without scrolling',
    (await onScreen(bad)) && (msg ? await onScreen(msg) : false));
  check('the summary links to the field', (await page.locator(`section.issues a[href="#${id}"]`).count()) === 1);
  check('the entry page fits the phone', (await overflowX(page)) <= 0);
  await page.screenshot({ path: join(shots, 'task3-field-error-phone.png') });
  // The fix, typed where the focus already is, sent with Enter again.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  const after = page.locator(`[id="${id}"]`);
  check('the corrected figure is saved', (await after.inputValue()) === '12' &&
    (await after.getAttribute('aria-invalid')) === null && (await page.locator('.msg-ok').count()) === 1,
    `${label}: ${await after.inputValue()}`);
  check('reporter: no script errors', page.errors.length === 0, page.errors.join('; '));
  await page.context().close();
}

// ---- 4. the reviewer returns one item; the reporter sees why, at that item ------------
// The review page's per-item return (issue 14: 退回此项 with a reason on each
// row of a unit's submission) and the entry form's 退回原因 at the item.
async function returnTask(browser) {
  const ITEM = 'beds_elderly';
  const REASON = `床位数与民政统计年报不一致，请核对（浏览器测试 ${Date.now()}）`;
  const entryUrl = `${base}/entry?unit=${UNIT}&year=${NEW_YEAR}`;
  const rep = await newPage(browser, WIDTHS[0]);
  check('reporter logs in', await login(rep, 'reporter'));
  await rep.goto(entryUrl);
  await rep.fill(`input[name="v_${ITEM}"]`, '260');
  await click(rep, rep.locator('button[name="action"][value="submit"]'));
  check('the reporter submits the year’s figures', (await rep.locator('.msg-ok').count()) === 1,
    (await rep.locator('main').innerText()).slice(0, 200));

  const rev = await newPage(browser, WIDTHS[0]);
  check('reviewer logs in', await login(rev, 'reviewer'));
  await rev.goto(`${base}/review`);
  const group = rev.locator('section.review-group', { has: rev.locator(`input[name="unit"][value="${UNIT}"]`) })
    .filter({ has: rev.locator(`input[name="year"][value="${NEW_YEAR}"]`) });
  check('the review queue holds the submission', (await group.count()) === 1);
  const form = group.locator('form.item-review', { has: rev.locator(`input[name="item"][value="${ITEM}"]`) });
  const others = await group.locator('form.item-review').count();
  check('each submitted item has its own return form', (await form.count()) === 1 && others >= 2, `${others} forms`);
  await form.locator('input[name="reason"]').fill(REASON);
  await click(rev, form.locator('button[name="action"][value="return"]'));
  check('the reviewer is told the item was returned', (await rev.locator('.msg-ok').count()) === 1,
    (await rev.locator('main').innerText()).slice(0, 200));
  const still = rev.locator('section.review-group', { has: rev.locator(`input[name="unit"][value="${UNIT}"]`) })
    .filter({ has: rev.locator(`input[name="year"][value="${NEW_YEAR}"]`) });
  check('the other items stay in the queue', (await still.locator('form.item-review').count()) === others - 1);
  await rev.screenshot({ path: join(shots, 'task4-review.png'), fullPage: true });

  await rep.goto(entryUrl);
  const row = rep.locator('tr', { has: rep.locator(`input[name="v_${ITEM}"]`) });
  check('the returned item is open again on the entry form', (await row.count()) === 1);
  const why = row.locator('.return-reason');
  const text = (await why.count()) ? await why.innerText() : '';
  check('the reporter sees the reason at that item', text.includes(REASON), text);
  const elsewhere = await rep.locator('tr', { hasText: REASON }).count();
  check('…and at no other item', elsewhere === 1, `${elsewhere} rows`);
  await row.scrollIntoViewIfNeeded();
  await rep.screenshot({ path: join(shots, 'task4-reason-at-item.png') });
  check('reviewer, reporter: no script errors', rep.errors.length + rev.errors.length === 0,
    [...rep.errors, ...rev.errors].join('; '));
  await rep.context().close();
  await rev.context().close();
}

const { browser, close } = await launch();
try {
  await plannerTask(browser);
  await leaderTask(browser);
  await reporterTask(browser);
  await returnTask(browser);
} catch (e) {
  check('the tasks ran to their end', false, String(e && e.stack ? e.stack : e));
} finally {
  await close();
}
process.exit(summary('browser tasks'));
