// members.test.mjs - the member registry over real HTTP: registering members with valid GB 11643
// ID numbers (gender and birth date derived when omitted), masking of the ID number on GET, in
// listings and in history, listing a subtree with cursor paging and filters (gender, category,
// age_min/age_max, q as a name prefix or a full ID number), PATCH with history (before/after,
// reason), and the root's statistics after each create and after a PATCH of education.
//
// Each test registers its members in a branch of its own under the one root of the file.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq, idNumber, checkChar } from './harness.mjs';

describe('members', () => {
	const srv = useServer(async (s) => {
		const root = await s.post('/api/v1/orgs', { code: uniq('ROOT'), name: '测试县委', type: 'county_committee' });
		assert.equal(root.status, 201, JSON.stringify(root.body));
		s.root = root.body;
		const town = await s.post('/api/v1/orgs', { code: uniq('TOWN'), name: '测试镇党委', type: 'township_committee', parent_id: s.root.id });
		assert.equal(town.status, 201, JSON.stringify(town.body));
		s.town = town.body;
	});

	async function newBranch() {
		const code = uniq('BR');
		const r = await srv.post('/api/v1/orgs', { code, name: `支部${code}`, type: 'branch', parent_id: srv.town.id });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		return r.body;
	}

	/** A member body: full (admitted 2010, converted 2011) or probationary (admitted 2026). */
	function memberBody(orgId, { birth = '1985-04-12', gender = 'M', full = true, ...over } = {}) {
		const body = {
			org_id: orgId, name: uniq('党员'), id_number: idNumber(birth, gender),
			ethnicity: '01', education: 'bachelor', occupation: 'worker',
			admit_date: full ? '2010-06-01' : '2026-01-10',
		};
		if (full)
			body.convert_date = '2011-06-01';
		return { ...body, ...over };
	}

	// The full ID numbers of members made by addMember, by member id (the API masks them).
	const memberIds = new Map();

	async function addMember(orgId, opts) {
		const body = memberBody(orgId, opts);
		const r = await srv.post('/api/v1/members', body);
		assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
		memberIds.set(r.body.id, body.id_number);
		return r.body;
	}

	const stats = async (id) => {
		const r = await srv.get(`/api/v1/orgs/${id}/stats`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body;
	};

	/** All members of org's subtree, following next_cursor; returns the pages. */
	async function pages(orgId, query = '', limit = 2) {
		const out = [];
		let cursor = null;
		for (let guard = 0; guard < 1000; guard++) {
			const q = `limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const r = await srv.get(`/api/v1/orgs/${orgId}/members?${q}`);
			assert.equal(r.status, 200, JSON.stringify(r.body));
			assert.ok(r.body.items.length <= limit);
			out.push(r.body.items);
			cursor = r.body.next_cursor ?? null;
			if (!cursor)
				return out;
		}
		throw new Error('paging does not end');
	}

	const ageBand = (age) => age <= 30 ? '30_and_under' : age >= 61 ? '61_and_over' :
		`${Math.floor((age - 1) / 5) * 5 + 1}_${Math.floor((age - 1) / 5) * 5 + 5}`;

	it('registers a member, deriving gender and birth date from the ID number', async () => {
		const branch = await newBranch();
		const id = idNumber('1985-04-12', 'M');
		const body = memberBody(branch.id, { id_number: id, name: '王建国' });
		const r = await srv.post('/api/v1/members', body);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		const m = r.body;
		assert.equal(typeof m.id, 'number');
		assert.equal(m.org_id, branch.id);
		assert.equal(m.name, '王建国');
		assert.equal(m.gender, 'M');
		assert.equal(m.birth_date, '1985-04-12');
		assert.equal(m.category, 'full');
		assert.equal(m.state, 'normal');
		assert.equal(m.ethnicity, '01');
		assert.equal(m.education, 'bachelor');
		assert.equal(m.occupation, 'worker');
		assert.equal(m.admit_date, '2010-06-01');
		assert.equal(m.convert_date, '2011-06-01');
		assert.equal(m.version, 1);
		assert.equal(typeof m.age, 'number');
		assert.equal(typeof m.party_age, 'number');

		const g = await srv.get(`/api/v1/members/${m.id}`);
		assert.equal(g.status, 200);
		assert.deepEqual(g.body, m);

		const f = await addMember(branch.id, { birth: '1990-02-28', gender: 'F', full: false });
		assert.equal(f.gender, 'F');
		assert.equal(f.birth_date, '1990-02-28');
		assert.equal(f.category, 'probationary');
		assert.equal(f.convert_date, null);

		const hist = await srv.get(`/api/v1/members/${m.id}/history`);
		assert.equal(hist.status, 200);
		assert.equal(hist.body.items.length, 1);
		assert.equal(hist.body.items[0].action, 'create');
		assert.deepEqual(hist.body.items[0].changes.name, [null, '王建国']);
	});

	it('accepts a conversion exactly 12 months after admission', async () => {
		const branch = await newBranch();
		const m = await addMember(branch.id, { admit_date: '2020-03-15', convert_date: '2021-03-15' });
		assert.equal(m.category, 'full');
	});

	it('masks the ID number on GET, in listings and in history', async () => {
		const branch = await newBranch();
		const first17 = '11010519491231002';
		assert.equal(checkChar(first17), 'X');
		const id = first17 + 'X';
		const r = await srv.post('/api/v1/members', memberBody(branch.id, {
			id_number: id, admit_date: '1970-07-01', convert_date: '1971-07-01', phone: '13800138000',
		}));
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.gender, 'F');
		assert.equal(r.body.birth_date, '1949-12-31');
		const g = await srv.get(`/api/v1/members/${r.body.id}`);
		assert.equal(g.body.id_number, '110105********002X');
		assert.notEqual(g.body.phone, '13800138000');
		assert.match(g.body.phone, /\*/);

		const list = await srv.get(`/api/v1/orgs/${branch.id}/members`);
		assert.equal(list.body.items.length, 1);
		assert.equal(list.body.items[0].id_number, '110105********002X');
		assert.equal(list.body.items[0].org_name, branch.name);

		const hist = await srv.get(`/api/v1/members/${r.body.id}/history`);
		const text = JSON.stringify(hist.body);
		assert.ok(!text.includes(id), 'the history does not reveal the ID number');
		assert.ok(!text.includes('13800138000'), 'the history does not reveal the phone');
	});

	it('lists a subtree page by page with the cursor', async () => {
		const branch = await newBranch();
		const made = [];
		for (let i = 0; i < 5; i++)
			made.push((await addMember(branch.id, { gender: i % 2 ? 'F' : 'M' })).id);
		const ps = await pages(branch.id, '', 2);
		assert.deepEqual(ps.map((p) => p.length), [2, 2, 1]);
		assert.deepEqual(ps.flat().map((m) => m.id), made);
		for (const m of ps.flat()) {
			assert.equal(m.org_id, branch.id);
			assert.match(m.id_number, /^\d{6}\*{8}\d{3}[\dX]$/);
		}

		// Under the root every current member appears once, in as many pages as it takes.
		const all = (await pages(srv.root.id, '', 3)).flat();
		const ids = all.map((m) => m.id);
		assert.equal(new Set(ids).size, ids.length, 'no member twice');
		assert.equal(ids.length, (await stats(srv.root.id)).members);
		for (const id of made)
			assert.ok(ids.includes(id));
		const first = await srv.get(`/api/v1/orgs/${srv.root.id}/members?limit=500`);
		assert.deepEqual(first.body.items.map((m) => m.id), ids);
		assert.equal(first.body.next_cursor ?? null, null);
	});

	it('filters by gender, category, age, name prefix and full ID number', async () => {
		const branch = await newBranch();
		const year = Number((await stats(branch.id)).reference_date.slice(0, 4));
		const tag = `筛${process.pid}`;
		const old = await addMember(branch.id, { birth: '1960-03-01', gender: 'M', name: `${tag}张三丰`, admit_date: '1985-07-01', convert_date: '1986-07-01' });
		const mid = await addMember(branch.id, { birth: '1985-06-15', gender: 'F', name: `${tag}张三` });
		const young = await addMember(branch.id, { birth: '2000-01-20', gender: 'M', full: false, name: `${tag}李四` });
		const q = async (query) => {
			const r = await srv.get(`/api/v1/orgs/${branch.id}/members?${query}`);
			assert.equal(r.status, 200, `${query}: ${JSON.stringify(r.body)}`);
			return r.body.items.map((m) => m.id);
		};
		assert.deepEqual(await q(''), [old.id, mid.id, young.id]);
		assert.deepEqual(await q('gender=F'), [mid.id]);
		assert.deepEqual(await q('gender=M'), [old.id, young.id]);
		assert.deepEqual(await q('category=probationary'), [young.id]);
		assert.deepEqual(await q('category=full'), [old.id, mid.id]);
		assert.deepEqual(await q('category=full&gender=M'), [old.id]);
		// Ages reached this year: 1960 -> year-1960, and so on.
		assert.deepEqual(await q(`age_min=${year - 1985}&age_max=${year - 1985}`), [mid.id]);
		assert.deepEqual(await q(`age_min=${year - 1990}&age_max=${year - 1970}`), [mid.id]);
		assert.deepEqual(await q(`age_min=${year - 1960}`), [old.id]);
		assert.deepEqual(await q(`age_max=${year - 2000}`), [young.id]);
		assert.deepEqual(await q(`age_max=${year - 2000 - 1}`), []);
		assert.deepEqual(await q(`q=${encodeURIComponent(`${tag}张三`)}`), [old.id, mid.id]);
		assert.deepEqual(await q(`q=${encodeURIComponent(`${tag}张三丰`)}`), [old.id]);
		assert.deepEqual(await q(`q=${encodeURIComponent(`${tag}李`)}`), [young.id]);
		assert.deepEqual(await q(`q=${encodeURIComponent('不存在')}`), []);
		const idOfMid = memberIds.get(mid.id);
		assert.deepEqual(await q(`q=${idOfMid}`), [mid.id]);
		// The same searches from the root find the same people.
		const fromRoot = await srv.get(`/api/v1/orgs/${srv.root.id}/members?q=${idOfMid}`);
		assert.deepEqual(fromRoot.body.items.map((m) => m.id), [mid.id]);
		const rootTag = await srv.get(`/api/v1/orgs/${srv.root.id}/members?q=${encodeURIComponent(tag)}&gender=M`);
		assert.deepEqual(rootTag.body.items.map((m) => m.id), [old.id, young.id]);
	});

	it('PATCHes a field; GET and history show before and after with the reason', async () => {
		const branch = await newBranch();
		const m = await addMember(branch.id);
		const r = await srv.patch(`/api/v1/members/${m.id}`, { education: 'postgraduate', reason: '在职研究生毕业' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.education, 'postgraduate');
		assert.equal(r.body.version, 2);
		const g = await srv.get(`/api/v1/members/${m.id}`);
		assert.deepEqual(g.body, { ...m, education: 'postgraduate', version: 2 });
		const hist = await srv.get(`/api/v1/members/${m.id}/history`);
		assert.equal(hist.body.items.length, 2);
		const last = hist.body.items[0];
		assert.equal(last.action, 'update');
		assert.equal(last.reason, '在职研究生毕业');
		assert.deepEqual(last.changes, { education: ['bachelor', 'postgraduate'] });

		const again = await srv.patch(`/api/v1/members/${m.id}`, { phone: '13912345678', job_post: '车间主任' });
		assert.equal(again.status, 200, JSON.stringify(again.body));
		assert.equal(again.body.job_post, '车间主任');
		const h2 = await srv.get(`/api/v1/members/${m.id}/history`);
		assert.equal(h2.body.items.length, 3);
		assert.deepEqual(h2.body.items[0].changes.job_post, [null, '车间主任']);
		assert.equal(h2.body.items[0].changes.phone[0], null);
		assert.notEqual(h2.body.items[0].changes.phone[1], '13912345678');
	});

	it('moves the root\'s statistics with each create and with a PATCH of education', async () => {
		const branch = await newBranch();
		const s0 = await stats(srv.root.id);
		const year = Number(s0.reference_date.slice(0, 4));
		const bump = (s, paths) => {
			const c = structuredClone(s);
			for (const [p, d] of paths) {
				const keys = p.split('.');
				let o = c;
				for (const k of keys.slice(0, -1))
					o = o[k];
				assert.equal(typeof o[keys.at(-1)], 'number', p);
				o[keys.at(-1)] += d;
			}
			return c;
		};

		const a = await addMember(branch.id, { birth: '1980-08-08', gender: 'M', full: true });
		const bandA = ageBand(year - 1980);
		const s1 = await stats(srv.root.id);
		assert.deepEqual(s1, bump(s0, [
			['members', 1], ['by_state.normal', 1], ['by_category.full', 1], ['by_gender.M', 1],
			['by_ethnicity.han', 1], ['by_education.bachelor', 1], ['by_occupation.worker', 1],
			['by_join_band.1978_2012', 1], [`by_age_band.${bandA}`, 1], [`age_pyramid.${bandA}.M`, 1],
		]));

		const b = await addMember(branch.id, {
			birth: '1998-11-30', gender: 'F', full: false, ethnicity: '03', education: 'associate', occupation: 'farmer',
		});
		const bandB = ageBand(year - 1998);
		const s2 = await stats(srv.root.id);
		assert.deepEqual(s2, bump(s1, [
			['members', 1], ['by_state.normal', 1], ['by_category.probationary', 1], ['by_gender.F', 1],
			['by_ethnicity.minority', 1], ['by_education.associate', 1], ['by_occupation.farmer', 1],
			['by_join_band.since_2012', 1], [`by_age_band.${bandB}`, 1], [`age_pyramid.${bandB}.F`, 1],
		]));
		assert.equal(b.category, 'probationary');

		const p = await srv.patch(`/api/v1/members/${a.id}`, { education: 'postgraduate' });
		assert.equal(p.status, 200, JSON.stringify(p.body));
		const s3 = await stats(srv.root.id);
		assert.deepEqual(s3, bump(s2, [['by_education.bachelor', -1], ['by_education.postgraduate', 1]]));

		// The branch and the township moved the same way; the branch holds just these two.
		const sb = await stats(branch.id);
		assert.equal(sb.members, 2);
		assert.deepEqual(sb.by_gender, { M: 1, F: 1 });
		assert.deepEqual(sb.by_category, { full: 1, probationary: 1 });
		assert.equal(sb.by_education.postgraduate, 1);
		assert.equal(sb.by_education.associate, 1);
		assert.equal(sb.by_education.bachelor, 0);
		const g = await srv.get(`/api/v1/orgs/${branch.id}`);
		assert.equal(g.body.members, 2);
		assert.equal(g.body.full_members, 1);
	});

	it('ends a membership by state: counted under by_state, no longer a current member', async () => {
		const branch = await newBranch();
		const m = await addMember(branch.id);
		const s0 = await stats(srv.root.id);
		const r = await srv.patch(`/api/v1/members/${m.id}`, { state: 'deceased', state_date: '2026-01-05', reason: '病故' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.state, 'deceased');
		const s1 = await stats(srv.root.id);
		assert.equal(s1.members, s0.members - 1);
		assert.equal(s1.by_state.normal, s0.by_state.normal - 1);
		assert.equal(s1.by_state.deceased, s0.by_state.deceased + 1);
		assert.equal(s1.by_category.full, s0.by_category.full - 1);
		assert.equal(s1.by_gender.M, s0.by_gender.M - 1);
		const list = await srv.get(`/api/v1/orgs/${branch.id}/members`);
		assert.deepEqual(list.body.items, []);
		const gone = await srv.get(`/api/v1/orgs/${branch.id}/members?state=deceased`);
		assert.deepEqual(gone.body.items.map((x) => x.id), [m.id]);
	});

	it('pages a member\'s history with before and limit', async () => {
		const branch = await newBranch();
		const m = await addMember(branch.id);
		for (const job of ['技术员', '工程师', '高级工程师'])
			assert.equal((await srv.patch(`/api/v1/members/${m.id}`, { job_title: job })).status, 200);
		const all = (await srv.get(`/api/v1/members/${m.id}/history`)).body.items;
		assert.deepEqual(all.map((h) => h.action), ['update', 'update', 'update', 'create']);
		assert.deepEqual(all[0].changes.job_title, ['工程师', '高级工程师']);
		const ids = all.map((h) => h.id);
		assert.deepEqual([...ids].sort((a, b) => b - a), ids, 'newest first');
		const p1 = (await srv.get(`/api/v1/members/${m.id}/history?limit=2`)).body.items;
		assert.deepEqual(p1.map((h) => h.id), ids.slice(0, 2));
		const p2 = (await srv.get(`/api/v1/members/${m.id}/history?limit=2&before=${p1[1].id}`)).body.items;
		assert.deepEqual(p2.map((h) => h.id), ids.slice(2, 4));
	});

	it('registers members concurrently through both event loops', async () => {
		const branches = [await newBranch(), await newBranch()];
		const s0 = await stats(srv.root.id);
		const bodies = Array.from({ length: 30 }, (_, i) => memberBody(branches[i % 2].id, { gender: i % 3 ? 'M' : 'F' }));
		const replies = await Promise.all(bodies.map((b) => srv.post('/api/v1/members', b)));
		for (const r of replies)
			assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(new Set(replies.map((r) => r.body.id)).size, 30);
		const s1 = await stats(srv.root.id);
		assert.equal(s1.members, s0.members + 30);
		assert.equal(s1.by_gender.F, s0.by_gender.F + 10);
		assert.equal(s1.by_gender.M, s0.by_gender.M + 20);
		for (const b of branches) {
			assert.equal((await stats(b.id)).members, 15);
			assert.equal((await srv.get(`/api/v1/orgs/${b.id}/members?limit=500`)).body.items.length, 15);
		}
	});
});
