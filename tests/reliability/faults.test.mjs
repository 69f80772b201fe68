// faults.test.mjs - fault injection for every request handler (issue 8).
//
// The server runs with --faults: a request carrying "x-jiceng-fault: N,KIND" makes its N-th
// database call fail once (io: an internal error; busy or full: the database unavailable), and
// every answer says "x-jiceng-fault-fired: 0|1". For every route of GET /api/v1/openapi.json
// (checked against the route table of src/http/routes.c) the table CASES below holds one request
// that succeeds. It is sent with N = 1, 2, 3, ... (the kinds io, busy, full in turn) until the
// answer says the fault did not fire, i.e. the request ran all its calls; that last answer must
// be the case's success. Every attempt whose fault fired must:
//
//   - answer 500 or 503 with the body {"error": {"code", "message"}}: never a 2xx, never a 4xx
//     that blames the caller or pretends the object is missing, never a dropped connection;
//   - leave the server alive (GET /api/v1/health answers 200) and able to write: a canary write
//     that the database refuses (POST /api/v1/orgs with a code that exists: 409, after BEGIN
//     IMMEDIATE) must still answer 409 - a connection left inside a transaction answers 500;
//   - leave the database exactly as it was: `sqlite3 DB .dump` after the attempt equals the dump
//     taken before the case, except for
//       * login_throttle, left out: it counts refused logins per address, a request's outcome
//         rather than stored data;
//       * session.last_seen, left out: the idle clock that a request moves (auth_session_touch,
//         at most once a minute; the clock is fixed here, so it does not move in practice);
//       * the audit trail, which may gain records of the refused attempt itself (result other
//         than "ok": the auth routes record refused logins, password changes, enrolments and
//         administrators' actions) and move its head (meta audit_head) with them; its earlier
//         records must stay as they were, and no new record may say "ok" or claim an access
//         denial (access.denied) that only the fault caused.
//
// Each case runs on its own server (one event loop, so that every request of a case and the
// canary meet the same database connection), started on a copy of a database prepared once: the
// tree, members, recruitment cases, meetings, appraisals at each step, accounts in each stage of
// logging in and their sessions. A warm-up request fills the loop's cache of the session limits,
// so that every attempt makes the same calls; one case runs cold, restarting before each attempt,
// for the calls that fill it. After an attempt that changed the database or left the connection
// broken, the case goes on from a fresh copy, so that each attempt starts from the same state.
// The clock is fixed (JICENG_NOW) for the whole file: the sessions made in the preparation stay
// valid and are never touched, the TOTP codes are those of that moment, and a run repeats the
// same calls, so its findings are the same.
//
// Deferred jobs (xlsx, csv and PDF exports, imports, key rotation) run their database calls on a
// worker thread, whose calls the per-thread hook does not count: only the loop thread's part
// (authentication, scope, the handler's checks before req_defer) is injected here.
//
// FAULTS_ONLY=REGEX runs only the cases whose name (METHOD pattern) matches, while fixing them.
//
// A route of openapi.json without a case fails the second test, so a new endpoint cannot skip
// fault coverage: add its case to CASES. Handlers known to break a rule are listed in KNOWN by the
// categories of CATEGORIES (what went wrong, and where in the C code); such a case is a todo
// that names the categories and the N of each, and fails on any problem outside them.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	startServer, startServerOn, assertCleanExit, login, totp, idNumber, runCli, routesFromSource, addDays, addMonths,
} from '../api/harness.mjs';

// One moment for the whole file (see the header). Set before any server or CLI is spawned.
const T = Math.floor(Date.now() / 1000);
process.env.JICENG_NOW = String(T);

