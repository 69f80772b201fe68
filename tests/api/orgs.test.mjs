// orgs.test.mjs - the organisation tree over real HTTP: creating a root (county committee) and
// children (township committee, branch, Party group), GET of one organisation, children paging
// with cursor and limit, search by name prefix and code, PATCH with history (before/after and the
// reason), the committee set through PATCH, moving a branch between townships (path, statistics
// of both parents, `jiceng stats verify`), set-up findings (org.branch.min_full_members), the
// rules in force and the refusal of a local override of a national rule.
//
// Each test builds its own subtree under the one root made in the before hook.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq, idNumber } from './harness.mjs';

describe('organisations', () => {
	const srv = useServer(async (s) => {
		s.rootCode = uniq('ROOT');
		const r = await s.post('/api/v1/orgs', { code: s.rootCode, name: '测试县委', type: 'county_committee' });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		s.root = r.body;
	});

	async function createOrg(parentId, type, extra = {}) {
		const code = extra.code || uniq(type.slice(0, 3).toUpperCase());
		const body = { code, name: extra.name || `${type} ${code}`, type, ...extra };
		if (parentId)
			body.parent_id = parentId;
		const r = await srv.post('/api/v1/orgs', body);
		assert.equal(r.status, 201, `create ${type}: ${JSON.stringify(r.body)}`);
		return r.body;
	}

	/** A member of orgId: full (admitted 2005, converted 2006) or probationary (admitted 2026). */
	async function addMember(orgId, { full = true, gender = 'M' } = {}) {
		const body = {
			org_id: orgId, name: uniq('党员'), id_number: idNumber('1980-05-05', gender),
			ethnicity: '01', education: 'bachelor', occupation: 'worker',
			admit_date: full ? '2005-07-01' : '2026-01-10',
		};
		if (full)
			body.convert_date = '2006-07-01';
		const r = await srv.post('/api/v1/members', body);
		assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
		return r.body;
	}

	const stats = async (id) => {
		const r = await srv.get(`/api/v1/orgs/${id}/stats`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body;
	};
	const history = async (id) => {
		const r = await srv.get(`/api/v1/orgs/${id}/history`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body.items;
	};

	it('creates the root and GETs it', async () => {
		const r = await srv.get(`/api/v1/orgs/${srv.root.id}`);
		assert.equal(r.status, 200);
		assert.equal(r.body.id, srv.root.id);
		assert.equal(r.body.code, srv.rootCode);
		assert.equal(r.body.name, '测试县委');
		assert.equal(r.body.type, 'county_committee');
		assert.equal(r.body.parent_id, null);
		assert.equal(r.body.status, 'active');
		assert.deepEqual(r.body.path, [srv.root.id]);
		assert.equal(r.body.depth, 0);
		assert.equal(r.body.version, 1);
		assert.ok(Array.isArray(r.body.committee));
		assert.equal(typeof r.body.members, 'number');
		assert.match(r.headers.get('content-type'), /^application\/json/);
	});

	it('refuses a second root', async () => {
		const r = await srv.post('/api/v1/orgs', { code: uniq('R2'), name: '另一县委', type: 'county_committee' });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.code, 'invalid');
		assert.equal(r.body.error.field, 'parent_id');
	});

	it('creates township, branch and group, each under its parent', async () => {
		const town = await createOrg(srv.root.id, 'township_committee', { name: '城关镇党委' });
		const branch = await createOrg(town.id, 'branch', { name: '城关镇第一党支部', unit_category: 'village' });
		const group = await createOrg(branch.id, 'group', { name: '第一党小组' });
		assert.deepEqual(town.path, [srv.root.id, town.id]);
		assert.deepEqual(branch.path, [srv.root.id, town.id, branch.id]);
		assert.deepEqual(group.path, [srv.root.id, town.id, branch.id, group.id]);

		const g = await srv.get(`/api/v1/orgs/${group.id}`);
		assert.equal(g.status, 200);
		assert.equal(g.body.parent_id, branch.id);
		assert.equal(g.body.type, 'group');
		assert.equal(g.body.depth, 3);
		const b = await srv.get(`/api/v1/orgs/${branch.id}`);
		assert.equal(b.body.name, '城关镇第一党支部');
		assert.equal(b.body.unit_category, 'village');
		assert.equal(b.body.parent_id, town.id);

		const kids = await srv.get(`/api/v1/orgs/${town.id}/children`);
		assert.equal(kids.status, 200);
		assert.deepEqual(kids.body.items.map((c) => c.id), [branch.id]);
		assert.equal(kids.body.items[0].has_children, true);
		assert.equal(kids.body.next_cursor ?? null, null);
		const hist = await history(branch.id);
		assert.equal(hist.length, 1);
		assert.equal(hist[0].action, 'create');
		assert.deepEqual(hist[0].changes.name, [null, '城关镇第一党支部']);
	});

	it('refuses a type that cannot sit under the parent', async () => {
		const before = await stats(srv.root.id);
		const r = await srv.post('/api/v1/orgs', { code: uniq('G'), name: '小组', type: 'group', parent_id: srv.root.id });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'type');
		assert.deepEqual(await stats(srv.root.id), before);
	});

	it('pages children with cursor and limit', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const codes = [];
		for (let i = 0; i < 7; i++) {
			const code = `${uniq('PG')}-${String.fromCharCode(71 - i)}`; // created out of code order
			codes.push(code);
			await createOrg(town.id, 'branch', { code });
		}
		codes.sort();
		const pages = [];
		let cursor = null;
		for (let guard = 0; guard < 10; guard++) {
			const q = `limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const r = await srv.get(`/api/v1/orgs/${town.id}/children?${q}`);
			assert.equal(r.status, 200, JSON.stringify(r.body));
			pages.push(r.body.items.map((c) => c.code));
			for (const c of r.body.items) {
				assert.equal(c.type, 'branch');
				assert.equal(c.has_children, false);
				assert.equal(c.members, 0);
			}
			cursor = r.body.next_cursor ?? null;
			if (!cursor)
				break;
		}
		assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
		assert.deepEqual(pages.flat(), codes);
		const all = await srv.get(`/api/v1/orgs/${town.id}/children?limit=500`);
		assert.deepEqual(all.body.items.map((c) => c.code), codes);
		assert.equal(all.body.next_cursor ?? null, null);
	});

	it('gives no next cursor when the last page is exactly full', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		for (let i = 0; i < 6; i++)
			await createOrg(town.id, 'branch');
		const p1 = await srv.get(`/api/v1/orgs/${town.id}/children?limit=3`);
		assert.equal(p1.body.items.length, 3);
		assert.ok(p1.body.next_cursor);
		const p2 = await srv.get(`/api/v1/orgs/${town.id}/children?limit=3&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
		assert.equal(p2.body.items.length, 3);
		assert.equal(p2.body.next_cursor ?? null, null);
	});

	it('searches the subtree by name prefix and by code', async () => {
		const townA = await createOrg(srv.root.id, 'township_committee', { name: uniq('搜索甲镇') });
		const townB = await createOrg(srv.root.id, 'township_committee', { name: uniq('搜索乙镇') });
		const prefix = `检索${process.pid}`;
		const b1 = await createOrg(townA.id, 'branch', { name: `${prefix}第一支部` });
		const b2 = await createOrg(townA.id, 'branch', { name: `${prefix}第二支部` });
		const b3 = await createOrg(townB.id, 'branch', { name: `${prefix}第三支部` });
		await createOrg(townA.id, 'branch', { name: `别的${prefix}支部` });

		const r = await srv.get(`/api/v1/orgs/${townA.id}/search?q=${encodeURIComponent(prefix)}`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.deepEqual(r.body.items.map((o) => o.id).sort((a, b) => a - b), [b1.id, b2.id]);
		for (const o of r.body.items)
			assert.equal(o.path[0], srv.root.id);

		const all = await srv.get(`/api/v1/orgs/${srv.root.id}/search?q=${encodeURIComponent(prefix)}`);
		assert.deepEqual(all.body.items.map((o) => o.id).sort((a, b) => a - b), [b1.id, b2.id, b3.id]);

		const byCode = await srv.get(`/api/v1/orgs/${srv.root.id}/search?q=${encodeURIComponent(b3.code)}`);
		assert.deepEqual(byCode.body.items.map((o) => o.id), [b3.id]);
		assert.deepEqual(byCode.body.items[0].path, [srv.root.id, townB.id, b3.id]);

		const none = await srv.get(`/api/v1/orgs/${townB.id}/search?q=${encodeURIComponent(b1.code)}`);
		assert.deepEqual(none.body.items, []);
	});

	it('finds a name without its leading 中共, as people type it', async () => {
		const word = `寻找${process.pid}`;
		const party = await createOrg(srv.root.id, 'township_committee', { name: `中共${word}镇委员会` });
		const plain = await createOrg(srv.root.id, 'township_committee', { name: `${word}街道工委` });
		const r = await srv.get(`/api/v1/orgs/${srv.root.id}/search?q=${encodeURIComponent(word)}`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.deepEqual(r.body.items.map((o) => o.id).sort((a, b) => a - b), [party.id, plain.id].sort((a, b) => a - b));
		const inner = await srv.get(`/api/v1/orgs/${srv.root.id}/search?q=${encodeURIComponent('镇委员会')}`);
		assert.ok(!inner.body.items.some((o) => o.id === party.id), 'a prefix, not any substring');
	});

	it('PATCHes the name; GET and history show it with the reason', async () => {
		const town = await createOrg(srv.root.id, 'township_committee', { name: '旧名镇党委' });
		const before = await history(town.id);
		const r = await srv.patch(`/api/v1/orgs/${town.id}`, { name: '新名镇党委', reason: '乡镇更名' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.name, '新名镇党委');
		assert.equal(r.body.version, 2);
		const g = await srv.get(`/api/v1/orgs/${town.id}`);
		assert.equal(g.body.name, '新名镇党委');
		assert.equal(g.body.code, town.code);
		const after = await history(town.id);
		assert.equal(after.length, before.length + 1);
		const last = after[0];
		assert.equal(last.action, 'update');
		assert.equal(last.reason, '乡镇更名');
		assert.deepEqual(last.changes, { name: ['旧名镇党委', '新名镇党委'] });
		assert.equal(typeof last.at, 'string');
		assert.equal(typeof last.actor, 'string');

		// The same value again changes nothing and adds no history.
		const same = await srv.patch(`/api/v1/orgs/${town.id}`, { name: '新名镇党委' });
		assert.equal(same.status, 200);
		assert.equal(same.body.version, 2);
		assert.equal((await history(town.id)).length, after.length);
	});

	it('sets and replaces the committee through PATCH', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const branch = await createOrg(town.id, 'branch');
		const r = await srv.patch(`/api/v1/orgs/${branch.id}`, {
			committee: [{ post: 'secretary', name: '张书记' }], reason: '支部选举',
		});
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const g = await srv.get(`/api/v1/orgs/${branch.id}`);
		assert.equal(g.body.committee.length, 1);
		assert.equal(g.body.committee[0].post, 'secretary');
		assert.equal(g.body.committee[0].name, '张书记');
		let hist = await history(branch.id);
		assert.equal(hist[0].action, 'update');
		assert.equal(hist[0].reason, '支部选举');
		assert.deepEqual(hist[0].changes.committee[0], []);
		assert.deepEqual(hist[0].changes.committee[1], [{ post: 'secretary', name: '张书记' }]);

		const r2 = await srv.patch(`/api/v1/orgs/${branch.id}`, {
			committee: [
				{ post: 'secretary', name: '李书记', since: '2026-01-01' },
				{ post: 'discipline', name: '王委员' },
			],
		});
		assert.equal(r2.status, 200, JSON.stringify(r2.body));
		const g2 = await srv.get(`/api/v1/orgs/${branch.id}`);
		assert.deepEqual(g2.body.committee.map((c) => [c.post, c.name]), [['secretary', '李书记'], ['discipline', '王委员']]);
		assert.equal(g2.body.committee[0].since, '2026-01-01');
		hist = await history(branch.id);
		assert.deepEqual(hist[0].changes.committee[0].map((c) => c.name), ['张书记']);
	});

	it('moves a branch to another township: path, both parents\' statistics, history', async () => {
		const townA = await createOrg(srv.root.id, 'township_committee');
		const townB = await createOrg(srv.root.id, 'township_committee');
		const branch = await createOrg(townA.id, 'branch');
		await createOrg(branch.id, 'group');
		await addMember(branch.id, { full: true, gender: 'M' });
		await addMember(branch.id, { full: false, gender: 'F' });

		const [a0, b0, root0, br0] = await Promise.all([stats(townA.id), stats(townB.id), stats(srv.root.id), stats(branch.id)]);
		assert.equal(a0.members, 2);
		assert.equal(b0.members, 0);
		assert.equal(br0.organisations.total, 2);

		const r = await srv.post(`/api/v1/orgs/${branch.id}/move`, { parent_id: townB.id, reason: '区划调整' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.deepEqual(r.body.path, [srv.root.id, townB.id, branch.id]);

		const g = await srv.get(`/api/v1/orgs/${branch.id}`);
		assert.equal(g.body.parent_id, townB.id);
		assert.deepEqual(g.body.path, [srv.root.id, townB.id, branch.id]);
		assert.equal(g.body.depth, 2);
		const kidsA = await srv.get(`/api/v1/orgs/${townA.id}/children`);
		const kidsB = await srv.get(`/api/v1/orgs/${townB.id}/children`);
		assert.deepEqual(kidsA.body.items, []);
		assert.deepEqual(kidsB.body.items.map((c) => c.id), [branch.id]);
		assert.equal(kidsB.body.items[0].members, 2);

		const [a1, b1, root1, br1] = await Promise.all([stats(townA.id), stats(townB.id), stats(srv.root.id), stats(branch.id)]);
		assert.equal(a1.members, 0);
		assert.equal(b1.members, 2);
		assert.deepEqual(a1.by_gender, { M: 0, F: 0 });
		assert.deepEqual(b1.by_gender, { M: 1, F: 1 });
		assert.deepEqual(b1.by_category, { full: 1, probationary: 1 });
		assert.equal(a1.organisations.by_type.branch, 0);
		assert.equal(a1.organisations.by_type.group, 0);
		assert.equal(a1.organisations.total, 1);
		assert.equal(b1.organisations.by_type.branch, 1);
		assert.equal(b1.organisations.by_type.group, 1);
		assert.equal(b1.organisations.total, 3);
		const strip = (s) => ({ ...s, org_id: 0, org_name: '' });
		assert.deepEqual(strip(b1), strip(a0));
		assert.deepEqual(root1, root0);
		assert.deepEqual(br1, br0);

		// The members follow their branch in listings of the new township.
		const m = await srv.get(`/api/v1/orgs/${townB.id}/members`);
		assert.equal(m.body.items.length, 2);
		assert.deepEqual((await srv.get(`/api/v1/orgs/${townA.id}/members`)).body.items, []);

		const hist = await history(branch.id);
		assert.equal(hist[0].action, 'move');
		assert.equal(hist[0].reason, '区划调整');
		assert.deepEqual(hist[0].changes, { parent_id: [townA.id, townB.id] });
	});

	it('keeps statistics equal to a recount after a move (`jiceng stats verify` exits 0)', async () => {
		const townA = await createOrg(srv.root.id, 'township_committee');
		const townB = await createOrg(srv.root.id, 'township_committee');
		const branch = await createOrg(townA.id, 'branch');
		await addMember(branch.id, { full: true });
		await addMember(branch.id, { full: false, gender: 'F' });
		const r = await srv.post(`/api/v1/orgs/${branch.id}/move`, { parent_id: townB.id });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `jiceng stats verify: ${v.stdout}${v.stderr}`);
		assert.match(v.stdout, / 0 differ/);
	});

	it('reports a branch with fewer than 3 full members, citing the rule and article', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const small = await createOrg(town.id, 'branch');
		await addMember(small.id, { full: true });
		await addMember(small.id, { full: true });
		await addMember(small.id, { full: false });
		const r = await srv.get(`/api/v1/orgs/${small.id}/findings`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const f = r.body.items.find((x) => x.rule === 'org.branch.min_full_members');
		assert.ok(f, `findings: ${JSON.stringify(r.body.items)}`);
		assert.equal(typeof f.article, 'string');
		assert.ok(f.article.length > 0);
		assert.ok(f.regulation.length > 0);
		assert.equal(f.actual, 2);
		assert.equal(f.limit, 3);
		assert.ok(f.message_zh && f.message_en);

		const enough = await createOrg(town.id, 'branch');
		for (let i = 0; i < 3; i++)
			await addMember(enough.id, { full: true });
		const ok = await srv.get(`/api/v1/orgs/${enough.id}/findings`);
		assert.equal(ok.status, 200);
		assert.equal(ok.body.items.find((x) => x.rule === 'org.branch.min_full_members'), undefined);
	});

	it('lists the rules in force with their national source', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const r = await srv.get(`/api/v1/orgs/${town.id}/rules`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.org_id, town.id);
		const age = r.body.items.find((x) => x.key === 'member.min_age_at_application');
		assert.ok(age, 'member.min_age_at_application is listed');
		assert.equal(age.value, '18');
		assert.deepEqual(age.source, { kind: 'national' });
		assert.equal(age.confidence, 'C');
		assert.equal(age.local, false);
		assert.ok(age.article.length > 0);
		for (const rule of r.body.items)
			assert.equal(rule.source.kind, 'national', rule.key);
		const dated = await srv.get(`/api/v1/orgs/${town.id}/rules?date=2015-01-01`);
		assert.equal(dated.status, 200);
		assert.ok(dated.body.items.some((x) => x.key === 'member.min_age_at_application'));
	});

	it('refuses a local override of a national rule (422 naming the rule)', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const before = await srv.get(`/api/v1/orgs/${town.id}/rules`);
		const r = await srv.post(`/api/v1/orgs/${town.id}/rules`, {
			key: 'member.min_age_at_application', value: '16', reason: '试点',
		});
		assert.equal(r.status, 422, JSON.stringify(r.body));
		assert.equal(r.body.error.code, 'rule_violation');
		assert.equal(r.body.error.rule, 'member.min_age_at_application');
		assert.ok(r.body.error.article && r.body.error.article.length > 0);
		assert.match(r.body.error.message, /member\.min_age_at_application/);
		const after = await srv.get(`/api/v1/orgs/${town.id}/rules`);
		assert.deepEqual(after.body, before.body);
	});

	it('refuses an override of an unknown rule key (400 field key)', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const before = await srv.get(`/api/v1/orgs/${town.id}/rules`);
		const r = await srv.post(`/api/v1/orgs/${town.id}/rules`, { key: 'no.such.rule', value: '1', reason: '试点' });
		assert.equal(r.status, 400, JSON.stringify(r.body));
		assert.equal(r.body.error.code, 'invalid');
		assert.equal(r.body.error.field, 'key');
		assert.deepEqual((await srv.get(`/api/v1/orgs/${town.id}/rules`)).body, before.body);
	});

	it('dissolves an organisation: no longer counted, nothing placed under it', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const branch = await createOrg(town.id, 'branch', { unit_category: 'soe' });
		const s0 = await stats(srv.root.id);
		const r = await srv.patch(`/api/v1/orgs/${branch.id}`, { status: 'dissolved', dissolved_on: '2026-06-30', reason: '企业改制' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.status, 'dissolved');
		const s1 = await stats(srv.root.id);
		assert.equal(s1.organisations.by_type.branch, s0.organisations.by_type.branch - 1);
		assert.equal(s1.organisations.by_unit_category.soe, s0.organisations.by_unit_category.soe - 1);
		assert.equal(s1.organisations.total, s0.organisations.total - 1);
		const under = await srv.post('/api/v1/orgs', { code: uniq('G'), name: '小组', type: 'group', parent_id: branch.id });
		assert.equal(under.status, 400);
		assert.equal(under.body.error.field, 'parent_id');
		const m = await srv.post('/api/v1/members', {
			org_id: branch.id, name: '某', id_number: idNumber('1980-05-05'), ethnicity: '01', education: 'bachelor',
			occupation: 'worker', admit_date: '2005-07-01',
		});
		assert.equal(m.status, 400);
		assert.equal(m.body.error.field, 'org_id');
		assert.deepEqual(await stats(srv.root.id), s1);
		const none = await srv.patch(`/api/v1/orgs/${branch.id}`, { status: 'dissolved', dissolved_on: null });
		assert.equal(none.status, 400);
		assert.equal(none.body.error.field, 'dissolved_on');
	});

	it('links a committee post to a member of the registry', async () => {
		const town = await createOrg(srv.root.id, 'township_committee');
		const branch = await createOrg(town.id, 'branch');
		const m = await addMember(branch.id);
		const r = await srv.patch(`/api/v1/orgs/${branch.id}`, {
			committee: [{ post: 'secretary', name: m.name, member_id: m.id }, { post: 'deputy_secretary', name: '副书记' }],
		});
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.committee[0].member_id, m.id);
		assert.equal(r.body.committee[1].member_id, null);
		const bad = await srv.patch(`/api/v1/orgs/${branch.id}`, { committee: [{ post: 'secretary', name: 'x', member_id: 999999 }] });
		assert.equal(bad.status, 400);
		assert.equal(bad.body.error.field, 'committee.member_id');
		assert.equal((await srv.get(`/api/v1/orgs/${branch.id}`)).body.committee.length, 2);
	});
});
