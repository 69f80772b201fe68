// orglife_appraisal.test.mjs - the democratic appraisal of members (民主评议党员, domain-rules §3,
// 支部工作条例 第十九条) over real HTTP. A branch opens the year's appraisal once; its participants
// are the branch's members in a normal membership state then (Party group members included; the
// deceased, the stopped and other branches' members not), each with their category, a
// probationary member not rated unless orglife.appraisal_rate_probationary says 1. Each
// participant's self-appraisal, peer appraisal and democratic vote go in that order (409 out of
// order or twice; no vote on one not rated, 422); vote counts are whole numbers adding up to at
// most the participants. The verdict comes from a committee or members' meeting of the branch,
// valid for decisions, held in the appraisal's year or after (422 naming the rule otherwise),
// grades every rated participant at once (不合格 with its reason and a follow-up hint), and closes
// the appraisal for good: no step, vote or result after it, and the rows refuse to change even in
// the database. A town's overrides (three grades, at most 30% 优秀, probationary members rated)
// govern its own branch and not another's. Lists: a subtree's appraisals with their progress, a
// member's results by year; the participants always in name order, never by grade.
//
// Every refusal answers its status and field (and rule with article for 422) and leaves every
// appraisal table and the audit trail's writes as they were (read with sqlite3).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { useServer, uniq, idNumber, login, runCli, todayCST } from './harness.mjs';

const PASSWORD = 'Appraisal-Pass-2026';
const TABLES = ['appraisal', 'appraisal_entry', 'appraisal_step', 'appraisal_vote', 'appraisal_verdict', 'appraisal_result'];