const TODAY = new Date((T + 8 * 3600) * 1000).toISOString().slice(0, 10); // the server's day (China Standard Time)
const YEAR = Number(TODAY.slice(0, 4));
const NOW = TODAY.slice(0, 7); // this month
const LAST_MONTH = (() => {
	const [y, m] = NOW.split('-').map(Number);
	return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const PW = 'Fault-Pass-2026';
const KINDS = ['io', 'busy', 'full'];
const MAX_N = 1000; // a request with more database calls than this is itself a finding

/*
 * What an attempt can do wrong. Each problem found is put in one category; KNOWN lists, for each
 * case, the categories it is known to break (found with this file, left to the C code's owners).
 * A case that breaks only known categories is a todo naming them and the N at which each
 * happened; any other problem fails it. A case whose handler is fixed passes: then remove its
 * entry. FAULTS_PRINT_KNOWN=FILE writes the table as observed to FILE.
 */
const CATEGORIES = {
	'read-begin': 'N=1 of a GET: the read transaction cannot begin (BEGIN in router_handle, src/http/router.c) and the ' +
		'request runs without it, answering 2xx as if nothing had failed',
	'stuck-transaction': 'the fault hits the read transaction\'s COMMIT (router_handle ignores its result) or leaves a ' +
		'write transaction open: the answer is 2xx or 5xx, but the loop\'s connection stays inside the transaction, and ' +
		'every later write on it fails (the canary answers 500: cannot start a transaction within a transaction)',
	'made-up-denial': 'the fault hits the reading of the session\'s role grants (auth_session in src/auth/auth_store.c ' +
		'stops at the error as at the end of the rows): the principal has no roles, authenticate() records ' +
		'"access.denied forbidden" in the audit trail - a denial that never happened - while the answer is a 5xx',
	'not-found': 'the fault hits a lookup of the object\'s place in the tree or of another record (a lookup that ' +
		'returns false, or ENOTFOUND, on a database error): the answer is 404 not found, telling the caller the ' +
		'object does not exist',
	'blames-caller': 'a database error read as a fact about the request: a 4xx other than 404 (400 naming a field, ' +
		'403 forbidden) instead of a 5xx',
	'abort': 'the server aborts on a database error (a rule lookup that took a failed read for a missing rule and ' +
		'called abort(), as rules_int() once did), killing every request in flight',
	'crash': 'the server dies (a signal other than the abort of a rule lookup)',
	'dropped': 'the connection is closed without an answer, the server alive',
	'bad-answer': 'an answer that is not a clean 5xx with the error body, or without x-jiceng-fault-fired',
	'partial-read': 'a read answers 2xx although one of its queries failed: a loop `while (db_step(...) == 1)` takes ' +
		'the error for the end of the rows, or the error is dropped, so the answer is partial (a missing list, ' +
		'count or name) or, for a deferred export, the job runs anyway',
	'ignored-write': 'a write answers 2xx although one of its calls failed: the change is stored (and usually the ' +
		'failed call was a record written after the change - audit, history, statistics - with its error ignored), ' +
		'or the failure skipped part of the work',
	'after-commit': 'the change commits, then a call for the answer fails (the object read back for the reply, or a ' +
		'second transaction): the answer is a 5xx but the change is stored, so a client that retries makes it twice',
};

/** Cases known to break categories: "METHOD pattern" (with its variant) -> [category]. Empty: every
 * handler passes; a new one that does not is fixed, or listed here while it waits. */
const KNOWN = {
};

const key = (method, pattern) => `${method} ${pattern}`;

/* --- the cases -------------------------------------------------------------------------------
 * route: "METHOD pattern" of openapi.json; as: whose session sends it ('tester', an account of
 * the fixture, or 'anonymous'); req(f): {path, body?, raw?, headers?} from the fixture f;
 * ok: the status of success; prepare(h, f): run on the case's server before the attempts. */
const csvOf = (rows) => rows.map((r) => r.join(',')).join('\n') + '\n';
const IMPORT_HEADER = ['org_code', 'name', 'gender', 'id_number', 'ethnicity', 'education', 'occupation', 'admit_date', 'convert_date'];
const importCsv = (f) => csvOf([IMPORT_HEADER, [f.codes.B, '导入党员', 'M', f.importId, '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01']]);
const octet = { 'content-type': 'application/octet-stream' };

const CASES = [
	{ route: 'GET /api/v1/health', as: 'anonymous', req: () => ({ path: '/api/v1/health' }), ok: 200 },
	{ route: 'GET /api/v1/openapi.json', as: 'anonymous', req: () => ({ path: '/api/v1/openapi.json' }), ok: 200 },
	{ route: 'GET /api/v1/codes', as: 'anonymous', req: () => ({ path: '/api/v1/codes' }), ok: 200 },
	{ route: 'POST /api/v1/auth/login', as: 'anonymous', req: () => ({ path: '/api/v1/auth/login', body: { login: 'f-login', password: PW } }), ok: 200 },
	{ route: 'POST /api/v1/auth/totp', as: 'f-totp', req: (f) => ({ path: '/api/v1/auth/totp', body: { code: totp(f.secrets['f-totp'], T + 30) } }), ok: 200 },
	{ route: 'GET /api/v1/auth/enrol', as: 'f-enrol2', req: () => ({ path: '/api/v1/auth/enrol' }), ok: 200 },
	{ route: 'POST /api/v1/auth/enrol', as: 'f-enrol', req: (f) => ({ path: '/api/v1/auth/enrol', body: { code: totp(f.secrets['f-enrol'], T) } }), ok: 200 },
	{ route: 'POST /api/v1/auth/logout', as: 'f-logout', req: () => ({ path: '/api/v1/auth/logout', body: {} }), ok: 200 },
	{ route: 'GET /api/v1/auth/me', as: 'tester', req: () => ({ path: '/api/v1/auth/me' }), ok: 200 },
	{ route: 'GET /api/v1/auth/me', variant: 'a cold server: the session limits read from the rule table', cold: true,
		req: () => ({ path: '/api/v1/auth/me' }), ok: 200 },
	{ route: 'GET /api/v1/auth/sessions', as: 'tester', req: () => ({ path: '/api/v1/auth/sessions' }), ok: 200 },
	{ route: 'POST /api/v1/auth/sessions/{id}/end', as: 'f-sess', req: (f) => ({ path: `/api/v1/auth/sessions/${f.ids.sessEnd}/end`, body: {} }), ok: 200 },
	{ route: 'POST /api/v1/auth/password', as: 'f-pw', req: () => ({ path: '/api/v1/auth/password', body: { old_password: PW, new_password: 'Quartz-Ledger-9-Fault' } }), ok: 200 },
	{ route: 'POST /api/v1/accounts', as: 'f-sys', req: () => ({ path: '/api/v1/accounts', body: { login: 'f-created', name: '新账号', password: 'Quartz-Ledger-9' } }), ok: 201 },
	{ route: 'POST /api/v1/accounts/{id}/disable', as: 'f-sys', req: (f) => ({ path: `/api/v1/accounts/${f.ids.acc.victim}/disable`, body: {} }), ok: 200 },
	{ route: 'POST /api/v1/accounts/{id}/roles', as: 'f-sec', req: (f) => ({ path: `/api/v1/accounts/${f.ids.acc.bare}/roles`, body: { role: 'discipline', org_id: f.ids.B } }), ok: 200 },
	{ route: 'POST /api/v1/accounts/{id}/unlock', as: 'f-sec', req: (f) => ({ path: `/api/v1/accounts/${f.ids.acc.locked}/unlock`, body: {} }), ok: 200 },
	{ route: 'GET /api/v1/audit', as: 'f-aud', req: () => ({ path: '/api/v1/audit?limit=50' }), ok: 200 },
	{ route: 'POST /api/v1/keys/rotate', as: 'f-sec', req: () => ({ path: '/api/v1/keys/rotate' }), ok: 200 },
	{ route: 'POST /api/v1/orgs', req: (f) => ({ path: '/api/v1/orgs', body: { code: 'F-NEW-BRANCH', name: '新建支部', type: 'branch', parent_id: f.ids.T } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}` }), ok: 200 },
	{ route: 'PATCH /api/v1/orgs/{id}', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}`, body: { name: '改名支部', reason: '更名' } }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/children', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/children` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/search', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/search?q=F-` }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/move', req: (f) => ({ path: `/api/v1/orgs/${f.ids.MV}/move`, body: { parent_id: f.ids.T2, reason: '区划调整' } }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/findings', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/findings` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/history', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/history` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/stats', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/stats` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/stats/export', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/stats/export` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/rules', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/rules` }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/rules', req: (f) => ({ path: `/api/v1/orgs/${f.ids.T}/rules`,
		body: { key: 'member.activist_after_application_min_months', value: '3', reason: '本县规定', effective_from: '2010-01-01' } }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/members', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/members` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/members/export', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/members/export?format=csv` }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/imports', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/imports?kind=members&mode=commit&filename=f.csv`,
		raw: importCsv(f), headers: octet }), ok: 200 },
	{ route: 'GET /api/v1/imports/progress', req: () => ({ path: '/api/v1/imports/progress?token=fault_progress_1' }), ok: 200,
		prepare: async (h, f) => {
			const r = await h.as('tester').request('POST', `/api/v1/orgs/${f.ids.C}/imports?kind=members&mode=preview&progress=fault_progress_1`,
				undefined, { raw: importCsv(f), headers: octet });
			assert.equal(r.status, 200, `the import whose progress is read: ${JSON.stringify(r.body)}`);
		} },
	{ route: 'POST /api/v1/members', req: (f) => ({ path: '/api/v1/members', body: {
		org_id: f.ids.B, name: '新党员', id_number: f.newMemberId, ethnicity: '01', education: 'bachelor', occupation: 'worker',
		admit_date: '2005-07-01', convert_date: '2006-07-01' } }), ok: 201 },
	{ route: 'GET /api/v1/members/{id}', req: (f) => ({ path: `/api/v1/members/${f.ids.m[0]}` }), ok: 200 },
	{ route: 'GET /api/v1/members/{id}', variant: 'reveal=1, an audited read', req: (f) => ({ path: `/api/v1/members/${f.ids.m[0]}?reveal=1` }), ok: 200 },
	{ route: 'PATCH /api/v1/members/{id}', req: (f) => ({ path: `/api/v1/members/${f.ids.m[0]}`, body: { phone: '13800138000' } }), ok: 200 },
	{ route: 'POST /api/v1/members/{id}/identity', req: (f) => ({ path: `/api/v1/members/${f.ids.m[1]}/identity`,
		body: { id_number: f.freshId, birth_date: '1981-02-04', reason: '户籍更正' } }), ok: 200 },
	{ route: 'GET /api/v1/members/{id}/history', req: (f) => ({ path: `/api/v1/members/${f.ids.m[0]}/history` }), ok: 200 },
	{ route: 'GET /api/v1/develop/steps', req: () => ({ path: '/api/v1/develop/steps' }), ok: 200 },
	{ route: 'POST /api/v1/develop/cases', req: (f) => ({ path: '/api/v1/develop/cases', body: {
		org_id: f.ids.B, name: '新申请人', id_number: f.applicantId, ethnicity: '01', education: 'bachelor', occupation: 'farmer',
		applied_on: '2024-01-08', actor: '支部书记' } }), ok: 201 },
	{ route: 'GET /api/v1/develop/cases/{id}', req: (f) => ({ path: `/api/v1/develop/cases/${f.ids.caseStep}` }), ok: 200 },
	{ route: 'POST /api/v1/develop/cases/{id}/steps', req: (f) => ({ path: `/api/v1/develop/cases/${f.ids.caseStep}/steps`,
		body: { step: 2, done_on: '2024-01-20', actor: '支部书记' } }), ok: 201 },
	{ route: 'POST /api/v1/develop/cases/{id}/close', req: (f) => ({ path: `/api/v1/develop/cases/${f.ids.caseClose}/close`,
		body: { on: '2024-02-01', outcome: 'withdrawn', reason: '本人撤回申请' } }), ok: 200 },
	{ route: 'GET /api/v1/develop/cases/{id}/file', req: (f) => ({ path: `/api/v1/develop/cases/${f.ids.caseStep}/file` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/develop/cases', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/develop/cases` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/develop/due', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/develop/due?days=3650` }), ok: 200 },
	{ route: 'POST /api/v1/meetings', req: (f) => ({ path: '/api/v1/meetings', body: {
		org_id: f.ids.B, kinds: ['committee_meeting', 'life_meeting'], held_on: '2025-05-10', place: '会议室', chair: '书记', recorder: '组织委员',
		expected: 4, present: 4 } }), ok: 201 },
	{ route: 'GET /api/v1/meetings/{id}', req: (f) => ({ path: `/api/v1/meetings/${f.ids.life}` }), ok: 200 },
	{ route: 'GET /api/v1/meetings/{id}/minutes', req: (f) => ({ path: `/api/v1/meetings/${f.ids.life}/minutes` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/meetings', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/meetings` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/compliance', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/compliance?period=2025` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/compliance/summary', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/compliance/summary?period=2025` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/compliance/export', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/compliance/export?period=2025` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/absences', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/absences` }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/inspections', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/inspections`, body: { period: '2025', size: 2, seed: 'fault-new' } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/inspections/draw', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/inspections/draw?period=2025&size=2&seed=fault-seed` }), ok: 200 },
	{ route: 'GET /api/v1/inspections/{id}', req: (f) => ({ path: `/api/v1/inspections/${f.ids.inspection}` }), ok: 200 },
	{ route: 'POST /api/v1/inspections/{id}/findings', req: (f) => ({ path: `/api/v1/inspections/${f.ids.inspection}/findings`,
		body: { meeting_id: f.ids.sampled, severity: 'problem', finding: '签到表缺失' } }), ok: 201 },
	{ route: 'POST /api/v1/orgs/{id}/appraisals', req: (f) => ({ path: `/api/v1/orgs/${f.ids.AP}/appraisals`, body: { year: 2025 } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/appraisals', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/appraisals` }), ok: 200 },
	{ route: 'GET /api/v1/appraisals/{id}', req: (f) => ({ path: `/api/v1/appraisals/${f.ids.ap.results}` }), ok: 200 },
	{ route: 'POST /api/v1/appraisals/{id}/self', req: (f) => ({ path: `/api/v1/appraisals/${f.ids.ap.self}/self`,
		body: { member_id: f.ids.a[0], text: '自评：学习党章，按时交纳党费。' } }), ok: 201 },
	{ route: 'POST /api/v1/appraisals/{id}/peer', req: (f) => ({ path: `/api/v1/appraisals/${f.ids.ap.peer}/peer`,
		body: { member_id: f.ids.a[0], text: '互评：表现良好。' } }), ok: 201 },
	{ route: 'POST /api/v1/appraisals/{id}/votes', req: (f) => ({ path: `/api/v1/appraisals/${f.ids.ap.votes}/votes`,
		body: { items: f.ids.a.map((id) => ({ member_id: id, excellent: 1, qualified: 1, basic: 0, unqualified: 0 })) } }), ok: 201 },
	{ route: 'POST /api/v1/appraisals/{id}/results', req: (f) => ({ path: `/api/v1/appraisals/${f.ids.ap.results}/results`,
		body: { meeting_id: f.ids.verdict, items: f.ids.a.map((id) => ({ member_id: id, grade: 'qualified' })) } }), ok: 201 },
	{ route: 'GET /api/v1/members/{id}/appraisals', req: (f) => ({ path: `/api/v1/members/${f.ids.a[0]}/appraisals` }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/talks', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/talks`,
		body: { held_on: '2025-04-01', member_a: f.ids.m[0], member_b: f.ids.m[1], topic: '谈工作与思想' } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/talks', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/talks` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/talks/coverage', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/talks/coverage?year=2025` }), ok: 200 },
	{ route: 'POST /api/v1/meetings/{id}/items', req: (f) => ({ path: `/api/v1/meetings/${f.ids.life}/items`, body: { kind: 'issue', text: '学习记录不全' } }), ok: 201 },
	{ route: 'GET /api/v1/meetings/{id}/items', req: (f) => ({ path: `/api/v1/meetings/${f.ids.life}/items` }), ok: 200 },
	{ route: 'POST /api/v1/life-items/{id}/done', req: (f) => ({ path: `/api/v1/life-items/${f.ids.item}/done`, body: { done_on: '2025-03-20', outcome: '已整改' } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/life-items', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/life-items` }), ok: 200 },
	// Party dues
	{ route: 'GET /api/v1/dues/quote', req: () => ({ path: '/api/v1/dues/quote?category=employed&base_fen=500000' }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/dues/standards', req: (f) => ({ path: `/api/v1/orgs/${f.ids.AP}/dues/standards`,
		body: { year: YEAR, items: f.ids.a.map((id) => ({ member_id: id, category: 'employed', base_fen: 500000 })) } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/dues/ledger', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/dues/ledger?year=${YEAR}` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/dues/arrears', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/dues/arrears` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/dues/reductions', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/dues/reductions` }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/dues/approvals', req: (f) => ({ path: `/api/v1/orgs/${f.ids.T}/dues/approvals`,
		body: { reduction_id: f.ids.reduction, decision: 'approved', note: '同意' } }), ok: 201 },
	{ route: 'POST /api/v1/orgs/{id}/dues/spending', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/dues/spending`,
		body: { spent_on: TODAY, category: 'training', amount_fen: 1000, purpose: '购买党员培训教材', meeting_id: f.ids.duesMeeting } }), ok: 201 },
	{ route: 'POST /api/v1/orgs/{id}/dues/transfers', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/dues/transfers`,
		body: { kind: 'remit', to_org_id: f.ids.T, amount_fen: 100, on: TODAY, note: '上缴' } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/dues/statement', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/dues/statement?year=${YEAR}` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/dues/statement/export', req: (f) => ({ path: `/api/v1/orgs/${f.ids.B}/dues/statement/export?year=${YEAR}` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/dues/reconciliation', req: (f) => ({ path: `/api/v1/orgs/${f.ids.C}/dues/reconciliation?year=${YEAR}` }), ok: 200 },
	{ route: 'GET /api/v1/members/{id}/dues', req: (f) => ({ path: `/api/v1/members/${f.ids.m[0]}/dues?year=${YEAR}` }), ok: 200 },
	{ route: 'POST /api/v1/members/{id}/dues/changes', req: (f) => ({ path: `/api/v1/members/${f.ids.m[3]}/dues/changes`,
		body: { from_month: NOW, category: 'employed', base_fen: 600000, reason: '工资调整' } }), ok: 201 },
	{ route: 'POST /api/v1/members/{id}/dues/payments', req: (f) => ({ path: `/api/v1/members/${f.ids.m[0]}/dues/payments`,
		body: { months: [NOW], channel: 'cash', paid_on: TODAY } }), ok: 201 },
	{ route: 'POST /api/v1/mobile/{id}/dues/payments', req: (f) => ({ path: `/api/v1/mobile/${f.ids.hosted}/dues/payments`,
		body: { months: [NOW], channel: 'cash', paid_on: TODAY } }), ok: 201 },
	{ route: 'POST /api/v1/orgs/{id}/dues/opening', req: (f) => ({ path: `/api/v1/orgs/${f.ids.RA}/dues/opening`,
		body: { on: TODAY, amount_fen: 50000, source: '原纸质账本结余' } }), ok: 201 },
	{ route: 'POST /api/v1/members/{id}/dues/reversals', req: (f) => ({ path: `/api/v1/members/${f.ids.m[1]}/dues/reversals`,
		body: { payment_id: f.ids.payment, reason: '误记' } }), ok: 201 },
	{ route: 'POST /api/v1/members/{id}/dues/excuses', req: (f) => ({ path: `/api/v1/members/${f.ids.m[0]}/dues/excuses`,
		body: { months: [LAST_MONTH], reason: '住院治疗，无法交纳' } }), ok: 201 },
	{ route: 'POST /api/v1/members/{id}/dues/reductions', req: (f) => ({ path: `/api/v1/members/${f.ids.m[3]}/dues/reductions`,
		body: { from_month: NOW, amount_fen: 0, meeting_id: f.ids.duesMeeting, reason: '重病住院，家庭困难' } }), ok: 201 },
	// transfers of membership, mobile members, decisions on membership status (townships RT1 and RT2 of the fixture)
	{ route: 'POST /api/v1/members/{id}/transfers', req: (f) => ({ path: `/api/v1/members/${f.ids.x.start}/transfers`,
		body: { to_org_id: f.ids.RB, started_on: TODAY, reason: '工作调动', dues_paid_until: NOW } }), ok: 201 },
	{ route: 'GET /api/v1/members/{id}/transfers', req: (f) => ({ path: `/api/v1/members/${f.ids.x.forwarded}/transfers` }), ok: 200 },
	{ route: 'GET /api/v1/transfers/{id}', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.forwarded}` }), ok: 200 },
	{ route: 'POST /api/v1/transfers/{id}/issue', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.requested}/issue`, body: { on: TODAY } }), ok: 200 },
	{ route: 'POST /api/v1/transfers/{id}/forward', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.issued}/forward`, body: { on: TODAY } }), ok: 200 },
	{ route: 'POST /api/v1/transfers/{id}/accept', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.forwarded}/accept`, body: { on: TODAY } }), ok: 200 },
	{ route: 'POST /api/v1/transfers/{id}/refuse', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.forwarded}/refuse`,
		body: { on: TODAY, reason: '该同志未到本单位工作' } }), ok: 200 },
	{ route: 'POST /api/v1/transfers/{id}/receipt', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.accepted}/receipt`, body: { on: TODAY } }), ok: 200 },
	{ route: 'POST /api/v1/transfers/{id}/cancel', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.issued}/cancel`,
		body: { on: TODAY, reason: '去向有变，重新开具' } }), ok: 200 },
	{ route: 'GET /api/v1/transfers/{id}/letter', req: (f) => ({ path: `/api/v1/transfers/${f.ids.tr.issued}/letter` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/transfers', req: (f) => ({ path: `/api/v1/orgs/${f.ids.RT1}/transfers` }), ok: 200 },
	{ route: 'POST /api/v1/orgs/{id}/transfers/incoming', req: (f) => ({ path: `/api/v1/orgs/${f.ids.RB}/transfers/incoming`,
		body: { from_outside: '中共广州市某区某街道工作委员会', letter_no: '粤组转字第1234号', issued_on: TODAY, accepted_on: TODAY, reason: '工作调动',
			member: { name: '转入党员', id_number: f.incomingId, ethnicity: '01', education: 'bachelor', occupation: 'professional',
				admit_date: '2015-07-01', convert_date: '2016-07-01' } } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/transfer-hints', req: (f) => ({ path: `/api/v1/orgs/${f.ids.RT1}/transfer-hints` }), ok: 200 },
	{ route: 'POST /api/v1/members/{id}/mobile', req: (f) => ({ path: `/api/v1/members/${f.ids.x.register}/mobile`,
		body: { left_on: TODAY, reason: '外出务工', destination: '广东省深圳市南山区', contact: '13800138000', expected_return: addMonths(TODAY, 4),
			card_no: 'LD-F-2', card_issued_on: TODAY, card_valid_until: addMonths(TODAY, 6) } }), ok: 201 },
	{ route: 'GET /api/v1/members/{id}/mobile', req: (f) => ({ path: `/api/v1/members/${f.ids.x.away}/mobile` }), ok: 200 },
	{ route: 'GET /api/v1/mobile/{id}', req: (f) => ({ path: `/api/v1/mobile/${f.ids.away}` }), ok: 200 },
	{ route: 'POST /api/v1/mobile/{id}/reports', req: (f) => ({ path: `/api/v1/mobile/${f.ids.away}/reports`,
		body: { reported_on: TODAY, note: '在深圳某公司工作，参加流入地党组织活动' } }), ok: 200 },
	{ route: 'POST /api/v1/mobile/{id}/card', req: (f) => ({ path: `/api/v1/mobile/${f.ids.away}/card`,
		body: { card_no: 'LD-F-3', card_issued_on: TODAY, card_valid_until: addMonths(TODAY, 3) } }), ok: 200 },
	{ route: 'POST /api/v1/mobile/{id}/host', req: (f) => ({ path: `/api/v1/mobile/${f.ids.away}/host`,
		body: { since: f.awaySince, host_org_id: f.ids.RB } }), ok: 200 },
	{ route: 'POST /api/v1/mobile/{id}/return', req: (f) => ({ path: `/api/v1/mobile/${f.ids.away}/return`,
		body: { returned_on: TODAY, card_checked: true, note: '活动证已交回' } }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/mobile', req: (f) => ({ path: `/api/v1/orgs/${f.ids.RT1}/mobile` }), ok: 200 },
	{ route: 'GET /api/v1/orgs/{id}/lost-contact', req: (f) => ({ path: `/api/v1/orgs/${f.ids.RT1}/lost-contact` }), ok: 200 },
	{ route: 'POST /api/v1/members/{id}/status-decisions', req: (f) => ({ path: `/api/v1/members/${f.ids.x.lost}/status-decisions`,
		body: { kind: 'stop', meeting_id: f.ids.membersMeeting, reason: '失联6个月以上，多方查找无下落' } }), ok: 201 },
	{ route: 'GET /api/v1/orgs/{id}/status-decisions', req: (f) => ({ path: `/api/v1/orgs/${f.ids.RT1}/status-decisions` }), ok: 200 },
	{ route: 'GET /api/v1/status-decisions/{id}', req: (f) => ({ path: `/api/v1/status-decisions/${f.ids.decision}` }), ok: 200 },
	{ route: 'POST /api/v1/status-decisions/{id}/answer', req: (f) => ({ path: `/api/v1/status-decisions/${f.ids.decision}/answer`,
		body: { on: TODAY, approved: true, reason: '同意停止党籍' } }), ok: 200 },
];

const nameOf = (c) => (c.variant ? `${c.route} (${c.variant})` : c.route);

/* --- the database's state ------------------------------------------------------------------- */

/**
 * The state an attempt must not change, read by one long-lived sqlite3 shell (a process per
 * snapshot would cost more than the attempt): the .dump without login_throttle, session, audit
 * and the audit chain's head (meta audit_head), then the sessions without last_seen and the audit
 * records as JSON (blobs in hex), compared separately.
 */
class Snapshots {
	constructor() {
		this.shell = spawn('sqlite3', ['-batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
		this.shell.stdout.setEncoding('utf8');
		this.buffer = '';
		this.waiting = null;
		this.errors = '';
		this.shell.stdout.on('data', (d) => {
			this.buffer += d;
			const end = this.buffer.indexOf('@@END@@\n');
			if (end >= 0 && this.waiting) {
				const out = this.buffer.slice(0, end);
				this.buffer = this.buffer.slice(end + 8);
				const w = this.waiting;
				this.waiting = null;
				w(out);
			}
		});
		this.shell.stderr.on('data', (d) => { this.errors += d; });
	}

	/** The SELECT of a table's rows as JSON objects, blobs in hex, without the columns left out. */
	static select(db, table, leaveOut = []) {
		const cols = execFileSync('sqlite3', ['-readonly', db, `SELECT name FROM pragma_table_info('${table}')`], { encoding: 'utf8' })
			.trim().split('\n').filter((c) => !leaveOut.includes(c));
		return `SELECT ${cols.map((c) => `CASE WHEN typeof(${c}) = 'blob' THEN hex(${c}) ELSE ${c} END AS ${c}`).join(', ')} FROM ${table} ORDER BY rowid;`;
	}

	async take(db, selects) {
		const script = `.open --readonly '${db}'\n.mode list\n.dump\n.print @@SESSIONS@@\n.mode json\n${selects.session}\n` +
			`.print @@AUDIT@@\n${selects.audit}\n.print @@END@@\n`;
		const out = await new Promise((resolve) => {
			this.waiting = resolve;
			this.shell.stdin.write(script);
		});
		if (this.errors)
			throw new Error(`sqlite3: ${this.errors}`);
		const [dump, rest] = out.split('@@SESSIONS@@\n');
		const [sessions, audit] = rest.split('@@AUDIT@@\n');
		const rows = (text) => (text.trim() ? JSON.parse(text) : []);
		const lines = dump.split('\n');
		const head = (l) => l.startsWith("INSERT INTO meta VALUES('audit_head',");
		return {
			dump: lines.filter((l) => !/^INSERT INTO "?(login_throttle|session|audit)"? VALUES/.test(l) && !head(l)).join('\n'),
			auditHead: lines.find(head) || '',
			sessions: rows(sessions).map((x) => JSON.stringify(x)),
			audit: rows(audit).map((x) => JSON.stringify(x)),
			auditRows: rows(audit),
		};
	}

	close() {
		this.shell.stdin.end();
	}
}

/** What changed from before to after that may not: [] when nothing. */
function changes(before, after) {
	const out = [];
	if (after.dump !== before.dump) {
		const a = new Set(before.dump.split('\n')), b = new Set(after.dump.split('\n'));
		const gone = [...a].filter((l) => !b.has(l)), added = [...b].filter((l) => !a.has(l));
		out.push(`the database changed: ${gone.length} lines of the dump gone, ${added.length} added; ` +
			`gone: ${gone.slice(0, 3).map(short).join(' | ') || '-'}; added: ${added.slice(0, 3).map(short).join(' | ') || '-'}`);
	}
	if (after.sessions.join('\n') !== before.sessions.join('\n'))
		out.push(`the sessions changed (beyond last_seen): ${before.sessions.length} -> ${after.sessions.length} rows`);
	const prefix = after.audit.slice(0, before.audit.length);
	if (prefix.join('\n') !== before.audit.join('\n'))
		out.push('earlier audit records changed');
	const added = after.auditRows.slice(before.audit.length);
	if (!added.length && after.auditHead !== before.auditHead)
		out.push('the audit chain\'s head (meta audit_head) moved without a record');
	const oks = added.filter((a) => a.result === 'ok');
	if (oks.length)
		out.push(`the audit trail records success: ${oks.map((a) => `${a.event} ${a.object}`).join(', ')}`);
	const denials = added.filter((a) => a.event === 'access.denied');
	if (denials.length)
		out.push(`the audit trail records an access denial the fault made up: ${denials.map((a) => `${a.object} (${a.result})`).join(', ')}`);
	return out;
}

const short = (s) => (s.length > 160 ? `${s.slice(0, 160)}...` : s);

/* --- the prepared database ----------------------------------------------------------------- */

/** Builds the fixture on a server of its own; answers {dir, db, ids, codes, sessions, secrets, ...}. */
async function prepare() {
	const s = await startServer();
	s.now = () => T; // login() computes its TOTP codes at the server's fixed time
	const f = { ids: { acc: {}, ap: {} }, codes: {}, sessions: { tester: s.session }, secrets: {} };
	try {
		const ok = async (method, path, body, status = 201, client = s) => {
			const r = await client.request(method, path, body);
			assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
			return r.body;
		};
		const org = async (name, type, parent) => {
			const code = `F-${name}`;
			f.codes[name] = code;
			f.ids[name] = (await ok('POST', '/api/v1/orgs', { code, name: `故障${name}`, type, ...(parent ? { parent_id: f.ids[parent] } : {}) })).id;
		};
		await org('C', 'county_committee');
		await org('T', 'township_committee', 'C');
		await org('T2', 'township_committee', 'C');
		await org('B', 'branch', 'T');
		await org('AP', 'branch', 'T');
		await org('MV', 'branch', 'T');
		const member = async (o, i) => (await ok('POST', '/api/v1/members', {
			org_id: f.ids[o], name: `党员${o}${i}`, id_number: idNumber(`1980-05-0${i + 1}`, 'M', '440703'), ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
		})).id;
		f.ids.m = [];
		for (let i = 0; i < 4; i++)
			f.ids.m.push(await member('B', i));
		f.ids.a = [await member('AP', 0), await member('AP', 1)];
		f.newMemberId = idNumber('1982-03-03', 'F', '440703');
		f.freshId = idNumber('1981-02-04', 'M', '440703');
		f.importId = idNumber('1983-04-04', 'M', '440703');
		f.applicantId = idNumber('1999-03-03', 'F', '440703');
		// recruitment: a case at step 1 (its next step recorded, its file printed), one to close
		const applicant = (i) => ({ org_id: f.ids.B, name: `申请人${i}`, id_number: idNumber('1999-03-0' + (i + 4), 'F', '440703'),
			ethnicity: '01', education: 'bachelor', occupation: 'farmer', applied_on: '2024-01-08', actor: '支部书记' });
		f.ids.caseStep = (await ok('POST', '/api/v1/develop/cases', applicant(1))).id;
		f.ids.caseClose = (await ok('POST', '/api/v1/develop/cases', applicant(2))).id;
		// organisational life: a life meeting with an issue on its list; a spot check over the county
		const meeting = (o, kinds, held_on, n) => ok('POST', '/api/v1/meetings', {
			org_id: f.ids[o], kinds, held_on, place: '会议室', chair: '书记', recorder: '组织委员', expected: n, present: n });
		f.ids.life = (await meeting('B', ['committee_meeting', 'life_meeting'], '2025-03-10', 4)).id;
		await meeting('B', ['theme_day'], '2025-04-10', 4);
		f.ids.item = (await ok('POST', `/api/v1/meetings/${f.ids.life}/items`, { kind: 'issue', text: '发言准备不足' })).id;
		const insp = await ok('POST', `/api/v1/orgs/${f.ids.C}/inspections`, { period: '2025', size: 1, seed: 'fault-seed' });
		f.ids.inspection = insp.id;
		f.ids.sampled = insp.sample[0];
		await ok('POST', '/api/v1/orgs/' + f.ids.B + '/talks', { held_on: '2025-02-01', member_a: f.ids.m[2], member_b: f.ids.m[3], topic: '谈心' });
		// democratic appraisals of AP, one a year, each waiting for the step its case records:
		// 2021 opened (self-appraisals due), 2022 self-appraised (peer), 2023 peer-appraised (votes),
		// 2024 voted on (the verdict)
		const step = (id, what, body) => ok('POST', `/api/v1/appraisals/${id}/${what}`, body);
		for (const [year, next] of [[2021, 'self'], [2022, 'peer'], [2023, 'votes'], [2024, 'results']]) {
			const id = (await ok('POST', `/api/v1/orgs/${f.ids.AP}/appraisals`, { year })).id;
			f.ids.ap[next] = id;
			for (const mid of f.ids.a) {
				if (next !== 'self')
					await step(id, 'self', { member_id: mid, text: '自评。' });
				if (next === 'votes' || next === 'results')
					await step(id, 'peer', { member_id: mid, text: '互评。' });
			}
			if (next === 'results')
				await step(id, 'votes', { items: f.ids.a.map((mid) => ({ member_id: mid, excellent: 0, qualified: 2, basic: 0, unqualified: 0 })) });
		}
		f.ids.verdict = (await meeting('AP', ['committee_meeting'], '2024-12-20', 2)).id;
		// Party dues: branch B's standard of the year, a payment of last month (its income) and one of
		// this month to reverse, the branch's valid meeting of today deciding a hardship reduction that
		// waits for the approval one level up, and spending
		await ok('POST', `/api/v1/orgs/${f.ids.B}/dues/standards`,
			{ year: YEAR, items: f.ids.m.map((id) => ({ member_id: id, category: 'employed', base_fen: 500000 })) });
		await ok('POST', `/api/v1/members/${f.ids.m[2]}/dues/payments`, { months: [LAST_MONTH], channel: 'cash', paid_on: TODAY });
		f.ids.payment = (await ok('POST', `/api/v1/members/${f.ids.m[1]}/dues/payments`, { months: [NOW], channel: 'cash', paid_on: TODAY })).payment.id;
		f.ids.duesMeeting = (await meeting('B', ['committee_meeting'], TODAY, 4)).id;
		f.ids.reduction = (await ok('POST', `/api/v1/members/${f.ids.m[2]}/dues/reductions`,
			{ from_month: NOW, amount_fen: 0, meeting_id: f.ids.duesMeeting, reason: '家庭困难' })).reduction_id;
		assert.ok(f.ids.payment > 0 && f.ids.reduction > 0, 'the payment and the reduction have ids');
		// transfers, mobile members, decisions on membership status: two townships of the county that
		// can approve (RT1 and RT2, so that a letter goes branch RA -> RT1 -> RT2 -> RB),
		// a transfer in each state a step needs (requested, issued, forwarded, accepted), a member
		// whose work unit changed (a hint), a member away with a card, two members out of contact
		// for 7 months and RA's valid members' meeting of today, one decision waiting for approval
		for (const [name, type, parent, extra] of [['RT1', 'township_committee', 'C', { can_approve: true }],
			['RT2', 'township_committee', 'C', { can_approve: true }], ['RA', 'branch', 'RT1', {}], ['RB', 'branch', 'RT2', {}]]) {
			f.codes[name] = `F-${name}`;
			f.ids[name] = (await ok('POST', '/api/v1/orgs', { code: f.codes[name], name: `故障${name}`, type, parent_id: f.ids[parent], ...extra })).id;
		}
		const rMember = async (i, over = {}) => (await ok('POST', '/api/v1/members', {
			org_id: f.ids.RA, name: `转接${i}`, id_number: idNumber(`1975-06-${String(i + 10)}`, 'F', '440703'), ethnicity: '01',
			education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01', ...over,
		})).id;
		f.ids.x = {};
		for (const [i, name] of ['start', 'requested', 'issued', 'forwarded', 'accepted', 'register', 'away'].entries())
			f.ids.x[name] = await rMember(i);
		f.ids.x.hint = await rMember(7, { work_unit: '甲公司' });
		const lostSince = addMonths(TODAY, -7);
		f.ids.x.lost = await rMember(8, { lost_contact: true, lost_contact_date: lostSince });
		f.ids.x.pending = await rMember(9, { lost_contact: true, lost_contact_date: lostSince });
		f.incomingId = idNumber('1990-02-02', 'M', '440703');
		f.ids.tr = {};
		for (const [state, steps] of [['requested', []], ['issued', ['issue']], ['forwarded', ['issue', 'forward']],
			['accepted', ['issue', 'forward', 'accept']]]) {
			const id = f.ids.tr[state] = (await ok('POST', `/api/v1/members/${f.ids.x[state]}/transfers`,
				{ to_org_id: f.ids.RB, started_on: TODAY, reason: '工作调动' })).id;
			for (const a of steps)
				await ok('POST', `/api/v1/transfers/${id}/${a}`, { on: TODAY }, 200);
			assert.equal((await s.get(`/api/v1/transfers/${id}`)).body.state, state);
		}
		await ok('PATCH', `/api/v1/members/${f.ids.x.hint}`, { work_unit: '乙公司', reason: '调动' }, 200);
		f.awaySince = addDays(TODAY, -30);
		f.ids.away = (await ok('POST', `/api/v1/members/${f.ids.x.away}/mobile`, { left_on: f.awaySince, reason: '外出务工',
			destination: '广东省深圳市南山区', contact: '13800138001', expected_return: addMonths(TODAY, 3),
			card_no: 'LD-F-1', card_issued_on: addDays(TODAY, -31), card_valid_until: addMonths(TODAY, 3) })).id;
		// a member of RB away, hosted by RA, whose dues the host collects
		f.ids.x.hosted = (await ok('POST', '/api/v1/members', { org_id: f.ids.RB, name: '流动党员', id_number: idNumber('1975-06-20', 'M', '440703'),
			ethnicity: '01', education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01' })).id;
		await ok('POST', `/api/v1/orgs/${f.ids.RB}/dues/standards`,
			{ year: YEAR, items: [{ member_id: f.ids.x.hosted, category: 'employed', base_fen: 500000 }] });
		f.ids.hosted = (await ok('POST', `/api/v1/members/${f.ids.x.hosted}/mobile`, { left_on: f.awaySince, reason: '外出务工',
			destination: '故障RA', contact: '13800138002', expected_return: addMonths(TODAY, 3), host_org_id: f.ids.RA })).id;
		f.ids.membersMeeting = (await ok('POST', '/api/v1/meetings', { org_id: f.ids.RA, kinds: ['members_meeting'], held_on: TODAY,
			chair: '书记', recorder: '组织委员', expected: 10, present: 9 })).id;
		f.ids.decision = (await ok('POST', `/api/v1/members/${f.ids.x.pending}/status-decisions`,
			{ kind: 'stop', meeting_id: f.ids.membersMeeting, reason: '失联6个月以上' })).id;
		// accounts: administrators, and accounts in each stage of logging in
		const add = (name, ...role) => {
			const r = runCli(s.db, 'account', 'add', name, '--password', PW, ...role);
			assert.equal(r.status, 0, `${name}: ${r.stderr}`);
		};
		add('f-sys', '--role', 'sysadmin');
		add('f-sec', '--role', 'secadmin');
		add('f-aud', '--role', 'auditadmin');
		for (const name of ['f-logout', 'f-sess', 'f-pw', 'f-totp', 'f-victim', 'f-locked'])
			add(name, '--role', 'discipline', '--org', String(f.ids.C));
		add('f-login', '--role', 'discipline', '--org', String(f.ids.C));
		add('f-enrol', '--role', 'discipline', '--org', String(f.ids.C));
		add('f-enrol2', '--role', 'discipline', '--org', String(f.ids.C));
		add('f-bare');
		for (const name of ['f-sys', 'f-sec', 'f-aud', 'f-logout', 'f-sess', 'f-pw', 'f-totp', 'f-victim', 'f-locked'])
			f.sessions[name] = (await login(s, name, PW)).session;
		f.secrets['f-totp'] = s.secrets['f-totp'];
		const partial = async (name) => {
			const anon = s.anonymous;
			const r = await anon.post('/api/v1/auth/login', { login: name, password: PW });
			assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.body)}`);
			return { cookie: (r.headers.get('set-cookie') || '').split(';')[0], csrf: r.body.csrf, stage: r.body.stage };
		};
		f.sessions['f-totp'] = await partial('f-totp');
		assert.equal(f.sessions['f-totp'].stage, 'totp');
		f.sessions['f-enrol'] = await partial('f-enrol');
		f.sessions['f-enrol2'] = await partial('f-enrol2');
		assert.equal(f.sessions['f-enrol2'].stage, 'enrol');
		// the enrolment to confirm has its secret shown already
		const withSession = async (session, method, path, body) => {
			const headers = { cookie: session.cookie };
			if (method !== 'GET')
				Object.assign(headers, { 'x-csrf-token': session.csrf, 'content-type': 'application/json' });
			const res = await fetch(s.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
			return { status: res.status, body: await res.json() };
		};
		const shown = await withSession(f.sessions['f-enrol'], 'GET', '/api/v1/auth/enrol');
		assert.equal(shown.status, 200, JSON.stringify(shown.body));
		f.secrets['f-enrol'] = shown.body.secret;
		const ids = async (name) => (await withSession(f.sessions[name], 'GET', '/api/v1/auth/me')).body.account_id;
		f.ids.acc.victim = await ids('f-victim');
		f.ids.acc.locked = await ids('f-locked');
		const sessions = await withSession(f.sessions['f-sess'], 'GET', '/api/v1/auth/sessions');
		f.ids.sessEnd = sessions.body.items.find((x) => x.current).id;
		f.ids.acc.bare = Number(execFileSync('sqlite3', ['-readonly', s.db, "SELECT id FROM account WHERE login = 'f-bare'"], { encoding: 'utf8' }));
		assert.ok(f.ids.acc.bare > 0);
		// f-locked: locked by wrong passwords (the last thing, as the refusals count against the address)
		for (let i = 0; i < 5; i++)
			assert.equal((await s.anonymous.post('/api/v1/auth/login', { login: 'f-locked', password: `Wrong-Pass-${i}x` })).status, 401);
		assert.equal((await s.anonymous.post('/api/v1/auth/login', { login: 'f-locked', password: PW })).status, 401, 'f-locked is locked');
		// the canary's organisation: its code exists, so creating it again is refused (409)
		f.canary = { code: f.codes.B, name: '重复', type: 'branch', parent_id: f.ids.T };
		f.dir = mkdtempSync(join(tmpdir(), 'jiceng-faults-'));
		f.db = join(f.dir, 'fixture.db');
		execFileSync('sqlite3', [s.db, `.backup '${f.db}'`]);
		copyFileSync(`${s.db}.key`, `${f.db}.key`); // the master key beside the database
		f.selects = { session: Snapshots.select(f.db, 'session', ['last_seen']), audit: Snapshots.select(f.db, 'audit') };
		f.openapi = (await s.get('/api/v1/openapi.json')).body;
	} finally {
		const exited = await s.stop();
		assertCleanExit(exited, s.output());
	}
	return f;
}

