// mobile.test.mjs - mobile members (流动党员, domain-rules §5.2) and the decisions on membership
// status of §5.1 and §7 over real HTTP.
//
//     R county committee (can_approve)
//     ├── T1 township (can_approve) ── B1, B2, B3 (branches)
//     └── T2 township (can_approve) ── C1 (branch: hosts members of B1)
//
// Registration before leaving with the activity card at its 6-month edge; the host's meetings,
// where a hosted member takes part as a guest (voting = 0) and the home branch's absence list
// counts it as taking part; the host reads and the home writes (403 naming 'org_id'); the
// yearly report missing and made; the must-transfer hint; the return with the card checked back;
// a transfer ending a registration. Then the members out of contact: listed for stopping at
// exactly 6 months, for removal at exactly 2 years stopped, the others watched; every decision
// refused for its meeting (another branch's, not a members' meeting, without quorum), for its
// grounds not there yet, or taken twice - changing nothing; the higher committee's approval
// (refused to the branch's secretary and to staff of the branch only) changing the state,
// statistics and history; a rejection with its reason changing nothing; a restoration; removal
// after six months absent from organisational life (§7). `jiceng stats verify` clean.
//
// "Today" is pinned (JICENG_TODAY).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { useServer, uniq, idNumber, login, addDays, addMonths } from './harness.mjs';

const TODAY = '2026-11-23';
process.env.JICENG_TODAY = TODAY;
const PASSWORD = 'Mobile-Pass-2026';

