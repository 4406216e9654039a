// Two review levels in the browser (issue 14's Done-when): 西红门镇's
// reporter submits three figures and uploads the stamped 报表 scan; the
// town's reviewer (第 1 级 街镇审核) returns one item with a reason; the
// reporter sees the reason at that item on the entry form, replies there
// and resubmits; the town's reviewer sees the reply and approves, which
// passes the figures on (still submitted); the district's reviewer
// (第 2 级 区业务科室审核) downloads the scan — byte-identical to what was
// uploaded — and approves, which locks them.
//
// Needs (browser.sh): review levels 街镇审核:1 区业务科室审核:0, users
// treporter (reporter) and treviewer (reviewer) of 西红门镇, the demo's
// reviewer of the district. Environment: see lib.mjs; PLANMON_SHOTS.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WIDTHS, base, check, clickAndWait, launch, login, newPage, summary } from './lib.mjs';

const shots = process.env.PLANMON_SHOTS || 'tests/out/browser';
mkdirSync(shots, { recursive: true });
const UNIT = '110115010'; // 西红门镇: no other browser script enters its figures
const YEAR = 2025;
const ITEMS = ['beds_elderly', 'caregivers', 'beds_institution'];
const RETURNED = 'caregivers';
const REASON = `护理员人数与台账不一致，请核对（两级审核 ${Date.now()}）`;
const REPLY = '已与台账逐人核对，数据无误';
// A small but real PDF: the scan as a town would upload it.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n' +
  '盖章扫描件 ' + 'x'.repeat(3000) + '\n', 'utf8');

// The unit's figures of a year as the values API gives them: item → row.
async function figures(page, year) {
  const doc = await page.evaluate(async ([u, y]) => (await fetch(`/api/v1/values?unit=${u}&year=${y}`)).json(),
    [UNIT, year]);
  const out = {};
  for (const v of doc.values || []) if (v.unit === UNIT) out[v.item] = v;
  return out;
}

// The review page's group of the unit's submission.
function groupOf(page) {
  return page.locator('section.review-group', { has: page.locator(`input[name="unit"][value="${UNIT}"]`) })
    .filter({ has: page.locator(`input[name="year"][value="${YEAR}"]`) });
}

