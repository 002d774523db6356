// The council page of `decreec serve` in real headless Chromium (Debian's, driven by
// puppeteer-core): a clerk fills the form for Guidance 94's worked example, leaves a fact unknown,
// switches language, prints, and decides rosters in JSON Lines and CSV. Screenshots go to
// ARTEFACTS (build/browser/ by default).
//
//   node tests/browser/page_test.mjs DECREEC [ARTEFACTS]
// Exit 77 (skipped) when Chromium or puppeteer-core is absent, with the reason.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const decreec = path.resolve(process.argv[2] || path.join(root, 'build/interpreter/decreec'));
const artefacts = path.resolve(process.argv[3] || path.join(root, 'build/browser'));
const chromium = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

function skip(why) {
  console.log('SKIPPED: ' + why);
  process.exit(77);
}
if (!chromium) skip('no Chromium (apt-get install chromium; ./run.sh test installs it)');
let puppeteer;
try {
  puppeteer = (await import('puppeteer-core')).default;
} catch (e) {
  skip('puppeteer-core is not installed (npm ci --prefix tests/browser; ./run.sh test does it): ' + e.message);
}
fs.mkdirSync(artefacts, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures++;
}

// ---- the server --------------------------------------------------------------------------

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'decree-page-'));
const server = spawn(decreec, ['--lang', 'en', 'serve', '--addr', '127.0.0.1:0', '--no-watch',
  path.join(root, 'decrees/vn/2025/dot1_2025.decree'), path.join(root, 'decrees/vn/2025/dot2_2025.decree')],
{ stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise((resolve, reject) => {
  let seen = '';
  const timer = setTimeout(() => reject(new Error('the server did not start: ' + seen)), 20000);
  server.stderr.on('data', (d) => {
    seen += d;
    const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:[0-9]+)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on('exit', (code) => reject(new Error('the server exited (' + code + '): ' + seen)));
});

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--user-data-dir=' + path.join(work, 'profile')]
});

async function main() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  const offsite = [];
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:') && r.url() !== 'about:srcdoc') offsite.push(r.url()); });

  await page.goto(base + '/', { waitUntil: 'networkidle0' });
  await page.waitForSelector('#record fieldset');
  check(await page.$eval('h1', (e) => e.textContent) === 'Xét điều kiện đặc xá', 'the page opens in Vietnamese');
  check(await page.$eval('html', (e) => e.lang) === 'vi', 'html lang="vi"');
  const rounds = await page.$$eval('#round option', (os) => os.map((o) => o.value));
  check(rounds.join() === 'dot1_2025,dot2_2025', `both rounds offered (${rounds})`);
  await page.select('#round', 'dot2_2025');
  await page.waitForFunction(() => document.querySelector('#round-info').textContent.includes('1244'));

  // The form comes from the schema: its labels are the round's own, in Vietnamese.
  const label = await page.$eval('[data-path="$.security_risk"] .name', (e) => e.textContent);
  check(label === 'ảnh hưởng xấu đến an ninh, trật tự',
    `a field is labelled from the schema, not by its identifier (${JSON.stringify(label)})`);
  const unknownChoice = await page.$('[data-path="$.security_risk"] input[data-choice="unknown"]');
  check(unknownChoice !== null && await unknownChoice.evaluate((e) => e.checked), 'a yes/no fact starts as «Chưa rõ», not «Không»');

  // ---- Guidance 94's worked example, typed in box by box --------------------------------
  const example = JSON.parse(fs.readFileSync(path.join(root, 'examples/cases/guidance94_worked_example.json'), 'utf8'));
  await fill(page, example, '$');
  const held = await page.evaluate(() => window.decreePage.record());
  check(canon(held) === canon(withoutNulls(example)), 'the form holds exactly the worked example');
  if (canon(held) !== canon(withoutNulls(example))) console.log(JSON.stringify(held));

  await press(page, '#decide');
  await page.waitForSelector('#verdict:not([hidden]) #verdict-word[data-verdict]');
  const verdict = await page.$eval('#verdict-word', (e) => [e.dataset.verdict, e.textContent]);
  check(verdict[0] === 'eligible' && verdict[1] === 'Đủ điều kiện', `the worked example: eligible (${verdict})`);
  const b = await page.$eval('#considered tr[data-cite="Điều 3 khoản 1 điểm b"]', (e) => [e.dataset.outcome, e.textContent]).catch(() => null);
  check(b !== null && b[0] === 'holds' && b[1].includes('đạt'), `with Điều 3 khoản 1 điểm b met (${b})`);
  const dossier = await page.$eval('#verdict-text', (e) => e.textContent);
  check(dossier.startsWith('HD94-VIDU-A Nguyễn Văn A: đủ điều kiện') && dossier.includes('Điều 3 khoản 1 điểm b'),
    'the dossier text, in Vietnamese, cites Điều 3 khoản 1 điểm b');
  check(await page.$('#verdict-missing a') === null, 'nothing missing');
  await page.screenshot({ path: path.join(artefacts, 'eligible.png'), fullPage: false });
  await (await page.$('#verdict')).screenshot({ path: path.join(artefacts, 'eligible-verdict.png') });

  // ---- one fact left unknown ------------------------------------------------------------
  await press(page, '[data-path="$.security_risk"] input[data-choice="unknown"]');
  await press(page, '#decide');
  await page.waitForFunction(() => document.querySelector('#verdict-word').dataset.verdict === 'undetermined');
  const links = await page.$$eval('#verdict-missing a', (as) => as.map((a) => a.dataset.missing));
  check(links.join() === '$.security_risk', `undetermined, its missing fact a link (${links})`);
  const row = await page.$eval('#considered tr[data-outcome="unknown"]', (e) => e.dataset.cite).catch(() => null);
  check(row !== null, `the provision that could not be decided is shown undetermined (${row})`);
  await press(page, '#verdict-missing a');
  const focused = await page.evaluate(() => document.activeElement.closest('[data-path]')?.dataset.path);
  check(focused === '$.security_risk', `the link takes the clerk to the box (${focused})`);
  await page.screenshot({ path: path.join(artefacts, 'undetermined-link.png') });

  // «No» is not «unknown»: answered, the case is decided again.
  await press(page, '[data-path="$.security_risk"] input[data-choice="false"]');
  await press(page, '#decide');
  const again = await page.waitForFunction(() => document.querySelector('#verdict-word').dataset.verdict === 'eligible', { timeout: 10000 })
    .then(() => true, () => false);
  check(again && await page.$('#verdict-missing a') === null, 'answered «Không», it is eligible again, nothing missing');

  // A bad value is refused in the form, not sent.
  await page.$eval('[data-path="$.council_meeting_on"] input', (e) => { e.type = 'text'; e.value = '25/07/2025'; });
  await press(page, '#decide');
  const refused = await page.$eval('#form-problems', (e) => e.textContent);
  check(refused.includes('chưa hợp lệ'), `a date not in YYYY-MM-DD is refused with its place (${refused})`);
  await page.$eval('[data-path="$.council_meeting_on"] input', (e) => { e.value = '2025-07-25'; e.type = 'date'; });

  // ---- English, then the print view -----------------------------------------------------
  await press(page, '#lang-en');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Amnesty eligibility');
  await page.waitForFunction(() => document.querySelector('#verdict-word').textContent === 'Eligible');
  const en = await page.$eval('#verdict-text', (e) => e.textContent);
  check(en.includes('eligible') && en.includes('Art. 3'), 'in English: the verdict and its explanation');
  const kept = await page.evaluate(() => window.decreePage.record());
  check(canon(kept) === canon(withoutNulls(example)), 'switching language keeps what was typed');
  await page.emulateMediaType('print');
  const printed = await page.evaluate(() => ({
    form: getComputedStyle(document.querySelector('#record')).display,
    verdict: getComputedStyle(document.querySelector('#verdict')).display,
    head: document.querySelector('#print-head').innerText
  }));
  check(printed.form === 'none' && printed.verdict !== 'none' && printed.head.includes('HD94-VIDU-A'),
    'the print view: the dossier without the form');
  await page.screenshot({ path: path.join(artefacts, 'print.png'), fullPage: true });
  await page.pdf({ path: path.join(artefacts, 'dossier.pdf'), format: 'A4' });
  await page.emulateMediaType('screen');
  await press(page, '#lang-vi');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Xét điều kiện đặc xá');

  // ---- a roster in JSON Lines with a broken line and a blank one ------------------------
  const generated = execFileSync('python3', [path.join(root, 'bench/gen_cases.py'), '--seed', '5', '-n', '60']).toString().trim().split('\n');
  const lines = [...generated.slice(0, 30), '{"id": "GAY", "name": "Dòng hỏng"', '', ...generated.slice(30)];
  const jsonl = path.join(work, 'danh-sach.jsonl');
  fs.writeFileSync(jsonl, lines.join('\n') + '\n');
  await press(page, '#tab-roster');
  await (await page.$('#roster-file')).uploadFile(jsonl);
  await page.waitForFunction(() => !document.querySelector('#roster-go').disabled);
  await press(page, '#roster-go');
  await page.waitForSelector('#roster-accounted');
  const accounted = await page.$eval('#roster-accounted', (e) => [e.dataset.lost, e.textContent]);
  check(accounted[0] === '0', `every line of the roster accounted for (${accounted[1]})`);
  const rows = await page.$$eval('#roster-table tbody tr', (trs) => trs.map((tr) => [Number(tr.dataset.line), tr.cells[3].className]));
  check(rows.length === 61, `61 records, 61 rows (${rows.length})`);
  const broken = rows.find((r) => r[0] === 31);
  check(broken && broken[1] === 'v-error', `the broken line 31 is an error row (${broken})`);
  check(rows.every((r, i) => i === 0 || r[0] > rows[i - 1][0]) && !rows.some((r) => r[0] === 32), 'rows in order, the blank line 32 skipped');
  const counts = await page.$$eval('#roster-counts [data-count]', (ss) => ss.map((s) => [s.dataset.count, s.textContent]));
  const sum = counts.reduce((a, [, text]) => a + Number(text.split(': ')[1]), 0);
  check(sum === 61, `the counts add up to the records (${counts.map((c) => c[1]).join('; ')})`);
  // The CLI on the same file: the same verdicts.
  // (exit 65: the roster holds a broken line)
  const cli = spawnSync(decreec, ['eval', '--format', 'json', path.join(root, 'decrees/vn/2025/dot2_2025.decree'), jsonl],
    { stdio: ['ignore', 'pipe', 'ignore'] }).stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  const words = { eligible: 'v-eligible', not_eligible: 'v-not_eligible', undetermined: 'v-undetermined', error: 'v-error' };
  check(cli.length === rows.length && cli.every((c, i) => c.line === rows[i][0] && words[c.verdict] === rows[i][1]),
    'the page shows the verdicts `decreec eval` gives');
  const report = await page.$eval('#report', (f) => f.srcdoc);
  check(report.includes('<html') && report.includes('danh-sach.jsonl'), 'the impact report, naming the roster');
  const downloads = await page.$$eval('#roster-downloads a', (as) => as.map((a) => a.href.startsWith('blob:')));
  check(downloads.length === 3 && downloads.every(Boolean), 'downloads: JSON Lines, CSV and the report');
  const csvBytes = await page.evaluate(async () => [...new Uint8Array(await (await fetch(document.querySelector('#dl-csv').href)).arrayBuffer())]);
  const csvText = Buffer.from(csvBytes).toString('utf8');
  const csvLines = csvText.trim().split('\r\n');
  check(csvText.startsWith('\ufeffid,name,line,verdict') && csvLines.length === 62, `the CSV download: a byte-order mark, a header and 61 rows (${csvLines.length}, ${JSON.stringify(csvText.slice(0, 30))})`);
  await page.screenshot({ path: path.join(artefacts, 'roster-jsonl.png'), fullPage: true });

  // ---- a roster in CSV, one row with a cell too few -------------------------------------
  const csv = ['id,name,status,sentence.kind,sentence.term.years,security_risk,council_meeting_on',
    'C-1,"Trần Văn B",serving,fixed_term,3,false,2025-07-25',
    'C-2,"Lê Thị C, con",serving,fixed_term,5,,2025-07-25',
    'C-3,thiếu một ô,serving,fixed_term,4,false',
    'C-4,Ngô D,serving,life_imprisonment,,có,2025-07-25'].join('\r\n') + '\r\n';
  const csvFile = path.join(work, 'danh-sach.csv');
  fs.writeFileSync(csvFile, '\ufeff' + csv);
  await (await page.$('#roster-file')).uploadFile(csvFile);
  await page.waitForFunction(() => document.querySelector('#roster-status').textContent.includes('danh-sach.csv'));
  await press(page, '#roster-go');
  await page.waitForFunction(() => document.querySelector('#roster-accounted') && document.querySelector('#roster-counts').textContent.includes('danh-sach.csv'));
  const csvRows = await page.$$eval('#roster-table tbody tr', (trs) => trs.map((tr) => [tr.cells[1].textContent, tr.cells[2].textContent, tr.cells[3].className, tr.cells[4].textContent]));
  check(csvRows.length === 4 && await page.$eval('#roster-accounted', (e) => e.dataset.lost) === '0', `the CSV: 4 rows, all accounted for (${csvRows.length})`);
  check(csvRows[1] && csvRows[1][1] === 'Lê Thị C, con', 'a quoted cell with a comma is one cell');
  check(csvRows[2] && csvRows[2][2] === 'v-error' && csvRows[2][3].includes('6') && csvRows[2][3].includes('7'),
    `the short row is an error that says why (${csvRows[2] && csvRows[2][3]})`);
  check(csvRows[0] && csvRows[0][2] !== 'v-error', `a good row is decided (${csvRows[0]})`);
  await page.screenshot({ path: path.join(artefacts, 'roster-csv.png'), fullPage: true });

  check(offsite.length === 0, `nothing fetched from outside the server (${offsite.slice(0, 3)})`);
  check(problems.length === 0, `no script errors (${problems.slice(0, 3)})`);
}

