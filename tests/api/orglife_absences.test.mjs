// orglife_absences.test.mjs - GET /api/v1/orgs/{id}/absences: members recorded absent without a
// reason month after month are listed for the branch's attention (from 3 months, a local rule),
// and flagged when the run reaches the 6 months of 党章 第九条; leave with a reason and presence
// break a run; nothing about the members changes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq, idNumber } from './harness.mjs';

describe('absences from organisational life', () => {
	const srv = useServer(async (s) => {
		const county = await s.post('/api/v1/orgs', { code: uniq('AC'), name: '县委', type: 'county_committee' });
		const branch = await s.post('/api/v1/orgs', { code: uniq('AB'), name: '考勤支部', type: 'branch', parent_id: county.body.id });
		s.county = county.body.id;
		s.branch = branch.body.id;
		const member = async (name, day) => (await s.post('/api/v1/members', {
			org_id: s.branch, name, id_number: idNumber(`1970-01-0${day}`, 'M', '440703'), ethnicity: '01',
			education: 'bachelor', occupation: 'farmer', admit_date: '2000-07-01', convert_date: '2001-07-01',
		})).body.id;
		s.away = await member('长期缺席', 1);        // absent every month: 7 in a row
		s.recent = await member('近期缺席', 2);      // present until April, then absent 3 months
		s.broken = await member('偶尔缺席', 3);      // absent, present, absent
		s.excused = await member('请假党员', 4);     // on leave with a reason every month
		const months = ['01', '02', '03', '04', '05', '06', '07'];
		for (const [i, m] of months.entries()) {
			const attendance = [
				{ member_id: s.away, status: 'absent' },
				{ member_id: s.recent, status: i < 4 ? 'present' : 'absent' },
				{ member_id: s.broken, status: i === 5 ? 'present' : 'absent' },
				{ member_id: s.excused, status: 'leave', reason: '外出务工' },
			];
			const r = await s.post('/api/v1/meetings', { org_id: s.branch, kinds: ['theme_day'], held_on: `2026-${m}-10`,
				chair: '书记', recorder: '组织委员', expected: 4, present: 3, attendance });
			assert.equal(r.status, 201, JSON.stringify(r.body));
		}
	});

	it('lists the runs of absence without reason, flags six months, and changes no one', async () => {
		const r = await srv.get(`/api/v1/orgs/${srv.county}/absences`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const by = Object.fromEntries(r.body.items.map((x) => [x.member_id, x]));
		assert.deepEqual(Object.keys(by).map(Number).sort((a, b) => a - b), [srv.away, srv.recent].sort((a, b) => a - b));
		assert.deepEqual([by[srv.away].months, by[srv.away].since, by[srv.away].through, by[srv.away].reaches_self_withdrawal],
			[7, '2026-01', '2026-07', true]);
		assert.deepEqual([by[srv.recent].months, by[srv.recent].since, by[srv.recent].reaches_self_withdrawal], [3, '2026-05', false]);
		assert.equal(by[srv.away].rule.key, 'orglife.absence_attention_months');
		assert.equal(by[srv.away].self_withdrawal.key, 'member.self_withdrawal_months');
		assert.match(by[srv.away].self_withdrawal.article, /第九条/);
		const m = (await srv.get(`/api/v1/members/${srv.away}`)).body;
		assert.equal(m.state, 'normal', 'the system never acts on its own');
	});

	it('follows the local rule for when to list (from 1 month: the run after the last presence shows)', async () => {
		const o = await srv.post(`/api/v1/orgs/${srv.county}/rules`,
			{ key: 'orglife.absence_attention_months', value: '1', reason: '本县规定缺席一个月即提醒', effective_from: '2020-01-01' });
		assert.equal(o.status, 200, JSON.stringify(o.body));
		const ids = (await srv.get(`/api/v1/orgs/${srv.county}/absences`)).body.items.map((x) => x.member_id);
		assert.ok(ids.includes(srv.broken), 'one month absent after the last presence');
		assert.ok(!ids.includes(srv.excused), 'leave with a reason is never an absence');
	});
});
