// The pictures of docs/web.md: the overview, the leader's one page, an
// indicator page and the entry page, each at the desktop and the 390 px
// phone width, as the demo users see them. scripts/screenshots.sh starts
// the server and runs this; the pictures are the only thing it writes.
//
// Environment: see lib.mjs; PLANMON_SHOTS (the folder, docs/screenshots).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WIDTHS, base, launch, login, newPage } from './lib.mjs';

const out = process.env.PLANMON_SHOTS || 'docs/screenshots';
mkdirSync(out, { recursive: true });

// [file stem, user, path, whole page (else the first screen)]
const PAGES = [
  ['overview', 'planner', '/?unit=110115&year=2023', false],
  ['leader', 'leader', '/leader?unit=110115&year=2023', true],
  ['indicator', 'planner', '/indicator/14?unit=110115&year=2023', false],
  ['entry', 'reporter', '/entry?unit=110115009&year=2024', false],
];

const { browser, close } = await launch();
let failed = 0;
try {
  for (const w of WIDTHS) {
    const pages = {};
    for (const [stem, user, path, whole] of PAGES) {
      if (!pages[user]) {
        pages[user] = await newPage(browser, w);
        if (!(await login(pages[user], user))) throw new Error(`${user} cannot log in`);
      }
      const page = pages[user];
      const res = await page.goto(base + path);
      if (res.status() !== 200) {
        console.log(`FAIL: ${path} → ${res.status()}`);
        failed++;
        continue;
      }
      const file = join(out, `${stem}-${w.name}.png`);
      await page.screenshot({ path: file, fullPage: whole });
      console.log(`wrote ${file}`);
    }
    for (const p of Object.values(pages)) await p.context().close();
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
