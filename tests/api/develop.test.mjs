// develop.test.mjs - recruitment (发展党员) over real HTTP: a person from the application (step 1)
// to the archive (step 25) with the member record written at admission and conversion, the
// subtree's open cases by stage, and `jiceng stats verify` clean afterwards; then every class of
// refusal of domain-rules §1 - each answers 422 (or 400 / 409) naming the field, the rule and its
// article, and saves nothing (the case reads back the same: version, last step, steps, due;
// no member created; the statistics unchanged); opening a case twice or for a member, closing,
// what is due in a subtree (API and `jiceng develop due|list`), and the file as a PDF.
//
// "Today" is pinned for the server and the CLI (JICENG_TODAY) so that due dates and days left are
// exact. Each test drives a fresh case along the valid timeline (VALID below: applied
// 2024-01-08, admitted by the branch meeting 2025-06-03, probation ending 2026-06-03) up to the
// step it needs, in a branch of its own with 4 full members under a county committee that may
// approve admissions.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useServer, uniq, idNumber, login, runCli } from './harness.mjs';

const TODAY = '2027-06-30';
process.env.JICENG_TODAY = TODAY; // read by the server and every runCli of this file

const ACTOR = '支部书记 李四';
const MEETING = { expected: 16, present: 9, yes: 8, no: 1, abstain: 0, written_yes: 1 };

/** The valid timeline after the application: [step, done_on, data, decision]. */
function VALID(ctx) {
	const { m1, m2, county } = ctx;
	return [
		[2, '2024-01-20'],
		[3, '2024-03-01', { decided_by: 'branch_committee' }],
		[4, '2024-03-05'],
		[5, '2024-03-06', { mentors: [m1, m2] }],
		[6, '2024-09-01', { conclusion: '学习认真，表现良好' }],
		[6, '2025-03-01', { conclusion: '思想进步，表现良好' }],
		[7, '2025-03-10', { notice_from: '2025-03-03', notice_to: '2025-03-07' }],
		[8, '2025-03-11'],
		[9, '2025-03-12', { introducers: [m1, m2] }],
		[10, '2025-04-01', { conclusion: '政治审查合格' }, 'pass'],
		[11, '2025-04-10', { days: 3 }],
		[12, '2025-05-06'],
		[13, '2025-05-12', { approving_org_id: county }, 'pass'],
		[14, '2025-05-15'],
		[15, '2025-06-03', { ...MEETING, notice_from: '2025-05-26', notice_to: '2025-05-30' }],
		[16, '2025-06-10'],
		[17, '2025-07-01', { approving_org_id: county }, 'approve'],
		[18, '2025-07-05'],
		[19, '2025-07-06'],
		[20, '2025-07-07'],
		[21, '2025-12-01'],
		[22, '2026-05-20'],
		[23, '2026-06-05', MEETING, 'convert'],
		[24, '2026-07-01', { approving_org_id: county }, 'approve'],
		[25, '2026-07-05'],
	];
}

/** Days from a to b ("YYYY-MM-DD"). */
const daysBetween = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 86400000);