describe('mobile members (流动党员) and decisions on membership status', () => {
	const org = {};
	const as = {};
	const srv = useServer(async (s) => {
		const mk = async (name, type, parent, extra = {}) => {
			const body = { code: uniq(`MB${name}`), name: `流动${name}${uniq('')}`, type, ...extra };
			if (parent)
				body.parent_id = org[parent].id;
			const r = await s.post('/api/v1/orgs', body);
			assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
			org[name] = r.body;
		};
		await mk('R', 'county_committee', null, { can_approve: true });
		await mk('T1', 'township_committee', 'R', { can_approve: true });
		await mk('T2', 'township_committee', 'R', { can_approve: true });
		for (const [name, parent] of [['B1', 'T1'], ['B2', 'T1'], ['B3', 'T1'], ['C1', 'T2']])
			await mk(name, 'branch', parent);
		for (const [login_, role, o] of [['mb-sec-b1', 'secretary', 'B1'], ['mb-sec-c1', 'secretary', 'C1'],
			['mb-staff-t1', 'org_staff', 'T1'], ['mb-staff-b1', 'org_staff', 'B1']]) {
			const r = s.cli('account', 'add', login_, '--password', PASSWORD, '--role', role, '--org', String(org[o].id));
			assert.equal(r.status, 0, r.stderr);
			as[login_] = (await login(s, login_, PASSWORD)).client;
		}
	});

	async function addMember(o, over = {}) {
		const body = {
			org_id: org[o].id, name: uniq('党员'), id_number: idNumber('1988-08-08', 'M', '440703'), ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2012-07-01', convert_date: '2013-07-01', ...over,
		};
		const r = await srv.post('/api/v1/members', body);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		return r.body;
	}
	const stats = async (o) => (await srv.get(`/api/v1/orgs/${org[o].id}/stats`)).body;
	const member = async (id) => (await srv.get(`/api/v1/members/${id}`)).body;
	function refused(r, status, { field, rule } = {}) {
		assert.equal(r.status, status, JSON.stringify(r.body));
		assert.deepEqual(Object.keys(r.body), ['error']);
		if (field !== undefined)
			assert.equal(r.body.error.field, field, JSON.stringify(r.body));
		if (rule) {
			assert.equal(r.body.error.rule, rule, JSON.stringify(r.body));
			assert.ok(r.body.error.article, 'the refusal cites the regulation and its article');
		}
	}
	const away = (over = {}) => ({ left_on: addDays(TODAY, 2), reason: '外出务工', destination: '广东省深圳市南山区',
		contact: '13800138000', expected_return: '2027-03-01', ...over });
	/** A meeting of o on day held with the attendance given ({id: status}). */
	async function meeting(o, held_on, attendance = {}, over = {}) {
		const r = await srv.post('/api/v1/meetings', {
			org_id: org[o].id, kinds: ['members_meeting'], held_on, chair: '书记', recorder: '组织委员', expected: 3, present: 2,
			attendance: Object.entries(attendance).map(([member_id, status]) => ({ member_id: Number(member_id), status })), ...over,
		});
		return r;
	}

	// --- registration, card, host, reports, return ---------------------------------------------

	it('registers a member before leaving, with the activity card up to 6 months and no longer', async () => {
		const m = await addMember('B1');
		const before = await stats('T1');
		const card = { card_no: 'LD-2026-001', card_issued_on: TODAY };
		refused(await srv.post(`/api/v1/members/${m.id}/mobile`, away({ ...card, card_valid_until: addDays(addMonths(TODAY, 6), 1) })), 422,
			{ field: 'card_valid_until', rule: 'mobile.card_max_months' });
		refused(await srv.post(`/api/v1/members/${m.id}/mobile`, away({ contact: '' })), 400, { field: 'contact' });
		refused(await srv.post(`/api/v1/members/${m.id}/mobile`, away({ reason: undefined })), 400, { field: 'reason' });
		refused(await srv.post(`/api/v1/members/${m.id}/mobile`, away({ expected_return: addDays(TODAY, 1) })), 400, { field: 'expected_return' });
		refused(await srv.post(`/api/v1/members/${m.id}/mobile`, away({ host_org_id: org.B1.id })), 400, { field: 'host_org_id' });
		assert.deepEqual((await srv.get(`/api/v1/members/${m.id}/mobile`)).body.items, [], 'nothing was registered');
		assert.equal((await member(m.id)).mobile, false);
		const r = await as['mb-sec-b1'].post(`/api/v1/members/${m.id}/mobile`, away({ ...card, card_valid_until: addMonths(TODAY, 6) }));
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.state, 'away');
		assert.equal(r.body.card.valid_until, '2027-05-23');
		assert.notEqual(r.body.contact, '13800138000', 'the contact is masked');
		assert.equal(r.body.rules.card_max.key, 'mobile.card_max_months');
		assert.deepEqual(r.body.events.map((e) => e.kind), ['register']);
		const mm = await member(m.id);
		assert.deepEqual([mm.mobile, mm.mobile_destination], [true, '广东省深圳市南山区']);
		assert.equal((await stats('T1')).flags.mobile, (before.flags.mobile || 0) + 1);
		refused(await srv.post(`/api/v1/members/${m.id}/mobile`, away()), 409, { field: 'member_id' });
		// the contact is sealed in the database
		const raw = spawnSync('sqlite3', [srv.db, `SELECT hex(contact) FROM mobile_registration WHERE id = ${r.body.id}`], { encoding: 'utf8' }).stdout;
		assert.ok(!raw.includes(Buffer.from('13800138000').toString('hex').toUpperCase()));
		// renewing the card: 6 months at most again
		refused(await srv.post(`/api/v1/mobile/${r.body.id}/card`, { card_no: 'LD-2026-002', card_issued_on: TODAY, card_valid_until: addMonths(TODAY, 7) }),
			422, { rule: 'mobile.card_max_months' });
		const c = await srv.post(`/api/v1/mobile/${r.body.id}/card`, { card_no: 'LD-2026-002', card_issued_on: TODAY, card_valid_until: addMonths(TODAY, 3) });
		assert.equal(c.status, 200, JSON.stringify(c.body));
		assert.equal(c.body.card.no, 'LD-2026-002');
		// back home: the card is checked back first
		refused(await srv.post(`/api/v1/mobile/${r.body.id}/return`, { returned_on: addDays(TODAY, -1) }), 400, { field: 'returned_on' });
		srv.cardReg = r.body;
	});

	it('checks the card back on return (mobile.card_checked_on_return), then the member is home', async () => {
		const g = srv.cardReg;
		assert.ok(g, 'the registration test ran first');
		// left in two days: come back when the departure has happened (pinned today: the same day is refused above)
		const r0 = await srv.post(`/api/v1/mobile/${g.id}/return`, { returned_on: TODAY });
		refused(r0, 400, { field: 'returned_on' });
		const m = await addMember('B1');
		const r = await srv.post(`/api/v1/members/${m.id}/mobile`, away({ left_on: '2026-10-01', card_no: 'LD-9', card_issued_on: '2026-09-28', card_valid_until: '2027-03-28' }));
		assert.equal(r.status, 201, JSON.stringify(r.body));
		refused(await srv.post(`/api/v1/mobile/${r.body.id}/return`, { returned_on: TODAY }), 422, { field: 'card_checked', rule: 'mobile.card_checked_on_return' });
		assert.equal((await srv.get(`/api/v1/mobile/${r.body.id}`)).body.state, 'away');
		const back = await srv.post(`/api/v1/mobile/${r.body.id}/return`, { returned_on: TODAY, card_checked: true, note: '活动证已交回' });
		assert.equal(back.status, 200, JSON.stringify(back.body));
		assert.equal(back.body.state, 'returned');
		assert.equal(back.body.card.checked, true);
		assert.deepEqual([(await member(m.id)).mobile, (await member(m.id)).mobile_destination], [false, null]);
		refused(await srv.post(`/api/v1/mobile/${r.body.id}/reports`, { reported_on: TODAY, note: '近况' }), 409);
		const h = (await srv.get(`/api/v1/members/${m.id}/history`)).body.items.map((x) => x.action);
		assert.deepEqual(h.slice(0, 2), ['mobile_return', 'mobile']);
	});

	it('lets the host read and count the member as taking part in its meetings, never as a voter, the home writing', async () => {
		const home1 = await addMember('B1'), home2 = await addMember('B1'), hostMember = await addMember('C1');
		const mh = await addMember('B1');
		const r = await srv.post(`/api/v1/members/${mh.id}/mobile`, away({ left_on: '2026-08-01', host_org_id: org.C1.id, expected_return: '2027-01-31' }));
		assert.equal(r.status, 201, JSON.stringify(r.body));
		const gid = r.body.id;
		assert.equal(r.body.host.id, org.C1.id);
		// the host reads it and lists it as hosted; it does not write on it
		assert.equal((await as['mb-sec-c1'].get(`/api/v1/mobile/${gid}`)).status, 200);
		const hosted = (await as['mb-sec-c1'].get(`/api/v1/orgs/${org.C1.id}/mobile?hosted=1`)).body.items;
		assert.deepEqual(hosted.map((x) => x.id), [gid]);
		refused(await as['mb-sec-c1'].post(`/api/v1/mobile/${gid}/reports`, { reported_on: TODAY, note: '表现良好' }), 403, { field: 'org_id' });
		refused(await as['mb-sec-c1'].get(`/api/v1/members/${mh.id}`), 404, {});
		// home meetings mark the member absent Aug-Nov; the host's record the member present in Oct and Nov
		for (const held of ['2026-08-20', '2026-09-20', '2026-10-20', '2026-11-20']) {
			const mt = await meeting('B1', held, { [mh.id]: 'absent', [home1.id]: 'absent', [home2.id]: 'present' });
			assert.equal(mt.status, 201, JSON.stringify(mt.body));
		}
		// a host named by its code, from a day on; outside by name; the host's history kept
		refused(await srv.post(`/api/v1/mobile/${gid}/host`, { since: '2026-08-01', host_org_code: 'NO-SUCH' }), 400, { field: 'host_org_code' });
		refused(await srv.post(`/api/v1/mobile/${gid}/host`, { since: '2026-07-01', host_org_code: org.B2.code }), 400, { field: 'since' });
		let h = await srv.post(`/api/v1/mobile/${gid}/host`, { since: '2026-08-01', host_name: '深圳市某社区党委' });
		assert.equal(h.status, 200, JSON.stringify(h.body));
		assert.deepEqual([h.body.host.id, h.body.host.name], [null, '深圳市某社区党委']);
		h = await srv.post(`/api/v1/mobile/${gid}/host`, { since: '2026-08-01', host_org_code: org.C1.code });
		assert.equal(h.body.host.id, org.C1.id);
		refused(await meeting('C1', '2026-07-15', { [mh.id]: 'present' }), 400, { field: 'attendance' }); // before leaving
		refused(await meeting('B2', '2026-10-10', { [mh.id]: 'present' }), 400, { field: 'attendance' }); // not its host
		for (const held of ['2026-10-10', '2026-11-10']) {
			const mt = await meeting('C1', held, { [mh.id]: 'present', [hostMember.id]: 'present' }, { kinds: ['theme_day'] });
			assert.equal(mt.status, 201, JSON.stringify(mt.body));
			const rows = Object.fromEntries(mt.body.attendance.map((a) => [a.member_id, a.voting ?? true]));
			assert.deepEqual(rows, { [mh.id]: false, [hostMember.id]: true }, 'the guest is not a voter');
			assert.deepEqual([mt.body.expected, mt.body.present], [3, 2], 'nor one of the quorum');
		}
		const absences = (await srv.get(`/api/v1/orgs/${org.B1.id}/absences`)).body;
		const listed = (absences.items || absences).map((x) => x.member_id);
		assert.ok(listed.includes(home1.id), 'absent four months at home without a host: listed');
		assert.ok(!listed.includes(mh.id), 'taking part at the host counts as taking part');
	});

	it('lists the yearly report missing, and the must-transfer hint of a member away 6 months and more', async () => {
		const m = await addMember('B1');
		const r = await srv.post(`/api/v1/members/${m.id}/mobile`, away({ left_on: '2025-10-01', expected_return: null }));
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.report_due_on, '2026-10-01');
		assert.equal(r.body.report_missing, true);
		assert.equal(r.body.must_transfer, true);
		let list = (await srv.get(`/api/v1/orgs/${org.T1.id}/mobile?state=report_missing`)).body;
		assert.ok(list.items.some((x) => x.id === r.body.id));
		assert.equal(list.rules.report_interval.key, 'mobile.report_interval_months');
		const hints = (await srv.get(`/api/v1/members/${m.id}/transfers`)).body.hints;
		assert.deepEqual(hints.map((h) => [h.kind, h.rule.key]), [['away', 'transfer.must_transfer_away_months']]);
		refused(await srv.post(`/api/v1/mobile/${r.body.id}/reports`, { reported_on: TODAY }), 400, { field: 'note' });
		refused(await srv.post(`/api/v1/mobile/${r.body.id}/reports`, { reported_on: addDays(TODAY, -1), note: 'x' }), 400, { field: 'reported_on' });
		const rep = await srv.post(`/api/v1/mobile/${r.body.id}/reports`, { reported_on: TODAY, note: '在深圳某公司工作，参加流入地党组织活动' });
		assert.equal(rep.status, 200, JSON.stringify(rep.body));
		assert.equal(rep.body.report_due_on, '2027-11-23');
		assert.equal(rep.body.report_missing, false);
		list = (await srv.get(`/api/v1/orgs/${org.T1.id}/mobile?state=report_missing`)).body;
		assert.ok(!list.items.some((x) => x.id === r.body.id));
		assert.ok((await srv.get(`/api/v1/orgs/${org.T1.id}/mobile?state=must_transfer`)).body.items.some((x) => x.id === r.body.id));
		refused(await srv.get(`/api/v1/orgs/${org.T1.id}/mobile?state=gone`), 400, { field: 'state' });
	});

	it('ends the registration when the member\'s relationship is transferred', async () => {
		const m = await addMember('B2');
		const g = (await srv.post(`/api/v1/members/${m.id}/mobile`, away({ left_on: '2026-01-10', expected_return: null }))).body;
		let t = await srv.post(`/api/v1/members/${m.id}/transfers`, { to_org_id: org.C1.id, started_on: TODAY, reason: '在流入地工作已满6个月' });
		assert.equal(t.status, 201, JSON.stringify(t.body));
		for (const step of ['issue', 'forward', 'accept'])
			t = await srv.post(`/api/v1/transfers/${t.body.id}/${step}`, { on: TODAY });
		assert.equal(t.body.state, 'accepted', JSON.stringify(t.body));
		const after = (await srv.get(`/api/v1/mobile/${g.id}`)).body;
		assert.equal(after.state, 'ended');
		const mm = await member(m.id);
		assert.deepEqual([mm.org_id, mm.mobile], [org.C1.id, false]);
	});

	// --- out of contact: lists and decisions -------------------------------------------------

	it('hints at a temporary branch where 3 members are away together, never at 2 (mobile.together_min_members)', async () => {
		const ids = [];
		const together = async () => (await srv.get(`/api/v1/orgs/${org.T1.id}/mobile`)).body;
		for (let i = 0; i < 3; i++) {
			const m = await addMember('B3');
			const r = await srv.post(`/api/v1/members/${m.id}/mobile`, away({ destination: '浙江省义乌市国际商贸城' }));
			assert.equal(r.status, 201, JSON.stringify(r.body));
			ids.push(m.id);
			const page = await together();
			const group = page.together.find((g) => g.destination === '浙江省义乌市国际商贸城');
			if (i < 2) {
				assert.equal(group, undefined, `${i + 1} away together: no hint`);
				continue;
			}
			assert.deepEqual([group.host, group.count, group.members.map((x) => x.member_id).sort()], [null, 3, [...ids].sort()]);
			assert.equal(page.rules.together.key, 'mobile.together_min_members');
			assert.match(page.rules.together.article ?? JSON.stringify(page.rules.together), /3名以上/);
		}
		// not in the lists of another state, nor on the host's side
		assert.equal((await srv.get(`/api/v1/orgs/${org.T1.id}/mobile?state=returned`)).body.together.length, 0);
		assert.equal((await srv.get(`/api/v1/orgs/${org.B1.id}/mobile`)).body.together.some((g) => g.destination === '浙江省义乌市国际商贸城'), false);
	});

	it('lists members out of contact for stopping at exactly 6 months and watches the others', async () => {
		const due = await addMember('B1', { lost_contact: true, lost_contact_date: addMonths(TODAY, -6) });
		const soon = await addMember('B1', { lost_contact: true, lost_contact_date: addDays(addMonths(TODAY, -6), 1) });
		const r = (await srv.get(`/api/v1/orgs/${org.B1.id}/lost-contact`)).body;
		assert.ok(r.for_stopping.some((x) => x.member_id === due.id && x.due_on === TODAY && x.months === 6));
		assert.ok(r.watch.some((x) => x.member_id === soon.id && x.due_on === addDays(TODAY, 1)));
		assert.ok(!r.for_stopping.some((x) => x.member_id === soon.id));
		assert.equal(r.rules.stop.key, 'member.lost_contact_stop_months');
		assert.equal(r.rules.removal.key, 'member.stopped_removal_months');
		srv.lost = { due, soon };
	});

	it('refuses a decision at a meeting that is not a valid members\' meeting of the branch, or before its grounds, changing nothing', async () => {
		const { due, soon } = srv.lost;
		const valid = await meeting('B1', TODAY);
		assert.equal(valid.status, 201, JSON.stringify(valid.body));
		const other = await meeting('B2', TODAY);
		const committee = await meeting('B1', TODAY, {}, { kinds: ['committee_meeting'] });
		const thin = await meeting('B1', TODAY, {}, { present: 1, without_quorum: true });
		assert.equal(thin.body.valid_for_decisions, false);
		const decide = (mid, body) => srv.post(`/api/v1/members/${mid}/status-decisions`, { kind: 'stop', reason: '多方查找无下落', ...body });
		refused(await decide(due.id, { meeting_id: other.body.id }), 422, { field: 'meeting_id', rule: 'member.status_decision_meeting' });
		refused(await decide(due.id, { meeting_id: committee.body.id }), 422, { field: 'meeting_id', rule: 'member.status_decision_meeting' });
		refused(await decide(due.id, { meeting_id: thin.body.id }), 422, { field: 'meeting_id', rule: 'member.status_decision_meeting' });
		refused(await decide(due.id, { meeting_id: 99999999 }), 400, { field: 'meeting_id' });
		refused(await decide(due.id, { meeting_id: valid.body.id, reason: '' }), 400, { field: 'reason' });
		refused(await decide(due.id, { meeting_id: valid.body.id, kind: 'remove' }), 409, { field: 'kind' });
		refused(await decide(due.id, { meeting_id: valid.body.id, kind: 'expel' }), 400, { field: 'kind' });
		refused(await decide(soon.id, { meeting_id: valid.body.id }), 422, { field: 'meeting_id', rule: 'member.lost_contact_stop_months' });
		const ok = await srv.post(`/api/v1/members/${due.id}/status-decisions`, {});
		refused(ok, 400, { field: 'kind' });
		assert.deepEqual((await srv.get(`/api/v1/members/${due.id}/mobile`)).body.decisions, []);
		assert.equal((await member(due.id)).state, 'normal');
		srv.validMeeting = valid.body.id;
	});

	it('stops a membership only when the higher committee approves the branch\'s decision', async () => {
		const { due } = srv.lost;
		const before = await stats('T1');
		const d = await as['mb-sec-b1'].post(`/api/v1/members/${due.id}/status-decisions`, { kind: 'stop', meeting_id: srv.validMeeting, reason: '失联6个月，多方查找无下落' });
		assert.equal(d.status, 201, JSON.stringify(d.body));
		assert.equal(d.body.status, 'pending');
		assert.equal(d.body.approving_org_id, org.T1.id);
		assert.equal(d.body.grounds_since, addMonths(TODAY, -6));
		assert.equal((await member(due.id)).state, 'normal', 'nothing changes before the approval');
		assert.deepEqual(await stats('T1'), before);
		refused(await srv.post(`/api/v1/members/${due.id}/status-decisions`, { kind: 'stop', meeting_id: srv.validMeeting, reason: 'again' }), 409, { field: 'member_id' });
		const lists = (await srv.get(`/api/v1/orgs/${org.B1.id}/lost-contact`)).body;
		assert.equal(lists.for_stopping.find((x) => x.member_id === due.id).pending_decision, d.body.id);
		const pending = (await srv.get(`/api/v1/orgs/${org.T1.id}/status-decisions?status=pending`)).body.items;
		assert.ok(pending.some((x) => x.id === d.body.id));
		const base = `/api/v1/status-decisions/${d.body.id}`;
		refused(await as['mb-sec-b1'].post(`${base}/answer`, { on: TODAY, approved: true }), 403);
		refused(await as['mb-staff-b1'].post(`${base}/answer`, { on: TODAY, approved: true }), 403, { field: 'approving_org_id' });
		refused(await as['mb-staff-t1'].post(`${base}/answer`, { on: TODAY }), 400, { field: 'approved' });
		refused(await as['mb-staff-t1'].post(`${base}/answer`, { on: addDays(TODAY, 1), approved: true }), 400, { field: 'on' });
		refused(await as['mb-staff-t1'].post(`${base}/answer`, { on: TODAY, approved: false }), 400, { field: 'reason' });
		assert.equal((await srv.get(base)).body.status, 'pending');
		const a = await as['mb-staff-t1'].post(`${base}/answer`, { on: TODAY, approved: true, reason: '同意停止党籍' });
		assert.equal(a.status, 200, JSON.stringify(a.body));
		assert.equal(a.body.status, 'approved');
		const m = await member(due.id);
		assert.deepEqual([m.state, m.state_date], ['stopped', TODAY]);
		const after = await stats('T1');
		assert.equal(after.by_state.stopped, (before.by_state.stopped || 0) + 1);
		assert.equal(after.by_state.normal, before.by_state.normal - 1);
		assert.equal(after.members, before.members, 'a stopped member is still counted a member');
		const h = (await srv.get(`/api/v1/members/${due.id}/history`)).body.items[0];
		assert.equal(h.action, 'status_decision');
		assert.deepEqual(h.changes.state, ['normal', 'stopped']);
		refused(await as['mb-staff-t1'].post(`${base}/answer`, { on: TODAY, approved: true }), 409);
		const sqlite = spawnSync('sqlite3', [srv.db, `UPDATE member_decision SET reason = 'x' WHERE id = ${d.body.id}`], { encoding: 'utf8' });
		assert.match(sqlite.stderr, /never changed/);
	});

	it('removes after 2 years stopped and still out of contact, not a day before (member.stopped_removal_months)', async () => {
		const two = await addMember('B1', { state: 'stopped', state_date: addMonths(TODAY, -24), lost_contact: true, lost_contact_date: '2024-01-01' });
		const almost = await addMember('B1', { state: 'stopped', state_date: addDays(addMonths(TODAY, -24), 1), lost_contact: true, lost_contact_date: '2024-01-01' });
		const found = await addMember('B1', { state: 'stopped', state_date: addMonths(TODAY, -30) });
		const lists = (await srv.get(`/api/v1/orgs/${org.B1.id}/lost-contact`)).body;
		assert.ok(lists.for_removal.some((x) => x.member_id === two.id && x.due_on === TODAY));
		assert.ok(lists.watch.some((x) => x.member_id === almost.id));
		const decide = (mid, kind) => srv.post(`/api/v1/members/${mid}/status-decisions`, { kind, meeting_id: srv.validMeeting, reason: '停止党籍满两年仍无联系' });
		refused(await decide(almost.id, 'remove'), 422, { field: 'meeting_id', rule: 'member.stopped_removal_months' });
		refused(await decide(found.id, 'remove'), 422, { field: 'kind', rule: 'member.stopped_removal_months' });
		const before = await stats('T1');
		const d = await decide(two.id, 'remove');
		assert.equal(d.status, 201, JSON.stringify(d.body));
		assert.equal(d.body.to_state, 'lapsed');
		const a = await srv.post(`/api/v1/status-decisions/${d.body.id}/answer`, { on: TODAY, approved: true });
		assert.equal(a.status, 200, JSON.stringify(a.body));
		assert.equal((await member(two.id)).state, 'lapsed');
		const after = await stats('T1');
		assert.equal(after.members, before.members - 1);
		assert.equal(after.by_state.lapsed, (before.by_state.lapsed || 0) + 1);
		// the stopped member found again is restored, in contact
		const r = await decide(found.id, 'restore');
		assert.equal(r.status, 201, JSON.stringify(r.body));
		await srv.post(`/api/v1/status-decisions/${r.body.id}/answer`, { on: TODAY, approved: true });
		const back = await member(found.id);
		assert.deepEqual([back.state, back.lost_contact], ['normal', false]);
	});

	it('changes nothing when the higher committee rejects, with its reason', async () => {
		const m = await addMember('B1', { lost_contact: true, lost_contact_date: '2025-01-01' });
		const d = await srv.post(`/api/v1/members/${m.id}/status-decisions`, { kind: 'stop', meeting_id: srv.validMeeting, reason: '失联' });
		const a = await srv.post(`/api/v1/status-decisions/${d.body.id}/answer`, { on: TODAY, approved: false, reason: '尚未穷尽查找手段' });
		assert.equal(a.status, 200, JSON.stringify(a.body));
		assert.deepEqual([a.body.status, a.body.answer_reason], ['rejected', '尚未穷尽查找手段']);
		assert.equal((await member(m.id)).state, 'normal');
		// a new decision may be taken later
		assert.equal((await srv.post(`/api/v1/members/${m.id}/status-decisions`, { kind: 'stop', meeting_id: srv.validMeeting, reason: '再次讨论' })).status, 201);
	});

	it('removes as self-withdrawal after 6 months in a row absent from organisational life, not after 5 (member.self_withdrawal_months)', async () => {
		const six = await addMember('B3'), five = await addMember('B3'), present = await addMember('B3');
		const months = ['2026-06-15', '2026-07-15', '2026-08-15', '2026-09-15', '2026-10-15', '2026-11-15'];
		for (const [i, held] of months.entries()) {
			const r = await meeting('B3', held, { [six.id]: 'absent', [five.id]: i === 0 ? 'present' : 'absent', [present.id]: 'present' });
			assert.equal(r.status, 201, JSON.stringify(r.body));
		}
		const decisive = await meeting('B3', TODAY, { [present.id]: 'present' });
		const decide = (mid) => srv.post(`/api/v1/members/${mid}/status-decisions`, { kind: 'lapse', meeting_id: decisive.body.id, reason: '连续六个月不参加组织生活' });
		refused(await decide(five.id), 422, { field: 'kind', rule: 'member.self_withdrawal_months' });
		const d = await decide(six.id);
		assert.equal(d.status, 201, JSON.stringify(d.body));
		assert.equal(d.body.grounds_since, '2026-06-01');
		await srv.post(`/api/v1/status-decisions/${d.body.id}/answer`, { on: TODAY, approved: true });
		assert.equal((await member(six.id)).state, 'lapsed');
	});

	it('keeps the statistics equal to a recount after all of it (`jiceng stats verify`)', () => {
		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `jiceng stats verify: ${v.stdout}${v.stderr}`);
		assert.match(v.stdout, / 0 differ/);
	});
});
