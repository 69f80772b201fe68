// orglife_minutes.test.mjs - GET /api/v1/meetings/{id}/minutes: the minutes of a meeting as a
// PDF for the branch's archive - the kinds, attendance with reasons, agenda, minutes, each
// resolution with its votes and result - made on a worker, and recorded in the audit trail.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { useServer, uniq, idNumber, runCli } from './harness.mjs';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

describe('minutes as PDF', () => {
	const srv = useServer(async (s) => {
		const county = await s.post('/api/v1/orgs', { code: uniq('MC'), name: '县委', type: 'county_committee' });
		const branch = await s.post('/api/v1/orgs', { code: uniq('MB'), name: '纪要村支部', type: 'branch', parent_id: county.body.id });
		const member = await s.post('/api/v1/members', {
			org_id: branch.body.id, name: '请假党员', id_number: idNumber('1970-01-01', 'M', '440703'), ethnicity: '01',
			education: 'bachelor', occupation: 'farmer', admit_date: '2000-07-01', convert_date: '2001-07-01',
		});
		const m = await s.post('/api/v1/meetings', {
			org_id: branch.body.id, kinds: ['theme_day', 'members_meeting'], held_on: '2026-03-05', place: '村委会议室',
			chair: '书记甲', recorder: '组织委员乙', expected: 16, present: 9, agenda: '学习条例', minutes: '讨论村道修缮',
			attendance: [{ member_id: member.body.id, status: 'leave', reason: '外出务工' }],
			resolutions: [{ text: '同意修缮村道', yes: 9, no: 0, abstain: 0 }, { text: '另议事项', yes: 8, no: 1, abstain: 0 }],
		});
		assert.equal(m.status, 201, JSON.stringify(m.body));
		s.meeting = m.body.id;
	});

	it('answers a PDF with the record in it, and audits it', async () => {
		const res = await fetch(`${srv.base}/api/v1/meetings/${srv.meeting}/minutes`, { headers: { cookie: srv.session.cookie } });
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'application/pdf');
		assert.match(res.headers.get('content-disposition'), /minutes-\d+\.pdf/);
		const pdf = Buffer.from(await res.arrayBuffer());
		assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
		if (hasPdftotext) {
			const file = join(srv.dir, 'minutes.pdf');
			writeFileSync(file, pdf);
			const t = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout;
			for (const s of ['纪要村支部', '主题党日', '支部党员大会', '村委会议室', '书记甲', '请假党员', '外出务工', '学习条例',
				'讨论村道修缮', '同意修缮村道', '通过', '未通过'])
				assert.ok(t.includes(s), `the minutes name ${s}`);
		}
		assert.match(runCli(srv.db, 'audit', 'list', '--event', 'orglife.minutes').stdout, /orglife\.minutes\s+meeting \d+\s+ok/);
	});

	it('answers 404 for a meeting that does not exist', async () => {
		const res = await fetch(`${srv.base}/api/v1/meetings/999999/minutes`, { headers: { cookie: srv.session.cookie } });
		assert.equal(res.status, 404);
	});
});
