// bench/web.mjs - the web console's numbers (issue 4), measured in Debian's chromium on loopback:
//   1. the bundle: every file of web/dist, and what the first load fetches, raw and gzipped
//   2. first load of the console on the demo, with an empty cache: the login page, and a logged-in
//      start at the organisation page (tree and heading drawn) - median and worst of RUNS
//   3. a node with 10 000 children (added with `jiceng import orgs`): time until its first rows
//      show, then a scroll to the last child while the browser records every long task (> 50 ms,
//      the page not answering), and how many rows the page holds at most (the virtualised list)
//   4. with NATIONAL=bench/out/national-0.1.db (made by bench/run.sh 0.1): the national root
//      opened the same way, to compare with the county-sized demo
// Usage: node bench/web.mjs   (make bench-web). Not part of `make test`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, startConsole, WEB_ROOT, DEMO_PASSWORD } from '../tests/e2e/browser.mjs';
import { totp, TESTER_PASSWORD } from '../tests/api/harness.mjs';

const RUNS = Number(process.env.RUNS || 10);
let ROOT_CODE = '4407'; // the demo's root (江门市); the national data's root is read from it
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

function bundle() {
	const files = readdirSync(join(WEB_ROOT, 'assets')).map((f) => join('assets', f)).concat(['index.html']);
	const size = (f) => {
		const data = readFileSync(join(WEB_ROOT, f));
		return { raw: data.length, gz: gzipSync(data, { level: 6 }).length };
	};
	const total = files.reduce((s, f) => { const z = size(f); return { raw: s.raw + z.raw, gz: s.gz + z.gz }; }, { raw: 0, gz: 0 });
	const largest = files.filter((f) => f.endsWith('.js')).map((f) => ({ f, ...size(f) })).sort((a, b) => b.raw - a.raw).slice(0, 4);
	return { files: files.length, total, largest };
}

// Logs a new account in through the API and answers its session cookie for a browser context.
async function sessionCookie(h, login) {
	const added = h.cli('account', 'add', login, '--password', TESTER_PASSWORD, '--role', 'org_staff', '--org', ROOT_CODE);
	if (added.status)
		throw new Error(added.stderr);
	const post = (path, body, cookie, csrf) => fetch(h.base + path, { method: 'POST',
		headers: { 'content-type': 'application/json', ...(cookie ? { cookie, 'x-csrf-token': csrf } : {}) }, body: JSON.stringify(body) });
	const r = await post('/api/v1/auth/login', { login, password: TESTER_PASSWORD });
	const cookie = r.headers.get('set-cookie').split(';')[0];
	const { csrf } = await r.json();
	const enrol = await (await fetch(h.base + '/api/v1/auth/enrol', { headers: { cookie } })).json();
	const ok = await post('/api/v1/auth/enrol', { code: totp(enrol.secret) }, cookie, csrf);
	if (ok.status !== 200)
		throw new Error(`enrol: ${ok.status}`);
	const [name, value] = cookie.split('=');
	return { name, value, domain: '127.0.0.1', path: '/' };
}

async function firstLoad(browser, h, cookie, path, ready) {
	const times = [];
	const fetched = [];
	for (let i = 0; i < RUNS; i++) {
		const ctx = await browser.newContext({ viewport: { width: 1366, height: 850 } });
		if (cookie)
			await ctx.addCookies([cookie]);
		const page = await ctx.newPage();
		await page.goto(h.base + path);
		await ready(page);
		// from the start of the navigation to the page drawn, by the page's own clock; and the bytes
		// that crossed the wire (compressed) for the page and everything it fetched
		const m = await page.evaluate(() => ({
			ms: performance.now(),
			bytes: performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
				.reduce((s, e) => s + e.transferSize, 0),
		}));
		times.push(Math.round(m.ms));
		fetched.push(m.bytes);
		await ctx.close();
	}
	return { median: median(times), worst: Math.max(...times), bytes: median(fetched) };
}

const orgReady = async (page) => {
	await page.locator('h1').first().waitFor();
	await page.getByRole('treeitem').nth(1).waitFor();
};

