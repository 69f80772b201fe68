// orglife.test.mjs - organisational life (组织生活, issue 6) in the console, in a real browser on the
// 江门市 demo.
//
// On a phone 375 px wide, as the demo's village branch secretary: the branch's compliance in a
// past month in which its theme Party day was not held shows ✗ (the month is found through the
// API, so the test holds whether or not the demo carries meetings); a theme Party day dated in
// that month is recorded through the quick form - too few marked present first, refused at the
// attendance with the quorum rule and its article and nothing saved, then everyone present but
// one on leave, whose reason is asked for - and the meeting page shows the record and its
// minutes as a PDF; whatever else the branch lacked that month is recorded too; back on the
// compliance view the theme Party day is ✓ and the branch compliant, and the calendar lists the
// meeting on its day.
//
// At a desktop size, as the branch's organising member and the city's staff: the compliance
// table with its rule in a tooltip, only those not met, the xlsx export, a meeting held below
// its quorum kept on purpose and marked in the month grid, the way from a township to its
// branch, the city too large to list (413: the summary alone, and its organisations to choose
// from), and English. Screenshots go under test-artifacts/e2e/<size>-orglife/.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, VIEWPORTS, apiGet, launch, loginDemo, readXlsx, shooter, startConsole } from './browser.mjs';

const PHONE = { ...VIEWPORTS.phone, viewport: { width: 375, height: 812 } };

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

