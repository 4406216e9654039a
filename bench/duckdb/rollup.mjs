// The DuckDB rival of `make bench` (issue 17): the same figures as the
// SQLite file, exported as CSV by `bench export`, loaded into an in-memory
// DuckDB before any timing, then the roll-ups on request, one round at a
// time, so that bench.c can pair them with its own runs (A B A B).
//
//   node bench/duckdb/rollup.mjs DIR
//
// DIR holds data_value.csv (element_id,unit_id,year,value), org_unit.csv
// (id,parent_id,level) and ratio.csv (code,num,den,factor). Commands, one
// a line on stdin; each answers one line on stdout:
//   two            the bench's two-level roll-up with the ratio indicators
//   all            the roll-up to every level of the tree, with the ratios
//   dump two|all PATH
//                  the same, untimed, the sums written to PATH as CSV
//                  (unit_id,element_id,year,total) for bench.c's check
// A timed answer is "SECONDS SUMS RATIOS": the connection is opened and
// closed inside the timing, every row of both results is fetched (chunks
// of typed arrays), and the counts let bench.c check the work was done.
import { DuckDBInstance } from '@duckdb/node-api';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node rollup.mjs DIR\n');
  process.exit(2);
}

// Two threads: the machine's cores (DuckDB's default is the same).
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });

async function load() {
  const c = await instance.connect();
  const csv = (name, cols) =>
    `read_csv('${join(dir, name)}', header = true, columns = ${cols})`;
  await c.run(`CREATE TABLE data_value AS SELECT * FROM ${csv('data_value.csv',
    "{'element_id': 'BIGINT', 'unit_id': 'BIGINT', 'year': 'INTEGER', 'value': 'DOUBLE'}")}`);
  await c.run(`CREATE TABLE org_unit AS SELECT * FROM ${csv('org_unit.csv',
    "{'id': 'BIGINT', 'parent_id': 'BIGINT', 'level': 'INTEGER'}")}`);
  await c.run(`CREATE TABLE ratio AS SELECT * FROM ${csv('ratio.csv',
    "{'code': 'VARCHAR', 'num': 'BIGINT', 'den': 'BIGINT', 'factor': 'DOUBLE'}")}`);
  const depth = await c.runAndReadAll('SELECT min(level), max(level) FROM org_unit');
  const [minLevel, maxLevel] = depth.getRows()[0].map(Number);
  everyLevel = everyLevelSql(minLevel, maxLevel);
  c.closeSync();
}

// bench.c's rollup_sql, word for word where DuckDB allows: community
// figures summed per town, those per town summed per district.
const twoLevel =
  'CREATE TEMP TABLE rolled AS' +
  ' WITH town AS (' +
  '   SELECT c.parent_id AS unit_id, v.element_id, v.year, sum(v.value) AS total' +
  '   FROM data_value v JOIN org_unit c ON c.id = v.unit_id' +
  '   WHERE c.level = (SELECT max(level) FROM org_unit)' +
  '   GROUP BY c.parent_id, v.element_id, v.year)' +
  ' SELECT unit_id, element_id, year, total FROM town' +
  ' UNION ALL' +
  ' SELECT t.parent_id, s.element_id, s.year, sum(s.total)' +
  ' FROM town s JOIN org_unit t ON t.id = s.unit_id' +
  ' GROUP BY t.parent_id, s.element_id, s.year';

// Every level, level by level (the strong way to write it for DuckDB: each
// level's sums are a GROUP BY of the level below's, as the two-level query
// does, unrolled to the tree's depth, where a recursive CTE joins every
// figure to each of its ancestors). A leaf's subtree sums are its own
// figures ((element, unit, year) is data_value's key), so they are read
// from data_value as they are, through a view, and only the levels above
// are computed and stored: materialising the millions of leaf rows again
// was most of the time. The depth comes from org_unit when the data is
// loaded (see load), before any timing. Statements in order; `rolled` is
// what the ratios and the check read, `dropAll` undoes them.
function everyLevelSql(minLevel, maxLevel) {
  const leaves = 'SELECT v.unit_id, v.element_id, v.year, v.value AS total' +
    ' FROM data_value v JOIN org_unit o ON o.id = v.unit_id' +
    ` WHERE o.level = ${maxLevel}`;
  const stmts = [];
  for (let l = maxLevel - 1; l >= minLevel; l--) {
    const below = l === maxLevel - 1 ? `(${leaves})` : `inner${l + 1}`;
    stmts.push(`CREATE TEMP TABLE inner${l} AS SELECT o.parent_id AS unit_id, s.element_id, s.year, sum(s.total) AS total` +
      ` FROM ${below} s JOIN org_unit o ON o.id = s.unit_id GROUP BY o.parent_id, s.element_id, s.year`);
  }
  const parts = [leaves];
  for (let l = maxLevel - 1; l >= minLevel; l--)
    parts.push(`SELECT unit_id, element_id, year, total FROM inner${l}`);
  stmts.push('CREATE TEMP VIEW rolled AS ' + parts.join(' UNION ALL '));
  const drops = ['DROP VIEW rolled'];
  for (let l = maxLevel - 1; l >= minLevel; l--)
    drops.push(`DROP TABLE inner${l}`);
  return { stmts, drops };
}
let everyLevel;

const ratios =
  'SELECT n.unit_id, n.year, r.code, n.total / d.total * r.factor' +
  ' FROM ratio r JOIN rolled n ON n.element_id = r.num' +
  ' JOIN rolled d ON d.element_id = r.den AND d.unit_id = n.unit_id AND d.year = n.year';

// Reads every row of a result, chunk by chunk, as a program using the
// figures would, but without making a JavaScript object of each value
// (the client's cost, not DuckDB's): the last column's numbers are summed
// from the chunk's own typed array. Returns the rows read.
let sink = 0;
async function consume(result) {
  let rows = 0, acc = 0;
  for (let chunk; (chunk = await result.fetchChunk()) && chunk.rowCount > 0;) {
    const items = chunk.getColumnVector(chunk.columnCount - 1).items;
    for (let i = 0; i < items.length; i++) acc += items[i];
    rows += chunk.rowCount;
  }
  sink += acc; // kept, so the reading cannot be skipped
  return rows;
}

async function round(which, dumpTo) {
  const t0 = process.hrtime.bigint();
  const c = await instance.connect();
  const { stmts, drops } = which === 'all' ? everyLevel : { stmts: [twoLevel], drops: ['DROP TABLE rolled'] };
  for (const sql of stmts)
    await c.run(sql);
  const sums = await consume(await c.run('SELECT unit_id, element_id, year, total FROM rolled'));
  const nratio = await consume(await c.run(ratios));
  if (dumpTo)
    await c.run(`COPY (SELECT * FROM rolled) TO '${dumpTo}' (HEADER false)`);
  for (const sql of drops)
    await c.run(sql);
  c.closeSync();
  const t1 = process.hrtime.bigint();
  return `${Number(t1 - t0) / 1e9} ${sums} ${nratio}`;
}

await load();
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg, path] = line.trim().split(/\s+/);
  let answer;
  if (cmd === 'two' || cmd === 'all')
    answer = await round(cmd);
  else if (cmd === 'dump' && (arg === 'two' || arg === 'all') && path)
    answer = await round(arg, path);
  else
    answer = `error unknown command ${line}`;
  process.stdout.write(answer + '\n');
}
instance.closeSync();
