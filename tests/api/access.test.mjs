// access.test.mjs - the access-control matrix, generated from the route table.
//
// The routes (method, pattern, permission, scope) are parsed from src/http/routes.c and the
// roles with their permissions from src/auth/auth_rules.c, so a new route or a new permission of
// a role is covered without touching this file (a new role fails the check that every role has
// an account here). The tree:
//
//     R (county committee, the root)
//     ├── A (township) ── A1 (branch: members mA1, mA1b), A2 (branch: mA2)      members mR, mA
//     ├── B (township) ── B1 (branch: mB1)                                      member  mB
//     └── U (primary committee, the "unrelated" subtree) ── U1 (branch: mU1)
//
// and in every organisation a recruitment case (发展党员) of a person of its own (the case of A1
// has reached step 4, the others step 1), and in every branch (A1, A2, B1, U1: the organisations
// that can hold one) a recorded meeting (组织生活, counted as a committee meeting and an
// organisational-life meeting) with an issue on its list, and a democratic appraisal of 2025, and
// in every organisation a spot check of its subtree's meetings (an inspection). Transfers and
// mobile members (issue 7): the county R has the authority to send and receive directly; a
// transfer from A1 to B1 (two sides: either side's grant lets in) and one from U1 to outside; a
// registration away of mA2 hosted by U1 (home or host lets in) and one of mB1 without a host; a
// decision on membership status in A1 and in U1, each at a members' meeting of the branch.
//
// One account per role (org_staff and discipline on A, secretary and organiser on A1, member on
// A1 holding the record mA1, the three administrators on the whole system), plus "tester"
// (org_staff on the whole database), an anonymous client and a forged cookie. For every route ×
// every principal × every object the route's scope can name (organisations for SCOPE_ORG and
// the body scopes, members for SCOPE_MEMBER, recruitment cases for SCOPE_CASE, meetings for
// SCOPE_MEETING, inspections for SCOPE_INSPECTION, appraisals for SCOPE_APPRAISAL, list items for
// SCOPE_LIFE_ITEM, transfers for SCOPE_TRANSFER, registrations for SCOPE_MOBILE, decisions for
// SCOPE_DECISION, and no parent at all - a new root - for SCOPE_BODY_PARENT) one request is sent and its authorisation outcome is checked against an
// oracle computed here from the tree and the role table:
//
//   no session                                   -> 401
//   the roles lack the permission                -> 403
//   the permission, object outside every grant   -> 404, and the body names nothing of it
//   inside (or a member's own record or dues)    -> neither 401, 403 nor 404 (the handler's own
//                                                   2xx/4xx is fine: bodies are minimal, so a
//                                                   step or a closing is refused (400), no case
//                                                   moves, no meeting is recorded, no spot
//                                                   check drawn, no appraisal, talk or list item
//                                                   added, no dues recorded, no transfer
//                                                   steps, no registration or decision)
//
// The position of each object relative to the principal's grant is named in failures: inside,
// parent (an ancestor), sibling (another subtree of the same county), unrelated (U's subtree) or
// new-root. Unsafe methods are also sent without and with a wrong X-CSRF-Token (403). Sessions
// are logged in once and reused; the logout route runs last. The final test states the number of
// cases and that none leaked.
//
// Routes that need more than an id: an import (a body that is a file) is sent a CSV of a header
// only, in preview mode; ending a session names a spare session of the caller's own, logged in
// for that purpose, so that the case neither ends the session the matrix runs on nor probes
// another account's (which answers 404, see auth.test.mjs).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { useServer, uniq, idNumber, login, runCli, ROOT_DIR, routesFromSource, TESTER_PASSWORD } from './harness.mjs';

const source = (p) => readFileSync(join(ROOT_DIR, p), 'utf8');


/** The role table of auth_rules.c: Map role -> {admin, permissions: Set}. */
function rolesFromSource() {
	const text = source('src/auth/auth_rules.c');
	const lists = {};
	for (const m of text.matchAll(/static const char \*const (\w+)\[\]\s*=\s*\{([^}]*)\}/g))
		lists[m[1]] = [...m[2].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
	const roles = new Map();
	const table = text.slice(text.indexOf('const struct auth_role auth_roles[]'));
	for (const m of table.matchAll(/\{\s*"(\w+)",\s*"[^"]*",\s*"[^"]*",\s*(true|false),\s*(true|false),\s*(\w+)\s*\}/g))
		roles.set(m[1], { admin: m[2] === 'true', permissions: new Set(lists[m[4]] || []) });
	return roles;
}

const ROUTES = routesFromSource();
const ROLES = rolesFromSource();
const PASSWORD = 'Access-Pass-2026';

// The tree: name -> parent name.
const ORGS = {
	R: { parent: null, type: 'county_committee', can_approve: true },
	A: { parent: 'R', type: 'township_committee' },
	B: { parent: 'R', type: 'township_committee' },
	U: { parent: 'R', type: 'primary_committee' },
	A1: { parent: 'A', type: 'branch' },
	A2: { parent: 'A', type: 'branch' },
	B1: { parent: 'B', type: 'branch' },
	U1: { parent: 'U', type: 'branch' },
};
// Members: name -> organisation.
const MEMBERS = { mR: 'R', mA: 'A', mA1: 'A1', mA1b: 'A1', mA2: 'A2', mB: 'B', mB1: 'B1', mU1: 'U1' };
// Recruitment cases: one in each organisation, named after it.
const CASES = Object.keys(ORGS);
// Meetings: one in each organisation that can hold one (the branches), named after it.
const MEETINGS = Object.keys(ORGS).filter((o) => ORGS[o].type === 'branch');
// Spot checks (inspections): one drawn by each organisation over its subtree, named after it.
const INSPECTIONS = Object.keys(ORGS);
// Democratic appraisals and life meeting list items: one in each branch, named after it.
const APPRAISALS = MEETINGS;
const LIFE_ITEMS = MEETINGS;
// Transfers (from -> to; null: outside), registrations away (home -> host), decisions (branch).
const TRANSFERS = [{ name: 'transfer A1->B1', member: 'mA1b', org: 'A1', other: 'B1' }, { name: 'transfer U1->outside', member: 'mU1', org: 'U1' }];
const MOBILES = [{ name: 'registration mA2 at U1', member: 'mA2', org: 'A2', other: 'U1' }, { name: 'registration mB1', member: 'mB1', org: 'B1' }];
const DECISIONS = [{ name: 'decision in A1', member: 'mA1b', org: 'A1' }, { name: 'decision in U1', member: 'mU1', org: 'U1' }];

