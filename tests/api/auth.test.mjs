// auth.test.mjs - login, sessions, roles and the audit of reads, over real HTTP with a clock the
// test moves (useServer(..., { clock: true }): JICENG_CLOCK_FILE, h.advance(seconds)).
//
// The rule values (src/rules/national_rules.def): 5 failures lock an account for 30 minutes; 20
// failures from one address in 15 minutes throttle it (429); a session ends after 30 idle minutes
// (15 for the three administrators) and 12 hours in all; passwords have at least 10 characters of
// 3 of the 4 classes and are not common ones.
//
// Time only moves forward, and it moves for every session of the server: each test logs in
// accounts of its own, made with `jiceng account add`, and does not rely on the tester's session
// after the first clock move. The throttle has a server of its own (all requests come from
// 127.0.0.1, so its failures would refuse the other tests' logins).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, uniq, idNumber, login, totp, runCli } from './harness.mjs';

const PW = 'Auth-Pass-2026!';
const MIN = 60;

/** One request with a session {cookie, csrf} (or none); the CSRF token on unsafe methods. */
async function send(base, session, method, path, body) {
	const headers = {};
	if (session) {
		headers.cookie = session.cookie;
		if (method !== 'GET')
			headers['x-csrf-token'] = session.csrf;
	}
	const init = { method, headers };
	if (body !== undefined) {
		init.body = JSON.stringify(body);
		headers['content-type'] = 'application/json';
	}
	const res = await fetch(base + path, init);
	const text = await res.text();
	let parsed = text;
	try {
		parsed = JSON.parse(text);
	} catch { /* not JSON */ }
	return { status: res.status, body: parsed, text, headers: res.headers };
}

