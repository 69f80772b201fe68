// rules.test.mjs - local rules as data: a subtree overrides a rule marked local (L) and the
// override governs exactly that subtree, is listed with its source, and is cited (rule key and
// article) when it refuses a record; national rules stay out of reach of an override.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq, idNumber } from './harness.mjs';

const KEY = 'member.activist_after_application_min_months';

describe('local rule overrides', () => {
	const srv = useServer(async (s) => {
		const root = await s.post('/api/v1/orgs', { code: uniq('ROOT'), name: '测试县委', type: 'county_committee' });
		s.root = root.body;
		for (const name of ['a', 'b']) {
			const t = await s.post('/api/v1/orgs', { code: uniq('TOWN'), name: `镇${name}`, type: 'township_committee', parent_id: s.root.id });
			const b = await s.post('/api/v1/orgs', { code: uniq('BR'), name: `支部${name}`, type: 'branch', parent_id: t.body.id });
			s[name] = { town: t.body, branch: b.body };
		}
	});

	const member = (orgId) => ({
		org_id: orgId, name: uniq('党员'), id_number: idNumber('1990-03-01', 'F'), ethnicity: '01',
		education: 'bachelor', occupation: 'worker', apply_date: '2015-01-10', activist_date: '2015-02-20',
		target_date: '2016-03-01', admit_date: '2016-09-01', convert_date: '2017-09-02',
	});

	it('lists the rule as local with its national default of 0 months', async () => {
		const r = await srv.get(`/api/v1/orgs/${srv.a.branch.id}/rules`);
		const rule = r.body.items.find((x) => x.key === KEY);
		assert.equal(rule.value, '0');
		assert.equal(rule.local, true);
		assert.equal(rule.confidence, 'L');
		assert.deepEqual(rule.source, { kind: 'national' });
	});

	it('an override on township a governs a\'s subtree only, and refusals cite it', async () => {
		const o = await srv.post(`/api/v1/orgs/${srv.a.town.id}/rules`,
			{ key: KEY, value: '3', reason: '本县规定申请后3个月方可确定为积极分子', effective_from: '2010-01-01' });
		assert.equal(o.status, 200, JSON.stringify(o.body));
		const listed = (await srv.get(`/api/v1/orgs/${srv.a.branch.id}/rules`)).body.items.find((x) => x.key === KEY);
		assert.equal(listed.value, '3');
		assert.deepEqual(listed.source, { kind: 'override', org_id: srv.a.town.id });
		const elsewhere = (await srv.get(`/api/v1/orgs/${srv.b.branch.id}/rules`)).body.items.find((x) => x.key === KEY);
		assert.equal(elsewhere.value, '0');

		const before = (await srv.get(`/api/v1/orgs/${srv.root.id}/stats`)).body;
		const refused = await srv.post('/api/v1/members', member(srv.a.branch.id));
		assert.equal(refused.status, 422, JSON.stringify(refused.body));
		assert.equal(refused.body.error.rule, KEY);
		assert.equal(refused.body.error.field, 'activist_date');
		assert.ok(refused.body.error.article.length > 0);
		assert.deepEqual((await srv.get(`/api/v1/orgs/${srv.root.id}/stats`)).body, before);

		const ok = await srv.post('/api/v1/members', member(srv.b.branch.id));
		assert.equal(ok.status, 201, JSON.stringify(ok.body));
		const later = { ...member(srv.a.branch.id), activist_date: '2015-04-10', target_date: '2016-05-01' };
		const accepted = await srv.post('/api/v1/members', later);
		assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
	});

	it('refuses to override a national rule (422 naming it)', async () => {
		const r = await srv.post(`/api/v1/orgs/${srv.a.town.id}/rules`,
			{ key: 'member.min_age_at_application', value: '16', reason: 'x' });
		assert.equal(r.status, 422);
		assert.equal(r.body.error.rule, 'member.min_age_at_application');
	});
});