async function bigNode(browser, h, cookie) {
	const n = 10000;
	const lines = ['parent_code,code,name,type,unit_category', `4407,BIG,中共万支部测试委员会,primary_committee,other`];
	for (let i = 0; i < n; i++)
		lines.push(`BIG,BIG-${String(i).padStart(5, '0')},中共万支部测试第${i + 1}支部委员会,branch,other`);
	const csv = join(h.dir, 'big.csv');
	writeFileSync(csv, lines.join('\n') + '\n');
	const t = Date.now();
	const imp = h.cli('import', 'orgs', csv);
	if (imp.status)
		throw new Error(imp.stderr);
	const importMs = Date.now() - t;

	const ctx = await browser.newContext({ viewport: { width: 1366, height: 850 } });
	await ctx.addCookies([cookie]);
	const page = await ctx.newPage();
	await page.goto(h.base + '/org/1');
	await orgReady(page);
	await page.evaluate(() => {
		window.__long = [];
		new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
	});
	const row = page.getByRole('treeitem', { name: /^中共万支部测试委员会，/ });
	await row.scrollIntoViewIfNeeded();
	const t0 = Date.now();
	await row.locator('.caret').click();
	await page.getByRole('treeitem', { name: /^中共万支部测试第1支部委员会，/ }).waitFor();
	const firstRows = Date.now() - t0;
	// scroll to the end, a screen at a time, as a person dragging the bar would, until the last child shows
	const t1 = Date.now();
	let maxRows = 0;
	for (;;) {
		const state = await page.evaluate(() => {
			const v = document.querySelector('[role=tree]');
			v.scrollTop += v.clientHeight * 3;
			return { rows: v.querySelectorAll('[role=treeitem]').length, end: v.scrollTop + v.clientHeight >= v.scrollHeight - 2 };
		});
		maxRows = Math.max(maxRows, state.rows);
		if (await page.getByRole('treeitem', { name: /^中共万支部测试第10000支部委员会，/ }).count())
			break;
		if (Date.now() - t1 > 120000)
			throw new Error('the last child did not show within 120 s');
		await page.waitForTimeout(state.end ? 50 : 16);
	}
	const allRows = Date.now() - t1;
	const long = await page.evaluate(() => window.__long);
	await ctx.close();
	return { importMs, firstRows, allRows, maxRows, longTasks: long.length, longest: long.length ? Math.max(...long) : 0 };
}

const b = bundle();
console.log(`## web console benchmarks (${new Date().toISOString().slice(0, 10)}, chromium headless, loopback)\n`);
console.log(`bundle: ${b.files} files, ${kb(b.total.raw)} (${kb(b.total.gz)} gzipped); largest chunks: ${b.largest.map((x) => `${x.f} ${kb(x.raw)}/${kb(x.gz)} gz`).join(', ')}`);

const browser = await launch();
const demo = await startConsole();
try {
	const cookie = await sessionCookie(demo, 'bench');
	const login = await firstLoad(browser, demo, null, '/login', (p) => p.locator('#password').waitFor());
	console.log(`first load, login page (empty cache): median ${login.median} ms, worst ${login.worst} ms, ${kb(login.bytes)} transferred (target < 1000 ms)`);
	const org = await firstLoad(browser, demo, cookie, '/org/1', orgReady);
	console.log(`first load, logged in at the city's organisation page with its tree: median ${org.median} ms, worst ${org.worst} ms, ${kb(org.bytes)} transferred (target < 1000 ms)`);
	const big = await bigNode(browser, demo, cookie);
	console.log(`node with 10 000 children (imported in ${big.importMs} ms): first rows after ${big.firstRows} ms; scrolled to the last child in ${big.allRows} ms; at most ${big.maxRows} rows in the page; ${big.longTasks} long tasks, longest ${big.longest.toFixed(0)} ms`);
} finally {
	await demo.stop();
}
if (process.env.NATIONAL) {
	statSync(process.env.NATIONAL);
	const nat = await startConsole({ db: process.env.NATIONAL });
	try {
		ROOT_CODE = execFileSync('sqlite3', [process.env.NATIONAL, 'SELECT code FROM org WHERE parent_id IS NULL'], { encoding: 'utf8' }).trim();
		const cookie = await sessionCookie(nat, `bench${process.pid}`);
		const org = await firstLoad(browser, nat, cookie, '/org/1', orgReady);
		console.log(`first load at the national root (${process.env.NATIONAL}): median ${org.median} ms, worst ${org.worst} ms`);
	} finally {
		await nat.stop();
	}
}
await browser.close();
