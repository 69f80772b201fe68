// transfer.test.mjs - transfers of membership (组织关系转接, domain-rules §5.1) over real HTTP.
//
// The tree (can_approve: the authority to approve probationary members, which lets a committee
// send and receive directly):
//
//     W city committee (no authority)
//     R county committee (can_approve), under W
//     ├── T1 township (can_approve) ── B1, B2 (branches), G1 (general branch) ── B3
//     ├── T2 township (can_approve) ── C1 (branch)
//     ├── P  primary committee (can_approve), members directly in it
//     └── N  township (no authority) ── NB (branch)          -> its letters go through R
//     X  county committee under W, no authority anywhere above ── X1 -> refused (transfer.direct_authority)
//
// One whole transfer B1 -> C1 step by step with the accounts of each side (the secretary of B1,
// staff of T1 and of T2, the secretary of C1): every step refused for the wrong side (403 naming
// the side's field), out of turn (409), with a bad date (400), a refusal without reason (422
// naming transfer.no_refusal_without_reason) - each changing nothing - and acceptance moving the
// member with the statistics of both subtrees and the history, `jiceng stats verify` clean. Then
// the letter's validity at its edge (accepted on its last day, refused the day after), the
// route of a primary committee sending directly and of a general branch's member, every refusal
// at the start, withdrawal and refusal with reasons, a transfer to outside (the PDF: three parts
// on one A4 page; the receipt recorded by hand takes the member out of the registry) and from
// outside (registered with the letter's details; a member who once left comes back to the same
// record), the subtree's lists (out, in, open, expired, stuck) and the must-transfer hints.
//
// "Today" is pinned (JICENG_TODAY) so that dates in the past make the letter's validity and the
// stuck list exact without moving a clock.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useServer, uniq, idNumber, login, addDays, addMonths } from './harness.mjs';

const TODAY = '2026-11-23';
process.env.JICENG_TODAY = TODAY;
const PASSWORD = 'Transfer-Pass-2026';

