// transfer.test.mjs - one transfer of membership (组织关系转接) from start to receipt in the console,
// in Debian's chromium on the 江门市 demo, at a desktop and a phone size.
//
// The demo's village branch secretary opens one of the branch's members and starts the transfer
// to another branch of the same township, named by its code: the transfer waits for the township
// committee - the nearest committee with the authority to send directly - to issue the letter,
// and the member's page says the member is in transfer, still in the branch. The city's staff
// (whose grant covers the township) issues the numbered letter and prints it (one PDF page);
// refusing without a reason is refused at the reason with rule and article, saving nothing; the
// staff accepts, and the member moves with the history showing the transfer. The secretary, on
// the sending side, records the receipt: the transfer is closed, and the member is no longer the
// secretary's to open. Screenshots go under test-artifacts/e2e/<size>-transfer/.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, DEMO_PASSWORD, VIEWPORTS, apiGet, launch, loginDemo, shooter, startConsole } from './browser.mjs';

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

for (const [size, options] of Object.entries(VIEWPORTS)) {
	describe(`a transfer from start to receipt at ${size} size`, () => {
		let secretary, staff, shot, branch, receiver, member, transferId;
		// the demo's own accounts at the desktop size; at the phone size accounts of the same roles
		// on the same organisations, so that no second factor's code is used twice in its window
		const logins = size === 'desktop' ? { secretary: 'secretary', staff: 'staff' }
			: { secretary: 'e2e-transfer-secretary', staff: 'e2e-transfer-staff' };

		before(async () => {
			if (size !== 'desktop') {
				const home = sql("SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 1");
				for (const [login, role, org] of [[logins.secretary, 'secretary', home], [logins.staff, 'org_staff', '4407']]) {
					const r = server.cli('account', 'add', login, '--password', DEMO_PASSWORD, '--role', role, '--org', org, '--enrol-totp');
					assert.equal(r.status, 0, r.stderr);
				}
			}
			const sc = await browser.newContext({ ...options, acceptDownloads: true, locale: 'zh-CN' });
			const st = await browser.newContext({ ...options, acceptDownloads: true, locale: 'zh-CN' });
			secretary = await sc.newPage();
			staff = await st.newPage();
			secretary.setDefaultTimeout(15000);
			staff.setDefaultTimeout(15000);
			shot = shooter(`${size}-transfer`);
		});
		after(async () => {
			await secretary?.context().close();
			await staff?.context().close();
		});

		it('starts the transfer from the member\'s page, as the branch secretary, to a branch named by its code', async () => {
			await loginDemo(secretary, server, logins.secretary);
			const me = (await apiGet(secretary, '/auth/me')).body;
			branch = (await apiGet(secretary, `/orgs/${me.roles.find((r) => r.role === 'secretary').org_id}`)).body;
			// a branch of the same township, which the secretary cannot see, and one of the branch's
			// members with nothing under way (one per size)
			const [rid, rcode, rname] = sql(`SELECT id, code, name FROM org WHERE parent_id = (SELECT parent_id FROM org WHERE id = ${branch.id})` +
				` AND type = 'branch' AND id <> ${branch.id} ORDER BY id DESC LIMIT 1`).split('|');
			receiver = { id: Number(rid), code: rcode, name: rname };
			assert.equal((await apiGet(secretary, `/orgs/${receiver.id}`)).status, 404);
			const ids = sql(`SELECT id FROM member m WHERE org_id = ${branch.id} AND state = 'normal' AND mobile = 0 AND lost_contact = 0` +
				` AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id) ORDER BY id LIMIT 2`).split('\n').map(Number);
			member = (await apiGet(secretary, `/members/${ids[size === 'phone' ? 1 : 0]}`)).body;

			await secretary.goto(`${server.base}/member/${member.id}`);
			await secretary.getByRole('heading', { name: member.name, exact: true }).waitFor();
			await secretary.getByRole('heading', { name: '组织关系与流动' }).waitFor();
			await shot(secretary, 'member');
			await secretary.getByRole('button', { name: '发起转出' }).click();
			await secretary.waitForURL(new RegExp(`/member/${member.id}/transfer$`));
			await secretary.getByRole('heading', { name: `转出${member.name}的组织关系` }).waitFor();
			await secretary.locator('#t-code').fill(receiver.code);
			await secretary.locator('#t-reason').fill('工作调动到邻村');
			await shot(secretary, 'start-form');
			await secretary.getByRole('button', { name: '发起转出' }).click();
			await secretary.waitForURL(/\/transfers\/\d+$/);
			transferId = Number(secretary.url().match(/transfers\/(\d+)$/)[1]);
			await secretary.locator('[data-test="state"]').getByText('待开具介绍信').waitFor();
			await secretary.getByText('等待：开具介绍信（转出方基层党委）').waitFor();
			const t = (await apiGet(secretary, `/transfers/${transferId}`)).body;
			assert.deepEqual([t.state, t.to.id, t.sending_committee.id], ['requested', receiver.id, branch.path.at(-2)]);
			assert.deepEqual(t.actions, ['cancel'], 'the branch may only withdraw it now');
			await shot(secretary, 'requested');
			// still the branch's member, flagged as in transfer
			await secretary.goto(`${server.base}/member/${member.id}`);
			await secretary.locator('[data-test="in-transfer"]').getByText(/组织关系转接中：转往/).waitFor();
			assert.equal((await apiGet(secretary, `/members/${member.id}`)).body.org_id, branch.id);
			await shot(secretary, 'in-transfer');
		});

		it('lets the city\'s staff issue the numbered letter and print it on one page', async () => {
			await loginDemo(staff, server, logins.staff);
			await staff.goto(`${server.base}/transfers/${transferId}`);
			await staff.locator('[data-test="state"]').getByText('待开具介绍信').waitFor();
			await staff.getByRole('button', { name: '开具介绍信' }).click();
			await staff.locator('[data-test="state"]').getByText('已开具介绍信').waitFor();
			const t = (await apiGet(staff, `/transfers/${transferId}`)).body;
			assert.match(t.letter.no, /^\d{9}-\d{4}-\d{4}$/);
			assert.equal(await staff.locator('[data-test="letter-no"]').textContent(), t.letter.no);
			await staff.getByText(`还剩${t.letter.days_left}天`).waitFor();
			await shot(staff, 'issued');
			const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name: '打印介绍信（PDF）' }).click()]);
			const file = join(ARTIFACTS, `${size}-transfer`, 'letter.pdf');
			await download.saveAs(file);
			assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
			assert.match(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), /Pages:\s+1\n/);
		});

		it('refuses a refusal without its reason, at the reason, with the rule, and saves nothing', async () => {
			const before_ = (await apiGet(staff, `/transfers/${transferId}`)).body;
			await staff.locator('.choices').getByText('拒绝', { exact: true }).click();
			await staff.getByRole('button', { name: '拒绝（须说明理由）' }).click();
			const error = staff.locator('.el-form-item').filter({ has: staff.locator('#s-reason') }).locator('.el-form-item__error');
			await error.waitFor();
			assert.match(await error.textContent(), /transfer\.no_refusal_without_reason.*第二十五条/);
			await shot(staff, 'refusal-refused');
			const after_ = (await apiGet(staff, `/transfers/${transferId}`)).body;
			assert.deepEqual([after_.state, after_.version, after_.steps.length], [before_.state, before_.version, before_.steps.length]);
		});

		it('accepts on the receiving side: the member moves, the history shows it', async () => {
			await staff.locator('.choices').getByText('接收', { exact: true }).click();
			await staff.getByRole('button', { name: '接收，党员转入' }).click();
			await staff.locator('[data-test="state"]').getByText('已接收，待回执').waitFor();
			await staff.getByText('等待：回执（转出党组织）').waitFor();
			const m = (await apiGet(staff, `/members/${member.id}`)).body;
			assert.equal(m.org_id, receiver.id);
			await shot(staff, 'accepted');
			await staff.getByRole('button', { name: '党员档案' }).click();
			await staff.waitForURL(new RegExp(`/member/${member.id}$`));
			await staff.locator('.history').getByText('组织关系转接').first().waitFor();
			assert.match(await staff.locator('.history .card').first().textContent(), new RegExp(`${receiver.name}`));
			await shot(staff, 'history');
		});

		it('closes it with the receipt recorded by the sending branch, which no longer holds the member', async () => {
			await secretary.goto(`${server.base}/transfers/${transferId}`);
			await secretary.locator('[data-test="state"]').getByText('已接收，待回执').waitFor();
			assert.equal(await secretary.getByRole('button', { name: '党员档案' }).count(), 0, 'the member is the receiver\'s now');
			await secretary.getByRole('button', { name: '回执已收到，办结' }).click();
			await secretary.locator('[data-test="state"]').getByText('已办结').waitFor();
			await secretary.getByText('已办结：回执已返回转出党组织').waitFor();
			const t = (await apiGet(secretary, `/transfers/${transferId}`)).body;
			assert.deepEqual(t.steps.map((s) => s.action), ['start', 'issue', 'accept', 'receipt']);
			assert.equal((await apiGet(secretary, `/members/${member.id}`)).status, 404);
			await shot(secretary, 'closed');
			// and the branch's list of transfers out shows it ended
			await secretary.goto(`${server.base}/org/${branch.id}/transfers?direction=out&state=closed`);
			await secretary.getByRole('link', { name: member.name }).first().waitFor();
			await shot(secretary, 'list');
			const v = server.cli('stats', 'verify');
			assert.equal(v.status, 0, v.stdout + v.stderr);
		});
	});
}