/* --- one case ------------------------------------------------------------------------------- */

/**
 * A server with --faults on a fresh copy of the fixture, prepared for case c, with its baseline
 * snapshot. Warmed by one request (GET /auth/me), which fills the loop thread's cache of the
 * session limits, so that every attempt of a case makes the same calls - unless c.cold.
 */
async function freshServer(f, c) {
	const dir = mkdtempSync(join(tmpdir(), 'jiceng-fault-case-'));
	const db = join(dir, 't.db');
	copyFileSync(f.db, db);
	copyFileSync(`${f.db}.key`, `${db}.key`);
	const h = await startServerOn(db, { faults: true, loops: 1 });
	h.dir = dir;
	h.as = (who) => h.client(who === 'anonymous' ? {} : f.sessions[who]);
	try {
		if (!c.cold)
			assert.equal((await h.as('tester').get('/api/v1/auth/me')).status, 200, 'the warm-up request');
		if (c.prepare)
			await c.prepare(h, f);
		h.baseline = await f.snaps.take(db, f.selects);
	} catch (e) {
		await closeServer(h);
		throw e;
	}
	return h;
}

/**
 * Stops h and removes its copy. A server still running must exit cleanly (no leak under the
 * sanitizer build); one that died is already reported.
 */
async function closeServer(h) {
	const died = !!h.exited();
	try {
		const exited = await h.stop();
		if (!died)
			assertCleanExit(exited, h.output());
	} finally {
		rmSync(h.dir, { recursive: true, force: true });
	}
}

