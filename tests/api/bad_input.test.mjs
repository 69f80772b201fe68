// bad_input.test.mjs - refusals over real HTTP, and that a refusal changes nothing.
//
// For every write endpoint (POST /orgs, PATCH /orgs/{id}, POST /orgs/{id}/move,
// POST /orgs/{id}/rules, POST /members, PATCH /members/{id}): malformed JSON, a JSON array, an
// empty body, wrong types, unknown fields, read-only fields, an oversized body (413), a missing or
// wrong Content-Type. Then the domain refusals: unknown organisations (400 on a reference, 404 on
// the path), invalid ID numbers, duplicates (409), members aged 17 at application or admission
// and conversions before 12 months (422 with the rule and its article), protected fields (403),
// impossible moves, invalid committees. After each refusal the organisations, the member, their
// histories, the root's statistics, listings and rules must be exactly as before.
// Finally the routing and query errors: unknown paths (404), wrong methods (405), malformed ids
// (404), and bad query parameters (400 naming the parameter).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq, idNumber } from './harness.mjs';

const CODE_OF = { 400: 'invalid', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
	409: 'conflict', 413: 'too_large', 422: 'rule_violation' };

/** Asserts the error reply: status, {error: {code, message, field?, rule?, article?}}. */
function assertError(r, status, { field, rule, names } = {}) {
	const shown = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
	assert.equal(r.status, status, shown);
	assert.equal(typeof r.body, 'object', `a JSON error body: ${shown}`);
	assert.ok(r.body.error, shown);
	assert.equal(r.body.error.code, CODE_OF[status], shown);
	assert.equal(typeof r.body.error.message, 'string');
	assert.ok(r.body.error.message.length > 0);
	if (field !== undefined)
		assert.equal(r.body.error.field, field, shown);
	if (names !== undefined)
		assert.ok(r.body.error.field === names || r.body.error.message.includes(names),
			`the error names '${names}': ${shown}`);
	if (rule !== undefined) {
		assert.equal(r.body.error.rule, rule, shown);
		assert.equal(typeof r.body.error.article, 'string', shown);
		assert.ok(r.body.error.article.length > 0, shown);
	}
}

const BIG = 'x'.repeat(17 * 1024);