const thisMonth = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7); // China Standard Time
function addMonth(month, n) {
	const [y, m] = month.split('-').map(Number);
	const t = y * 12 + m - 1 + n;
	return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
// The branch's compliance in a month, as the API judges it.
async function judged(page, orgId, month) {
	const r = await apiGet(page, `/orgs/${orgId}/compliance?period=${month}`);
	assert.equal(r.status, 200, JSON.stringify(r.body));
	return r.body.items.find((o) => o.org_id === orgId);
}
// The latest ended month in which the branch held no theme Party day as often as it should.
async function shortMonth(page, orgId) {
	for (let i = 1; i <= 36; i++) {
		const month = addMonth(thisMonth(), -i);
		const item = await judged(page, orgId, month);
		if (item.findings.some((f) => f.requirement === 'theme_day' && !f.met))
			return { month, item };
	}
	throw new Error(`branch ${orgId} held its theme Party day every month for three years: no month to record one in`);
}
const lastDay = (month) => new Date(Date.UTC(...month.split('-').map(Number), 0)).toISOString().slice(0, 10);
const meetingsIn = async (page, orgId, month) =>
	(await apiGet(page, `/orgs/${orgId}/meetings?from=${month}-01&to=${lastDay(month)}&limit=500`)).body.items;

async function fillDate(page, id, value) {
	const input = page.locator(`#${id}`);
	await input.fill(value);
	await input.press('Enter');
	await page.keyboard.press('Escape'); // the calendar folds away, uncovering the fields below
}

describe('organisational life on a phone (375 px) as the branch secretary', () => {
	let context, page, shot, branch, month, meetingId;
	const card = () => page.locator(`.orgs > li[data-org="${branch.id}"]`);
	const mark = (requirement) => card().locator(`li[data-requirement="${requirement}"]`);

	before(async () => {
		context = await browser.newContext({ ...PHONE, acceptDownloads: true, locale: 'zh-CN' });
		page = await context.newPage();
		page.setDefaultTimeout(15000);
		shot = shooter('phone-orglife');
	});
	after(async () => context?.close());

	it("logs in as the secretary and finds organisational life on the branch's page", async () => {
		await loginDemo(page, server, 'secretary');
		const me = (await apiGet(page, '/auth/me')).body;
		const role = me.roles.find((r) => r.role === 'secretary');
		branch = (await apiGet(page, `/orgs/${role.org_id}`)).body;
		assert.equal(branch.type, 'branch');
		assert.equal(branch.unit_category, 'village');
		await page.goto(`${server.base}/org/${branch.id}`);
		await page.getByRole('heading', { name: branch.name }).waitFor();
		for (const name of ['组织生活', '组织生活落实情况', '记录会议'])
			await page.getByRole('button', { name, exact: true }).waitFor();
		await shot(page, 'branch');
	});

	it('shows ✗ for the theme Party day in a past month the branch did not hold one', async () => {
		let item;
		({ month, item } = await shortMonth(page, branch.id));
		await page.getByRole('button', { name: '组织生活落实情况', exact: true }).click();
		await page.waitForURL(new RegExp(`/org/${branch.id}/compliance`));
		// the view opens on the last ended month; the month to work in is chosen with the picker
		await page.goto(`${server.base}/org/${branch.id}/compliance?period=${month}`);
		await page.getByRole('heading', { name: `${branch.name} 组织生活落实情况` }).waitFor();
		await mark('theme_day').waitFor();
		assert.match(await mark('theme_day').textContent(), /✗\s*主题党日\s*0\/1/);
		assert.match(await mark('theme_day').textContent(), /第十六条/, 'the rule and its article beside the finding');
		assert.match(await card().textContent(), /未落实/);
		assert.equal(item.met, false);
		assert.match(await page.locator('.state').textContent(), /统计期已结束/);
		// the absences are for the branch's attention, and the wording says nothing is decided here
		const absences = page.locator('section.absences');
		assert.match(await absences.textContent(), /提请支部关注.*系统不作任何认定.*由支部党员大会讨论决定/s);
		await shot(page, 'compliance-short');
	});

	it('refuses a theme Party day with too few present, at the attendance, with the rule, and saves nothing', async () => {
		const before_ = (await meetingsIn(page, branch.id, month)).length;
		await page.getByRole('button', { name: '记录会议', exact: true }).click();
		await page.waitForURL(new RegExp(`/org/${branch.id}/meetings/new`));
		await page.getByRole('heading', { name: `记录会议：${branch.name}` }).waitFor();
		// a branch's kinds; never the group's
		assert.equal(await page.getByRole('checkbox', { name: '党小组会' }).count(), 0);
		await page.getByRole('checkbox', { name: '主题党日' }).check();
		await fillDate(page, 'm-held_on', `${month}-10`);
		await page.locator('#m-place').fill('村党群服务中心');
		await page.locator('#m-recorder').fill('范平');
		assert.ok((await page.locator('#m-chair').inputValue()).length > 0, 'the chair is proposed: the branch secretary');
		await page.locator('#m-agenda').fill('学习党的二十届四中全会精神；为村里老人义务理发');
		await shot(page, 'form');
		// everyone present, then more than half of the voting members marked absent
		await page.getByRole('button', { name: '全部到会' }).click();
		const expected = Number((await page.locator('.counts').textContent()).match(/应到 (\d+) 人/)[1]);
		assert.ok(expected >= 3, `the branch's full members are expected (${expected})`);
		const voters = page.locator('.people .person').filter({ hasNotText: '预备党员' });
		const away = expected - Math.floor(expected / 2);
		for (let i = 0; i < away; i++)
			await voters.nth(i).getByRole('radio', { name: '缺席' }).click();
		assert.match(await page.locator('.quorum').textContent(), new RegExp(`至少 ${Math.floor(expected / 2) + 1} 人；现到会 ${expected - away} 人 — 不足`));
		await page.getByRole('button', { name: '保存' }).click();
		const error = page.locator('#m-attendance-error');
		await error.waitFor();
		assert.match(await error.textContent(), new RegExp(`有表决权的党员到会 ${expected - away} 人，未超过应到 ${expected} 人的 50%.*orglife\\.quorum_percent.*第十一条`));
		await page.locator('.without').getByText(/会议确已召开/).waitFor(); // the way to keep it as it was
		await shot(page, 'quorum-refused');
		assert.equal((await meetingsIn(page, branch.id, month)).length, before_, 'nothing saved by the refusal');
		assert.match(page.url(), /\/meetings\/new/, 'the form stays, with what was typed');
		assert.equal(await page.locator('#m-place').inputValue(), '村党群服务中心');
	});

	it('records it with everyone present but one on leave, whose reason is asked for, and opens the meeting', async () => {
		await page.getByRole('button', { name: '全部到会' }).click();
		assert.equal(await page.locator('#m-attendance-error').count(), 0, 'the refusal is gone once the quorum is there');
		assert.equal(await page.locator('.without').count(), 0);
		const voters = page.locator('.people .person').filter({ hasNotText: '预备党员' });
		const onLeave = voters.nth(1);
		const leaveName = (await onLeave.locator('.name').textContent()).trim();
		await onLeave.getByRole('radio', { name: '请假' }).click();
		await page.getByRole('button', { name: '保存' }).click();
		const reason = onLeave.locator('.el-form-item__error');
		await reason.waitFor();
		assert.match(await reason.textContent(), new RegExp(`请填写 ${leaveName} 的请假原因`));
		await onLeave.getByRole('textbox').fill('外出务工');
		assert.match(await page.locator('.quorum').textContent(), /— 符合/);
		await page.locator('#m-minutes').fill('会议由支部书记主持，传达学习有关精神，开展志愿服务。');
		await shot(page, 'all-present');
		await page.getByRole('button', { name: '保存' }).click();
		await page.waitForURL(/\/meetings\/\d+$/);
		meetingId = Number(page.url().match(/meetings\/(\d+)$/)[1]);
		await page.getByRole('heading', { name: '主题党日' }).waitFor();
		const m = (await apiGet(page, `/meetings/${meetingId}`)).body;
		assert.deepEqual(m.kinds, ['theme_day']);
		assert.equal(m.held_on, `${month}-10`);
		assert.equal(m.present, m.expected - 1);
		assert.equal(m.valid_for_decisions, true);
		assert.deepEqual(m.attendance.filter((a) => a.status === 'leave').map((a) => [a.name, a.reason]), [[leaveName, '外出务工']]);
		assert.equal(await page.locator('[data-field="attendance"]').textContent(), `应到 ${m.expected} 人，实到 ${m.present} 人`);
		assert.match(await page.locator('.att .leave').textContent(), new RegExp(`${leaveName}（外出务工）`));
		await shot(page, 'meeting');
	});

	it('gives the minutes as a PDF', async () => {
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '会议记录（PDF）' }).click()]);
		const file = join(ARTIFACTS, 'phone-orglife', 'minutes.pdf');
		await download.saveAs(file);
		assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
	});

	it('records whatever else the branch lacked that month: the committee meeting, of the committee', async () => {
		const rest = (await judged(page, branch.id, month)).findings.filter((f) => !f.met);
		assert.deepEqual(rest.map((f) => f.requirement).filter((r) => r !== 'committee_meeting'), [],
			'in a month, a branch is judged on its theme Party day and its committee meeting');
		if (!rest.length)
			return;
		await page.goto(`${server.base}/org/${branch.id}/meetings/new`);
		await page.getByRole('checkbox', { name: '支部委员会', exact: true }).check();
		await page.getByText('支部委员会会议：应到人员为支部委员。').waitFor();
		assert.equal(await page.locator('.people .person').count(), branch.committee.length, 'the committee members are expected');
		await fillDate(page, 'm-held_on', `${month}-08`);
		await page.locator('#m-recorder').fill('范平');
		await page.getByRole('button', { name: '全部到会' }).click();
		await page.getByRole('button', { name: '保存' }).click();
		await page.waitForURL(/\/meetings\/\d+$/);
		await page.getByRole('heading', { name: '支部委员会' }).waitFor();
	});

	it('shows the theme Party day ✓ and the branch compliant on the compliance view', async () => {
		await page.goto(`${server.base}/meetings/${meetingId}`);
		await page.getByRole('button', { name: '组织生活落实情况' }).click();
		await page.waitForURL(new RegExp(`/org/${branch.id}/compliance\\?period=${month}`));
		await mark('theme_day').waitFor();
		assert.match(await mark('theme_day').textContent(), /✓\s*主题党日\s*1\/1/);
		assert.match(await card().locator('.org-head').textContent(), /已落实/);
		assert.equal((await judged(page, branch.id, month)).met, true, 'the API agrees: the branch is compliant');
		const summary = page.locator('.summary li[data-requirement="theme_day"]');
		assert.match(await summary.textContent(), /落实 1 \/ 应落实 1/);
		await card().scrollIntoViewIfNeeded();
		await shot(page, 'compliance-met');
		// only those not met: the branch goes, its Party groups (no group meeting that month) stay
		await page.locator('.el-checkbox', { hasText: '只看未落实的' }).click();
		await page.waitForURL(/short=1/);
		assert.equal(await card().count(), 0);
	});

	it('lists the meeting on its day in the calendar, and opens it', async () => {
		await page.goto(`${server.base}/org/${branch.id}/meetings?month=${month}`);
		const [y, m] = month.split('-').map(Number);
		await page.getByRole('heading', { name: `${y}年${m}月` }).waitFor();
		const day = page.locator('.days > li').filter({ hasText: `${m}月10日` });
		await day.waitFor();
		assert.match(await day.textContent(), /主题党日/);
		assert.doesNotMatch(await day.textContent(), /未达法定人数/);
		await shot(page, 'calendar');
		// the month before and back
		await page.getByRole('button', { name: '上月' }).click();
		await page.waitForURL(new RegExp(`month=${addMonth(month, -1)}`));
		await page.getByRole('button', { name: '下月' }).click();
		await page.waitForURL(new RegExp(`month=${month}`));
		await day.getByRole('link', { name: /主题党日/ }).click();
		await page.waitForURL(new RegExp(`/meetings/${meetingId}$`));
		await page.getByRole('heading', { name: '主题党日' }).waitFor();
	});
});