// The principals. grants: [{role, org}] (org null: the whole database).
const PRINCIPALS = [
	{ key: 'anonymous', grants: [] },
	{ key: 'forged-cookie', grants: [] },
	{ key: 'org_staff@all', login: 'tester', grants: [{ role: 'org_staff', org: null }] },
	{ key: 'org_staff@A', login: 'acc-staff', grants: [{ role: 'org_staff', org: 'A' }] },
	{ key: 'secretary@A1', login: 'acc-secretary', grants: [{ role: 'secretary', org: 'A1' }] },
	{ key: 'organiser@A1', login: 'acc-organiser', grants: [{ role: 'organiser', org: 'A1' }] },
	{ key: 'discipline@A', login: 'acc-discipline', grants: [{ role: 'discipline', org: 'A' }] },
	{ key: 'member@A1(mA1)', login: 'acc-member', member: 'mA1', grants: [{ role: 'member', org: 'A1' }] },
	{ key: 'sysadmin', login: 'acc-sysadmin', grants: [{ role: 'sysadmin', org: null }] },
	{ key: 'secadmin', login: 'acc-secadmin', grants: [{ role: 'secadmin', org: null }] },
	{ key: 'auditadmin', login: 'acc-auditadmin', grants: [{ role: 'auditadmin', org: null }] },
];

/** Known server bugs: "principal method pattern object" -> todo text (none known). */
const KNOWN = {};

const ancestors = (org) => {
	const out = [];
	for (let o = org; o; o = ORGS[o].parent)
		out.push(o);
	return out; // org itself first
};
const inSubtree = (org, top) => top === null || ancestors(org).includes(top);

/** The objects a route's scope can name: [{name, org, member?, newRoot?}]. */
function objectsOf(route) {
	switch (route.scope) {
	case 'SCOPE_ORG':
	case 'SCOPE_BODY_ORG':
		return Object.keys(ORGS).map((o) => ({ name: o, org: o }));
	case 'SCOPE_MEMBER':
		return Object.entries(MEMBERS).map(([m, o]) => ({ name: m, org: o, member: m }));
	case 'SCOPE_CASE':
		return CASES.map((o) => ({ name: `case of ${o}`, org: o, case: o }));
	case 'SCOPE_MEETING':
		return MEETINGS.map((o) => ({ name: `meeting of ${o}`, org: o, meeting: o }));
	case 'SCOPE_INSPECTION':
		return INSPECTIONS.map((o) => ({ name: `inspection of ${o}`, org: o, inspection: o }));
	case 'SCOPE_APPRAISAL':
		return APPRAISALS.map((o) => ({ name: `appraisal of ${o}`, org: o, appraisal: o }));
	case 'SCOPE_LIFE_ITEM':
		return LIFE_ITEMS.map((o) => ({ name: `list item of ${o}`, org: o, lifeItem: o }));
	case 'SCOPE_TRANSFER':
		return TRANSFERS.map((x) => ({ name: x.name, org: x.org, other: x.other, transfer: x.name }));
	case 'SCOPE_MOBILE':
		return MOBILES.map((x) => ({ name: x.name, org: x.org, other: x.other, mobile: x.name }));
	case 'SCOPE_DECISION':
		return DECISIONS.map((x) => ({ name: x.name, org: x.org, decision: x.name }));
	case 'SCOPE_BODY_PARENT':
		return [...Object.keys(ORGS).map((o) => ({ name: o, org: o })), { name: '(no parent_id)', org: '', newRoot: true }];
	default:
		return [{ name: '-', org: null }];
	}
}

/** Where an object lies relative to a principal's grants. */
function position(p, obj) {
	if (obj.org === null)
		return 'n/a';
	if (obj.newRoot)
		return 'new-root';
	const homes = p.grants.filter((g) => !ROLES.get(g.role)?.admin).map((g) => g.org);
	if (!homes.length)
		return 'n/a';
	if (homes.some((h) => inSubtree(obj.org, h) || (obj.other && inSubtree(obj.other, h))))
		return 'inside';
	if (homes.some((h) => h && ancestors(h).includes(obj.org)))
		return 'parent';
	if (inSubtree(obj.org, 'U'))
		return 'unrelated';
	return 'sibling';
}

const roleHas = (role, permission) => !!ROLES.get(role)?.permissions.has(permission);

/** The oracle: 'allow' | 401 | 403 | 404. */
function expected(p, route, obj) {
	if (route.permission === 'public')
		return 'allow';
	if (!p.login)
		return 401;
	if (route.permission === 'session' || route.permission === 'session.partial')
		return 'allow';
	const self = route.scope === 'SCOPE_MEMBER' && ['member.read', 'dues.read'].includes(route.permission) && p.member &&
		obj.member === p.member && p.grants.some((g) => roleHas(g.role, 'self.read'));
	if (self)
		return 'allow';
	const withPermission = p.grants.filter((g) => roleHas(g.role, route.permission));
	if (!withPermission.length)
		return 403;
	if (route.scope === 'SCOPE_NONE')
		return 'allow';
	// an object with two sides (a transfer, a registration away) lets in a grant over either
	const covered = obj.newRoot ? withPermission.some((g) => g.org === null)
		: withPermission.some((g) => inSubtree(obj.org, g.org) || (obj.other && inSubtree(obj.other, g.org)));
	return covered ? 'allow' : 404;
}

const isUnsafe = (method) => method !== 'GET' && method !== 'HEAD';
const isLogout = (route) => route.handler === 'auth_api_logout';