describe('bad input', () => {
	const srv = useServer(async (s) => {
		const mk = async (body) => {
			const r = await s.post('/api/v1/orgs', body);
			assert.equal(r.status, 201, JSON.stringify(r.body));
			return r.body;
		};
		s.root = await mk({ code: uniq('ROOT'), name: '测试县委', type: 'county_committee' });
		s.town = await mk({ code: uniq('TA'), name: '甲镇党委', type: 'township_committee', parent_id: s.root.id });
		s.town2 = await mk({ code: uniq('TB'), name: '乙镇党委', type: 'township_committee', parent_id: s.root.id });
		s.branch = await mk({ code: uniq('BR'), name: '甲镇第一党支部', type: 'branch', parent_id: s.town.id });
		s.group = await mk({ code: uniq('GR'), name: '第一党小组', type: 'group', parent_id: s.branch.id });
		s.primary = await mk({ code: uniq('P1'), name: '甲镇某厂党委', type: 'primary_committee', parent_id: s.town.id });
		s.primary2 = await mk({ code: uniq('P2'), name: '某厂车间党委', type: 'primary_committee', parent_id: s.primary.id });
		const c = await s.patch(`/api/v1/orgs/${s.branch.id}`, { committee: [{ post: 'secretary', name: '张书记' }] });
		assert.equal(c.status, 200, JSON.stringify(c.body));
		s.memberIdNumber = idNumber('1985-04-12', 'M');
		const m = await s.post('/api/v1/members', {
			org_id: s.branch.id, name: '王建国', id_number: s.memberIdNumber, ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2010-06-01', convert_date: '2011-06-01',
		});
		assert.equal(m.status, 201, JSON.stringify(m.body));
		s.member = m.body;
	});

	/** Everything a refusal must leave alone. */
	async function snapshot() {
		const get = async (path) => {
			const r = await srv.get(path);
			assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		const o = '/api/v1/orgs';
		const snap = {};
		for (const [k, id] of [['root', srv.root.id], ['town', srv.town.id], ['town2', srv.town2.id],
			['branch', srv.branch.id], ['group', srv.group.id], ['primary', srv.primary.id], ['primary2', srv.primary2.id]]) {
			snap[k] = await get(`${o}/${id}`);
			snap[`${k}History`] = (await get(`${o}/${id}/history?limit=200`)).items.length;
			snap[`${k}Children`] = await get(`${o}/${id}/children?limit=500`);
		}
		snap.member = await get(`/api/v1/members/${srv.member.id}`);
		snap.memberHistory = (await get(`/api/v1/members/${srv.member.id}/history?limit=200`)).items.length;
		snap.rootStats = await get(`${o}/${srv.root.id}/stats`);
		snap.town2Stats = await get(`${o}/${srv.town2.id}/stats`);
		snap.members = await get(`${o}/${srv.root.id}/members?limit=500`);
		snap.rules = await get(`${o}/${srv.branch.id}/rules`);
		return snap;
	}

	/** Sends a request expected to be refused, checks the error and that nothing changed. */
	async function refused(method, path, body, status, expect = {}, opts = {}) {
		const before = await snapshot();
		const r = await srv.request(method, path, body, opts);
		const after = await snapshot();
		assert.deepEqual(after, before, `${method} ${path} answered ${r.status} and changed nothing`);
		assertError(r, status, expect);
		return r;
	}

	function memberBody(over = {}) {
		return {
			org_id: srv.branch.id, name: uniq('党员'), id_number: idNumber('1990-01-15', 'F'), ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2012-07-01', convert_date: '2013-07-01', ...over,
		};
	}

	/* --- the same malformed requests against every write endpoint ---------------------------- */

	const endpoints = [
		{
			name: 'POST /orgs', method: 'POST', path: () => '/api/v1/orgs',
			valid: () => ({ code: uniq('NEW'), name: '新支部', type: 'branch', parent_id: srv.town.id }),
			wrongType: { name: 5 }, wrongField: 'name', record: true,
		},
		{
			name: 'PATCH /orgs/{id}', method: 'PATCH', path: () => `/api/v1/orgs/${srv.branch.id}`,
			valid: () => ({ name: '改名支部' }), wrongType: { name: 5 }, wrongField: 'name', record: true,
		},
		{
			name: 'POST /orgs/{id}/move', method: 'POST', path: () => `/api/v1/orgs/${srv.branch.id}/move`,
			valid: () => ({ parent_id: srv.town2.id }), wrongType: { parent_id: 'abc' }, wrongField: 'parent_id',
		},
		{
			name: 'POST /orgs/{id}/rules', method: 'POST', path: () => `/api/v1/orgs/${srv.branch.id}/rules`,
			valid: () => ({ key: 'member.min_age_at_application', value: '16', reason: '试点' }),
			wrongType: { value: 16 }, wrongField: 'value',
		},
		{
			name: 'POST /members', method: 'POST', path: () => '/api/v1/members',
			valid: () => memberBody(), wrongType: { name: 5 }, wrongField: 'name', record: true,
		},
		{
			name: 'PATCH /members/{id}', method: 'PATCH', path: () => `/api/v1/members/${srv.member.id}`,
			valid: () => ({ education: 'postgraduate' }), wrongType: { name: 5 }, wrongField: 'name', record: true,
		},
	];

	for (const ep of endpoints) {
		describe(ep.name, () => {
			const json = { 'content-type': 'application/json' };
			it('refuses malformed JSON (400)', async () => {
				await refused(ep.method, ep.path(), undefined, 400, {}, { raw: '{"name": "x",', headers: json });
			});
			it('refuses a JSON array (400)', async () => {
				await refused(ep.method, ep.path(), [ep.valid()], 400);
			});
			it('refuses a JSON string or number (400)', async () => {
				await refused(ep.method, ep.path(), undefined, 400, {}, { raw: '"text"', headers: json });
				await refused(ep.method, ep.path(), undefined, 400, {}, { raw: '42', headers: json });
			});
			it('refuses an empty body (400)', async () => {
				await refused(ep.method, ep.path(), undefined, 400, {}, { raw: '', headers: json });
			});
			it(`refuses a wrong type (400 field ${ep.wrongField})`, async () => {
				await refused(ep.method, ep.path(), { ...ep.valid(), ...ep.wrongType }, 400, { field: ep.wrongField });
			});
			it('refuses an unknown field, naming it (400)', async () => {
				await refused(ep.method, ep.path(), { ...ep.valid(), nickname: '小王' }, 400, { names: 'nickname' });
			});
			if (ep.record) {
				it('refuses read-only fields id and version (400)', async () => {
					await refused(ep.method, ep.path(), { ...ep.valid(), id: 5 }, 400, { field: 'id' });
					await refused(ep.method, ep.path(), { ...ep.valid(), version: 7 }, 400, { field: 'version' });
				});
			}
			it('refuses a body over 16 KiB (413)', async () => {
				await refused(ep.method, ep.path(), { ...ep.valid(), reason: BIG }, 413);
			});
			it('refuses a body without Content-Type application/json (400)', async () => {
				const text = JSON.stringify(ep.valid());
				await refused(ep.method, ep.path(), undefined, 400, {}, { raw: Buffer.from(text) });
				await refused(ep.method, ep.path(), undefined, 400, {}, { raw: text, headers: { 'content-type': 'text/plain' } });
				await refused(ep.method, ep.path(), undefined, 400, {},
					{ raw: text, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
			});
			it('refuses a reason that is not a string (400 field reason)', async () => {
				await refused(ep.method, ep.path(), { ...ep.valid(), reason: 12 }, 400, { field: 'reason' });
			});
		});
	}

	/* --- organisations ------------------------------------------------------------------------ */

	describe('organisations', () => {
		it('POST /orgs under an unknown parent: 400 field parent_id', async () => {
			await refused('POST', '/api/v1/orgs', { code: uniq('X'), name: '孤儿支部', type: 'branch', parent_id: 999999 },
				400, { field: 'parent_id' });
		});
		it('POST /orgs without a required field: 400 naming it', async () => {
			await refused('POST', '/api/v1/orgs', { code: uniq('X'), type: 'branch', parent_id: srv.town.id }, 400, { field: 'name' });
			await refused('POST', '/api/v1/orgs', { code: uniq('X'), name: '无类别', parent_id: srv.town.id }, 400, { field: 'type' });
			await refused('POST', '/api/v1/orgs', { code: uniq('X'), name: '', type: 'branch', parent_id: srv.town.id }, 400, { field: 'name' });
		});
		it('POST /orgs with an unknown type code or a bad date: 400 naming the field', async () => {
			await refused('POST', '/api/v1/orgs', { code: uniq('X'), name: 'x', type: 'committee', parent_id: srv.town.id }, 400, { field: 'type' });
			await refused('POST', '/api/v1/orgs', { code: uniq('X'), name: 'x', type: 'branch', parent_id: srv.town.id, founded_on: '2020-02-30' },
				400, { field: 'founded_on' });
			await refused('POST', '/api/v1/orgs', { code: 'bad code!', name: 'x', type: 'branch', parent_id: srv.town.id }, 400, { field: 'code' });
			await refused('POST', '/api/v1/orgs', { code: uniq('X'), name: 'x', type: 'branch', parent_id: srv.town.id, can_approve: 'yes' },
				400, { field: 'can_approve' });
		});
		it('POST or PATCH /orgs with a code in use: 409 field code', async () => {
			await refused('POST', '/api/v1/orgs', { code: srv.branch.code, name: '重复代码', type: 'branch', parent_id: srv.town.id },
				409, { field: 'code' });
			await refused('PATCH', `/api/v1/orgs/${srv.town2.id}`, { code: srv.town.code }, 409, { field: 'code' });
		});
		it('POST /orgs with an invalid committee creates nothing (400)', async () => {
			await refused('POST', '/api/v1/orgs', {
				code: uniq('X'), name: '委员无效', type: 'branch', parent_id: srv.town.id, committee: [{ post: 'king', name: '某' }],
			}, 400, { field: 'committee.post' });
		});
		it('PATCH /orgs/999999: 404', async () => {
			await refused('PATCH', '/api/v1/orgs/999999', { name: '不存在' }, 404);
		});
		it('PATCH /orgs/{id} of protected parent_id: 403', async () => {
			await refused('PATCH', `/api/v1/orgs/${srv.branch.id}`, { parent_id: srv.town2.id }, 403, { field: 'parent_id' });
		});
		it('PATCH /orgs/{id} emptying a required field: 400', async () => {
			await refused('PATCH', `/api/v1/orgs/${srv.branch.id}`, { name: '' }, 400, { field: 'name' });
			await refused('PATCH', `/api/v1/orgs/${srv.branch.id}`, { name: null }, 400, { field: 'name' });
		});
		it('PATCH /orgs/{id} to a type that cannot sit under its parent or hold its children: 400 field type', async () => {
			await refused('PATCH', `/api/v1/orgs/${srv.branch.id}`, { type: 'group' }, 400, { field: 'type' });
			await refused('PATCH', `/api/v1/orgs/${srv.town.id}`, { type: 'branch' }, 400, { field: 'type' });
		});
		it('PATCH /orgs/{id} with an invalid committee keeps the other fields too (400)', async () => {
			await refused('PATCH', `/api/v1/orgs/${srv.branch.id}`, { name: '半途改名', committee: [{ post: 'secretary' }] },
				400, { field: 'committee.name' });
			await refused('PATCH', `/api/v1/orgs/${srv.branch.id}`, { name: '半途改名', committee: { post: 'secretary', name: 'x' } },
				400, { field: 'committee' });
		});
		it('PATCH /orgs/{id} with a reason over 500 bytes: 400 field reason', async () => {
			await refused('PATCH', `/api/v1/orgs/${srv.branch.id}`, { name: '长理由', reason: 'r'.repeat(501) }, 400, { field: 'reason' });
		});
		it('POST /orgs/999999/move: 404', async () => {
			await refused('POST', '/api/v1/orgs/999999/move', { parent_id: srv.town2.id }, 404);
		});
		it('POST /orgs/{id}/move under an unknown parent: 400 field parent_id', async () => {
			await refused('POST', `/api/v1/orgs/${srv.branch.id}/move`, { parent_id: 999999 }, 400, { field: 'parent_id' });
			await refused('POST', `/api/v1/orgs/${srv.branch.id}/move`, { parent_id: 0 }, 400, { field: 'parent_id' });
			await refused('POST', `/api/v1/orgs/${srv.branch.id}/move`, {}, 400, { field: 'parent_id' });
		});
		it('POST /orgs/{id}/move of the root, under its own subtree, or under a misfit type: 400', async () => {
			await refused('POST', `/api/v1/orgs/${srv.root.id}/move`, { parent_id: srv.town.id }, 400, { field: 'parent_id' });
			await refused('POST', `/api/v1/orgs/${srv.primary.id}/move`, { parent_id: srv.primary2.id }, 400, { field: 'parent_id' });
			await refused('POST', `/api/v1/orgs/${srv.branch.id}/move`, { parent_id: srv.group.id }, 400, { field: 'type' });
			await refused('POST', `/api/v1/orgs/${srv.town.id}/move`, { parent_id: srv.town2.id }, 400, { field: 'type' });
		});
		it('POST /orgs/999999/rules: 404', async () => {
			await refused('POST', '/api/v1/orgs/999999/rules', { key: 'org.branch.max_members', value: '60', reason: '试点' }, 404);
		});
		it('POST /orgs/{id}/rules of a national rule: 422 naming the rule', async () => {
			await refused('POST', `/api/v1/orgs/${srv.branch.id}/rules`, { key: 'org.branch.max_members', value: '60', reason: '试点' },
				422, { rule: 'org.branch.max_members' });
		});
		it('POST /orgs/{id}/rules with an unknown key, no reason or a bad date: 400 naming the field', async () => {
			const p = `/api/v1/orgs/${srv.branch.id}/rules`;
			await refused('POST', p, { key: 'no.such.rule', value: '1', reason: '试点' }, 400, { field: 'key' });
			await refused('POST', p, { key: 'org.branch.max_members', value: '60', reason: '' }, 400, { field: 'reason' });
			await refused('POST', p, { key: 'org.branch.max_members', value: '60', reason: '试点', effective_from: '2026-13-01' },
				400, { field: 'effective_from' });
		});
	});

	/* --- members ------------------------------------------------------------------------------ */

	describe('members', () => {
		it('POST /members in an unknown organisation: 400 field org_id', async () => {
			await refused('POST', '/api/v1/members', memberBody({ org_id: 999999 }), 400, { field: 'org_id' });
		});
		it('POST /members in a Party group: 400 field org_id', async () => {
			await refused('POST', '/api/v1/members', memberBody({ org_id: srv.group.id }), 400, { field: 'org_id' });
		});
		it('POST /members with an invalid ID number, gender and birth date given: 400 field id_number', async () => {
			const good = idNumber('1990-01-15', 'F');
			const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
			await refused('POST', '/api/v1/members', memberBody({ id_number: badCheck, gender: 'F', birth_date: '1990-01-15' }),
				400, { field: 'id_number' });
			await refused('POST', '/api/v1/members', memberBody({ id_number: good.slice(0, 17), gender: 'F', birth_date: '1990-01-15' }),
				400, { field: 'id_number' });
			await refused('POST', '/api/v1/members', memberBody({ id_number: `${good.slice(0, 16)}A${good[17]}`, gender: 'F', birth_date: '1990-01-15' }),
				400, { field: 'id_number' });
		});
		it('POST /members with an invalid ID number alone: 400 field id_number', async () => {
			const good = idNumber('1990-01-15', 'F');
			const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
			await refused('POST', '/api/v1/members', memberBody({ id_number: badCheck }), 400, { field: 'id_number' });
		});
		it('POST /members whose birth date or gender disagree with the ID number: 400 naming the field', async () => {
			await refused('POST', '/api/v1/members', memberBody({ id_number: idNumber('1990-01-15', 'F'), birth_date: '1990-01-16' }),
				400, { field: 'birth_date' });
			await refused('POST', '/api/v1/members', memberBody({ id_number: idNumber('1990-01-15', 'F'), gender: 'M' }),
				400, { field: 'gender' });
		});
		it('POST /members with an ID number in use: 409 field id_number', async () => {
			await refused('POST', '/api/v1/members', memberBody({ id_number: srv.memberIdNumber }), 409, { field: 'id_number' });
		});
		it('POST /members with bad codes, dates or flags: 400 naming the field', async () => {
			await refused('POST', '/api/v1/members', memberBody({ education: 'phd' }), 400, { field: 'education' });
			await refused('POST', '/api/v1/members', memberBody({ ethnicity: '99' }), 400, { field: 'ethnicity' });
			await refused('POST', '/api/v1/members', memberBody({ admit_date: '2012/07/01' }), 400, { field: 'admit_date' });
			await refused('POST', '/api/v1/members', memberBody({ mobile: 'yes' }), 400, { field: 'mobile' });
			await refused('POST', '/api/v1/members', memberBody({ dues_base_fen: -5 }), 400, { field: 'dues_base_fen' });
			await refused('POST', '/api/v1/members', memberBody({ admit_date: undefined, convert_date: undefined }), 400, { field: 'admit_date' });
		});
		it('POST /members aged 17 at admission: 422 member.min_age_at_application', async () => {
			await refused('POST', '/api/v1/members', memberBody({
				id_number: idNumber('2000-05-10', 'M'), admit_date: '2018-01-10', convert_date: undefined,
			}), 422, { rule: 'member.min_age_at_application', field: 'admit_date' });
		});
		it('POST /members aged 17 at application: 422 member.min_age_at_application', async () => {
			await refused('POST', '/api/v1/members', memberBody({
				id_number: idNumber('2000-05-10', 'M'), apply_date: '2018-03-01', admit_date: '2019-06-01', convert_date: '2020-06-01',
			}), 422, { rule: 'member.min_age_at_application', field: 'apply_date' });
		});
		it('POST /members converted less than 12 months after admission: 422 member.probation_months', async () => {
			await refused('POST', '/api/v1/members', memberBody({ admit_date: '2015-03-01', convert_date: '2016-02-28' }),
				422, { rule: 'member.probation_months', field: 'convert_date' });
		});
		it('PATCH /members/999999: 404', async () => {
			await refused('PATCH', '/api/v1/members/999999', { education: 'postgraduate' }, 404);
		});
		it('PATCH /members/{id} of protected org_id and id_number: 403', async () => {
			const p = `/api/v1/members/${srv.member.id}`;
			await refused('PATCH', p, { org_id: srv.primary.id }, 403, { field: 'org_id' });
			await refused('PATCH', p, { org_id: srv.branch.id }, 403, { field: 'org_id' });
			await refused('PATCH', p, { id_number: idNumber('1985-04-12', 'M') }, 403, { field: 'id_number' });
		});
		it('PATCH /members/{id} to an admission at 17: 422 member.min_age_at_application', async () => {
			await refused('PATCH', `/api/v1/members/${srv.member.id}`, { admit_date: '2002-06-01' },
				422, { rule: 'member.min_age_at_application' });
		});
		it('PATCH /members/{id} to a conversion before 12 months: 422 member.probation_months', async () => {
			await refused('PATCH', `/api/v1/members/${srv.member.id}`, { convert_date: '2011-05-31' },
				422, { rule: 'member.probation_months', field: 'convert_date' });
		});
		it('PATCH /members/{id} emptying a required field or with a bad code: 400 naming the field', async () => {
			const p = `/api/v1/members/${srv.member.id}`;
			await refused('PATCH', p, { name: '' }, 400, { field: 'name' });
			await refused('PATCH', p, { education: null }, 400, { field: 'education' });
			await refused('PATCH', p, { occupation: 'astronaut' }, 400, { field: 'occupation' });
			await refused('PATCH', p, { education: 'postgraduate', reason: 'r'.repeat(501) }, 400, { field: 'reason' });
		});
	});

	/* --- routing and queries -------------------------------------------------------------------- */

	describe('routing and queries', () => {
		it('answers 404 for an unknown path', async () => {
			assertError(await srv.get('/api/v1/nope'), 404);
			assertError(await srv.get('/api/v1/orgs/1/nope'), 404);
			assertError(await srv.get('/api/v2/health'), 404);
		});
		it('answers 405 for a wrong method on a known path', async () => {
			assertError(await srv.request('DELETE', `/api/v1/orgs/${srv.branch.id}`), 405);
			assertError(await srv.request('PUT', `/api/v1/members/${srv.member.id}`, { name: 'x' }), 405);
			assertError(await srv.get('/api/v1/orgs'), 405);
			assertError(await srv.get('/api/v1/members'), 405);
			assertError(await srv.post('/api/v1/health', {}), 405);
		});
		it('answers 404 for ids that are not ids', async () => {
			for (const id of ['0', 'abc', '-1', '01', '1.5', '9999999999999999999'])
				assertError(await srv.get(`/api/v1/orgs/${id}`), 404);
			assertError(await srv.get('/api/v1/members/0'), 404);
			assertError(await srv.get('/api/v1/members/abc'), 404);
		});
		it('answers 404 for ids that do not exist', async () => {
			for (const p of ['/orgs/999999', '/orgs/999999/children', '/orgs/999999/stats', '/orgs/999999/history',
				'/orgs/999999/findings', '/orgs/999999/rules', '/orgs/999999/members', '/orgs/999999/search?q=x',
				'/members/999999', '/members/999999/history'])
				assertError(await srv.get(`/api/v1${p}`), 404);
		});
		it('refuses limit=0, limit=abc and a limit over the maximum (400 field limit)', async () => {
			const b = srv.branch.id;
			for (const p of [`/orgs/${b}/children`, `/orgs/${srv.root.id}/members`, `/orgs/${b}/history`,
				`/members/${srv.member.id}/history`])
				for (const v of ['0', 'abc', '-3', '100000', '5x'])
					assertError(await srv.get(`/api/v1${p}?limit=${v}`), 400, { field: 'limit' });
		});
		it('refuses unknown codes in member filters (400 naming the parameter)', async () => {
			const p = `/api/v1/orgs/${srv.root.id}/members`;
			assertError(await srv.get(`${p}?state=nonsense`), 400, { field: 'state' });
			assertError(await srv.get(`${p}?gender=X`), 400, { field: 'gender' });
			assertError(await srv.get(`${p}?category=honorary`), 400, { field: 'category' });
			assertError(await srv.get(`${p}?education=phd`), 400, { field: 'education' });
			assertError(await srv.get(`${p}?age_min=abc`), 400, { field: 'age_min' });
			assertError(await srv.get(`${p}?age_max=-1`), 400, { field: 'age_max' });
			assertError(await srv.get(`${p}?mobile=2`), 400, { field: 'mobile' });
			assertError(await srv.get(`${p}?cursor=garbage`), 400, { field: 'cursor' });
		});
		it('refuses other bad query parameters (400 naming the parameter)', async () => {
			const o = `/api/v1/orgs/${srv.branch.id}`;
			assertError(await srv.get(`/api/v1/orgs/${srv.root.id}/search`), 400, { field: 'q' });
			assertError(await srv.get(`${o}/rules?date=2026-02-30`), 400, { field: 'date' });
			assertError(await srv.get(`${o}/stats?year=abc`), 400, { field: 'year' });
			assertError(await srv.get(`${o}/stats?year=1800`), 400, { field: 'year' });
			assertError(await srv.get(`${o}/history?before=abc`), 400, { field: 'before' });
		});
		it('is still healthy and consistent after all of this', async () => {
			const h = await srv.get('/api/v1/health');
			assert.equal(h.status, 200);
			assert.deepEqual(h.body, { status: 'ok' });
			const m = await srv.get(`/api/v1/members/${srv.member.id}`);
			assert.equal(m.body.version, 1);
			assert.equal(m.body.education, 'bachelor');
			const b = await srv.get(`/api/v1/orgs/${srv.branch.id}`);
			assert.equal(b.body.name, '甲镇第一党支部');
			assert.deepEqual(b.body.path, [srv.root.id, srv.town.id, srv.branch.id]);
		});
	});
});