describe('login, sessions and roles', () => {
	const srv = useServer(async (s) => {
		const root = await s.post('/api/v1/orgs', { code: uniq('ROOT'), name: '认证县委', type: 'county_committee' });
		const town = await s.post('/api/v1/orgs', { code: uniq('TOWN'), name: '认证镇党委', type: 'township_committee', parent_id: root.body.id });
		const branch = await s.post('/api/v1/orgs', { code: uniq('BR'), name: '认证支部', type: 'branch', parent_id: town.body.id });
		assert.equal(branch.status, 201, JSON.stringify(branch.body));
		s.root = root.body.id;
		s.branch = branch.body.id;
		s.members = [];
		for (let i = 0; i < 2; i++) {
			const body = {
				org_id: s.branch, name: uniq('党员'), id_number: idNumber('1982-03-04', 'F', '440703'),
				ethnicity: '01', education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
			};
			const r = await s.post('/api/v1/members', body);
			assert.equal(r.status, 201, JSON.stringify(r.body));
			s.members.push({ id: r.body.id, id_number: body.id_number, name: body.name });
		}
	}, { clock: true });

	/** A new account (`jiceng account add`); role on org (an id), or on the whole system. */
	function account(name, role, org, member) {
		const args = ['account', 'add', name, '--password', PW, '--role', role];
		if (org)
			args.push('--org', String(org));
		if (member)
			args.push('--member', String(member));
		const r = runCli(srv.db, ...args);
		assert.equal(r.status, 0, r.stderr);
		return name;
	}
	/** Logs in (password, then TOTP or its enrolment at the moved time); answers {session, id}. */
	async function signIn(name, password = PW) {
		const { session } = await login(srv, name, password);
		const me = await send(srv.base, session, 'GET', '/api/v1/auth/me');
		assert.equal(me.status, 200, JSON.stringify(me.body));
		return { session, id: me.body.account_id, me: me.body };
	}
	const password = (name, pw) => send(srv.base, null, 'POST', '/api/v1/auth/login', { login: name, password: pw });
	const me = (session) => send(srv.base, session, 'GET', '/api/v1/auth/me');
	const cookieOf = (r) => (r.headers.get('set-cookie') || '').split(';')[0];

	// --- passwords and lockout ---------------------------------------------------------------

	it('refuses a wrong password with 401 and the same body as for a login that does not exist', async () => {
		const name = account(uniq('wrong').toLowerCase(), 'discipline', srv.branch);
		const wrong = await password(name, 'Not-The-Password-1');
		const unknown = await password(uniq('nobody').toLowerCase(), 'Not-The-Password-1');
		assert.equal(wrong.status, 401);
		assert.equal(unknown.status, 401);
		assert.deepEqual(wrong.body, unknown.body);
		assert.equal(wrong.headers.get('set-cookie'), null);
		assert.ok(!wrong.text.includes(name));
		assert.doesNotMatch(wrong.body.error.message, /no account|not exist|unknown|没有/i);
	});

	it('locks an account after 5 wrong passwords for 30 minutes, then lets it in again', async () => {
		const name = account(uniq('lock').toLowerCase(), 'discipline', srv.branch);
		const refusals = [];
		for (let i = 0; i < 5; i++)
			refusals.push(await password(name, `Wrong-Pass-${i}x`));
		for (const r of refusals)
			assert.equal(r.status, 401);
		const locked = await password(name, PW);
		assert.equal(locked.status, 401, 'the right password of a locked account is refused');
		assert.deepEqual(locked.body, refusals[0].body, 'a lock answers as a wrong password does');
		srv.advance(29 * MIN);
		assert.equal((await password(name, PW)).status, 401, 'still locked after 29 minutes');
		srv.advance(2 * MIN);
		const { me: m } = await signIn(name);
		assert.equal(m.login, name);
	});

	it('lets the security administrator unlock a locked account', async () => {
		const name = account(uniq('unlock').toLowerCase(), 'discipline', srv.branch);
		const { id } = await signIn(name);
		for (let i = 0; i < 5; i++)
			assert.equal((await password(name, `Wrong-Pass-${i}y`)).status, 401);
		assert.equal((await password(name, PW)).status, 401, 'locked');
		const sec = await signIn(account(uniq('sec').toLowerCase(), 'secadmin'));
		const u = await send(srv.base, sec.session, 'POST', `/api/v1/accounts/${id}/unlock`, {});
		assert.equal(u.status, 200, u.text);
		srv.advance(MIN); // a fresh TOTP step for the second login of this account
		await signIn(name);
	});

	// --- the second factor -------------------------------------------------------------------

	it('accepts a TOTP code once (a replay is 401)', async () => {
		const name = account(uniq('totp').toLowerCase(), 'discipline', srv.branch);
		await signIn(name); // enrols; the secret is in srv.secrets
		const secret = srv.secrets[name];
		srv.advance(2 * MIN);
		const first = await password(name, PW);
		assert.equal(first.status, 200);
		assert.equal(first.body.stage, 'totp');
		const s1 = { cookie: cookieOf(first), csrf: first.body.csrf };
		assert.equal((await me(s1)).status, 401, 'no access before the second factor');
		const code = totp(secret, srv.now());
		const ok = await send(srv.base, s1, 'POST', '/api/v1/auth/totp', { code });
		assert.equal(ok.status, 200, ok.text);
		assert.equal((await me(s1)).status, 200);

		const second = await password(name, PW);
		const s2 = { cookie: cookieOf(second), csrf: second.body.csrf };
		const replay = await send(srv.base, s2, 'POST', '/api/v1/auth/totp', { code });
		assert.equal(replay.status, 401, `the same code again: ${replay.text}`);
		assert.equal((await me(s2)).status, 401);
		const next = await send(srv.base, s2, 'POST', '/api/v1/auth/totp', { code: totp(secret, srv.now() + 30) });
		assert.equal(next.status, 200, next.text);
		assert.equal((await me(s2)).status, 200);
	});

	// --- session lifetime --------------------------------------------------------------------

	it('ends a session idle for 31 minutes', async () => {
		const { session } = await signIn(account(uniq('idle').toLowerCase(), 'discipline', srv.branch));
		srv.advance(31 * MIN);
		const r = await me(session);
		assert.equal(r.status, 401, r.text);
		srv.advance(MIN);
		assert.equal((await me(session)).status, 401, 'and it stays ended');
	});

	it('keeps a session used every 20 minutes alive for an hour', async () => {
		const { session } = await signIn(account(uniq('busy').toLowerCase(), 'discipline', srv.branch));
		for (let i = 1; i <= 3; i++) {
			srv.advance(20 * MIN);
			const r = await me(session);
			assert.equal(r.status, 200, `after ${20 * i} minutes: ${r.text}`);
		}
	});

	it('ends an administrator\'s session after 16 idle minutes (a data role\'s lives on)', async () => {
		const admin = await signIn(account(uniq('sys').toLowerCase(), 'sysadmin'));
		const staff = await signIn(account(uniq('staff').toLowerCase(), 'discipline', srv.branch));
		srv.advance(14 * MIN);
		assert.equal((await me(admin.session)).status, 200, 'an administrator idle 14 minutes');
		assert.equal((await me(staff.session)).status, 200);
		srv.advance(16 * MIN);
		assert.equal((await me(admin.session)).status, 401, 'an administrator idle 16 minutes');
		assert.equal((await me(staff.session)).status, 200, 'a data role idle 16 minutes');
	});

	it('ends a session 12 hours after login even when it is used', async () => {
		const { session } = await signIn(account(uniq('long').toLowerCase(), 'discipline', srv.branch));
		for (let i = 1; i <= 35; i++) { // up to 11 h 40 min, never idle more than 20 minutes
			srv.advance(20 * MIN);
			const r = await me(session);
			assert.equal(r.status, 200, `after ${20 * i} minutes: ${r.text}`);
		}
		srv.advance(25 * MIN); // 12 h 05 min, idle 25 minutes
		const r = await me(session);
		assert.equal(r.status, 401, r.text);
	});

	it('ends the session on logout, server-side (the old cookie answers 401)', async () => {
		const { session } = await signIn(account(uniq('out').toLowerCase(), 'discipline', srv.branch));
		const r = await send(srv.base, session, 'POST', '/api/v1/auth/logout', {});
		assert.equal(r.status, 200, r.text);
		assert.match(r.headers.get('set-cookie') || '', /jiceng_session=;.*Max-Age=0/);
		assert.equal((await me(session)).status, 401);
		assert.equal((await send(srv.base, session, 'POST', '/api/v1/auth/logout', {})).status, 401);
	});

	it('ends the sessions of an account the system administrator disables, and refuses its logins', async () => {
		const name = account(uniq('dis').toLowerCase(), 'discipline', srv.branch);
		const target = await signIn(name);
		const admin = await signIn(account(uniq('sys').toLowerCase(), 'sysadmin'));
		const d = await send(srv.base, admin.session, 'POST', `/api/v1/accounts/${target.id}/disable`, {});
		assert.equal(d.status, 200, d.text);
		assert.equal((await me(target.session)).status, 401);
		const again = await password(name, PW);
		assert.equal(again.status, 401);
		assert.deepEqual(again.body, (await password(uniq('nobody').toLowerCase(), PW)).body, 'as for any refusal');
	});

	// --- changing one's password -------------------------------------------------------------

	it('changes a password only with the old one and within the policy', async () => {
		const name = account(uniq('pw').toLowerCase(), 'member', srv.branch);
		const { session } = await signIn(name);
		const change = (body) => send(srv.base, session, 'POST', '/api/v1/auth/password', body);
		const wrongOld = await change({ old_password: 'Not-The-Password-1', new_password: 'Brand-New-Pass-27' });
		assert.equal(wrongOld.status, 400, wrongOld.text); // not 401: the session stays valid
		assert.equal(wrongOld.body.error.field, 'old_password');
		assert.equal((await change({ new_password: 'Brand-New-Pass-27' })).status, 400, 'the old password is required');
		for (const [bad, why] of [['Ab1!xyz', /at least 10/], ['Password123', /common/], ['abcdefghijk123', /3 of/],
			['ABCDEFGHIJ!!!!', /3 of/]]) {
			const r = await change({ old_password: PW, new_password: bad });
			assert.equal(r.status, 400, `${bad}: ${r.text}`);
			assert.match(r.body.error.message, why, bad);
		}
		assert.equal((await password(name, PW)).status, 200, 'the refused changes changed nothing');
		const ok = await change({ old_password: PW, new_password: 'Brand-New-Pass-27' });
		assert.equal(ok.status, 200, ok.text);
		assert.equal((await password(name, PW)).status, 401, 'the old password no longer logs in');
		assert.equal((await password(name, 'Brand-New-Pass-27')).status, 200);
	});

	it('names the body\'s field (new_password) when the new password is refused',
		async () => {
			const name = account(uniq('pwf').toLowerCase(), 'member', srv.branch);
			const { session } = await signIn(name);
			const short = await send(srv.base, session, 'POST', '/api/v1/auth/password', { old_password: PW, new_password: 'Ab1!xyz' });
			assert.equal(short.status, 400);
			const classes = await send(srv.base, session, 'POST', '/api/v1/auth/password', { old_password: PW, new_password: 'abcdefghijk123' });
			assert.equal(classes.status, 400);
			assert.equal(short.body.error.field, 'new_password', JSON.stringify(short.body));
			assert.notEqual(classes.body.error.rule, 'auth.password_min_length', 'a missing class is not the minimum length');
		});

	// --- separation of roles -----------------------------------------------------------------

	it('separates the administrators from the data and from each other', async () => {
		const sys = await signIn(account(uniq('sys').toLowerCase(), 'sysadmin'));
		const sec = await signIn(account(uniq('sec').toLowerCase(), 'secadmin'));
		const aud = await signIn(account(uniq('aud').toLowerCase(), 'auditadmin'));
		const staff = await signIn(account(uniq('staff').toLowerCase(), 'org_staff'));
		const m = srv.members[0].id;

		for (const [who, s] of [['sysadmin', sys], ['secadmin', sec], ['auditadmin', aud]]) {
			const r = await send(srv.base, s.session, 'GET', `/api/v1/members/${m}`);
			assert.equal(r.status, 403, `${who} reads a member: ${r.text}`);
			assert.ok(!r.text.includes(srv.members[0].name));
			assert.equal((await send(srv.base, s.session, 'GET', `/api/v1/orgs/${srv.root}`)).status, 403, `${who} reads the tree`);
		}
		assert.equal((await send(srv.base, staff.session, 'GET', `/api/v1/members/${m}`)).status, 200);

		// accounts: the system administrator creates, the security administrator grants
		const login1 = uniq('new').toLowerCase();
		const body = { login: login1, name: '新账号', password: PW };
		const bySec = await send(srv.base, sec.session, 'POST', '/api/v1/accounts', body);
		assert.equal(bySec.status, 403, `secadmin creates an account: ${bySec.text}`);
		const created = await send(srv.base, sys.session, 'POST', '/api/v1/accounts', body);
		assert.equal(created.status, 201, created.text);
		const id = created.body.id;
		const bySys = await send(srv.base, sys.session, 'POST', `/api/v1/accounts/${id}/roles`, { role: 'discipline', org_id: srv.branch });
		assert.equal(bySys.status, 403, `sysadmin grants a role: ${bySys.text}`);
		const grant = await send(srv.base, sec.session, 'POST', `/api/v1/accounts/${id}/roles`, { role: 'discipline', org_id: srv.branch });
		assert.equal(grant.status, 200, grant.text);
		const mixed = await send(srv.base, sec.session, 'POST', `/api/v1/accounts/${id}/roles`, { role: 'sysadmin', org_id: null });
		assert.equal(mixed.status, 409, `sysadmin on an account with a data role: ${mixed.text}`);
		const granted = await signIn(login1);
		assert.deepEqual(granted.me.roles.map((r) => [r.role, r.org_id]), [['discipline', srv.branch]]);
		assert.equal((await send(srv.base, granted.session, 'GET', `/api/v1/members/${m}`)).status, 200);

		// the audit trail: for the audit administrator only
		assert.equal((await send(srv.base, staff.session, 'GET', '/api/v1/audit')).status, 403, 'org_staff reads the audit');
		assert.equal((await send(srv.base, sys.session, 'GET', '/api/v1/audit')).status, 403, 'sysadmin reads the audit');
		const logins = await send(srv.base, aud.session, 'GET', '/api/v1/audit?event=login&limit=500');
		assert.equal(logins.status, 200, logins.text);
		assert.ok(logins.body.items.some((e) => e.event === 'login.password' && e.result === 'ok' && e.account === login1));
		assert.ok(logins.body.items.some((e) => e.event === 'login.password' && e.result === 'refused'), 'failed logins are recorded');
		const denials = await send(srv.base, aud.session, 'GET', '/api/v1/audit?event=access.denied&limit=500');
		assert.equal(denials.status, 200);
		const mine = denials.body.items.filter((e) => e.account === sys.me.login);
		assert.ok(mine.some((e) => e.object === `GET /api/v1/members/${m}`), JSON.stringify(mine));
		assert.ok(denials.body.items.some((e) => e.account === staff.me.login && e.object === 'GET /api/v1/audit'));
		for (const e of [...logins.body.items, ...denials.body.items])
			assert.ok(!JSON.stringify(e).includes(PW), 'no password in the audit trail');
	});

	it('lets a member account read its own record, and no other member of its branch', async () => {
		const [own, other] = srv.members;
		const { session, me: m } = await signIn(account(uniq('mem').toLowerCase(), 'member', srv.branch, own.id));
		assert.equal(m.member_id, own.id);
		const r = await send(srv.base, session, 'GET', `/api/v1/members/${own.id}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.name, own.name);
		assert.notEqual(r.body.id_number, own.id_number, 'masked');
		assert.equal((await send(srv.base, session, 'GET', `/api/v1/members/${own.id}/history`)).status, 200);
		const o = await send(srv.base, session, 'GET', `/api/v1/members/${other.id}`);
		assert.equal(o.status, 403, `another member of the branch: ${o.text}`); // router.c: no member.read -> 403
		assert.ok(!o.text.includes(other.name));
		for (const path of [`/api/v1/orgs/${srv.branch}`, `/api/v1/orgs/${srv.branch}/members`, `/api/v1/members/${other.id}/history`])
			assert.equal((await send(srv.base, session, 'GET', path)).status, 403, path);
		assert.equal((await send(srv.base, session, 'PATCH', `/api/v1/members/${own.id}`, { education: 'master' })).status, 403,
			'a member does not edit even the own record');
	});

	it('masks the ID number unless reveal=1, which org_staff may ask and which is audited', async () => {
		const [m] = srv.members;
		const staff = await signIn(account(uniq('staff').toLowerCase(), 'org_staff'));
		const aud = await signIn(account(uniq('aud').toLowerCase(), 'auditadmin'));
		const masked = await send(srv.base, staff.session, 'GET', `/api/v1/members/${m.id}`);
		assert.equal(masked.status, 200);
		assert.equal(masked.body.id_number, m.id_number.slice(0, 6) + '********' + m.id_number.slice(14));
		const before = await send(srv.base, aud.session, 'GET', '/api/v1/audit?event=member.reveal');
		const shown = await send(srv.base, staff.session, 'GET', `/api/v1/members/${m.id}?reveal=1`);
		assert.equal(shown.status, 200, shown.text);
		assert.equal(shown.body.id_number, m.id_number);
		const after = await send(srv.base, aud.session, 'GET', '/api/v1/audit?event=member.reveal');
		assert.equal(after.body.items.length, before.body.items.length + 1);
		const rec = after.body.items[0];
		assert.equal(rec.event, 'member.reveal');
		assert.equal(rec.account, staff.me.login);
		assert.match(rec.role, /org_staff/);
		assert.equal(rec.address, '127.0.0.1');
		assert.match(rec.object, new RegExp(`\\b${m.id}\\b`));
		assert.ok(!JSON.stringify(after.body).includes(m.id_number), 'the audit trail holds no ID number');
		const organiser = await signIn(account(uniq('org').toLowerCase(), 'organiser', srv.branch));
		const refused = await send(srv.base, organiser.session, 'GET', `/api/v1/members/${m.id}?reveal=1`);
		assert.equal(refused.status, 403, refused.text);
		assert.ok(!refused.text.includes(m.id_number));
	});

	// --- HTTP hygiene ------------------------------------------------------------------------

	it('sends the security headers on answers and errors, and an HttpOnly SameSite=Strict cookie', async () => {
		const name = account(uniq('hdr').toLowerCase(), 'member', srv.branch);
		const l = await password(name, PW);
		assert.equal(l.status, 200);
		const cookie = l.headers.get('set-cookie');
		assert.match(cookie, /^jiceng_session=[0-9a-f]{64};/);
		assert.match(cookie, /;\s*HttpOnly/i);
		assert.match(cookie, /;\s*SameSite=Strict/i);
		assert.match(cookie, /;\s*Path=\//);
		assert.ok(!l.text.includes(cookie.split(';')[0].split('=')[1]), 'the token is not in the body');
		const session = { cookie: cookie.split(';')[0], csrf: l.body.csrf };
		const answers = [
			l,
			await send(srv.base, null, 'GET', '/api/v1/health'),
			await send(srv.base, session, 'GET', '/api/v1/auth/me'),
			await send(srv.base, null, 'GET', '/api/v1/auth/me'), // 401
			await send(srv.base, session, 'GET', `/api/v1/orgs/${srv.branch}`), // 403
			await send(srv.base, null, 'GET', '/api/v1/nothing-here'), // 404
			await send(srv.base, null, 'DELETE', '/api/v1/health'), // 405
		];
		for (const r of answers) {
			const what = `${r.status} ${r.text.slice(0, 80)}`;
			assert.match(r.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, what);
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
			assert.ok(r.headers.get('referrer-policy'), what);
			assert.match(r.headers.get('cache-control') || '', /no-store/, what);
		}
	});

	it('sends the security headers on a download too (members export)',
		async () => {
			const staff = await signIn(account(uniq('exp').toLowerCase(), 'org_staff'));
			for (const format of ['csv', 'xlsx']) {
				const r = await fetch(`${srv.base}/api/v1/orgs/${srv.branch}/members/export?format=${format}`,
					{ headers: { cookie: staff.session.cookie } });
				await r.arrayBuffer();
				assert.equal(r.status, 200);
				assert.match(r.headers.get('cache-control') || '', /no-store/);
				assert.equal(r.headers.get('x-content-type-options'), 'nosniff', format);
				assert.match(r.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, format);
				assert.ok(r.headers.get('referrer-policy'), format);
			}
		});
});

describe('login throttle per address', () => {
	const srv = useServer(null, { clock: true });

	it('answers 429 to any login from an address after 20 failures in 15 minutes, and lets it in later', async () => {
		const attempt = (name, pw) => send(srv.base, null, 'POST', '/api/v1/auth/login', { login: name, password: pw });
		for (let i = 1; i <= 20; i++) {
			const r = await attempt(`nobody-${i}`, 'Wrong-Pass-2026');
			assert.equal(r.status, 401, `failure ${i}: ${r.text}`);
		}
		const other = await attempt('tester', 'Tester-Pass-2026');
		assert.equal(other.status, 429, `another login with its right password: ${other.text}`);
		assert.equal(other.body.error.rule, 'auth.throttle_failures');
		assert.equal(other.headers.get('set-cookie'), null);
		assert.equal((await attempt('nobody-21', 'x')).status, 429);
		srv.advance(16 * MIN);
		const { session } = await login(srv, 'tester', 'Tester-Pass-2026');
		assert.equal((await send(srv.base, session, 'GET', '/api/v1/auth/me')).status, 200);
		// the tester's account itself was never locked by the other logins' failures
	});
});
