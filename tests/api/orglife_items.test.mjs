// orglife_items.test.mjs - the issue list and the rectification list of an organisational-life
// meeting (组织生活会, domain-rules §3 Recording, 支部工作条例 第十七条) over real HTTP. Items go
// only on a meeting counted as life_meeting (422 naming orglife.life_meeting_lists otherwise); a
// rectification needs its owner (a member of the branch, or a name) and the day it is due, not
// before the meeting, and may answer an issue of the same meeting; an issue may have neither. An
// item is done once (409 the second time), on a day from the meeting's to today, with what was
// done; an open item past its due day is overdue. The subtree's items are listed by status (open,
// done, overdue) and page; a secretary sees and completes only its branch's (404 elsewhere).
//
// Every refusal answers its status and field (and rule with article for 422) and leaves the
// items, their completions and the audit trail's writes as they were (read with sqlite3); the
// database itself refuses to change or delete them.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServer, uniq, idNumber, login, runCli, todayCST, addDays } from './harness.mjs';

const PASSWORD = 'Items-Pass-2026';
const KEYS = ['id', 'meeting_id', 'org_id', 'org_name', 'held_on', 'kind', 'text', 'owner_member_id', 'owner_name', 'due', 'issue_id',
	'status', 'overdue', 'done_on', 'outcome', 'done_by', 'done_at', 'recorded_by', 'recorded_at'].sort();

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

