// tls.test.mjs - HTTPS when a certificate is configured: the server answers over TLS only (a
// plain HTTP request gets no answer), sends HSTS, and marks the session cookie Secure. The
// certificate is a throwaway self-signed one made with the openssl command for this test.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import { BIN, freePort, runCli } from './harness.mjs';

function request(port, method, path, body) {
	return new Promise((resolve, reject) => {
		const req = https.request({ host: '127.0.0.1', port, method, path, rejectUnauthorized: false,
			headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
			let text = '';
			res.on('data', (d) => { text += d; });
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
		});
		req.on('error', reject);
		if (body)
			req.write(JSON.stringify(body));
		req.end();
	});
}

describe('https', () => {
	let dir, child, port;
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'jiceng-tls-'));
		execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
			'-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1'],
		{ stdio: 'pipe' });
		const db = join(dir, 't.db');
		execFileSync(BIN, ['init', '--db', db], { stdio: 'pipe' });
		assert.equal(runCli(db, 'account', 'add', 'm1', '--password', 'Member-Pass-2026', '--role', 'org_staff').status, 0);
		port = await freePort();
		child = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--web', '/nonexistent',
			'--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')], { stdio: 'ignore' });
		for (let i = 0; i < 100; i++) {
			try {
				if ((await request(port, 'GET', '/api/v1/health')).status === 200)
					break;
			} catch { /* not yet */ }
			await new Promise((r) => setTimeout(r, 50));
		}
	});
	after(() => {
		child.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	});

	it('answers over TLS with HSTS', async () => {
		const r = await request(port, 'GET', '/api/v1/health');
		assert.equal(r.status, 200);
		assert.match(r.headers['strict-transport-security'], /max-age=31536000/);
	});

	it('marks the session cookie Secure', async () => {
		const r = await request(port, 'POST', '/api/v1/auth/login', { login: 'm1', password: 'Member-Pass-2026' });
		assert.equal(r.status, 200, r.text);
		assert.match(r.headers['set-cookie'][0], /; Secure/);
		assert.match(r.headers['set-cookie'][0], /HttpOnly; SameSite=Strict/);
	});

	it('gives nothing to plain HTTP', async () => {
		const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(() => true, () => false);
		assert.equal(ok, false);
	});
});
