// orglife_inspection.test.mjs - spot checks: a superior organisation draws a random sample of its
// subtree's meetings in a period; the draw follows the documented rule (meetings ranked by
// SM3("<seed>:<id>") ascending), so anyone with the seed draws the same sample - here the test
// draws it itself with node's SM3; the seed is recorded (chosen at random when not given); the
// findings are recorded on meetings of the sample only; only who may inspect draws and records.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useServer, uniq, login, runCli } from './harness.mjs';

describe('spot checks of organisational life', () => {
	const srv = useServer(async (s) => {
		const county = await s.post('/api/v1/orgs', { code: uniq('IC'), name: '县委', type: 'county_committee' });
		s.county = county.body.id;
		s.meetings = [];
		s.branches = [];
		for (let b = 0; b < 3; b++) {
			const branch = await s.post('/api/v1/orgs', { code: uniq('IB'), name: `抽查支部${b}`, type: 'branch', parent_id: s.county });
			s.branches.push(branch.body.id);
			for (const m of ['01', '02', '03', '04'])
				s.meetings.push((await s.post('/api/v1/meetings', { org_id: branch.body.id, kinds: ['theme_day'], held_on: `2025-${m}-1${b}`,
					chair: '书记', recorder: '组织委员', expected: 3, present: 2 })).body.id);
		}
		// one outside the period
		await s.post('/api/v1/meetings', { org_id: s.branches[0], kinds: ['theme_day'], held_on: '2025-07-01', chair: '书记', recorder: '组织委员', expected: 3, present: 2 });
	});

	// The documented draw, done here independently of the server.
	const expected = (ids, seed, size) => ids.map((id) => [createHash('sm3').update(`${seed}:${id}`).digest('hex'), id])
		.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, size).map((x) => x[1]);

	it('draws the sample of the documented rule from the seed, and records it', async () => {
		const r = await srv.post(`/api/v1/orgs/${srv.county}/inspections`, { period: '2025-Q1', size: 4, seed: 'county-2025q1' });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		const inQ1 = srv.meetings.filter((_, i) => i % 4 !== 3); // April is outside the quarter
		assert.deepEqual(r.body.sample, expected(inQ1, 'county-2025q1', 4));
		assert.deepEqual([r.body.period, r.body.seed, r.body.size], ['2025-Q1', 'county-2025q1', 4]);
		const again = await srv.get(`/api/v1/orgs/${srv.county}/inspections/draw?period=2025-Q1&size=4&seed=county-2025q1`);
		assert.deepEqual(again.body.sample, r.body.sample, 'anyone with the seed draws the same');
		const other = await srv.get(`/api/v1/orgs/${srv.county}/inspections/draw?period=2025-Q1&size=4&seed=another`);
		assert.deepEqual(other.body.sample, expected(inQ1, 'another', 4));
		srv.inspection = r.body;
	});

	it('chooses and records a seed when none is given, and the draw repeats from it', async () => {
		const r = await srv.post(`/api/v1/orgs/${srv.county}/inspections`, { period: '2025', size: 20 });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.match(r.body.seed, /^[0-9a-f]{32}$/);
		assert.equal(r.body.sample.length, 13, 'every meeting of the year when the sample is larger');
		const again = await srv.get(`/api/v1/orgs/${srv.county}/inspections/draw?period=2025&size=20&seed=${r.body.seed}`);
		assert.deepEqual(again.body.sample, r.body.sample);
	});

	it('records findings on meetings of the sample only', async () => {
		const id = srv.inspection.id;
		const inSample = srv.inspection.sample[0];
		const outside = srv.meetings.find((m) => !srv.inspection.sample.includes(m));
		const bad = await srv.post(`/api/v1/inspections/${id}/findings`, { meeting_id: outside, severity: 'problem', finding: '记录不全' });
		assert.equal(bad.status, 400);
		assert.equal(bad.body.error.field, 'meeting_id');
		const sev = await srv.post(`/api/v1/inspections/${id}/findings`, { meeting_id: inSample, severity: 'bad', finding: 'x' });
		assert.equal(sev.body.error.field, 'severity');
		const ok = await srv.post(`/api/v1/inspections/${id}/findings`, { meeting_id: inSample, severity: 'problem', finding: '签到表缺失' });
		assert.equal(ok.status, 201, JSON.stringify(ok.body));
		const got = (await srv.get(`/api/v1/inspections/${id}`)).body;
		assert.deepEqual(got.findings.map((f) => [f.meeting_id, f.severity, f.finding, f.recorded_by]), [[inSample, 'problem', '签到表缺失', 'tester']]);
	});

	it('lets a branch secretary read but not inspect, and hides other subtrees', async () => {
		const name = uniq('insp').toLowerCase();
		assert.equal(runCli(srv.db, 'account', 'add', name, '--password', 'Inspect-Pass-2026', '--role', 'secretary',
			'--org', String(srv.branches[1])).status, 0);
		const { client } = await login(srv, name, 'Inspect-Pass-2026');
		assert.equal((await client.post(`/api/v1/orgs/${srv.branches[1]}/inspections`, { period: '2025', size: 1 })).status, 403);
		assert.equal((await client.get(`/api/v1/inspections/${srv.inspection.id}`)).status, 404, 'the county\'s inspection');
		const bad = await srv.post(`/api/v1/orgs/${srv.county}/inspections`, { period: '2025-Q9', size: 1 });
		assert.equal(bad.body.error.field, 'period');
		assert.equal((await srv.post(`/api/v1/orgs/${srv.county}/inspections`, { period: '2025', size: 0 })).body.error.field, 'size');
		assert.equal((await srv.post(`/api/v1/orgs/${srv.county}/inspections`, { period: '2025', size: 1, seed: 'no spaces' })).body.error.field, 'seed');
	});
});
