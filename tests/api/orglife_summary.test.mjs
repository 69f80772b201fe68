// orglife_summary.test.mjs - GET /api/v1/orgs/{id}/compliance/summary: how many branches and
// Party groups of a subtree met each requirement of organisational life, throughout a period and
// in each of its units, answered from kept counts. Over a generated year of meetings (a seeded
// random history in two townships) the kept summary must agree with the branch-by-branch
// judgement of GET /compliance for the year, a quarter and a month, at the county and at a
// township; a branch that gains a committee becomes subject to the committee meeting; a branch
// moving between townships takes its counts along; a dissolved branch leaves its ancestors'
// counts; and `jiceng orglife rebuild` then finds nothing to correct (`stats verify` neither).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq } from './harness.mjs';

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** A small seeded generator (mulberry32): the same history on every run. */
function random(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('the kept whole-tree summary of organisational life', () => {
	const srv = useServer(async (s) => {
		const org = async (type, parent, extra = {}) => {
			const r = await s.post('/api/v1/orgs', { code: uniq('OS'), name: `${type}${uniq('')}`, type, parent_id: parent, ...extra });
			assert.equal(r.status, 201, JSON.stringify(r.body));
			return r.body.id;
		};
		s.county = await org('county_committee', undefined);
		s.townA = await org('township_committee', s.county);
		s.townB = await org('township_committee', s.county);
		s.branches = [await org('branch', s.townA), await org('branch', s.townA), await org('branch', s.townA),
			await org('branch', s.townB), await org('branch', s.townB)];
		s.committeeBranch = s.branches[0];
		const c = await s.patch(`/api/v1/orgs/${s.committeeBranch}`, { committee: [{ post: 'secretary', name: '张书记' }] });
		assert.equal(c.status, 200, JSON.stringify(c.body));
		s.groups = [await org('group', s.branches[0]), await org('group', s.branches[3])];
		const meet = async (org_id, kinds, held_on) => {
			const r = await s.post('/api/v1/meetings', { org_id, kinds, held_on, chair: '书记', recorder: '组织委员', expected: 3, present: 2 });
			assert.equal(r.status, 201, JSON.stringify(r.body));
		};
		const rnd = random(20250101);
		for (const b of s.branches) {
			for (const [i, m] of MONTHS.entries()) {
				if (rnd() < 0.8)
					await meet(b, i % 3 === 2 && rnd() < 0.8 ? ['theme_day', 'members_meeting'] : ['theme_day'], `2025-${m}-10`);
				if (b === s.committeeBranch && rnd() < 0.85)
					await meet(b, ['committee_meeting'], `2025-${m}-03`);
				if (i % 3 === 1 && rnd() < 0.7)
					await meet(b, ['lecture'], `2025-${m}-20`);
			}
			if (rnd() < 0.6)
				await meet(b, ['life_meeting', 'appraisal'], '2025-12-20');
		}
		for (const g of s.groups)
			for (const m of MONTHS)
				if (rnd() < 0.85)
					await meet(g, ['group_meeting'], `2025-${m}-05`);
		// and a branch that holds everything every month, so that "met throughout" is not always 0
		s.model = await org('branch', s.townB);
		for (const m of MONTHS)
			await meet(s.model, ['theme_day', 'members_meeting', 'lecture'], `2025-${m}-11`);
		await meet(s.model, ['life_meeting', 'appraisal'], '2025-12-21');
	});

	const get = async (path) => {
		const r = await srv.get(path);
		assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
		return r.body;
	};
	const summary = (org, period) => get(`/api/v1/orgs/${org}/compliance/summary?period=${period}`);
	const list = (org, period) => get(`/api/v1/orgs/${org}/compliance?period=${period}`);
	/** From the branch-by-branch list: {requirement: [applicable, met]} for an ended period. */
	const counted = (body) => {
		const out = {};
		for (const item of body.items)
			for (const f of item.findings) {
				out[f.requirement] ??= [0, 0];
				out[f.requirement][0]++;
				out[f.requirement][1] += f.units_short === 0 && f.pending === 0 ? 1 : 0;
			}
		return out;
	};
	/** The period of a unit key in the list's terms: "2025-03", "2025-Q2" or "2025". */
	const agree = async (org, period) => {
		const s = await summary(org, period);
		assert.equal(s.period, period);
		assert.equal(s.final, true, 'a period of 2025 has ended');
		const whole = counted(await list(org, period));
		const kept = Object.fromEntries(s.requirements.filter((r) => r.applicable > 0).map((r) => [r.requirement, [r.applicable, r.met_throughout]]));
		assert.deepEqual(kept, whole, `${period} at ${org}: kept ${JSON.stringify(kept)} vs judged ${JSON.stringify(whole)}`);
		for (const r of s.requirements)
			for (const u of r.units) {
				assert.equal(u.state, 'ended');
				const judged = counted(await list(org, u.unit))[r.requirement] ?? [0, 0];
				assert.equal(u.met, judged[1], `${r.requirement} in ${u.unit} at ${org}`);
			}
		return s;
	};

	it('agrees with the branch-by-branch judgement for the year, a quarter and a month, at the county and a township', async () => {
		const y = await agree(srv.county, '2025');
		const byKey = Object.fromEntries(y.requirements.map((r) => [r.requirement, r]));
		assert.deepEqual(Object.keys(byKey).sort(),
			['appraisal', 'committee_meeting', 'group_meeting', 'lecture', 'life_meeting', 'members_meeting', 'theme_day']);
		assert.equal(byKey.theme_day.applicable, 6, 'six branches');
		assert.equal(byKey.group_meeting.applicable, 2, 'two Party groups');
		assert.equal(byKey.committee_meeting.applicable, 1, 'one branch with a committee');
		assert.equal(byKey.theme_day.units.length, 12);
		assert.equal(byKey.members_meeting.units.length, 4);
		assert.deepEqual(byKey.life_meeting.units.map((u) => u.unit), ['2025']);
		assert.ok(byKey.theme_day.met_throughout >= 1, 'the model branch met it every month');
		assert.equal(byKey.theme_day.rule.key, 'orglife.theme_day_per_month');
		assert.match(byKey.theme_day.rule.article, /第十六条/);
		await agree(srv.county, '2025-Q2');
		await agree(srv.county, '2025-07');
		await agree(srv.townA, '2025');
		await agree(srv.townB, '2025-Q4');
	});

	it('does not judge a requirement longer than the period, and says when the period is still running', async () => {
		const m = await summary(srv.county, '2025-03');
		assert.deepEqual(m.requirements.map((r) => r.requirement).sort(), ['committee_meeting', 'group_meeting', 'theme_day']);
		const future = await summary(srv.county, '2199');
		assert.equal(future.final, false);
		assert.ok(future.requirements.every((r) => r.met_throughout === 0 && r.units.every((u) => u.state === 'future')));
		for (const p of ['', '2025-13', 'x'])
			assert.equal((await srv.get(`/api/v1/orgs/${srv.county}/compliance/summary?period=${p}`)).status, 400);
	});

	it('counts a branch that gains a committee, and stops when it loses it', async () => {
		const b = srv.branches[1];
		const before = await summary(srv.county, '2025');
		const applicable = (s) => s.requirements.find((r) => r.requirement === 'committee_meeting').applicable;
		assert.equal((await srv.patch(`/api/v1/orgs/${b}`, { committee: [{ post: 'secretary', name: '李书记' }] })).status, 200);
		assert.equal(applicable(await summary(srv.county, '2025')), applicable(before) + 1);
		assert.equal((await srv.patch(`/api/v1/orgs/${b}`, { committee: [] })).status, 200);
		assert.equal(applicable(await summary(srv.county, '2025')), applicable(before));
	});

	it('moves a branch\'s counts with it, and takes a dissolved branch out of its ancestors\' counts', async () => {
		const met = (s, req) => s.requirements.find((r) => r.requirement === req).met_throughout;
		const [a0, b0, c0] = [await summary(srv.townA, '2025'), await summary(srv.townB, '2025'), await summary(srv.county, '2025')];
		const r = await srv.post(`/api/v1/orgs/${srv.model}/move`, { parent_id: srv.townA });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const [a1, b1, c1] = [await agree(srv.townA, '2025'), await agree(srv.townB, '2025'), await agree(srv.county, '2025')];
		assert.equal(met(a1, 'theme_day'), met(a0, 'theme_day') + 1);
		assert.equal(met(b1, 'theme_day'), met(b0, 'theme_day') - 1);
		assert.equal(met(c1, 'theme_day'), met(c0, 'theme_day'));
		const d = await srv.patch(`/api/v1/orgs/${srv.model}`, { status: 'dissolved', dissolved_on: '2026-01-05', reason: '单位撤销' });
		assert.equal(d.status, 200, JSON.stringify(d.body));
		const c2 = await agree(srv.county, '2025');
		assert.equal(met(c2, 'theme_day'), met(c0, 'theme_day') - 1);
		await agree(srv.townA, '2025-Q1');
	});

	it('leaves nothing for `jiceng orglife rebuild` to correct, nor for `jiceng stats verify`', async () => {
		const r = srv.cli('orglife', 'rebuild');
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /rebuilt: 0 rows differed/);
		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `${v.stdout}${v.stderr}`);
	});

	it('streams every branch of a subtree as CSV from the command line, as many as GET /compliance judges', async () => {
		const r = srv.cli('orglife', 'compliance', String(srv.county), '--period', '2025');
		assert.equal(r.status, 0, r.stderr);
		const lines = r.stdout.trim().split('\n');
		assert.equal(lines[0], 'code,name,type,all_met,members_meeting,committee_meeting,group_meeting,lecture,theme_day,life_meeting,appraisal');
		const body = await list(srv.county, '2025');
		assert.equal(lines.length - 1, body.items.length);
		const met = body.items.filter((x) => x.met).length;
		assert.match(r.stderr, new RegExp(`${body.items.length} branches and groups judged, ${met} met every requirement`));
	});
});
