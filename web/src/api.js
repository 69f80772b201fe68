// api.js - the one way the console talks to the server: JSON over fetch on the same origin, the
// session cookie sent by the browser, the CSRF token on every unsafe method, and errors turned
// into ApiError carrying the server's {code, message, field, rule, article}.
let csrf = '';
let onUnauthenticated = () => {};

export const API = '/api/v1';

export class ApiError extends Error {
	constructor(status, body) {
		const e = (body && body.error) || {};
		super(e.message || `HTTP ${status}`);
		this.status = status;
		this.code = e.code || 'network';
		this.field = e.field || '';
		this.rule = e.rule || '';
		this.article = e.article || '';
		this.body = body || {};
	}
}

export function setCsrf(token) {
	csrf = token || '';
}

// Called with no arguments when the server says the session is gone (401).
export function whenUnauthenticated(fn) {
	onUnauthenticated = fn;
}

async function send(method, path, { json, raw, contentType, signal } = {}) {
	const headers = { Accept: 'application/json' };
	if (method !== 'GET')
		headers['X-CSRF-Token'] = csrf;
	let body;
	if (json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(json);
	} else if (raw !== undefined) {
		headers['Content-Type'] = contentType || 'application/octet-stream';
		body = raw;
	}
	let res;
	try {
		res = await fetch(API + path, { method, headers, body, credentials: 'same-origin', signal });
	} catch (e) {
		if (e.name === 'AbortError')
			throw e;
		throw new ApiError(0, { error: { code: 'network', message: e.message } });
	}
	const text = await res.text();
	let data = null;
	try {
		data = text ? JSON.parse(text) : null;
	} catch {
		data = { error: { code: 'invalid', message: text.slice(0, 200) } };
	}
	if (res.status === 401 && !path.startsWith('/auth/'))
		onUnauthenticated();
	if (!res.ok)
		throw new ApiError(res.status, data);
	return data;
}

export const api = {
	get: (path, opts) => send('GET', path, opts),
	post: (path, json, opts) => send('POST', path, { ...opts, json }),
	patch: (path, json, opts) => send('PATCH', path, { ...opts, json }),
	upload: (path, file, opts) => send('POST', path, { ...opts, raw: file, contentType: file.type }),
};

// Query strings from an object, leaving out empty values.
export function query(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== undefined && v !== null && v !== '')
			q.set(k, String(v));
	const s = q.toString();
	return s ? `?${s}` : '';
}

// Starts a download of a server file (the session cookie goes with it).
export function download(path) {
	const a = document.createElement('a');
	a.href = API + path;
	a.rel = 'noopener';
	document.body.appendChild(a);
	a.click();
	a.remove();
}

// Saves text or a data URL made in the browser as a file.
export function saveFile(name, content, type = 'text/csv;charset=utf-8') {
	const url = typeof content === 'string' && content.startsWith('data:') ? content
		: URL.createObjectURL(new Blob([content], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.appendChild(a);
	a.click();
	a.remove();
	if (!url.startsWith('data:'))
		setTimeout(() => URL.revokeObjectURL(url), 1000);
}
