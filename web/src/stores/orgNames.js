// stores/orgNames.js - names of organisations by id, fetched once each (breadcrumbs, labels).
import { api } from '../api.js';

const names = new Map();

// The organisation's name, or '' when it cannot be read (outside the account's scope).
export function orgName(id) {
	if (!names.has(id))
		names.set(id, api.get(`/orgs/${id}`).then((o) => o.name).catch(() => ''));
	return names.get(id);
}
