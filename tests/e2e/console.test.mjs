// console.test.mjs - the web console in a real browser (Debian's chromium), at a desktop and a
// phone size, on the 江门市 demo: log in with TOTP (first-time enrolment from the QR page, then a
// code), open the tree down to a village branch, see its charts, edit a member and find the
// change in the history, be refused an invalid ID number at the field, export the members to
// xlsx and read the file back, import a CSV (preview with its bad row, then the good rows with
// progress), see the account and its session, switch the language. Each step leaves a screenshot under
// test-artifacts/e2e/<size>/.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { idNumber, totp, TESTER_PASSWORD } from '../api/harness.mjs';
import { ARTIFACTS, VIEWPORTS, apiGet, launch, readXlsx, shooter, startConsole, villageBranch } from './browser.mjs';

let server;
let browser;
before(async () => {
	server = await startConsole();
	browser = await launch();
});
after(async () => {
	await browser?.close();
	await server?.stop();
});

// Chooses an option of the Element Plus select in the form item labelled `label`.
async function choose(page, label, option) {
	const item = page.locator('.el-form-item').filter({ has: page.locator('label', { hasText: label }) }).first();
	await item.locator('.el-select').click();
	await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

async function fillDate(page, id, value) {
	const input = page.locator(`#${id}`);
	await input.fill(value);
	await input.press('Enter');
}

for (const [size, options] of Object.entries(VIEWPORTS)) {
	describe(`the console at ${size} size`, () => {
		const phone = size === 'phone';
		const login = `e2e-${size}`;
		let context, page, shot, secret, place, member;

		before(async () => {
			const added = server.cli('account', 'add', login, '--password', TESTER_PASSWORD, '--role', 'org_staff', '--org', '4407');
			assert.equal(added.status, 0, added.stderr);
			context = await browser.newContext({ ...options, acceptDownloads: true, locale: 'zh-CN' });
			page = await context.newPage();
			page.setDefaultTimeout(15000);
			shot = shooter(size);
		});
		after(async () => context?.close());

		const openTree = async () => {
			if (phone)
				await page.getByRole('button', { name: '打开组织树' }).click();
			return page.getByRole('tree');
		};

		it('logs in: password, then the first-time TOTP enrolment from a QR code', async () => {
			await page.goto(server.base + '/');
			await page.waitForURL(/\/login/);
			await page.locator('#login').fill(login);
			await page.locator('#password').fill(TESTER_PASSWORD);
			await shot(page, 'login');
			await page.getByRole('button', { name: '登录' }).click();
			await page.getByAltText('身份验证器二维码').waitFor();
			secret = (await page.locator('.secret').textContent()).trim();
			assert.match(secret, /^[A-Z2-7]{16,}$/);
			await shot(page, 'enrol-qr');
			await page.locator('#code').fill(totp(secret));
			await page.getByRole('button', { name: '验证' }).click();
			await page.waitForURL(/\/org\/\d+/);
			await page.getByRole('heading', { name: '中共江门市委员会' }).waitFor();
			await shot(page, 'home');
		});

		it('logs out, and in again with a code from the authenticator', async () => {
			await page.getByRole('button', { name: '退出登录' }).click();
			await page.waitForURL(/\/login/);
			await page.locator('#login').fill(login);
			await page.locator('#password').fill(TESTER_PASSWORD);
			await page.getByRole('button', { name: '登录' }).click();
			await page.locator('#code').waitFor();
			await shot(page, 'totp');
			await page.locator('#code').fill(totp(secret, Date.now() / 1000 + 30)); // a code is accepted once
			await page.getByRole('button', { name: '验证' }).click();
			await page.waitForURL(/\/org\/\d+/);
		});

		it('opens the tree down to a village branch', async () => {
			place = await villageBranch(page);
			const tree = await openTree();
			const row = (name) => tree.getByRole('treeitem', { name: new RegExp(`^${name}，`) }).first();
			await row(place.county.name).locator('.caret').click();
			await row(place.town.name).locator('.caret').click();
			await row(place.branch.name).waitFor();
			assert.equal(await row(place.county.name).getAttribute('aria-expanded'), 'true');
			await shot(page, 'tree');
			await row(place.branch.name).click();
			await page.waitForURL(new RegExp(`/org/${place.branch.id}`));
			await page.getByRole('heading', { name: place.branch.name }).waitFor();
			// the breadcrumbs name every level above (their names arrive after the page)
			await page.getByLabel('组织层级').getByText(place.town.name).waitFor();
			await shot(page, 'branch');
		});

		it('moves through the tree with the keyboard', { skip: phone && 'the drawer closes on navigation' }, async () => {
			const tree = page.getByRole('tree');
			await tree.focus();
			await page.keyboard.press('Home');
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/org\/1(\?|$)/);
			await page.keyboard.press('ArrowDown');
			await page.keyboard.press('Enter');
			await page.waitForURL(new RegExp(`/org/(?!1(\\?|$))\\d+`));
			await page.goto(`${server.base}/org/${place.branch.id}`);
		});

		it("shows the branch's statistics as charts, with their numbers and a PNG of each", async () => {
			await page.getByRole('tab', { name: '统计' }).click();
			const cards = page.locator('.chart-card');
			await cards.nth(7).locator('canvas').waitFor();
			assert.equal(await cards.count(), 8);
			const stats = (await apiGet(page, `/orgs/${place.branch.id}/stats`)).body;
			// the age pyramid's table adds up to the branch's members
			const cells = await cards.first().locator('tbody td').allTextContents();
			assert.equal(cells.reduce((s, c) => s + Number(c), 0), stats.members);
			await cards.first().scrollIntoViewIfNeeded();
			await shot(page, 'charts');
			const [download] = await Promise.all([page.waitForEvent('download'), cards.first().getByRole('button', { name: /下载图片/ }).click()]);
			const file = join(ARTIFACTS, size, 'age-pyramid.png');
			await download.saveAs(file);
			assert.deepEqual([...readFileSync(file).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
			// the education table as xlsx: the counts of the chart's own table, labelled in both languages
			const education = cards.nth(1);
			const [sheet] = await Promise.all([page.waitForEvent('download'), education.getByRole('button', { name: /^表格 xlsx/ }).click()]);
			assert.match(sheet.suggestedFilename(), /-by_education\.xlsx$/);
			const book = join(ARTIFACTS, size, 'education.xlsx');
			await sheet.saveAs(book);
			const sheets = await readXlsx(book);
			const rows = sheets.find((x) => /by_education/.test(x.sheet)).data;
			const shown = await education.locator('tbody td').allTextContents();
			assert.deepEqual(rows.slice(1).map((r) => Number(r[2])), shown.map(Number));
			assert.equal(rows[1][1], 'postgraduate');
		});

		it('edits a member and finds the change in the history', async () => {
			await page.goto(`${server.base}/org/${place.branch.id}/members`);
			const first = page.locator('.el-table__body a').first();
			const name = (await first.textContent()).trim();
			await shot(page, 'members');
			await first.click();
			await page.getByRole('heading', { name }).waitFor();
			await page.getByRole('button', { name: '编辑' }).click();
			const job = `村务监督-${size}`;
			await page.locator('#f-job_post').fill(job);
			await page.locator('#f-reason').fill('岗位调整（e2e）');
			await shot(page, 'edit');
			await page.getByRole('button', { name: '保存' }).click();
			await page.waitForURL(/\/member\/\d+$/);
			member = Number(page.url().match(/member\/(\d+)/)[1]);
			const latest = page.locator('.history .el-timeline-item').first();
			await latest.getByText(job).waitFor();
			assert.ok((await latest.textContent()).includes('岗位调整（e2e）'));
			await page.getByRole('heading', { name: '变更记录' }).scrollIntoViewIfNeeded();
			await shot(page, 'history');
		});

		it('shows the refusal of an invalid ID number at its field, and saves nothing', async () => {
			const before_ = (await apiGet(page, `/orgs/${place.branch.id}`)).body.members;
			await page.goto(`${server.base}/org/${place.branch.id}/members/new`);
			await page.locator('#f-name').fill('测试党员');
			await choose(page, '性别', '男');
			await page.locator('#f-id_number').fill('440703198001010010'); // wrong check digit
			await fillDate(page, 'f-birth_date', '1980-01-01');
			await choose(page, '学历', '大学本科');
			await choose(page, '人员类别', '农牧渔民');
			await fillDate(page, 'f-admit_date', '2005-07-01');
			await page.getByRole('button', { name: '保存' }).click();
			const error = page.locator('.el-form-item').filter({ has: page.locator('#f-id_number') }).locator('.el-form-item__error');
			await error.waitFor();
			assert.match(await error.textContent(), /GB 11643/);
			await error.scrollIntoViewIfNeeded();
			await shot(page, 'id-error');
			assert.equal((await apiGet(page, `/orgs/${place.branch.id}`)).body.members, before_);
		});

		it('exports the members to xlsx, and the file opens with every member, masked', async () => {
			await page.goto(`${server.base}/org/${place.branch.id}/members`);
			await page.locator('.el-table__body a').first().waitFor();
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 xlsx' }).click()]);
			assert.match(download.suggestedFilename(), /\.xlsx$/);
			const file = join(ARTIFACTS, size, 'members.xlsx');
			await download.saveAs(file);
			const { rows } = await readXlsx(file).then((sheets) => (Array.isArray(sheets) && sheets[0]?.data ? { rows: sheets[0].data } : { rows: sheets }));
			assert.ok(rows[0].includes('姓名'), rows[0].join(','));
			assert.equal(rows.length - 1, (await apiGet(page, `/orgs/${place.branch.id}`)).body.members);
			const idColumn = rows[0].indexOf('公民身份号码');
			assert.ok(rows.slice(1).every((r) => String(r[idColumn]).includes('*')), 'ID numbers are masked');
			const edited = rows.find((r) => r.includes(`村务监督-${size}`));
			assert.ok(edited, 'the edited member is in the file');
		});

		it('imports a CSV: the preview names the bad row, the good rows are imported', async () => {
			const before_ = (await apiGet(page, `/orgs/${place.branch.id}`)).body.members;
			const birth = phone ? '1991-02-03' : '1990-01-02';
			const head = '所在党组织代码,姓名,性别,公民身份号码,出生日期,民族,学历,人员类别,党员类别,入党日期';
			const row = (name, id) => [place.branch.code, name, 'M', id, birth, '01', 'bachelor', 'farmer', 'full', '2015-07-01'].join(',');
			const csv = [head, row(`导入甲${size}`, idNumber(birth, 'M', '440703')), row(`导入乙${size}`, '440703199001020000'),
				row(`导入丙${size}`, idNumber(birth, 'M', '440703'))].join('\r\n');
			await page.goto(`${server.base}/org/${place.branch.id}/import`);
			await page.locator('#import-file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
			await page.getByRole('button', { name: '预检' }).click();
			await page.getByText('共 3 行：可导入 2 行，有问题 1 行。').waitFor();
			const bad = page.locator('.el-table__body tr').first();
			assert.match(await bad.textContent(), /^3公民身份号码/);
			await shot(page, 'import-preview');
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载问题行/ }).click()]);
			const errors = join(ARTIFACTS, size, 'import-errors.csv');
			await download.saveAs(errors);
			const text = readFileSync(errors, 'utf8');
			assert.ok(text.startsWith('\uFEFF行号 line') && text.includes(`导入乙${size}`), text);
			assert.equal((await apiGet(page, `/orgs/${place.branch.id}`)).body.members, before_, 'the preview stores nothing');
			await page.getByText('跳过有问题的行').click();
			await page.getByRole('button', { name: '导入 2 行' }).click();
			await page.getByText('已保存 2 名党员。').waitFor();
			await shot(page, 'import-done');
			assert.equal((await apiGet(page, `/orgs/${place.branch.id}`)).body.members, before_ + 2);
		});

		it('shows the account: its roles, the password form and this session', async () => {
			await page.getByRole('link', { name: login }).click();
			await page.waitForURL(/\/account$/);
			await page.getByText('组织部门干部').waitFor();
			const sessions = page.locator('.el-table__body tr');
			await sessions.first().waitFor();
			assert.equal(await sessions.count(), 1, 'the session ended by the logout is gone');
			assert.ok((await sessions.first().textContent()).includes('当前会话'));
			await shot(page, 'account');
		});

		it('switches the language to English and back', async () => {
			await page.goto(`${server.base}/org/${place.branch.id}`);
			await page.getByRole('combobox', { name: '语言' }).selectOption('en');
			await page.getByRole('tab', { name: 'Overview' }).waitFor();
			assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
			await shot(page, 'english');
			await page.goto(`${server.base}/member/${member}`);
			await page.getByRole('heading', { name: 'History' }).waitFor();
			await shot(page, 'member-english');
			await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
			await page.getByRole('heading', { name: '变更记录' }).waitFor();
		});
	});
}