describe('organisational life at a desktop size: the views', () => {
	let context, page, shot, branch, month;
	const row = () => page.locator('.el-table__body tr').filter({ has: page.getByRole('link', { name: branch.name, exact: true }) });

	before(async () => {
		context = await browser.newContext({ ...VIEWPORTS.desktop, acceptDownloads: true, locale: 'zh-CN' });
		page = await context.newPage();
		page.setDefaultTimeout(15000);
		shot = shooter('desktop-orglife');
	});
	after(async () => context?.close());

	it("opens a branch's compliance as its organising member: a ✗ with its rule in a tooltip", async () => {
		await loginDemo(page, server, 'organiser');
		const role = (await apiGet(page, '/auth/me')).body.roles.find((r) => r.role === 'organiser');
		branch = (await apiGet(page, `/orgs/${role.org_id}`)).body;
		({ month } = await shortMonth(page, branch.id));
		await page.goto(`${server.base}/org/${branch.id}/compliance?period=${month}`);
		await row().waitFor();
		const cell = row().locator('[data-requirement="theme_day"]');
		assert.match(await cell.textContent(), /✗\s*0\/1/);
		await cell.hover();
		const tip = page.locator('.el-popper .tip');
		await tip.waitFor();
		assert.match(await tip.textContent(), /主题党日.*未落实.*中国共产党支部工作条例（试行） 第十六条/s);
		await shot(page, 'compliance');
	});

	it('exports the period as xlsx', async () => {
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 xlsx' }).click()]);
		const file = join(ARTIFACTS, 'desktop-orglife', `compliance-${month}.xlsx`);
		await download.saveAs(file);
		const sheets = await readXlsx(file);
		const rows = sheets.flatMap((s) => s.data);
		assert.ok(rows.some((r) => r.includes(branch.name) && r.includes('否 no')), 'the branch, not met, is in the workbook');
	});

	it('keeps a lecture held below its quorum on purpose, marked not valid for decisions in the month grid', async () => {
		await page.goto(`${server.base}/org/${branch.id}/meetings/new?date=${month}-20`);
		await page.getByRole('checkbox', { name: '党课' }).check();
		assert.equal(await page.locator('#m-held_on').inputValue(), `${month}-20`, 'the day from the address');
		await page.locator('#m-recorder').fill('邱南');
		// two of the voting members came
		const people = page.locator('.people .person');
		const voters = people.filter({ hasNotText: '预备党员' });
		const n = await people.count();
		for (let i = 0; i < n; i++)
			await people.nth(i).getByRole('radio', { name: '缺席' }).click();
		await voters.nth(0).getByRole('radio', { name: '到会' }).click();
		await voters.nth(1).getByRole('radio', { name: '到会' }).click();
		await page.getByRole('button', { name: '添加表决事项' }).click();
		await page.locator('#m-res-0').fill('同意推荐一名同志为发展对象');
		await page.locator('#m-res-0-yes').fill('2');
		await page.getByRole('button', { name: '保存' }).click();
		await page.locator('#m-attendance-error').waitFor();
		await page.locator('.without .el-checkbox').click();
		assert.equal(await page.getByRole('checkbox', { name: /会议确已召开/ }).isChecked(), true);
		await shot(page, 'without-quorum');
		await page.getByRole('button', { name: '保存' }).click();
		await page.waitForURL(/\/meetings\/\d+$/);
		await page.getByRole('heading', { name: '党课' }).waitFor();
		await page.getByText('未达法定人数，不具备表决效力').first().waitFor();
		assert.match(await page.locator('.resolutions').textContent(), /未通过.*同意推荐一名同志为发展对象/);
		await shot(page, 'meeting-without-quorum');
		await page.getByRole('button', { name: '组织生活', exact: true }).click();
		await page.waitForURL(new RegExp(`/org/${branch.id}/meetings\\?month=${month}`));
		const chip = page.locator('.grid-month td').filter({ has: page.locator('.date', { hasText: /^20$/ }) }).locator('a.chip');
		await chip.first().waitFor();
		assert.match(await chip.first().textContent(), /党课.*未达法定人数/);
		await shot(page, 'calendar');
	});

	it("logs in as the city's staff", async () => {
		await context.clearCookies();
		await loginDemo(page, server, 'staff');
	});

	it("leads from the township's compliance to the branch's, and filters those not met", async () => {
		await page.goto(`${server.base}/org/${branch.parent_id}/compliance?period=${month}`);
		await page.locator('.summary li').first().waitFor();
		const all = (await apiGet(page, `/orgs/${branch.parent_id}/compliance?period=${month}`)).body;
		const theme = all.summary.find((s) => s.requirement === 'theme_day');
		assert.match(await page.locator('.summary li[data-requirement="theme_day"]').textContent(),
			new RegExp(`落实 ${theme.met} / 应落实 ${theme.applicable}`));
		await page.locator('.el-checkbox', { hasText: '只看未落实的' }).click();
		const short = all.items.filter((o) => !o.met).length;
		assert.match(await page.locator('.page').textContent(), new RegExp(`共 ${all.items.length} 个，其中未全部落实 ${short} 个`));
		await shot(page, 'township');
		await page.locator('.el-checkbox', { hasText: '只看未落实的' }).click();
		await page.locator('.find input').fill(branch.name);
		await row().locator('td').first().click({ position: { x: 5, y: 5 } });
		await page.waitForURL(new RegExp(`/org/${branch.id}/compliance\\?period=${month}`));
		await page.getByRole('heading', { name: `${branch.name} 组织生活落实情况` }).waitFor();
	});

	it("answers the city's compliance, too large to list, with the summary and its organisations to choose", async () => {
		const city = (await apiGet(page, '/auth/me')).body.roles[0].org_id;
		const listed = await apiGet(page, `/orgs/${city}/compliance?period=${month}`);
		assert.equal(listed.status, 413, 'the demo city has more than 5000 branches and groups');
		const whole = await apiGet(page, `/orgs/${city}/compliance/summary?period=${month}`);
		await page.goto(`${server.base}/org/${city}/compliance?period=${month}`);
		await page.getByText(/超过 5000 个，不逐个列出/).waitFor();
		const children = (await apiGet(page, `/orgs/${city}/children?limit=500`)).body.items;
		assert.equal(await page.locator('.too-big li a').count(), children.length);
		if (whole.status === 200) // the whole-tree summary, once the server keeps it
			assert.equal(await page.locator('.summary li').count(), whole.body.requirements.length);
		else
			assert.equal(whole.status, 404);
		assert.equal(await page.getByRole('button', { name: '导出 xlsx' }).count(), 0);
		await shot(page, 'city');
		await page.locator('.too-big li a').first().click();
		await page.waitForURL(new RegExp(`/org/${children[0].id}/compliance\\?period=${month}`));
	});

	it('shows the compliance in English from the switch', async () => {
		await page.goto(`${server.base}/org/${branch.id}/compliance?period=${month}`);
		await row().waitFor();
		await page.getByRole('combobox', { name: '语言' }).selectOption('en');
		await page.getByRole('heading', { name: `Compliance of ${branch.name}` }).waitFor();
		await page.getByRole('heading', { name: "For the branch's attention" }).waitFor();
		assert.match(await page.locator('.el-table__header').first().textContent(), /theme Party day/);
		await shot(page, 'english');
		await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
	});
});
