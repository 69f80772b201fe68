// stores/codes.js - the code tables (organisation types, education, membership state, ...) with
// their Chinese and English labels, fetched once from GET /codes, and the member record's
// description from the OpenAPI document, which drives the member form.
import { defineStore } from 'pinia';
import { api } from '../api.js';
import { i18n } from '../i18n.js';

export const useCodes = defineStore('codes', {
	state: () => ({ tables: {}, memberSchema: null, loading: null, loadingSchema: null }),
	actions: {
		// The code tables (every page with labels).
		ensure() {
			if (!this.loading)
				this.loading = api.get('/codes').then((codes) => { this.tables = codes; }).catch((e) => {
					this.loading = null;
					throw e;
				});
			return this.loading;
		},
		// The code tables and the member record's description (the member pages).
		ensureSchema() {
			if (!this.loadingSchema)
				this.loadingSchema = Promise.all([this.ensure(), api.get('/openapi.json')]).then(([, doc]) => {
					this.memberSchema = doc.components.schemas.member;
				}).catch((e) => {
					this.loadingSchema = null;
					throw e;
				});
			return this.loadingSchema;
		},
		// The label of key in table, in the current language (the key itself when unknown).
		label(table, key) {
			if (key === null || key === undefined || key === '')
				return '';
			const c = (this.tables[table] || []).find((x) => x.key === key);
			if (!c)
				return String(key);
			return i18n.global.locale.value === 'en' ? c.en : c.zh;
		},
		options(table) {
			return (this.tables[table] || []).map((c) => ({ value: c.key, label: this.label(table, c.key) }));
		},
	},
});
