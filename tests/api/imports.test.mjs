// imports.test.mjs - POST /api/v1/orgs/{id}/imports (the file as the body, run on a worker) and
// GET /api/v1/imports/progress, over real HTTP.
//
// The tree: county R with townships T (branches B1, B2) and T2 (branch C1). Covered: a preview
// that reports a bad ID number and an applicant under 18 (field, rule, article, line, cells, the
// file's columns) and stores nothing; a commit that stores every row, moves the statistics and
// is in the audit trail as member.import; a commit with a bad row refused with 422 (the error and
// the summary together) storing nothing; skip_bad storing only the good rows; a secretary of B1
// whose rows naming B2, C1 or a code that does not exist are refused as "outside the subtree"
// alike, and who cannot import into B2 at all (404); the subtree of the path binding a caller who
// sees everything; progress polled while 6,000 generated rows are imported (rows growing, done at
// the end, nobody else's token); an XLSX made by `jiceng export` on another database uploaded and
// committed; malformed files, an unknown column, kind=orgs and a missing body refused with 400
// naming what is wrong. After the imports `jiceng stats verify` finds the kept statistics right.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServer, uniq, idNumber, checkChar, login, runCli, todayCST, addMonths, addDays } from './harness.mjs';

const PW = 'Import-Pass-2026';
const HEADER = ['org_code', 'name', 'gender', 'id_number', 'ethnicity', 'education', 'occupation', 'admit_date', 'convert_date'];
const csv = (rows) => rows.map((r) => r.join(',')).join('\n') + '\n';

/** Asserts the summary fields of an import's answer that want names. */
function expectSummary(body, want) {
	const got = Object.fromEntries(Object.keys(want).map((k) => [k, body[k]]));
	assert.deepEqual(got, want, JSON.stringify(body).slice(0, 500));
}