describe('access-control matrix (generated from src/http/routes.c)', () => {
	const ids = { orgs: {}, members: {}, cases: {}, meetings: {}, inspections: {}, appraisals: {}, lifeItems: {},
		transfers: {}, mobiles: {}, decisions: {}, decisionMeetings: [] };
	const secrets = {}; // name/code/id_number of each object, which must never be in a denial
	const sessions = {};
	const spare = {}; // principal -> the id of a second session of its own, for the session-ending route
	const srv = useServer(async (s) => {
		for (const [name, o] of Object.entries(ORGS)) {
			const body = { code: uniq(`AC${name}`), name: `访问${name}${uniq('')}`, type: o.type };
			if (o.can_approve)
				body.can_approve = true;
			if (o.parent)
				body.parent_id = ids.orgs[o.parent];
			const r = await s.post('/api/v1/orgs', body);
			assert.equal(r.status, 201, `create ${name}: ${JSON.stringify(r.body)}`);
			ids.orgs[name] = r.body.id;
			secrets[`org:${name}`] = [body.code, body.name];
		}
		for (const [name, org] of Object.entries(MEMBERS)) {
			const body = {
				org_id: ids.orgs[org], name: `党员${name}${uniq('')}`, id_number: idNumber('1980-05-05', 'M', '440703'),
				ethnicity: '01', education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
			};
			const r = await s.post('/api/v1/members', body);
			assert.equal(r.status, 201, `create ${name}: ${JSON.stringify(r.body)}`);
			ids.members[name] = r.body.id;
			secrets[`member:${name}`] = [body.name, body.id_number];
		}
		for (const org of CASES) {
			const body = {
				org_id: ids.orgs[org], name: `申请人${org}${uniq('')}`, id_number: idNumber('1999-03-03', 'F', '440703'),
				ethnicity: '01', education: 'bachelor', occupation: 'farmer', applied_on: '2024-01-08', actor: '支部书记',
			};
			const r = await s.post('/api/v1/develop/cases', body);
			assert.equal(r.status, 201, `open the case of ${org}: ${JSON.stringify(r.body)}`);
			ids.cases[org] = r.body.id;
			secrets[`case:${org}`] = [body.name, body.id_number];
		}
		// The case of A1 up to step 4: the next step names mentors.
		for (const [step, done_on, data] of [[2, '2024-01-20'], [3, '2024-03-01', { decided_by: 'branch_committee' }], [4, '2024-03-05']]) {
			const r = await s.post(`/api/v1/develop/cases/${ids.cases.A1}/steps`, { step, done_on, actor: '支部书记', data });
			assert.equal(r.status, 201, `step ${step} of the case of A1: ${JSON.stringify(r.body)}`);
		}
		for (const org of MEETINGS) {
			const body = {
				org_id: ids.orgs[org], kinds: ['committee_meeting', 'life_meeting'], held_on: '2025-03-10', place: `会议室${org}${uniq('')}`,
				chair: `书记${org}${uniq('')}`, recorder: '组织委员', expected: 3, present: 2,
			};
			const r = await s.post('/api/v1/meetings', body);
			assert.equal(r.status, 201, `record the meeting of ${org}: ${JSON.stringify(r.body)}`);
			ids.meetings[org] = r.body.id;
			secrets[`meeting:${org}`] = [body.place, body.chair];
		}
		for (const org of LIFE_ITEMS) {
			const text = `问题${org}${uniq('')}`;
			const r = await s.post(`/api/v1/meetings/${ids.meetings[org]}/items`, { kind: 'issue', text });
			assert.equal(r.status, 201, `list an issue of ${org}: ${JSON.stringify(r.body)}`);
			ids.lifeItems[org] = r.body.id;
			secrets[`lifeItem:${org}`] = [text];
		}
		for (const org of APPRAISALS) {
			const r = await s.post(`/api/v1/orgs/${ids.orgs[org]}/appraisals`, { year: 2025 });
			assert.equal(r.status, 201, `open the appraisal of ${org}: ${JSON.stringify(r.body)}`);
			ids.appraisals[org] = r.body.id;
			secrets[`appraisal:${org}`] = [...secrets[`org:${org}`], ...r.body.participants.map((x) => x.name)];
		}
		for (const org of INSPECTIONS) {
			const seed = `acc-${org}-${randomBytes(6).toString('hex')}`;
			const r = await s.post(`/api/v1/orgs/${ids.orgs[org]}/inspections`, { period: '2025', size: 1, seed });
			assert.equal(r.status, 201, `draw the spot check of ${org}: ${JSON.stringify(r.body)}`);
			ids.inspections[org] = r.body.id;
			secrets[`inspection:${org}`] = [seed];
		}
		for (const x of TRANSFERS) {
			const reason = `转接原因${uniq('')}`;
			const body = { started_on: '2025-06-01', reason, ...(x.other ? { to_org_id: ids.orgs[x.other] } : { to_outside: `外单位${uniq('')}` }) };
			const r = await s.post(`/api/v1/members/${ids.members[x.member]}/transfers`, body);
			assert.equal(r.status, 201, `start the ${x.name}: ${JSON.stringify(r.body)}`);
			ids.transfers[x.name] = r.body.id;
			secrets[`transfer:${x.name}`] = [reason, ...secrets[`member:${x.member}`]];
		}
		for (const x of MOBILES) {
			const destination = `外出地${uniq('')}`;
			const body = { left_on: '2025-06-01', reason: '外出务工', destination, contact: '13900001111', ...(x.other ? { host_org_id: ids.orgs[x.other] } : {}) };
			const r = await s.post(`/api/v1/members/${ids.members[x.member]}/mobile`, body);
			assert.equal(r.status, 201, `register the ${x.name}: ${JSON.stringify(r.body)}`);
			ids.mobiles[x.name] = r.body.id;
			secrets[`mobile:${x.name}`] = [destination, ...secrets[`member:${x.member}`]];
		}
		for (const x of DECISIONS) {
			const lost = await s.patch(`/api/v1/members/${ids.members[x.member]}`, { lost_contact: true, lost_contact_date: '2024-01-01' });
			assert.equal(lost.status, 200, JSON.stringify(lost.body));
			const m = await s.post('/api/v1/meetings', { org_id: ids.orgs[x.org], kinds: ['members_meeting'], held_on: '2025-03-20',
				chair: '书记', recorder: '组织委员', expected: 3, present: 2 });
			assert.equal(m.status, 201, JSON.stringify(m.body));
			ids.decisionMeetings.push(m.body.id);
			const reason = `失联理由${uniq('')}`;
			const r = await s.post(`/api/v1/members/${ids.members[x.member]}/status-decisions`, { kind: 'stop', meeting_id: m.body.id, reason });
			assert.equal(r.status, 201, `the ${x.name}: ${JSON.stringify(r.body)}`);
			ids.decisions[x.name] = r.body.id;
			secrets[`decision:${x.name}`] = [reason, ...secrets[`member:${x.member}`]];
		}
		// An account the administrators' routes act on.
		const v = runCli(s.db, 'account', 'add', 'acc-victim', '--password', PASSWORD, '--role', 'discipline', '--org', String(ids.orgs.B));
		assert.equal(v.status, 0, v.stderr);
		for (const p of PRINCIPALS) {
			if (!p.login || p.login === 'tester')
				continue;
			const args = ['account', 'add', p.login, '--password', PASSWORD, '--role', p.grants[0].role];
			if (p.grants[0].org)
				args.push('--org', String(ids.orgs[p.grants[0].org]));
			if (p.member)
				args.push('--member', String(ids.members[p.member]));
			const r = runCli(s.db, ...args);
			assert.equal(r.status, 0, `${p.key}: ${r.stderr}`);
		}
		for (const p of PRINCIPALS) {
			if (p.key === 'forged-cookie')
				sessions[p.key] = { cookie: `jiceng_session=${randomBytes(32).toString('hex')}`, csrf: randomBytes(16).toString('hex') };
			else if (p.login === 'tester')
				sessions[p.key] = s.session;
			else if (p.login)
				sessions[p.key] = (await login(s, p.login, PASSWORD)).session;
		}
		for (const p of PRINCIPALS.filter((x) => x.login)) {
			const second = await login(s, p.login, p.login === 'tester' ? TESTER_PASSWORD : PASSWORD);
			const list = await second.client.get('/api/v1/auth/sessions');
			spare[p.key] = list.body.items.find((x) => x.current).id;
		}
		const victim = await login(s, 'acc-victim', PASSWORD);
		s.victimId = (await victim.client.get('/api/v1/auth/me')).body.account_id;
		assert.ok(Number.isInteger(s.victimId));
	});

	/** One request with a principal's session; csrf: true (right token), false (none) or 'wrong'. */
	async function send(session, method, path, body, csrf = true) {
		const headers = {};
		if (session) {
			headers.cookie = session.cookie;
			if (isUnsafe(method) && csrf === true)
				headers['x-csrf-token'] = session.csrf;
			else if (isUnsafe(method) && csrf === 'wrong')
				headers['x-csrf-token'] = randomBytes(16).toString('hex');
		}
		const init = { method, headers };
		if (typeof body === 'string') { // a file
			init.body = body;
			headers['content-type'] = 'text/csv';
		} else if (body !== undefined) {
			init.body = JSON.stringify(body);
			headers['content-type'] = 'application/json';
		}
		const res = await fetch(srv.base + path, init);
		const text = await res.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch { /* not JSON */ }
		return { status: res.status, body: parsed, text };
	}

	/** The request of a case for principal p: path with the object's id, and a minimal body when
	 * one is taken (a file as a string). */
	function requestOf(route, obj, p) {
		let id;
		if (route.scope === 'SCOPE_ORG')
			id = ids.orgs[obj.org];
		else if (route.scope === 'SCOPE_MEMBER')
			id = ids.members[obj.member];
		else if (route.scope === 'SCOPE_CASE')
			id = ids.cases[obj.case];
		else if (route.scope === 'SCOPE_MEETING')
			id = ids.meetings[obj.meeting];
		else if (route.scope === 'SCOPE_INSPECTION')
			id = ids.inspections[obj.inspection];
		else if (route.scope === 'SCOPE_APPRAISAL')
			id = ids.appraisals[obj.appraisal];
		else if (route.scope === 'SCOPE_LIFE_ITEM')
			id = ids.lifeItems[obj.lifeItem];
		else if (route.scope === 'SCOPE_TRANSFER')
			id = ids.transfers[obj.transfer];
		else if (route.scope === 'SCOPE_MOBILE')
			id = ids.mobiles[obj.mobile];
		else if (route.scope === 'SCOPE_DECISION')
			id = ids.decisions[obj.decision];
		else if (route.handler === 'auth_api_session_end')
			id = spare[p.key] ?? srv.victimId;
		else
			id = srv.victimId; // SCOPE_NONE routes with an id name an account
		const path = route.pattern.replace('{id}', String(id));
		if (route.schema === 'file')
			return { path: `${path}?kind=members&mode=preview`, body: 'org_code,name\n' };
		let body;
		if (route.bodyLimit !== '0') {
			body = {};
			if (route.scope === 'SCOPE_BODY_ORG')
				body.org_id = ids.orgs[obj.org];
			if (route.scope === 'SCOPE_BODY_PARENT' && !obj.newRoot)
				body.parent_id = ids.orgs[obj.org];
		}
		return { path, body };
	}

	/** The strings a denial about obj must not hold. */
	function dataOf(obj) {
		if (obj.member)
			return secrets[`member:${obj.member}`];
		if (obj.case)
			return secrets[`case:${obj.case}`];
		if (obj.meeting)
			return secrets[`meeting:${obj.meeting}`];
		if (obj.inspection)
			return secrets[`inspection:${obj.inspection}`];
		if (obj.appraisal)
			return secrets[`appraisal:${obj.appraisal}`];
		if (obj.lifeItem)
			return secrets[`lifeItem:${obj.lifeItem}`];
		if (obj.transfer)
			return secrets[`transfer:${obj.transfer}`];
		if (obj.mobile)
			return secrets[`mobile:${obj.mobile}`];
		if (obj.decision)
			return secrets[`decision:${obj.decision}`];
		if (obj.org)
			return secrets[`org:${obj.org}`];
		return [];
	}

	let cases = 0, leaks = 0, routesDone = 0;

	/** Checks one answer against the oracle; returns a problem text or null, counting leaks. */
	function judge(want, r, obj) {
		const denialHasData = () => {
			if (typeof r.body !== 'object' || r.body === null)
				return 'the body is not a JSON error';
			const keys = Object.keys(r.body);
			if (keys.length !== 1 || keys[0] !== 'error')
				return `the body has ${JSON.stringify(keys)}`;
			const held = dataOf(obj).filter((d) => d && r.text.includes(d));
			return held.length ? `the body names ${JSON.stringify(held)}` : null;
		};
		if (want === 'allow') {
			if ([401, 403, 404].includes(r.status) || r.status >= 500)
				return `expected the handler's answer (not 401/403/404), got ${r.status} ${r.text.slice(0, 200)}`;
			return null;
		}
		if (r.status < 400) {
			leaks++;
			return `LEAK: expected ${want}, got ${r.status} ${r.text.slice(0, 200)}`;
		}
		const data = denialHasData();
		if (data) {
			leaks++;
			return `LEAK: expected ${want} without data, got ${r.status}: ${data}: ${r.text.slice(0, 200)}`;
		}
		if (r.status !== want)
			return `expected ${want}, got ${r.status} ${r.text.slice(0, 200)}`;
		return null;
	}

	it('reads the route table and the role table, and has an account for every role', () => {
		const rows = source('src/http/routes.c').split('const struct route routes[]')[1].split('};')[0]
			.split('\n').filter((l) => /^\s*\{\s*"[A-Z]+"/.test(l));
		assert.equal(ROUTES.length, rows.length, 'every row of the route table is understood');
		assert.ok(ROUTES.length >= 30, `routes: ${ROUTES.length}`);
		assert.equal(ROLES.size, 8, `roles: ${[...ROLES.keys()]}`);
		assert.ok(ROLES.get('org_staff').permissions.has('member.reveal'));
		// recruitment: the three who develop members read and write, discipline reads, no one else;
		// only the organisation department records the higher committee's decisions (approve)
		const develop = Object.fromEntries([...ROLES].map(([k, r]) =>
			[k, ['develop.read', 'develop.write', 'develop.approve'].filter((x) => r.permissions.has(x)).join(' ')]));
		assert.deepEqual(develop, {
			org_staff: 'develop.read develop.write develop.approve', secretary: 'develop.read develop.write',
			organiser: 'develop.read develop.write', discipline: 'develop.read', member: '', sysadmin: '', secadmin: '',
			auditadmin: '',
		});
		assert.ok(ROUTES.some((r) => r.scope === 'SCOPE_CASE' && r.permission === 'develop.write'));
		// organisational life: the three who run a branch's meetings read and record them, discipline
		// reads, no one else; only the organisation department makes spot checks (inspect)
		const orglife = Object.fromEntries([...ROLES].map(([k, r]) =>
			[k, ['orglife.read', 'orglife.write', 'orglife.inspect'].filter((x) => r.permissions.has(x)).join(' ')]));
		assert.deepEqual(orglife, {
			org_staff: 'orglife.read orglife.write orglife.inspect', secretary: 'orglife.read orglife.write',
			organiser: 'orglife.read orglife.write', discipline: 'orglife.read', member: '', sysadmin: '', secadmin: '',
			auditadmin: '',
		});
		assert.ok(ROUTES.some((r) => r.scope === 'SCOPE_MEETING' && r.permission === 'orglife.read'));
		assert.ok(ROUTES.some((r) => r.scope === 'SCOPE_BODY_ORG' && r.permission === 'orglife.write'));
		// the yearly review (appraisal, talks, the life meeting's lists) is organisational life: read
		// with orglife.read, recorded with orglife.write, by the same roles
		const review = ROUTES.filter((r) => /\/(appraisals|talks|items|life-items)(\/|$)/.test(r.pattern));
		assert.equal(review.length, 15, review.map((r) => `${r.method} ${r.pattern}`).join('\n'));
		for (const r of review)
			assert.equal(r.permission, r.method === 'GET' ? 'orglife.read' : 'orglife.write', `${r.method} ${r.pattern}`);
		assert.deepEqual(review.filter((r) => r.pattern.startsWith('/api/v1/appraisals/')).map((r) => r.scope),
			Array(5).fill('SCOPE_APPRAISAL'));
		assert.deepEqual(review.filter((r) => r.pattern.startsWith('/api/v1/life-items/')).map((r) => r.scope), ['SCOPE_LIFE_ITEM']);
		assert.deepEqual(review.filter((r) => r.pattern.startsWith('/api/v1/meetings/')).map((r) => r.scope), ['SCOPE_MEETING', 'SCOPE_MEETING']);
		assert.deepEqual(review.filter((r) => r.pattern.startsWith('/api/v1/members/')).map((r) => r.scope), ['SCOPE_MEMBER']);
		// dues: the three who keep a branch's books read and write them, no one else; only the
		// organisation department records the higher committee's approval of a hardship reduction;
		// a member reads their own dues (GET /members/{id}/dues, the one dues.read route on a member)
		const dues = Object.fromEntries([...ROLES].map(([k, r]) =>
			[k, ['dues.read', 'dues.write', 'dues.approve'].filter((x) => r.permissions.has(x)).join(' ')]));
		assert.deepEqual(dues, {
			org_staff: 'dues.read dues.write dues.approve', secretary: 'dues.read dues.write', organiser: 'dues.read dues.write',
			discipline: '', member: '', sysadmin: '', secadmin: '', auditadmin: '',
		});
		const duesRoutes = ROUTES.filter((r) => r.pattern.includes('/dues'));
		assert.equal(duesRoutes.length, 19, duesRoutes.map((r) => `${r.method} ${r.pattern}`).join('\n'));
		for (const r of duesRoutes)
			assert.equal(r.permission, r.pattern === '/api/v1/dues/quote' ? 'session'
				: r.pattern.endsWith('/approvals') ? 'dues.approve' : r.method === 'GET' ? 'dues.read' : 'dues.write', `${r.method} ${r.pattern}`);
		assert.deepEqual(duesRoutes.filter((r) => r.scope === 'SCOPE_MEMBER' && r.permission === 'dues.read').map((r) => r.pattern),
			['/api/v1/members/{id}/dues']);
		// the one dues route on a registration away: its host records what the member paid there
		// (either side is let in by the scope; the handler then wants the host: dues.test.mjs)
		assert.deepEqual(duesRoutes.filter((r) => r.scope === 'SCOPE_MOBILE').map((r) => `${r.method} ${r.pattern}`),
			['POST /api/v1/mobile/{id}/dues/payments']);
		assert.ok(duesRoutes.every((r) => ['SCOPE_ORG', 'SCOPE_MEMBER', 'SCOPE_NONE', 'SCOPE_MOBILE'].includes(r.scope)));
		// transfers and mobile members: the three who run a branch start transfers, register members
		// away and take the branch's decisions; only the organisation department takes the committees'
		// steps (approve: issue, forward, answer a decision); discipline reads
		for (const area of ['transfer', 'mobile']) {
			const held = Object.fromEntries([...ROLES].map(([k, r]) =>
				[k, [`${area}.read`, `${area}.write`, `${area}.approve`].filter((x) => r.permissions.has(x)).join(' ')]));
			assert.deepEqual(held, {
				org_staff: `${area}.read ${area}.write ${area}.approve`, secretary: `${area}.read ${area}.write`,
				organiser: `${area}.read ${area}.write`, discipline: `${area}.read`, member: '', sysadmin: '', secadmin: '',
				auditadmin: '',
			}, area);
		}
		const moves = ROUTES.filter((r) => /\/(transfers|transfer-hints|mobile|lost-contact|status-decisions)(\/|$)/.test(r.pattern)
			&& !r.pattern.includes('/dues/')); // (dues have transfers of money of their own)
		assert.equal(moves.length, 26, moves.map((r) => `${r.method} ${r.pattern}`).join('\n'));
		for (const r of moves) {
			const area = /transfer/.test(r.pattern) ? 'transfer' : 'mobile';
			const committee = /\/(issue|forward|answer)$/.test(r.pattern);
			assert.equal(r.permission, `${area}.${r.method === 'GET' ? 'read' : committee ? 'approve' : 'write'}`, `${r.method} ${r.pattern}`);
		}
		assert.deepEqual([...new Set(moves.filter((r) => r.pattern.startsWith('/api/v1/transfers/')).map((r) => r.scope))], ['SCOPE_TRANSFER']);
		assert.deepEqual([...new Set(moves.filter((r) => r.pattern.startsWith('/api/v1/mobile/')).map((r) => r.scope))], ['SCOPE_MOBILE']);
		assert.deepEqual([...new Set(moves.filter((r) => r.pattern.startsWith('/api/v1/status-decisions/')).map((r) => r.scope))], ['SCOPE_DECISION']);
		const covered = new Set(PRINCIPALS.flatMap((p) => p.grants.map((g) => g.role)));
		for (const role of ROLES.keys())
			assert.ok(covered.has(role), `role ${role} has an account in this matrix`);
		for (const route of ROUTES) {
			assert.ok(['SCOPE_NONE', 'SCOPE_ORG', 'SCOPE_MEMBER', 'SCOPE_CASE', 'SCOPE_MEETING', 'SCOPE_INSPECTION', 'SCOPE_APPRAISAL',
				'SCOPE_LIFE_ITEM', 'SCOPE_TRANSFER', 'SCOPE_MOBILE', 'SCOPE_DECISION', 'SCOPE_BODY_ORG', 'SCOPE_BODY_PARENT'].includes(route.scope), route.scope);
			const known = ['public', 'session', 'session.partial', ...[...ROLES.values()].flatMap((r) => [...r.permissions])];
			assert.ok(known.includes(route.permission), `${route.method} ${route.pattern}: permission ${route.permission} is held by some role`);
		}
	});

	it('refuses every unsafe non-public request without an X-CSRF-Token or with a wrong one (403)', async () => {
		const problems = [];
		let n = 0;
		for (const route of ROUTES.filter((r) => isUnsafe(r.method) && r.permission !== 'public')) {
			for (const p of PRINCIPALS.filter((x) => x.login)) {
				// an object inside the principal's grant where there is one (the CSRF check comes first anyway)
				const obj = objectsOf(route).find((o) => expected(p, route, o) === 'allow') || objectsOf(route)[0];
				const { path, body } = requestOf(route, obj, p);
				for (const csrf of [false, 'wrong']) {
					n++;
					const r = await send(sessions[p.key], route.method, path, body, csrf);
					if (r.status !== 403 || !/csrf/i.test(r.body?.error?.message || ''))
						problems.push(`${p.key} ${route.method} ${path} ${JSON.stringify(body)} csrf=${csrf}: expected 403 (CSRF), got ${r.status} ${r.text.slice(0, 200)}`);
					if (r.status < 400)
						leaks++;
				}
			}
		}
		cases += n;
		assert.ok(n > 0);
		assert.deepEqual(problems, [], problems.join('\n'));
		// the sessions survived (logout without a token did not end them)
		for (const p of PRINCIPALS.filter((x) => x.login)) {
			const r = await send(sessions[p.key], 'GET', '/api/v1/auth/me');
			assert.equal(r.status, 200, `${p.key} is still logged in`);
		}
	});

	it('names where each account\'s tree starts: the top of what it may read (roots of /auth/me)', async () => {
		const expected = { 'org_staff@all': ['R'], 'org_staff@A': ['A'], 'secretary@A1': ['A1'], 'organiser@A1': ['A1'],
			'discipline@A': ['A'], 'member@A1(mA1)': [], sysadmin: [], secadmin: [], auditadmin: [] };
		for (const p of PRINCIPALS.filter((x) => x.login)) {
			const r = await send(sessions[p.key], 'GET', '/api/v1/auth/me');
			assert.deepEqual(r.body.roots, expected[p.key].map((o) => ids.orgs[o]), p.key);
		}
	});

	// --- what the router cannot see: references inside bodies and queries -------------------

	it('refuses to move an organisation of the subtree under one outside it (404), and nothing moves', async () => {
		const staff = sessions['org_staff@A'];
		for (const dest of ['B', 'U', 'R']) {
			const r = await send(staff, 'POST', `/api/v1/orgs/${ids.orgs.A2}/move`, { parent_id: ids.orgs[dest] });
			assert.equal(r.status, 404, `move A2 under ${dest}: ${r.text}`);
			assert.deepEqual(Object.keys(r.body), ['error']);
			for (const d of secrets[`org:${dest}`])
				assert.ok(!r.text.includes(d), `the refusal names ${dest}`);
		}
		const a2 = await send(sessions['org_staff@all'], 'GET', `/api/v1/orgs/${ids.orgs.A2}`);
		assert.equal(a2.body.parent_id, ids.orgs.A);
	});

	it('finds nothing outside the subtree by search or by a member query', async () => {
		const staff = sessions['org_staff@A'];
		const code = secrets['org:B1'][0];
		const s = await send(staff, 'GET', `/api/v1/orgs/${ids.orgs.A}/search?q=${encodeURIComponent(code)}`);
		assert.equal(s.status, 200, s.text);
		assert.deepEqual(s.body.items, []);
		const m = await send(staff, 'GET', `/api/v1/orgs/${ids.orgs.A}/members?q=${secrets['member:mB1'][1]}`);
		assert.equal(m.status, 200, m.text);
		assert.deepEqual(m.body.items, []);
		const all = await send(staff, 'GET', `/api/v1/orgs/${ids.orgs.A}/members?limit=500`);
		const names = all.body.items.map((x) => x.name).sort();
		assert.deepEqual(names, ['mA', 'mA1', 'mA1b', 'mA2'].map((k) => secrets[`member:${k}`][0]).sort());
	});

	it('reveals a member only with member.reveal inside the subtree', async () => {
		const id = ids.members.mA1, full = secrets['member:mA1'][1];
		const sec = await send(sessions['secretary@A1'], 'GET', `/api/v1/members/${id}?reveal=1`);
		assert.equal(sec.status, 200, sec.text);
		assert.equal(sec.body.id_number, full);
		const org = await send(sessions['organiser@A1'], 'GET', `/api/v1/members/${id}?reveal=1`);
		assert.equal(org.status, 403, org.text);
		assert.ok(!org.text.includes(full) && !org.text.includes(secrets['member:mA1'][0]));
		const out = await send(sessions['org_staff@A'], 'GET', `/api/v1/members/${ids.members.mB1}?reveal=1`);
		assert.equal(out.status, 404, out.text);
		assert.deepEqual(Object.keys(out.body), ['error']);
		assert.ok(!out.text.includes(secrets['member:mB1'][1]));
		const self = await send(sessions['member@A1(mA1)'], 'GET', `/api/v1/members/${id}?reveal=1`);
		assert.equal(self.status, 403, `a member's own record is not revealed without member.reveal: ${self.text}`);
	});

	it('does not let a member be transferred by PATCH (org_id)', async () => {
		const r = await send(sessions['org_staff@all'], 'PATCH', `/api/v1/members/${ids.members.mA2}`, { org_id: ids.orgs.B1 });
		assert.equal(r.status, 403, r.text);
		const m = await send(sessions['org_staff@all'], 'GET', `/api/v1/members/${ids.members.mA2}`);
		assert.equal(m.body.org_id, ids.orgs.A2);
	});

	it('refuses a committee naming a member outside the subtree as it refuses a missing member',
		async () => {
			const staff = sessions['org_staff@A'];
			const entry = (mid) => ({ committee: [{ post: 'secretary', name: '张三', member_id: mid }] });
			const missing = await send(staff, 'PATCH', `/api/v1/orgs/${ids.orgs.A2}`, entry(99999999));
			assert.equal(missing.status, 400, missing.text);
			const outside = await send(staff, 'PATCH', `/api/v1/orgs/${ids.orgs.A2}`, entry(ids.members.mB1));
			// put the committee back whatever happened
			await send(staff, 'PATCH', `/api/v1/orgs/${ids.orgs.A2}`, { committee: [] });
			assert.equal(outside.status, missing.status, `a member of B1 named by org_staff@A: ${outside.status} ${outside.text}`);
		});

	it('refuses mentors outside the subtree as it refuses a missing member, naming nothing of them', async () => {
		const sec = sessions['secretary@A1'];
		const step5 = (mentors) => send(sec, 'POST', `/api/v1/develop/cases/${ids.cases.A1}/steps`,
			{ step: 5, done_on: '2024-03-06', actor: '支部书记', data: { mentors } });
		const missing = await step5([ids.members.mA1, 99999999]);
		assert.equal(missing.status, 422, missing.text);
		for (const m of ['mB1', 'mR', 'mA']) {
			const r = await step5([ids.members.mA1, ids.members[m]]);
			assert.equal(r.status, missing.status, `${m} as mentor: ${r.text}`);
			assert.equal(r.body.error.rule, missing.body.error.rule);
			assert.equal(r.body.error.message.replace(/\d+/g, 'N'), missing.body.error.message.replace(/\d+/g, 'N'), m);
			for (const d of secrets[`member:${m}`])
				assert.ok(!r.text.includes(d), `the refusal names ${m}`);
		}
		const c = await send(sessions['org_staff@all'], 'GET', `/api/v1/develop/cases/${ids.cases.A1}`);
		assert.equal(c.body.last_step, 4, 'nothing was recorded');
	});

	it('lists and reports as due only the cases of the subtree', async () => {
		const names = (items) => items.map((x) => x.name).sort();
		const inA = ['A', 'A1', 'A2'].map((o) => secrets[`case:${o}`][0]).sort();
		for (const key of ['org_staff@A', 'discipline@A']) {
			const list = await send(sessions[key], 'GET', `/api/v1/orgs/${ids.orgs.A}/develop/cases`);
			assert.equal(list.status, 200, list.text);
			assert.deepEqual(names(list.body.items), inA, key);
			const due = await send(sessions[key], 'GET', `/api/v1/orgs/${ids.orgs.A}/develop/due?within=366`);
			assert.equal(due.status, 200, due.text);
			assert.ok(due.body.items.length > 0, key);
			assert.ok(due.body.items.every((x) => inA.includes(x.name)), `${key}: ${due.text}`);
		}
		const mine = await send(sessions['secretary@A1'], 'GET', `/api/v1/orgs/${ids.orgs.A1}/develop/cases`);
		assert.deepEqual(names(mine.body.items), [secrets['case:A1'][0]]);
	});

	// One test per route; logout last, since it ends the sessions.
	const ordered = [...ROUTES.filter((r) => !isLogout(r)), ...ROUTES.filter(isLogout)];
	for (const route of ordered) {
		const objects = objectsOf(route);
		const n = objects.length * PRINCIPALS.length;
		const todo = Object.entries(KNOWN).filter(([k]) => k.includes(` ${route.method} ${route.pattern} `));
		it(`${route.method} ${route.pattern} (${route.permission}, ${route.scope}): ${n} cases`, async () => {
			const problems = [];
			for (const p of PRINCIPALS) {
				for (const obj of objects) {
					const want = expected(p, route, obj);
					const { path, body } = requestOf(route, obj, p);
					const r = await send(sessions[p.key], route.method, path, body);
					cases++;
					const problem = judge(want, r, obj);
					if (problem && !KNOWN[`${p.key} ${route.method} ${route.pattern} ${obj.name}`])
						problems.push(`${p.key} ${route.method} ${path}${body ? ' ' + JSON.stringify(body) : ''}` +
							` [object ${obj.name}, ${position(p, obj)}]: ${problem}`);
				}
			}
			routesDone++;
			assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
		});
		for (const [k, text] of todo)
			it(`known bug: ${k}`, { todo: text }, () => assert.fail(text));
	}

	it('ended every session with the logout route (the old cookies answer 401)', async () => {
		for (const p of PRINCIPALS.filter((x) => x.login)) {
			const r = await send(sessions[p.key], 'GET', '/api/v1/auth/me');
			assert.equal(r.status, 401, p.key);
		}
	});

	it('moved no recruitment case with the matrix\'s minimal bodies (jiceng develop list)', () => {
		const r = runCli(srv.db, 'develop', 'list', String(ids.orgs.R), '--json');
		assert.equal(r.status, 0, r.stderr);
		const byId = new Map(JSON.parse(r.stdout).map((x) => [x.id, x]));
		for (const org of CASES) {
			const c = byId.get(ids.cases[org]);
			assert.ok(c, `the case of ${org} is still open`);
			assert.deepEqual([c.last_step, c.stage], org === 'A1' ? [4, 'activist'] : [1, 'applicant'], `the case of ${org}`);
		}
	});

	it('recorded no meeting and drew no spot check with the matrix\'s minimal bodies (only those of the set-up)', () => {
		const out = execFileSync('sqlite3', ['-readonly', srv.db, 'SELECT id FROM meeting ORDER BY id'], { encoding: 'utf8' });
		assert.deepEqual(out.split('\n').filter(Boolean).map(Number),
			[...MEETINGS.map((o) => ids.meetings[o]), ...ids.decisionMeetings].sort((a, b) => a - b));
		const months = execFileSync('sqlite3', ['-readonly', srv.db, 'SELECT SUM(n) FROM orglife_month'], { encoding: 'utf8' });
		assert.equal(Number(months.trim()), MEETINGS.length * 2 + ids.decisionMeetings.length,
			'each counted as two kinds (the decisions\' members\' meetings as one)');
		const drawn = execFileSync('sqlite3', ['-readonly', srv.db, 'SELECT id FROM inspection ORDER BY id'], { encoding: 'utf8' });
		assert.deepEqual(drawn.split('\n').filter(Boolean).map(Number), INSPECTIONS.map((o) => ids.inspections[o]).sort((a, b) => a - b),
			'and drew no spot check');
		const found = execFileSync('sqlite3', ['-readonly', srv.db, 'SELECT count(*) FROM inspection_finding'], { encoding: 'utf8' });
		assert.equal(Number(found.trim()), 0, 'nor recorded a finding');
	});

	it('opened no appraisal and recorded no step, vote, verdict, talk, list item or completion with the minimal bodies', () => {
		const q = (sql) => execFileSync('sqlite3', ['-readonly', srv.db, sql], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
		const setUp = (m) => Object.values(m).sort((a, b) => a - b);
		assert.deepEqual(q('SELECT id FROM appraisal ORDER BY id'), setUp(ids.appraisals));
		assert.deepEqual(q('SELECT id FROM life_item ORDER BY id'), setUp(ids.lifeItems));
		for (const table of ['appraisal_step', 'appraisal_vote', 'appraisal_verdict', 'appraisal_result', 'talk', 'life_item_done'])
			assert.deepEqual(q(`SELECT count(*) FROM ${table}`), [0], table);
	});

	it('recorded no dues with the matrix\'s minimal bodies: no standard, payment, reason, reduction, approval, spending or transfer', () => {
		for (const table of ['dues_standard', 'dues_reduction', 'dues_reduction_decision', 'dues_payment', 'dues_payment_month', 'dues_excuse',
			'dues_spending', 'dues_transfer']) {
			const n = execFileSync('sqlite3', ['-readonly', srv.db, `SELECT count(*) FROM ${table}`], { encoding: 'utf8' });
			assert.equal(Number(n.trim()), 0, table);
		}
		const m = execFileSync('sqlite3', ['-readonly', srv.db, 'SELECT count(*) FROM member WHERE coalesce(dues_standard_fen, 0) <> 0 OR coalesce(dues_base_fen, 0) <> 0'], { encoding: 'utf8' });
		assert.equal(Number(m.trim()), 0, 'no member record took a standard');
	});

	it('took no transfer step, registered no one and decided nothing with the minimal bodies', () => {
		const q = (sql) => execFileSync('sqlite3', ['-readonly', srv.db, sql], { encoding: 'utf8' }).split('\n').filter(Boolean);
		const setUp = (m) => Object.values(m).sort((a, b) => a - b);
		assert.deepEqual(q('SELECT id FROM transfer ORDER BY id').map(Number), setUp(ids.transfers));
		assert.deepEqual(q('SELECT DISTINCT state FROM transfer'), ['requested']);
		assert.deepEqual(q('SELECT action, count(*) FROM transfer_step GROUP BY action'), [`start|${TRANSFERS.length}`]);
		assert.deepEqual(q('SELECT id FROM mobile_registration ORDER BY id').map(Number), setUp(ids.mobiles));
		assert.deepEqual(q('SELECT kind, count(*) FROM mobile_event GROUP BY kind'), [`register|${MOBILES.length}`]);
		assert.deepEqual(q('SELECT id FROM member_decision ORDER BY id').map(Number), setUp(ids.decisions));
		assert.deepEqual(q('SELECT DISTINCT status FROM member_decision'), ['pending']);
	});

	const total = ROUTES.reduce((sum, r) => sum + objectsOf(r).length * PRINCIPALS.length, 0);
	it(`matrix: ${ROUTES.length} routes × ${PRINCIPALS.length} principals × their objects = ${total} cases` +
		' (+ CSRF cases), leaks = 0', (t) => {
		assert.equal(routesDone, ROUTES.length, 'every route was exercised');
		assert.ok(cases >= total, `cases run: ${cases}`);
		t.diagnostic(`access matrix: ${cases} cases run (${total} route × principal × object, ${cases - total} CSRF), leaks = ${leaks}`);
		assert.equal(leaks, 0, `leaks: ${leaks} of ${cases} cases`);
	});
});