// Clicks [selector] as a clerk would: scrolled to the middle of the window first, where no
// sticky bar covers it.
async function press(page, selector) {
  const e = await page.waitForSelector(selector, { timeout: 5000 });
  await e.evaluate((x) => x.scrollIntoView({ block: 'center' }));
  await e.click();
}

// Fills the form with [value] at [at] the way a clerk would: clicking, choosing, typing.
async function fill(page, value, at) {
  if (value === null || value === undefined) return;
  const kind = await page.evaluate((p) => {
    const e = document.querySelector(`[data-path="${p}"]`);
    if (!e) return null;
    if (e.tagName === 'FIELDSET') return e.querySelector(':scope > legend [data-list-known]') ? 'list' : 'record';
    if (e.querySelector('.tri')) return 'bool';
    if (e.querySelector('.duration')) return 'duration';
    if (e.querySelector('select')) return 'enum';
    return e.querySelector('input').type;
  }, at);
  if (kind === null) throw new Error('no field for ' + at);
  const sel = `[data-path="${at}"]`;
  switch (kind) {
    case 'record':
      for (const [k, v] of Object.entries(value)) await fill(page, v, at + '.' + k);
      return;
    case 'list':
      await press(page, `${sel} > legend [data-list-known]`);
      for (let i = 0; i < value.length; i++) {
        await press(page, `[data-add="${at}"]`);
        await fill(page, value[i], `${at}[${i}]`);
      }
      return;
    case 'bool':
      await press(page, `${sel} input[data-choice="${value}"]`);
      return;
    case 'enum':
      await page.select(`${sel} select`, value);
      return;
    case 'duration':
      for (const [u, n] of Object.entries(value)) await page.type(`${sel} input[data-unit="${u}"]`, String(n));
      return;
    case 'date':
      // A date box types in the browser's locale; its value is set as a picker would.
      await page.$eval(`${sel} input`, (e, v) => { e.value = v; e.dispatchEvent(new Event('input', { bubbles: true })); }, value);
      return;
    default:
      await page.type(`${sel} input`, String(value));
  }
}

// JSON with the keys of every object sorted: two records compared whatever their key order.
function canon(v) {
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  if (v && typeof v === 'object') return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  return JSON.stringify(v);
}

function withoutNulls(v) {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
    return Object.keys(out).length ? out : null;
  }
  return v;
}

try {
  await main();
} catch (e) {
  check(false, 'the test ran to its end: ' + (e.stack || e));
} finally {
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'all passed' : failures + ' failure(s)');
process.exit(failures === 0 ? 0 : 1);