/** A good member row of the branch with that code; births vary with i (area keeps tests apart). */
function good(code, i, area, gender = 'M') {
	const birth = `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
	return [code, `导入${area}${i}`, gender, idNumber(birth, gender, area), '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01'];
}

/** A row whose ID number has a wrong check character. */
function badId(code) {
	const id = idNumber('1981-03-04', 'M', '440799');
	return [code, '坏号码', 'M', id.slice(0, 17) + (id[17] === '0' ? '1' : '0'), '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01'];
}

describe('imports over HTTP', () => {
	const srv = useServer(async (s) => {
		const mk = async (name, type, parent) => {
			const code = uniq(name);
			const r = await s.post('/api/v1/orgs', { code, name: `${name}${code}`, type, parent_id: parent?.id });
			assert.equal(r.status, 201, JSON.stringify(r.body));
			return { id: r.body.id, code };
		};
		s.R = await mk('IR', 'county_committee');
		s.T = await mk('IT', 'township_committee', s.R);
		s.T2 = await mk('IT2', 'township_committee', s.R);
		s.B1 = await mk('IB1', 'branch', s.T);
		s.B2 = await mk('IB2', 'branch', s.T);
		s.C1 = await mk('IC1', 'branch', s.T2);
	});

	/** Uploads content (text or Buffer) to the imports of org with the query; as client. */
	const upload = (org, query, content, client = srv) =>
		client.request('POST', `/api/v1/orgs/${org.id}/imports?kind=members&${query}`, undefined,
			{ raw: content, headers: { 'content-type': 'application/octet-stream' } });
	const stats = async (org = srv.R) => {
		const r = await srv.get(`/api/v1/orgs/${org.id}/stats`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body;
	};
	const findById = async (id) => (await srv.get(`/api/v1/orgs/${srv.R.id}/members?q=${id}`)).body.items;

	it('previews: reports each bad row with its line, field, rule and cells, and stores nothing', async () => {
		const before = await stats();
		const minor = addDays(addMonths(todayCST(), -17 * 12), -10);
		const rows = [good(srv.B1.code, 1, '440701'), badId(srv.B1.code), good(srv.B2.code, 2, '440701'),
			[srv.B2.code, '未成年', 'M', idNumber(minor, 'M', '440701'), '01', 'secondary', 'student', addMonths(todayCST(), -1), '']];
		const r = await upload(srv.R, 'mode=preview&filename=preview.csv', csv([HEADER, ...rows]));
		assert.equal(r.status, 200, JSON.stringify(r.body));
		// stored: the rows that would be stored
		expectSummary(r.body, { mode: 'preview', committed: false, rows: 4, bad: 2, stored: 2, batch_id: null, errors_truncated: false });
		assert.deepEqual(r.body.columns, HEADER);
		const [id, age] = r.body.errors;
		assert.equal(id.line, 3);
		assert.equal(id.field, 'id_number');
		assert.equal(id.rule, '');
		assert.match(id.message, /id_number/);
		assert.deepEqual(id.cells, rows[1]);
		assert.equal(age.line, 5);
		assert.equal(age.field, 'admit_date');
		assert.equal(age.rule, 'member.min_age_at_application');
		assert.ok(age.article.length > 0, 'a refusal by a rule cites its article');
		assert.deepEqual(age.cells, rows[3].slice(0, -1), 'trailing empty cells are dropped');
		assert.deepEqual(await stats(), before, 'a preview changes no statistics');
		assert.deepEqual(await findById(rows[0][3]), [], 'a preview stores no member');
	});

	it('commits every row of a clean file: stored, counted in the statistics, audited', async () => {
		const before = await stats();
		const rows = [good(srv.B1.code, 1, '440702'), good(srv.B1.code, 2, '440702', 'F'), good(srv.B2.code, 3, '440702', 'F')];
		const r = await upload(srv.R, 'mode=commit&filename=clean.csv', csv([HEADER, ...rows]));
		assert.equal(r.status, 200, JSON.stringify(r.body));
		expectSummary(r.body, { mode: 'commit', committed: true, rows: 3, stored: 3, bad: 0, errors: [] });
		assert.ok(Number.isInteger(r.body.batch_id) && r.body.batch_id > 0, JSON.stringify(r.body));
		const after = await stats();
		assert.equal(after.members, before.members + 3);
		assert.equal(after.by_gender.F, before.by_gender.F + 2);
		assert.equal(after.by_gender.M, before.by_gender.M + 1);
		const [m] = await findById(rows[1][3]);
		assert.ok(m, 'the member is found by ID number');
		const history = await srv.get(`/api/v1/members/${m.id}/history`);
		assert.equal(history.body.items.at(-1).action, 'import', JSON.stringify(history.body));
		const audit = runCli(srv.db, 'audit', 'list', '--event', 'member.import');
		assert.equal(audit.status, 0, audit.stderr);
		assert.match(audit.stdout, new RegExp(`org ${srv.R.code}: clean\\.csv.*\\bok\\b.*batch ${r.body.batch_id}: 3 rows, 3 stored, 0 bad`));
	});

	it('refuses a commit with a bad row (422 with the summary) and stores nothing', async () => {
		const before = await stats();
		const rows = [good(srv.B1.code, 1, '440703'), badId(srv.B1.code), good(srv.B2.code, 2, '440703')];
		const r = await upload(srv.R, 'mode=commit', csv([HEADER, ...rows]));
		assert.equal(r.status, 422, JSON.stringify(r.body));
		assert.equal(r.body.error.code, 'rule_violation');
		assert.match(r.body.error.message, /1 of 3 rows are bad; nothing was imported/);
		expectSummary(r.body, { mode: 'commit', committed: false, rows: 3, bad: 1, stored: 0, batch_id: null });
		assert.equal(r.body.errors.length, 1);
		assert.equal(r.body.errors[0].field, 'id_number');
		assert.deepEqual(await stats(), before);
		assert.deepEqual(await findById(rows[0][3]), []);
		const audit = runCli(srv.db, 'audit', 'list', '--event', 'member.import');
		assert.match(audit.stdout, /\brefused\b.*3 rows, 1 bad/, 'the refusal is on the record');
	});

	it('stores only the good rows with skip_bad=1', async () => {
		const before = await stats();
		const rows = [good(srv.B1.code, 1, '440704'), badId(srv.B1.code), good(srv.B2.code, 2, '440704')];
		const r = await upload(srv.R, 'mode=commit&skip_bad=1', csv([HEADER, ...rows]));
		assert.equal(r.status, 200, JSON.stringify(r.body));
		expectSummary(r.body, { committed: true, stored: 2, bad: 1 });
		assert.equal(r.body.errors[0].line, 3);
		assert.equal((await stats()).members, before.members + 2);
		assert.equal((await findById(rows[0][3])).length, 1);
		assert.equal((await findById(rows[2][3])).length, 1);
	});

	it('keeps a secretary inside her branch: other subtrees and unknown codes are refused alike', async () => {
		const name = uniq('imp-sec').toLowerCase();
		assert.equal(runCli(srv.db, 'account', 'add', name, '--password', PW, '--role', 'secretary', '--org', String(srv.B1.id)).status, 0);
		const sec = (await login(srv, name, PW)).client;
		const before = await stats();
		const b2 = (await stats(srv.B2)).members;
		const rows = [good(srv.B1.code, 1, '440705'), good(srv.B2.code, 2, '440705'), good(srv.C1.code, 3, '440705'),
			good('NO-SUCH-ORG', 4, '440705')];
		const r = await upload(srv.B1, 'mode=commit&skip_bad=1', csv([HEADER, ...rows]), sec);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.stored, 1);
		assert.deepEqual(r.body.errors.map((e) => [e.line, e.field]), [[3, 'org_code'], [4, 'org_code'], [5, 'org_code']]);
		for (const e of r.body.errors)
			assert.match(e.message, /outside the subtree/);
		const messages = r.body.errors.map((e) => e.message.replace(/'[^']*'/, "'X'"));
		assert.equal(new Set(messages).size, 1, `an organisation elsewhere reads as one that does not exist: ${messages}`);
		assert.equal((await stats()).members, before.members + 1);
		assert.equal((await stats(srv.B2)).members, b2, 'nothing reached B2');
		assert.deepEqual(await findById(rows[1][3]), []);
		const elsewhere = await upload(srv.B2, 'mode=preview', csv([HEADER, good(srv.B2.code, 5, '440705')]), sec);
		assert.equal(elsewhere.status, 404, JSON.stringify(elsewhere.body));
		assert.deepEqual(Object.keys(elsewhere.body), ['error']);
	});

	it('binds even a caller who sees everything to the subtree of the path', async () => {
		const r = await upload(srv.T, 'mode=preview', csv([HEADER, good(srv.B1.code, 1, '440706'), good(srv.C1.code, 2, '440706')]));
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.bad, 1);
		assert.equal(r.body.errors[0].line, 3);
		assert.equal(r.body.errors[0].field, 'org_code');
		assert.match(r.body.errors[0].message, /outside the subtree/);
	});

	it('reports progress while a large file is imported, then done', async () => {
		const N = 6000;
		const rows = [HEADER];
		for (let i = 0; i < N; i++) { // own ID numbers: birth dates by day, orders by i
			const day = new Date(Date.UTC(1950, 0, 1) + (i % 12000) * 86400000).toISOString().slice(0, 10);
			const first17 = '440707' + day.replaceAll('-', '') + String((i % 400) * 2 + 1).padStart(3, '0');
			rows.push([srv.B1.code, `进度${i}`, 'M', first17 + checkChar(first17), '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01']);
		}
		const token = `tok_${uniq('p').replaceAll('-', '_')}`;
		const before = await stats();
		const pending = upload(srv.R, `mode=commit&progress=${token}&filename=big.csv`, csv(rows));
		const seen = [];
		let last;
		const deadline = Date.now() + 60000;
		for (;;) {
			const p = await srv.get(`/api/v1/imports/progress?token=${token}`);
			if (p.status === 200) {
				assert.equal(p.body.token, token);
				seen.push(p.body.rows);
				last = p.body;
				if (p.body.done)
					break;
			} else {
				assert.equal(p.status, 404, JSON.stringify(p.body)); // not registered yet
			}
			assert.ok(Date.now() < deadline, 'the import finishes');
			await new Promise((res) => setTimeout(res, 5));
		}
		const r = await pending;
		assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
		assert.equal(r.body.stored, N);
		assert.deepEqual(last, { token, rows: N, bad: 0, done: true });
		for (let i = 1; i < seen.length; i++)
			assert.ok(seen[i] >= seen[i - 1], `rows never go back: ${seen}`);
		assert.ok(seen.some((n) => n > 0 && n < N), `rows were seen growing: ${[...new Set(seen)]}`);
		assert.equal((await stats()).members, before.members + N);
		const again = await srv.get(`/api/v1/imports/progress?token=${token}`);
		assert.equal(again.status, 200, 'a finished import stays visible');
		const other = uniq('imp-other').toLowerCase();
		assert.equal(runCli(srv.db, 'account', 'add', other, '--password', PW, '--role', 'org_staff').status, 0);
		const stranger = (await login(srv, other, PW)).client;
		assert.equal((await stranger.get(`/api/v1/imports/progress?token=${token}`)).status, 404, 'another account\'s token');
		assert.equal((await srv.get('/api/v1/imports/progress?token=never-used-token')).status, 404);
		const bad = await srv.get('/api/v1/imports/progress?token=short');
		assert.equal(bad.status, 400);
		assert.equal(bad.body.error.field, 'token');
	});

	it('imports an XLSX written by `jiceng export` from another database', async () => {
		const other = join(srv.dir, 'other.db');
		assert.equal(runCli(other, 'init').status, 0);
		const orgs = join(srv.dir, 'orgs.csv');
		writeFileSync(orgs, csv([['code', 'name', 'type', 'parent_code'],
			[srv.R.code, '县委', 'county_committee', ''], [srv.T.code, '镇委', 'township_committee', srv.R.code],
			[srv.B1.code, '支部', 'branch', srv.T.code]]));
		const o = runCli(other, 'import', 'orgs', orgs);
		assert.equal(o.status, 0, o.stderr);
		const members = join(srv.dir, 'members.csv');
		const rows = [good(srv.B1.code, 1, '440708'), good(srv.B1.code, 2, '440708', 'F'), good(srv.B1.code, 3, '440708')];
		writeFileSync(members, csv([HEADER, ...rows]));
		const m = runCli(other, 'import', 'members', members);
		assert.equal(m.status, 0, m.stderr);
		const xlsx = join(srv.dir, 'members.xlsx');
		const e = runCli(other, 'export', 'members', srv.R.code, '--format', 'xlsx', '--reveal', '--out', xlsx);
		assert.equal(e.status, 0, e.stderr);
		const file = readFileSync(xlsx);
		assert.equal(file.subarray(0, 2).toString(), 'PK');
		const before = await stats();
		const r = await upload(srv.R, 'mode=commit&filename=members.xlsx', file);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		expectSummary(r.body, { committed: true, stored: 3, bad: 0 });
		assert.ok(r.body.columns.includes('所在党组织代码'), JSON.stringify(r.body.columns));
		assert.equal((await stats()).members, before.members + 3);
		assert.equal((await findById(rows[1][3])).length, 1);
	});

	it('refuses what is not an importable file with 400 naming what is wrong', async () => {
		const unterminated = await upload(srv.R, 'mode=preview', csv([HEADER, good(srv.B1.code, 1, '440709')]) + `${srv.B1.code},"open\n`);
		assert.equal(unterminated.status, 400, JSON.stringify(unterminated.body));
		assert.match(unterminated.body.error.message, /line 3/);
		const column = await upload(srv.R, 'mode=preview', 'org_code,nickname\nX,Y\n');
		assert.equal(column.status, 400);
		assert.equal(column.body.error.field, 'nickname');
		const empty = await upload(srv.R, 'mode=preview&filename=empty.csv', '\n\n');
		assert.equal(empty.status, 400);
		assert.match(empty.body.error.message, /empty\.csv' is empty/);
		const none = await srv.request('POST', `/api/v1/orgs/${srv.R.id}/imports?kind=members`);
		assert.equal(none.status, 400);
		const orgs = await srv.request('POST', `/api/v1/orgs/${srv.R.id}/imports?kind=orgs`, undefined, { raw: 'code\n' });
		assert.equal(orgs.status, 400);
		assert.equal(orgs.body.error.field, 'kind');
		const mode = await upload(srv.R, 'mode=maybe', csv([HEADER]));
		assert.equal(mode.body.error.field, 'mode');
		const token = await upload(srv.R, 'progress=a%20b', csv([HEADER]));
		assert.equal(token.body.error.field, 'progress');
	});

	it('leaves the kept statistics right', () => {
		const r = runCli(srv.db, 'stats', 'verify');
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, / 0 differ/);
	});
});
