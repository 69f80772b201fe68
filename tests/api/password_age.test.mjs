// password_age.test.mjs - administrators change their password at least every 90 days (rule
// auth.admin_password_max_days): past that, an administrator's session may read its own account
// and change the password, and nothing else; a data role is not held to it.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, login, runCli } from './harness.mjs';

const PW = 'Admin-Pass-2026', NEW_PW = 'Admin-Pass-2027!';

describe('administrator password age', () => {
	const srv = useServer(async (s) => {
		assert.equal(runCli(s.db, 'account', 'add', 'sys1', '--password', PW, '--role', 'sysadmin').status, 0);
		assert.equal(runCli(s.db, 'account', 'add', 'staff1', '--password', PW, '--role', 'org_staff').status, 0);
	}, { clock: true });

	it('lets a fresh administrator work', async () => {
		const { client } = await login(srv, 'sys1', PW);
		const r = await client.post('/api/v1/accounts', { login: 'x1', name: 'x', password: 'Quartz-Ledger-9' });
		assert.equal(r.status, 201, JSON.stringify(r.body));
	});

	it('after 91 days allows only the password change, then work again', async () => {
		srv.advance(91 * 86400);
		const { client } = await login(srv, 'sys1', PW);
		const refused = await client.post('/api/v1/accounts', { login: 'x2', name: 'x', password: 'Quartz-Ledger-9' });
		assert.equal(refused.status, 403);
		assert.equal(refused.body.error.rule, 'auth.admin_password_max_days');
		assert.equal((await client.get('/api/v1/auth/me')).status, 200);
		const changed = await client.post('/api/v1/auth/password', { old_password: PW, new_password: NEW_PW });
		assert.equal(changed.status, 200, JSON.stringify(changed.body));
		const again = await client.post('/api/v1/accounts', { login: 'x3', name: 'x', password: 'Quartz-Ledger-9' });
		assert.equal(again.status, 201, JSON.stringify(again.body));
	});

	it('does not hold a data role to it', async () => {
		const { client } = await login(srv, 'staff1', PW);
		assert.equal((await client.get('/api/v1/codes')).status, 200);
		const r = await client.post('/api/v1/orgs', { code: 'R1', name: '县委', type: 'county_committee' });
		assert.equal(r.status, 201, JSON.stringify(r.body));
	});

	it('refuses a password built on a dictionary word (cracklib) or a common one, naming the field', async () => {
		srv.advance(90); // a new TOTP step: each code is accepted once
		const { client } = await login(srv, 'sys1', NEW_PW);
		for (const pw of ['Xylophone-77', 'Password123', 'P@ssw0rd123']) {
			const r = await client.post('/api/v1/accounts', { login: 'weak' + pw.length, name: 'x', password: pw });
			assert.equal(r.status, 400, `${pw}: ${JSON.stringify(r.body)}`);
			assert.equal(r.body.error.field, 'password');
		}
	});
});