describe('recruitment (发展党员)', () => {
	const articles = {}; // rule key -> "regulation article", as the rule table says
	const srv = useServer(async (s) => {
		const county = await s.post('/api/v1/orgs', { code: uniq('DC'), name: `发展县委${uniq('')}`, type: 'county_committee', can_approve: true });
		assert.equal(county.status, 201, JSON.stringify(county.body));
		s.county = county.body;
		// a committee with the authority to approve, beside the branches rather than above them
		const other = await s.post('/api/v1/orgs', { code: uniq('DO'), name: `旁系党委${uniq('')}`, type: 'primary_committee', can_approve: true, parent_id: s.county.id });
		assert.equal(other.status, 201, JSON.stringify(other.body));
		s.other = other.body;
		const rules = await s.get(`/api/v1/orgs/${s.county.id}/rules?date=2024-01-08`);
		assert.equal(rules.status, 200, JSON.stringify(rules.body));
		for (const r of rules.body.items)
			articles[r.key] = `${r.regulation} ${r.article}`;
	});

	// --- helpers ---------------------------------------------------------------------------

	const memberIds = new Map(); // member id -> its full ID number

	async function addMember(orgId, over = {}) {
		const body = {
			org_id: orgId, name: uniq('党员'), id_number: idNumber('1980-05-05', 'M', '440703'),
			ethnicity: '01', education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01',
			...over,
		};
		const r = await srv.post('/api/v1/members', body);
		assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
		memberIds.set(r.body.id, body.id_number);
		return r.body.id;
	}

	/** A branch under the county with `full` full members; answers {branch, m1, m2, members, county}. */
	async function newBranch(full = 16) { // the meetings expect 16 voting members
		const code = uniq('DB');
		const r = await srv.post('/api/v1/orgs', { code, name: `发展支部${code}`, type: 'branch', parent_id: srv.county.id });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		const members = [];
		for (let i = 0; i < full; i++)
			members.push(await addMember(r.body.id));
		return { branch: r.body.id, code, members, m1: members[0], m2: members[1], county: srv.county.id };
	}

	function personBody(ctx, over = {}) {
		return {
			org_id: ctx.branch, name: uniq('王小明'), id_number: idNumber('1998-05-05', 'M', '440703'),
			ethnicity: '01', education: 'bachelor', occupation: 'farmer', applied_on: '2024-01-08', actor: ACTOR, ...over,
		};
	}

	async function openCase(ctx, over) {
		const body = personBody(ctx, over);
		const r = await srv.post('/api/v1/develop/cases', body);
		assert.equal(r.status, 201, `open: ${JSON.stringify(r.body)}`);
		r.body.idNumber = body.id_number;
		return r.body;
	}

	async function record(id, step, done_on, data, decision) {
		const body = { step, done_on, actor: ACTOR };
		if (data)
			body.data = data;
		if (decision)
			body.decision = decision;
		const r = await srv.post(`/api/v1/develop/cases/${id}/steps`, body);
		assert.equal(r.status, 201, `step ${step} on ${done_on}: ${JSON.stringify(r.body)}`);
		assert.equal(r.body.last_step, step);
		return r.body;
	}

	/** A fresh case driven along the valid timeline up to (and including every record of) step
	 * `upto`; answers the case as the last answer gave it. */
	async function driveTo(ctx, upto, over) {
		let c = await openCase(ctx, over);
		const idNum = c.idNumber;
		for (const [step, on, data, decision] of VALID(ctx)) {
			if (step > upto)
				break;
			c = await record(c.id, step, on, data, decision);
		}
		c.idNumber = idNum;
		return c;
	}

	const getCase = async (id) => {
		const r = await srv.get(`/api/v1/develop/cases/${id}`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body;
	};
	const stages = async (orgId) => {
		const r = await srv.get(`/api/v1/orgs/${orgId}/stats`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		return r.body.by_develop_stage;
	};
	const memberCount = async (orgId) => (await srv.get(`/api/v1/orgs/${orgId}/members?limit=500`)).body.items.length;

	/** What a refused request must leave as it was. */
	async function snapshot(ctx, id) {
		return {
			case: id ? await getCase(id) : null,
			members: await memberCount(ctx.branch),
			stages: await stages(ctx.branch),
			cases: (await srv.get(`/api/v1/orgs/${ctx.branch}/develop/cases?limit=500`)).body.items.map((x) => [x.id, x.stage, x.last_step]),
		};
	}

	/**
	 * Sends a step (or, with path, any POST) that must be refused: the status, the field, the rule
	 * and its article (when a rule refuses) are checked, and nothing may have changed.
	 */
	async function refused(ctx, id, body, want, path = `/api/v1/develop/cases/${id}/steps`) {
		const before = await snapshot(ctx, id);
		const r = await srv.post(path, path.endsWith('/steps') ? { actor: ACTOR, ...body } : body);
		const what = `${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`;
		assert.equal(r.status, want.status ?? 422, what);
		assert.deepEqual(Object.keys(r.body), ['error'], what);
		const e = r.body.error;
		if (want.field !== undefined)
			assert.equal(e.field, want.field, what);
		if (want.rule) {
			assert.equal(e.code, 'rule_violation', what);
			assert.equal(e.rule, want.rule, what);
			assert.ok(articles[want.rule], `the rule table has ${want.rule}`);
			assert.equal(e.article, articles[want.rule], what);
		} else {
			assert.equal(e.rule, undefined, what);
			assert.equal(e.article, undefined, what);
		}
		if (want.message)
			assert.match(e.message, want.message, what);
		assert.deepEqual(await snapshot(ctx, id), before, `nothing is saved by ${what}`);
		return e;
	}

	// --- the whole way ---------------------------------------------------------------------

	it('takes a person from the application to the archive, writing the member record', async () => {
		const ctx = await newBranch();
		assert.deepEqual(await stages(ctx.branch), { applicant: 0, activist: 0, target: 0 });
		const countyBefore = await stages(srv.county.id);
		const countyPlus = (d) => Object.fromEntries(Object.entries(countyBefore).map(([k, v]) => [k, v + (d[k] || 0)]));

		const group = await srv.post('/api/v1/orgs', { code: uniq('DG'), name: `第一党小组${uniq('')}`, type: 'group', parent_id: ctx.branch });
		assert.equal(group.status, 201, JSON.stringify(group.body));
		let c = await openCase(ctx, { name: '王小明', phone: '13800138000', work_unit: '某某村' });
		const idNum = c.idNumber;
		assert.equal(c.stage, 'applicant');
		assert.equal(c.org_id, ctx.branch);
		assert.equal(c.name, '王小明');
		assert.equal(c.gender, 'M');
		assert.equal(c.birth_date, '1998-05-05');
		assert.match(c.id_number, /^440703\*+\d{3}[\dX]$/, 'the ID number is masked');
		assert.notEqual(c.id_number, idNum);
		assert.notEqual(c.phone, '13800138000');
		assert.equal(c.applied_on, '2024-01-08');
		assert.equal(c.rules_on, '2024-01-08');
		assert.equal(c.last_step, 1);
		assert.equal(c.version, 1);
		assert.deepEqual(c.next_steps, [2]);
		assert.equal(c.steps.length, 1);
		assert.deepEqual([c.steps[0].step, c.steps[0].done_on, c.steps[0].actor, c.steps[0].recorded_by], [1, '2024-01-08', ACTOR, 'tester']);
		assert.deepEqual(c.due.map((d) => [d.step, d.due_on, d.rule.key]), [[2, '2024-02-08', 'develop.talk_within_months']]);
		assert.deepEqual(await stages(ctx.branch), { applicant: 1, activist: 0, target: 0 });
		assert.deepEqual(await stages(srv.county.id), countyPlus({ applicant: 1 }));

		const stageAfter = { 2: 'applicant', 3: 'activist', 6: 'activist', 7: 'target', 15: 'target', 17: 'probationary', 23: 'probationary', 24: 'full', 25: 'full' };
		const counted = {
			applicant: { applicant: 1, activist: 0, target: 0 }, activist: { applicant: 0, activist: 1, target: 0 },
			target: { applicant: 0, activist: 0, target: 1 },
		};
		let records = 1;
		for (const [step, on, data, decision] of VALID(ctx)) {
			c = await record(c.id, step, on, step === 19 ? { group_id: group.body.id } : data, decision);
			records++;
			assert.equal(c.version, records, `the version counts the writes (step ${step})`);
			assert.equal(c.steps.length, records);
			if (stageAfter[step]) {
				assert.equal(c.stage, stageAfter[step], `stage after step ${step}`);
				const want = counted[c.stage] || { applicant: 0, activist: 0, target: 0 };
				assert.deepEqual(await stages(ctx.branch), want, `by_develop_stage of the branch after step ${step}`);
				assert.deepEqual(await stages(srv.county.id), countyPlus(want), `by_develop_stage of the county after step ${step}`);
			}
			if (step === 3)
				assert.equal(c.activist_on, '2024-03-01');
			if (step === 7)
				assert.equal(c.target_on, '2025-03-10');
			if (step === 15) {
				// 8 yes and 1 written yes of 16 expected: more than half - admitted; probation not yet running
				assert.equal(c.admitted_on, '2025-06-03');
				assert.equal(c.steps.at(-1).decision, 'admitted');
				assert.equal(c.member_id, null);
				assert.equal(c.probation_end, null);
				assert.deepEqual(c.due.map((d) => [d.step, d.due_on, d.hard_limit, d.rule.key]),
					[[17, '2025-09-03', '2025-12-03', 'develop.approval_months']]);
				assert.equal(await memberCount(ctx.branch), 16);
			}
			if (step === 17) {
				assert.equal(typeof c.member_id, 'number');
				assert.equal(c.probation_end, '2026-06-03');
				assert.deepEqual(c.due.map((d) => [d.step, d.due_on, d.rule.key]), [[23, '2026-06-03', 'member.probation_months']]);
				const m = (await srv.get(`/api/v1/members/${c.member_id}`)).body;
				assert.equal(m.org_id, ctx.branch);
				assert.equal(m.name, '王小明');
				assert.equal(m.gender, 'M');
				assert.equal(m.birth_date, '1998-05-05');
				assert.equal(m.id_number, c.id_number, 'the member has the case\'s ID number (masked alike)');
				assert.equal(m.occupation, 'farmer');
				assert.equal(m.work_unit, '某某村');
				assert.equal(m.category, 'probationary');
				assert.equal(m.state, 'normal');
				assert.equal(m.apply_date, '2024-01-08');
				assert.equal(m.activist_date, '2024-03-01');
				assert.equal(m.target_date, '2025-03-10');
				assert.equal(m.admit_date, '2025-06-03', 'admitted on the day of the branch meeting');
				assert.equal(m.convert_date, null);
				// the mentors (step 5) and introducers (step 9) by name
				const names = await Promise.all([ctx.m1, ctx.m2].map(async (id) => (await srv.get(`/api/v1/members/${id}`)).body.name));
				assert.equal(m.mentors, names.join('、'));
				assert.equal(m.introducers, names.join('、'));
				const full = await srv.get(`/api/v1/members/${c.member_id}?reveal=1`);
						assert.equal(full.body.id_number, idNum, 'the member record holds the full ID number');
				assert.equal(full.body.phone, '13800138000');
				assert.equal(await memberCount(ctx.branch), 17);
				const st = (await srv.get(`/api/v1/orgs/${ctx.branch}/stats`)).body;
				assert.deepEqual(st.by_category, { full: 16, probationary: 1 });
			}
			if (step === 19)
				assert.equal((await srv.get(`/api/v1/members/${c.member_id}`)).body.group_id, group.body.id, 'placed in the Party group');
			if (step === 24) {
				assert.equal(c.converted_on, '2026-06-03');
				assert.deepEqual(c.due.map((d) => [d.step, d.due_on, d.rule.key]), [[25, '2026-07-08', 'develop.archive_within_days']]);
			}
		}
		assert.equal(c.stage, 'full');
		assert.equal(c.archived_on, '2026-07-05');
		assert.equal(c.last_step, 25);
		assert.equal(c.extensions, 0);
		assert.deepEqual(c.next_steps, []);
		assert.deepEqual(c.due, []);
		assert.deepEqual(c.steps.map((x) => x.step), [1, ...VALID(ctx).map((x) => x[0])]);
		assert.deepEqual(c.steps.map((x) => x.done_on), ['2024-01-08', ...VALID(ctx).map((x) => x[1])]);
		assert.deepEqual(c.steps[4].data, { mentors: [ctx.m1, ctx.m2] });
		// the notice's working days as counted by the calendar (2025 is entered: not provisional)
		const target = c.steps.find((x) => x.step === 7);
		assert.equal(target.data.notice_working_days, 5);
		assert.equal(target.data.notice_provisional, undefined);
		assert.equal(c.steps[10].decision, 'pass');
		const window = c.steps.find((x) => x.step === 17).window;
		assert.deepEqual([window.latest, window.rule.key], ['2025-09-03', 'develop.approval_months']);
		assert.deepEqual(await getCase(c.id), c, 'the case reads back as the last step answered it');

		// the member: full from the end of probation (Party age counts from it), and its history
		const m = (await srv.get(`/api/v1/members/${c.member_id}`)).body;
		assert.equal(m.category, 'full');
		assert.equal(m.convert_date, '2026-06-03');
		assert.equal(m.admit_date, '2025-06-03');
		const hist = (await srv.get(`/api/v1/members/${c.member_id}/history`)).body.items;
		assert.deepEqual(hist.map((x) => x.action).sort(), ['create', 'update', 'update']);
		const create = hist.find((x) => x.action === 'create');
		assert.deepEqual(create.changes.category, [null, 'probationary']);
		assert.deepEqual(create.changes.admit_date, [null, '2025-06-03']);
		assert.deepEqual(create.changes.name, [null, '王小明']);
		const updates = hist.filter((x) => x.action === 'update').map((x) => x.changes);
		assert.deepEqual(updates.sort((a, b) => Object.keys(a).length - Object.keys(b).length), [
			{ group_id: [null, group.body.id] },
			{ category: ['probationary', 'full'], convert_date: [null, '2026-06-03'] },
		]);
		assert.ok(hist.every((x) => x.actor === 'tester'));
		assert.ok(!JSON.stringify(hist).includes(idNum), 'the history does not reveal the ID number');
		assert.deepEqual((await srv.get(`/api/v1/orgs/${ctx.branch}/stats`)).body.by_category, { full: 17, probationary: 0 });

		// archived: no longer open, found by its stage
		assert.deepEqual((await srv.get(`/api/v1/orgs/${ctx.branch}/develop/cases`)).body.items, []);
		const full = (await srv.get(`/api/v1/orgs/${ctx.branch}/develop/cases?stage=full`)).body.items;
		assert.deepEqual(full.map((x) => [x.id, x.stage, x.last_step, x.member_id]), [[c.id, 'full', 25, c.member_id]]);
		assert.deepEqual(await stages(ctx.branch), { applicant: 0, activist: 0, target: 0 });
		assert.deepEqual(await stages(srv.county.id), countyBefore);

		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `jiceng stats verify: ${v.stdout}${v.stderr}`);
		assert.match(v.stdout, / 0 differ/);
		srv.fullCase = { ...c, idNumber: idNum };
	});

	it('gives the file as a PDF for the archive', async () => {
		const c = srv.fullCase;
		assert.ok(c, 'the whole-way test ran first');
		const res = await fetch(`${srv.base}/api/v1/develop/cases/${c.id}/file`, { headers: { cookie: srv.session.cookie } });
		const bytes = Buffer.from(await res.arrayBuffer());
		assert.equal(res.status, 200, bytes.toString().slice(0, 300));
		assert.match(res.headers.get('content-type'), /^application\/pdf/);
		assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
		assert.match(res.headers.get('content-disposition') || '', new RegExp(`develop-${c.id}\\.pdf`));
		const dir = mkdtempSync(join(tmpdir(), 'jiceng-develop-'));
		try {
			writeFileSync(join(dir, 'f.pdf'), bytes);
			const t = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
			assert.equal(t.status, 0, t.stderr);
			const text = t.stdout.replace(/\s+/g, '');
			assert.ok(text.includes('王小明'), 'the file names the person');
			for (const words of ['入党宣誓', '材料归档', '2025-06-03', '2026-07-05'])
				assert.ok(text.includes(words), `the file has ${words}`);
			assert.ok(!text.includes(c.idNumber), 'the file does not print the full ID number');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		const missing = await srv.get('/api/v1/develop/cases/999999/file');
		assert.equal(missing.status, 404);
	});

	// --- refusals, each saving nothing -------------------------------------------------------

	it('refuses an applicant under 18 and opens nothing; accepts on the 18th birthday', async () => {
		const ctx = await newBranch();
		const before = await snapshot(ctx);
		const body = personBody(ctx, { id_number: idNumber('2006-05-05', 'F', '440703'), applied_on: '2024-05-04' });
		const r = await srv.post('/api/v1/develop/cases', body);
		assert.equal(r.status, 422, JSON.stringify(r.body));
		assert.deepEqual([r.body.error.field, r.body.error.rule, r.body.error.article],
			['applied_on', 'member.min_age_at_application', articles['member.min_age_at_application']]);
		assert.deepEqual(await snapshot(ctx), before);
		const ok = await srv.post('/api/v1/develop/cases', { ...body, applied_on: '2024-05-05' });
		assert.equal(ok.status, 201, JSON.stringify(ok.body));
		assert.equal(ok.body.gender, 'F');
		assert.deepEqual(await stages(ctx.branch), { applicant: 1, activist: 0, target: 0 });
	});

	it('refuses a talk more than a month after the application', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 1);
		await refused(ctx, c.id, { step: 2, done_on: '2024-02-09' }, { field: 'done_on', rule: 'develop.talk_within_months' });
		const ok = await record(c.id, 2, '2024-02-08');
		assert.deepEqual(ok.due, []);
	});

	it('refuses a development target before a year as activist, or after a notice of 4 working days', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 5); // activist since 2024-03-01
		await record(c.id, 6, '2024-09-01', { conclusion: '良好' });
		await record(c.id, 6, '2025-02-20', { conclusion: '良好' });
		const notice = { notice_from: '2025-02-21', notice_to: '2025-02-27' }; // Fri to Thu: 5 working days
		await refused(ctx, c.id, { step: 7, done_on: '2025-02-28', data: notice },
			{ field: 'done_on', rule: 'member.activist_min_months' });
		await refused(ctx, c.id, { step: 7, done_on: '2025-03-01', data: { notice_from: '2025-02-24', notice_to: '2025-02-27' } },
			{ field: 'notice_to', rule: 'develop.notice_target_working_days', message: /4 working days/ });
		await refused(ctx, c.id, { step: 7, done_on: '2025-03-01' }, { status: 400, field: 'notice_from' });
		c = await record(c.id, 7, '2025-03-01', notice);
		assert.equal(c.stage, 'target');
		assert.equal(c.target_on, '2025-03-01');
	});

	it('refuses no mentor, three, a probationary one and one from another branch', async () => {
		const ctx = await newBranch();
		const prob = await addMember(ctx.branch, { admit_date: '2026-01-10', convert_date: undefined });
		const elsewhere = (await newBranch(1)).m1;
		const c = await driveTo(ctx, 4);
		const rule = 'develop.mentors_min';
		await refused(ctx, c.id, { step: 5, done_on: '2024-03-06', data: { mentors: [] } }, { field: 'mentors', rule });
		await refused(ctx, c.id, { step: 5, done_on: '2024-03-06', data: { mentors: ctx.members.slice(0, 3) } },
			{ field: 'mentors', rule: 'develop.mentors_max' });
		await refused(ctx, c.id, { step: 5, done_on: '2024-03-06', data: { mentors: [ctx.m1, prob] } },
			{ field: 'mentors', rule, message: /not a full member/ });
		await refused(ctx, c.id, { step: 5, done_on: '2024-03-06', data: { mentors: [ctx.m1, elsewhere] } },
			{ field: 'mentors', rule, message: /not a member of this organisation/ });
		await refused(ctx, c.id, { step: 5, done_on: '2024-03-06', data: { mentors: 'both' } }, { status: 400, field: 'mentors' });
		const ok = await record(c.id, 5, '2024-03-06', { mentors: [ctx.m1] });
		assert.deepEqual(ok.steps.at(-1).data, { mentors: [ctx.m1] });
	});

	it('refuses one introducer, a probationary one and one under 留党察看 until the day', async () => {
		const ctx = await newBranch();
		const prob = await addMember(ctx.branch, { admit_date: '2026-01-10', convert_date: undefined });
		const disciplined = await addMember(ctx.branch, { discipline_probation_until: '2025-03-12' });
		const restored = await addMember(ctx.branch, { discipline_probation_until: '2025-03-11' });
		const c = await driveTo(ctx, 8);
		const rule = 'develop.introducers';
		await refused(ctx, c.id, { step: 9, done_on: '2025-03-12', data: { introducers: [ctx.m1] } }, { field: 'introducers', rule });
		await refused(ctx, c.id, { step: 9, done_on: '2025-03-12', data: { introducers: [ctx.m1, prob] } },
			{ field: 'introducers', rule, message: /not a full member/ });
		await refused(ctx, c.id, { step: 9, done_on: '2025-03-12', data: { introducers: [ctx.m1, disciplined] } },
			{ field: 'introducers', rule, message: /留党察看.*2025-03-12/ });
		const ok = await record(c.id, 9, '2025-03-12', { introducers: [ctx.m1, restored] });
		assert.deepEqual(ok.next_steps, [10]);
	});

	it('refuses training of 2 days and 23 hours; takes 24 hours', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 10);
		await refused(ctx, c.id, { step: 11, done_on: '2025-04-10', data: { days: 2, hours: 23 } },
			{ field: 'days', rule: 'develop.training_min_days' });
		await record(c.id, 11, '2025-04-10', { hours: 24 });
	});

	it('lets continued education (step 21) come between the application for conversion and the meeting', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 22);
		c = await record(c.id, 21, '2026-05-25', {});
		assert.deepEqual(c.next_steps, [21, 23], 'the application stands: no second one is needed');
		c = await record(c.id, 23, '2026-06-05', MEETING, 'convert');
		assert.deepEqual(c.next_steps, [24]);
	});

	it('ends the process at a failed political review: the case closes itself and takes no more steps (409)', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 9);
		assert.deepEqual(await stages(ctx.branch), { applicant: 0, activist: 0, target: 1 });
		c = await record(c.id, 10, '2025-04-01', { conclusion: '有不宜发展的情况' }, 'fail');
		assert.deepEqual([c.stage, c.outcome, c.next_steps], ['closed', 'review_failed', []]);
		await refused(ctx, c.id, { step: 11, done_on: '2025-04-10', data: { days: 3 } },
			{ status: 409, message: /closed/ });
		const closed = await srv.post(`/api/v1/develop/cases/${c.id}/close`, { on: '2025-04-15', outcome: 'not_developed', reason: '政治审查不合格' });
		assert.equal(closed.status, 409, JSON.stringify(closed.body));
		assert.deepEqual(await stages(ctx.branch), { applicant: 0, activist: 0, target: 0 });
	});

	it('refuses the pre-review by a committee not above the branch, or with the person leaving the unit within 3 months', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 12);
		const rule = 'develop.approver_authority';
		for (const org of [ctx.branch, srv.other.id])
			await refused(ctx, c.id, { step: 13, done_on: '2025-05-12', data: { approving_org_id: org }, decision: 'pass' },
				{ field: 'approving_org_id', rule });
		const leaving = await driveTo(ctx, 12, { leaving_unit_on: '2025-08-11' });
		assert.equal(leaving.leaving_unit_on, '2025-08-11');
		await refused(ctx, leaving.id, { step: 13, done_on: '2025-05-12', data: { approving_org_id: ctx.county }, decision: 'pass' },
			{ field: 'leaving_unit_on', rule: 'develop.leave_unit_months' });
		await record(c.id, 13, '2025-05-12', { approving_org_id: ctx.county }, 'pass');
	});

	it('holds the branch meeting to quorum and the majority of those expected', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 14);
		const notice = { notice_from: '2025-05-26', notice_to: '2025-05-30' };
		await refused(ctx, c.id, { step: 15, done_on: '2025-06-03', data: { ...MEETING, present: 8, yes: 7, ...notice } },
			{ field: 'present', rule: 'develop.meeting.quorum_percent' });
		await refused(ctx, c.id, { step: 15, done_on: '2025-06-03', data: { ...MEETING, notice_from: '2025-05-26', notice_to: '2025-05-29' } },
			{ field: 'notice_to', rule: 'develop.notice_admission_working_days' });
		await refused(ctx, c.id, { step: 15, done_on: '2025-06-03', data: { ...MEETING, written_yes: 8, ...notice } },
			{ status: 400, field: 'written_yes' });
		await refused(ctx, c.id, { step: 15, done_on: '2025-06-13', data: { ...MEETING, ...notice } },
			{ field: 'done_on', rule: 'develop.meeting_after_prereview_months' });
		// 8 yes of 16 expected: the meeting is held, the person is not admitted
		c = await record(c.id, 15, '2025-06-03', { ...MEETING, written_yes: 0, ...notice });
		assert.equal(c.steps.at(-1).decision, 'not_admitted');
		assert.equal(c.admitted_on, null);
		assert.equal(c.stage, 'target');
		assert.deepEqual(c.next_steps, [15]);
		assert.deepEqual(c.due, []);
		// it may meet again, while the political review of 2025-04-01 is valid (12 months)
		await refused(ctx, c.id, { step: 15, done_on: '2026-04-02', data: { ...MEETING, ...notice } },
			{ field: 'done_on', rule: 'develop.political_review_valid_months' });
		// it meets again: 7 yes and 2 written of absent members
		c = await record(c.id, 15, '2025-06-05', { ...MEETING, yes: 7, written_yes: 2, ...notice });
		assert.equal(c.steps.at(-1).decision, 'admitted');
		assert.equal(c.admitted_on, '2025-06-05');
		assert.deepEqual(c.next_steps, [16]);
	});

	it('refuses the branch meeting of a branch with 2 full members', async () => {
		const ctx = await newBranch(2);
		const c = await driveTo(ctx, 14);
		await refused(ctx, c.id, { step: 15, done_on: '2025-06-03', data: VALID(ctx)[14][2] },
			{ field: 'org_id', rule: 'develop.meeting.min_full_members' });
	});

	it('refuses approval after 3 months without the reason and after 6 months with it; creates no member then', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 16);
		const data = { approving_org_id: ctx.county };
		await refused(ctx, c.id, { step: 17, done_on: '2025-09-04', data, decision: 'approve' },
			{ field: 'extension_reason', rule: 'develop.approval_months' });
		await refused(ctx, c.id, { step: 17, done_on: '2025-12-04', data: { ...data, extension_reason: '外调材料未齐' }, decision: 'approve' },
			{ field: 'done_on', rule: 'develop.approval_max_months' });
		await refused(ctx, c.id, { step: 17, done_on: '2025-07-01', data: { approving_org_id: srv.other.id }, decision: 'approve' },
			{ field: 'approving_org_id', rule: 'develop.approver_authority' });
		assert.equal(await memberCount(ctx.branch), 16);
		c = await record(c.id, 17, '2025-12-03', { ...data, extension_reason: '外调材料未齐' }, 'approve');
		assert.equal(c.stage, 'probationary');
		assert.equal(c.probation_end, '2026-06-03', 'probation runs from the meeting, not the approval');
		assert.equal(await memberCount(ctx.branch), 17);
		c = await record(c.id, 18, '2025-12-05');
		const foreign = await srv.post('/api/v1/orgs', { code: uniq('DG'), name: `他支部党小组${uniq('')}`, type: 'group', parent_id: (await newBranch(0)).branch });
		assert.equal(foreign.status, 201, JSON.stringify(foreign.body));
		await refused(ctx, c.id, { step: 19, done_on: '2025-12-06', data: { group_id: foreign.body.id } }, { status: 400, field: 'group_id' });
		assert.equal((await srv.get(`/api/v1/members/${c.member_id}`)).body.group_id, null);
	});

	it('takes a refusal of approval at any time (the limits bind an approval), closing the case', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 16);
		c = await record(c.id, 17, '2025-12-10', { approving_org_id: ctx.county }, 'reject');
		assert.deepEqual([c.stage, c.outcome, c.member_id], ['closed', 'not_approved', null]);
	});

	it('lets only who may approve for the committee record its decisions (pre-review, approval, conversion approval)', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 12);
		const name = uniq('dev-sec').toLowerCase();
		assert.equal(runCli(srv.db, 'account', 'add', name, '--password', 'Develop-Pass-2026', '--role', 'secretary',
			'--org', String(ctx.branch)).status, 0);
		const { client } = await login(srv, name, 'Develop-Pass-2026');
		// the branch's secretary records the branch's own steps ...
		const own = await client.get(`/api/v1/develop/cases/${c.id}`);
		assert.equal(own.status, 200, JSON.stringify(own.body));
		// ... but not the county committee's pre-review: 404, as for a committee it cannot see
		const before = await snapshot(ctx, c.id);
		const r = await client.post(`/api/v1/develop/cases/${c.id}/steps`,
			{ step: 13, done_on: '2025-05-12', actor: '县委组织部', data: { approving_org_id: ctx.county }, decision: 'pass' });
		assert.equal(r.status, 404, JSON.stringify(r.body));
		assert.equal(r.body.error.field, 'approving_org_id');
		assert.deepEqual(await snapshot(ctx, c.id), before);
	});

	it('closes the case when the committee does not approve, and creates no member', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 16);
		c = await record(c.id, 17, '2025-07-01', { approving_org_id: ctx.county }, 'reject');
		assert.equal(c.stage, 'closed');
		assert.equal(c.outcome, 'not_approved');
		assert.equal(c.member_id, null);
		assert.deepEqual(c.next_steps, []);
		assert.equal(await memberCount(ctx.branch), 16);
		assert.deepEqual(await stages(ctx.branch), { applicant: 0, activist: 0, target: 0 });
		await refused(ctx, c.id, { step: 18, done_on: '2025-07-05' }, { status: 409 });
	});

	it('refuses the conversion meeting before probation ends, a short or long extension, a second one, a late approval', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 22);
		const yes = { ...MEETING, yes: 9, no: 0, written_yes: 0 };
		await refused(ctx, c.id, { step: 23, done_on: '2026-06-02', data: yes, decision: 'convert' },
			{ field: 'done_on', rule: 'member.probation_months' });
		await refused(ctx, c.id, { step: 23, done_on: '2026-06-05', data: { ...yes, yes: 8 }, decision: 'convert' },
			{ field: 'yes', rule: 'develop.meeting.pass_percent' });
		await refused(ctx, c.id, { step: 23, done_on: '2026-06-05', data: { ...yes, extension_months: 5 }, decision: 'extend' },
			{ field: 'extension_months', rule: 'develop.extension_min_months' });
		await refused(ctx, c.id, { step: 23, done_on: '2026-06-05', data: { ...yes, extension_months: 13 }, decision: 'extend' },
			{ field: 'extension_months', rule: 'member.probation_max_extension_months' });

		// one extension of 6 months, approved: probation ends on 2026-12-03
		c = await record(c.id, 23, '2026-06-05', { ...yes, extension_months: 6 }, 'extend');
		assert.equal(c.probation_end, '2026-06-03', 'not moved before the approval');
		c = await record(c.id, 24, '2026-07-01', { approving_org_id: ctx.county }, 'approve');
		assert.equal(c.stage, 'probationary');
		assert.equal(c.extensions, 1);
		assert.equal(c.probation_end, '2026-12-03');
		assert.deepEqual(c.next_steps, [21, 22]);
		assert.equal((await srv.get(`/api/v1/members/${c.member_id}`)).body.category, 'probationary');
		c = await record(c.id, 22, '2026-11-20');
		await refused(ctx, c.id, { step: 23, done_on: '2026-12-05', data: { ...yes, extension_months: 6 }, decision: 'extend' },
			{ field: 'decision', rule: 'develop.extension_max_count' });
		await refused(ctx, c.id, { step: 23, done_on: '2026-12-02', data: yes, decision: 'convert' },
			{ field: 'done_on', rule: 'member.probation_months' });
		c = await record(c.id, 23, '2026-12-03', yes, 'convert');
		assert.deepEqual(c.due.map((d) => [d.step, d.due_on, d.rule.key]), [[24, '2027-03-03', 'develop.conversion_approval_months']]);
		await refused(ctx, c.id, { step: 24, done_on: '2027-03-04', data: { approving_org_id: ctx.county }, decision: 'approve' },
			{ field: 'done_on', rule: 'develop.conversion_approval_months' });
		c = await record(c.id, 24, '2027-03-03', { approving_org_id: ctx.county }, 'approve');
		assert.equal(c.stage, 'full');
		assert.equal(c.converted_on, '2026-12-03');
		const m = (await srv.get(`/api/v1/members/${c.member_id}`)).body;
		assert.deepEqual([m.category, m.convert_date], ['full', '2026-12-03']);
	});

	let cancelled = null; // the member whose probation was cancelled
	it('closes the case when probation is cancelled', async () => {
		const ctx = await newBranch();
		let c = await driveTo(ctx, 22);
		c = await record(c.id, 23, '2026-06-05', { ...MEETING, yes: 9, no: 0, written_yes: 0 }, 'cancel');
		assert.equal(c.stage, 'probationary', 'not until the committee approves');
		c = await record(c.id, 24, '2026-07-01', { approving_org_id: ctx.county }, 'approve');
		assert.equal(c.stage, 'closed');
		assert.equal(c.outcome, 'cancelled');
		assert.equal(c.converted_on, null);
		assert.deepEqual(c.next_steps, []);
		cancelled = (await srv.get(`/api/v1/members/${c.member_id}`)).body;
		assert.deepEqual([cancelled.category, cancelled.state_date], ['probationary', '2026-07-01']);
	});

	it('ends the membership of a cancelled probationary member (state probation_cancelled)', () => {
			assert.ok(cancelled, 'the test above ran');
			assert.equal(cancelled.state, 'probation_cancelled');
		});

	it('refuses steps out of order (409), dated in the future or before the last step (400), or malformed', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 2);
		await refused(ctx, c.id, { step: 9, done_on: '2024-03-01', data: { introducers: [ctx.m1, ctx.m2] } },
			{ status: 409, field: 'step', message: /order of the flow chart/ });
		await refused(ctx, c.id, { step: 2, done_on: '2024-01-25' }, { status: 409, field: 'step' });
		await refused(ctx, c.id, { step: 1, done_on: '2024-01-25' }, { status: 409, field: 'step' });
		await refused(ctx, c.id, { step: 3, done_on: '2027-07-01', data: { decided_by: 'branch_committee' } },
			{ status: 400, field: 'done_on', message: /future/ });
		await refused(ctx, c.id, { step: 3, done_on: '2024-01-19', data: { decided_by: 'branch_committee' } },
			{ status: 400, field: 'done_on' });
		await refused(ctx, c.id, { step: 3, done_on: '2024-03-01', data: { decided_by: 'branch_committee' }, votes: 3 },
			{ status: 400, field: 'votes' });
		await refused(ctx, c.id, { step: 3, done_on: '2024-03-01', data: { decided_by: 'the secretary' } },
			{ status: 400, field: 'decided_by' });
		await refused(ctx, c.id, { step: 26, done_on: '2024-03-01' }, { status: 400, field: 'step' });
		await refused(ctx, c.id, { step: 3, done_on: '2024-3-1', data: { decided_by: 'branch_committee' } }, { status: 400, field: 'done_on' });
		await refused(ctx, c.id, { step: 3, done_on: '2024-03-01', actor: '', data: { decided_by: 'branch_committee' } },
			{ status: 400, field: 'actor' });
		const missing = await srv.post('/api/v1/develop/cases/999999/steps', { step: 2, done_on: '2024-01-20', actor: ACTOR });
		assert.equal(missing.status, 404, JSON.stringify(missing.body));
	});

	it('opens no second case for a member or for someone with an open case (409)', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 1);
		const before = await snapshot(ctx);
		for (const id_number of [memberIds.get(ctx.m1), c.idNumber]) {
			const r = await srv.post('/api/v1/develop/cases', personBody(ctx, { id_number }));
			assert.equal(r.status, 409, JSON.stringify(r.body));
			assert.equal(r.body.error.field, 'id_number');
			assert.ok(!JSON.stringify(r.body).includes(id_number));
		}
		// no case in a Party group
		const group = await srv.post('/api/v1/orgs', { code: uniq('DG'), name: `党小组${uniq('')}`, type: 'group', parent_id: ctx.branch });
		const inGroup = await srv.post('/api/v1/develop/cases', personBody({ branch: group.body.id }));
		assert.equal(inGroup.status, 400, JSON.stringify(inGroup.body));
		assert.equal(inGroup.body.error.field, 'org_id');
		// the same person in another organisation is the same person
		const elsewhere = await newBranch(0);
		const r = await srv.post('/api/v1/develop/cases', personBody(elsewhere, { id_number: c.idNumber }));
		assert.equal(r.status, 409, JSON.stringify(r.body));
		assert.deepEqual(await snapshot(ctx), before);
		// once the case is closed, the person may apply again
		const closed = await srv.post(`/api/v1/develop/cases/${c.id}/close`, { on: '2024-02-01', outcome: 'withdrawn', reason: '本人撤回申请' });
		assert.equal(closed.status, 200, JSON.stringify(closed.body));
		const again = await srv.post('/api/v1/develop/cases', personBody(ctx, { id_number: c.idNumber, applied_on: '2025-01-08' }));
		assert.equal(again.status, 201, JSON.stringify(again.body));
		assert.notEqual(again.body.id, c.id);
	});

	it('closes a case with a reason; a closed case takes no step and does not close again', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 3);
		assert.deepEqual(await stages(ctx.branch), { applicant: 0, activist: 1, target: 0 });
		const close = (body, want) => refused(ctx, c.id, body, want, `/api/v1/develop/cases/${c.id}/close`);
		await close({ on: '2024-04-01', outcome: 'withdrawn' }, { status: 400, field: 'reason' });
		await close({ on: '2024-04-01', outcome: 'withdrawn', reason: '' }, { status: 400, field: 'reason' });
		await close({ on: '2024-04-01', outcome: 'bored', reason: '本人撤回' }, { status: 400, field: 'outcome' });
		await close({ on: '2027-07-01', outcome: 'withdrawn', reason: '本人撤回' }, { status: 400, field: 'on', message: /future/ });
		await close({ on: '2024-02-29', outcome: 'withdrawn', reason: '本人撤回' }, { status: 400, field: 'on', message: /before the last step/ });
		const r = await srv.post(`/api/v1/develop/cases/${c.id}/close`, { on: '2024-04-01', outcome: 'moved_away', reason: '迁居外省' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.stage, 'closed');
		assert.equal(r.body.outcome, 'moved_away');
		assert.equal(r.body.version, c.version + 1);
		assert.deepEqual(r.body.next_steps, []);
		assert.deepEqual(r.body.due, []);
		assert.deepEqual(await stages(ctx.branch), { applicant: 0, activist: 0, target: 0 });
		// when, by whom and why are kept with the case and shown with it
		assert.deepEqual(r.body.closed, { on: '2024-04-01', by: 'tester', reason: '迁居外省' });
		assert.deepEqual((await srv.get(`/api/v1/orgs/${ctx.branch}/develop/cases?stage=closed`)).body.items.map((x) => x.id), [c.id]);
		await refused(ctx, c.id, { step: 4, done_on: '2024-03-05' }, { status: 409, message: /closed/ });
		await refused(ctx, c.id, { on: '2024-04-02', outcome: 'withdrawn', reason: '再次' }, { status: 409 }, `/api/v1/develop/cases/${c.id}/close`);
	});

	it('does not close a case the branch meeting has admitted', async () => {
		const ctx = await newBranch();
		const c = await driveTo(ctx, 15);
		await refused(ctx, c.id, { on: '2025-06-04', outcome: 'withdrawn', reason: '本人撤回' }, { status: 409 },
			`/api/v1/develop/cases/${c.id}/close`);
	});

	// --- what is due ------------------------------------------------------------------------

	it('lists what is due in a subtree, overdue first, each with its rule (API and CLI)', async () => {
		const ctx = await newBranch();
		const late = await openCase(ctx, { name: '迟谈话', applied_on: '2027-05-01' });   // talk due 2027-06-01
		const soon = await openCase(ctx, { name: '待谈话', applied_on: '2027-06-20' });   // talk due 2027-07-20
		const far = await openCase(ctx, { name: '远期', applied_on: '2027-06-28' });       // talk due 2027-07-28
		const admitted = await driveTo(ctx, 16, { name: '待审批' });                        // approval due 2025-09-03
		const done = await driveTo(ctx, 2, { name: '已谈话' });                             // nothing due
		const r = await srv.get(`/api/v1/orgs/${ctx.branch}/develop/due?within=21`);
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.within, 21);
		const items = r.body.items;
		assert.deepEqual(items.map((x) => [x.case_id, x.step, x.due_on, x.hard_limit, x.overdue, x.days_left, x.rule.key]), [
			[admitted.id, 17, '2025-09-03', '2025-12-03', true, daysBetween(TODAY, '2025-09-03'), 'develop.approval_months'],
			[late.id, 2, '2027-06-01', null, true, -29, 'develop.talk_within_months'],
			[soon.id, 2, '2027-07-20', null, false, 20, 'develop.talk_within_months'],
		]);
		assert.ok(!items.some((x) => x.case_id === far.id || x.case_id === done.id));
		const talk = items[1];
		assert.deepEqual([talk.name, talk.stage, talk.org_id, talk.step_zh], ['迟谈话', 'applicant', ctx.branch, '党组织派人谈话']);
		assert.equal(`${talk.rule.regulation} ${talk.rule.article}`, articles['develop.talk_within_months']);
		assert.equal(items[0].stage, 'target');
		// the county sees its subtree's, a committee beside the branch nothing of it
		const county = (await srv.get(`/api/v1/orgs/${srv.county.id}/develop/due?within=21`)).body.items;
		assert.ok(county.some((x) => x.case_id === late.id));
		assert.deepEqual((await srv.get(`/api/v1/orgs/${srv.other.id}/develop/due`)).body.items, []);
		assert.equal((await srv.get(`/api/v1/orgs/${ctx.branch}/develop/due?within=400`)).status, 400);

		// the command line, by the branch's code, says the same
		const due = srv.cli('develop', 'due', ctx.code, '--within', '21');
		assert.equal(due.status, 0, due.stderr);
		const lines = due.stdout.trim().split('\n');
		assert.equal(lines.length, 3, due.stdout);
		assert.equal(lines[0], `2025-09-03  OVERDUE  case ${admitted.id} ${admitted.name} (target): step 17 上级党委审批;` +
			` late by ${-daysBetween(TODAY, '2025-09-03')} days; 上级党委在三个月内审批 [develop.approval_months 第二十四或二十五条（条号待核）]`);
		assert.equal(lines[1], `2027-06-01  OVERDUE  case ${late.id} 迟谈话 (applicant): step 2 党组织派人谈话; late by 29 days;` +
			' 党组织收到入党申请书后一个月内派人谈话 [develop.talk_within_months 第七条]');
		assert.equal(lines[2], `2027-07-20  due      case ${soon.id} 待谈话 (applicant): step 2 党组织派人谈话; in 20 days;` +
			' 党组织收到入党申请书后一个月内派人谈话 [develop.talk_within_months 第七条]');
		const narrow = srv.cli('develop', 'due', String(ctx.branch), '--within', '0');
		assert.equal(narrow.status, 0, narrow.stderr);
		assert.equal(narrow.stdout.trim().split('\n').length, 2, narrow.stdout);
		const asJson = srv.cli('develop', 'due', ctx.code, '--within', '21', '--json');
		assert.deepEqual(JSON.parse(asJson.stdout), items);

		const list = srv.cli('develop', 'list', ctx.code);
		assert.equal(list.status, 0, list.stderr);
		const branchName = `发展支部${ctx.code}`;
		assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.replace(/\s+/g, ' ')), [
			`case ${late.id} applicant 迟谈话 ${branchName} step 1 递交入党申请书`,
			`case ${soon.id} applicant 待谈话 ${branchName} step 1 递交入党申请书`,
			`case ${far.id} applicant 远期 ${branchName} step 1 递交入党申请书`,
			`case ${admitted.id} target ${admitted.name} ${branchName} step 16 上级党委派人谈话`,
			`case ${done.id} applicant 已谈话 ${branchName} step 2 党组织派人谈话`,
		]);
		const api = (await srv.get(`/api/v1/orgs/${ctx.branch}/develop/cases`)).body.items;
		assert.deepEqual(api.map((x) => x.id), [late.id, soon.id, far.id, admitted.id, done.id]);
		const targets = srv.cli('develop', 'list', ctx.code, '--stage', 'target');
		assert.deepEqual(targets.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1]), [String(admitted.id)]);
		const bad = srv.cli('develop', 'due', 'NO-SUCH-ORG');
		assert.notEqual(bad.status, 0);
	});

	it('keeps the statistics equal to a recount after all of it (`jiceng stats verify`)', () => {
		const v = srv.cli('stats', 'verify');
		assert.equal(v.status, 0, `jiceng stats verify: ${v.stdout}${v.stderr}`);
		assert.match(v.stdout, / 0 differ/);
	});
});