const { browser, close } = await launch();
const entryUrl = `${base}/entry?unit=${UNIT}&year=${YEAR}`;
try {
  // ---- the reporter submits and uploads the scan ----------------------------------------------
  const rep = await newPage(browser, WIDTHS[0]);
  check('the town’s reporter logs in', await login(rep, 'treporter'));
  const last = await figures(rep, 2023);
  check('2023 figures to start from', ITEMS.every((i) => last[i] && last[i].value !== null), JSON.stringify(last));
  await rep.goto(entryUrl);
  for (const i of ITEMS) await rep.fill(`input[name="v_${i}"]`, String(last[i].value));
  await clickAndWait(rep, rep.locator('button[name="action"][value="submit"]'));
  check('the reporter submits', (await rep.locator('.msg-ok').count()) === 1,
    (await rep.locator('main').innerText()).slice(0, 300));
  await rep.selectOption('section.attachments select[name="kind"]', 'scan');
  await rep.setInputFiles('section.attachments input[type="file"]',
    { name: '西红门镇2025年盖章报表.pdf', mimeType: 'application/pdf', buffer: PDF });
  await clickAndWait(rep, rep.locator('section.attachments button[type="submit"]'));
  await rep.goto(entryUrl);
  check('the scan is listed on the entry page',
    (await rep.locator('section.attachments a', { hasText: '西红门镇2025年盖章报表.pdf' }).count()) === 1);

  // ---- 第 1 级: the town's reviewer returns one item ------------------------------------------
  const trv = await newPage(browser, WIDTHS[0]);
  check('the town’s reviewer logs in', await login(trv, 'treviewer'));
  await trv.goto(`${base}/review`);
  let group = groupOf(trv);
  check('the submission waits at 第 1 级 街镇审核', (await group.count()) === 1 &&
    (await group.locator('h2').first().innerText()).includes('待第 1 级“街镇审核”'));
  check('the reviewer is told where it stands', (await trv.locator('p.review-level').innerText()).includes('街镇审核 → 区业务科室审核'));
  const form = group.locator('form.item-review', { has: trv.locator(`input[name="item"][value="${RETURNED}"]`) });
  await form.locator('input[name="reason"]').fill(REASON);
  await clickAndWait(trv, form.locator('button[name="action"][value="return"]'));
  check('the item is returned', (await trv.locator('.msg-ok').count()) === 1);

  // ---- the reporter sees why at the item, replies, resubmits --------------------------------
  await rep.goto(entryUrl);
  const row = rep.locator('tr', { has: rep.locator(`input[name="v_${RETURNED}"]`) });
  const why = row.locator('.return-reason');
  check('the reason is shown at the returned item on the entry form',
    (await why.count()) === 1 && (await why.innerText()).includes(REASON));
  await rep.screenshot({ path: join(shots, 'levels-reason-at-item.png') });
  await row.locator(`[name="n_${RETURNED}"]`).fill(REPLY);
  await clickAndWait(rep, rep.locator('button[name="action"][value="submit"]'));
  check('the reporter replies and resubmits', (await rep.locator('.msg-ok').count()) === 1,
    (await rep.locator('main').innerText()).slice(0, 300));

  // ---- 第 1 级 approves: passed on, still submitted -------------------------------------------
  await trv.goto(`${base}/review`);
  group = groupOf(trv);
  check('the town’s reviewer sees the reply in the item’s thread', (await group.innerText()).includes(REPLY));
  await clickAndWait(trv, group.locator('.review-actions button', { hasText: '审核通过' }));
  check('the approval passes the figures on to 区业务科室审核',
    (await trv.locator('.msg-ok').innerText()).includes('转“区业务科室审核”'));
  let now = await figures(trv, YEAR);
  check('after the first level the figures are still submitted (not locked)',
    ITEMS.every((i) => now[i] && now[i].state === 'submitted'), JSON.stringify(now));

  // ---- 第 2 级: the district's reviewer downloads the scan and approves ----------------------
  const drv = await newPage(browser, WIDTHS[0]);
  check('the district’s reviewer logs in', await login(drv, 'reviewer'));
  await drv.goto(`${base}/review`);
  group = groupOf(drv);
  check('the submission waits at 第 2 级 区业务科室审核', (await group.count()) === 1 &&
    (await group.locator('h2').first().innerText()).includes('待第 2 级“区业务科室审核”'));
  await drv.screenshot({ path: join(shots, 'levels-district-queue.png'), fullPage: true });
  const link = group.locator('section.attachments a', { hasText: '西红门镇2025年盖章报表.pdf' });
  const [download] = await Promise.all([drv.waitForEvent('download'), link.click()]);
  const got = readFileSync(await download.path());
  check('the scan downloads byte-identical', Buffer.compare(got, PDF) === 0, `${got.length} bytes, sent ${PDF.length}`);
  await clickAndWait(drv, group.locator('.review-actions button', { hasText: '审核通过' }));
  check('the district’s reviewer approves', (await drv.locator('.msg-ok').count()) === 1);
  now = await figures(drv, YEAR);
  check('after the last level the figures are approved (locked)',
    ITEMS.every((i) => now[i] && now[i].state === 'approved'), JSON.stringify(now));
  check('no script errors', rep.errors.length + trv.errors.length + drv.errors.length === 0,
    [...rep.errors, ...trv.errors, ...drv.errors].join('; '));
} catch (e) {
  check('the two-level review ran to its end', false, String(e && e.stack ? e.stack : e));
} finally {
  await close();
}
process.exit(summary('browser levels'));
