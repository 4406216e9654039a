// The demo's collection round and each role's 待办 in a real browser
// (issue 14's Done-when): 荣华街道's reporter logs in and finds, under the
// overview's title, its round not reported (deadline, 已填 0/3 项, the two
// reminders), follows 去填报 to the entry form, which says the same; the
// district's reviewer finds the figures waiting for it — as many as the
// review page lists — and 荣华街道 overdue; the planner the overdue count,
// one click from the round's page with its 按时报送率 50.0%.
//
// Needs (browser.sh): the demo database with rhreporter, a reporter of
// 荣华街道 (110115007). Environment: see lib.mjs; PLANMON_SHOTS.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WIDTHS, base, check, clickAndWait, launch, login, newPage, overflowX, summary } from './lib.mjs';

const shots = process.env.PLANMON_SHOTS || 'tests/out/browser';
mkdirSync(shots, { recursive: true });
const TITLE = '2023年度养老和社会服务设施数据填报（示例）';

const { browser, close } = await launch();
try {
  for (const w of WIDTHS) {
    const rep = await newPage(browser, w);
    check(`${w.name}: 荣华街道's reporter logs in`, await login(rep, 'rhreporter'));
    await rep.goto(`${base}/`);
    const todo = rep.locator('section.todo');
    check(`${w.name}: the overview shows a 待办`, (await todo.count()) === 1);
    const text = (await todo.innerText()).replace(/\s+/g, '');
    check(`${w.name}: …its round, 已填 0/3 项, the deadline passed, reminded twice`,
      text.includes(`${TITLE}”：荣华街道尚未报送（已填0/3项），已于2024-01-31截止（已逾期），已被催报2次`), text);
    const main = await rep.locator('main').innerText();
    check(`${w.name}: …the word 待办 once, as its heading`, main.split('待办').length === 2,
      `${main.split('待办').length - 1} times`);
    check(`${w.name}: …the heading is a level-2 heading`, (await todo.locator('h2').innerText()) === '待办');
    check(`${w.name}: no sideways scrolling`, (await overflowX(rep)) <= 0);
    await rep.screenshot({ path: join(shots, `todo-reporter-${w.name}.png`), fullPage: false });
    if (w.name === 'desktop') {
      await clickAndWait(rep, todo.getByRole('link', { name: '去填报' }));
      const u = new URL(rep.url());
      check('去填报 opens 荣华街道’s 2023 entry form',
        u.pathname === '/entry' && u.searchParams.get('unit') === '110115007' && u.searchParams.get('year') === '2023',
        rep.url());
      check('…which shows the same 待办',
        (await rep.locator('section.todo').innerText()).replace(/\s+/g, '').includes('荣华街道尚未报送（已填0/3项）'));
    }
    check(`${w.name}: no page errors`, rep.errors.length === 0, rep.errors.join('; '));
    await rep.context().close();
  }

  // ---- the district's reviewer ---------------------------------------------------------------
  const rev = await newPage(browser, WIDTHS[0]);
  check('the reviewer logs in', await login(rev, 'reviewer'));
  await rev.goto(`${base}/`);
  const rtext = (await rev.locator('section.todo').innerText()).replace(/\s+/g, '');
  const m = rtext.match(/(\d+)个单位的(\d+)项数据等待您审核/);
  check('the reviewer’s 待办 counts the figures waiting', !!m, rtext);
  check('…旧宫镇 and 亦庄镇 among them', rtext.includes('旧宫镇3项') && rtext.includes('亦庄镇3项'), rtext);
  check('…and names 荣华街道 overdue', rtext.includes('已于2024-01-31截止，逾期未报：荣华街道'), rtext);
  await rev.screenshot({ path: join(shots, 'todo-reviewer.png'), fullPage: false });
  await clickAndWait(rev, rev.locator('section.todo').getByRole('link', { name: /等待您审核/ }));
  const queue = (await rev.locator('main').innerText()).replace(/\s+/g, '');
  const q = queue.match(/共(\d+)个数据待审核/);
  check('the link opens the review page, which lists as many', new URL(rev.url()).pathname === '/review' &&
    !!q && !!m && q[1] === m[2], `${q && q[1]} vs ${m && m[2]}`);
  check('reviewer: no page errors', rev.errors.length === 0, rev.errors.join('; '));
  await rev.context().close();

  // ---- the planner ----------------------------------------------------------------------------
  const pl = await newPage(browser, WIDTHS[0]);
  check('the planner logs in', await login(pl, 'planner'));
  await pl.goto(`${base}/`);
  const ptext = (await pl.locator('section.todo').innerText()).replace(/\s+/g, '');
  check('the planner’s 待办: one unit overdue', ptext.includes(`${TITLE}”已于2024-01-31截止，1个单位逾期未报`), ptext);
  await clickAndWait(pl, pl.locator('section.todo').getByRole('link', { name: TITLE }));
  check('…one click from the round’s page: 按时报送率 50.0%',
    (await pl.locator('main').innerText()).includes('按时报送率 50.0%'));
  check('planner: no page errors', pl.errors.length === 0, pl.errors.join('; '));
  await pl.context().close();
} catch (e) {
  check('no exception', false, e.stack);
} finally {
  await close();
}
process.exit(summary('todo'));
