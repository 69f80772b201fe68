// dues.test.mjs - Party dues (党费, issue 7) in the console, in a real browser on the 江门市 demo.
//
// On a phone 375 px wide, as the demo's village branch secretary: the branch's dues ledger lists
// the member who has paid nothing for six months for the branch's decision (the wording says the
// system decides nothing) and the one who missed two; a payment of the six months is recorded
// from the member's card (the months offered are those within the back-payment limit, the total
// added up as they are ticked, a voluntary part of 1,000 yuan or more said to go to the Central
// Committee) - and the ledger shows the months paid and back-paid, the arrears list no longer
// holds the member, the API agrees; the member's own page shows the months and the payment.
//
// At a desktop size: the ledger as members × months with a legend, a payment recorded from a
// cell of the grid, the yearly statement with its xlsx, the calculator (5,000 yuan -> 50.00 on
// 第二条; a base with three decimals refused in the page), the ledger in English; and the demo's
// member account opening on its own dues. Screenshots go under test-artifacts/e2e/<size>-dues/.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, DEMO_PASSWORD, VIEWPORTS, apiGet, launch, loginDemo, readXlsx, shooter, startConsole } from './browser.mjs';

const PHONE = { ...VIEWPORTS.phone, viewport: { width: 375, height: 812 } };
const thisMonth = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7); // China Standard Time
function addMonth(month, n) {
	const [y, m] = month.split('-').map(Number);
	const t = y * 12 + m - 1 + n;
	return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

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

// The chip of a month in the payment dialog ("2026年5月 · 0.20"), found as a screen reader would.
const monthBox = (dialog, month) => dialog.getByRole('checkbox', { name: new RegExp(`^${Number(month.slice(0, 4))}年${Number(month.slice(5))}月 `) });

async function secretaryBranch(page) {
	const me = (await apiGet(page, '/auth/me')).body;
	const role = me.roles.find((r) => ['secretary', 'organiser'].includes(r.role));
	return (await apiGet(page, `/orgs/${role.org_id}`)).body;
}

describe('dues on a phone (375 px) as the branch secretary', () => {
	let context, page, shot, branch, six, two;

	before(async () => {
		context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
		page = await context.newPage();
		page.setDefaultTimeout(15000);
		shot = shooter('phone-dues');
	});
	after(async () => context?.close());

	it("opens the branch's dues ledger from its page: the six-month arrears listed for the branch's decision", async () => {
		await loginDemo(page, server, 'secretary');
		branch = await secretaryBranch(page);
		await page.goto(`${server.base}/org/${branch.id}`);
		await page.getByRole('heading', { name: branch.name }).waitFor();
		await page.getByRole('button', { name: '党费', exact: true }).click();
		await page.waitForURL(new RegExp(`/org/${branch.id}/dues$`));
		await page.getByRole('heading', { name: `${branch.name} 党费台账` }).waitFor();
		const arrears = (await apiGet(page, `/orgs/${branch.id}/dues/arrears`)).body.items;
		six = arrears.find((a) => a.months === 6);
		two = arrears.find((a) => a.months === 2);
		assert.ok(six && two, `the demo has a member six months unpaid and one two: ${JSON.stringify(arrears)}`);
		assert.equal(six.for_decision, true);
		const section = page.locator('section.arrears');
		assert.match(await section.textContent(), /连续未交党费.*系统不作任何认定.*支部党员大会讨论决定/s);
		const item = section.locator(`li[data-member="${six.member_id}"]`);
		assert.match(await item.textContent(), new RegExp(`${six.name}.*连续 6 个月（${six.since} 至 ${six.through}）.*提请支部党员大会讨论决定`));
		assert.match(await item.textContent(), /中国共产党章程第九条/, 'the rule and its article beside it');
		assert.doesNotMatch(await section.locator(`li[data-member="${two.member_id}"]`).textContent(), /提请/);
		assert.match(await page.locator('[data-summary]').textContent(), /本月已交 \d+ \/ \d+ 人/);
		await shot(page, 'ledger');
	});

	it('records the six months from the member\'s card, the total added up as they are ticked', async () => {
		const card = page.locator(`.people > li[data-member="${six.member_id}"]`);
		await card.scrollIntoViewIfNeeded();
		assert.match(await card.locator('.now').textContent(), /连续 6 个月未交/);
		assert.equal(await card.locator('.strip li.unpaid').count() >= Math.min(6, Number(thisMonth().slice(5)) - 1), true);
		await card.getByRole('button', { name: '记录交纳' }).click();
		const dialog = page.getByRole('dialog', { name: `记录交纳：${six.name}` });
		await dialog.waitFor();
		const months = Array.from({ length: 6 }, (_, i) => addMonth(six.through, -i)).reverse();
		for (const m of months)
			assert.equal(await monthBox(dialog, m).isChecked(), true, `${m} is ticked`);
		assert.equal(await monthBox(dialog, addMonth(six.since, -1)).count(), 0, 'nothing beyond the back-payment limit');
		assert.equal(await monthBox(dialog, thisMonth()).isChecked(), false, 'this month is offered, not ticked');
		const due = six.owing_fen;
		const total = () => dialog.locator('.total').textContent();
		assert.match(await total(), new RegExp(`合计 ${(due / 100).toFixed(2)} 元`));
		await dialog.getByText('补交党费的时间一般不超过 6 个月').waitFor();
		// a voluntary part of 1,000 yuan is said to go to the centre; taken out again
		await dialog.locator('#pay-voluntary').fill('1000');
		await dialog.getByRole('note').filter({ hasText: '全部上缴中央' }).waitFor();
		assert.match(await total(), new RegExp(`合计 ${((due + 100000) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`));
		await dialog.locator('#pay-voluntary').fill('');
		await dialog.getByRole('radiogroup', { name: '交纳方式' }).getByText('网上交纳', { exact: true }).click();
		await dialog.locator('#pay-reference').fill('WX-2026-0001');
		await shot(page, 'pay');
		await dialog.getByRole('button', { name: '记录交纳' }).click();
		await page.getByRole('status').filter({ hasText: `已记录 ${six.name} 交纳` }).waitFor();
		await dialog.waitFor({ state: 'hidden' });
	});

	it('shows the months paid (back-paid) and the member gone from the arrears; the API agrees', async () => {
		const card = page.locator(`.people > li[data-member="${six.member_id}"]`);
		await card.scrollIntoViewIfNeeded();
		await shot(page, 'paid');
		assert.doesNotMatch(await card.locator('.now').textContent(), /连续/);
		assert.equal(await page.locator(`section.arrears li[data-member="${six.member_id}"]`).count(), 0);
		assert.equal(await page.locator(`section.arrears li[data-member="${two.member_id}"]`).count(), 1, 'the other stays');
		const arrears = (await apiGet(page, `/orgs/${branch.id}/dues/arrears`)).body.items;
		assert.ok(!arrears.some((a) => a.member_id === six.member_id));
		const d = (await apiGet(page, `/members/${six.member_id}/dues?year=${six.through.slice(0, 4)}`)).body;
		const last = d.months.find((m) => m.month === six.through);
		assert.deepEqual([last.status, last.back_paid], ['paid', six.through < thisMonth()]);
		const p = d.payments.at(-1);
		assert.deepEqual([p.channel, p.reference, p.dues_fen], ['online', 'WX-2026-0001', six.owing_fen]);
		assert.equal(d.arrears.months, 0);
	});

	it("opens the member's dues: the standard with its rules, the months, the payment", async () => {
		await page.locator(`.people > li[data-member="${six.member_id}"] a.name`).click();
		await page.waitForURL(new RegExp(`/member/${six.member_id}/dues`));
		await page.getByRole('heading', { name: `${six.name} 的党费` }).waitFor();
		assert.match(await page.locator('[data-standard]').textContent(), /每月/);
		const month = page.locator(`li[data-month="${six.through}"]`);
		if (six.through.slice(0, 4) === thisMonth().slice(0, 4)) {
			assert.match(await month.textContent(), /已交/);
			assert.match(await month.textContent(), /补交/);
			assert.match(await page.locator('.payments').first().textContent(), /WX-2026-0001/);
		}
		await shot(page, 'member');
	});
});

describe('dues at a desktop size', () => {
	let context, page, shot, branch;

	before(async () => {
		context = await browser.newContext({ ...VIEWPORTS.desktop, acceptDownloads: true, locale: 'zh-CN' });
		page = await context.newPage();
		page.setDefaultTimeout(15000);
		shot = shooter('desktop-dues');
	});
	after(async () => context?.close());

	it('records a payment from a cell of the grid as the organising member', async () => {
		await loginDemo(page, server, 'organiser');
		branch = await secretaryBranch(page);
		await page.goto(`${server.base}/org/${branch.id}/dues`);
		await page.getByRole('heading', { name: `${branch.name} 党费台账` }).waitFor();
		await page.locator('table.grid-ledger').waitFor();
		assert.match(await page.locator('.legend').textContent(), /✓ 已交.*✗ 未交.*免 免交/s);
		const two = (await apiGet(page, `/orgs/${branch.id}/dues/arrears`)).body.items.find((a) => a.months === 2);
		assert.ok(two, 'the member who missed two months');
		const row = page.locator(`table.grid-ledger tr[data-member="${two.member_id}"]`);
		const exempt = await page.locator('table.grid-ledger td.exempt').count();
		assert.ok(exempt > 0, 'the demo member exempt for hardship shows 免');
		await shot(page, 'grid');
		const month = two.through;
		if (month.slice(0, 4) !== thisMonth().slice(0, 4))
			return; // January: last month is in last year's grid
		await row.getByRole('button', { name: new RegExp(`${two.name} ${month} 未交`) }).click();
		const dialog = page.getByRole('dialog', { name: `记录交纳：${two.name}` });
		await dialog.waitFor();
		assert.equal(await monthBox(dialog, month).isChecked(), true);
		assert.equal(await dialog.getByRole('checkbox', { checked: true }).count(), 1, 'only the month clicked');
		await dialog.getByRole('button', { name: '记录交纳' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await row.locator(`td.paid`).last().waitFor();
		const cells = (await apiGet(page, `/orgs/${branch.id}/dues/ledger`)).body.members.find((m) => m.member_id === two.member_id).cells;
		assert.equal(cells[Number(month.slice(5)) - 1].status, 'paid');
		assert.equal(cells[Number(month.slice(5)) - 2]?.status ?? 'unpaid', 'unpaid', 'the month before is still owed');
		await shot(page, 'grid-paid');
	});

	it("shows last year's statement for the members, and exports it as xlsx", async () => {
		const year = Number(thisMonth().slice(0, 4)) - 1;
		await page.goto(`${server.base}/org/${branch.id}/dues`);
		await page.getByRole('button', { name: '年度党费收支' }).click();
		await page.waitForURL(new RegExp(`/org/${branch.id}/dues/statement`));
		await page.getByRole('button', { name: `‹ ${year}` }).click();
		await page.getByRole('heading', { name: `${branch.name} ${year}年党费收支情况` }).waitFor();
		const st = (await apiGet(page, `/orgs/${branch.id}/dues/statement?year=${year}`)).body;
		const yuan = (f) => (f / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
		assert.match(await page.locator('tr[data-flow="collected"]').textContent(), new RegExp(`收缴党费\\s*\\+${yuan(st.flows.collected_fen)}`));
		assert.match(await page.locator('tr[data-flow="to_centre"]').textContent(), /上缴中央\s*−1,000\.00/);
		assert.match(await page.locator('tr[data-flow="closing"]').textContent(), new RegExp(yuan(st.flows.closing_fen)));
		assert.ok(st.spending.length >= 1 && st.transfers.length >= 1, 'the demo spent and remitted last December');
		assert.match(await page.locator('.list').first().textContent(), /购买党员学习培训教材.*经 .* 会议集体研究/s);
		await shot(page, 'statement');
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 xlsx' }).click()]);
		const file = join(ARTIFACTS, 'desktop-dues', 'statement.xlsx');
		await download.saveAs(file);
		const sheets = await readXlsx(file);
		assert.deepEqual(sheets.map((x) => x.sheet), ['汇总 summary', '收缴 collections', '使用 spending', '上缴下拨 transfers']);
		const rows = sheets[0].data;
		assert.match(String(rows[0][0]), new RegExp(`${year} 年党费收支情况`));
		assert.ok(st.flows.closing_fen >= 0, 'the demo never spends more than it holds');
		const closing = rows.find((r) => String(r[0]).startsWith('年末结余'));
		assert.equal(Math.round(Number(closing[1]) * 100), st.flows.closing_fen);
	});

	it('works out dues with the calculator, rule and article beside the amount; English too', async () => {
		await page.goto(`${server.base}/dues/quote?org=${branch.id}`);
		await page.getByRole('heading', { name: '党费计算器' }).waitFor();
		await page.locator('#quote-base').fill('5000.123');
		await page.getByRole('button', { name: '计算' }).click();
		await page.getByRole('alert').filter({ hasText: '最多两位小数' }).waitFor();
		await page.locator('#quote-base').fill('5000');
		await page.getByRole('button', { name: '计算' }).click();
		await page.locator('[data-amount]').filter({ hasText: '50.00' }).waitFor();
		const result = await page.locator('.result').textContent();
		assert.match(result, /第 2 档，按 1% 交纳/);
		assert.match(result, /dues\.employed\.rate2_bp.*第二条/s);
		assert.match(await page.locator('table.every').textContent(), /离退休党员\s*25\.00/);
		await page.getByRole('radiogroup', { name: '人员类别' }).getByText('离退休党员', { exact: true }).click();
		await page.locator('#quote-base').fill('5000.01');
		await page.getByRole('button', { name: '计算' }).click();
		await page.locator('[data-amount]').filter({ hasText: '50.00' }).waitFor();
		assert.match(await page.locator('.result').textContent(), /第五条/);
		await shot(page, 'quote');
		// the ledger in English
		await page.goto(`${server.base}/org/${branch.id}/dues`);
		await page.locator('table.grid-ledger').waitFor();
		await page.getByRole('combobox', { name: '语言' }).selectOption('en');
		await page.getByRole('heading', { name: `${branch.name}: dues ledger` }).waitFor();
		assert.match(await page.locator('.legend').textContent(), /✓ paid.*✗ unpaid.*免 exempt/s);
		assert.match(await page.locator('table.grid-ledger thead').textContent(), /Name.*Monthly amount.*Paid this year.*Owing/s);
		assert.match(await page.locator('[data-summary]').textContent(), /This month \d+ of \d+ members have paid/);
		await shot(page, 'english');
		await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
	});

	it("opens the member account on its own dues", async () => {
		const c = await browser.newContext({ ...VIEWPORTS.desktop, locale: 'zh-CN' });
		const p = await c.newPage();
		p.setDefaultTimeout(15000);
		try {
			// a member logs in with the password alone (the role asks for no second factor)
			await p.goto(`${server.base}/login`);
			await p.locator('#login').fill('member');
			await p.locator('#password').fill(DEMO_PASSWORD);
			await p.getByRole('button', { name: '登录' }).click();
			await p.waitForURL(/\/dues\/mine$/);
			const me = (await apiGet(p, '/auth/me')).body;
			const d = (await apiGet(p, `/members/${me.member_id}/dues`)).body;
			await p.getByRole('heading', { name: `${d.name} 的党费` }).waitFor();
			assert.equal(await p.locator('li.month').count(), d.months.filter((m) => m.status !== 'not_member').length);
			assert.equal(await p.getByRole('button', { name: '记录交纳' }).count(), 0, 'a member records nothing');
			assert.equal((await apiGet(p, `/orgs/${d.org_id}/dues/ledger`)).status, 403, 'nor reads the branch');
			await p.screenshot({ path: join(ARTIFACTS, 'desktop-dues', 'member-own.png') });
		} finally {
			await c.close();
		}
	});
});
