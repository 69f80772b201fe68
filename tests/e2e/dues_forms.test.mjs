// dues_forms.test.mjs - the console's forms of Party dues (党费, issue 7) beyond a payment, in a real
// browser on the 江门市 demo.
//
// On a phone 375 px wide, as the demo's village branch secretary: from the branch's ledger, the
// monthly amounts of next year are fixed for two members (a base that is not a sum in yuan is
// refused in the page; the amounts the server worked out are shown), and a second fix of the
// same year is refused at the member's row with its rule, nothing saved for the other member of
// the request; on members' dues pages a change of standard from next month (a month more than a
// year ahead refused at the month), a reason for a month not paid (refused without the reason),
// the reversal of a payment (refused without the reason) and a hardship exemption decided at the
// branch's committee meeting (a "reduction" not below the standard refused at the amount); on the
// yearly statement a spending on a meeting's decision and a remittance to the township, each
// refused first at the amount for more than the branch holds, with the rule and its article;
// and the balance of the books kept before taken over once (refused without its source).
// At a desktop size, as the city's organisation-department staff: the township's page leads to
// the reductions to approve; a day before the branch's meeting is refused at the day; the
// exemption is approved and the member's month is exempt.
//
// Every success is checked against the API afterwards, every refusal at its field with the dues
// tables unchanged (read with sqlite3). Screenshots go under test-artifacts/e2e/<size>-dues-forms/.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { VIEWPORTS, apiGet, launch, loginDemo, shooter, startConsole } from './browser.mjs';

const PHONE = { ...VIEWPORTS.phone, viewport: { width: 375, height: 812 } };
const TODAY = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10); // China Standard Time
const NOW = TODAY.slice(0, 7);
const YEAR = Number(TODAY.slice(0, 4));
function addMonth(month, n) {
	const [y, m] = month.split('-').map(Number);
	const t = y * 12 + m - 1 + n;
	return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
const yuan = (fen) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

const sql = (q) => execFileSync('sqlite3', ['-readonly', server.db, q], { encoding: 'utf8' }).trim();
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));
// The rows of the dues tables a refusal must leave as they were.
const TABLES = ['dues_standard', 'dues_excuse', 'dues_payment', 'dues_reduction', 'dues_reduction_decision', 'dues_spending', 'dues_transfer'];
const snapshot = () => Object.fromEntries(TABLES.map((t) => [t, count(t)]));

// The error shown under the form item of the open dialog that holds `inside` (a locator of the
// page: it is matched within each form item).
const fieldError = (dialog, inside) => dialog.locator('.el-form-item').filter({ has: inside }).locator('.el-form-item__error');
// The tick box of a member's row in the standards form (Element Plus hides the input itself).
const rowBox = (dialog, m) => dialog.getByRole('checkbox', { name: `核定 ${m.name}` });
const tickRow = (dialog, m) => dialog.locator(`li[data-member="${m.member_id}"] .el-checkbox`).click();
async function fillDate(locator, value) {
	await locator.fill(value);
	await locator.press('Enter');
}

let reductionId; // decided on the phone, approved at the desktop
let reduced; // the member exempt from this month, once approved

