// openapi.test.mjs - the API's own reference over real HTTP: GET /api/v1/openapi.json lists every
// route of the route table in src/http/routes.c (parsed from the C source, so a new route cannot
// be left out) with its x-permission, path parameter and request body; its component schemas
// carry the fields of src/org/org_codes.c and src/member/member_codes.c with their flags; and
// GET /api/v1/codes gives the code tables (gender, education, occupation, org_type, ...) with
// Chinese and English labels that agree with the schemas' enums.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServer, ROOT_DIR, routesFromSource } from './harness.mjs';

const source = (p) => readFileSync(join(ROOT_DIR, p), 'utf8');


/** The fields of a record description: [{key, flags}] in order. */
function fieldsFromSource(path) {
	const text = source(path);
	const table = text.slice(text.indexOf('static const struct field fields[]'));
	const re = /FIELD_(OF|TEXT|CODE)\(\s*[^,]+,\s*(\w+),\s*"[^"]*",\s*"[^"]*",([^)]*)\)/g;
	return [...table.matchAll(re)].map((m) => ({ key: m[2], flags: m[3] }));
}

const permissionOf = (xp) => (typeof xp === 'string' ? xp : xp && xp.name);

describe('openapi and codes', () => {
	const srv = useServer();
	const routes = routesFromSource();

	it('reads the route table from src/http/routes.c', () => {
		assert.ok(routes.length >= 19, `routes parsed: ${routes.length}`);
		const text = source('src/http/routes.c');
		const rows = text.slice(text.indexOf('const struct route routes[]')).split('};')[0]
			.split('\n').filter((l) => /^\s*\{\s*"[A-Z]+"/.test(l));
		assert.equal(routes.length, rows.length, 'every row of the table is understood');
		assert.ok(routes.some((r) => r.method === 'GET' && r.pattern === '/api/v1/openapi.json'));
	});

	it('lists every route of the table with its x-permission', async () => {
		const r = await srv.get('/api/v1/openapi.json');
		assert.equal(r.status, 200);
		const doc = r.body;
		assert.match(doc.openapi, /^3\./);
		assert.equal(typeof doc.info.title, 'string');
		for (const route of routes) {
			const item = doc.paths[route.pattern];
			assert.ok(item, `path ${route.pattern} is documented`);
			const op = item[route.method.toLowerCase()];
			assert.ok(op, `${route.method} ${route.pattern} is documented`);
			assert.ok(op['x-permission'], `${route.method} ${route.pattern} has x-permission`);
			assert.equal(permissionOf(op['x-permission']), route.permission, `${route.method} ${route.pattern} permission`);
			assert.equal(typeof op.summary, 'string');
			assert.ok(op.summary.length > 0);
			assert.ok(op.responses && Object.keys(op.responses).length > 0);
			if (route.pattern.includes('{id}')) {
				const p = (op.parameters || []).find((x) => x.name === 'id');
				assert.ok(p, `${route.method} ${route.pattern} documents {id}`);
				assert.equal(p.in, 'path');
				assert.equal(p.required, true);
				assert.equal(p.schema.type, 'integer');
			}
			if (route.schema === 'file') { // the body is a file, passed raw
				const schema = op.requestBody?.content?.['application/octet-stream']?.schema;
				assert.deepEqual(schema, { type: 'string', format: 'binary' }, `${route.method} ${route.pattern} body`);
			} else if (route.schema) {
				const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
				assert.equal(ref, `#/components/schemas/${route.schema}`, `${route.method} ${route.pattern} body`);
			}
		}
	});

	it('documents nothing that is not in the table', async () => {
		const doc = (await srv.get('/api/v1/openapi.json')).body;
		const known = new Set(routes.map((r) => `${r.method.toLowerCase()} ${r.pattern}`));
		const ops = [];
		for (const [path, item] of Object.entries(doc.paths))
			for (const method of Object.keys(item))
				ops.push(`${method} ${path}`);
		assert.deepEqual(ops.sort(), [...known].sort());
	});

	it('answers every documented GET route that takes no id, and knows every documented route', async () => {
		for (const route of routes) {
			const path = route.pattern.replace('{id}', '999999');
			// The login routes are asked anonymously: the tester's session must survive (logout).
			const auth = route.pattern.startsWith('/api/v1/auth/');
			const client = auth ? srv.anonymous : srv;
			const r = await client.request(route.method, path, route.method === 'GET' ? undefined : {});
			assert.notEqual(r.status, 405, `${route.method} ${route.pattern} is routed`);
			assert.ok(!(r.status === 404 && r.body?.error?.message === 'no such endpoint'), `${route.method} ${route.pattern} is routed`);
			// The progress of an import is asked for by its token: without one, 400.
			const needsQuery = route.pattern === '/api/v1/imports/progress';
			if (!route.pattern.includes('{id}') && route.method === 'GET' && !auth && route.permission !== 'audit.read' && !needsQuery)
				assert.equal(r.status, 200, `${route.pattern}`);
		}
	});

	it('gives the record schemas with the fields of org_codes.c and member_codes.c', async () => {
		const doc = (await srv.get('/api/v1/openapi.json')).body;
		for (const [name, file] of [['organisation', 'src/org/org_codes.c'], ['member', 'src/member/member_codes.c']]) {
			const schema = doc.components.schemas[name];
			assert.ok(schema, `schema ${name}`);
			const fields = fieldsFromSource(file);
			assert.ok(fields.length > 10, `fields parsed from ${file}`);
			assert.deepEqual(Object.keys(schema.properties), fields.map((f) => f.key), `${name} properties`);
			for (const f of fields) {
				const p = schema.properties[f.key];
				assert.equal(p.readOnly === true, f.flags.includes('FF_READONLY'), `${name}.${f.key} readOnly`);
				assert.equal(schema.required.includes(f.key), f.flags.includes('FF_REQUIRED'), `${name}.${f.key} required`);
				assert.equal(typeof p.type, 'string');
				assert.equal(typeof p.description, 'string');
			}
		}
	});

	it('gives the code tables with Chinese and English labels', async () => {
		const r = await srv.get('/api/v1/codes');
		assert.equal(r.status, 200);
		for (const table of ['gender', 'education', 'occupation', 'org_type', 'ethnicity', 'category', 'state',
			'org_unit_category', 'org_status', 'committee_post']) {
			const list = r.body[table];
			assert.ok(Array.isArray(list) && list.length > 0, `codes.${table}`);
			for (const c of list) {
				for (const k of ['key', 'zh', 'en']) {
					assert.equal(typeof c[k], 'string', `${table}.${c.key}.${k}`);
					assert.ok(c[k].length > 0, `${table}.${c.key}.${k}`);
				}
			}
			assert.equal(new Set(list.map((c) => c.key)).size, list.length, `${table} keys are unique`);
		}
		assert.deepEqual(r.body.gender, [{ key: 'M', zh: '男', en: 'male' }, { key: 'F', zh: '女', en: 'female' }]);
		const keys = (t) => r.body[t].map((c) => c.key);
		assert.ok(keys('education').includes('bachelor'));
		assert.ok(keys('occupation').includes('worker'));
		assert.equal(keys('occupation').length, 8);
		for (const t of ['county_committee', 'township_committee', 'branch', 'group'])
			assert.ok(keys('org_type').includes(t), t);
		assert.equal(r.body.org_type.find((c) => c.key === 'branch').zh, '党支部');
		assert.equal(r.body.ethnicity.find((c) => c.key === '01').zh, '汉族');
	});

	it('agrees between the code tables and the schemas\' enums', async () => {
		const doc = (await srv.get('/api/v1/openapi.json')).body;
		const codes = (await srv.get('/api/v1/codes')).body;
		const keys = (t) => codes[t].map((c) => c.key);
		const m = doc.components.schemas.member.properties;
		const o = doc.components.schemas.organisation.properties;
		assert.deepEqual(m.gender.enum, keys('gender'));
		assert.deepEqual(m.education.enum, keys('education'));
		assert.deepEqual(m.occupation.enum, keys('occupation'));
		assert.deepEqual(m.ethnicity.enum, keys('ethnicity'));
		assert.deepEqual(m.category.enum, keys('category'));
		assert.deepEqual(m.state.enum, keys('state'));
		assert.deepEqual(o.type.enum, keys('org_type'));
		assert.deepEqual(o.unit_category.enum, keys('org_unit_category'));
		assert.deepEqual(o.status.enum, keys('org_status'));
	});
});
