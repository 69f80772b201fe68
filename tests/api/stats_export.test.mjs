// stats_export.test.mjs - GET /api/v1/orgs/{id}/stats/export: the statistics of a subtree as an
// XLSX attachment made on a worker thread, over real HTTP.
//
// Covered: the attachment's name and type; a real workbook (a ZIP: "PK", worksheets named in its
// central directory); with `unzip` (Debian's unzip package) also its sheet names, the first
// sheet naming the organisation, its code and the reference date, rows labelled in Chinese with
// English beside them, and counts that agree with GET /api/v1/orgs/{id}/stats for the same year
// (by gender, and the age pyramid's men and women); one table alone (table=KEY); the audit
// record; a bad year (400) and an
// organisation outside the caller's subtree (404).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { useServer, uniq, idNumber, login, runCli } from './harness.mjs';

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

/** The text of one member of the zip at path (unzip -p). */
const unzipText = (path, member) => spawnSync('unzip', ['-p', path, member], { encoding: 'utf8' }).stdout;

/** The cells of a worksheet's XML: {"A1": value} (shared strings resolved, numbers as numbers). */
function cells(xml, shared) {
	const out = {};
	for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v><\/c>/g))
		out[m[1]] = /t="s"/.test(m[2]) ? shared[Number(m[3])] : Number(m[3]);
	return out;
}

