// sessions.test.mjs - GET /api/v1/auth/sessions and POST /api/v1/auth/sessions/{id}/end over real
// HTTP, on a server whose clock the test moves (a second login of one account needs a fresh TOTP
// step; idle sessions must drop out of the list).
//
// Covered: the list holds one's own live sessions only, newest last_seen first, the caller's
// marked current, with ISO 8601 UTC times and no token hash or CSRF token; a session waiting for
// its second factor is listed with its stage; ending another session of one's own makes its
// cookie answer 401 and leaves the caller's; ending another account's session answers 404 as an
// absent one does and ends nothing; ending the current session is a logout (cookie cleared);
// every end is in the audit trail; a session idle past its limit is not listed.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq, login, runCli } from './harness.mjs';

const PW = 'Session-Pass-2026';
const MIN = 60;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('one\'s own sessions', () => {
	const srv = useServer(undefined, { clock: true });

	/** A new account (discipline on the whole database would mix nothing: staff on all). */
	function account() {
		const name = uniq('sess').toLowerCase();
		const r = runCli(srv.db, 'account', 'add', name, '--password', PW, '--role', 'org_staff');
		assert.equal(r.status, 0, r.stderr);
		return name;
	}
	/** Logs name in again at a fresh TOTP step. */
	async function again(name) {
		srv.advance(MIN);
		return login(srv, name, PW);
	}
	const list = async (client) => {
		const r = await client.get('/api/v1/auth/sessions');
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body.items;
	};

	it('lists one\'s live sessions, newest first, the caller\'s marked current, nothing secret', async () => {
		const name = account();
		const first = await login(srv, name, PW);
		const second = await again(name);
		const other = await login(srv, account(), PW); // another account's session is not listed
		assert.equal((await other.client.get('/api/v1/auth/me')).status, 200);
		const items = await list(first.client);
		assert.equal(items.length, 2, JSON.stringify(items));
		for (const s of items) {
			assert.deepEqual(Object.keys(s).sort(), ['address', 'created_at', 'current', 'id', 'last_seen', 'stage']);
			assert.match(s.created_at, ISO);
			assert.match(s.last_seen, ISO);
			assert.equal(s.stage, 'full');
			assert.equal(s.address, '127.0.0.1');
		}
		assert.deepEqual(items.map((s) => s.current), [false, true], 'the second login is newer; the first is the caller');
		assert.ok(items[0].last_seen >= items[1].last_seen);
		// (the first list moved the first session's idle clock: it may now be the newest)
		const fromSecond = await list(second.client);
		assert.equal(fromSecond.find((s) => s.current).id, items[0].id);
		assert.deepEqual(fromSecond.map((s) => s.id).sort(), items.map((s) => s.id).sort());
		assert.ok(fromSecond[0].last_seen >= fromSecond[1].last_seen);
		const text = JSON.stringify(items);
		assert.ok(!text.includes(first.session.csrf) && !text.includes(first.session.cookie.split('=')[1]));
	});

	it('lists a session still waiting for its second factor with its stage', async () => {
		const name = account();
		const full = await login(srv, name, PW);
		const partial = await srv.anonymous.post('/api/v1/auth/login', { login: name, password: PW });
		assert.equal(partial.body.stage, 'totp');
		const items = await list(full.client);
		assert.deepEqual(items.map((s) => s.stage).sort(), ['full', 'totp']);
	});

	it('ends another session of one\'s own: its cookie answers 401, the caller stays', async () => {
		const name = account();
		const first = await login(srv, name, PW);
		const second = await again(name);
		const target = (await list(first.client)).find((s) => !s.current);
		const r = await first.client.post(`/api/v1/auth/sessions/${target.id}/end`, {});
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.deepEqual(r.body, { ended: target.id });
		assert.equal(r.headers.get('set-cookie'), null, 'the caller\'s cookie is kept');
		assert.equal((await second.client.get('/api/v1/auth/me')).status, 401);
		assert.equal((await first.client.get('/api/v1/auth/me')).status, 200);
		assert.deepEqual((await list(first.client)).map((s) => s.current), [true]);
		const audit = runCli(srv.db, 'audit', 'list', '--event', 'session.end');
		assert.match(audit.stdout, new RegExp(`${name}.*session ${target.id}\\s+ok`));
	});

	it('answers 404 for another account\'s session, as for none, and ends nothing', async () => {
		const owner = await login(srv, account(), PW);
		const prober = await login(srv, account(), PW);
		const [victim] = await list(owner.client);
		const theirs = await prober.client.post(`/api/v1/auth/sessions/${victim.id}/end`, {});
		const none = await prober.client.post('/api/v1/auth/sessions/99999999/end', {});
		assert.equal(theirs.status, 404, JSON.stringify(theirs.body));
		assert.equal(none.status, 404);
		assert.equal(theirs.body.error.code, none.body.error.code);
		assert.equal((await owner.client.get('/api/v1/auth/me')).status, 200, 'the owner is still logged in');
		assert.equal((await prober.client.get('/api/v1/auth/me')).status, 200);
		const audit = runCli(srv.db, 'audit', 'list', '--event', 'session.end');
		assert.match(audit.stdout, new RegExp(`session ${victim.id}\\s+not_found`), 'the probe is on the record');
	});

	it('ends the current session like a logout', async () => {
		const me = await login(srv, account(), PW);
		const [current] = await list(me.client);
		const r = await me.client.post(`/api/v1/auth/sessions/${current.id}/end`, {});
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.match(r.headers.get('set-cookie') || '', /jiceng_session=;.*Max-Age=0/);
		assert.equal((await me.client.get('/api/v1/auth/me')).status, 401);
		assert.equal((await me.client.get('/api/v1/auth/sessions')).status, 401);
	});

	it('does not list a session idle past its limit (30 minutes)', async () => {
		const name = account();
		const kept = await login(srv, name, PW);
		const idle = await again(name);
		assert.equal((await list(idle.client)).length, 2);
		srv.advance(20 * MIN);
		assert.equal((await kept.client.get('/api/v1/auth/me')).status, 200); // moves its idle clock
		srv.advance(15 * MIN);
		const items = await list(kept.client);
		assert.deepEqual(items.map((s) => s.current), [true], JSON.stringify(items));
	});
});
