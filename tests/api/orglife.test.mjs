// orglife.test.mjs - organisational life (组织生活, domain-rules §3), first slice: recording
// meetings over real HTTP. A members' meeting needs more than half of the voting members expected
// present (orglife.quorum_percent, 支部工作条例 第十一条: 9 of 16 and 1 of 1 are held, 8 of 16 and
// 0 of 1 refused with 422) unless it is kept without its quorum, not valid for decisions; a
// resolution passes with yes votes from more than half of those expected (orglife.pass_percent:
// 9 of 16 passes, 8 does not, and never at a meeting without quorum). One meeting counts for
// several kinds (a theme Party day that is also a members' meeting); a Party group holds group
// meetings and only it; attendance names the organisation's members, leave with a reason. A
// meeting reads back as it was sent; the subtree's list is newest first with from/to and paging;
// a branch secretary finds nothing of another branch (404).
//
// Every refusal answers its status and field (and the rule with its article for 422) and leaves
// the county's meeting list and the monthly counts (table orglife_month, read with sqlite3) as
// they were. Each test records its meetings in months of its own, so that the counts it checks are
// its own.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer, uniq, idNumber, login, runCli, todayCST, addDays } from './harness.mjs';

const PASSWORD = 'Orglife-Pass-2026';

const RECORD_KEYS = ['id', 'org_id', 'org_name', 'kinds', 'held_on', 'place', 'chair', 'recorder', 'agenda', 'minutes',
	'expected', 'present', 'valid_for_decisions', 'attendance', 'resolutions', 'documents', 'recorded_by', 'recorded_at'].sort();
const ITEM_KEYS = ['id', 'org_id', 'org_name', 'kinds', 'held_on', 'chair', 'expected', 'present', 'valid_for_decisions'].sort();