describe('dues forms on a phone (375 px) as the branch secretary', () => {
	let page, shot, branch, ledger, people, articles;

	before(async () => {
		const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
		page = await context.newPage();
		page.setDefaultTimeout(15000);
		shot = shooter('phone-dues-forms');
		await loginDemo(page, server, 'secretary');
		const me = (await apiGet(page, '/auth/me')).body;
		branch = (await apiGet(page, `/orgs/${me.roles.find((r) => r.role === 'secretary').org_id}`)).body;
		ledger = (await apiGet(page, `/orgs/${branch.id}/dues/ledger`)).body;
		// members paying on a base, paid up, not exempt: one for each form that changes a standard
		const owing = new Set((await apiGet(page, `/orgs/${branch.id}/dues/arrears`)).body.items.map((a) => a.member_id));
		const based = ledger.members.filter((m) => m.state === 'normal' && m.standard?.category === 'employed' && !owing.has(m.member_id) &&
			!m.cells.some((c) => c.status === 'exempt'));
		const farmer = ledger.members.find((m) => m.state === 'normal' && m.standard?.category === 'farmer');
		assert.ok(based.length >= 4 && farmer, 'the demo branch has members paying on a base and farmers');
		people = { fixA: based[0], fixB: farmer, fixC: based[1], change: based[2], reduce: based[3] };
		articles = Object.fromEntries((await apiGet(page, `/orgs/${branch.id}/rules`)).body.items.map((r) => [r.key, `${r.regulation} ${r.article}`]));
	});
	after(async () => page?.context().close());

	it("fixes next year's monthly amounts of two members from the ledger; the server's amounts are shown", async () => {
		const { fixA: a, fixB: b } = people;
		await page.goto(`${server.base}/org/${branch.id}/dues`);
		await page.getByRole('heading', { name: `${branch.name} 党费台账` }).waitFor();
		assert.equal(await page.getByRole('button', { name: '党费减免审批' }).count(), 0, 'a secretary approves no reduction');
		await page.getByRole('button', { name: '核定交纳标准' }).click();
		const dialog = page.getByRole('dialog', { name: '核定党员每月交纳党费数额' });
		await dialog.waitFor();
		// this year is fixed for everybody already: nobody is ticked
		await dialog.locator(`li[data-member="${a.member_id}"]`).getByText(`${YEAR}年已核定`, { exact: false }).waitFor();
		assert.equal(await dialog.getByRole('checkbox', { checked: true }).count(), 0);
		await dialog.getByRole('radiogroup', { name: '年度' }).getByText(`${YEAR + 1}年`, { exact: true }).click();
		await dialog.getByRole('textbox', { name: `${a.name} 的计算基数` }).waitFor();
		assert.equal(await rowBox(dialog, a).isChecked(), true, 'next year: the members not fixed come ticked');
		await dialog.getByRole('button', { name: '全不选' }).click();
		await tickRow(dialog, a);
		await tickRow(dialog, b);
		// filled in from this year's standard
		const base = page.getByRole('textbox', { name: `${a.name} 的计算基数` });
		assert.equal(await base.inputValue(), (a.standard.base_fen / 100).toFixed(2));
		assert.equal(await dialog.locator(`li[data-member="${b.member_id}"]`).getByText('固定数额，不需基数').count(), 1);
		await shot(page, 'standards-form');
		// a base that is no sum in yuan is refused in the page, at the member's row
		const before_ = snapshot();
		await base.fill('5000.123');
		await dialog.getByRole('button', { name: '核定 2 名党员' }).click();
		await fieldError(dialog, base).getByText('金额须以元为单位，最多两位小数').waitFor();
		await shot(page, 'standards-base-refused');
		await base.fill('5000');
		await dialog.getByRole('button', { name: '核定 2 名党员' }).click();
		const done = dialog.getByRole('status');
		await done.getByText(`已核定 2 名党员 ${YEAR + 1} 年的交纳标准`).waitFor();
		const farmerFen = (await apiGet(page, `/dues/quote?category=farmer&org_id=${branch.id}`)).body.amount_fen;
		assert.match(await done.locator(`li[data-member="${a.member_id}"]`).textContent(), /在职党员.*基数 5,000\.00 元.*每月 50\.00 元/);
		assert.match(await done.locator(`li[data-member="${b.member_id}"]`).textContent(), new RegExp(`农民党员.*每月 ${escape(yuan(farmerFen))} 元`));
		await shot(page, 'standards-fixed');
		const after_ = snapshot();
		assert.equal(after_.dues_standard, before_.dues_standard + 2);
		const da = (await apiGet(page, `/members/${a.member_id}/dues?year=${YEAR + 1}`)).body;
		assert.deepEqual([da.standard.kind, da.standard.category, da.standard.base_fen, da.standard.amount_fen], ['yearly', 'employed', 500000, 5000]);
		const db = (await apiGet(page, `/members/${b.member_id}/dues?year=${YEAR + 1}`)).body;
		assert.deepEqual([db.standard.category, db.standard.amount_fen], ['farmer', farmerFen]);
		await dialog.getByRole('button', { name: '完成' }).click();
		await dialog.waitFor({ state: 'hidden' });
	});

	it('refuses a second fix of the same year at the member\'s row, with its rule; nothing is saved', async () => {
		const { fixA: a, fixC: c } = people;
		await page.getByRole('button', { name: '核定交纳标准' }).click();
		const dialog = page.getByRole('dialog', { name: '核定党员每月交纳党费数额' });
		await dialog.getByRole('radiogroup', { name: '年度' }).getByText(`${YEAR + 1}年`, { exact: true }).click();
		const rowA = dialog.locator(`li[data-member="${a.member_id}"]`);
		await rowA.getByText(new RegExp(`${YEAR + 1}年已核定：在职党员.* · 每月 50\\.00 元`)).waitFor();
		assert.equal(await rowBox(dialog, a).isChecked(), false, 'fixed already: not ticked');
		await dialog.getByText(/交纳标准每年核定一次/).waitFor();
		await dialog.getByRole('button', { name: '全不选' }).click();
		await tickRow(dialog, c);
		await tickRow(dialog, a);
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '核定 2 名党员' }).click();
		const error = rowA.locator('.el-form-item__error');
		await error.waitFor();
		assert.match(await error.textContent(), /fixed already: record a change.*dues\.standard\.fixed_yearly/);
		assert.equal(await dialog.locator(`li[data-member="${c.member_id}"] .el-form-item__error`).count(), 0);
		await rowA.scrollIntoViewIfNeeded();
		await shot(page, 'standards-refused');
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		assert.equal((await apiGet(page, `/members/${c.member_id}/dues?year=${YEAR + 1}`)).body.standard, null, 'nor the other member of the request');
		await dialog.getByRole('button', { name: '取消' }).click();
	});

	it('changes a standard from next month on the member\'s page; a month more than a year ahead is refused at the month', async () => {
		const m = people.change;
		await page.goto(`${server.base}/member/${m.member_id}/dues`);
		await page.getByRole('heading', { name: `${m.name} 的党费` }).waitFor();
		await page.getByRole('button', { name: '调整标准' }).click();
		const dialog = page.getByRole('dialog', { name: `调整交纳标准：${m.name}` });
		await dialog.waitFor();
		assert.equal(await dialog.locator('#dm-base').inputValue(), (m.standard.base_fen / 100).toFixed(2), 'the base in force, to change');
		const month = page.locator('#dm-from');
		await fillDate(month, addMonth(NOW, 13));
		await dialog.locator('#dm-base').fill('6000');
		await dialog.locator('#dm-reason').fill('工资调整');
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '保存调整' }).click();
		await fieldError(dialog, month).getByText(/'from_month' must be a month from the admission to a year from now/).waitFor();
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		await shot(page, 'change-refused');
		const next = addMonth(NOW, 1);
		await fillDate(month, next);
		await dialog.getByRole('button', { name: '保存调整' }).click();
		await dialog.waitFor({ state: 'hidden' });
		// 6,000 yuan a month: 1.5 %
		await page.getByRole('status').getByText(`已调整：自 ${next} 起每月 90.00 元`).waitFor();
		await shot(page, 'change-saved');
		const d = (await apiGet(page, `/members/${m.member_id}/dues?year=${next.slice(0, 4)}`)).body;
		const s = d.standards.at(-1);
		assert.deepEqual([s.kind, s.from_month, s.category, s.base_fen, s.amount_fen, s.reason], ['change', next, 'employed', 600000, 9000, '工资调整']);
		assert.equal(d.months.find((x) => x.month === next).due_fen, 9000);
	});

	it('records why a month was not paid; without the reason it is refused at the reason', async () => {
		const two = (await apiGet(page, `/orgs/${branch.id}/dues/arrears`)).body.items.find((a) => a.months === 2);
		assert.ok(two, 'the demo member who missed two months');
		await page.goto(`${server.base}/member/${two.member_id}/dues`);
		await page.getByRole('heading', { name: `${two.name} 的党费` }).waitFor();
		await page.getByRole('button', { name: '登记未交原因' }).click();
		const dialog = page.getByRole('dialog', { name: `登记未交原因：${two.name}` });
		await dialog.waitFor();
		const month = two.through.slice(0, 4) === String(YEAR) ? two.through : NOW; // January: last month is last year's
		await dialog.locator(`[data-month="${month}"]`).click();
		assert.equal(await dialog.getByRole('checkbox', { checked: true }).count(), 1, 'none ticked until chosen');
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '登记', exact: true }).click();
		await fieldError(dialog, page.locator('#dm-reason')).getByText(/'reason' is required/).waitFor();
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		await shot(page, 'excuse-refused');
		await dialog.locator('#dm-reason').fill('外出务工，无法按时交纳');
		await dialog.getByRole('button', { name: '登记', exact: true }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').getByText(/已登记 .* 的未交原因/).waitFor();
		assert.match(await page.locator(`li[data-month="${month}"]`).textContent(), /未交（有正当理由）/);
		const d = (await apiGet(page, `/members/${two.member_id}/dues`)).body;
		assert.equal(d.months.find((x) => x.month === month).status, 'excused');
		assert.deepEqual(d.excuses.map((x) => [x.month, x.reason]), [[month, '外出务工，无法按时交纳']]);
		await shot(page, 'excuse-saved');
	});

	it('reverses a payment recorded in error; without the reason it is refused at the reason', async () => {
		// the last payment of the same member: of this year, or in January (nothing paid yet this
		// year) of the year before
		const id = Number(page.url().match(/member\/(\d+)/)[1]);
		const reversible = (d) => d.payments.filter((x) => !x.reverses && !x.reversed_by && x.months.length).at(-1);
		let year = YEAR;
		let d0 = (await apiGet(page, `/members/${id}/dues`)).body;
		if (!reversible(d0)) {
			year = YEAR - 1;
			d0 = (await apiGet(page, `/members/${id}/dues?year=${year}`)).body;
			await page.goto(`${server.base}/member/${id}/dues?year=${year}`);
			await page.getByRole('heading', { name: `${d0.name} 的党费` }).waitFor();
		}
		const p = reversible(d0);
		assert.ok(p, 'a payment to reverse');
		await page.getByRole('button', { name: `冲正 ${p.paid_on} 交纳的 ${yuan(p.dues_fen + p.voluntary_fen)} 元` }).click();
		const dialog = page.getByRole('dialog', { name: `冲正交纳记录：${d0.name}` });
		await dialog.waitFor();
		assert.match(await dialog.locator('[data-payment]').textContent(), new RegExp(`${escape(yuan(p.dues_fen))} 元 · ${p.paid_on}`));
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '冲正' }).click();
		await fieldError(dialog, page.locator('#dm-reason')).getByText(/'reason' is required/).waitFor();
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		await dialog.locator('#dm-reason').fill('误记：该月实未交纳');
		await shot(page, 'reversal-form');
		await dialog.getByRole('button', { name: '冲正' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').getByText(`已冲正 ${p.paid_on} 交纳的 ${yuan(p.dues_fen)} 元`).waitFor();
		const reversal = (await apiGet(page, `/members/${id}/dues`)).body.payments.find((x) => x.reverses === p.id); // dated today
		const d = (await apiGet(page, `/members/${id}/dues?year=${year}`)).body;
		assert.deepEqual([reversal.dues_fen, reversal.reason], [-p.dues_fen, '误记：该月实未交纳']);
		assert.equal(d.payments.find((x) => x.id === p.id).reversed_by, reversal.id);
		assert.equal(d.months.find((x) => x.month === p.months[0]).status, 'unpaid');
		await page.locator('li.payment').filter({ hasText: '已冲正' }).first().waitFor();
		await shot(page, 'reversal-saved');
	});

	it('records the branch\'s hardship exemption at its committee meeting; a "reduction" not below the standard is refused at the amount', async () => {
		const m = people.reduce;
		reduced = m;
		await page.goto(`${server.base}/member/${m.member_id}/dues`);
		await page.getByRole('heading', { name: `${m.name} 的党费` }).waitFor();
		await page.getByRole('button', { name: '困难减免' }).click();
		const dialog = page.getByRole('dialog', { name: `困难党员少交或免交：${m.name}` });
		await dialog.waitFor();
		// the meeting: the branch's newest members' or committee meeting held with its quorum
		const meetings = (await apiGet(page, `/orgs/${branch.id}/meetings?limit=200`)).body.items;
		const meeting = meetings.find((x) => x.org_id === branch.id && x.valid_for_decisions &&
			x.kinds.some((k) => ['members_meeting', 'committee_meeting'].includes(k)));
		await dialog.locator('.el-form-item').filter({ has: page.locator('#dm-meeting') }).getByText(new RegExp(`^${meeting.held_on} · `)).waitFor();
		assert.equal(await dialog.locator('#dm-from').inputValue(), NOW);
		assert.equal(await dialog.locator('#dm-to').inputValue(), `${YEAR}-12`);
		await dialog.getByRole('radiogroup', { name: '少交还是免交' }).getByText('少交', { exact: true }).click();
		await dialog.locator('#dm-amount').fill(String(m.standard.amount_fen / 100 + 1));
		await dialog.locator('#dm-reason').fill('重病住院，家庭困难');
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '记录支部决定' }).click();
		await fieldError(dialog, page.locator('#dm-amount')).getByText(new RegExp(`is not less than the standard of ${escape((m.standard.amount_fen / 100).toFixed(2))} yuan`)).waitFor();
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		await shot(page, 'reduction-refused');
		await dialog.getByRole('radiogroup', { name: '少交还是免交' }).getByText('免交', { exact: true }).click();
		await dialog.getByRole('button', { name: '记录支部决定' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').getByText(`已记录支部决定（${NOW} 至 ${YEAR}-12），待上级党委批准后生效`).waitFor();
		const d = (await apiGet(page, `/members/${m.member_id}/dues`)).body;
		const r = d.reductions.at(-1);
		assert.deepEqual([r.status, r.from_month, r.to_month, r.amount_fen, r.branch_decision.meeting_id, r.reason],
			['pending', NOW, `${YEAR}-12`, 0, meeting.id, '重病住院，家庭困难']);
		assert.notEqual(d.months.find((x) => x.month === NOW).status, 'exempt', 'not before the approval one level up');
		await page.locator('.payments').last().getByText('待上级党委批准').waitFor();
		reductionId = r.id;
		await shot(page, 'reduction-saved');
	});

	it('records a spending on the statement page on a meeting\'s decision; more than the branch holds is refused at the amount', async () => {
		await page.goto(`${server.base}/org/${branch.id}/dues/statement`);
		await page.getByRole('heading', { name: `${branch.name} ${YEAR}年党费收支情况` }).waitFor();
		const st = (await apiGet(page, `/orgs/${branch.id}/dues/statement`)).body;
		await page.getByRole('button', { name: '记录党费使用' }).click();
		const dialog = page.getByRole('dialog', { name: `${branch.name} 使用党费` });
		await dialog.waitFor();
		assert.match(await dialog.locator('[data-balance]').textContent(), new RegExp(`现有党费结余 ${escape(yuan(st.flows.closing_fen))} 元`));
		await dialog.getByRole('radiogroup', { name: '用途（五个方面）' }).getByText('培训党员', { exact: true }).click();
		const amount = page.locator('#du-amount');
		await amount.fill(String(st.flows.closing_fen / 100 + 1000));
		await dialog.locator('#du-purpose').fill('购买党员培训教材');
		await dialog.locator('#du-receipts').fill('发票 No.20261101\n收据 No.88');
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '记录使用' }).click();
		const error = fieldError(dialog, amount);
		await error.waitFor();
		assert.match(await error.textContent(), new RegExp(`more than the .* yuan this organisation holds.*dues\\.use\\.within_income.*${escape(articles['dues.use.within_income'])}`));
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		await shot(page, 'spending-refused');
		await amount.fill('12.50');
		await dialog.getByRole('button', { name: '记录使用' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').getByText('已记录使用 12.50 元（培训党员）').waitFor();
		const after_ = (await apiGet(page, `/orgs/${branch.id}/dues/statement`)).body;
		const s = after_.spending.at(-1);
		const meeting = (await apiGet(page, `/meetings/${s.meeting_id}`)).body;
		assert.deepEqual([s.amount_fen, s.category, s.purpose, s.spent_on, meeting.org_id], [1250, 'training', '购买党员培训教材', TODAY, branch.id]);
		assert.ok(meeting.valid_for_decisions && meeting.held_on <= TODAY);
		assert.equal(after_.flows.spent_fen, st.flows.spent_fen + 1250);
		assert.equal(sql(`SELECT receipts FROM dues_spending WHERE id = ${s.id}`), '[{"title":"发票 No.20261101"},{"title":"收据 No.88"}]');
		await page.locator(`li[data-spending="${s.id}"]`).getByText('购买党员培训教材').waitFor();
		await shot(page, 'spending-saved');
	});

	it('remits to the township from the statement page; more than the branch holds is refused at the amount', async () => {
		const st = (await apiGet(page, `/orgs/${branch.id}/dues/statement`)).body;
		const parent = { id: branch.parent_id };
		await page.getByRole('button', { name: '上缴或下拨' }).click();
		const dialog = page.getByRole('dialog', { name: `${branch.name} 上缴或下拨党费` });
		await dialog.waitFor();
		assert.equal(await dialog.getByRole('radio', { name: '上缴上级党组织' }).isChecked(), true);
		// the township is outside the secretary's scope, which reads no name of it
		await dialog.locator('[data-parent]').getByText('上一级党组织').waitFor();
		const amount = page.locator('#du-amount');
		await amount.fill(String(st.flows.closing_fen / 100 + 1000));
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '记录', exact: true }).click();
		const error = fieldError(dialog, amount);
		await error.waitFor();
		assert.match(await error.textContent(), new RegExp(`dues\\.use\\.within_income.*${escape(articles['dues.use.within_income'])}`));
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		await amount.fill('5');
		await dialog.locator('#du-note').fill('上缴第四季度党费');
		await shot(page, 'remit-form');
		await dialog.getByRole('button', { name: '记录', exact: true }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').getByText('已记录上缴 上一级党组织 5.00 元').waitFor();
		const after_ = (await apiGet(page, `/orgs/${branch.id}/dues/statement`)).body;
		const x = after_.transfers.at(-1);
		assert.deepEqual([x.kind, x.direction, x.other_org_id, x.amount_fen, x.on, x.note], ['remit', 'out', parent.id, 500, TODAY, '上缴第四季度党费']);
		assert.equal(after_.flows.remitted_up_fen, st.flows.remitted_up_fen + 500);
		await page.locator(`li[data-transfer="${x.id}"]`).waitFor();
		await shot(page, 'remit-saved');
	});

	it('takes over the balance of the earlier books once, from the statement page; without its source it is refused at the source', async () => {
		const st = (await apiGet(page, `/orgs/${branch.id}/dues/statement`)).body;
		assert.equal(st.taken_over, null);
		await page.getByRole('button', { name: '接转原账结余' }).click();
		const dialog = page.getByRole('dialog', { name: `${branch.name} 接转原党费账结余` });
		await dialog.waitFor();
		await dialog.locator('#do-amount').fill('1234.56');
		const before_ = { ...snapshot(), dues_opening: count('dues_opening') };
		await dialog.getByRole('button', { name: '接转', exact: true }).click();
		const source = page.locator('#do-source');
		const error = fieldError(dialog, source);
		await error.waitFor();
		assert.match(await error.textContent(), /source/);
		assert.deepEqual({ ...snapshot(), dues_opening: count('dues_opening') }, before_, 'nothing saved');
		await source.fill(`${YEAR - 1}年党费收支账结余（纸质账本）`);
		await dialog.getByRole('button', { name: '接转', exact: true }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').getByText(`已接转原账结余 1,234.56 元（${TODAY}）`).waitFor();
		await page.locator('[data-flow="brought_forward"]').getByText('+1,234.56').waitFor();
		await page.locator('[data-taken-over]').getByText(`${YEAR - 1}年党费收支账结余（纸质账本）`).waitFor();
		assert.equal(await page.getByRole('button', { name: '接转原账结余' }).count(), 0, 'once only');
		const after_ = (await apiGet(page, `/orgs/${branch.id}/dues/statement`)).body;
		assert.deepEqual([after_.flows.brought_forward_fen, after_.flows.closing_fen], [123456, st.flows.closing_fen + 123456]);
		await shot(page, 'taken-over');
	});
});

