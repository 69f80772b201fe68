// harness.mjs - starts the real server for one test file and speaks HTTP to it.
//
// useServer() registers a `before` hook that creates a database in a fresh temporary directory
// (`jiceng init`), picks a free loopback port, starts `jiceng serve` on it and waits until
// GET /api/v1/health answers, and an `after` hook that stops the server with SIGTERM, waits for
// it to exit and removes the directory. It returns an object whose methods (get, post, patch,
// request, cli) are usable once the hook has run. Every call answers {status, body, headers}
// with body parsed as JSON when the reply is JSON, else the text.
//
// Every server gets an account "tester" holding organisation-department staff on the whole
// database (`jiceng account add`), and the handle is logged in as it - password, then the
// first-login TOTP enrolment - so requests carry its session cookie and CSRF token.
// login(h, name, password) logs in another account and answers a client of its own.
//
// startServer({ web: DIR }) serves DIR as the web console (else none). startServer({ faults: true })
// starts it with --faults: a request may carry "x-jiceng-fault: N[,busy|full|io]" to make its
// N-th database call fail, and the answer says "x-jiceng-fault-fired: 0|1".
//
// When the server stops at the end of a file it must exit 0 with no sanitizer report in its
// output (assertCleanExit), so the same files check for leaks and undefined behaviour when
// JICENG_BIN is the sanitizer build (make asan).
//
// startServer({ clock: true }) / useServer(setup, { clock: true }) give the server a clock the
// test moves: a file in the temporary directory named by JICENG_CLOCK_FILE (src/base/date.c
// clock_now adds the seconds it holds, re-read at each call), passed to the server and to every
// runCli on that database. h.advance(seconds) moves it forward; h.now() is the moved time in unix
// seconds, at which login() computes its TOTP codes.
//
// Also here: helpers shared by the test files (unique codes, GB 11643 ID numbers, dates, TOTP).

import { after, before } from 'node:test';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { createHmac } from 'node:crypto';

// JICENG_BIN points at another build of the same program (e.g. a sanitizer build).
export const BIN = process.env.JICENG_BIN || fileURLToPath(new URL('../../bin/jiceng', import.meta.url));
export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** A free TCP port on loopback: bind port 0, read the port, close. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* The environment of the databases whose server has a moved clock: runCli uses it for them. */
const dbEnv = new Map();

/**
 * Starts a server on a new temporary database. Returns a handle with base, db, dir, request
 * helpers and stop(). Throws (with the server's stderr) if it does not answer within 10 s.
 */
export async function startServer(opts = {}) {
	if (!existsSync(BIN))
		throw new Error(`${BIN} is missing: build it with make`);
	const dir = mkdtempSync(join(tmpdir(), 'jiceng-api-'));
	const db = join(dir, 't.db');
	let env = process.env;
	let clockFile = null, offset = 0;
	if (opts.clock) {
		clockFile = join(dir, 'clock');
		writeFileSync(clockFile, '0\n');
		env = { ...process.env, JICENG_CLOCK_FILE: clockFile };
		dbEnv.set(db, env);
	}
	execFileSync(BIN, ['init', '--db', db], { stdio: 'pipe', env });
	const port = await freePort();
	const child = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--loops', '2',
		'--web', opts.web || '/nonexistent', ...(opts.faults ? ['--faults'] : [])], { stdio: ['ignore', 'pipe', 'pipe'], env });
	let output = '';
	child.stdout.on('data', (d) => { output += d; });
	child.stderr.on('data', (d) => { output += d; });
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
	});
	const base = `http://127.0.0.1:${port}`;
	const h = makeClient(base, {});
	h.base = base;
	h.db = db;
	h.dir = dir;
	h.port = port;
	h.output = () => output;
	h.exited = () => exited;
	h.cli = (...args) => runCli(db, ...args);
	h.now = () => Date.now() / 1000 + offset;
	if (clockFile) {
		h.clockFile = clockFile;
		h.advance = (seconds) => {
			offset += seconds;
			writeFileSync(clockFile, `${offset}\n`);
			return offset;
		};
	}
	h.stop = async () => {
		if (!exited) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5000);
			await exitPromise;
			clearTimeout(timer);
		}
		rmSync(dir, { recursive: true, force: true });
		dbEnv.delete(db);
		return exited;
	};

	const deadline = Date.now() + 10000;
	for (;;) {
		if (exited) {
			rmSync(dir, { recursive: true, force: true });
			dbEnv.delete(db);
			throw new Error(`jiceng serve exited (${JSON.stringify(exited)}):\n${output}`);
		}
		try {
			const r = await h.get('/api/v1/health');
			if (r.status === 200)
				break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await h.stop();
			throw new Error(`jiceng serve did not answer /api/v1/health within 10 s:\n${output}`);
		}
		await sleep(50);
	}
	const added = runCli(db, 'account', 'add', 'tester', '--password', TESTER_PASSWORD, '--role', 'org_staff');
	if (added.status !== 0)
		throw new Error(`cannot create the test account: ${added.stderr}`);
	const session = await login(h, 'tester', TESTER_PASSWORD);
	Object.assign(h, makeClient(base, session.session));
	h.session = session.session;
	h.anonymous = makeClient(base, {});
	return h;
}