const errorShape = (body) => body && typeof body === 'object' && body.error && typeof body.error.code === 'string' &&
	typeof body.error.message === 'string' && body.error.message.length > 0;

const describeAnswer = (r) => `${r.status} ${short(typeof r.body === 'string' ? r.body.replace(/[^\x20-\x7e]/g, '.') : JSON.stringify(r.body))}`;

/**
 * One attempt of case c with the fault at n. Answers {done, ok, answer} when the fault did not
 * fire, else {problem: null or {category, text}, dirty}: dirty when the server or its database
 * is no longer as it was, so that the next attempt needs a fresh copy.
 */
async function attempt(f, c, h, n, kind) {
	const q = c.req(f);
	const method = c.route.split(' ')[0];
	let r;
	try {
		r = await h.as(c.as || 'tester').request(method, q.path, q.body, {
			...(q.raw !== undefined ? { raw: q.raw } : {}), headers: { ...(q.headers || {}), 'x-jiceng-fault': `${n},${kind}` },
		});
	} catch (e) {
		r = { dropped: e.cause?.code || e.message };
	}
	const fired = r.headers?.get('x-jiceng-fault-fired');
	if (fired === '0')
		return { done: true, ok: r.status === c.ok, answer: describeAnswer(r) };
	let alive = false;
	try {
		alive = (await h.get('/api/v1/health')).status === 200;
	} catch { /* dead */ }
	if (!alive) {
		for (let i = 0; i < 40 && !h.exited(); i++)
			await new Promise((res) => setTimeout(res, 50));
		const tail = h.output().split('\n').filter((l) => l && !/--faults|serving/.test(l)).slice(-1).join(' / ');
		const died = h.exited();
		return {
			problem: { category: died?.signal === 'SIGABRT' ? 'abort' : 'crash', text: `the server died (${JSON.stringify(died)}): ${short(tail)}` },
			dirty: true,
		};
	}
	const changed = changes(h.baseline, await f.snaps.take(h.db, f.selects));
	let canary;
	try {
		canary = await h.as('tester').post('/api/v1/orgs', f.canary);
	} catch (e) {
		canary = { status: `no answer (${e.message})` };
	}
	const stuck = canary.status !== 409 ? `afterwards a write answers ${canary.status} ${short(JSON.stringify(canary.body))}` : null;
	const details = [...changed, ...(stuck ? [stuck] : [])];
	const dirty = changed.length > 0 || !!stuck;
	const problem = (category, text) => ({ problem: { category, text: [text, ...details].filter(Boolean).join('; ') }, dirty });
	if (r.dropped)
		return problem('dropped', `no answer (${r.dropped})`);
	if (fired !== '1')
		return problem('bad-answer', `no x-jiceng-fault-fired header: ${describeAnswer(r)}`);
	if (r.status >= 200 && r.status < 300) {
		if (stuck)
			return problem('stuck-transaction', `answered ${describeAnswer(r)}`);
		if (method === 'GET')
			return problem(n === 1 ? 'read-begin' : 'partial-read', `answered ${describeAnswer(r)}`);
		return problem('ignored-write', `answered ${describeAnswer(r)}`);
	}
	if (r.status === 404)
		return problem('not-found', `answered ${describeAnswer(r)}`);
	if (r.status >= 400 && r.status < 500)
		return problem('blames-caller', `answered ${describeAnswer(r)}`);
	if ((r.status !== 500 && r.status !== 503) || !errorShape(r.body))
		return problem('bad-answer', `answered ${describeAnswer(r)}`);
	if (stuck)
		return problem('stuck-transaction', '');
	if (changed.length && changed.every((x) => x.startsWith('the audit trail records an access denial')))
		return problem('made-up-denial', '');
	if (changed.length)
		return problem('after-commit', `answered ${r.status}`);
	return { problem: null, dirty: false };
}

