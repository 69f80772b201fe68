// fuzz_regressions.test.mjs - every failure the fuzzers (fuzz/, make fuzz) found, replayed over
// real HTTP, so that it cannot come back unseen: the request that once crashed or misbehaved
// must now get a clean answer, and the server must still be up. (The raw inputs are kept as
// well, in fuzz/regressions/, and replayed by make fuzz.) Under make asan the same requests run
// against the sanitizer build, where the original failures were found.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq } from './harness.mjs';

describe('what the fuzzers found', () => {
	const srv = useServer(async (s) => {
		const county = await s.post('/api/v1/orgs', { code: uniq('FZ'), name: '中共模糊县委员会', type: 'county_committee' });
		assert.equal(county.status, 201, JSON.stringify(county.body));
		s.county = county.body.id;
		const branch = await s.post('/api/v1/orgs', { code: uniq('FZ'), name: '中共模糊村支部委员会', type: 'branch', parent_id: s.county });
		assert.equal(branch.status, 201, JSON.stringify(branch.body));
		s.branch = branch.body.id;
	});

	const alive = async () => assert.equal((await srv.get('/api/v1/health')).status, 200, 'the server is still up');

	it('a meeting whose "reason" is not a string: 400 naming it (fuzz_handlers: a double free of the unread record)', async () => {
		const r = await srv.post('/api/v1/meetings', {
			reason: 2, org_id: srv.branch, kinds: ['theme_day'], held_on: '2025-03-10', chair: '书记', recorder: '委员', expected: 3, present: 3,
		});
		assert.equal(r.status, 400, JSON.stringify(r.body));
		assert.equal(r.body.error.field, 'reason');
		await alive();
		const list = await srv.get(`/api/v1/orgs/${srv.branch}/meetings`);
		assert.deepEqual(list.body.items, [], 'nothing recorded');
	});

	it('a spot check of a period without any meeting: an empty sample (fuzz_handlers: qsort of an empty, NULL list)', async () => {
		const r = await srv.post(`/api/v1/orgs/${srv.county}/inspections`, { period: '2024', size: 3, seed: 's' });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		const got = await srv.get(`/api/v1/inspections/${r.body.id}`);
		assert.deepEqual(got.body.sample, []);
		await alive();
	});
});