describe('organisational life: meetings (组织生活)', () => {
	const articles = {}; // rule key -> "regulation article", as the rule table says
	const values = {}; // rule key -> its value in force
	const srv = useServer(async (s) => {
		const org = async (type, parent, label) => {
			const code = uniq('OL');
			const r = await s.post('/api/v1/orgs', { code, name: `${label}${code}`, type, ...(parent ? { parent_id: parent.id } : {}) });
			assert.equal(r.status, 201, `create ${label}: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.county = await org('county_committee', null, '组织生活县委');
		s.town = await org('township_committee', s.county, '组织生活镇党委');
		s.x = await org('branch', s.town, '甲村支部');
		s.g = await org('group', s.x, '第一党小组');
		s.y = await org('branch', s.town, '乙村支部');
		s.z = await org('branch', s.town, '丙村支部');
		s.zg = await org('group', s.z, '丙村党小组');
		const member = async (o, over = {}) => {
			const r = await s.post('/api/v1/members', {
				org_id: o.id, name: uniq('党员'), id_number: idNumber('1980-05-05', 'M', '440703'), ethnicity: '01',
				education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01', ...over,
			});
			assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.xm = [];
		for (let i = 0; i < 5; i++)
			s.xm.push(await member(s.x));
		s.gm = [await member(s.x, { group_id: s.g.id }), await member(s.x, { group_id: s.g.id })];
		s.ym = await member(s.y);
		const rules = await s.get(`/api/v1/orgs/${s.x.id}/rules?date=2025-06-01`);
		assert.equal(rules.status, 200, JSON.stringify(rules.body));
		for (const r of rules.body.items) {
			articles[r.key] = `${r.regulation} ${r.article}`;
			values[r.key] = r.value;
		}
		const a = runCli(s.db, 'account', 'add', 'ol-secretary', '--password', PASSWORD, '--role', 'secretary', '--org', String(s.x.id));
		assert.equal(a.status, 0, a.stderr);
		s.secretary = (await login(s, 'ol-secretary', PASSWORD)).client;
	});

	// --- helpers ---------------------------------------------------------------------------

	/** A meeting body of branch X: a members' meeting, 9 of 16 present. */
	const body = (over = {}) => ({
		org_id: srv.x.id, kinds: ['members_meeting'], held_on: '2025-03-10', chair: '支部书记 王建国', recorder: '组织委员 赵敏',
		expected: 16, present: 9, ...over,
	});

	async function record(b, client = srv) {
		const r = await client.post('/api/v1/meetings', b);
		assert.equal(r.status, 201, `${JSON.stringify(b)} -> ${r.status} ${JSON.stringify(r.body)}`);
		assert.equal(typeof r.body.id, 'number');
		return r.body;
	}

	/** Every meeting of an organisation's subtree, following next_cursor; answers the pages. */
	async function pages(orgId, query = '', limit = 100, client = srv) {
		const out = [];
		let cursor = null;
		for (let guard = 0; guard < 100; guard++) {
			const q = `limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const r = await client.get(`/api/v1/orgs/${orgId}/meetings?${q}`);
			assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
			assert.deepEqual(Object.keys(r.body).sort(), ['items', 'next_cursor']);
			assert.ok(r.body.items.length <= limit, `${r.body.items.length} items in a page of ${limit}`);
			out.push(r.body.items);
			cursor = r.body.next_cursor ?? null;
			if (!cursor)
				return out;
		}
		throw new Error('paging does not end');
	}
	const list = async (orgId, query, limit, client) => (await pages(orgId, query, limit, client)).flat();

	/** The kept monthly counts: [org_id, month, kind, n] of one organisation (or all). */
	function counts(orgId, month) {
		const where = orgId ? `WHERE org_id = ${Number(orgId)}${month ? ` AND month = '${month}'` : ''}` : '';
		const out = execFileSync('sqlite3', ['-readonly', srv.db, `SELECT org_id, month, kind, n FROM orglife_month ${where} ORDER BY 1, 2, 3`],
			{ encoding: 'utf8' });
		return out.split('\n').filter(Boolean).map((l) => {
			const [o, m, k, n] = l.split('|');
			return [Number(o), m, k, Number(n)];
		});
	}
	/** The counts of one organisation and month as {kind: n}. */
	const monthOf = (orgId, month) => Object.fromEntries(counts(orgId, month).map(([, , k, n]) => [k, n]));

	/** What a refused request must leave as it was: the county's meetings and every count. */
	const snapshot = async () => ({ meetings: (await list(srv.county.id)).map((m) => m.id), counts: counts() });

	/**
	 * Sends a meeting that must be refused: the status, the field, the rule and its article (when a
	 * rule refuses) are checked, and nothing may have changed.
	 */
	async function refused(b, want, client = srv) {
		const before = await snapshot();
		const r = await client.post('/api/v1/meetings', b);
		const what = `${JSON.stringify(b)} -> ${r.status} ${JSON.stringify(r.body)}`;
		assert.equal(r.status, want.status ?? 400, what);
		assert.deepEqual(Object.keys(r.body), ['error'], what);
		const e = r.body.error;
		if (want.field !== undefined)
			assert.equal(e.field, want.field, what);
		if (want.rule) {
			assert.equal(e.code, 'rule_violation', what);
			assert.equal(e.rule, want.rule, what);
			assert.ok(articles[want.rule], `the rule table has ${want.rule}`);
			assert.equal(e.article, articles[want.rule], what);
		} else {
			assert.equal(e.rule, undefined, what);
			assert.equal(e.article, undefined, what);
		}
		assert.deepEqual(await snapshot(), before, `nothing is saved by ${what}`);
		return e;
	}

	// --- quorum and passing ------------------------------------------------------------------

	it('holds a meeting with more than half present: 9 of 16 and 1 of 1; refuses 8 of 16 and 0 of 1 (422)', async () => {
		const rule = 'orglife.quorum_percent';
		assert.match(articles[rule], /^中国共产党支部工作条例（试行） 第十一条/);
		assert.equal(String(values[rule]), '50');
		const e = await refused(body({ held_on: '2025-05-06', present: 8 }), { status: 422, field: 'present', rule });
		assert.ok(e.message, 'the refusal says why');
		await refused(body({ held_on: '2025-05-06', expected: 1, present: 0 }), { status: 422, field: 'present', rule });
		await refused(body({ held_on: '2025-05-06', present: 8, without_quorum: false }), { status: 422, field: 'present', rule });
		assert.deepEqual(monthOf(srv.x.id, '2025-05'), {});

		const nine = await record(body({ held_on: '2025-05-06' }));
		assert.deepEqual([nine.expected, nine.present, nine.valid_for_decisions], [16, 9, true]);
		assert.deepEqual(monthOf(srv.x.id, '2025-05'), { members_meeting: 1 });
		const one = await record(body({ held_on: '2025-05-28', expected: 1, present: 1 }));
		assert.deepEqual([one.expected, one.present, one.valid_for_decisions], [1, 1, true]);
		assert.deepEqual(monthOf(srv.x.id, '2025-05'), { members_meeting: 2 });
	});

	// With both rules at 50% (national, not locally overridable) a meeting below quorum has too few
	// present for any resolution to reach the pass mark: "never passed" is checked at the closest
	// case, all 8 present voting yes.
	it('keeps a meeting without its quorum when asked, not valid for decisions; its resolutions never pass', async () => {
		const kept = await record(body({
			held_on: '2025-06-03', present: 8, without_quorum: true, reason: '农忙，多数党员外出',
			resolutions: [{ text: '修缮村道', yes: 8, no: 0, abstain: 0 }],
		}));
		assert.equal(kept.valid_for_decisions, false);
		assert.deepEqual(kept.resolutions, [{ text: '修缮村道', yes: 8, no: 0, abstain: 0, passed: false }]);
		assert.deepEqual(await (await srv.get(`/api/v1/meetings/${kept.id}`)).body, kept);
		const none = await record(body({ held_on: '2025-06-04', expected: 1, present: 0, without_quorum: true }));
		assert.equal(none.valid_for_decisions, false);
		const item = (await list(srv.x.id, 'from=2025-06-01&to=2025-06-10')).map((m) => [m.id, m.valid_for_decisions]);
		assert.deepEqual(item, [[none.id, false], [kept.id, false]]);
	});

	it('passes a resolution with more than half of those expected voting yes: 9 of 16, not 8', async () => {
		const m = await record(body({
			held_on: '2025-06-17', present: 9,
			resolutions: [{ text: '同意甲项', yes: 8, no: 1, abstain: 0 }, { text: '同意乙项', yes: 9, no: 0, abstain: 0 },
				{ text: '同意丙项', yes: 0, no: 0, abstain: 9 }],
		}));
		assert.equal(m.valid_for_decisions, true);
		assert.deepEqual(m.resolutions, [
			{ text: '同意甲项', yes: 8, no: 1, abstain: 0, passed: false },
			{ text: '同意乙项', yes: 9, no: 0, abstain: 0, passed: true },
			{ text: '同意丙项', yes: 0, no: 0, abstain: 9, passed: false },
		]);
		assert.match(articles['orglife.pass_percent'], /^中国共产党支部工作条例（试行） 第十一条/);
		assert.equal(String(values['orglife.pass_percent']), '50');
		// more votes than members present, a negative count, no text: refused
		const bad = (res) => body({ held_on: '2025-06-18', resolutions: [res] });
		await refused(bad({ text: '丁', yes: 9, no: 1, abstain: 0 }), { field: 'resolutions' });
		await refused(bad({ text: '丁', yes: 5, no: 2, abstain: 3 }), { field: 'resolutions' });
		await refused(bad({ text: '丁', yes: -1, no: 0, abstain: 0 }), { field: 'resolutions' });
		await refused(bad({ text: '丁', yes: 1.5, no: 0, abstain: 0 }), { field: 'resolutions' });
		await refused(bad({ yes: 9, no: 0, abstain: 0 }), { field: 'resolutions' });
		await refused(bad({ text: '', yes: 9, no: 0, abstain: 0 }), { field: 'resolutions' });
		await refused(bad({ text: '丁', no: 0, abstain: 0 }), { field: 'resolutions' });
	});

	// --- kinds -------------------------------------------------------------------------------

	it('counts one meeting as two kinds: a theme Party day that is also a members\' meeting', async () => {
		assert.deepEqual(monthOf(srv.x.id, '2025-07'), {});
		const m = await record(body({ held_on: '2025-07-01', kinds: ['theme_day', 'members_meeting'], place: '党群服务中心' }));
		assert.deepEqual([...m.kinds].sort(), ['members_meeting', 'theme_day']);
		assert.deepEqual(monthOf(srv.x.id, '2025-07'), { members_meeting: 1, theme_day: 1 });
		const items = await list(srv.x.id, 'from=2025-07-01&to=2025-07-31');
		assert.deepEqual(items.map((x) => x.id), [m.id], 'listed once');
		assert.deepEqual([...items[0].kinds].sort(), ['members_meeting', 'theme_day']);
		// a lecture in the same month adds to its own kind only; the month is that of held_on
		await record(body({ held_on: '2025-07-31', kinds: ['lecture'] }));
		assert.deepEqual(monthOf(srv.x.id, '2025-07'), { lecture: 1, members_meeting: 1, theme_day: 1 });
		assert.deepEqual(monthOf(srv.x.id, '2025-08'), {});
	});

	it('holds group meetings in a Party group, with its members, and every other kind in a branch only (400 kinds)', async () => {
		const g = await record(body({
			org_id: srv.g.id, kinds: ['group_meeting'], held_on: '2025-08-05', expected: 2, present: 2,
			attendance: srv.gm.map((m) => ({ member_id: m.id, status: 'present' })),
		}));
		assert.equal(g.org_id, srv.g.id);
		assert.equal(g.org_name, srv.g.name);
		assert.deepEqual(g.attendance.map((a) => a.member_id).sort((a, b) => a - b), srv.gm.map((m) => m.id).sort((a, b) => a - b));
		assert.deepEqual(monthOf(srv.g.id, '2025-08'), { group_meeting: 1 });
		// the group's meeting is in its branch's subtree
		assert.ok((await list(srv.x.id, 'from=2025-08-01&to=2025-08-31')).some((x) => x.id === g.id));

		const at = (org, kinds, over) => body({ org_id: org.id, kinds, held_on: '2025-08-06', ...over });
		await refused(at(srv.x, ['group_meeting']), { field: 'kinds' });
		await refused(at(srv.x, ['members_meeting', 'group_meeting']), { field: 'kinds' });
		for (const kind of ['members_meeting', 'committee_meeting', 'lecture', 'theme_day', 'life_meeting', 'appraisal'])
			await refused(at(srv.g, [kind], { expected: 2, present: 2 }), { field: 'kinds' });
		await refused(at(srv.town, ['members_meeting']), { field: 'kinds' });
		await refused(at(srv.county, ['committee_meeting']), { field: 'kinds' });
		// a member of the branch outside the group does not attend the group's meeting
		await refused(at(srv.g, ['group_meeting'], { expected: 2, present: 2, attendance: [{ member_id: srv.xm[0].id, status: 'present' }] }),
			{ field: 'attendance' });
	});

	// --- refusals ----------------------------------------------------------------------------

	it('refuses unknown, repeated, missing and too many kinds (400 kinds)', async () => {
		const on = { held_on: '2025-09-02' };
		for (const kinds of [[], ['party_day'], ['lecture', 'lecture'], 'lecture', null, [1],
			['members_meeting', 'committee_meeting', 'lecture', 'theme_day', 'appraisal']])
			await refused(body({ ...on, kinds }), { field: 'kinds' });
		const { kinds, ...without } = body(on);
		await refused(without, { field: 'kinds' });
		// four distinct kinds are accepted
		const m = await record(body({ ...on, kinds: ['members_meeting', 'life_meeting', 'appraisal', 'theme_day'] }));
		assert.deepEqual([...m.kinds].sort(), ['appraisal', 'life_meeting', 'members_meeting', 'theme_day']);
		assert.deepEqual(monthOf(srv.x.id, '2025-09'), { appraisal: 1, life_meeting: 1, members_meeting: 1, theme_day: 1 });
	});

	it('refuses a future date, no chair or recorder, bad counts and unknown keys (400 naming the field)', async () => {
		const today = todayCST();
		await refused(body({ held_on: addDays(today, 1) }), { field: 'held_on' });
		for (const held_on of ['2025-02-30', '2025/03/10', '', 20250310])
			await refused(body({ held_on }), { field: 'held_on' });
		const { held_on, ...noDate } = body();
		await refused(noDate, { field: 'held_on' });
		for (const key of ['chair', 'recorder']) {
			const b = body({ held_on: '2025-10-08' });
			delete b[key];
			await refused(b, { field: key });
			await refused(body({ held_on: '2025-10-08', [key]: '' }), { field: key });
		}
		await refused(body({ held_on: '2025-10-08', expected: 1.5 }), { field: 'expected' });
		await refused(body({ held_on: '2025-10-08', expected: '16' }), { field: 'expected' });
		const { expected, ...noExpected } = body({ held_on: '2025-10-08' });
		await refused(noExpected, { field: 'expected' });
		await refused(body({ held_on: '2025-10-08', present: 17 }), { field: 'present' });
		await refused(body({ held_on: '2025-10-08', present: -1 }), { field: 'present' });
		const { present, ...noPresent } = body({ held_on: '2025-10-08' });
		await refused(noPresent, { field: 'present' });
		await refused(body({ held_on: '2025-10-08', quorum: 9 }), { field: 'quorum' });
		await refused(body({ held_on: '2025-10-08', without_quorum: 'yes', present: 8 }), { field: 'without_quorum' });
		await refused(body({ held_on: '2025-10-08', documents: 'minutes.pdf' }), { field: 'documents' });
		// today itself is not in the future
		const m = await record(body({ held_on: today, kinds: ['committee_meeting'], expected: 5, present: 3 }));
		assert.equal(m.held_on, today);
	});

	it('refuses expected 0 naming expected (400 expected)', async () => {
		await refused(body({ held_on: '2025-10-08', expected: 0, present: 0 }), { field: 'expected' });
		await refused(body({ held_on: '2025-10-08', expected: -3, present: 0 }), { field: 'expected' });
	});

	it('refuses a document without its title (400 documents)', async () => {
		await refused(body({ held_on: '2024-10-08', documents: [{ kind: 'photo', ref: 'IMG-1' }] }), { field: 'documents' });
		await refused(body({ held_on: '2024-10-08', documents: [{ title: '' }] }), { field: 'documents' });
		await refused(body({ held_on: '2024-10-08', documents: ['签到表'] }), { field: 'documents' });
	});

	it('refuses attendance of a non-member or a former one, leave without a reason and an unknown status (400 attendance)', async () => {
		const att = (...entries) => body({ held_on: '2025-04-14', expected: 5, present: 3, attendance: entries });
		const present = (m) => ({ member_id: m.id, status: 'present' });
		await refused(att(present(srv.ym)), { field: 'attendance' });
		await refused(att(present({ id: 99999999 })), { field: 'attendance' });
		// a member of the branch no longer: deceased
		const gone = await srv.post('/api/v1/members', {
			org_id: srv.x.id, name: uniq('党员'), id_number: idNumber('1950-05-05', 'M', '440703'), ethnicity: '01',
			education: 'bachelor', occupation: 'farmer', admit_date: '1975-07-01', convert_date: '1976-07-01',
		});
		assert.equal(gone.status, 201, JSON.stringify(gone.body));
		const d = await srv.patch(`/api/v1/members/${gone.body.id}`, { state: 'deceased', state_date: '2025-01-05', reason: '病故' });
		assert.equal(d.status, 200, JSON.stringify(d.body));
		await refused(att(present(gone.body)), { field: 'attendance' });
		await refused(att(present(srv.xm[0]), { member_id: srv.xm[1].id, status: 'leave' }), { field: 'attendance' });
		await refused(att(present(srv.xm[0]), { member_id: srv.xm[1].id, status: 'leave', reason: '' }), { field: 'attendance' });
		await refused(att({ member_id: srv.xm[0].id, status: 'late' }), { field: 'attendance' });
		await refused(att({ member_id: srv.xm[0].id }), { field: 'attendance' });
		await refused(att({ status: 'present' }), { field: 'attendance' });
		await refused(body({ held_on: '2025-04-14', attendance: 'all' }), { field: 'attendance' });
		assert.deepEqual(monthOf(srv.x.id, '2025-04'), {});
	});

	// --- the record ----------------------------------------------------------------------------

	it('records attendance with leave and its reason, and reads the meeting back as it was sent', async () => {
		const [m1, m2, m3, m4, m5] = srv.xm;
		const sent = {
			org_id: srv.x.id, kinds: ['members_meeting'], held_on: '2025-11-11', place: '村委会二楼会议室',
			chair: '支部书记 王建国', recorder: '组织委员 赵敏', agenda: '一、学习党章；二、讨论村道修缮', minutes: '王建国传达上级精神。与会党员逐项讨论。',
			expected: 5, present: 3,
			attendance: [
				{ member_id: m1.id, status: 'present' }, { member_id: m2.id, status: 'present' }, { member_id: m3.id, status: 'present' },
				{ member_id: m4.id, status: 'leave', reason: '外出务工' }, { member_id: m5.id, status: 'absent' },
			],
			resolutions: [{ text: '同意修缮村道', yes: 3, no: 0, abstain: 0 }],
			documents: [{ title: '会议签到表', kind: 'sign_in', ref: 'ARCH-2025-11-01' }],
		};
		const m = await record(sent);
		assert.deepEqual(Object.keys(m).sort(), RECORD_KEYS);
		const names = new Map(srv.xm.map((x) => [x.id, x.name]));
		const byMember = (a, b) => a.member_id - b.member_id;
		assert.equal(typeof m.recorded_at, 'string');
		assert.ok(m.recorded_at.length > 0);
		assert.deepEqual({ ...m, kinds: [...m.kinds].sort(), attendance: [...m.attendance].sort(byMember) }, {
			...sent, id: m.id, org_name: srv.x.name, valid_for_decisions: true, recorded_by: 'tester', recorded_at: m.recorded_at,
			attendance: sent.attendance.map((a) => ({ reason: null, ...a, name: names.get(a.member_id) })).sort(byMember),
			resolutions: [{ text: '同意修缮村道', yes: 3, no: 0, abstain: 0, passed: true }], // 3 of 5 expected: more than half
		});
		const back = await srv.get(`/api/v1/meetings/${m.id}`);
		assert.equal(back.status, 200, JSON.stringify(back.body));
		assert.deepEqual(back.body, m, 'GET answers the record as the POST did');
		assert.deepEqual(monthOf(srv.x.id, '2025-11'), { members_meeting: 1 });
		const missing = await srv.get('/api/v1/meetings/99999999');
		assert.equal(missing.status, 404, JSON.stringify(missing.body));
		assert.deepEqual(Object.keys(missing.body), ['error']);
	});

	it('lists the subtree\'s meetings newest first, within from and to, page by page', async () => {
		const dates = ['2025-01-05', '2025-02-05', '2025-03-05', '2025-04-05', '2025-05-05'];
		const made = [];
		for (const held_on of dates)
			made.push(await record(body({ org_id: srv.z.id, held_on, kinds: ['committee_meeting'], chair: `书记${held_on}`, expected: 5, present: 3 })));
		made.push(await record(body({ org_id: srv.zg.id, held_on: '2025-03-20', kinds: ['group_meeting'], expected: 3, present: 2 })));
		const newest = [...made].sort((a, b) => (a.held_on < b.held_on ? 1 : a.held_on > b.held_on ? -1 : 0));
		const item = (m) => Object.fromEntries(ITEM_KEYS.map((k) => [k, m[k]]));
		const all = await list(srv.z.id);
		assert.deepEqual(all.map((x) => Object.keys(x).sort()), all.map(() => ITEM_KEYS));
		assert.deepEqual(all, newest.map(item));
		assert.deepEqual(all.map((x) => x.held_on), ['2025-05-05', '2025-04-05', '2025-03-20', '2025-03-05', '2025-02-05', '2025-01-05']);
		// page by page: the same meetings, none twice
		for (const limit of [1, 2, 4]) {
			const p = await pages(srv.z.id, '', limit);
			assert.deepEqual(p.flat(), all, `pages of ${limit}`);
			assert.ok(p.length <= Math.ceil(all.length / limit) + 1, `${p.length} pages of ${limit}`);
		}
		// from and to, both days included
		const between = await list(srv.z.id, 'from=2025-02-05&to=2025-04-05');
		assert.deepEqual(between.map((x) => x.held_on), ['2025-04-05', '2025-03-20', '2025-03-05', '2025-02-05']);
		assert.deepEqual((await pages(srv.z.id, 'from=2025-02-05&to=2025-04-05', 1)).flat(), between);
		assert.deepEqual((await list(srv.z.id, 'from=2025-03-06')).map((x) => x.held_on), ['2025-05-05', '2025-04-05', '2025-03-20']);
		assert.deepEqual((await list(srv.z.id, 'to=2025-02-04')).map((x) => x.held_on), ['2025-01-05']);
		assert.deepEqual(await list(srv.z.id, 'from=2025-06-01&to=2025-12-31'), []);
		// the group's own list holds only its meeting; a sibling branch's none of these
		assert.deepEqual((await list(srv.zg.id)).map((x) => x.id), [made[5].id]);
		assert.ok(!(await list(srv.y.id)).some((x) => made.some((m) => m.id === x.id)));
		assert.deepEqual(monthOf(srv.z.id, '2025-03'), { committee_meeting: 1 });
		assert.deepEqual(monthOf(srv.zg.id, '2025-03'), { group_meeting: 1 });
	});

	// --- scope -------------------------------------------------------------------------------

	it('gives a branch secretary its own branch\'s meetings, and 404 for another branch\'s', async () => {
		const sec = srv.secretary;
		const theirs = await record(body({ org_id: srv.y.id, held_on: '2025-12-02', chair: '乙村书记 钱多多', place: '乙村会议室' }));
		const ours = await record(body({ held_on: '2025-12-03', kinds: ['committee_meeting'], expected: 5, present: 3 }), sec);
		assert.equal(ours.recorded_by, 'ol-secretary');
		assert.deepEqual(monthOf(srv.x.id, '2025-12'), { committee_meeting: 1 });

		const mine = await sec.get(`/api/v1/meetings/${ours.id}`);
		assert.equal(mine.status, 200, JSON.stringify(mine.body));
		assert.deepEqual(mine.body, ours);
		const group = (await list(srv.x.id, 'from=2025-08-01&to=2025-08-31', 100, sec)).filter((x) => x.org_id === srv.g.id);
		assert.equal(group.length, 1, 'the secretary lists the meetings of the branch\'s group too');

		const other = await sec.get(`/api/v1/meetings/${theirs.id}`);
		assert.equal(other.status, 404, JSON.stringify(other.body));
		assert.deepEqual(Object.keys(other.body), ['error']);
		const text = JSON.stringify(other.body);
		for (const s of [srv.y.name, '钱多多', '乙村会议室'])
			assert.ok(!text.includes(s), `the 404 names ${s}`);
		const otherList = await sec.get(`/api/v1/orgs/${srv.y.id}/meetings`);
		assert.equal(otherList.status, 404, JSON.stringify(otherList.body));
		const above = await sec.get(`/api/v1/orgs/${srv.town.id}/meetings`);
		assert.equal(above.status, 404, JSON.stringify(above.body));
		const seen = await list(srv.x.id, '', 100, sec);
		assert.ok(seen.length > 0 && seen.every((x) => [srv.x.id, srv.g.id].includes(x.org_id)), JSON.stringify(seen));
		await refused(body({ org_id: srv.y.id, held_on: '2025-12-04' }), { status: 404 }, sec);
	});
});
