// backup.test.mjs - `jiceng backup` while the server takes writes, and `jiceng restore`: every
// backup made under a steady stream of writes restores into a new database that passes
// `jiceng check` (integrity, statistics and organisational-life summaries equal to a recount,
// the audit chain intact) and holds every write acknowledged before the backup began; a restore
// never overwrites a database, and a damaged backup is refused.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { useServer, uniq, idNumber, BIN } from '../api/harness.mjs';

/** Runs the CLI without blocking the event loop (the writers keep writing meanwhile). */
function cli(...args) {
	return new Promise((resolve) => {
		const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '', stderr = '';
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('exit', (status) => resolve({ status, stdout, stderr }));
	});
}

describe('backup while serving writes, and restore', () => {
	const srv = useServer(async (s) => {
		const county = await s.post('/api/v1/orgs', { code: uniq('BK'), name: '中共备份县委员会', type: 'county_committee' });
		s.county = county.body.id;
		const branch = await s.post('/api/v1/orgs', { code: uniq('BK'), name: '中共备份村支部委员会', type: 'branch', parent_id: s.county });
		s.branch = branch.body.id;
	});

	it('restores every backup taken under load into a database that passes its checks and holds the writes acknowledged before it', async () => {
		const acked = []; // [time acknowledged, kind, id]
		const failures = [];
		let running = true;
		const writer = async (n) => {
			for (let i = 0; running; i++) {
				const member = i % 2 === 0;
				const r = member
					? await srv.post('/api/v1/members', {
						org_id: srv.branch, name: uniq('备份'), id_number: idNumber(`19${50 + (n * 7 + i) % 30}-0${1 + i % 9}-1${i % 9}`, i % 3 ? 'M' : 'F', `1101${10 + n}`),
						ethnicity: '01', education: 'bachelor', occupation: 'worker', admit_date: '2010-06-01', convert_date: '2011-06-01',
					})
					: await srv.post('/api/v1/meetings', {
						org_id: srv.branch, kinds: ['lecture'], held_on: '2025-05-20', chair: '书记', recorder: '委员', expected: 5, present: 4,
					});
				if (r.status === 201)
					acked.push([Date.now(), member ? 'member' : 'meeting', r.body.id]);
				else if (r.status !== 409) // (a generated ID number may repeat: a conflict is fine)
					failures.push(`write answered ${r.status}: ${JSON.stringify(r.body)}`);
			}
		};
		const writers = [writer(1), writer(2), writer(3)];
		const backups = [];
		for (let k = 0; k < 4; k++) {
			await new Promise((res) => setTimeout(res, 300));
			const started = Date.now();
			const file = join(srv.dir, `backup-${k}.db`);
			const b = await cli('backup', file, '--db', srv.db);
			assert.equal(b.status, 0, b.stderr);
			backups.push({ file, before: acked.filter(([t]) => t < started) });
		}
		running = false;
		await Promise.all(writers);
		assert.deepEqual(failures.slice(0, 3), [], 'every write was answered 201');
		assert.ok(acked.length > 20, `writes went on during the backups (${acked.length})`);
		for (const [k, { file, before }] of backups.entries()) {
			const target = join(srv.dir, `restored-${k}.db`);
			const r = await cli('restore', file, '--db', target, '--key', `${srv.db}.key`);
			assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
			for (const line of ['integrity: ok', 'statistics: equal to a recount', 'audit chain: intact', 'organisational-life summaries: equal to a recount'])
				assert.ok(r.stdout.includes(line), `restore ${k}: ${line}\n${r.stdout}`);
			for (const [kind, table] of [['member', 'member'], ['meeting', 'meeting']]) {
				const ids = before.filter(([, k2]) => k2 === kind).map(([, , id]) => id);
				if (!ids.length)
					continue;
				const q = spawnSync('sqlite3', [target, `SELECT count(*) FROM ${table} WHERE id IN (${ids.join(',')})`], { encoding: 'utf8' });
				assert.equal(Number(q.stdout.trim()), ids.length, `backup ${k} holds every ${kind} acknowledged before it began`);
			}
		}
	});

	it('never restores over an existing database, and refuses a damaged backup', async () => {
		const file = join(srv.dir, 'backup-x.db');
		assert.equal((await cli('backup', file, '--db', srv.db)).status, 0);
		const over = await cli('restore', file, '--db', srv.db);
		assert.equal(over.status, 1);
		assert.match(over.stderr, /exists/);
		const damaged = join(srv.dir, 'damaged.db');
		copyFileSync(file, damaged);
		const fd = openSync(damaged, 'r+');
		const size = statSync(damaged).size;
		const junk = Buffer.alloc(4096, 0x5a);
		for (let at = 8192; at < size; at += 16384) // scribble over pages past the header
			writeSync(fd, junk, 0, junk.length, at);
		closeSync(fd);
		const target = join(srv.dir, 'from-damaged.db');
		const r = await cli('restore', damaged, '--db', target, '--key', `${srv.db}.key`);
		assert.notEqual(r.status, 0, `a damaged backup is refused: ${r.stdout}${r.stderr}`);
		assert.ok(!existsSync(target) || r.stdout.includes('FAILED'), 'nothing usable is left behind as if it were good');
	});
});
