// privacy.test.mjs - personal data at rest: after members are registered through the API and an
// import, none of their national ID numbers appears in the database file, its WAL, or a
// backup made while the server runs; the phone numbers do not appear either. The master key
// file is private (mode 0600), lookups by ID number still work (blind index), and the API masks.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { useServer, uniq, idNumber, checkChar, runCli, login } from './harness.mjs';

/**
 * The ID numbers this test entered that appear in the bytes of a file. (Any valid-looking
 * GB 11643 number is not enough: 18 digits in a row with a right check digit turn up by chance in
 * a database's bytes - one in the WAL of a clean run was none of the people entered.)
 */
function leakedIdNumbers(path, entered) {
	if (!existsSync(path))
		return [];
	const text = readFileSync(path).toString('latin1');
	const found = (text.match(/\d{17}[\dX]/g) || []).filter((s) => checkChar(s.slice(0, 17)) === s[17]);
	return found.filter((s) => entered.includes(s)).concat(entered.filter((id) => text.includes(id) && !found.includes(id)));
}

describe('personal data at rest', () => {
	const ids = [];
	const phones = [];
	const srv = useServer(async (s) => {
		const root = await s.post('/api/v1/orgs', { code: uniq('ROOT'), name: '县委', type: 'county_committee' });
		const branch = await s.post('/api/v1/orgs', { code: uniq('BR'), name: '支部', type: 'branch', parent_id: root.body.id });
		s.root = root.body;
		s.branch = branch.body;
		for (let i = 0; i < 30; i++) {
			const id = idNumber('1980-05-0' + (1 + (i % 9)), i % 2 ? 'F' : 'M', '440703');
			const phone = `139${String(10000000 + i * 7919).padStart(8, '0')}`;
			const r = await s.post('/api/v1/members', {
				org_id: branch.body.id, name: uniq('党员'), id_number: id, phone, address: `广东省江门市蓬江区白沙街道${i}号`,
				ethnicity: '01', education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
			});
			assert.equal(r.status, 201, JSON.stringify(r.body));
			ids.push(id);
			phones.push(phone);
		}
		// and some through an import
		const csv = ['org_code,name,id_number,phone,ethnicity,education,occupation,admit_date,convert_date'];
		for (let i = 0; i < 20; i++) {
			const id = idNumber('1975-03-1' + (i % 9), 'M', '440704');
			ids.push(id);
			csv.push(`${branch.body.code},导入${i},${id},1370000${String(1000 + i)},01,associate,farmer,2001-01-01,2002-01-05`);
		}
		s.csv = s.db + '.members.csv';
		writeFileSync(s.csv, csv.join('\n') + '\n');
	});

	it('keeps the master key in a private file beside the database', () => {
		const st = statSync(srv.db + '.key');
		assert.equal(st.mode & 0o777, 0o600);
		assert.match(readFileSync(srv.db + '.key', 'utf8'), /^[0-9a-f]{64}\n$/);
	});

	it('imports through the same sealing', () => {
		const r = runCli(srv.db, 'import', 'members', srv.csv);
		assert.equal(r.status, 0, r.stderr);
	});

	it('finds no ID number in the database, its WAL or a backup, and no phone number', () => {
		const backup = srv.db + '.backup';
		const r = runCli(srv.db, 'backup', backup);
		assert.equal(r.status, 0, r.stderr);
		for (const file of [srv.db, srv.db + '-wal', backup]) {
			assert.deepEqual(leakedIdNumbers(file, ids), [], file);
			if (existsSync(file)) {
				const text = readFileSync(file).toString('latin1');
				for (const p of phones)
					assert.ok(!text.includes(p), `${file} holds a phone number`);
			}
		}
	});

	it('still finds a member by the full ID number, and masks it', async () => {
		const r = await srv.get(`/api/v1/orgs/${srv.root.id}/members?q=${ids[3]}`);
		assert.equal(r.status, 200);
		assert.equal(r.body.items.length, 1);
		assert.equal(r.body.items[0].id_number, ids[3].slice(0, 6) + '********' + ids[3].slice(14));
		assert.match(r.body.items[0].phone, /^139\*{4}\d{4}$/);
	});

	it('rotates the data key while serving: through the API, then from the command line', async () => {
		assert.equal(runCli(srv.db, 'account', 'add', 'sec1', '--password', 'Security-Pass-26', '--role', 'secadmin').status, 0);
		const { client } = await login(srv, 'sec1', 'Security-Pass-26');
		const r = await client.post('/api/v1/keys/rotate');
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.ok(r.body.resealed >= 50);
		const keys = () => execFileSync('sqlite3', [srv.db, 'SELECT id, retired_at IS NOT NULL FROM crypto_key ORDER BY id'], { encoding: 'utf8' });
		assert.equal(keys(), '1|1\n2|0\n');
		const reveal = async (id) => (await srv.get(`/api/v1/orgs/${srv.root.id}/members?q=${id}`)).body.items[0];
		assert.ok(await reveal(ids[7]));
		// a rotation by another process: the server finds the new key when it meets it
		assert.equal(runCli(srv.db, 'keys', 'rotate').status, 0);
		assert.equal(keys(), '1|1\n2|1\n3|0\n');
		const m = await reveal(ids[9]);
		const full = await srv.get(`/api/v1/members/${m.id}?reveal=1`);
		assert.equal(full.status, 200);
		assert.equal(full.body.id_number, ids[9]);
		assert.deepEqual(leakedIdNumbers(srv.db, ids), []);
		assert.deepEqual(leakedIdNumbers(srv.db + '-wal', ids), []);
	});
});

describe('correcting an ID number', () => {
	const srv = useServer(async (s) => {
		const root = await s.post('/api/v1/orgs', { code: uniq('ROOT'), name: '县委', type: 'county_committee' });
		const branch = await s.post('/api/v1/orgs', { code: uniq('BR'), name: '支部', type: 'branch', parent_id: root.body.id });
		s.member = (await s.post('/api/v1/members', {
			org_id: branch.body.id, name: '改号', id_number: idNumber('1981-02-03', 'F'), ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
		})).body;
	});

	it('goes through its own endpoint with a reason, not PATCH, and is in the history masked', async () => {
		const fresh = idNumber('1981-02-04', 'F');
		const patch = await srv.patch(`/api/v1/members/${srv.member.id}`, { id_number: fresh });
		assert.equal(patch.status, 403);
		const noReason = await srv.post(`/api/v1/members/${srv.member.id}/identity`, { id_number: fresh, birth_date: '1981-02-04' });
		assert.equal(noReason.status, 400);
		assert.equal(noReason.body.error.field, 'reason');
		const disagree = await srv.post(`/api/v1/members/${srv.member.id}/identity`, { id_number: fresh, reason: '户籍更正' });
		assert.equal(disagree.status, 400, 'the birth date must follow the new number');
		const ok = await srv.post(`/api/v1/members/${srv.member.id}/identity`,
			{ id_number: fresh, birth_date: '1981-02-04', reason: '户籍更正' });
		assert.equal(ok.status, 200, JSON.stringify(ok.body));
		assert.equal(ok.body.birth_date, '1981-02-04');
		const h = (await srv.get(`/api/v1/members/${srv.member.id}/history`)).body.items[0];
		assert.equal(h.reason, '户籍更正');
		assert.match(h.changes.id_number[1], /^\d{6}\*{8}\d{3}[\dX]$/);
	});
});