describe('approving a hardship exemption at a desktop size, as the city\'s staff', () => {
	let page, shot;

	before(async () => {
		const context = await browser.newContext({ ...VIEWPORTS.desktop, locale: 'zh-CN' });
		page = await context.newPage();
		page.setDefaultTimeout(15000);
		shot = shooter('desktop-dues-forms');
	});
	after(async () => page?.context().close());

	it('lists the township\'s pending reductions; a day before the branch\'s meeting is refused at the day; approves it', async () => {
		assert.ok(reductionId, 'the branch decided a reduction on the phone');
		await loginDemo(page, server, 'staff');
		const r0 = (await apiGet(page, `/members/${reduced.member_id}/dues`)).body.reductions.find((x) => x.id === reductionId);
		const town = (await apiGet(page, `/orgs/${r0.approver_org_id}`)).body;
		await page.goto(`${server.base}/org/${town.id}`);
		await page.getByRole('heading', { name: town.name }).waitFor();
		await page.getByRole('button', { name: '党费减免审批' }).click();
		await page.waitForURL(new RegExp(`/org/${town.id}/dues/reductions$`));
		await page.getByRole('heading', { name: `${town.name} 困难党员少交、免交党费` }).waitFor();
		const card = page.locator(`li[data-reduction="${reductionId}"]`);
		await card.getByText(reduced.name).waitFor();
		assert.match(await card.textContent(), new RegExp(`${NOW} ~ ${YEAR}-12.*免交.*重病住院，家庭困难.*支部 ${r0.branch_decision.held_on} 会议研究.*审批组织：${escape(town.name)}`, 's'));
		await shot(page, 'pending');
		await card.getByRole('button', { name: '批准', exact: true }).click();
		const dialog = page.getByRole('dialog', { name: `批准：${reduced.name}` });
		await dialog.waitFor();
		const day = page.locator('#ap-on');
		assert.equal(await day.inputValue(), TODAY);
		const [y, mo, d] = r0.branch_decision.held_on.split('-').map(Number);
		const dayBefore = new Date(Date.UTC(y, mo - 1, d - 1)).toISOString().slice(0, 10);
		await fillDate(day, dayBefore);
		await dialog.locator('#ap-note').fill('同意免交');
		const before_ = snapshot();
		await dialog.getByRole('button', { name: '批准', exact: true }).click();
		await fieldError(dialog, day).getByText(/'decided_on' must be a day from the branch's meeting to today/).waitFor();
		assert.deepEqual(snapshot(), before_, 'nothing saved');
		await shot(page, 'approval-refused');
		await fillDate(day, TODAY);
		await dialog.getByRole('button', { name: '批准', exact: true }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').getByText(`已批准 ${reduced.name} 的减免`).waitFor();
		assert.equal(await page.locator(`li[data-reduction="${reductionId}"]`).count(), 0, 'no longer pending');
		await shot(page, 'approved');
		const dues = (await apiGet(page, `/members/${reduced.member_id}/dues`)).body;
		const r = dues.reductions.find((x) => x.id === reductionId);
		assert.deepEqual([r.status, r.higher_approval.org_id, r.higher_approval.decided_on, r.higher_approval.note], ['approved', town.id, TODAY, '同意免交']);
		assert.deepEqual([dues.months.find((x) => x.month === NOW).status, dues.months.find((x) => x.month === NOW).due_fen], ['exempt', 0]);
		// the approved list shows it with the decision
		await page.getByRole('radiogroup', { name: '审批状态' }).getByText('已批准', { exact: true }).click();
		await page.locator(`li[data-reduction="${reductionId}"] [data-approval]`).getByText(`${TODAY} 批准 · 同意免交`).waitFor();
		// and in English
		await page.getByRole('combobox', { name: '语言' }).selectOption('en');
		await page.getByRole('heading', { name: `${town.name}: hardship reductions of dues` }).waitFor();
		await page.locator(`li[data-reduction="${reductionId}"] [data-approval]`).getByText(`approved on ${TODAY} · 同意免交`).waitFor();
		await shot(page, 'english');
		await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
	});
});