/** Runs the attempts of case c; answers {attempts, problems: [{n, kind, category, text}]}. */
async function runCase(f, c) {
	let h = await freshServer(f, c);
	const problems = [];
	const stopping = []; // servers left behind, stopping meanwhile
	const other = (text) => problems.push({ n: 0, kind: '', category: 'other', text });
	let attempts = 0;
	try {
		for (let n = 1; ; n++) {
			if (n > MAX_N) {
				other(`still firing at N=${MAX_N}`);
				break;
			}
			const kind = KINDS[(n - 1) % KINDS.length];
			const a = await attempt(f, c, h, n, kind);
			attempts++;
			if (a.done) {
				if (!a.ok)
					other(`N=${n} ${kind} did not fire, and the request did not succeed: ${a.answer}`);
				break;
			}
			if (a.problem)
				problems.push({ n, kind, ...a.problem });
			if (a.dirty || c.cold) { // the next attempt starts from the same state as every other
				stopping.push(closeServer(h).catch((e) => other(`N=${n}: the server did not stop cleanly: ${short(e.message)}`)));
				h = await freshServer(f, c);
			}
		}
	} finally {
		stopping.push(closeServer(h).catch((e) => other(`the server did not stop cleanly: ${short(e.message)}`)));
		await Promise.all(stopping);
	}
	return { attempts, problems };
}

