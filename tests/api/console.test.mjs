// console.test.mjs - how the server serves the web console (src/http/console.c), on a stand-in
// build: index.html at / and at any console address (/org/12), with the Content-Security-Policy
// and no caching; /assets/ cached for a year and gzip-compressed when asked; a missing asset is
// 404, not the page; /api/ stays the API; nothing but GET and HEAD reaches the page.

import { after, describe, it } from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { useServer } from './harness.mjs';

const web = mkdtempSync(join(tmpdir(), 'jiceng-web-'));
mkdirSync(join(web, 'assets'));
const PAGE = '<!doctype html><title>基层</title><script type="module" src="/assets/index-abc123.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;
writeFileSync(join(web, 'index.html'), PAGE);
writeFileSync(join(web, 'assets', 'index-abc123.js'), SCRIPT);
after(() => rmSync(web, { recursive: true, force: true }));

describe('the web console', () => {
	const srv = useServer(null, { web });
	const raw = (path, init = {}) => fetch(srv.base + path, init);

	it('answers index.html at / and at every console address, never cached, with the CSP', async () => {
		for (const path of ['/', '/org/12', '/member/5/edit', '/login?next=%2Forg%2F1']) {
			const r = await raw(path);
			assert.equal(r.status, 200, path);
			assert.equal(await r.text(), PAGE, path);
			assert.match(r.headers.get('content-type'), /^text\/html/);
			assert.equal(r.headers.get('cache-control'), 'no-cache');
			const csp = r.headers.get('content-security-policy');
			assert.match(csp, /default-src 'self'/);
			assert.match(csp, /frame-ancestors 'none'/);
			assert.doesNotMatch(csp, /unsafe-eval/);
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		}
	});

	it('serves assets cached for a year, gzipped when the browser accepts it', async () => {
		const plain = await raw('/assets/index-abc123.js');
		assert.equal(plain.status, 200);
		assert.equal(await plain.text(), SCRIPT);
		assert.match(plain.headers.get('cache-control'), /max-age=31536000, immutable/);
		// node:http leaves the encoding alone: the bytes on the wire are gzip, fewer, and the file
		const wire = await new Promise((resolve, reject) => {
			http.get(`${srv.base}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
			}).on('error', reject);
		});
		assert.equal(wire.headers['content-encoding'], 'gzip');
		assert.ok(wire.body.length < SCRIPT.length / 4, `${wire.body.length} bytes`);
		assert.equal(gunzipSync(wire.body).toString(), SCRIPT);
	});

	it('answers 404 for a missing asset instead of the page', async () => {
		const r = await raw('/assets/missing-000.js');
		assert.equal(r.status, 404);
	});

	it('keeps /api/ for the API', async () => {
		const r = await raw('/api/v1/health');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /json/);
		const missing = await raw('/api/v1/no-such-route');
		assert.equal(missing.status, 404);
		assert.match(missing.headers.get('content-type'), /json/);
	});

	it('lets only GET and HEAD reach the page', async () => {
		const head = await raw('/org/1', { method: 'HEAD' });
		assert.equal(head.status, 200);
		const post = await raw('/org/1', { method: 'POST', body: 'x' });
		assert.ok(post.status >= 400 && post.status < 500, String(post.status));
	});
});
