// stores/session.js - who is logged in: the login flow's stages (password, then the second factor
// or its first-time enrolment), the account's roles and the organisations they cover.
import { defineStore } from 'pinia';
import { api, setCsrf } from '../api.js';

export const useSession = defineStore('session', {
	state: () => ({
		loaded: false,
		me: null,      // GET /auth/me once the session is full
		stage: '',     // '' (none), 'totp', 'enrol' or 'full'
		login: '',
	}),
	getters: {
		// Where the account's tree starts: the top of what its roles may read (the server says).
		roots: (s) => s.me?.roots || [],
		roleNames: (s) => (s.me?.roles || []).map((r) => r.role),
	},
	actions: {
		async load() {
			try {
				this.me = await api.get('/auth/me');
				setCsrf(this.me.csrf);
				this.stage = 'full';
			} catch {
				this.me = null;
				if (this.stage === 'full')
					this.stage = '';
			}
			this.loaded = true;
		},
		async passwordLogin(login, password) {
			const r = await api.post('/auth/login', { login, password });
			setCsrf(r.csrf);
			this.login = login;
			this.stage = r.stage;
			if (r.stage === 'full')
				await this.load();
			return r.stage;
		},
		async secondFactor(code) {
			const path = this.stage === 'enrol' ? '/auth/enrol' : '/auth/totp';
			await api.post(path, { code });
			await this.load();
		},
		async logout() {
			try {
				await api.post('/auth/logout', {});
			} finally {
				this.forget();
			}
		},
		forget() {
			this.me = null;
			this.stage = '';
			setCsrf('');
		},
	},
});