// A card holder pays dues at the host (the activity card's rule, dues.mobile.pay_at_host): on a
// phone, the secretary of the branch that hosts the demo's guest from the neighbouring branch
// opens the guest among the members taking part there, records this month's dues under "代收党费",
// and is told it is credited to the home ledger; the payment is the home branch's, collected by
// the host. A day before the member left is refused at the day, with the rule and article.
describe('dues paid at the host by a member away, on a phone', () => {
	let page, branch, guest;
	before(async () => {
		const home = sql("SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 1");
		const r = server.cli('account', 'add', 'e2e-host-secretary', '--password', DEMO_PASSWORD, '--role', 'secretary', '--org', home, '--enrol-totp');
		assert.equal(r.status, 0, r.stderr);
		page = await (await browser.newContext({ ...VIEWPORTS.phone, locale: 'zh-CN' })).newPage();
		page.setDefaultTimeout(15000);
	});
	after(async () => page?.context().close());

	it('records the guest\'s dues of this month at the host, credited to the home ledger', async () => {
		const shot = shooter('phone-host-dues');
		await loginDemo(page, server, 'e2e-host-secretary');
		const me = (await apiGet(page, '/auth/me')).body;
		branch = me.roles.find((x) => x.role === 'secretary').org_id;
		await page.goto(`${server.base}/org/${branch}/mobile`);
		await page.getByRole('tab', { name: '在本组织参加活动' }).click();
		const hosted = (await apiGet(page, `/orgs/${branch}/mobile?hosted=1`)).body.items;
		assert.equal(hosted.length, 1, JSON.stringify(hosted));
		guest = hosted[0];
		await page.getByRole('link', { name: guest.name }).click();
		await page.waitForURL(new RegExp(`/mobile/${guest.id}$`));
		await page.getByText('代收党费', { exact: true }).click();
		await page.getByText('持活动证的流动党员可在流入地党组织交纳党费').waitFor();
		const month = sql("SELECT strftime('%Y-%m', 'now', '+8 hours')");
		// a day before the member left: refused at the day, naming the rule and its article
		await page.locator(`[data-month="${month}"]`).click();
		const before_ = sql('SELECT count(*) FROM dues_payment');
		await page.locator('#m-paid-on').fill(sql(`SELECT date('${guest.left_on}', '-1 day')`));
		await page.locator('#m-paid-on').press('Enter');
		await page.getByRole('button', { name: '保存' }).click();
		const error = page.locator('.el-form-item').filter({ has: page.locator('#m-paid-on') }).locator('.el-form-item__error');
		await error.waitFor();
		assert.match(await error.textContent(), /dues\.mobile\.pay_at_host.*流动党员活动证/);
		assert.equal(sql('SELECT count(*) FROM dues_payment'), before_, 'nothing saved');
		await shot(page, 'refused');
		// today: recorded, and said to be credited at home
		await page.locator('#m-paid-on').fill(sql("SELECT date('now', '+8 hours')"));
		await page.locator('#m-paid-on').press('Enter');
		await page.getByRole('button', { name: '保存' }).click();
		await page.getByRole('status').filter({ hasText: `已记录 ${month} 的党费 40.00 元，记入流出地支部党费账` }).waitFor();
		await shot(page, 'recorded');
		const [member, org, collector, fen] = sql('SELECT member_id, org_id, collected_by_org_id, dues_fen FROM dues_payment ORDER BY id DESC LIMIT 1').split('|');
		assert.deepEqual([Number(member), Number(org), Number(collector), Number(fen)], [guest.member_id, guest.home.id, branch, 4000]);
		assert.equal((await apiGet(page, `/members/${guest.member_id}/dues`)).status, 404, 'the home ledger stays the home\'s to read');
	});
});