export const TESTER_PASSWORD = 'Tester-Pass-2026';

/**
 * Throws unless a server stopped with SIGTERM exited 0 and printed no sanitizer report (under
 * `make asan` the server is built with AddressSanitizer, LeakSanitizer and UBSan: a leak, an
 * overflow or undefined behaviour anywhere in a test file fails that file).
 */
export function assertCleanExit(exited, output) {
	const report = /(Address|Leak|UndefinedBehavior|Thread)Sanitizer|runtime error:/.test(output);
	if (report || !exited || exited.code !== 0)
		throw new Error(`jiceng serve did not stop cleanly (${JSON.stringify(exited)}):\n${output.slice(-20000)}`);
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) of a base32 secret at unix time t (seconds). */
export function totp(secret, t = Date.now() / 1000) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of secret.replace(/=+$/, '').toUpperCase())
		bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
	const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
	const mac = createHmac('sha1', key).update(counter).digest();
	const off = mac[19] & 15;
	const n = (mac.readUInt32BE(off) & 0x7fffffff) % 1000000;
	return String(n).padStart(6, '0');
}

/**
 * Logs name in on the server of h: password, then the second factor (enrolling it at the first
 * login, with the secret remembered on h for later logins). Answers {client, session, body}.
 */
export async function login(h, name, password) {
	const anon = makeClient(h.base, {});
	const r = await anon.post('/api/v1/auth/login', { login: name, password });
	if (r.status !== 200)
		throw new Error(`login ${name}: ${r.status} ${JSON.stringify(r.body)}`);
	const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
	const session = { cookie, csrf: r.body.csrf };
	const client = makeClient(h.base, session);
	h.secrets = h.secrets || {};
	const now = h.now ? h.now() : Date.now() / 1000; // the server's (possibly moved) time
	if (r.body.stage === 'enrol') {
		const e = await client.get('/api/v1/auth/enrol');
		h.secrets[name] = e.body.secret;
		const c = await client.post('/api/v1/auth/enrol', { code: totp(e.body.secret, now) });
		if (c.status !== 200)
			throw new Error(`enrol ${name}: ${c.status} ${JSON.stringify(c.body)}`);
	} else if (r.body.stage === 'totp') {
		const c = await client.post('/api/v1/auth/totp', { code: totp(h.secrets[name], now + 30) });
		if (c.status !== 200)
			throw new Error(`totp ${name}: ${c.status} ${JSON.stringify(c.body)}`);
	}
	return { client, session, body: r.body };
}

/**
 * Registers before/after hooks that start and stop a server; call it inside a describe (or at
 * the top of a file). The returned object is filled in by the before hook.
 */
export function useServer(setup, opts = {}) {
	const srv = {};
	before(async () => {
		const h = await startServer(opts);
		Object.assign(srv, h);
		if (setup)
			await setup(srv);
	});
	after(async () => {
		if (!srv.stop)
			return;
		const exited = await srv.stop();
		assertCleanExit(exited, srv.output());
	});
	return srv;
}

function makeClient(base, session) {
	/**
	 * request(method, path, body, opts): body is serialised as JSON with Content-Type
	 * application/json unless opts.raw is given (a string or Buffer sent as is, with
	 * opts.headers only).
	 */
	async function request(method, path, body, opts = {}) {
		const init = { method, headers: { ...(opts.headers || {}) } };
		if (session.cookie && !opts.anonymous) {
			init.headers.cookie = session.cookie;
			if (method !== 'GET' && method !== 'HEAD' && !('x-csrf-token' in init.headers))
				init.headers['x-csrf-token'] = session.csrf;
		}
		if (opts.raw !== undefined) {
			init.body = opts.raw;
		} else if (body !== undefined) {
			init.body = JSON.stringify(body);
			if (!Object.keys(init.headers).some((k) => k.toLowerCase() === 'content-type'))
				init.headers['content-type'] = 'application/json';
		}
		const res = await fetch(base + path, init);
		const text = await res.text();
		let parsed = text;
		if ((res.headers.get('content-type') || '').includes('json')) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = text;
			}
		}
		return { status: res.status, body: parsed, headers: res.headers };
	}
	return {
		request,
		get: (path, opts) => request('GET', path, undefined, opts),
		post: (path, body, opts) => request('POST', path, body, opts),
		patch: (path, body, opts) => request('PATCH', path, body, opts),
	};
}

