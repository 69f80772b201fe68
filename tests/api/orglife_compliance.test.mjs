// orglife_compliance.test.mjs - GET /api/v1/orgs/{id}/compliance: whether each branch and Party
// group of a subtree met the frequencies of organisational life (domain-rules §3) in a month, a
// quarter or a year, judged from the kept counts. Covered: a branch that held everything, one
// that held one meeting, a Party group missing one month, the committee meeting judged only
// where a committee exists, a requirement longer than the period not judged, the running unit
// pending rather than missed, a local rule overridden for the subtree changing the verdict, one
// meeting counting for two kinds, the findings citing rule and article, the period as xlsx, and
// bad periods.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { useServer, uniq } from './harness.mjs';

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

describe('compliance of organisational life', () => {
	const srv = useServer(async (s) => {
		const org = async (type, parent, extra = {}) => {
			const r = await s.post('/api/v1/orgs', { code: uniq('OL'), name: `${type}${uniq('')}`, type, parent_id: parent, ...extra });
			assert.equal(r.status, 201, JSON.stringify(r.body));
			return r.body.id;
		};
		s.county = (await s.post('/api/v1/orgs', { code: uniq('OLC'), name: '县委', type: 'county_committee' })).body.id;
		s.a = await org('branch', s.county);
		s.b = await org('branch', s.county);
		s.group = await org('group', s.a);
		const meet = async (org_id, kinds, held_on) => {
			const r = await s.post('/api/v1/meetings', { org_id, kinds, held_on, chair: '书记', recorder: '组织委员', expected: 3, present: 2 });
			assert.equal(r.status, 201, JSON.stringify(r.body));
		};
		// branch a, 2025: a theme Party day every month, the quarter's one also its members' meeting;
		// a lecture each quarter; the organisational-life meeting and the appraisal in December
		for (const m of MONTHS)
			await meet(s.a, ['03', '06', '09', '12'].includes(m) ? ['theme_day', 'members_meeting'] : ['theme_day'], `2025-${m}-10`);
		for (const m of ['02', '05', '08', '11'])
			await meet(s.a, ['lecture'], `2025-${m}-20`);
		await meet(s.a, ['life_meeting', 'appraisal'], '2025-12-20');
		// branch b: one members' meeting in the first quarter
		await meet(s.b, ['members_meeting'], '2025-02-15');
		// the Party group: every month but December
		for (const m of MONTHS.slice(0, 11))
			await meet(s.group, ['group_meeting'], `2025-${m}-05`);
	});

	const compliance = async (id, period) => {
		const r = await srv.get(`/api/v1/orgs/${id}/compliance?period=${period}`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body;
	};
	const findings = (body, org) => Object.fromEntries(body.items.find((x) => x.org_id === org).findings.map((f) => [f.requirement, f]));

	it('judges a year: the branch that held everything met all, the other fell short with rule and article', async () => {
		const y = await compliance(srv.county, '2025');
		assert.equal(y.period, '2025');
		assert.deepEqual(y.items.map((x) => x.org_id).sort(), [srv.a, srv.b, srv.group].sort());
		const a = findings(y, srv.a);
		assert.deepEqual(Object.keys(a).sort(), ['appraisal', 'lecture', 'life_meeting', 'members_meeting', 'theme_day'],
			'no committee recorded: its monthly meeting is not required');
		assert.ok(Object.values(a).every((f) => f.met), JSON.stringify(a));
		assert.equal(a.theme_day.held, 12);
		assert.equal(a.members_meeting.units_met, 4, 'the theme days that were also members\' meetings count for both');
		assert.equal(y.items.find((x) => x.org_id === srv.a).met, true);
		const b = findings(y, srv.b);
		assert.deepEqual([b.members_meeting.units_met, b.members_meeting.units_short], [1, 3]);
		assert.deepEqual([b.theme_day.units_short, b.lecture.units_short, b.life_meeting.units_short], [12, 4, 1]);
		assert.equal(b.members_meeting.rule.key, 'orglife.members_meeting_per_quarter');
		assert.match(b.members_meeting.rule.article, /第十一条/);
		assert.match(b.members_meeting.rule.regulation, /支部工作条例/);
		const g = findings(y, srv.group);
		assert.deepEqual(Object.keys(g), ['group_meeting']);
		assert.deepEqual([g.group_meeting.met, g.group_meeting.units_met, g.group_meeting.units_short], [false, 11, 1]);
		const summary = Object.fromEntries(y.summary.map((s) => [s.requirement, [s.applicable, s.met]]));
		assert.deepEqual(summary.members_meeting, [2, 1]);
		assert.deepEqual(summary.group_meeting, [1, 0]);
	});

	it('judges a quarter and a month only on the requirements that fit in them', async () => {
		const q = await compliance(srv.county, '2025-Q1');
		const b = findings(q, srv.b);
		assert.equal(b.members_meeting.met, true);
		assert.equal(b.life_meeting, undefined, 'a yearly requirement is not judged on a quarter');
		assert.equal(b.theme_day.units_short, 3);
		const m = await compliance(srv.a, '2025-03');
		const a = findings(m, srv.a);
		assert.deepEqual(Object.keys(a), ['theme_day']);
		assert.equal(a.theme_day.met, true);
	});

	it('counts the committee meeting where the branch has a committee', async () => {
		const members = (await srv.get(`/api/v1/orgs/${srv.b}/members`)).body.items;
		assert.equal(members.length, 0);
		const r = await srv.patch(`/api/v1/orgs/${srv.b}`, { committee: [{ post: 'secretary', name: '书记甲', since: '2024-01-01' }] });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const b = findings(await compliance(srv.county, '2025-03'), srv.b);
		assert.equal(b.committee_meeting.met, false);
		assert.equal(b.committee_meeting.rule.key, 'orglife.committee_meeting_per_month');
	});

	it('leaves the running unit pending instead of missed', async () => {
		const now = new Date(Date.now() + 8 * 3600 * 1000);
		const ym = now.toISOString().slice(0, 7);
		const a = findings(await compliance(srv.a, ym), srv.a);
		assert.deepEqual([a.theme_day.met, a.theme_day.units_short, a.theme_day.pending], [true, 0, 1]);
	});

	it('follows a local rule overridden for the subtree (two lectures a quarter)', async () => {
		const o = await srv.post(`/api/v1/orgs/${srv.county}/rules`,
			{ key: 'orglife.lecture_per_quarter', value: '2', reason: '本县规定每季度两次党课', effective_from: '2020-01-01' });
		assert.equal(o.status, 200, JSON.stringify(o.body));
		const a = findings(await compliance(srv.county, '2025'), srv.a);
		assert.deepEqual([a.lecture.met, a.lecture.units_short], [false, 4]);
		assert.equal(a.lecture.rule.value, '2');
	});

	it('exports a period as xlsx: a summary sheet and a row per organisation with a column per requirement', { skip: !hasUnzip && 'no unzip' }, async () => {
		const res = await fetch(`${srv.base}/api/v1/orgs/${srv.county}/compliance/export?period=2025`, { headers: { cookie: srv.session.cookie } });
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-disposition'), /compliance-\d+-2025\.xlsx/);
		const file = join(srv.dir, 'compliance.xlsx');
		writeFileSync(file, Buffer.from(await res.arrayBuffer()));
		// written in constant memory: the strings are inline in the sheets, not shared
		const shared = spawnSync('unzip', ['-p', file, 'xl/worksheets/*.xml'], { encoding: 'utf8' }).stdout;
		for (const t of ['支部党员大会（每季度）', '缺 3 次 short 3', '达标 met', '不要求 not required'])
			assert.ok(shared.includes(t), `the workbook says ${t}`);
		const book = spawnSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' }).stdout;
		assert.deepEqual([...book.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]), ['汇总 summary', '组织 organisations']);
		assert.equal((await srv.get(`/api/v1/orgs/${srv.county}/compliance/export?period=2025-13`)).status, 400);
	});

	it('refuses a malformed or missing period (400 naming it)', async () => {
		for (const p of ['', '2025-13', '2025-Q5', '25', '2025-1', 'year'])
			assert.equal((await srv.get(`/api/v1/orgs/${srv.county}/compliance?period=${p}`)).body.error.field, 'period', p);
		assert.equal((await srv.get(`/api/v1/orgs/${srv.county}/compliance`)).status, 400);
	});
});
