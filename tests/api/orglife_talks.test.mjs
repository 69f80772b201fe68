// orglife_talks.test.mjs - heart-to-heart talks (谈心谈话, domain-rules §3, 支部工作条例 第十八条)
// over real HTTP. A talk is two different current members of one branch (its Party groups'
// members included), a day not in the future and a one-line topic - what was said is not taken
// (an extra key is refused like any other). The coverage of a year counts the pairs of the
// branch's current members, n(n-1)/2, that talked at least orglife.talks_per_pair_per_year times
// (a pair's talks add up whichever way round they were recorded; other years and former members
// do not count), and for each member (committee members marked) how many of their pairs are still
// missing, in name order; a town's override to twice a year changes its branch's coverage and not
// another town's. Branches of 2000 members are counted, 2001 refused (413). The subtree's talks
// are listed newest first by year and page; a secretary sees only its branch's (404 elsewhere).
//
// Every refusal answers its status and field and leaves the talks and the audit trail's writes as
// they were (read with sqlite3).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer, uniq, idNumber, checkChar, login, runCli, todayCST, addDays } from './harness.mjs';

const PASSWORD = 'Talks-Pass-2026';

describe('organisational life: heart-to-heart talks (谈心谈话)', () => {
	const articles = {};
	const srv = useServer(async (s) => {
		const org = async (type, parent, label) => {
			const code = uniq('TK');
			const r = await s.post('/api/v1/orgs', { code, name: `${label}${code}`, type, ...(parent ? { parent_id: parent.id } : {}) });
			assert.equal(r.status, 201, `create ${label}: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.county = await org('county_committee', null, '谈话县委');
		s.town = await org('township_committee', s.county, '谈话镇');
		s.x = await org('branch', s.town, '甲村支部');
		s.g = await org('group', s.x, '甲村党小组');
		s.y = await org('branch', s.town, '乙村支部');
		s.town2 = await org('township_committee', s.county, '谈话二镇');
		s.w = await org('branch', s.town2, '丁村支部');
		s.big = await org('branch', s.town2, '大支部');
		const member = async (o, over = {}) => {
			const r = await s.post('/api/v1/members', {
				org_id: o.id, name: uniq('党员'), id_number: idNumber('1980-05-05', 'M', '440704'), ethnicity: '01',
				education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01', ...over,
			});
			assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		// X: two committee members, three members (one in the group), a probationary member, and
		// one who will have left by the time coverage is counted
		s.c1 = await member(s.x);
		s.c2 = await member(s.x);
		s.m1 = await member(s.x);
		s.m2 = await member(s.x);
		s.m3 = await member(s.x, { group_id: s.g.id });
		s.p1 = await member(s.x, { admit_date: '2025-06-01', convert_date: null });
		s.leaver = await member(s.x);
		s.dead = await member(s.x);
		const d = await s.patch(`/api/v1/members/${s.dead.id}`, { state: 'deceased', state_date: '2024-01-05', reason: '病故' });
		assert.equal(d.status, 200, JSON.stringify(d.body));
		const c = await s.patch(`/api/v1/orgs/${s.x.id}`, { committee: [
			{ post: 'secretary', name: s.c1.name, member_id: s.c1.id }, { post: 'organisation', name: s.c2.name, member_id: s.c2.id },
		] });
		assert.equal(c.status, 200, JSON.stringify(c.body));
		s.ym = await member(s.y);
		s.w1 = await member(s.w);
		s.w2 = await member(s.w);
		const rules = await s.get(`/api/v1/orgs/${s.x.id}/rules`);
		for (const r of rules.body.items)
			articles[r.key] = `${r.regulation} ${r.article}`;
		const a = runCli(s.db, 'account', 'add', 'tk-secretary', '--password', PASSWORD, '--role', 'secretary', '--org', String(s.x.id));
		assert.equal(a.status, 0, a.stderr);
		s.secretary = (await login(s, 'tk-secretary', PASSWORD)).client;
	});

	// --- helpers ---------------------------------------------------------------------------

	const sql = (q) => execFileSync('sqlite3', ['-readonly', srv.db, q], { encoding: 'utf8' });
	const snapshot = () => ({
		talks: sql('SELECT * FROM talk ORDER BY id'),
		audited: sql("SELECT count(*) FROM audit WHERE event = 'orglife.write' AND result = 'ok'"),
	});

	async function talk(a, b, held_on, over = {}, client = srv, org = srv.x) {
		const body = { held_on, member_a: a.id, member_b: b.id, topic: '谈工作与思想', ...over };
		const r = await client.post(`/api/v1/orgs/${org.id}/talks`, body);
		assert.equal(r.status, 201, `${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
		return r.body;
	}

	async function refused(org, body, want, client = srv) {
		const before = snapshot();
		const r = await client.post(`/api/v1/orgs/${org.id}/talks`, body);
		const what = `${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`;
		assert.equal(r.status, want.status ?? 400, what);
		assert.deepEqual(Object.keys(r.body), ['error'], what);
		if (want.field !== undefined)
			assert.equal(r.body.error.field, want.field, what);
		assert.equal(r.body.error.rule, undefined, what);
		assert.deepEqual(snapshot(), before, `nothing is saved by ${what}`);
	}

	async function coverage(org, year, client = srv) {
		const r = await client.get(`/api/v1/orgs/${org.id}/talks/coverage${year ? `?year=${year}` : ''}`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body;
	}
	const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
	const perMember = (cov) => Object.fromEntries(cov.items.map((i) => [i.member_id, [i.committee, i.pairs, i.met, i.missing]]));

	// --- recording ---------------------------------------------------------------------------

	it('records a talk of two members of the branch (a group\'s member too): who, when, a topic - nothing of what was said', async () => {
		const t = await talk(srv.c1, srv.m3, '2025-03-02', { topic: '谈学习体会' });
		assert.deepEqual(Object.keys(t).sort(), ['held_on', 'id', 'member_a', 'member_a_name', 'member_b', 'member_b_name', 'org_id',
			'org_name', 'recorded_at', 'recorded_by', 'topic']);
		assert.deepEqual([t.org_id, t.held_on, t.member_a, t.member_a_name, t.member_b, t.member_b_name, t.topic, t.recorded_by],
			[srv.x.id, '2025-03-02', srv.c1.id, srv.c1.name, srv.m3.id, srv.m3.name, '谈学习体会', 'tester']);
		const today = await talk(srv.c2, srv.p1, todayCST(), {}, srv.secretary);
		assert.equal(today.recorded_by, 'tk-secretary');
		assert.match(sql(`SELECT count(*) FROM audit WHERE event = 'orglife.write' AND object = '/api/v1/orgs/${srv.x.id}/talks'`), /^2\b/);
	});

	it('refuses a future day, one member twice, a non-member or former member, a topic that is not one short line, what was said (400 naming the field)', async () => {
		const b = (over = {}) => ({ held_on: '2025-04-01', member_a: srv.c1.id, member_b: srv.m1.id, topic: '谈心', ...over });
		await refused(srv.x, b({ held_on: addDays(todayCST(), 1) }), { field: 'held_on' });
		for (const held_on of ['2025-02-30', '2025/04/01', '', null, 20250401])
			await refused(srv.x, b({ held_on }), { field: 'held_on' });
		await refused(srv.x, b({ member_b: srv.c1.id }), { field: 'member_b' });
		await refused(srv.x, b({ member_b: srv.ym.id }), { field: 'member_b' });
		await refused(srv.x, b({ member_a: srv.ym.id }), { field: 'member_a' });
		await refused(srv.x, b({ member_a: srv.dead.id }), { field: 'member_a' });
		await refused(srv.x, b({ member_a: 99999999 }), { field: 'member_a' });
		await refused(srv.x, b({ member_a: String(srv.c1.id) }), { field: 'member_a' });
		await refused(srv.x, b({ member_b: undefined }), { field: 'member_b' });
		for (const topic of ['', '第一行\n第二行', 'x'.repeat(201), 7, null])
			await refused(srv.x, b({ topic }), { field: 'topic' });
		await refused(srv.x, b({ content: '谈话内容……' }), { field: 'content' });
		await refused(srv.x, b({ org_id: srv.y.id }), { field: 'org_id' });
		// a talk is the branch's: not a town's or a Party group's
		await refused(srv.town, b(), { status: 400 });
		await refused(srv.g, b({ member_a: srv.m3.id, member_b: srv.c1.id }), { status: 400 });
		// the other branch does not take X's members
		await refused(srv.y, b(), { field: 'member_a' });
		await refused(srv.y, b(), { status: 404 }, srv.secretary);
		// exactly 200 bytes is one short line
		await talk(srv.m1, srv.m2, '2024-06-01', { topic: 'x'.repeat(200) });
	});

	// --- coverage ----------------------------------------------------------------------------

	it('counts the year\'s pairs of current members that talked, and each member\'s missing pairs in name order', async () => {
		// 2025 (with the c1-m3 talk of the first test): c1-c2, c1-m1 twice (once each way round),
		// c2-p1; the leaver talks with c1 and then leaves; 2024's m1-m2 does not count
		await talk(srv.c1, srv.c2, '2025-05-01');
		await talk(srv.c1, srv.m1, '2025-05-02');
		await talk(srv.m1, srv.c1, '2025-11-02');
		await talk(srv.p1, srv.c2, '2025-06-01');
		await talk(srv.c1, srv.leaver, '2025-06-02');
		const d = await srv.patch(`/api/v1/members/${srv.leaver.id}`, { state: 'deceased', state_date: '2025-07-01', reason: '病故' });
		assert.equal(d.status, 200, JSON.stringify(d.body));
		await talk(srv.m1, srv.m2, '2024-12-31');
		const cov = await coverage(srv.x, 2025);
		assert.deepEqual([cov.org_id, cov.year, cov.members, cov.pairs_required, cov.pairs_met, cov.pairs_missing], [srv.x.id, 2025, 6, 15, 4, 11]);
		assert.equal(cov.rule.key, 'orglife.talks_per_pair_per_year');
		assert.equal(cov.rule.value, '1');
		assert.equal(`${cov.rule.regulation} ${cov.rule.article}`, articles['orglife.talks_per_pair_per_year']);
		assert.match(cov.rule.article, /第十八条/);
		const names = [srv.c1, srv.c2, srv.m1, srv.m2, srv.m3, srv.p1].map((m) => m.name).sort(byName);
		assert.deepEqual(cov.items.map((i) => i.name), names, 'in name order, nobody ranked');
		assert.deepEqual(perMember(cov), {
			[srv.c1.id]: [true, 5, 3, 2], [srv.c2.id]: [true, 5, 2, 3], [srv.m1.id]: [false, 5, 1, 4],
			[srv.m2.id]: [false, 5, 0, 5], [srv.m3.id]: [false, 5, 1, 4], [srv.p1.id]: [false, 5, 1, 4],
		});
		// 2024: only m1-m2 (twice, the 200-byte topic and the last day of the year)
		const y24 = await coverage(srv.x, 2024);
		assert.deepEqual([y24.pairs_met, y24.pairs_missing], [1, 14]);
		// this year by default
		const now = await coverage(srv.x);
		assert.equal(now.year, Number(todayCST().slice(0, 4)));
		for (const q of ['year=20x5', 'year=1900'])
			assert.equal((await srv.get(`/api/v1/orgs/${srv.x.id}/talks/coverage?${q}`)).status, 400, q);
		for (const o of [srv.town, srv.g])
			assert.equal((await srv.get(`/api/v1/orgs/${o.id}/talks/coverage?year=2025`)).status, 400);
	});

	it('follows a town\'s override of twice a year in its branch, and not in another town\'s', async () => {
		await talk(srv.w1, srv.w2, '2025-03-03', {}, srv, srv.w);
		const o = await srv.post(`/api/v1/orgs/${srv.town.id}/rules`,
			{ key: 'orglife.talks_per_pair_per_year', value: '2', reason: '本镇要求每年两次', effective_from: '2020-01-01' });
		assert.equal(o.status, 200, JSON.stringify(o.body));
		const cov = await coverage(srv.x, 2025);
		assert.equal(cov.rule.value, '2');
		assert.equal(cov.rule.source.kind, 'override');
		assert.deepEqual([cov.pairs_met, cov.pairs_missing], [1, 14], 'only c1-m1 talked twice');
		assert.deepEqual(perMember(cov)[srv.c1.id], [true, 5, 1, 4]);
		const w = await coverage(srv.w, 2025);
		assert.deepEqual([w.rule.value, w.members, w.pairs_required, w.pairs_met], ['1', 2, 1, 1]);
		assert.deepEqual(w.items.map((i) => [i.committee, i.met, i.missing]), [[false, 1, 0], [false, 1, 0]]);
	});

	it('counts a branch of 2000 members and refuses 2001 (413, naming the limit)', async () => {
		const rows = [['org_code', 'name', 'gender', 'id_number', 'ethnicity', 'education', 'occupation', 'admit_date', 'convert_date']];
		for (let i = 0; i < 2000; i++) {
			const day = new Date(Date.UTC(1950, 0, 1) + i * 86400000).toISOString().slice(0, 10);
			const first17 = '440708' + day.replaceAll('-', '') + String((i % 400) * 2 + 1).padStart(3, '0');
			rows.push([srv.big.code, `大支部党员${i}`, 'M', first17 + checkChar(first17), '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01']);
		}
		const r = await srv.request('POST', `/api/v1/orgs/${srv.big.id}/imports?kind=members&mode=commit&filename=big.csv`, undefined,
			{ raw: rows.map((x) => x.join(',')).join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
		assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
		const cov = await coverage(srv.big, 2025);
		assert.deepEqual([cov.members, cov.pairs_required, cov.pairs_met, cov.items.length], [2000, 1999000, 0, 2000]);
		const one = await srv.post('/api/v1/members', {
			org_id: srv.big.id, name: uniq('党员'), id_number: idNumber('1981-05-05', 'F', '440708'), ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
		});
		assert.equal(one.status, 201, JSON.stringify(one.body));
		const over = await srv.get(`/api/v1/orgs/${srv.big.id}/talks/coverage?year=2025`);
		assert.equal(over.status, 413, JSON.stringify(over.body));
		assert.match(over.body.error.message, /2001.*2000/);
	});

	// --- the list ------------------------------------------------------------------------------

	it('lists the subtree\'s talks newest first, by year and page; a secretary sees its branch\'s only', async () => {
		const all = await srv.get(`/api/v1/orgs/${srv.county.id}/talks?year=2025&limit=500`);
		assert.equal(all.status, 200, JSON.stringify(all.body));
		const days = all.body.items.map((t) => t.held_on);
		assert.deepEqual(days, [...days].sort().reverse());
		assert.equal(all.body.items.length, 7); // six of X, one of W
		assert.ok(all.body.items.every((t) => t.held_on.startsWith('2025-')));
		assert.deepEqual(all.body.items.filter((t) => t.org_id === srv.w.id).map((t) => t.member_a), [srv.w1.id]);
		const paged = [];
		let cursor = null;
		for (let i = 0; i < 10; i++) {
			const r = await srv.get(`/api/v1/orgs/${srv.county.id}/talks?year=2025&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			assert.equal(r.status, 200, JSON.stringify(r.body));
			paged.push(...r.body.items);
			cursor = r.body.next_cursor;
			if (!cursor)
				break;
		}
		assert.deepEqual(paged, all.body.items);
		const y24 = await srv.get(`/api/v1/orgs/${srv.x.id}/talks?year=2024`);
		assert.deepEqual(y24.body.items.map((t) => t.held_on), ['2024-12-31', '2024-06-01']);
		const every = await srv.get(`/api/v1/orgs/${srv.x.id}/talks?limit=500`);
		assert.equal(every.body.items.length, 9);
		assert.equal((await srv.get(`/api/v1/orgs/${srv.x.id}/talks?cursor=nonsense`)).status, 400);

		const sec = srv.secretary;
		const mine = await sec.get(`/api/v1/orgs/${srv.x.id}/talks?limit=500`);
		assert.equal(mine.status, 200);
		assert.deepEqual(mine.body.items, every.body.items);
		for (const path of [`/api/v1/orgs/${srv.w.id}/talks`, `/api/v1/orgs/${srv.w.id}/talks/coverage`, `/api/v1/orgs/${srv.town.id}/talks`]) {
			const r = await sec.get(path);
			assert.equal(r.status, 404, path);
			assert.ok(!JSON.stringify(r.body).includes(srv.w1.name));
		}
	});
});
