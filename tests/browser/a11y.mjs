// Accessibility and phone fit of every page for every role: axe-core
// (tests/browser/package-lock.json pins it) runs on each page a role can
// open, at a desktop width and at a 390 px phone, with the WCAG 2.0/2.1
// A and AA rules; any serious or critical violation fails, and so does a
// page that scrolls sideways on the phone or answers other than 200.
//
// Environment: see lib.mjs; PLANMON_A11Y_ONLY=role limits the run to one
// role (when fixing). Prints one line per check; exit 1 if any failed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WIDTHS, base, check, launch, login, newPage, overflowX, summary } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const UNIT = '110115009'; // 黄村镇, the demo reporter's town
const DISTRICT = '110115';
const YEAR = 2023; // the demo's last year with figures

// The pages each role works in (its navigation and the pages they lead
// to), for the unit it lands on.
const read = (unit) => ['/', `/?unit=${unit}&year=${YEAR}`, `/?unit=${unit}&year=${YEAR}&show=${encodeURIComponent('明显滞后')}`,
  `/leader?unit=${unit}&year=${YEAR}`, `/indicator/14?unit=${unit}&year=${YEAR}`, `/indicator/3?unit=${UNIT}&year=${YEAR}`,
  `/unit/${UNIT}?year=${YEAR}`, `/history?unit=${UNIT}`,
  // Key tasks (issue 13): RW03 and XM03 are the reporter's town's, so every role may open them.
  '/tasks', `/tasks?state=${encodeURIComponent('进度滞后')}`, '/tasks/RW03', '/tasks/XM03', '/depts', '/depts/ylfw', '/narratives'];
const ROLES = [
  { user: 'leader', pages: read(DISTRICT) },
  { user: 'planner', pages: [...read(DISTRICT), `/unit/${DISTRICT}?year=${YEAR}`,
    // Adding and editing tasks and projects (issue 13): the forms, a project's with its milestone rows.
    '/tasks/new', '/tasks/XM03/edit', '/tasks/RW03/edit'] },
  { user: 'reviewer', pages: [...read(DISTRICT), `/entry?unit=${UNIT}&year=${YEAR}`, '/review'] },
  { user: 'reporter', pages: [...read(UNIT), `/entry?unit=${UNIT}&year=${YEAR + 1}`, `/entry?unit=${UNIT}&year=${YEAR + 2}`,
    `/entry/print?unit=${UNIT}&year=${YEAR}`] },
  // A department's member: its project's milestone form (definition as text, 已完成 and 完成日期 inputs).
  { user: 'ylmember', pages: ['/tasks', '/tasks/XM03', '/tasks/XM03/edit'] },
  { user: 'admin', pages: [...read(DISTRICT), `/entry?unit=${DISTRICT}&year=${YEAR}`, '/review', '/users', '/audit'] },
];
const only = process.env.PLANMON_A11Y_ONLY;

async function axe(page) {
  // Evaluated through the DevTools protocol: the pages' Content-Security-
  // Policy (no inline script) stays in force for the pages themselves.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return res.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join('')}`),
    }));
  });
}

// The pages a role's navigation offers (the route table's nav labels, so
// a page added later is scanned without naming it here), and the first
// page each of them links to under its own path (/rounds → /rounds/ID).
async function discover(page) {
  await page.goto(`${base}/`);
  const nav = await page.$$eval('nav.main-nav a', (as) => as.map((a) => a.getAttribute('href')));
  const found = [...nav];
  for (const top of nav) {
    if (top === '/') continue;
    await page.goto(base + top);
    const sub = await page.$$eval('main a[href]', (as, t) => as.map((a) => a.getAttribute('href'))
      .filter((h) => h.startsWith(`${t}/`) && !/\.(xlsx|csv|pdf|docx)(\?|$)/.test(h)), top);
    if (sub.length) found.push(sub[0]);
  }
  return found;
}

async function scan(page, where, wname) {
  const bad = (await axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  scans++;
  check(`${where}: no serious or critical axe violation`, bad.length === 0,
    bad.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 4).join(' | ')}`).join('; '));
  if (wname === 'phone') {
    const over = await overflowX(page);
    check(`${where}: no horizontal scrolling`, over <= 0, `${over} px wider than the screen`);
  }
}

async function scanRole(browser, role) {
  // One login per role: the second width reuses its cookie.
  const page = await newPage(browser, WIDTHS[0]);
  check(`${role.user} logs in`, await login(page, role.user));
  const pages = [...new Set([...role.pages, ...(await discover(page))])];
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w.width, height: w.height });
    for (const path of pages) {
      const res = await page.goto(base + path);
      const where = `${role.user} ${w.name} ${path}`;
      if (!check(`${where}: 200`, res.status() === 200, String(res.status()))) continue;
      await scan(page, where, w.name);
    }
  }
  check(`${role.user}: no script errors`, page.errors.length === 0, page.errors.join('; '));
  await page.context().close();
}

const { browser, close } = await launch();
let scans = 0;
try {
  // Nobody logged in: the login page.
  const anon = await newPage(browser, WIDTHS[0]);
  for (const w of WIDTHS) {
    await anon.setViewportSize({ width: w.width, height: w.height });
    await anon.goto(`${base}/login`);
    await scan(anon, `anonymous ${w.name} /login`, w.name);
  }
  await anon.context().close();
  // Two roles at a time (the test machine has two cores).
  const queue = ROLES.filter((r) => !only || r.user === only);
  const worker = async () => {
    for (let role = queue.shift(); role; role = queue.shift()) await scanRole(browser, role);
  };
  await Promise.all([worker(), worker()]);
} catch (e) {
  check('the scan ran to its end', false, String(e && e.stack ? e.stack : e));
} finally {
  await close();
}
console.log(`axe scans: ${scans}`);
process.exit(summary('browser a11y'));
