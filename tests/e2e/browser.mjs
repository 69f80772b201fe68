// browser.mjs - the end-to-end harness: the real server on a real database, the built console,
// and Debian's chromium driven by playwright-core.
//
// startConsole() creates the 江门市 demo database (`jiceng demo`) in a fresh temporary
// directory (or, with { db }, uses that database as it is), serves it with the console (web/dist, built by `make web`) on a free loopback port,
// and answers a handle: base, db, cli(...), stop(). launch() starts chromium headless with the
// flags DEVELOPERS' notes give (CONTRIBUTING.md); VIEWPORTS are the two sizes every flow runs at.
// shooter(dir) answers shot(page, name), which saves numbered screenshots under
// test-artifacts/e2e/<dir>/; villageBranch(page) finds a village branch of the demo to work in;
// loginDemo(page, server, login) logs in one of the demo's accounts (its TOTP from `jiceng otp`).
// The server is bin/jiceng, or the build JICENG_BIN names (tests/api/harness.mjs): copy the
// binary aside when another build may replace it during the run.

import { createRequire } from 'node:module';
import { spawn, execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT_DIR, freePort, runCli } from '../api/harness.mjs';

const require = createRequire(join(ROOT_DIR, 'web/package.json'));
const { chromium } = require('playwright-core');
export const readXlsx = require('read-excel-file/node').default;

export const WEB_ROOT = join(ROOT_DIR, 'web/dist');
export const ARTIFACTS = join(ROOT_DIR, 'test-artifacts/e2e');
export const DEMO_PASSWORD = 'Jiceng-Demo-2026';

export const VIEWPORTS = {
	desktop: { viewport: { width: 1366, height: 850 } },
	phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function chromiumPath() {
	if (process.env.CHROMIUM)
		return process.env.CHROMIUM;
	try {
		return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
	} catch {
		throw new Error('chromium is not installed: run scripts/install-deps.sh (Debian package chromium)');
	}
}

export function launch() {
	return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

export async function startConsole(opts = {}) {
	if (!existsSync(join(WEB_ROOT, 'index.html')))
		throw new Error('web/dist is missing: build the console with `make web`');
	const dir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-'));
	const db = opts.db || join(dir, 'demo.db');
	if (!opts.db)
		execFileSync(BIN, ['demo', '--db', db], { stdio: 'pipe' });
	const port = await freePort();
	const child = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--loops', '2', '--web', WEB_ROOT],
		{ stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (d) => { output += d; });
	child.stderr.on('data', (d) => { output += d; });
	let exited = null;
	const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(); }));
	const base = `http://127.0.0.1:${port}`;
	const h = {
		base, db, dir,
		output: () => output,
		cli: (...args) => runCli(db, ...args),
		async stop() {
			if (!exited) {
				child.kill('SIGTERM');
				await Promise.race([exit, sleep(5000).then(() => child.kill('SIGKILL'))]);
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
	for (const deadline = Date.now() + 10000; ;) {
		if (exited)
			throw new Error(`jiceng serve exited: ${output}`);
		try {
			if ((await fetch(`${base}/api/v1/health`)).status === 200)
				break;
		} catch { /* not yet */ }
		if (Date.now() > deadline) {
			await h.stop();
			throw new Error(`jiceng serve did not start: ${output}`);
		}
		await sleep(50);
	}
	return h;
}

export function shooter(name) {
	const dir = join(ARTIFACTS, name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	let n = 0;
	return async (page, step) => {
		n++;
		await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: false });
	};
}

// GET from the API inside the page, with the page's session.
export function apiGet(page, path) {
	return page.evaluate(async (p) => {
		const r = await fetch(`/api/v1${p}`);
		return { status: r.status, body: await r.json() };
	}, path);
}

/**
 * A village branch of the demo (with at least minFull full members, when given) and the
 * organisations above it, found through the API with the page's session.
 */
export async function villageBranch(page, minFull = 0) {
	const children = async (id) => (await apiGet(page, `/orgs/${id}/children?limit=500`)).body.items;
	const [root] = (await apiGet(page, '/auth/me')).body.roles.map((r) => r.org_id);
	for (const county of (await children(root)).filter((o) => o.has_children))
		for (const town of (await children(county.id)).filter((o) => o.type === 'township_committee'))
			for (const b of await children(town.id))
				if (b.unit_category === 'village' && b.type === 'branch' && b.members > Math.max(0, minFull - 1) &&
				    (!minFull || (await apiGet(page, `/orgs/${b.id}`)).body.full_members >= minFull))
					return { county, town, branch: b };
	throw new Error(`the demo has no village branch${minFull ? ` with ${minFull} full members` : ''}`);
}

/**
 * Logs the page in as one of the demo's accounts (enrolled in TOTP by `jiceng demo`): the
 * password, then the code `jiceng otp LOGIN` gives. Waits until the console has left the login
 * page.
 */
export async function loginDemo(page, server, login) {
	await page.goto(`${server.base}/login`);
	await page.locator('#login').fill(login);
	await page.locator('#password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
	await page.locator('#code').waitFor();
	const otp = server.cli('otp', login);
	if (otp.status !== 0)
		throw new Error(`jiceng otp ${login}: ${otp.stderr}`);
	await page.locator('#code').fill(otp.stdout.trim().split('\n').pop().trim());
	await page.getByRole('button', { name: /^(验证|Verify)$/ }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