describe('transfers of membership (组织关系转接)', () => {
	const org = {};
	const as = {}; // account name -> client
	const srv = useServer(async (s) => {
		const mk = async (name, type, parent, extra = {}) => {
			const body = { code: uniq(`TR${name}`), name: `转接${name}${uniq('')}`, type, ...extra };
			if (parent)
				body.parent_id = org[parent].id;
			const r = await s.post('/api/v1/orgs', body);
			assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
			org[name] = r.body;
		};
		await mk('W', 'city_committee', null);
		await mk('R', 'county_committee', 'W', { can_approve: true });
		await mk('T1', 'township_committee', 'R', { can_approve: true });
		await mk('T2', 'township_committee', 'R', { can_approve: true });
		await mk('P', 'primary_committee', 'R', { can_approve: true });
		await mk('N', 'township_committee', 'R');
		await mk('X', 'county_committee', 'W');
		for (const [name, parent] of [['B1', 'T1'], ['B2', 'T1'], ['C1', 'T2'], ['NB', 'N'], ['X1', 'X']])
			await mk(name, 'branch', parent);
		await mk('G1', 'general_branch', 'T1');
		await mk('B3', 'branch', 'G1');
		await mk('GR', 'group', 'C1');
		for (const [login_, role, o] of [['tr-sec-b1', 'secretary', 'B1'], ['tr-sec-c1', 'secretary', 'C1'],
			['tr-staff-t1', 'org_staff', 'T1'], ['tr-staff-t2', 'org_staff', 'T2'], ['tr-staff-b1', 'org_staff', 'B1'],
			['tr-disc-r', 'discipline', 'R']]) {
			const r = s.cli('account', 'add', login_, '--password', PASSWORD, '--role', role, '--org', String(org[o].id));
			assert.equal(r.status, 0, r.stderr);
			as[login_] = (await login(s, login_, PASSWORD)).client;
		}
	});

	// --- helpers ---------------------------------------------------------------------------

	const ids = new Map(); // member id -> its ID number
	async function addMember(o, over = {}) {
		const body = {
			org_id: org[o].id, name: uniq('党员'), id_number: idNumber('1985-04-04', 'F', '440703'), ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2010-07-01', convert_date: '2011-07-01', ...over,
		};
		const r = await srv.post('/api/v1/members', body);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		ids.set(r.body.id, body.id_number);
		return r.body;
	}
	const stats = async (o) => (await srv.get(`/api/v1/orgs/${org[o].id}/stats`)).body;
	const transfersOf = async (mid) => (await srv.get(`/api/v1/members/${mid}/transfers`)).body.items;
	const get = async (id) => (await srv.get(`/api/v1/transfers/${id}`)).body;
	/** The parts of a transfer that a refused step must leave as they were. */
	const keep = (t) => ({ state: t.state, version: t.version, letter: t.letter, steps: t.steps.length, last: t.last_step_on });

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

	async function start(mid, body, client = srv) {
		return client.post(`/api/v1/members/${mid}/transfers`, { started_on: TODAY, reason: '工作调动', ...body });
	}

	// --- one transfer from start to receipt ------------------------------------------------

	it('carries one transfer from the sending branch to the receiving one, each side its own steps', async () => {
		const m = await addMember('B1');
		const beforeT1 = await stats('T1'), beforeT2 = await stats('T2'), beforeR = await stats('R');
		const started = await start(m.id, { to_org_code: org.C1.code, dues_paid_until: '2026-10' }, as['tr-sec-b1']);
		assert.equal(started.status, 201, JSON.stringify(started.body));
		let t = started.body;
		assert.equal(t.state, 'requested');
		assert.equal(t.direction, 'internal');
		assert.deepEqual(t.route.map((x) => [x.id, x.role]), [[org.B1.id, 'sender'], [org.T1.id, 'sending_committee'],
			[org.T2.id, 'receiving_committee'], [org.C1.id, 'receiver']]);
		assert.deepEqual(t.next, { action: 'issue', side: 'sending_committee' });
		assert.deepEqual(t.actions, ['cancel'], 'the sending branch may only withdraw now');
		assert.equal(t.letter.no, null);
		assert.equal(t.letter.rule.key, 'transfer.letter_valid_months');
		// the member stays in the sending branch, flagged by the transfer under way
		assert.equal((await srv.get(`/api/v1/members/${m.id}`)).body.org_id, org.B1.id);
		refused(await start(m.id, { to_org_id: org.B2.id }), 409, { field: 'member_id' });

		const id = t.id, base = `/api/v1/transfers/${id}`;
		assert.equal(t.member_readable, true, 'the sender holds the member until the receiver accepts');
		assert.equal((await as['tr-sec-c1'].get(base)).body.member_readable, false);
		let before = keep(await get(id));
		// the letter does not exist before it is issued; nothing may be accepted before it either
		refused(await srv.get(`${base}/letter`), 409);
		refused(await as['tr-sec-c1'].post(`${base}/accept`, { on: TODAY }), 409);
		// issuing is the sending committee's: not the branch secretary's (no transfer.approve), not
		// the receiving township's staff, not staff of the branch only
		refused(await as['tr-sec-b1'].post(`${base}/issue`, { on: TODAY }), 403);
		refused(await as['tr-staff-t2'].post(`${base}/issue`, { on: TODAY }), 403, { field: 'sending_committee_id' });
		refused(await as['tr-staff-b1'].post(`${base}/issue`, { on: TODAY }), 403, { field: 'sending_committee_id' });
		refused(await as['tr-staff-t1'].post(`${base}/issue`, { on: addDays(TODAY, -1) }), 400, { field: 'on' });
		refused(await as['tr-staff-t1'].post(`${base}/issue`, { on: addDays(TODAY, 1) }), 400, { field: 'on' });
		refused(await as['tr-staff-t1'].post(`${base}/issue`, {}), 400, { field: 'on' });
		assert.deepEqual(keep(await get(id)), before, 'the refused steps changed nothing');

		let r = await as['tr-staff-t1'].post(`${base}/issue`, { on: TODAY });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		t = r.body;
		assert.equal(t.state, 'issued');
		assert.equal(t.letter.no, `${org.T1.code}-2026-0001`);
		assert.equal(t.letter.issued_on, TODAY);
		assert.equal(t.letter.valid_until, '2027-02-23');
		assert.equal(t.letter.valid_months, 3);
		assert.equal(t.letter.days_left, 92);
		assert.deepEqual(t.next, { action: 'forward', side: 'receiving_committee' });

		before = keep(t);
		refused(await as['tr-sec-c1'].post(`${base}/accept`, { on: TODAY }), 409);
		refused(await as['tr-staff-t1'].post(`${base}/forward`, { on: TODAY }), 403, { field: 'receiving_committee_id' });
		refused(await as['tr-staff-t1'].post(`${base}/issue`, { on: TODAY }), 409);
		assert.deepEqual(keep(await get(id)), before);
		r = await as['tr-staff-t2'].post(`${base}/forward`, { on: TODAY });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.state, 'forwarded');
		assert.deepEqual(r.body.next, { action: 'accept', side: 'receiver' });

		before = keep(r.body);
		// the sending branch cannot accept its own letter; a refusal needs its reason
		refused(await as['tr-sec-b1'].post(`${base}/accept`, { on: TODAY }), 403, { field: 'to_org_id' });
		refused(await as['tr-sec-c1'].post(`${base}/refuse`, { on: TODAY }), 422, { field: 'reason', rule: 'transfer.no_refusal_without_reason' });
		refused(await as['tr-sec-c1'].post(`${base}/refuse`, { on: TODAY, reason: '' }), 422, { rule: 'transfer.no_refusal_without_reason' });
		refused(await as['tr-sec-c1'].post(`${base}/receipt`, { on: TODAY }), 409);
		refused(await as['tr-sec-c1'].post(`${base}/accept`, { on: TODAY, extra: 1 }), 400, { field: 'extra' });
		assert.deepEqual(keep(await get(id)), before);
		assert.equal((await srv.get(`/api/v1/members/${m.id}`)).body.org_id, org.B1.id, 'still in the sending branch');
		assert.deepEqual(await stats('T1'), beforeT1);

		r = await as['tr-sec-c1'].post(`${base}/accept`, { on: TODAY });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.state, 'accepted');
		assert.equal(r.body.accepted_on, TODAY);
		assert.deepEqual(r.body.next, { action: 'receipt', side: 'sender' });
		// the member moved, the statistics with it, in both subtrees; the county's stay the same
		const moved = (await srv.get(`/api/v1/members/${m.id}`)).body;
		assert.equal(moved.org_id, org.C1.id);
		assert.equal((await stats('T1')).members, beforeT1.members - 1);
		assert.equal((await stats('T2')).members, beforeT2.members + 1);
		assert.equal((await stats('B1')).members, 0);
		assert.equal((await stats('C1')).members, 1);
		assert.deepEqual(await stats('R'), beforeR);
		const history = (await srv.get(`/api/v1/members/${m.id}/history`)).body.items;
		assert.equal(history[0].action, 'transfer');
		assert.deepEqual(history[0].changes.org_id, [org.B1.id, org.C1.id]);
		assert.match(history[0].reason, new RegExp(`${org.T1.code}-2026-0001`));
		// the sender no longer sees the member, but still its transfer, and closes it with the receipt
		refused(await as['tr-sec-b1'].get(`/api/v1/members/${m.id}`), 404);
		assert.equal((await as['tr-sec-b1'].get(base)).body.member_readable, false);
		assert.equal((await as['tr-sec-c1'].get(base)).body.member_readable, true);
		refused(await as['tr-sec-c1'].post(`${base}/accept`, { on: TODAY }), 409);
		refused(await as['tr-sec-c1'].post(`${base}/receipt`, { on: TODAY }), 403, { field: 'from_org_id' });
		r = await as['tr-sec-b1'].post(`${base}/receipt`, { on: TODAY });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.state, 'closed');
		assert.equal(r.body.receipt_on, TODAY);
		assert.equal(r.body.next, null);
		assert.deepEqual(r.body.steps.map((x) => x.action), ['start', 'issue', 'forward', 'accept', 'receipt']);
		assert.deepEqual(r.body.steps.map((x) => x.org_id), [org.B1.id, org.T1.id, org.T2.id, org.C1.id, org.B1.id]);
		// closed for good
		for (const a of ['issue', 'forward', 'accept', 'receipt', 'cancel'])
			refused(await srv.post(`${base}/${a}`, { on: TODAY, reason: 'x' }), 409);
		refused(await srv.post(`${base}/refuse`, { on: TODAY, reason: 'x' }), 409);
		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `jiceng stats verify: ${v.stdout}${v.stderr}`);
		assert.match(v.stdout, / 0 differ/);
		// the database refuses to change an ended transfer or a step
		const sqlite = (sql) => spawnSync('sqlite3', [srv.db, sql], { encoding: 'utf8' });
		assert.match(sqlite(`UPDATE transfer SET reason = 'x' WHERE id = ${id}`).stderr, /never changed/);
		assert.match(sqlite(`DELETE FROM transfer_step WHERE transfer_id = ${id}`).stderr, /never deleted/);
		// a discipline commissioner above both sides reads it
		assert.equal((await as['tr-disc-r'].get(base)).status, 200);
		refused(await as['tr-disc-r'].post(`${base}/cancel`, { on: TODAY, reason: 'x' }), 403);
	});

	// --- the letter's validity --------------------------------------------------------------

	it('accepts a letter on its last valid day and refuses it the day after (transfer.letter_valid_months)', async () => {
		for (const [late, status] of [[1, 422], [0, 200]]) {
			const m = await addMember('B2');
			const issued = '2026-07-31'; // three months on: 2026-10-31
			let r = await start(m.id, { to_org_id: org.B1.id, started_on: issued });
			assert.equal(r.status, 201, JSON.stringify(r.body));
			const tid = r.body.id, base = `/api/v1/transfers/${tid}`;
			r = await srv.post(`${base}/issue`, { on: issued });
			assert.equal(r.body.letter.valid_until, '2026-10-31');
			assert.deepEqual(r.body.next, { action: 'accept', side: 'receiver' }, 'one committee both sides: no forwarding');
			assert.equal(r.body.letter.expired, true, 'past its validity today');
			const listed = (await srv.get(`/api/v1/orgs/${org.T1.id}/transfers?state=expired`)).body;
			assert.ok(listed.items.some((x) => x.id === r.body.id), 'listed as expired');
			assert.equal(listed.rules.letter_valid.key, 'transfer.letter_valid_months');
			const before = keep(await get(tid));
			r = await srv.post(`${base}/accept`, { on: addDays('2026-10-31', late) });
			if (status === 422) {
				refused(r, 422, { field: 'on', rule: 'transfer.letter_valid_months' });
				assert.deepEqual(keep(await get(tid)), before, 'the refused acceptance changed nothing');
				assert.equal((await srv.get(`/api/v1/members/${m.id}`)).body.org_id, org.B2.id);
				// the sender withdraws it: a reason is needed, and the receiving side may not
				refused(await srv.post(`${base}/cancel`, { on: TODAY }), 400, { field: 'reason' });
				refused(await as['tr-sec-b1'].post(`${base}/cancel`, { on: TODAY, reason: '过期' }), 403, { field: 'from_org_id' });
				r = await as['tr-staff-t1'].post(`${base}/cancel`, { on: TODAY, reason: '介绍信过期，重新开具' });
				assert.equal(r.status, 200, JSON.stringify(r.body));
				assert.equal(r.body.state, 'cancelled');
				assert.equal(r.body.end_reason, '介绍信过期，重新开具');
			} else {
				assert.equal(r.status, 200, JSON.stringify(r.body));
				assert.equal(r.body.state, 'accepted');
				assert.equal((await srv.get(`/api/v1/members/${m.id}`)).body.org_id, org.B1.id);
			}
		}
	});

	it('follows a local override of the validity (6 months) for letters issued in that subtree', async () => {
		const o = await srv.post(`/api/v1/orgs/${org.T2.id}/rules`, { key: 'transfer.letter_valid_months', value: '6', effective_from: '2019-05-06', reason: '跨省转接' });
		assert.equal(o.status, 200, JSON.stringify(o.body));
		const m = await addMember('C1');
		const r = await start(m.id, { to_org_id: org.T2.id, started_on: '2026-05-20' });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		const i = await srv.post(`/api/v1/transfers/${r.body.id}/issue`, { on: '2026-05-20' });
		assert.equal(i.body.letter.valid_months, 6);
		assert.equal(i.body.letter.valid_until, '2026-11-20');
		assert.equal(i.body.letter.rule.value, '6');
		const a = await srv.post(`/api/v1/transfers/${r.body.id}/accept`, { on: '2026-11-20' });
		assert.equal(a.status, 200, JSON.stringify(a.body));
	});

	// --- who sends directly -----------------------------------------------------------------

	it('lets a committee with the authority send directly: the letter goes out with the start', async () => {
		const m = await addMember('P');
		const r = await start(m.id, { to_org_id: org.B1.id });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.state, 'issued');
		assert.equal(r.body.needs_issue, false);
		assert.equal(r.body.letter.no, `${org.P.code}-2026-0001`);
		assert.deepEqual(r.body.route.map((x) => x.role), ['sender', 'receiving_committee', 'receiver']);
		assert.deepEqual(r.body.route[0].also, ['sending_committee']);
		assert.deepEqual(r.body.next, { action: 'forward', side: 'receiving_committee' });
		assert.deepEqual(r.body.steps.map((x) => x.action), ['start', 'issue']);
	});

	it('sends the letters of a general branch\'s member and of an organisation without authority through the committee above', async () => {
		const g = await addMember('B3');
		let r = await start(g.id, { to_org_id: org.C1.id });
		assert.equal(r.body.state, 'requested');
		assert.equal(r.body.sending_committee.id, org.T1.id);
		const n = await addMember('NB');
		r = await start(n.id, { to_org_id: org.C1.id });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.sending_committee.id, org.R.id, 'the township without authority sends through the county');
		// the county's staff issues, the township's may not
		refused(await as['tr-staff-t1'].post(`/api/v1/transfers/${r.body.id}/issue`, { on: TODAY }), 404);
		const i = await srv.post(`/api/v1/transfers/${r.body.id}/issue`, { on: TODAY });
		assert.equal(i.body.letter.no, `${org.R.code}-2026-0001`);
		// and receiving: a member for NB is received through the county too
		const c = await addMember('C1');
		r = await start(c.id, { to_org_id: org.NB.id });
		assert.equal(r.body.receiving_committee.id, org.R.id);
	});

	it('refuses where no committee with the authority lies above a side (transfer.direct_authority), saving nothing', async () => {
		const m = await addMember('B1');
		refused(await start(m.id, { to_org_id: org.X1.id }), 422, { field: 'to_org_id', rule: 'transfer.direct_authority' });
		const x = await addMember('X1');
		refused(await start(x.id, { to_org_id: org.B1.id }), 422, { field: 'from_org_id', rule: 'transfer.direct_authority' });
		refused(await start(x.id, { to_outside: '中共某市某单位委员会' }), 422, { rule: 'transfer.direct_authority' });
		assert.deepEqual(await transfersOf(m.id), []);
		assert.deepEqual(await transfersOf(x.id), []);
	});

	// --- every refusal at the start ----------------------------------------------------------

	it('refuses a start that is malformed, names the wrong sender, or a member not in normal standing, saving nothing', async () => {
		const m = await addMember('B1');
		refused(await start(m.id, { to_org_id: org.B1.id }), 400, { field: 'to_org_id' });
		refused(await start(m.id, { to_org_id: org.GR.id }), 400, { field: 'to_org_id' });
		refused(await start(m.id, { to_org_code: 'NO-SUCH-CODE' }), 400, { field: 'to_org_code' });
		refused(await start(m.id, { to_org_id: 99999999 }), 400, { field: 'to_org_id' });
		refused(await start(m.id, {}), 400, { field: 'to_org_id' });
		refused(await start(m.id, { to_org_id: org.C1.id, to_outside: '外单位' }), 400, { field: 'to_org_id' });
		refused(await start(m.id, { to_org_id: org.C1.id, reason: '' }), 400, { field: 'reason' });
		refused(await start(m.id, { to_org_id: org.C1.id, started_on: addDays(TODAY, 1) }), 400, { field: 'started_on' });
		refused(await start(m.id, { to_org_id: org.C1.id, dues_paid_until: '2026-13' }), 400, { field: 'dues_paid_until' });
		refused(await start(m.id, { to_org_id: org.C1.id, from_org_id: org.B2.id }), 409, { field: 'from_org_id' });
		refused(await start(m.id, { to_org_id: org.C1.id, to_org_name: 'x' }), 400, { field: 'to_org_name' });
		assert.deepEqual(await transfersOf(m.id), []);
		const stopped = await addMember('B1', { state: 'stopped', state_date: '2026-01-05', lost_contact: true, lost_contact_date: '2025-06-01' });
		refused(await start(stopped.id, { to_org_id: org.C1.id }), 409, { field: 'member_id' });
		assert.deepEqual(await transfersOf(stopped.id), []);
		// the sending side only: the receiving branch's secretary cannot start it
		refused(await start(m.id, { to_org_id: org.C1.id }, as['tr-sec-c1']), 404);
		const ok = await start(m.id, { to_org_id: org.C1.id, from_org_id: org.B1.id }, as['tr-sec-b1']);
		assert.equal(ok.status, 201, JSON.stringify(ok.body));
	});

	it('lets the receiving side refuse with its reason, and the member stays', async () => {
		const m = await addMember('B2');
		let r = await start(m.id, { to_org_id: org.B1.id });
		await srv.post(`/api/v1/transfers/${r.body.id}/issue`, { on: TODAY });
		refused(await as['tr-staff-t2'].post(`/api/v1/transfers/${r.body.id}/refuse`, { on: TODAY, reason: '不属本单位' }), 404);
		r = await as['tr-sec-b1'].post(`/api/v1/transfers/${r.body.id}/refuse`, { on: TODAY, reason: '该同志未到本单位工作' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.state, 'refused');
		assert.equal(r.body.end_reason, '该同志未到本单位工作');
		assert.equal((await srv.get(`/api/v1/members/${m.id}`)).body.org_id, org.B2.id);
		refused(await srv.post(`/api/v1/transfers/${r.body.id}/accept`, { on: TODAY }), 409);
		// and the sending committee may decline to issue, with a reason too
		const n = await addMember('B2');
		r = await start(n.id, { to_org_id: org.C1.id });
		refused(await as['tr-staff-t1'].post(`/api/v1/transfers/${r.body.id}/refuse`, { on: TODAY }), 422, { rule: 'transfer.no_refusal_without_reason' });
		r = await as['tr-staff-t1'].post(`/api/v1/transfers/${r.body.id}/refuse`, { on: TODAY, reason: '材料不全' });
		assert.equal(r.body.state, 'refused');
		// a new transfer may start once one has ended
		assert.equal((await start(n.id, { to_org_id: org.C1.id })).status, 201);
	});

	// --- outside the database -----------------------------------------------------------------

	it('prints the letter to an organisation outside and takes the member out with the receipt recorded by hand', async () => {
		const m = await addMember('B1');
		const before = await stats('T1');
		let r = await start(m.id, { to_outside: '中共深圳市南山区某科技有限公司委员会', to_outside_address: '深圳市南山区', dues_paid_until: '2026-11' });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.direction, 'out');
		const id = r.body.id, base = `/api/v1/transfers/${id}`;
		refused(await srv.post(`${base}/forward`, { on: TODAY }), 409);
		r = await srv.post(`${base}/issue`, { on: TODAY });
		assert.deepEqual(r.body.next, { action: 'receipt', side: 'sender' });
		refused(await srv.post(`${base}/accept`, { on: TODAY }), 409);

		const res = await fetch(`${srv.base}${base}/letter`, { headers: { cookie: srv.session.cookie } });
		const bytes = Buffer.from(await res.arrayBuffer());
		assert.equal(res.status, 200, bytes.toString().slice(0, 200));
		assert.match(res.headers.get('content-type'), /^application\/pdf/);
		const dir = mkdtempSync(join(tmpdir(), 'jiceng-transfer-'));
		try {
			writeFileSync(join(dir, 'l.pdf'), bytes);
			const info = spawnSync('pdfinfo', [join(dir, 'l.pdf')], { encoding: 'utf8' });
			assert.match(info.stdout, /Pages:\s+1\n/, 'the three parts fit one page');
			assert.match(info.stdout, /A4/);
			const text = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'l.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
			for (const words of ['存根', '介绍信', '回执', '剪开', r.body.letter.no, '中共深圳市南山区某科技有限公司委员会', m.name, '2026年11月'])
				assert.ok(text.includes(words.replace(/\s+/g, '')), `the letter has ${words}`);
			assert.equal(text.split(r.body.letter.no).length - 1 >= 3, true, 'each part carries the number');
			assert.ok(text.includes(ids.get(m.id)), 'the full ID number for who may reveal it');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		// (the receipt recorded by hand: when the receiver took the member, within the letter's validity)
		refused(await srv.post(`${base}/receipt`, { on: TODAY }), 400, { field: 'accepted_on' });
		refused(await srv.post(`${base}/receipt`, { on: TODAY, accepted_on: addDays(TODAY, 1) }), 400, { field: 'accepted_on' });
		assert.equal((await stats('T1')).members, before.members, 'still a member of the sending branch');
		r = await as['tr-sec-b1'].post(`${base}/receipt`, { on: TODAY, accepted_on: TODAY, reason: '回执已寄回' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.state, 'closed');
		const gone = (await srv.get(`/api/v1/members/${m.id}`)).body;
		assert.equal(gone.state, 'transferred_out');
		assert.equal(gone.state_date, TODAY);
		const after = await stats('T1');
		assert.equal(after.members, before.members - 1);
		assert.equal(after.by_state.transferred_out, (before.by_state.transferred_out || 0) + 1);
		const h = (await srv.get(`/api/v1/members/${m.id}/history`)).body.items;
		assert.equal(h[0].action, 'transfer_out');
		assert.ok(!(await srv.get(`/api/v1/orgs/${org.B1.id}/members?limit=500`)).body.items.some((x) => x.id === m.id));
		// the state is the transfer's: no PATCH puts the member back, or out
		refused(await srv.patch(`/api/v1/members/${m.id}`, { state: 'normal', state_date: TODAY }), 403, { field: 'state' });
		const other = await addMember('B1');
		refused(await srv.patch(`/api/v1/members/${other.id}`, { state: 'transferred_out', state_date: TODAY }), 403, { field: 'state' });
		refused(await srv.patch(`/api/v1/members/${other.id}`, { state: 'stopped', state_date: TODAY }), 403, { field: 'state' });
		srv.leftOut = { member: m, idNumber: ids.get(m.id) };
	});

	it('refuses a receipt from outside dated after the letter expired', async () => {
		const m = await addMember('B2');
		let r = await start(m.id, { to_outside: '中共某市某局机关委员会', started_on: '2026-05-01' });
		r = await srv.post(`/api/v1/transfers/${r.body.id}/issue`, { on: '2026-05-01' });
		refused(await srv.post(`/api/v1/transfers/${r.body.id}/receipt`, { on: TODAY, accepted_on: '2026-08-02' }), 422,
			{ field: 'accepted_on', rule: 'transfer.letter_valid_months' });
		assert.equal((await get(r.body.id)).state, 'issued');
		assert.equal((await srv.get(`/api/v1/members/${m.id}`)).body.state, 'normal');
	});

	it('registers a member coming from outside with the letter\'s details, and one who once left comes back to the same record', async () => {
		const person = { name: uniq('转入'), id_number: idNumber('1990-02-02', 'M', '440703'), ethnicity: '01', education: 'bachelor',
			occupation: 'professional', admit_date: '2015-07-01', convert_date: '2016-07-01', work_unit: '某科技公司' };
		const body = { from_outside: '中共广州市某区某街道工作委员会', letter_no: '粤组转字2026第1234号', issued_on: '2026-11-01',
			accepted_on: TODAY, reason: '工作调动', member: person };
		const before = await stats('T2'); // (T2 accepts letters for 6 months: its override above)
		refused(await srv.post(`/api/v1/orgs/${org.C1.id}/transfers/incoming`, { ...body, letter_no: '' }), 400, { field: 'letter_no' });
		refused(await srv.post(`/api/v1/orgs/${org.C1.id}/transfers/incoming`, { ...body, issued_on: '2026-04-01', accepted_on: '2026-10-02' }), 422,
			{ field: 'accepted_on', rule: 'transfer.letter_valid_months' });
		refused(await srv.post(`/api/v1/orgs/${org.C1.id}/transfers/incoming`, { ...body, member: { ...person, org_id: org.B1.id } }), 400, { field: 'member.org_id' });
		refused(await srv.post(`/api/v1/orgs/${org.X1.id}/transfers/incoming`, body), 422, { rule: 'transfer.direct_authority' });
		assert.deepEqual(await stats('T2'), before, 'nothing was registered');
		let r = await as['tr-sec-c1'].post(`/api/v1/orgs/${org.C1.id}/transfers/incoming`, body);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.direction, 'in');
		assert.equal(r.body.state, 'accepted');
		assert.equal(r.body.letter.no, body.letter_no);
		assert.equal(r.body.from.name, body.from_outside);
		assert.deepEqual(r.body.next, { action: 'receipt', side: 'receiver' });
		const mid = r.body.member_id;
		const m = (await srv.get(`/api/v1/members/${mid}`)).body;
		assert.equal(m.org_id, org.C1.id);
		assert.equal(m.name, person.name);
		assert.equal((await stats('T2')).members, before.members + 1);
		assert.equal((await srv.get(`/api/v1/members/${mid}/history`)).body.items[0].action, 'transfer_in');
		refused(await srv.get(`/api/v1/transfers/${r.body.id}/letter`), 409);
		refused(await as['tr-sec-b1'].get(`/api/v1/transfers/${r.body.id}`), 404);
		r = await as['tr-sec-c1'].post(`/api/v1/transfers/${r.body.id}/receipt`, { on: TODAY, reason: '回执已寄出' });
		assert.equal(r.body.state, 'closed');
		// the same person twice: refused
		refused(await srv.post(`/api/v1/orgs/${org.C1.id}/transfers/incoming`, { ...body, letter_no: 'X-2' }), 409, { field: 'id_number' });
		// the member who left for outside earlier comes back, into C1
		const back = srv.leftOut;
		assert.ok(back, 'the transfer to outside ran first');
		r = await srv.post(`/api/v1/orgs/${org.C1.id}/transfers/incoming`, { ...body, letter_no: 'X-3', member: { ...person, id_number: back.idNumber, name: back.member.name } });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.member_id, back.member.id);
		const again = (await srv.get(`/api/v1/members/${back.member.id}`)).body;
		assert.deepEqual([again.state, again.org_id], ['normal', org.C1.id]);
		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `jiceng stats verify: ${v.stdout}${v.stderr}`);
	});

	// --- lists and hints ----------------------------------------------------------------------

	it('lists a subtree\'s transfers out and in, open ones, and those stuck (transfer.stuck_days)', async () => {
		const m = await addMember('B2');
		const old = addDays(TODAY, -40);
		const r = await start(m.id, { to_org_id: org.C1.id, started_on: old });
		const id = r.body.id;
		const out = (await srv.get(`/api/v1/orgs/${org.T1.id}/transfers?direction=out&state=open`)).body.items;
		assert.ok(out.some((x) => x.id === id));
		assert.ok(out.every((x) => ['requested', 'issued', 'forwarded', 'accepted'].includes(x.state)));
		const inT2 = (await srv.get(`/api/v1/orgs/${org.T2.id}/transfers?direction=in`)).body.items;
		assert.ok(inT2.some((x) => x.id === id));
		assert.ok(!(await srv.get(`/api/v1/orgs/${org.T2.id}/transfers?direction=out`)).body.items.some((x) => x.id === id));
		const stuck = (await srv.get(`/api/v1/orgs/${org.R.id}/transfers?state=stuck`)).body;
		assert.ok(stuck.items.some((x) => x.id === id && x.stuck), 'waiting 40 days for its letter');
		assert.equal(stuck.rules.stuck.key, 'transfer.stuck_days');
		const fresh = (await srv.get(`/api/v1/orgs/${org.R.id}/transfers?state=stuck`)).body.items;
		assert.ok(!fresh.some((x) => x.started_on === TODAY && x.state === 'requested'));
		// and from the command line
		const cli = srv.cli('transfer', 'list', org.R.code, '--state', 'stuck');
		assert.equal(cli.status, 0, cli.stderr);
		assert.match(cli.stdout, new RegExp(`transfer ${id} .*STUCK`));
		assert.match(cli.stdout, /transfer\.stuck_days = 30 days/);
		const bad = srv.cli('transfer', 'list', org.R.code, '--state', 'lost');
		assert.equal(bad.status, 1);
		assert.match(bad.stderr, /'state'/);
		// the secretary of B1 sees only what touches B1
		const mine = (await as['tr-sec-b1'].get(`/api/v1/orgs/${org.B1.id}/transfers`)).body.items;
		assert.ok(mine.length > 0 && mine.every((x) => x.from.id === org.B1.id || x.to.id === org.B1.id));
		refused(await as['tr-sec-b1'].get(`/api/v1/orgs/${org.T1.id}/transfers`), 404);
		refused(await srv.get(`/api/v1/orgs/${org.T1.id}/transfers?state=lost`), 400, { field: 'state' });
		refused(await srv.get(`/api/v1/orgs/${org.T1.id}/transfers?direction=up`), 400, { field: 'direction' });
		// pages
		const p1 = (await srv.get(`/api/v1/orgs/${org.R.id}/transfers?limit=2`)).body;
		assert.equal(p1.items.length, 2);
		const p2 = (await srv.get(`/api/v1/orgs/${org.R.id}/transfers?limit=2&cursor=${p1.next_cursor}`)).body;
		assert.ok(p2.items[0].id < p1.items[1].id);
	});

	it('hints that a member whose work unit changed must transfer, and stops once a transfer starts (never acting)', async () => {
		const m = await addMember('B1', { work_unit: '甲公司' });
		assert.deepEqual((await srv.get(`/api/v1/members/${m.id}/transfers`)).body.hints, []);
		const p = await srv.patch(`/api/v1/members/${m.id}`, { work_unit: '乙公司', reason: '调动' });
		assert.equal(p.status, 200, JSON.stringify(p.body));
		const hints = (await srv.get(`/api/v1/members/${m.id}/transfers`)).body.hints;
		assert.equal(hints.length, 1);
		assert.equal(hints[0].kind, 'work_unit');
		assert.equal(hints[0].since, TODAY);
		assert.equal(hints[0].rule.key, 'transfer.must_transfer_on_change');
		assert.equal(hints[0].rule.article, '第二十五条');
		const listed = (await srv.get(`/api/v1/orgs/${org.T1.id}/transfer-hints`)).body.items;
		assert.ok(listed.some((x) => x.member_id === m.id));
		assert.equal((await srv.get(`/api/v1/members/${m.id}`)).body.org_id, org.B1.id, 'nothing moved');
		assert.deepEqual(await transfersOf(m.id), [], 'nothing started');
		await start(m.id, { to_org_id: org.C1.id });
		assert.deepEqual((await srv.get(`/api/v1/members/${m.id}/transfers`)).body.hints, []);
	});

	it('keeps the statistics equal to a recount after all of it (`jiceng stats verify`)', () => {
		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `jiceng stats verify: ${v.stdout}${v.stderr}`);
		assert.match(v.stdout, / 0 differ/);
	});
});