describe('organisational life: the life meeting\'s issue and rectification lists', () => {
	const articles = {};
	const srv = useServer(async (s) => {
		const org = async (type, parent, label) => {
			const code = uniq('LI');
			const r = await s.post('/api/v1/orgs', { code, name: `${label}${code}`, type, ...(parent ? { parent_id: parent.id } : {}) });
			assert.equal(r.status, 201, `create ${label}: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.county = await org('county_committee', null, '清单县委');
		s.town = await org('township_committee', s.county, '清单镇');
		s.x = await org('branch', s.town, '甲村支部');
		s.y = await org('branch', s.town, '乙村支部');
		s.town2 = await org('township_committee', s.county, '清单二镇');
		s.w = await org('branch', s.town2, '丁村支部');
		const member = async (o) => {
			const r = await s.post('/api/v1/members', {
				org_id: o.id, name: uniq('党员'), id_number: idNumber('1980-05-05', 'M', '440705'), ethnicity: '01',
				education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
			});
			assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.a = await member(s.x);
		s.b = await member(s.x);
		s.ym = await member(s.y);
		s.wm = await member(s.w);
		const meeting = async (o, kinds, held_on) => {
			const r = await s.post('/api/v1/meetings', { org_id: o.id, kinds, held_on, chair: '书记', recorder: '组织委员', expected: 2, present: 2 });
			assert.equal(r.status, 201, JSON.stringify(r.body));
			return r.body;
		};
		s.life = await meeting(s.x, ['life_meeting', 'members_meeting'], '2025-12-20');
		s.life2 = await meeting(s.x, ['life_meeting', 'committee_meeting'], '2024-12-18');
		s.committee = await meeting(s.x, ['committee_meeting'], '2025-12-05');
		s.wlife = await meeting(s.w, ['life_meeting'], '2025-12-22');
		const rules = await s.get(`/api/v1/orgs/${s.x.id}/rules`);
		for (const r of rules.body.items)
			articles[r.key] = `${r.regulation} ${r.article}`;
		const acc = runCli(s.db, 'account', 'add', 'li-secretary', '--password', PASSWORD, '--role', 'secretary', '--org', String(s.x.id));
		assert.equal(acc.status, 0, acc.stderr);
		s.secretary = (await login(s, 'li-secretary', PASSWORD)).client;
	});

	// --- helpers ---------------------------------------------------------------------------

	const sql = (q) => execFileSync('sqlite3', ['-readonly', srv.db, q], { encoding: 'utf8' });
	const snapshot = () => ({
		items: sql('SELECT * FROM life_item ORDER BY id'),
		done: sql('SELECT * FROM life_item_done ORDER BY item_id'),
		audited: sql("SELECT count(*) FROM audit WHERE event = 'orglife.write' AND result = 'ok'"),
	});
	const future = () => addDays(todayCST(), 30);

	async function ok(method, path, body, status = 201, client = srv) {
		const r = await client.request(method, path, body);
		assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
		return r.body;
	}
	const add = (meeting, body, client) => ok('POST', `/api/v1/meetings/${meeting.id}/items`, body, 201, client);

	async function refused(method, path, body, want, client = srv) {
		const before = snapshot();
		const r = await client.request(method, path, body);
		const what = `${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`;
		assert.equal(r.status, want.status ?? 400, what);
		assert.deepEqual(Object.keys(r.body), ['error'], what);
		const e = r.body.error;
		if (want.field !== undefined)
			assert.equal(e.field, want.field ?? undefined, what);
		if (want.rule) {
			assert.equal(e.code, 'rule_violation', what);
			assert.equal(e.rule, want.rule, what);
			assert.ok(articles[want.rule], `the rule table has ${want.rule}`);
			assert.equal(e.article, articles[want.rule], what);
		} else {
			assert.equal(e.rule, undefined, what);
		}
		assert.deepEqual(snapshot(), before, `nothing is saved by ${what}`);
		return e;
	}

	// --- recording -----------------------------------------------------------------------------

	it('keeps an issue and a rectification answering it on the life meeting, read back in the order recorded', async () => {
		const issue = await add(srv.life, { kind: 'issue', text: '三会一课记录不全', owner: srv.a.id });
		assert.deepEqual(Object.keys(issue).sort(), KEYS);
		assert.deepEqual([issue.meeting_id, issue.org_id, issue.held_on, issue.kind, issue.owner_member_id, issue.owner_name, issue.due,
			issue.issue_id, issue.status, issue.overdue, issue.done_on, issue.recorded_by],
		[srv.life.id, srv.x.id, '2025-12-20', 'issue', srv.a.id, srv.a.name, null, null, 'open', false, null, 'tester']);
		const due = future();
		const rect = await add(srv.life, { kind: 'rectification', text: '每次会议当场记录、会后归档', owner: '支部委员会', due, issue_id: issue.id });
		assert.deepEqual([rect.kind, rect.owner_member_id, rect.owner_name, rect.due, rect.issue_id, rect.status, rect.overdue],
			['rectification', null, '支部委员会', due, issue.id, 'open', false]);
		// a rectification due the day of the meeting, by the secretary
		const same = await add(srv.life, { kind: 'rectification', text: '当天整改', owner: srv.b.id, due: '2025-12-20' }, srv.secretary);
		assert.equal(same.recorded_by, 'li-secretary');
		assert.equal(same.overdue, true, 'open past its due day');
		const list = await ok('GET', `/api/v1/meetings/${srv.life.id}/items`, undefined, 200);
		assert.deepEqual(list, { meeting_id: srv.life.id, held_on: '2025-12-20', items: [issue, rect, same] });
		assert.deepEqual((await ok('GET', `/api/v1/meetings/${srv.committee.id}/items`, undefined, 200)).items, []);
		srv.issue = issue;
		srv.rect = rect;
		srv.same = same;
	});

	it('prints the lists in the meeting\'s minutes (PDF), each item with its owner, due day and state', { skip: !hasPdftotext && 'no pdftotext' }, async () => {
		const res = await fetch(`${srv.base}/api/v1/meetings/${srv.life.id}/minutes`, { headers: { cookie: srv.session.cookie } });
		assert.equal(res.status, 200);
		const file = join(srv.dir, 'life-minutes.pdf');
		writeFileSync(file, Buffer.from(await res.arrayBuffer()));
		const t = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
		for (const s of ['问题清单和整改清单', '三会一课记录不全', '每次会议当场记录、会后归档', '支部委员会', '未完成open'])
			assert.ok(t.includes(s), `the minutes name ${s}`);
	});

	it('refuses items on a meeting that is no organisational-life meeting (422 naming the rule)', async () => {
		const e = await refused('POST', `/api/v1/meetings/${srv.committee.id}/items`, { kind: 'issue', text: '问题' },
			{ status: 422, field: null, rule: 'orglife.life_meeting_lists' });
		assert.match(e.article, /第十七条/);
		await refused('POST', `/api/v1/meetings/${srv.committee.id}/items`, { kind: 'rectification', text: '整改', owner: '书记', due: future() },
			{ status: 422, rule: 'orglife.life_meeting_lists' });
		await refused('POST', '/api/v1/meetings/99999999/items', { kind: 'issue', text: '问题' }, { status: 404 });
	});

	it('refuses a rectification without owner or due, a due before the meeting, an owner or issue not of this branch or meeting (400 naming the field)', async () => {
		const path = `/api/v1/meetings/${srv.life.id}/items`;
		const rect = (over = {}) => ({ kind: 'rectification', text: '整改', owner: srv.a.id, due: future(), ...over });
		await refused('POST', path, rect({ owner: undefined }), { field: 'owner' });
		await refused('POST', path, rect({ owner: null }), { field: 'owner' });
		for (const owner of ['', 0, -3, 1.5, 'x'.repeat(97), [srv.a.id], srv.ym.id, srv.wm.id, 99999999])
			await refused('POST', path, rect({ owner }), { field: 'owner' });
		await refused('POST', path, rect({ due: undefined }), { field: 'due' });
		for (const due of ['2025-12-19', '2025-13-01', 'soon', 20260101])
			await refused('POST', path, rect({ due }), { field: 'due' });
		for (const kind of ['todo', '', undefined, 3])
			await refused('POST', path, rect({ kind }), { field: 'kind' });
		for (const text of ['', undefined, 'x'.repeat(4001)])
			await refused('POST', path, rect({ text }), { field: 'text' });
		// the issue it answers: an issue of this meeting only
		const old = await add(srv.life2, { kind: 'issue', text: '去年的问题' });
		await refused('POST', path, rect({ issue_id: old.id }), { field: 'issue_id' });
		await refused('POST', path, rect({ issue_id: srv.rect.id }), { field: 'issue_id' });
		await refused('POST', path, rect({ issue_id: 99999999 }), { field: 'issue_id' });
		await refused('POST', path, rect({ issue_id: String(srv.issue.id) }), { field: 'issue_id' });
		await refused('POST', path, { kind: 'issue', text: '问题', issue_id: srv.issue.id }, { field: 'issue_id' });
		await refused('POST', path, { kind: 'issue', text: '问题', due: '2025-12-01' }, { field: 'due' });
		await refused('POST', path, rect({ status: 'done' }), { field: 'status' });
		// an issue needs neither owner nor due
		const bare = await add(srv.life, { kind: 'issue', text: '批评与自我批评不够深入' });
		assert.deepEqual([bare.owner_member_id, bare.owner_name, bare.due], [null, null, null]);
		srv.bare = bare;
	});

	// --- done ---------------------------------------------------------------------------------------

	it('marks an item done once, on a day from the meeting\'s to today, with what was done (409 the second time)', async () => {
		const path = `/api/v1/life-items/${srv.same.id}/done`;
		for (const done_on of ['2025-12-19', addDays(todayCST(), 1), '2025-02-30', '', undefined])
			await refused('POST', path, { done_on, outcome: '已整改' }, { field: 'done_on' });
		for (const outcome of ['', undefined, 'x'.repeat(4001)])
			await refused('POST', path, { done_on: '2025-12-20', outcome }, { field: 'outcome' });
		await refused('POST', path, { done_on: '2025-12-20', outcome: '已整改', by: '书记' }, { field: 'by' });
		await refused('POST', '/api/v1/life-items/99999999/done', { done_on: '2025-12-20', outcome: '已整改' }, { status: 404 });
		const done = await ok('POST', path, { done_on: '2025-12-20', outcome: '当天已补齐记录' });
		assert.deepEqual([done.id, done.status, done.overdue, done.done_on, done.outcome, done.done_by],
			[srv.same.id, 'done', false, '2025-12-20', '当天已补齐记录', 'tester']);
		await refused('POST', path, { done_on: todayCST(), outcome: '再次完成' }, { status: 409 });
		const today = await ok('POST', `/api/v1/life-items/${srv.issue.id}/done`, { done_on: todayCST(), outcome: '已建立记录制度' }, 201, srv.secretary);
		assert.equal(today.done_by, 'li-secretary');
		const list = (await ok('GET', `/api/v1/meetings/${srv.life.id}/items`, undefined, 200)).items;
		assert.deepEqual(list.map((i) => [i.id, i.status]), [[srv.issue.id, 'done'], [srv.rect.id, 'open'], [srv.same.id, 'done'],
			[srv.bare.id, 'open']]);
		// the database keeps them as they are
		const before = snapshot();
		for (const q of [`UPDATE life_item_done SET outcome = 'x'`, `DELETE FROM life_item_done`, `UPDATE life_item SET due = NULL`,
			`DELETE FROM life_item WHERE id = ${srv.bare.id}`]) {
			const r = spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' });
			assert.notEqual(r.status, 0, `${q} is refused by the database`);
			assert.match(r.stderr, /never|stays done/, `${q}: ${r.stderr}`);
		}
		assert.deepEqual(snapshot(), before);
	});

	// --- lists and scope ----------------------------------------------------------------------------

	it('lists the subtree\'s items by status (open, done, overdue) and page; a secretary only its branch\'s', async () => {
		const overdue = await add(srv.wlife, { kind: 'rectification', text: '丁村整改', owner: srv.wm.id, due: '2026-01-10' });
		assert.equal(overdue.overdue, true);
		const dueToday = await add(srv.wlife, { kind: 'rectification', text: '今天到期', owner: srv.wm.id, due: todayCST() });
		assert.equal(dueToday.overdue, false, 'due today is not past due');
		const ids = async (org, q = '', client = srv) => {
			const r = await client.get(`/api/v1/orgs/${org.id}/life-items${q}`);
			assert.equal(r.status, 200, JSON.stringify(r.body));
			assert.equal(r.body.next_cursor, null);
			return r.body.items.map((i) => i.id);
		};
		const { issue, rect, same, bare } = srv;
		const old = Number(sql(`SELECT id FROM life_item WHERE meeting_id = ${srv.life2.id}`).trim());
		assert.deepEqual(await ids(srv.county), [issue.id, rect.id, same.id, old, bare.id, overdue.id, dueToday.id]);
		assert.deepEqual(await ids(srv.county, '?status=open'), [rect.id, old, bare.id, overdue.id, dueToday.id]);
		assert.deepEqual(await ids(srv.county, '?status=done'), [issue.id, same.id]);
		assert.deepEqual(await ids(srv.county, '?status=overdue'), [overdue.id], 'open past due: not without a due day, not due today or ahead');
		assert.deepEqual(await ids(srv.x, '?status=overdue'), []);
		assert.deepEqual(await ids(srv.town2), [overdue.id, dueToday.id]);
		const page1 = await srv.get(`/api/v1/orgs/${srv.county.id}/life-items?limit=4`);
		assert.equal(page1.body.items.length, 4);
		const page2 = await srv.get(`/api/v1/orgs/${srv.county.id}/life-items?limit=4&cursor=${page1.body.next_cursor}`);
		assert.equal(page2.body.items.length, 3);
		assert.deepEqual([...page1.body.items, ...page2.body.items].map((i) => i.id), await ids(srv.county));
		assert.equal(page2.body.next_cursor, null);
		for (const q of ['status=closed', 'limit=0', 'cursor=x'])
			assert.equal((await srv.get(`/api/v1/orgs/${srv.county.id}/life-items?${q}`)).status, 400, q);

		const sec = srv.secretary;
		assert.deepEqual(await ids(srv.x, '', sec), [issue.id, rect.id, same.id, old, bare.id]);
		for (const path of [`/api/v1/orgs/${srv.w.id}/life-items`, `/api/v1/meetings/${srv.wlife.id}/items`, `/api/v1/orgs/${srv.town.id}/life-items`]) {
			const r = await sec.get(path);
			assert.equal(r.status, 404, path);
			assert.ok(!JSON.stringify(r.body).includes('丁村整改'));
		}
		await refused('POST', `/api/v1/life-items/${overdue.id}/done`, { done_on: todayCST(), outcome: '已整改' }, { status: 404 }, sec);
		await refused('POST', `/api/v1/meetings/${srv.wlife.id}/items`, { kind: 'issue', text: '问题' }, { status: 404 }, sec);
	});
});