/** Runs `jiceng ARGS... --db DB`; answers {status, stdout, stderr}. */
export function runCli(db, ...args) {
	const r = spawnSync(BIN, [...args, '--db', db], { encoding: 'utf8', timeout: 60000, env: dbEnv.get(db) || process.env });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/* --- test data ------------------------------------------------------------------------------ */

let counter = 0;
/** A code unique within this process: letters, digits and '-' only. */
export function uniq(prefix = 'T') {
	counter++;
	return `${prefix}-${process.pid}-${counter}`;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643-1999 check character of 17 digits. */
export function checkChar(first17) {
	let sum = 0;
	for (let i = 0; i < 17; i++)
		sum += Number(first17[i]) * WEIGHTS[i];
	return CHECK[sum % 11];
}

let seq = 0;
/**
 * A valid national ID number for someone born on birth ("YYYY-MM-DD") of gender "M" or "F"
 * (the 17th digit is odd for a man). area defaults to 110105; each call gives a new number.
 */
export function idNumber(birth, gender = 'M', area = '110105') {
	seq = (seq + 1) % 500;
	const order = String(seq * 2 + (gender === 'M' ? 1 : 0)).padStart(3, '0');
	const first17 = area + birth.replaceAll('-', '') + order;
	return first17 + checkChar(first17);
}

/** Today in China Standard Time as "YYYY-MM-DD" (the server's calendar day). */
export function todayCST() {
	return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** date ("YYYY-MM-DD") plus a number of months, clamped to the month's last day. */
export function addMonths(date, months) {
	const [y, m, d] = date.split('-').map(Number);
	const total = y * 12 + (m - 1) + months;
	const ny = Math.floor(total / 12), nm = total - ny * 12 + 1;
	const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
	return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(date, days) {
	const t = Date.parse(date + 'T00:00:00Z') + days * 86400000;
	return new Date(t).toISOString().slice(0, 10);
}

/**
 * The route table of src/http/routes.c, read from the source so that tests cover every route:
 * [{method, pattern, handler, permission, scope, bodyLimit, schema}].
 */
export function routesFromSource() {
	const text = readFileSync(join(ROOT_DIR, 'src/http/routes.c'), 'utf8');
	const start = text.indexOf('const struct route routes[]');
	const table = text.slice(start, text.indexOf('};', start));
	const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*"([^"]+)",\s*(SCOPE_\w+),\s*([^,]+),\s*"[^"]*",\s*(NULL|"[^"]*")\s*\}/g;
	return [...table.matchAll(re)].map((m) => ({
		method: m[1], pattern: m[2], handler: m[3], permission: m[4], scope: m[5], bodyLimit: m[6].trim(),
		schema: m[7] === 'NULL' ? null : m[7].slice(1, -1),
	}));
}

/* --- servers on a database of one's own (tests/reliability) ---------------------------------- */

/**
 * Starts `jiceng serve` on an existing database db (made by `jiceng init` or copied), without
 * initialising it and without adding or logging in any account: for restarts on the same
 * database (crash consistency) and servers on a copy of a prepared database (fault injection).
 * opts: faults (--faults), loops (event loops, default 2), env (added to the environment),
 * session ({cookie, csrf}: the handle's requests carry it; else anonymous).
 * The handle has base, db, port, get/post/patch/request, client(session), cli, output(),
 * exited(), stop() (SIGTERM, then waits; the database is left in place) and kill(signal)
 * (default SIGKILL, then waits). Throws with the server's output if it does not answer
 * GET /api/v1/health within 10 s.
 */
export async function startServerOn(db, opts = {}) {
	if (!existsSync(BIN))
		throw new Error(`${BIN} is missing: build it with make`);
	const env = opts.env ? { ...process.env, ...opts.env } : (dbEnv.get(db) || process.env);
	const port = await freePort();
	const child = spawn(BIN, ['serve', '--db', db, '--port', String(port), '--loops', String(opts.loops || 2),
		'--web', '/nonexistent', ...(opts.faults ? ['--faults'] : [])], { stdio: ['ignore', 'pipe', 'pipe'], env });
	let output = '';
	child.stdout.on('data', (d) => { output += d; });
	child.stderr.on('data', (d) => { output += d; });
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
	});
	const base = `http://127.0.0.1:${port}`;
	const h = makeClient(base, opts.session || {});
	Object.assign(h, {
		base, db, port, pid: child.pid,
		output: () => output,
		exited: () => exited,
		client: (session) => makeClient(base, session || {}),
		cli: (...args) => spawnSync(BIN, [...args, '--db', db], { encoding: 'utf8', timeout: 60000, env }),
		now: () => Date.now() / 1000,
	});
	h.kill = async (signal = 'SIGKILL') => {
		if (!exited)
			child.kill(signal);
		return exitPromise;
	};
	h.stop = async () => {
		if (!exited) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5000);
			await exitPromise;
			clearTimeout(timer);
		}
		return exited;
	};
	const deadline = Date.now() + 10000;
	for (;;) {
		if (exited)
			throw new Error(`jiceng serve exited (${JSON.stringify(exited)}):\n${output}`);
		try {
			const r = await makeClient(base, {}).get('/api/v1/health');
			if (r.status === 200)
				break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await h.stop();
			throw new Error(`jiceng serve did not answer /api/v1/health within 10 s:\n${output}`);
		}
		await sleep(20);
	}
	return h;
}
