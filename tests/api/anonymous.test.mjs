// anonymous.test.mjs - a caller without a session learns nothing from any route but the public
// ones: every other route of the table answers 401 before it reads the body, even a malformed
// or oversized one (so no validation message tells what a field should hold).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, routesFromSource } from './harness.mjs';


describe('anonymous callers', () => {
	const srv = useServer();
	const all = routesFromSource();

	it('reads the route table', () => assert.ok(all.length >= 30, `${all.length} routes`));

	it('answers 401 on every non-public route, whatever the body', async () => {
		let cases = 0;
		for (const r of all.filter((x) => x.permission !== 'public')) {
			const path = r.pattern.replace('{id}', '1');
			const bodies = r.method === 'GET' ? [undefined] : [undefined, '{not json', 'x'.repeat(40000)];
			for (const raw of bodies) {
				const res = await srv.anonymous.request(r.method, path, undefined, raw === undefined ? {} :
					{ raw, headers: { 'content-type': 'application/json' } });
				assert.equal(res.status, 401, `${r.method} ${r.pattern} with ${raw ? raw.slice(0, 9) : 'no body'}`);
				assert.deepEqual(Object.keys(res.body), ['error']);
				cases++;
			}
		}
		assert.ok(cases > 50, `${cases} cases`);
	});
});