describe('organisational life: democratic appraisal (民主评议党员)', () => {
	const articles = {};
	const srv = useServer(async (s) => {
		const org = async (type, parent, label) => {
			const code = uniq('AP');
			const r = await s.post('/api/v1/orgs', { code, name: `${label}${code}`, type, ...(parent ? { parent_id: parent.id } : {}) });
			assert.equal(r.status, 201, `create ${label}: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.county = await org('county_committee', null, '评议县委');
		s.town = await org('township_committee', s.county, '评议镇');
		s.x = await org('branch', s.town, '甲村支部');
		s.g = await org('group', s.x, '甲村第一党小组');
		s.y = await org('branch', s.town, '乙村支部');
		s.empty = await org('branch', s.town, '空支部');
		s.town2 = await org('township_committee', s.county, '评议二镇');
		s.w = await org('branch', s.town2, '丁村支部');
		const member = async (o, over = {}) => {
			const r = await s.post('/api/v1/members', {
				org_id: o.id, name: uniq('党员'), id_number: idNumber('1980-05-05', 'M', '440703'), ethnicity: '01',
				education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01', ...over,
			});
			assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		const probationary = { admit_date: '2025-06-01', convert_date: null };
		// X: five full members (two in the group), one probationary, one deceased, one stopped
		s.full = [];
		for (let i = 0; i < 3; i++)
			s.full.push(await member(s.x));
		for (let i = 0; i < 2; i++)
			s.full.push(await member(s.x, { group_id: s.g.id }));
		s.prob = await member(s.x, probationary);
		assert.equal(s.prob.category, 'probationary');
		s.dead = await member(s.x);
		let p = await s.patch(`/api/v1/members/${s.dead.id}`, { state: 'deceased', state_date: '2025-01-05', reason: '病故' });
		assert.equal(p.status, 200, JSON.stringify(p.body));
		// registered as stopped: a change into that state is only a recorded decision's (issue 7)
		s.stopped = await member(s.x, { state: 'stopped', state_date: '2025-02-01' });
		s.ym = await member(s.y);
		// W (the second town, whose rules are overridden): five full, one probationary
		s.wfull = [];
		for (let i = 0; i < 5; i++)
			s.wfull.push(await member(s.w));
		s.wprob = await member(s.w, probationary);
		const rules = await s.get(`/api/v1/orgs/${s.x.id}/rules?date=2025-06-01`);
		assert.equal(rules.status, 200, JSON.stringify(rules.body));
		for (const r of rules.body.items)
			articles[r.key] = `${r.regulation} ${r.article}`;
		const a = runCli(s.db, 'account', 'add', 'ap-secretary', '--password', PASSWORD, '--role', 'secretary', '--org', String(s.x.id));
		assert.equal(a.status, 0, a.stderr);
		s.secretary = (await login(s, 'ap-secretary', PASSWORD)).client;
	});

	// --- helpers ---------------------------------------------------------------------------

	const sql = (q) => execFileSync('sqlite3', ['-readonly', srv.db, q], { encoding: 'utf8' });
	/** Every row of the appraisal tables, and the count of audited writes. */
	const snapshot = () => ({
		...Object.fromEntries(TABLES.map((t) => [t, sql(`SELECT * FROM ${t} ORDER BY 1, 2`)])),
		audited: sql("SELECT count(*) FROM audit WHERE event = 'orglife.write' AND result = 'ok'"),
	});

	async function ok(method, path, body, status = 201, client = srv) {
		const r = await client.request(method, path, body);
		assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
		return r.body;
	}

	/** A request that must be refused with want {status, field, rule}; nothing may change. */
	async function refused(method, path, body, want, client = srv) {
		const before = snapshot();
		const r = await client.request(method, path, body);
		const what = `${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`;
		assert.equal(r.status, want.status ?? 400, what);
		assert.deepEqual(Object.keys(r.body), ['error'], what);
		const e = r.body.error;
		assert.ok(e.message, what);
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

	const meeting = async (org, kinds, held_on, over = {}) => ok('POST', '/api/v1/meetings', {
		org_id: org.id, kinds, held_on, chair: '支部书记', recorder: '组织委员', expected: 6, present: 5, ...over,
	});
	const open = (org, year, client) => ok('POST', `/api/v1/orgs/${org.id}/appraisals`, { year }, 201, client);
	const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

	/** Self and peer appraisal of every participant given. */
	async function selfAndPeer(id, members) {
		for (const m of members) {
			await ok('POST', `/api/v1/appraisals/${id}/self`, { member_id: m.id, text: `${m.name}的自评：学习党章，按时交纳党费。` });
			await ok('POST', `/api/v1/appraisals/${id}/peer`, { member_id: m.id, text: `党员互评：${m.name}表现良好。` });
		}
	}
	const votesOf = (members, over = {}) => members.map((m) => ({ member_id: m.id, excellent: 1, qualified: 4, basic: 0, unqualified: 0, ...over }));

	// --- opening ---------------------------------------------------------------------------

	it('opens the year\'s appraisal with the branch\'s current members as participants, in name order', async () => {
		const a = await open(srv.x, 2025);
		assert.equal(a.org_id, srv.x.id);
		assert.equal(a.year, 2025);
		assert.equal(a.status, 'open');
		assert.equal(a.verdict, null);
		assert.equal(a.opened_by, 'tester');
		const want = [...srv.full, srv.prob].map((m) => m.name).sort(byName);
		assert.deepEqual(a.participants.map((p) => p.name), want, 'members of the branch and its group; not the deceased, stopped or others');
		const prob = a.participants.find((p) => p.member_id === srv.prob.id);
		assert.deepEqual([prob.category, prob.rated], ['probationary', false], 'a probationary member takes part, not rated');
		assert.ok(a.participants.filter((p) => p.member_id !== srv.prob.id).every((p) => p.category === 'full' && p.rated));
		assert.ok(a.participants.every((p) => p.self === null && p.peer === null && p.votes === null && p.result === null));
		assert.deepEqual(a.progress, { participants: 6, rated: 5, self: 0, peer: 0, votes: 0, results: 0 });
		assert.deepEqual([a.rules.levels.value, a.rules.excellent_max_percent.value, a.rules.rate_probationary.value], ['4', '100', '0']);
		assert.equal(a.rules.levels.key, 'orglife.appraisal_levels');
		const back = await ok('GET', `/api/v1/appraisals/${a.id}`, undefined, 200);
		assert.deepEqual(back, a);
		assert.match(sql(`SELECT object FROM audit WHERE event = 'orglife.write' AND object = '/api/v1/orgs/${srv.x.id}/appraisals'`),
			/appraisals/, 'the opening is in the audit trail');
		srv.ax = a.id;
		// the current year is open to it too; a participant who joins later is not added
		const thisYear = Number(todayCST().slice(0, 4));
		const now = await open(srv.y, thisYear);
		assert.deepEqual(now.participants.map((p) => p.member_id), [srv.ym.id]);
	});

	it('refuses a second appraisal of the year (409), a year to come or malformed (400 year), and what is no branch (400)', async () => {
		const path = `/api/v1/orgs/${srv.x.id}/appraisals`;
		const thisYear = Number(todayCST().slice(0, 4));
		await refused('POST', path, { year: 2025 }, { status: 409, field: 'year' });
		for (const year of [thisYear + 1, '2025', 2025.5, 0, null, 1920])
			await refused('POST', path, { year }, { field: 'year' });
		await refused('POST', path, {}, { field: 'year' });
		await refused('POST', path, { year: 2024, org_id: srv.y.id }, { field: 'org_id' });
		for (const o of [srv.town, srv.g, srv.county])
			await refused('POST', `/api/v1/orgs/${o.id}/appraisals`, { year: 2025 }, { status: 400 });
		await refused('POST', `/api/v1/orgs/${srv.empty.id}/appraisals`, { year: 2025 }, { status: 409 });
		await refused('POST', '/api/v1/orgs/99999999/appraisals', { year: 2025 }, { status: 404 });
	});

	// --- the steps in order ------------------------------------------------------------------

	it('takes self-appraisal, peer appraisal and the vote in that order, once each (409 otherwise)', async () => {
		const id = srv.ax, [f1, f2] = srv.full;
		const path = (step) => `/api/v1/appraisals/${id}/${step}`;
		await refused('POST', path('peer'), { member_id: f1.id, text: '互评' }, { status: 409, field: 'member_id' });
		await refused('POST', path('votes'), { items: votesOf([f1]) }, { status: 409, field: 'items[0].member_id' });
		const a = await ok('POST', path('self'), { member_id: f1.id, text: '自评：认真学习。' });
		const p = a.participants.find((x) => x.member_id === f1.id);
		assert.equal(p.self.text, '自评：认真学习。');
		assert.equal(p.self.recorded_by, 'tester');
		assert.equal(a.progress.self, 1);
		await refused('POST', path('self'), { member_id: f1.id, text: '再次自评' }, { status: 409, field: 'member_id' });
		await refused('POST', path('votes'), { items: votesOf([f1]) }, { status: 409, field: 'items[0].member_id' });
		await ok('POST', path('peer'), { member_id: f1.id, text: '互评：积极。' });
		await refused('POST', path('peer'), { member_id: f1.id, text: '再次互评' }, { status: 409, field: 'member_id' });
		// the secretary records them too (the self-appraisal may be written down for the member)
		await ok('POST', path('self'), { member_id: f2.id, text: '口述自评，书记代录。' }, 201, srv.secretary);
		// a probationary member takes part: self and peer, no vote (422)
		await ok('POST', path('self'), { member_id: srv.prob.id, text: '预备党员自评' });
		await ok('POST', path('peer'), { member_id: srv.prob.id, text: '预备党员互评' });
		await refused('POST', path('votes'), { items: votesOf([srv.prob]) },
			{ status: 422, field: 'items[0].member_id', rule: 'orglife.appraisal_rate_probationary' });
	});

	it('refuses a step for who is no participant, without its text, or with unknown keys (400 naming the field)', async () => {
		const path = `/api/v1/appraisals/${srv.ax}/self`;
		for (const m of [srv.ym, srv.dead, srv.stopped, { id: 99999999 }])
			await refused('POST', path, { member_id: m.id, text: '自评' }, { field: 'member_id' });
		const f3 = srv.full[2];
		await refused('POST', path, { member_id: String(f3.id), text: '自评' }, { field: 'member_id' });
		await refused('POST', path, { text: '自评' }, { field: 'member_id' });
		await refused('POST', path, { member_id: f3.id }, { field: 'text' });
		await refused('POST', path, { member_id: f3.id, text: '' }, { field: 'text' });
		await refused('POST', path, { member_id: f3.id, text: 'x'.repeat(16385) }, { field: 'text' });
		await refused('POST', path, { member_id: f3.id, text: '自评', grade: 'excellent' }, { field: 'grade' });
		await refused('POST', '/api/v1/appraisals/99999999/self', { member_id: f3.id, text: '自评' }, { status: 404 });
	});

	// --- votes ---------------------------------------------------------------------------------

	it('records vote counts adding up to at most the participants (6), and refuses a batch whole', async () => {
		const id = srv.ax;
		const path = `/api/v1/appraisals/${id}/votes`;
		const [f1, f2, f3, f4, f5] = srv.full;
		await selfAndPeer(id, [f3, f4, f5]); // f1 has both already, f2 its self
		await ok('POST', `/api/v1/appraisals/${id}/peer`, { member_id: f2.id, text: '互评：踏实。' });
		// 6 participants vote: 2+3+1+0 = 6 is the most, 7 too many
		await refused('POST', path, { items: [{ member_id: f1.id, excellent: 2, qualified: 3, basic: 1, unqualified: 1 }] },
			{ field: 'items[0]' });
		// a good row does not go in with a bad one
		await refused('POST', path, { items: [votesOf([f2])[0], { member_id: f3.id, excellent: -1, qualified: 3, unqualified: 0 }] },
			{ field: 'items[1].excellent' });
		await refused('POST', path, { items: [votesOf([f2])[0], { member_id: f3.id, excellent: 1.5, qualified: 3, unqualified: 0 }] },
			{ field: 'items[1].excellent' });
		await refused('POST', path, { items: [{ member_id: f3.id, excellent: 1, unqualified: 0 }] }, { field: 'items[0].qualified' });
		await refused('POST', path, { items: [votesOf([f2])[0], votesOf([f2])[0]] }, { field: 'items[1].member_id' });
		await refused('POST', path, { items: [{ ...votesOf([f2])[0], abstain: 1 }] }, { field: 'items[0].abstain' });
		await refused('POST', path, { items: [] }, { field: 'items' });
		await refused('POST', path, { items: 'all' }, { field: 'items' });
		await refused('POST', path, { items: [1] }, { field: 'items[0]' });
		await refused('POST', path, { items: votesOf([srv.ym]) }, { field: 'items[0].member_id' });
		const a = await ok('POST', path, { items: [
			{ member_id: f1.id, excellent: 2, qualified: 3, basic: 1, unqualified: 0 },
			{ member_id: f2.id, excellent: 0, qualified: 6, unqualified: 0 }, // basic may be left out
		] });
		const votes = Object.fromEntries(a.participants.map((p) => [p.member_id, p.votes]));
		assert.deepEqual(votes[f1.id], { excellent: 2, qualified: 3, basic: 1, unqualified: 0 });
		assert.deepEqual(votes[f2.id], { excellent: 0, qualified: 6, basic: 0, unqualified: 0 });
		assert.equal(a.progress.votes, 2);
		await refused('POST', path, { items: votesOf([f1]) }, { status: 409, field: 'items[0].member_id' });
		await ok('POST', path, { items: [...votesOf([f3, f4]), { member_id: f5.id, excellent: 0, qualified: 1, basic: 1, unqualified: 4 }] });
	});

	// --- the verdict ------------------------------------------------------------------------------

	it('refuses a verdict from a meeting that cannot give it: another branch\'s (400), no committee or members\' meeting, before the year (422), without quorum (422)', async () => {
		const path = `/api/v1/appraisals/${srv.ax}/results`;
		const items = srv.full.map((m) => ({ member_id: m.id, grade: 'qualified' }));
		const theirs = await meeting(srv.y, ['members_meeting'], '2025-12-10', { expected: 1, present: 1 });
		await refused('POST', path, { meeting_id: theirs.id, items }, { field: 'meeting_id' });
		await refused('POST', path, { meeting_id: 99999999, items }, { field: 'meeting_id' });
		await refused('POST', path, { items }, { field: 'meeting_id' });
		const lecture = await meeting(srv.x, ['lecture', 'theme_day'], '2025-12-11');
		await refused('POST', path, { meeting_id: lecture.id, items }, { status: 422, field: 'meeting_id', rule: 'orglife.appraisal_verdict_meeting' });
		const early = await meeting(srv.x, ['members_meeting'], '2024-12-30');
		await refused('POST', path, { meeting_id: early.id, items }, { status: 422, field: 'meeting_id', rule: 'orglife.appraisal_verdict_meeting' });
		const thin = await meeting(srv.x, ['members_meeting'], '2025-12-12', { present: 3, without_quorum: true });
		assert.equal(thin.valid_for_decisions, false);
		await refused('POST', path, { meeting_id: thin.id, items }, { status: 422, field: 'meeting_id', rule: 'orglife.quorum_percent' });
	});

	it('refuses a verdict missing a rated member, grading one not rated, 不合格 without reason, an unknown grade', async () => {
		const path = `/api/v1/appraisals/${srv.ax}/results`;
		const m = await meeting(srv.x, ['committee_meeting'], '2025-12-20', { expected: 5, present: 4 });
		srv.verdictMeeting = m;
		const grades = (over = {}) => srv.full.map((x, i) => ({ member_id: x.id, grade: 'qualified', ...(over[i] || {}) }));
		const body = (items) => ({ meeting_id: m.id, items });
		await refused('POST', path, body(grades().slice(1)), { field: 'items' });
		await refused('POST', path, body([...grades(), { member_id: srv.prob.id, grade: 'qualified' }]),
			{ status: 422, field: 'items[5].grade', rule: 'orglife.appraisal_rate_probationary' });
		await refused('POST', path, body(grades({ 2: { grade: 'unqualified' } })), { field: 'items[2].reason' });
		await refused('POST', path, body(grades({ 2: { grade: 'unqualified', reason: '' } })), { field: 'items[2].reason' });
		await refused('POST', path, body(grades({ 1: { grade: 'good' } })), { field: 'items[1].grade' });
		await refused('POST', path, body(grades({ 1: { grade: '优秀' } })), { field: 'items[1].grade' });
		await refused('POST', path, body(grades({ 1: { grade: null } })), { field: 'items[1].grade' });
		await refused('POST', path, body(grades({ 0: { member_id: srv.ym.id } })), { field: 'items[0].member_id' });
		await refused('POST', path, body(grades({ 0: { member_id: srv.full[1].id } })), { field: 'items[1].member_id' });
		await refused('POST', path, body(grades({ 0: { rank: 1 } })), { field: 'items[0].rank' });
		await refused('POST', path, { ...body(grades()), closed: true }, { field: 'closed' });
	});

	it('records the verdict: every rated member graded, 不合格 with its reason and a follow-up hint; closes the appraisal for good', async () => {
		const id = srv.ax, m = srv.verdictMeeting;
		const [f1, f2, f3, f4, f5] = srv.full;
		const items = [
			{ member_id: f3.id, grade: 'qualified' }, { member_id: f1.id, grade: 'excellent' },
			{ member_id: f5.id, grade: 'unqualified', reason: '全年无正当理由不参加组织生活' },
			{ member_id: f2.id, grade: 'basic' }, { member_id: f4.id, grade: 'excellent' },
		];
		const a = await ok('POST', `/api/v1/appraisals/${id}/results`, { meeting_id: m.id, items });
		assert.equal(a.status, 'closed');
		assert.deepEqual(a.verdict, { meeting_id: m.id, held_on: '2025-12-20', recorded_by: 'tester', recorded_at: a.verdict.recorded_at });
		assert.deepEqual(a.progress, { participants: 6, rated: 5, self: 6, peer: 6, votes: 5, results: 5 });
		// in name order, not by grade
		assert.deepEqual(a.participants.map((p) => p.name), [...srv.full, srv.prob].map((x) => x.name).sort(byName));
		const result = Object.fromEntries(a.participants.map((p) => [p.member_id, p.result]));
		assert.deepEqual(result[f1.id], { grade: 'excellent', reason: null });
		assert.deepEqual(result[f2.id], { grade: 'basic', reason: null });
		assert.equal(result[srv.prob.id], null, 'the probationary member has no grade');
		assert.equal(result[f5.id].grade, 'unqualified');
		assert.equal(result[f5.id].reason, '全年无正当理由不参加组织生活');
		assert.match(result[f5.id].follow_up, /限期改正/);
		assert.ok(Object.values(result).filter((x) => x && x.grade !== 'unqualified').every((x) => !('follow_up' in x)));
		assert.deepEqual(await ok('GET', `/api/v1/appraisals/${id}`, undefined, 200), a);

		// closed: nothing more, and nothing changes
		await refused('POST', `/api/v1/appraisals/${id}/results`, { meeting_id: m.id, items }, { status: 409 });
		await refused('POST', `/api/v1/appraisals/${id}/results`, { meeting_id: m.id, items: items.map((x) => ({ ...x, grade: 'qualified' })) }, { status: 409 });
		await refused('POST', `/api/v1/appraisals/${id}/self`, { member_id: f1.id, text: '补充自评' }, { status: 409 });
		const before = snapshot();
		for (const q of [`UPDATE appraisal_result SET grade = 'excellent' WHERE member_id = ${f5.id}`,
			`DELETE FROM appraisal_result WHERE member_id = ${f5.id}`, `DELETE FROM appraisal_verdict`,
			`UPDATE appraisal_vote SET excellent = 6`, `DELETE FROM appraisal_entry`, `UPDATE appraisal SET year = 2024`,
			`INSERT INTO appraisal_step VALUES (${id}, ${f1.id}, 'note', 'x', 'y', 'z')`]) {
			const r = spawnSync('sqlite3', [srv.db, q], { encoding: 'utf8' });
			assert.notEqual(r.status, 0, `${q} is refused by the database`);
			assert.match(r.stderr, /never (changed|deleted)|is closed/, `${q}: ${r.stderr}`);
		}
		assert.deepEqual(snapshot(), before);

		// a member's results by year
		const mine = await ok('GET', `/api/v1/members/${f5.id}/appraisals`, undefined, 200);
		assert.equal(mine.member_id, f5.id);
		assert.equal(mine.items.length, 1);
		const y = mine.items[0];
		assert.deepEqual([y.appraisal_id, y.year, y.org_id, y.status, y.rated, y.category, y.meeting_id, y.decided_on],
			[id, 2025, srv.x.id, 'closed', true, 'full', m.id, '2025-12-20']);
		assert.equal(y.result.grade, 'unqualified');
		assert.match(y.result.follow_up, /限期改正/);
		const p = await ok('GET', `/api/v1/members/${srv.prob.id}/appraisals`, undefined, 200);
		assert.deepEqual(p.items.map((x) => [x.year, x.rated, x.result]), [[2025, false, null]]);
		assert.deepEqual((await ok('GET', `/api/v1/members/${srv.dead.id}/appraisals`, undefined, 200)).items, []);
	});

	it('refuses the verdict before every rated participant\'s vote (409)', async () => {
		// Y's appraisal of this year: its one member has no vote yet
		const list = await ok('GET', `/api/v1/orgs/${srv.y.id}/appraisals`, undefined, 200);
		const [ay] = list.items;
		const thisYear = todayCST().slice(0, 4);
		const m = await meeting(srv.y, ['members_meeting'], `${thisYear}-01-01`, { expected: 1, present: 1 });
		await refused('POST', `/api/v1/appraisals/${ay.id}/results`, { meeting_id: m.id, items: [{ member_id: srv.ym.id, grade: 'qualified' }] },
			{ status: 409, field: 'items' });
	});

	// --- local rules -----------------------------------------------------------------------------

	it('follows a town\'s overrides in its branch only: three grades, at most 30% 优秀, probationary members rated', async () => {
		for (const [key, value] of [['orglife.appraisal_levels', '3'], ['orglife.appraisal_excellent_max_percent', '30'],
			['orglife.appraisal_rate_probationary', '1']]) {
			const o = await srv.post(`/api/v1/orgs/${srv.town2.id}/rules`, { key, value, reason: '本镇评议办法', effective_from: '2020-01-01' });
			assert.equal(o.status, 200, JSON.stringify(o.body));
		}
		const a = await open(srv.w, 2025);
		assert.deepEqual([a.rules.levels.value, a.rules.excellent_max_percent.value, a.rules.rate_probationary.value], ['3', '30', '1']);
		assert.equal(a.rules.levels.source.kind, 'override');
		const prob = a.participants.find((p) => p.member_id === srv.wprob.id);
		assert.deepEqual([prob.category, prob.rated], ['probationary', true]);
		assert.equal(a.progress.rated, 6);
		const everyone = [...srv.wfull, srv.wprob];
		await selfAndPeer(a.id, everyone);
		const votes = `/api/v1/appraisals/${a.id}/votes`;
		await refused('POST', votes, { items: votesOf(everyone, { basic: 1, qualified: 3 }) },
			{ status: 422, field: 'items[0].basic', rule: 'orglife.appraisal_levels' });
		await ok('POST', votes, { items: votesOf(everyone) }); // a probationary member rated is voted on
		const m = await meeting(srv.w, ['members_meeting', 'appraisal'], '2026-01-10');
		const path = `/api/v1/appraisals/${a.id}/results`;
		const grades = (n, over = {}) => ({ meeting_id: m.id, items: everyone.map((x, i) => ({ member_id: x.id, grade: i < n ? 'excellent' : 'qualified', ...(over[i] || {}) })) });
		await refused('POST', path, grades(1, { 3: { grade: 'basic' } }), { status: 422, field: 'items[3].grade', rule: 'orglife.appraisal_levels' });
		// 30% of 6 rated is 1.8: one excellent, not two
		const e = await refused('POST', path, grades(2), { status: 422, field: 'items', rule: 'orglife.appraisal_excellent_max_percent' });
		assert.match(e.message, /30%/);
		const done = await ok('POST', path, grades(1));
		assert.equal(done.participants.find((p) => p.member_id === srv.wprob.id).result.grade, 'qualified');
		// X (the other town) keeps the national rules: four grades, no cap, probationary members not rated
		const x = await ok('GET', `/api/v1/appraisals/${srv.ax}`, undefined, 200);
		assert.deepEqual([x.rules.levels.value, x.rules.excellent_max_percent.value, x.rules.rate_probationary.value], ['4', '100', '0']);
	});

	// --- lists and scope -------------------------------------------------------------------------

	it('lists the subtree\'s appraisals with their progress, by year and page; a secretary sees only its branch\'s (404 elsewhere)', async () => {
		const all = await ok('GET', `/api/v1/orgs/${srv.county.id}/appraisals?year=2025`, undefined, 200);
		const x = all.items.find((i) => i.org_id === srv.x.id), w = all.items.find((i) => i.org_id === srv.w.id);
		assert.equal(all.items.length, 2);
		assert.deepEqual(x, { id: srv.ax, org_id: srv.x.id, org_name: srv.x.name, year: 2025, status: 'closed',
			progress: { participants: 6, rated: 5, self: 6, peer: 6, votes: 5, results: 5 } });
		assert.equal(w.status, 'closed');
		assert.equal(all.next_cursor, null);
		assert.deepEqual((await ok('GET', `/api/v1/orgs/${srv.county.id}/appraisals?year=2024`, undefined, 200)).items, []);
		const every = (await ok('GET', `/api/v1/orgs/${srv.county.id}/appraisals`, undefined, 200)).items;
		assert.equal(every.length, 3);
		const first = await ok('GET', `/api/v1/orgs/${srv.county.id}/appraisals?limit=2`, undefined, 200);
		assert.equal(first.items.length, 2);
		const rest = await ok('GET', `/api/v1/orgs/${srv.county.id}/appraisals?limit=2&cursor=${first.next_cursor}`, undefined, 200);
		assert.deepEqual([...first.items, ...rest.items], every);
		assert.equal(rest.next_cursor, null);
		assert.deepEqual((await ok('GET', `/api/v1/orgs/${srv.town2.id}/appraisals`, undefined, 200)).items.map((i) => i.org_id), [srv.w.id]);
		for (const q of ['year=20x5', 'year=1900', 'limit=0', 'cursor=-1'])
			assert.equal((await srv.get(`/api/v1/orgs/${srv.county.id}/appraisals?${q}`)).status, 400, q);

		const sec = srv.secretary;
		const mine = await ok('GET', `/api/v1/orgs/${srv.x.id}/appraisals`, undefined, 200, sec);
		assert.deepEqual(mine.items.map((i) => i.id), [srv.ax]);
		assert.equal((await sec.get(`/api/v1/orgs/${srv.town.id}/appraisals`)).status, 404);
		const other = await sec.get(`/api/v1/appraisals/${w.id}`);
		assert.equal(other.status, 404);
		assert.ok(!JSON.stringify(other.body).includes(srv.w.name));
		assert.equal((await sec.get(`/api/v1/members/${srv.wfull[0].id}/appraisals`)).status, 404);
		await refused('POST', `/api/v1/appraisals/${w.id}/self`, { member_id: srv.wfull[0].id, text: '自评' }, { status: 404 }, sec);
		await refused('POST', `/api/v1/orgs/${srv.w.id}/appraisals`, { year: 2024 }, { status: 404 }, sec);
	});

	it('gives the grades as a code table (GET /codes appraisal_grade)', async () => {
		const codes = await ok('GET', '/api/v1/codes', undefined, 200);
		assert.deepEqual(codes.appraisal_grade.map((c) => [c.key, c.zh]),
			[['excellent', '优秀'], ['qualified', '合格'], ['basic', '基本合格'], ['unqualified', '不合格']]);
		assert.deepEqual(codes.life_item_kind.map((c) => c.key), ['issue', 'rectification']);
	});
});