describe('statistics as a workbook', () => {
	const srv = useServer(async (s) => {
		s.code = uniq('SX');
		const root = await s.post('/api/v1/orgs', { code: s.code, name: '统计县委', type: 'county_committee' });
		const branch = await s.post('/api/v1/orgs', { code: uniq('SXB'), name: '统计支部', type: 'branch', parent_id: root.body.id });
		const other = await s.post('/api/v1/orgs', { code: uniq('SXO'), name: '别处支部', type: 'branch', parent_id: root.body.id });
		assert.equal(other.status, 201);
		s.root = root.body.id;
		s.branch = branch.body.id;
		s.other = other.body.id;
		for (const [birth, gender] of [['1960-03-01', 'M'], ['1985-06-01', 'F'], ['1990-01-01', 'F'], ['1999-09-09', 'M'], ['2000-02-02', 'M']]) {
			const r = await s.post('/api/v1/members', {
				org_id: s.branch, name: uniq('党员'), id_number: idNumber(birth, gender, '440705'), ethnicity: '01',
				education: 'bachelor', occupation: 'worker', admit_date: '2022-07-01', convert_date: '2023-07-01',
			});
			assert.equal(r.status, 201, JSON.stringify(r.body));
		}
	});

	/** The export as {status, headers, bytes}, with the tester's cookie or another session's. */
	async function download(id, query = '', session = srv.session) {
		const res = await fetch(`${srv.base}/api/v1/orgs/${id}/stats/export${query}`, { headers: { cookie: session.cookie } });
		return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
	}

	let file;

	it('answers an xlsx attachment named by the code and the year', async () => {
		const r = await download(srv.root, '?year=2024');
		assert.equal(r.status, 200, r.bytes.toString().slice(0, 300));
		assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		assert.equal(r.headers.get('content-disposition'), `attachment; filename="stats-${srv.code}-2024.xlsx"`);
		assert.equal(r.bytes.subarray(0, 2).toString(), 'PK');
		const names = r.bytes.toString('latin1');
		for (let i = 1; i <= 14; i++)
			assert.ok(names.includes(`xl/worksheets/sheet${i}.xml`), `worksheet ${i} is in the central directory`);
		assert.ok(!names.includes('xl/worksheets/sheet15.xml'));
		file = join(srv.dir, 'stats.xlsx');
		writeFileSync(file, r.bytes);
		const audit = runCli(srv.db, 'audit', 'list', '--event', 'stats.export');
		assert.match(audit.stdout, new RegExp(`tester.*stats\\.export\\s+${srv.code}\\s+ok\\s+year 2024`));
	});

	it('gives one table alone with table=KEY (the console\'s xlsx beside each chart), and refuses an unknown one', async () => {
		const r = await download(srv.root, '?year=2024&table=by_education');
		assert.equal(r.status, 200, r.bytes.toString().slice(0, 300));
		assert.equal(r.headers.get('content-disposition'), `attachment; filename="stats-${srv.code}-2024-by_education.xlsx"`);
		const names = r.bytes.toString('latin1');
		assert.ok(names.includes('xl/worksheets/sheet2.xml') && !names.includes('xl/worksheets/sheet3.xml'), 'the organisation and one table');
		const bad = await download(srv.root, '?table=by_nothing');
		assert.equal(bad.status, 400);
		assert.equal(JSON.parse(bad.bytes).error.field, 'table');
	});

	it('names its sheets and labels its rows in Chinese with English beside', { skip: !hasUnzip && 'no unzip' }, () => {
		const listing = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
		assert.equal(listing.status, 0, listing.stderr);
		const workbook = unzipText(file, 'xl/workbook.xml');
		const sheets = [...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
		assert.deepEqual(sheets, ['组织 organisation', '党籍状态 by_state', '党员类别 by_category', '性别 by_gender',
			'民族 by_ethnicity', '学历 by_education', '职业 by_occupation', '入党时间 by_join_band', '失联与流动 flags',
			'年龄 by_age_band', '年龄金字塔 age_pyramid', '发展党员 by_develop_stage', '组织类别 orgs_by_type',
			'单位类别 orgs_by_unit_category']);
		const shared = [...unzipText(file, 'xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
		const about = cells(unzipText(file, 'xl/worksheets/sheet1.xml'), shared);
		assert.equal(about.A2, '党组织');
		assert.equal(about.C2, '统计县委');
		assert.equal(about.C3, srv.code);
		assert.equal(about.C4, '2024-12-31');
		assert.equal(about.C5, 5);
		const category = cells(unzipText(file, 'xl/worksheets/sheet3.xml'), shared);
		assert.deepEqual([category.A2, category.B2, category.C2], ['正式党员', 'full member', 5]);
		assert.ok(typeof category.A1 === 'string' && typeof category.C1 === 'string', 'a header row');
	});

	it('counts as GET /stats does for the same year', { skip: !hasUnzip && 'no unzip' }, async () => {
		const json = (await srv.get(`/api/v1/orgs/${srv.root}/stats?year=2024`)).body;
		const shared = [...unzipText(file, 'xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
		const gender = cells(unzipText(file, 'xl/worksheets/sheet4.xml'), shared);
		assert.deepEqual([gender.A2, gender.B2, gender.C2], ['男', 'male', json.by_gender.M]);
		assert.deepEqual([gender.A3, gender.B3, gender.C3], ['女', 'female', json.by_gender.F]);
		const pyramid = cells(unzipText(file, 'xl/worksheets/sheet11.xml'), shared);
		assert.deepEqual([pyramid.C1, pyramid.D1], ['男 male', '女 female']);
		const bands = Object.keys(json.age_pyramid);
		bands.forEach((band, i) => {
			assert.equal(pyramid[`C${i + 2}`], json.age_pyramid[band].M, `${band} men`);
			assert.equal(pyramid[`D${i + 2}`], json.age_pyramid[band].F, `${band} women`);
		});
		assert.equal(pyramid.A2, '30岁及以下');
		assert.equal(pyramid.B2, '30 and under');
		assert.equal(json.age_pyramid['30_and_under'].M, 2, 'born 1999 and 2000: 25 and 24 in 2024');
		const types = cells(unzipText(file, 'xl/worksheets/sheet13.xml'), shared);
		const row = Object.keys(types).find((k) => types[k] === 'branch');
		assert.equal(types[`C${row.slice(1)}`], 2);
	});

	it('refuses a bad year (400) and an organisation outside the caller\'s subtree (404)', async () => {
		const year = await download(srv.root, '?year=1800');
		assert.equal(year.status, 400);
		assert.equal(JSON.parse(year.bytes).error.field, 'year');
		const name = uniq('sx-sec').toLowerCase();
		assert.equal(runCli(srv.db, 'account', 'add', name, '--password', 'Stats-Pass-2026', '--role', 'secretary', '--org', String(srv.other)).status, 0);
		const sec = await login(srv, name, 'Stats-Pass-2026');
		const outside = await download(srv.branch, '', sec.session);
		assert.equal(outside.status, 404);
		assert.deepEqual(Object.keys(JSON.parse(outside.bytes)), ['error']);
		const own = await download(srv.other, '?year=2025', sec.session);
		assert.equal(own.status, 200);
		assert.equal(own.bytes.subarray(0, 2).toString(), 'PK');
	});
});
