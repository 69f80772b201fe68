// develop.test.mjs - recruitment (发展党员) in the console, in a real browser at a desktop and a
// phone size, on the 江门市 demo: open a village branch's recruitment page (the demo's cases
// due or overdue are listed with their rules), record a new application, and take that person
// through all 25 steps - two assessments, the notice before becoming a development target, the
// introducers, the political review, the training, the pre-review and the branch meeting by the
// county committee, the approval, the oath, the conversion meeting and its approval, the
// archive - to a full member in the member registry. Two refusals are seen at their fields with
// rule and article, and nothing is saved by them: a talk more than a month after the
// application, and a branch meeting without a quorum. Screenshots of every stage go under
// test-artifacts/e2e/<size>-develop/.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { idNumber, totp, TESTER_PASSWORD } from '../api/harness.mjs';
import { ARTIFACTS, VIEWPORTS, apiGet, launch, shooter, startConsole, villageBranch } from './browser.mjs';

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

for (const [size, options] of Object.entries(VIEWPORTS)) {
	describe(`recruitment in the console at ${size} size`, () => {
		const phone = size === 'phone';
		const login = `e2e-develop-${size}`;
		const person = phone ? '林晓南' : '林晓东';
		let context, page, shot, place, caseId;

		before(async () => {
			const added = server.cli('account', 'add', login, '--password', TESTER_PASSWORD, '--role', 'org_staff', '--org', '4407');
			assert.equal(added.status, 0, added.stderr);
			context = await browser.newContext({ ...options, acceptDownloads: true, locale: 'zh-CN' });
			page = await context.newPage();
			page.setDefaultTimeout(15000);
			shot = shooter(`${size}-develop`);
		});
		after(async () => context?.close());

		const theCase = async () => (await apiGet(page, `/develop/cases/${caseId}`)).body;
		const item = (id) => page.locator('.el-form-item').filter({ has: page.locator(`#${id}`) });
		const errorAt = (id) => item(id).locator('.el-form-item__error');

		// (in a dialog, escape=false: Escape would close the dialog)
		async function fillDate(id, value, escape = true) {
			const input = page.locator(`#${id}`);
			await input.fill(value);
			await input.press('Enter');
			if (escape)
				await page.keyboard.press('Escape'); // the calendar folds away, uncovering the fields below
		}
		async function fillNumber(id, value) {
			const input = page.locator(`#${id}`);
			await input.fill(String(value));
			await input.press('Tab');
		}
		// Chooses options (by their text, or the first n) of the Element Plus select with this id.
		async function choose(id, ...texts) {
			await item(id).locator('.el-select').click();
			for (const text of texts) {
				const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
				await (typeof text === 'number' ? options.nth(text) : options.filter({ hasText: text }).first()).click();
			}
			if (texts.length > 1) // a multiple choice stays open
				await page.keyboard.press('Escape');
		}
		const radio = (group, text) => page.getByRole('radiogroup', { name: group, exact: true }).getByText(text, { exact: true }).click();

		// Records step n through the form: the step (when more than one may come next), the
		// date, who acted, then fill() for the step's own fields; waits for it in the timeline.
		async function record(n, date, actor, fill) {
			const recorded = page.locator('.timeline .el-timeline-item');
			const before_ = await recorded.count();
			const which = page.getByRole('radiogroup', { name: '记录哪一步' });
			if (await which.count())
				await which.getByText(new RegExp(`^第 ${n} 步 `)).click();
			else
				await page.getByRole('heading', { name: new RegExp(`^第 ${n} 步 `) }).waitFor();
			await fillDate('s-done_on', date);
			await page.locator('#s-actor').fill(actor);
			if (fill)
				await fill();
			await page.getByRole('button', { name: '记录', exact: true }).click();
			await page.waitForFunction((k) => document.querySelectorAll('.timeline .el-timeline-item').length === k, before_ + 1);
			const c = await theCase();
			assert.equal(c.steps[c.steps.length - 1].step, n, `step ${n} recorded`);
			return c;
		}

		it('logs in and opens a village branch, and from it its recruitment', async () => {
			await page.goto(server.base + '/');
			await page.waitForURL(/\/login/);
			await page.locator('#login').fill(login);
			await page.locator('#password').fill(TESTER_PASSWORD);
			await page.getByRole('button', { name: '登录' }).click();
			await page.getByAltText('身份验证器二维码').waitFor();
			const secret = (await page.locator('.secret').textContent()).trim();
			await page.locator('#code').fill(totp(secret));
			await page.getByRole('button', { name: '验证' }).click();
			await page.waitForURL(/\/org\/\d+/);
			place = await villageBranch(page, 5); // enough full members for a branch meeting
			await page.goto(`${server.base}/org/${place.branch.id}`);
			await page.getByRole('heading', { name: place.branch.name }).waitFor();
			await page.getByRole('button', { name: '发展党员' }).click();
			await page.waitForURL(new RegExp(`/org/${place.branch.id}/develop`));
			await page.getByRole('heading', { name: `${place.branch.name} 发展党员` }).waitFor();
		});

		it("lists what is due in the branch's recruitment, with the rule and article of each", async () => {
			const due = (await apiGet(page, `/orgs/${place.branch.id}/develop/due?within=30`)).body.items;
			assert.ok(due.length >= 2, 'the demo has recruitment items due in the branch');
			const list = page.getByRole('list', { name: '到期提醒' });
			await list.locator('li').first().waitFor();
			assert.equal(await list.locator('li').count(), due.length);
			const overdue = due.find((d) => d.overdue);
			const row = list.locator('li').filter({ hasText: overdue.name });
			assert.match(await row.textContent(), new RegExp(`逾期 ${-overdue.days_left} 天.*${overdue.due_on}.*第 ${overdue.step} 步.*${overdue.rule.article}`));
			await shot(page, 'recruitment');
			await page.getByRole('tab', { name: '预备党员' }).click();
			await page.waitForURL(/stage=probationary/);
			await page.locator('.el-table__body a').first().waitFor();
			await shot(page, 'probationary');
		});

		it('records an application: a new case at step 1', async () => {
			await page.getByRole('button', { name: '新建入党申请' }).click();
			await page.waitForURL(/\/develop\/new$/);
			await page.locator('#n-name').fill(person);
			await page.locator('#n-id_number').fill(idNumber(phone ? '1999-04-12' : '1998-10-21', 'M', '110105'));
			await choose('n-education', '大学本科');
			await choose('n-occupation', '农牧渔民');
			await page.locator('#n-work_unit').fill('江门市蓬江区某村股份经济合作社');
			await page.locator('#n-phone').fill('13800138000');
			await fillDate('n-applied_on', '2024-01-08');
			await page.locator('#n-actor').fill('党支部书记');
			await page.locator('#n-documents').fill('入党申请书');
			await shot(page, 'application');
			await page.getByRole('button', { name: '保存' }).click();
			await page.waitForURL(/\/develop\/\d+$/);
			caseId = Number(page.url().match(/develop\/(\d+)/)[1]);
			await page.getByRole('heading', { name: person }).waitFor();
			const c = await theCase();
			assert.equal(c.stage, 'applicant');
			assert.match(await page.locator('[data-field="id_number"]').textContent(), /^110105\*+\d{3}[\dX]$/, 'the ID number is masked');
			// the talk is due within a month of the application: long overdue for a 2024 application
			assert.match(await page.getByText(/逾期 \d+ 天/).first().textContent(), /逾期/);
		});

		it('refuses a talk more than a month after the application, at the date, and saves nothing', async () => {
			await fillDate('s-done_on', '2024-02-20');
			await page.locator('#s-actor').fill('党支部书记');
			await page.getByRole('button', { name: '记录', exact: true }).click();
			const error = errorAt('s-done_on');
			await error.waitFor();
			assert.match(await error.textContent(), /develop\.talk_within_months.*第七条/);
			assert.equal(await page.locator('#s-actor').inputValue(), '党支部书记', 'the form keeps what was typed');
			await error.scrollIntoViewIfNeeded();
			await shot(page, 'talk-refused');
			assert.equal((await theCase()).steps.length, 1, 'nothing saved');
		});

		it('stage 1 and 2: the talk, the activist, the filing, the mentors and two assessments', async () => {
			await record(2, '2024-01-20', '党支部书记');
			await record(3, '2024-03-01', '党支部委员会', () => radio('决定机构', '支部委员会'));
			await record(4, '2024-03-05', '镇党委组织办');
			await record(5, '2024-03-10', '党支部委员会', () => choose('s-mentors', 0, 1));
			await record(6, '2024-09-02', '党支部委员会', () => page.locator('#s-conclusion').fill('思想汇报按时，表现良好'));
			const c = await record(6, '2025-03-03', '党支部委员会', () => page.locator('#s-conclusion').fill('群众评价好'));
			assert.equal(c.stage, 'activist');
			await shot(page, 'activist');
		});

		it('stage 3: the development target after a notice, introducers, review and training', async () => {
			let c = await record(7, '2025-03-10', '党支部委员会', async () => {
				await fillDate('s-notice_from', '2025-03-03');
				await fillDate('s-notice_to', '2025-03-07');
			});
			assert.equal(c.stage, 'target');
			await record(8, '2025-03-14', '镇党委组织办');
			await page.getByRole('heading', { name: /^第 9 步/ }).waitFor();
			assert.equal(await item('s-introducers').locator('.el-tag').count(), 2, 'the mentors are proposed as introducers');
			await record(9, '2025-03-17', '党支部委员会');
			await record(10, '2025-04-10', '党支部委员会', async () => {
				await radio('决定', '通过');
				await page.locator('#s-conclusion').fill('政治审查合格');
			});
			c = await record(11, '2025-04-25', '区委党校', async () => {
				await fillNumber('s-days', 3);
				await fillNumber('s-hours', 24);
			});
			assert.deepEqual(c.steps[c.steps.length - 1].data, { days: 3, hours: 24 });
			await shot(page, 'target');
		});

		it('stage 4: pre-review and approval by the county committee; a meeting without quorum is refused', async () => {
			await record(12, '2025-05-06', '党支部委员会');
			await record(13, '2025-05-12', place.county.name, async () => {
				await choose('s-approving_org_id', place.county.name);
				await radio('决定', '通过');
			});
			await record(14, '2025-05-20', person);
			// the meeting: the expected voters are the branch's full members
			await page.getByRole('heading', { name: /^第 15 步/ }).waitFor();
			await fillDate('s-done_on', '2025-06-03');
			await page.locator('#s-actor').fill('党支部党员大会');
			await fillDate('s-notice_from', '2025-05-26');
			await fillDate('s-notice_to', '2025-05-30');
			const expected = Number(await page.locator('#s-expected').inputValue());
			assert.ok(expected >= 5, `the branch's full members are expected (${expected})`);
			const half = Math.floor(expected / 2);
			await fillNumber('s-present', half);
			await fillNumber('s-yes', half);
			await fillNumber('s-no', 0);
			await fillNumber('s-abstain', 0);
			const live = page.locator('.meeting');
			assert.match(await live.textContent(), new RegExp(`至少 ${half + 1} 人；现到会 ${half} 人 — 不符合`));
			await page.getByRole('button', { name: '记录', exact: true }).click();
			const error = errorAt('s-present');
			await error.waitFor();
			assert.match(await error.textContent(), /develop\.meeting\.quorum_percent.*第二十条/);
			await error.scrollIntoViewIfNeeded();
			await shot(page, 'quorum-refused');
			assert.equal((await theCase()).steps.length, 15, 'nothing saved by the refused meeting');
			// the same form, with the members who came
			await fillNumber('s-present', expected - 1);
			await fillNumber('s-yes', expected - 1);
			assert.match(await live.textContent(), /现到会 \d+ 人 — 符合.*现有 \d+ 票 — 符合/);
			await live.scrollIntoViewIfNeeded();
			await shot(page, 'meeting');
			await page.getByRole('button', { name: '记录', exact: true }).click();
			await page.getByRole('heading', { name: /^第 16 步/ }).waitFor();
			let c = await theCase();
			assert.equal(c.admitted_on, '2025-06-03');
			assert.equal(c.steps[c.steps.length - 1].decision, 'admitted');
			await record(16, '2025-06-10', '区委组织员');
			c = await record(17, '2025-07-01', place.county.name, async () => {
				await choose('s-approving_org_id', place.county.name);
				await radio('决定', '批准');
			});
			assert.equal(c.stage, 'probationary');
			assert.ok(c.member_id, 'the approval registers a probationary member');
			await record(18, '2025-07-08', '市委组织部');
			await page.getByRole('button', { name: '党员档案' }).waitFor();
			await shot(page, 'probationary');
		});

		it('stage 5: placed, the oath, education, conversion by the meeting and the committee, the archive', async () => {
			await record(19, '2025-07-10', '党支部委员会', async () => {
				if (await page.locator('#s-group_id').count())
					await choose('s-group_id', 0);
			});
			await record(20, '2025-07-15', '党支部');
			await record(21, '2025-12-01', '党支部');
			await record(22, '2026-05-20', person);
			await record(23, '2026-06-05', '党支部党员大会', async () => {
				await radio('决定', '按期转正');
				const expected = Number(await page.locator('#s-expected').inputValue());
				await fillNumber('s-present', expected - 1);
				await fillNumber('s-yes', expected - 1);
				await fillNumber('s-no', 0);
				await fillNumber('s-abstain', 0);
			});
			let c = await record(24, '2026-07-01', place.county.name, async () => {
				await choose('s-approving_org_id', place.county.name);
				await radio('决定', '批准');
			});
			assert.equal(c.stage, 'full');
			c = await record(25, '2026-07-06', '党支部');
			assert.equal(c.archived_on, '2026-07-06');
			assert.deepEqual(c.next_steps, []);
			await page.getByText('流程已结束，没有待办步骤').waitFor();
			await page.locator('.page h1').scrollIntoViewIfNeeded();
			await shot(page, 'full');
			// the 25 steps by stage, every one done
			const flow = page.getByRole('heading', { name: '五个阶段 二十五个步骤' });
			await flow.scrollIntoViewIfNeeded();
			await shot(page, 'flow');
			assert.equal(await page.locator('.flow li.done').count(), 25);
			await page.getByRole('heading', { name: '办理记录' }).scrollIntoViewIfNeeded();
			await shot(page, 'timeline');
			const text = await page.locator('.timeline').textContent();
			assert.ok(text.includes(`审批党委：${place.county.name}`) && text.includes('集中培训：3 天，24 学时'), 'the data in words');
		});

		it('downloads the file as a PDF', async () => {
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载档案（PDF）' }).click()]);
			const file = join(ARTIFACTS, `${size}-develop`, 'develop.pdf');
			await download.saveAs(file);
			assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
		});

		it('finds the person in the member registry as a full member', async () => {
			await page.getByRole('button', { name: '党员档案' }).click();
			await page.waitForURL(/\/member\/\d+$/);
			await page.getByRole('heading', { name: person }).waitFor();
			assert.match(await page.locator('.head').textContent(), /正式党员/);
			await shot(page, 'member');
			await page.goto(`${server.base}/org/${place.branch.id}/members`);
			await page.getByRole('textbox', { name: '姓名' }).fill(person);
			await page.getByRole('button', { name: '查询' }).click();
			const row = page.locator('.el-table__body tr').filter({ hasText: person });
			await row.waitFor();
			assert.equal(await page.locator('.el-table__body tr').count(), 1);
			assert.match(await row.textContent(), /正式党员/);
			await shot(page, 'registry');
		});

		it('closes a case before admission, with its outcome and the reason asked for', async () => {
			await page.goto(`${server.base}/org/${place.branch.id}/develop/new`);
			const name = phone ? '何丽南' : '何丽东';
			await page.locator('#n-name').fill(name);
			await page.locator('#n-id_number').fill(idNumber(phone ? '2000-02-02' : '2001-03-03', 'F', '110105'));
			await choose('n-education', '大学专科');
			await choose('n-occupation', '学生');
			await fillDate('n-applied_on', '2026-09-01');
			await page.locator('#n-actor').fill('党支部书记');
			await page.getByRole('button', { name: '保存' }).click();
			await page.getByRole('heading', { name }).waitFor();
			await page.getByRole('button', { name: '结束发展程序' }).click();
			const dialog = page.getByRole('dialog');
			await choose('c-outcome', '本人撤回申请');
			await fillDate('c-on', '2026-10-08', false);
			await dialog.getByRole('button', { name: '结束发展程序' }).click();
			const error = errorAt('c-reason');
			await error.waitFor();
			assert.match(await error.textContent(), /reason/);
			await page.locator('#c-reason').fill('本人因外出求学撤回入党申请');
			await dialog.getByRole('button', { name: '结束发展程序' }).click();
			await page.getByText('已结束：本人撤回申请').waitFor();
			await page.getByText('流程已结束，没有待办步骤').waitFor();
			await shot(page, 'closed');
			const id = Number(page.url().match(/develop\/(\d+)/)[1]);
			const c = (await apiGet(page, `/develop/cases/${id}`)).body;
			assert.equal(c.stage, 'closed');
			assert.equal(c.outcome, 'withdrawn');
		});

		it('shows the case in English from the switch', async () => {
			await page.goto(`${server.base}/develop/${caseId}`);
			await page.getByRole('combobox', { name: '语言' }).selectOption('en');
			await page.getByRole('heading', { name: 'Record of the steps' }).waitFor();
			assert.match(await page.locator('.timeline').textContent(), /Approving committee: /);
			await shot(page, 'english');
			await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
			await page.getByRole('heading', { name: '办理记录' }).waitFor();
		});
	});
}