/* --- the tests ------------------------------------------------------------------------------ */

describe('fault injection in every request handler', () => {
	let f;
	const totals = { routes: 0, attempts: 0, failing: [] };
	const observed = {}; // case -> the categories it broke, for KNOWN (see FAULTS_PRINT_KNOWN)
	before(async () => {
		f = await prepare();
		f.snaps = new Snapshots();
	});
	after(() => {
		f?.snaps?.close();
		if (f?.dir)
			rmSync(f.dir, { recursive: true, force: true });
		console.log(`# faults: ${totals.routes} cases, ${totals.attempts} attempts, ${totals.failing.length} cases breaking a rule`);
		if (process.env.FAULTS_PRINT_KNOWN) // a file to write the observed table to
			writeFileSync(process.env.FAULTS_PRINT_KNOWN, `const KNOWN = {\n${Object.entries(observed)
				.map(([k, v]) => `\t'${k}': [${v.map((x) => `'${x}'`).join(', ')}],`).join('\n')}\n};\n`);
	});

	it('openapi.json lists every route of the route table', () => {
		const listed = new Set();
		for (const [pattern, item] of Object.entries(f.openapi.paths))
			for (const method of Object.keys(item))
				listed.add(key(method.toUpperCase(), pattern));
		const table = routesFromSource().map((r) => key(r.method, r.pattern));
		assert.ok(table.length > 50, `routes parsed from src/http/routes.c: ${table.length}`);
		assert.deepEqual([...listed].sort(), [...new Set(table)].sort());
	});

	it('every route of openapi.json has a fault case (add one to CASES for a new endpoint)', () => {
		const listed = [];
		for (const [pattern, item] of Object.entries(f.openapi.paths))
			for (const method of Object.keys(item))
				listed.push(key(method.toUpperCase(), pattern));
		const covered = new Set(CASES.map((c) => c.route));
		const missing = listed.filter((r) => !covered.has(r));
		assert.deepEqual(missing, [], `routes without a fault case: ${missing.join(', ')}`);
		const stale = [...covered].filter((r) => !listed.includes(r));
		assert.deepEqual(stale, [], `cases of routes that do not exist: ${stale.join(', ')}`);
	});

	const only = process.env.FAULTS_ONLY ? new RegExp(process.env.FAULTS_ONLY) : null; // a subset while fixing
	for (const c of CASES.filter((x) => !only || only.test(nameOf(x)))) {
		it(nameOf(c), async (t) => {
			const { attempts, problems } = await runCase(f, c);
			totals.routes++;
			totals.attempts += attempts;
			assert.ok(attempts > 1, `the fault never fired (${attempts} attempt)`);
			if (!problems.length)
				return;
			totals.failing.push(nameOf(c));
			const known = new Set(KNOWN[nameOf(c)] || []);
			const byCategory = new Map();
			for (const p of problems)
				byCategory.set(p.category, [...(byCategory.get(p.category) || []), p]);
			observed[nameOf(c)] = [...byCategory.keys()];
			const lines = problems.map((p) => `[${p.category}] N=${p.n} ${p.kind}: ${p.text}`);
			const unknown = problems.filter((p) => !known.has(p.category));
			if (!unknown.length) // only the known misbehaviours: a todo that names them
				t.todo([...byCategory].map(([cat, ps]) => `${cat} at N=${ps.map((p) => p.n).join(',')}`).join('; ') +
					` - see CATEGORIES`);
			assert.fail(`${nameOf(c)}: ${attempts} attempts, ${problems.length} broke a rule` +
				`${unknown.length ? ` (${unknown.length} not known)` : ''}:\n${lines.join('\n')}`);
		});
	}
});
