// audit.test.mjs - the audit chain from the command line: after logins, refusals, denials, data
// changes and a reveal over HTTP, `jiceng audit verify` on the live database exits 0 and says
// "intact"; on copies made with `jiceng backup` (with the master key file "<db>.key" copied
// beside them, from which the chain's key is derived) and then edited with the sqlite3 command
// around the append-only triggers of migrations/0003_audit.sql, it exits 1 and names the record:
// an edited row, a deleted row in the middle, the newest row deleted. The triggers themselves
// refuse the same edits. verify does not write to the trail, so a copy kept as evidence stays as
// it was.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { useServer, uniq, idNumber, login, runCli } from './harness.mjs';

const PW = 'Audit-Pass-2026!';

/** Runs the sqlite3 command on a database file; answers {status, stdout, stderr}. */
function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8', timeout: 30000 });
	if (r.error)
		throw r.error;
	return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe('audit chain verification (jiceng audit verify)', () => {
	const srv = useServer(async (s) => {
		// some activity of every kind
		const root = await s.post('/api/v1/orgs', { code: uniq('ROOT'), name: '审计县委', type: 'county_committee' });
		const branch = await s.post('/api/v1/orgs', { code: uniq('BR'), name: '审计支部', type: 'branch', parent_id: root.body.id });
		assert.equal(branch.status, 201, JSON.stringify(branch.body));
		const m = await s.post('/api/v1/members', {
			org_id: branch.body.id, name: uniq('党员'), id_number: idNumber('1979-01-02', 'M', '440703'),
			ethnicity: '01', education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
		});
		assert.equal(m.status, 201, JSON.stringify(m.body));
		assert.equal((await s.get(`/api/v1/members/${m.body.id}?reveal=1`)).status, 200);
		assert.equal((await s.anonymous.post('/api/v1/auth/login', { login: 'tester', password: 'wrong-password-1' })).status, 401);
		assert.equal(runCli(s.db, 'account', 'add', 'aud-sys', '--password', PW, '--role', 'sysadmin').status, 0);
		const sys = await login(s, 'aud-sys', PW);
		assert.equal((await sys.client.get(`/api/v1/members/${m.body.id}`)).status, 403);
	});

	let records = 0;

	it('finds the live trail intact (exit 0)', () => {
		const r = runCli(srv.db, 'audit', 'verify');
		assert.equal(r.status, 0, r.stdout + r.stderr);
		const m = r.stdout.match(/^intact: (\d+) records?$/m);
		assert.ok(m, r.stdout);
		records = Number(m[1]);
		assert.ok(records >= 8, `records: ${records}`);
		const list = runCli(srv.db, 'audit', 'list', '--limit', '1000');
		assert.equal(list.status, 0, list.stderr);
		for (const event of ['login.password', 'access.denied', 'member.reveal', 'account.create'])
			assert.match(list.stdout, new RegExp(`\\b${event.replace('.', '\\.')}\\b`), event);
	});

	/** A copy of the live database by `jiceng backup`, with its key file; answers its path. */
	function copy(tag) {
		const path = join(srv.dir, `copy-${tag}.db`);
		const b = runCli(srv.db, 'backup', path);
		assert.equal(b.status, 0, b.stderr);
		copyFileSync(srv.db + '.key', path + '.key');
		assert.equal(statSync(path + '.key').size, readFileSync(srv.db + '.key').length);
		return path;
	}

	it('finds an untouched copy intact', () => {
		const path = copy('plain');
		const r = runCli(path, 'audit', 'verify');
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^intact: \d+ records?$/m);
	});

	it('refuses UPDATE and DELETE of audit records while the triggers stand', () => {
		const path = copy('triggers');
		const u = sqlite(path, "UPDATE audit SET detail = 'x' WHERE id = 3");
		assert.notEqual(u.status, 0);
		assert.match(u.stderr, /append-only/);
		const d = sqlite(path, 'DELETE FROM audit WHERE id = 3');
		assert.notEqual(d.status, 0);
		assert.match(d.stderr, /append-only/);
		const h = sqlite(path, "DELETE FROM meta WHERE key = 'audit_head'");
		assert.notEqual(h.status, 0);
		assert.equal(runCli(path, 'audit', 'verify').status, 0);
	});

	it('names a record edited around the triggers (exit 1)', () => {
		const path = copy('edit');
		const before = sqlite(path, 'SELECT detail FROM audit WHERE id = 3');
		const e = sqlite(path, "DROP TRIGGER audit_is_append_only_u; UPDATE audit SET detail = 'x' WHERE id = 3; SELECT changes();");
		assert.equal(e.status, 0, e.stderr);
		assert.equal(e.stdout, '1');
		assert.notEqual(before.stdout, 'x');
		const count = sqlite(path, 'SELECT count(*) FROM audit').stdout;
		const r = runCli(path, 'audit', 'verify');
		assert.equal(r.status, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /^record 3: /m);
		assert.doesNotMatch(r.stdout, /^record (?!3:)\d+: /m, 'one edit is one problem');
		assert.match(r.stdout, /1 problem/);
		assert.doesNotMatch(r.stdout, /intact/);
		// and verify wrote nothing: the copy kept as evidence is as it was
		assert.equal(sqlite(path, 'SELECT count(*) FROM audit').stdout, count);
		assert.equal(runCli(path, 'audit', 'verify').stdout, r.stdout);
	});

	it('names a record deleted from the middle, and the newest record deleted', () => {
		const mid = copy('hole');
		assert.equal(sqlite(mid, 'DROP TRIGGER audit_is_append_only_d; DELETE FROM audit WHERE id = 4;').status, 0);
		const r1 = runCli(mid, 'audit', 'verify');
		assert.equal(r1.status, 1, r1.stdout + r1.stderr);
		assert.match(r1.stdout, /^record 4: /m);

		const last = copy('tail');
		const max = Number(sqlite(last, 'SELECT max(id) FROM audit').stdout);
		assert.equal(sqlite(last, `DROP TRIGGER audit_is_append_only_d; DELETE FROM audit WHERE id = ${max};`).status, 0);
		const r2 = runCli(last, 'audit', 'verify');
		assert.equal(r2.status, 1, r2.stdout + r2.stderr);
		assert.match(r2.stdout, new RegExp(`^record ${max}: `, 'm'), r2.stdout);
	});

	it('still finds the live trail intact, with the server writing on', async () => {
		assert.equal((await srv.get('/api/v1/auth/me')).status, 200);
		const r = runCli(srv.db, 'audit', 'verify');
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^intact: /m);
	});
});
