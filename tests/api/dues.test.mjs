// dues.test.mjs - Party dues (党费, domain-rules §4, 中组发〔2008〕3号) over real HTTP.
//
// The quote (every category; the farmers' amount a province sets, its own subtree only; the CLI),
// the yearly standard a branch fixes (each amount the quote; once a year; the member record
// follows), a change from the month new pay is first received; the ledger month by month: paid,
// back-paid up to 6 months and refused at 7, paid in part after a raise, exempt by an approved
// reduction, unpaid with a recorded reason, a payment reversed; the voluntary part that goes to
// the Central Committee at 1,000 yuan and not at 999.99; the members unpaid 5 months in a row
// (listed) and 6 (listed for the branch's decision, nothing changed); hardship in two steps (the
// branch's valid meeting, then the organisation one level up - not two levels up, not the branch
// itself, not the secretary); spending only in the five uses, on a valid meeting of the spending
// organisation (or a committee's minutes), never beyond what it holds; money moving one level
// only; a generated year of a county's subtree reconciled (collected, remitted, received,
// allocated, spent, to the centre, balances) against the test's own books, with the statement in
// JSON and XLSX; a member reading their own dues and nobody else's.
//
// Every refusal answers its status, field (and rule with article for 422) and changes no dues
// table and writes no audit record of a change (read with sqlite3).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { useServer, uniq, idNumber, login, runCli, todayCST } from './harness.mjs';

const PASSWORD = 'Dues-Pass-2026';
const TABLES = ['dues_opening', 'dues_standard', 'dues_reduction', 'dues_reduction_decision', 'dues_payment', 'dues_payment_month', 'dues_excuse',
	'dues_spending', 'dues_transfer'];

const TODAY = todayCST();
const YEAR = Number(TODAY.slice(0, 4));
const LAST = YEAR - 1;
const NOW = TODAY.slice(0, 7);
/** "YYYY-MM" plus n months. */
const addM = (m, n) => {
	const t = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
	return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
};
const monthsOf = (year) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

describe('Party dues (党费)', () => {
	const articles = {};
	const srv = useServer(async (s) => {
		const org = async (type, parent, label) => {
			const code = uniq('DU');
			const r = await s.post('/api/v1/orgs', { code, name: `${label}${code}`, type, ...(parent ? { parent_id: parent.id } : {}) });
			assert.equal(r.status, 201, `create ${label}: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.root = await org('central_committee', null, '中央');
		s.province = await org('province_committee', s.root, '党费省委');
		s.county = await org('county_committee', s.province, '党费县委');
		s.town = await org('township_committee', s.county, '党费镇');
		s.x = await org('branch', s.town, '甲村支部');
		s.y = await org('branch', s.town, '乙村支部');
		s.town2 = await org('township_committee', s.county, '党费二镇');
		s.w = await org('branch', s.town2, '丁村支部');
		s.other = await org('province_committee', s.root, '别省委');
		s.otherCounty = await org('county_committee', s.other, '别县委');
		s.otherBranch = await org('branch', s.otherCounty, '别村支部');
		const member = async (o, over = {}) => {
			const r = await s.post('/api/v1/members', {
				org_id: o.id, name: uniq('党员'), id_number: idNumber('1975-05-05', 'M', '440703'), ethnicity: '01',
				education: 'bachelor', occupation: 'worker', admit_date: '2005-07-01', convert_date: '2006-07-01', ...over,
			});
			assert.equal(r.status, 201, `create member: ${JSON.stringify(r.body)}`);
			return r.body;
		};
		s.a = await member(s.x); // the ledger's arithmetic
		s.b = await member(s.x); // five months unpaid
		s.c = await member(s.x); // six months unpaid
		s.d = await member(s.x); // hardship
		s.e = await member(s.x, { occupation: 'farmer' });
		s.f = await member(s.x, { occupation: 'retired' });
		s.ym = await member(s.y);
		s.wm = await member(s.w);
		s.om = await member(s.otherBranch);
		const rules = await s.get(`/api/v1/orgs/${s.x.id}/rules`);
		for (const r of rules.body.items)
			articles[r.key] = `${r.regulation} ${r.article}`;
		for (const [login_, role, o] of [['du-secretary', 'secretary', s.x], ['du-town', 'org_staff', s.town], ['du-county', 'org_staff', s.county]]) {
			const a = runCli(s.db, 'account', 'add', login_, '--password', PASSWORD, '--role', role, '--org', String(o.id));
			assert.equal(a.status, 0, a.stderr);
		}
		const m = runCli(s.db, 'account', 'add', 'du-member', '--password', PASSWORD, '--role', 'member', '--org', String(s.x.id),
			'--member', String(s.a.id));
		assert.equal(m.status, 0, m.stderr);
		s.secretary = (await login(s, 'du-secretary', PASSWORD)).client;
		s.townStaff = (await login(s, 'du-town', PASSWORD)).client;
		s.countyStaff = (await login(s, 'du-county', PASSWORD)).client;
		s.self = (await login(s, 'du-member', PASSWORD)).client;
	});

	// --- helpers ---------------------------------------------------------------------------

	const sql = (q) => execFileSync('sqlite3', ['-readonly', srv.db, q], { encoding: 'utf8' });
	const snapshot = () => ({
		...Object.fromEntries(TABLES.map((t) => [t, sql(`SELECT * FROM ${t} ORDER BY 1, 2`)])),
		audited: sql("SELECT count(*) FROM audit WHERE event LIKE 'dues.%' AND result = 'ok'"),
		members: sql('SELECT id, dues_base_fen, dues_standard_fen, version FROM member ORDER BY id'),
	});

	async function ok(method, path, body, status = 201, client = srv) {
		const r = await client.request(method, path, body);
		assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`);
		return r.body;
	}

	/** A request that must be refused with want {status, field, rule}; nothing may change. */
	async function refused(method, path, body, want, client = srv) {
		const before = snapshot();
		const r = await client.request(method, path, body);
		const what = `${method} ${path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.body)}`;
		assert.equal(r.status, want.status ?? 400, what);
		assert.deepEqual(Object.keys(r.body), ['error'], what);
		const e = r.body.error;
		assert.ok(e.message, what);
		if (want.field !== undefined)
			assert.equal(e.field, want.field ?? undefined, what);
		if (want.rule) {
			assert.equal(e.code, 'rule_violation', what);
			assert.equal(e.rule, want.rule, what);
			assert.ok(articles[want.rule], `the rule table has ${want.rule}`);
			assert.equal(e.article, articles[want.rule], what);
		} else {
			assert.equal(e.rule, want.ruleless ?? undefined, what);
		}
		assert.deepEqual(snapshot(), before, `nothing is saved by ${what}`);
		return e;
	}

	const meeting = async (org, kinds, held_on, over = {}) => ok('POST', '/api/v1/meetings', {
		org_id: org.id, kinds, held_on, chair: '支部书记', recorder: '组织委员', expected: 6, present: 5, ...over,
	});
	const dues = (m, year = YEAR, client = srv) => ok('GET', `/api/v1/members/${m.id}/dues?year=${year}`, undefined, 200, client);
	const monthOf = (d, month) => d.months.find((x) => x.month === month);
	const pay = (m, months, over = {}, client = srv) =>
		ok('POST', `/api/v1/members/${m.id}/dues/payments`, { months, channel: 'cash', paid_on: TODAY, ...over }, 201, client);
	const fix = (o, year, items, client = srv) => ok('POST', `/api/v1/orgs/${o.id}/dues/standards`, { year, items }, 201, client);

	// --- the quote -------------------------------------------------------------------------------

	it('quotes every category with the rules applied and their articles', async () => {
		const cases = [
			['employed', 500000, 5000, 'dues.employed.rate2_bp'], ['employed', 500001, 7500, 'dues.employed.rate3_bp'],
			['employed', 299999, 1500, 'dues.employed.rate1_bp'], ['employed', 1000001, 20000, 'dues.employed.rate4_bp'],
			['annual_salary', 1000000, 15000, 'dues.annual_salary.table'], ['self_employed', 300001, 3000, 'dues.self_employed.table'],
			['retired', 500000, 2500, 'dues.retired.rate1_bp'], ['retired', 500001, 5000, 'dues.retired.rate2_bp'],
			['farmer', 0, 20, 'dues.farmer.monthly_fen'], ['student', 0, 20, 'dues.low_income.monthly_fen'],
			['unemployed', 0, 20, 'dues.low_income.monthly_fen'], ['relief', 0, 20, 'dues.low_income.monthly_fen'],
		];
		for (const [category, base, amount, key] of cases) {
			const q = await ok('GET', `/api/v1/dues/quote?category=${category}&base_fen=${base}`, undefined, 200);
			assert.equal(q.amount_fen, amount, `${category} ${base}`);
			const rule = q.rules.find((r) => r.key === key);
			assert.ok(rule, `${category} ${base} cites ${key}: ${JSON.stringify(q.rules)}`);
			assert.equal(`${rule.regulation} ${rule.article}`, articles[key]);
			assert.match(rule.regulation, /中组发〔2008〕3号/);
		}
		const q = await ok('GET', '/api/v1/dues/quote?category=employed&base_fen=500000', undefined, 200);
		assert.equal(q.amount, '50.00');
		assert.equal(q.band, 2);
		assert.equal(q.rate_bp, 100);
		assert.ok(q.rules.some((r) => r.key === 'dues.rounding.mode'), 'the rounding is a rule too');
		await refused('GET', '/api/v1/dues/quote?category=cadre&base_fen=1', undefined, { field: 'category' });
		const every = await ok('GET', '/api/v1/dues/quote?base_fen=500000', undefined, 200);
		assert.deepEqual(every.items.map((x) => [x.category, x.amount_fen]), [['employed', 5000], ['annual_salary', 5000],
			['self_employed', 5000], ['retired', 2500], ['farmer', 20], ['student', 20], ['unemployed', 20], ['relief', 20]]);
		assert.equal(every.base_fen, 500000);
		await refused('GET', '/api/v1/dues/quote?category=employed&base_fen=-1', undefined, { field: 'base_fen' });
		await refused('GET', '/api/v1/dues/quote?category=employed&base_fen=12.5', undefined, { field: 'base_fen' });
		// a member may use the calculator too
		const self = await ok('GET', '/api/v1/dues/quote?category=retired&base_fen=600000', undefined, 200, srv.self);
		assert.equal(self.amount_fen, 6000);
	});

	it('takes the farmers\' amount a province sets, in its subtree only; the regulation\'s range holds', async () => {
		const o = await srv.post(`/api/v1/orgs/${srv.province.id}/rules`,
			{ key: 'dues.farmer.monthly_fen', value: '50', reason: '本省农民党员每月交纳党费0.5元', effective_from: '2008-04-01' });
		assert.equal(o.status, 200, JSON.stringify(o.body));
		const here = await ok('GET', `/api/v1/dues/quote?category=farmer&org_id=${srv.x.id}`, undefined, 200);
		assert.equal(here.amount_fen, 50);
		assert.deepEqual(here.rules.find((r) => r.key === 'dues.farmer.monthly_fen').source, { kind: 'override', org_id: srv.province.id });
		const there = await ok('GET', `/api/v1/dues/quote?category=farmer&org_id=${srv.otherBranch.id}`, undefined, 200);
		assert.equal(there.amount_fen, 20);
		assert.deepEqual(there.rules.find((r) => r.key === 'dues.farmer.monthly_fen').source, { kind: 'national' });
		// a secretary asks about her own subtree only
		await refused('GET', `/api/v1/dues/quote?category=farmer&org_id=${srv.otherBranch.id}`, undefined, { status: 404 }, srv.secretary);
		// a value outside 0.2-1 yuan is refused when used, naming the regulation's bound
		const bad = await srv.post(`/api/v1/orgs/${srv.otherCounty.id}/rules`,
			{ key: 'dues.farmer.monthly_fen', value: '150', reason: '误设', effective_from: '2008-04-01' });
		assert.equal(bad.status, 200, JSON.stringify(bad.body));
		await refused('GET', `/api/v1/dues/quote?category=farmer&org_id=${srv.otherBranch.id}`, undefined,
			{ status: 422, field: 'category', rule: 'dues.farmer.max_fen' });
		await srv.post(`/api/v1/orgs/${srv.otherCounty.id}/rules`,
			{ key: 'dues.farmer.monthly_fen', value: '100', reason: '更正', effective_from: '2008-04-01' });
	});

	it('quotes from the command line, a base in yuan with two decimals', () => {
		const r = runCli(srv.db, 'dues', 'quote', '--category', 'employed', '--base', '5000.50', '--json');
		assert.equal(r.status, 0, r.stderr);
		const q = JSON.parse(r.stdout);
		assert.equal(q.base_fen, 500050);
		assert.equal(q.amount_fen, 7501); // 1.5 % of 5,000.50 = 75.0075
		const text = runCli(srv.db, 'dues', 'quote', '--category', 'retired', '--base', '5000');
		assert.equal(text.status, 0, text.stderr);
		assert.match(text.stdout, /25\.00 yuan a month/);
		assert.match(text.stdout, /dues\.retired\.rate1_bp/);
		assert.match(text.stdout, /第五条/);
		const farmer = runCli(srv.db, 'dues', 'quote', '--category', 'farmer', '--org', String(srv.x.id), '--json');
		assert.equal(JSON.parse(farmer.stdout).amount_fen, 50);
		for (const args of [['--category', 'employed'], ['--category', 'employed', '--base', '12.345'], ['--base', '100']])
			assert.equal(runCli(srv.db, 'dues', 'quote', ...args).status, 2, args.join(' '));
		assert.equal(runCli(srv.db, 'dues', 'quote', '--category', 'cadre', '--base', '1').status, 1);
	});

	// --- the yearly standard ------------------------------------------------------------------------

	it('fixes the year\'s standard of a branch\'s members with the quote, once a year; the member record follows', async () => {
		const items = [
			{ member_id: srv.a.id, category: 'employed', base_fen: 500000 },
			{ member_id: srv.b.id, category: 'employed', base_fen: 400000 },
			{ member_id: srv.c.id, category: 'employed', base_fen: 400000 },
			{ member_id: srv.d.id, category: 'employed', base_fen: 600000 },
			{ member_id: srv.e.id, category: 'farmer' },
			{ member_id: srv.f.id, category: 'retired', base_fen: 700000 },
		];
		const last = await fix(srv.x, LAST, items.map((i) => ({ ...i })));
		assert.deepEqual(last.items.map((i) => i.amount_fen), [5000, 4000, 4000, 9000, 50, 7000]);
		const now = await fix(srv.x, YEAR, items, srv.secretary);
		assert.deepEqual(now.items.map((i) => i.amount_fen), [5000, 4000, 4000, 9000, 50, 7000]);
		assert.ok(now.items.every((i) => Number.isInteger(i.standard_id)));
		const m = await ok('GET', `/api/v1/members/${srv.d.id}`, undefined, 200);
		assert.deepEqual([m.dues_base_fen, m.dues_standard_fen], [600000, 9000]);
		const hist = await ok('GET', `/api/v1/members/${srv.d.id}/history`, undefined, 200);
		assert.ok(hist.items.some((h) => h.changes?.dues_standard_fen), JSON.stringify(hist.items[0]));
		const d = await dues(srv.a);
		assert.deepEqual(d.standard, { id: d.standard.id, kind: 'yearly', category: 'employed', base_fen: 500000, amount_fen: 5000 });
		assert.equal(d.standards.length, 2);
		assert.ok(d.standards[1].rules.some((r) => r.key === 'dues.employed.rate2_bp'));
		assert.equal(d.fixed_yearly, true);
		// the other branches too, for the reconciliation
		await fix(srv.y, LAST, [{ member_id: srv.ym.id, category: 'retired', base_fen: 300000 }]);
		await fix(srv.w, LAST, [{ member_id: srv.wm.id, category: 'employed', base_fen: 800000 }]);
	});

	it('refuses a second standard of the year (409), another branch\'s member and bad items (400), changing nothing', async () => {
		const path = `/api/v1/orgs/${srv.x.id}/dues/standards`;
		const e = await refused('POST', path, { year: YEAR, items: [{ member_id: srv.a.id, category: 'employed', base_fen: 800000 }] },
			{ status: 409, field: 'items[0].member_id', ruleless: 'dues.standard.fixed_yearly' });
		assert.match(e.message, /change/);
		await refused('POST', path, { year: YEAR + 1, items: [{ member_id: srv.ym.id, category: 'employed', base_fen: 1 }] },
			{ field: 'items[0].member_id' });
		await refused('POST', path, { year: YEAR + 1, items: [{ member_id: srv.a.id, category: 'cadre', base_fen: 1 }] },
			{ field: 'items[0].category' });
		await refused('POST', path, { year: YEAR + 1, items: [{ member_id: srv.a.id, category: 'employed', base_fen: -5 }] },
			{ field: 'items[0].base_fen' });
		// a base category without its base: paying nothing is a hardship reduction, not a standard of 0
		for (const item of [{ category: 'employed' }, { category: 'retired', base_fen: 0 }]) {
			const b = await refused('POST', path, { year: YEAR + 1, items: [{ member_id: srv.a.id, ...item }] }, { field: 'items[0].base_fen' });
			assert.match(b.message, /hardship/);
		}
		await refused('POST', `/api/v1/members/${srv.a.id}/dues/changes`, { from_month: NOW, category: 'self_employed', base_fen: 0, reason: '调整' },
			{ field: 'base_fen' });
		await refused('POST', path, { year: YEAR + 1, items: [{ member_id: srv.a.id, category: 'employed', base_fen: 1, pay: 3 }] },
			{ field: 'items[0].pay' });
		await refused('POST', path, { year: YEAR + 1, items: [{ member_id: srv.a.id, category: 'employed', base_fen: 1 },
			{ member_id: srv.a.id, category: 'employed', base_fen: 2 }] }, { field: 'items[1].member_id' });
		for (const year of [2007, '2026', null])
			await refused('POST', path, { year, items: [{ member_id: srv.a.id, category: 'employed', base_fen: 1 }] }, { field: 'year' });
		await refused('POST', path, { year: YEAR + 1, items: [] }, { field: 'items' });
		await refused('POST', path, { year: YEAR + 1 }, { field: 'items' });
	});

	it('changes a standard from the month new pay is first received (第十条)', async () => {
		const from = `${YEAR}-12`;
		const r = await ok('POST', `/api/v1/members/${srv.f.id}/dues/changes`,
			{ from_month: from, category: 'retired', base_fen: 400000, reason: '养老金调整' });
		assert.equal(monthOf(r, `${YEAR}-11`).due_fen, 7000);
		assert.equal(monthOf(r, from).due_fen, 2000);
		assert.ok(r.standards.at(-1).rules.some((x) => x.key === 'dues.standard.change_from_month'));
		assert.equal(r.standards.at(-1).reason, '养老金调整');
		await refused('POST', `/api/v1/members/${srv.f.id}/dues/changes`, { from_month: '1999-01', category: 'retired', base_fen: 1 },
			{ field: 'from_month' });
		await refused('POST', `/api/v1/members/${srv.f.id}/dues/changes`, { from_month: `${YEAR}-13`, category: 'retired', base_fen: 1 },
			{ field: 'from_month' });
		await refused('POST', `/api/v1/members/${srv.f.id}/dues/changes`, { from_month: from, category: 'pensioner', base_fen: 1 },
			{ field: 'category' });
	});

	it('where a subtree does not fix the standard yearly (local rule), the last one stands into the next year', async () => {
		// fixed yearly (the national value): a year without its standard has none
		const y = await dues(srv.ym);
		assert.ok(y.months.every((m) => m.status === 'no_standard'), JSON.stringify(y.months[0]));
		assert.equal(y.standard, null);
		const o = await srv.post(`/api/v1/orgs/${srv.town2.id}/rules`,
			{ key: 'dues.standard.fixed_yearly', value: '0', reason: '本镇党员交纳标准核定后延续使用，变化时调整', effective_from: '2008-04-01' });
		assert.equal(o.status, 200, JSON.stringify(o.body));
		const w = await dues(srv.wm);
		assert.equal(w.fixed_yearly, false);
		assert.deepEqual([...new Set(w.months.map((m) => m.due_fen))], [12000], 'last year\'s 12.00 yuan stands');
		// and a second standard of the same year is taken, the newer one in force
		const again = await fix(srv.w, LAST, [{ member_id: srv.wm.id, category: 'employed', base_fen: 900000 }]);
		assert.equal(again.items[0].amount_fen, 13500);
		assert.equal(monthOf(await dues(srv.wm), NOW).due_fen, 13500);
	});

	// --- the ledger -------------------------------------------------------------------------------

	it('records payments month by month: paid, back-paid up to 6 months, refused at 7 naming the rule', async () => {
		const a = srv.a;
		await pay(a, [`${YEAR}-01`], { paid_on: `${YEAR}-01-10`, channel: 'bank', reference: 'BANK-0001' });
		let d = await dues(a);
		assert.deepEqual(monthOf(d, `${YEAR}-01`), { month: `${YEAR}-01`, status: 'paid', due_fen: 5000, paid_fen: 5000, owing_fen: 0,
			back_paid: false, excused: false, paid_on: `${YEAR}-01-10`, standard_id: d.standard.id });
		const six = addM(NOW, -6), seven = addM(NOW, -7);
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [seven], channel: 'cash' },
			{ status: 422, field: 'months', rule: 'dues.back_payment_max_months' });
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [six, seven], channel: 'cash' },
			{ status: 422, field: 'months', rule: 'dues.back_payment_max_months' });
		const p = await pay(a, [six], {}, srv.secretary);
		assert.equal(p.payment.dues_fen, 5000);
		d = await dues(a, Number(six.slice(0, 4)));
		assert.equal(monthOf(d, six).status, 'paid');
		assert.equal(monthOf(d, six).back_paid, true);
		// paid already, a month named twice, the sum given wrong, an unknown channel, a day to come
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [six], channel: 'cash' }, { status: 409, field: 'months' });
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [NOW, NOW], channel: 'cash' }, { field: 'months' });
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [NOW], channel: 'cash', amount_fen: 4999 },
			{ field: 'amount_fen' });
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [NOW], channel: 'wechat-red-packet' }, { field: 'channel' });
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [NOW], channel: 'cash', paid_on: '2999-01-01' },
			{ field: 'paid_on' });
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { channel: 'cash' }, { field: 'months' });
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: ['2004-01'], channel: 'cash', paid_on: '2004-01-05' },
			{ field: 'months' });
		// next year: nothing fixed yet (409), or further ahead than payment in advance goes (422)
		await refused('POST', `/api/v1/members/${a.id}/dues/payments`, { months: [`${YEAR + 1}-01`], channel: 'cash' },
			NOW >= `${YEAR}-07` ? { status: 409, field: 'months' } : { status: 422, field: 'months', rule: 'dues.prepay_max_months' });
		// this month, with the amount given right
		const q = await pay(a, [NOW], { amount_fen: 5000, channel: 'online' });
		assert.equal(monthOf(q, NOW).status, 'paid');
		assert.equal(monthOf(q, NOW).back_paid, false);
		assert.ok(q.totals.paid_fen >= 10000);
		assert.equal(q.payments.at(-1).channel, 'online');
	});

	it('marks a voluntary part of 1,000 yuan or more for the Central Committee, not 999.99 (第十一条)', async () => {
		const under = await pay(srv.a, [], { voluntary_fen: 99999, paid_on: `${LAST}-06-01` });
		assert.equal(under.payment.to_centre, false);
		const at = await pay(srv.a, [], { voluntary_fen: 100000, paid_on: `${LAST}-07-01`, reference: '自愿多交' });
		assert.equal(at.payment.to_centre, true);
		assert.equal(at.payment.dues_fen, 0);
		assert.equal(sql(`SELECT to_centre FROM dues_payment WHERE id = ${at.payment.id}`).trim(), '1');
		const d = await dues(srv.a, LAST);
		assert.deepEqual(d.payments.filter((p) => p.voluntary_fen > 0).map((p) => [p.voluntary_fen, p.to_centre]), [[99999, false], [100000, true]]);
		await refused('POST', `/api/v1/members/${srv.a.id}/dues/payments`, { voluntary_fen: -1, channel: 'cash' }, { field: 'voluntary_fen' });
	});

	it('reverses a payment by a new entry; the month is owed again; not twice, not a reversal', async () => {
		const month = addM(NOW, -1);
		const p = await pay(srv.a, [month], { channel: 'cash' });
		const id = p.payment.id;
		const r = await ok('POST', `/api/v1/members/${srv.a.id}/dues/reversals`, { payment_id: id, reason: '误记：实为下月交纳' });
		const d = await dues(srv.a, Number(month.slice(0, 4)));
		assert.equal(monthOf(d, month).paid_fen, 0);
		assert.equal(monthOf(d, month).status, 'unpaid');
		const rev = (await dues(srv.a)).payments.find((x) => x.id === r.reversal_id);
		assert.deepEqual([rev.reverses, rev.dues_fen, rev.reason], [id, -5000, '误记：实为下月交纳']);
		await refused('POST', `/api/v1/members/${srv.a.id}/dues/reversals`, { payment_id: id, reason: '再次' }, { status: 409, field: 'payment_id' });
		await refused('POST', `/api/v1/members/${srv.a.id}/dues/reversals`, { payment_id: r.reversal_id, reason: 'x' },
			{ status: 409, field: 'payment_id' });
		await refused('POST', `/api/v1/members/${srv.a.id}/dues/reversals`, { payment_id: id }, { field: 'reason' });
		await refused('POST', `/api/v1/members/${srv.b.id}/dues/reversals`, { payment_id: id, reason: 'x' }, { field: 'payment_id' });
		// the database refuses changes to the archive
		const u = spawnSync('sqlite3', [srv.db, `UPDATE dues_payment SET dues_fen = 1 WHERE id = ${id}`], { encoding: 'utf8' });
		assert.match(u.stderr, /never changed/);
		const del = spawnSync('sqlite3', [srv.db, `DELETE FROM dues_standard WHERE member_id = ${srv.a.id}`], { encoding: 'utf8' });
		assert.match(del.stderr, /never deleted/);
		// paid again, for real
		await pay(srv.a, [month], { channel: 'cash' });
	});

	it('lists members unpaid 5 months in a row, and at 6 for the branch\'s decision; nothing changes', async () => {
		// b paid through six months ago: five unpaid; c through seven months ago: six
		for (const [m, through] of [[srv.b, addM(NOW, -6)], [srv.c, addM(NOW, -7)]])
			for (let mo = `${LAST}-01`; mo <= through; mo = addM(mo, 1))
				await pay(m, [mo], { paid_on: `${mo}-10` });
		const list = await ok('GET', `/api/v1/orgs/${srv.town.id}/dues/arrears`, undefined, 200);
		const b = list.items.find((x) => x.member_id === srv.b.id), c = list.items.find((x) => x.member_id === srv.c.id);
		assert.deepEqual([b.months, b.since, b.through, b.for_decision], [5, addM(NOW, -5), addM(NOW, -1), false]);
		assert.deepEqual([c.months, c.since, c.through, c.for_decision], [6, addM(NOW, -6), addM(NOW, -1), true]);
		assert.equal(c.rule.key, 'member.self_withdrawal_months');
		assert.equal(c.rule.value, '6');
		assert.equal(b.owing_fen, 5 * 4000);
		assert.equal(b.org_id, srv.x.id);
		const names = list.items.map((x) => x.name);
		assert.deepEqual(names, [...names].sort(), 'in name order');
		const six = await ok('GET', `/api/v1/orgs/${srv.x.id}/dues/arrears?min_months=6`, undefined, 200);
		assert.ok(six.items.every((x) => x.months >= 6) && six.items.some((x) => x.member_id === srv.c.id));
		const cm = await ok('GET', `/api/v1/members/${srv.c.id}`, undefined, 200);
		assert.equal(cm.state, 'normal', 'never removed automatically');
		const d = await dues(srv.c);
		assert.deepEqual([d.arrears.months, d.arrears.for_decision], [6, true]);
		// a recorded reason for one of the months breaks the run
		await ok('POST', `/api/v1/members/${srv.b.id}/dues/excuses`, { months: [addM(NOW, -2)], reason: '住院治疗，无法交纳' });
		const after = await dues(srv.b, Number(addM(NOW, -2).slice(0, 4)));
		assert.equal(monthOf(after, addM(NOW, -2)).status, 'excused');
		assert.equal(after.arrears.months, 1);
		await refused('POST', `/api/v1/members/${srv.b.id}/dues/excuses`, { months: [addM(NOW, 1)], reason: 'x' }, { field: 'months' });
		await refused('POST', `/api/v1/members/${srv.b.id}/dues/excuses`, { months: [NOW] }, { field: 'reason' });
		// the ledger of the branch
		const ledger = await ok('GET', `/api/v1/orgs/${srv.x.id}/dues/ledger?year=${YEAR}`, undefined, 200, srv.secretary);
		assert.equal(ledger.months.length, 12);
		const row = ledger.members.find((x) => x.member_id === srv.c.id);
		assert.equal(row.unpaid_run, 6);
		assert.equal(row.for_decision, true);
		assert.equal(row.standard.amount_fen, 4000);
		assert.equal(row.cells[Number(NOW.slice(5)) - 1].status, 'open');
	});

	// --- hardship in two steps ------------------------------------------------------------------------

	it('lowers dues for hardship only after the branch\'s valid meeting and the approval one level up', async () => {
		const d = srv.d;
		const from = NOW, path = `/api/v1/members/${d.id}/dues/reductions`;
		const valid = await meeting(srv.x, ['committee_meeting'], TODAY);
		const lecture = await meeting(srv.x, ['lecture'], TODAY);
		const thin = await meeting(srv.x, ['members_meeting'], TODAY, { present: 2, without_quorum: true });
		const elsewhere = await meeting(srv.y, ['committee_meeting'], TODAY);
		const body = (over) => ({ from_month: from, amount_fen: 0, meeting_id: valid.id, reason: '重病住院，家庭困难', ...over });
		const rule = 'dues.hardship.branch_decision';
		await refused('POST', path, body({ meeting_id: elsewhere.id }), { status: 422, field: 'meeting_id', rule });
		await refused('POST', path, body({ meeting_id: lecture.id }), { status: 422, field: 'meeting_id', rule });
		await refused('POST', path, body({ meeting_id: thin.id }), { status: 422, field: 'meeting_id', rule });
		await refused('POST', path, body({ meeting_id: 99999999 }), { status: 422, field: 'meeting_id', rule });
		await refused('POST', path, body({ reason: undefined }), { field: 'reason' });
		await refused('POST', path, body({ amount_fen: 9000 }), { field: 'amount_fen' });
		await refused('POST', path, body({ to_month: `${YEAR + 1}-01` }), { field: 'to_month' });
		const r = await ok('POST', path, body({}), 201, srv.secretary);
		const id = r.reduction_id;
		assert.equal(r.reductions.at(-1).status, 'pending');
		assert.equal(monthOf(r, from).due_fen, 9000, 'not yet: the higher approval is missing');
		// step 2: not the branch's secretary, not the county (two levels up), not the branch itself
		const approve = (org, client, over = {}) => client.request('POST', `/api/v1/orgs/${org.id}/dues/approvals`,
			{ reduction_id: id, decision: 'approved', ...over });
		let a = await approve(srv.x, srv.secretary);
		assert.equal(a.status, 403, JSON.stringify(a.body));
		await refused('POST', `/api/v1/orgs/${srv.county.id}/dues/approvals`, { reduction_id: id, decision: 'approved' },
			{ status: 422, field: 'reduction_id', rule: 'dues.hardship.higher_approval' }, srv.countyStaff);
		await refused('POST', `/api/v1/orgs/${srv.x.id}/dues/approvals`, { reduction_id: id, decision: 'approved' },
			{ status: 422, field: 'reduction_id', rule: 'dues.hardship.higher_approval' });
		await refused('POST', `/api/v1/orgs/${srv.town2.id}/dues/approvals`, { reduction_id: id, decision: 'approved' }, { status: 404 });
		await refused('POST', `/api/v1/orgs/${srv.town.id}/dues/approvals`, { reduction_id: id, decision: 'maybe' },
			{ field: 'decision' }, srv.townStaff);
		await refused('POST', `/api/v1/orgs/${srv.town.id}/dues/approvals`, { reduction_id: id, decision: 'approved', decided_on: '2000-01-01' },
			{ field: 'decided_on' }, srv.townStaff);
		const pending = await ok('GET', `/api/v1/orgs/${srv.town.id}/dues/reductions?status=pending`, undefined, 200, srv.townStaff);
		assert.ok(pending.items.some((x) => x.id === id && x.approver_org_id === srv.town.id));
		a = await ok('POST', `/api/v1/orgs/${srv.town.id}/dues/approvals`, { reduction_id: id, decision: 'approved', note: '同意免交' }, 201,
			srv.townStaff);
		assert.equal(a.status, 'approved');
		assert.equal(a.higher_approval.org_id, srv.town.id);
		assert.equal(a.branch_decision.meeting_id, valid.id);
		const after = await dues(d);
		assert.equal(monthOf(after, from).status, 'exempt');
		assert.equal(monthOf(after, from).due_fen, 0);
		assert.equal(monthOf(after, from).reduction_id, id);
		assert.equal(monthOf(after, addM(from, -1)).due_fen, 9000, 'only from its first month');
		const m = await ok('GET', `/api/v1/members/${d.id}`, undefined, 200);
		assert.equal(m.dues_standard_fen, 0, 'the member record shows the amount in force');
		await refused('POST', `/api/v1/orgs/${srv.town.id}/dues/approvals`, { reduction_id: id, decision: 'rejected' },
			{ status: 409, field: 'reduction_id' }, srv.townStaff);
		// a rejected reduction changes nothing
		const r2 = await ok('POST', path, body({ amount_fen: 1000 }));
		await ok('POST', `/api/v1/orgs/${srv.town.id}/dues/approvals`, { reduction_id: r2.reduction_id, decision: 'rejected' }, 201, srv.townStaff);
		assert.equal(monthOf(await dues(d), from).due_fen, 0);
		await refused('POST', path, body({}), { status: 403 }, srv.self);
	});

	// --- use of dues, and a generated year reconciled --------------------------------------------------

	it('spends only in the five uses, on a valid meeting of the spending organisation, within what it holds', async () => {
		const path = `/api/v1/orgs/${srv.x.id}/dues/spending`;
		const held = await meeting(srv.x, ['members_meeting'], `${YEAR}-01-05`);
		const thin = await meeting(srv.x, ['members_meeting'], `${YEAR}-01-06`, { present: 1, without_quorum: true });
		const theirs = await meeting(srv.y, ['members_meeting'], `${YEAR}-01-05`);
		const body = (over) => ({ spent_on: `${YEAR}-01-20`, category: 'training', amount_fen: 1000, purpose: '购买党员培训教材', meeting_id: held.id, ...over });
		await refused('POST', path, body({ category: 'banquet' }), { status: 422, field: 'category', rule: 'dues.use.categories' });
		await refused('POST', path, body({ category: 'office_supplies' }), { status: 422, field: 'category', rule: 'dues.use.categories' });
		await refused('POST', path, body({ meeting_id: undefined }), { status: 422, field: 'meeting_id', rule: 'dues.use.collective_decision' });
		await refused('POST', path, body({ meeting_id: thin.id }), { status: 422, field: 'meeting_id', rule: 'dues.use.collective_decision' });
		await refused('POST', path, body({ meeting_id: theirs.id }), { status: 422, field: 'meeting_id', rule: 'dues.use.collective_decision' });
		await refused('POST', path, body({ spent_on: `${YEAR}-01-04` }), { status: 422, field: 'meeting_id', rule: 'dues.use.collective_decision' });
		await refused('POST', path, body({ amount_fen: 100000000 }), { status: 422, field: 'amount_fen', rule: 'dues.use.within_income' });
		await refused('POST', path, body({ amount_fen: 0 }), { field: 'amount_fen' });
		await refused('POST', path, body({ purpose: '' }), { field: 'purpose' });
		await refused('POST', path, body({ spent_on: '2999-01-01' }), { field: 'spent_on' });
		const s = await ok('POST', path, body({}), 201, srv.secretary);
		assert.equal(s.spending.at(-1).id, s.spending_id);
		assert.equal(s.spending.at(-1).meeting_id, held.id);
		assert.equal(s.flows.spent_by_use_fen.training, 1000);
		// a committee whose meetings are not kept here names its minutes
		const tpath = `/api/v1/orgs/${srv.town.id}/dues/spending`;
		await refused('POST', tpath, body({ meeting_id: undefined }), { status: 422, field: 'decision_ref', rule: 'dues.use.collective_decision' });
		await refused('POST', tpath, body({ meeting_id: undefined, decision_ref: '镇党委会纪要〔2026〕1号' }),
			{ status: 422, field: 'decision_ref', rule: 'dues.use.collective_decision' });
	});

	it('moves money one level only: remits to the parent, allocates to a child (第二十–二十一条)', async () => {
		const path = (o) => `/api/v1/orgs/${o.id}/dues/transfers`;
		const rule = 'dues.transfer.adjacent_levels';
		await refused('POST', path(srv.x), { kind: 'remit', to_org_id: srv.county.id, amount_fen: 100 }, { status: 422, field: 'to_org_id', rule });
		await refused('POST', path(srv.x), { kind: 'remit', to_org_id: srv.y.id, amount_fen: 100 }, { status: 422, field: 'to_org_id', rule });
		await refused('POST', path(srv.county), { kind: 'allocate', to_org_id: srv.x.id, amount_fen: 100, decision_ref: '县委会纪要', decided_on: TODAY },
			{ status: 422, field: 'to_org_id', rule });
		await refused('POST', path(srv.town), { kind: 'allocate', to_org_id: srv.county.id, amount_fen: 100, decision_ref: 'x', decided_on: TODAY },
			{ status: 422, field: 'to_org_id', rule });
		await refused('POST', path(srv.x), { kind: 'gift', to_org_id: srv.town.id, amount_fen: 100 }, { field: 'kind' });
		// the secretary names her parent (outside her subtree) but nothing else outside it
		await refused('POST', path(srv.x), { kind: 'remit', to_org_id: srv.county.id, amount_fen: 100 }, { status: 404 }, srv.secretary);
		await refused('POST', path(srv.x), { kind: 'remit', to_org_id: srv.town.id, amount_fen: 100000000 },
			{ status: 422, field: 'amount_fen', rule: 'dues.use.within_income' }, srv.secretary);
		// dated back to a day the branch held nothing: refused, although it holds enough now
		await refused('POST', path(srv.x), { kind: 'remit', to_org_id: srv.town.id, amount_fen: 100, on: '2009-01-01' },
			{ status: 422, field: 'amount_fen', rule: 'dues.use.within_income' }, srv.secretary);
		await ok('POST', path(srv.x), { kind: 'remit', to_org_id: srv.town.id, amount_fen: 100, on: TODAY, note: '上缴' }, 201, srv.secretary);
		// an allocation needs the allocating organisation's collective decision
		await refused('POST', path(srv.town), { kind: 'allocate', to_org_id: srv.x.id, amount_fen: 50 },
			{ status: 422, field: 'decision_ref', rule: 'dues.use.collective_decision' });
		await refused('POST', path(srv.town), { kind: 'allocate', to_org_id: srv.x.id, amount_fen: 50, category: 'banquet', decision_ref: '纪要', decided_on: TODAY },
			{ status: 422, field: 'category', rule: 'dues.use.categories' });
		await ok('POST', path(srv.town), { kind: 'allocate', to_org_id: srv.x.id, amount_fen: 50, category: 'hardship_aid',
			decision_ref: '镇党委会议纪要〔2026〕3号', decided_on: TODAY });
		const st = await ok('GET', `/api/v1/orgs/${srv.town.id}/dues/statement`, undefined, 200);
		assert.deepEqual([st.flows.received_from_children_fen, st.flows.allocated_down_fen, st.flows.closing_fen - st.flows.opening_fen], [100, 50, 50]);
	});

	it('reconciles a generated year of a county: every flow and balance against the test\'s own books', async () => {
		// a county of its own: township 1 with branches 1a and 1b, township 2 with branch 2a
		const org = async (type, parent, label) => ok('POST', '/api/v1/orgs', { code: uniq('RC'), name: `${label}${uniq('')}`, type, parent_id: parent.id });
		const county = await org('county_committee', srv.province, '对账县委');
		const t1 = await org('township_committee', county, '对账一镇'), t2 = await org('township_committee', county, '对账二镇');
		const b1a = await org('branch', t1, '一村'), b1b = await org('branch', t1, '二村'), b2a = await org('branch', t2, '三村');
		const member = async (o, occupation) => ok('POST', '/api/v1/members', { org_id: o.id, name: uniq('党员'),
			id_number: idNumber('1960-02-02', 'F', '440703'), gender: 'F', ethnicity: '01', education: 'junior', occupation,
			admit_date: '1990-07-01', convert_date: '1991-07-01' });
		const people = [
			[b1a, await member(b1a, 'farmer'), 'farmer', 0, 50], [b1a, await member(b1a, 'retired'), 'retired', 700000, 7000],
			[b1b, await member(b1b, 'retired'), 'retired', 300000, 1500], [b2a, await member(b2a, 'worker'), 'employed', 800000, 12000],
		];
		for (const [o, m, category, base_fen] of people)
			await fix(o, LAST, [{ member_id: m.id, category, base_fen }]);
		// each member pays quarterly (the quarter's three months at its end: two of them back-paid), now and
		// then a voluntary part; one of 1,000 yuan goes to the centre
		let seed = 7;
		const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
		const B = {};
		const book = (o) => (B[o.id] ??= { collected: 0, voluntary: 0, toCentre: 0, inParent: 0, inChildren: 0, up: 0, down: 0, spent: 0 });
		for (const [o, m, , , due] of people)
			for (let q = 0; q < 4; q++) {
				const months = [1, 2, 3].map((k) => `${LAST}-${String(q * 3 + k).padStart(2, '0')}`);
				if (rnd(5) === 0)
					continue; // a quarter not paid
				const vol = rnd(3) === 0 ? 100 * (1 + rnd(50)) : 0;
				const r = await pay(m, months, { paid_on: `${months[2]}-25`, voluntary_fen: vol, channel: 'bank' });
				assert.equal(r.payment.dues_fen, 3 * due);
				assert.deepEqual(months.map((mo) => monthOf(r, mo).back_paid), [true, true, false]);
				book(o).collected += 3 * due;
				book(o).voluntary += vol;
			}
		const big = await pay(people[2][1], [], { paid_on: `${LAST}-10-01`, voluntary_fen: 100000, channel: 'bank' });
		assert.equal(big.payment.to_centre, true);
		book(b1b).voluntary += 100000;
		book(b1b).toCentre += 100000;
		const balance = (o) => { const b = book(o); return b.collected + b.voluntary - b.toCentre + b.inParent + b.inChildren - b.up - b.down - b.spent; };
		const remit = async (from, to, amount, on) => {
			await ok('POST', `/api/v1/orgs/${from.id}/dues/transfers`, { kind: 'remit', to_org_id: to.id, amount_fen: amount, on });
			book(from).up += amount;
			book(to).inChildren += amount;
		};
		const allocate = async (from, to, amount, on) => {
			await ok('POST', `/api/v1/orgs/${from.id}/dues/transfers`, { kind: 'allocate', to_org_id: to.id, amount_fen: amount, on,
				category: 'training', decision_ref: `${from.name}会议纪要`, decided_on: on });
			book(from).down += amount;
			book(to).inParent += amount;
		};
		// after the last quarter's payments: the branches remit half to their township, township 1 a
		// tenth of it to the county, the county allocates half of that to township 2 and it a third
		// to its branch; each branch spends a quarter
		for (const o of [b1a, b1b, b2a])
			await remit(o, o === b2a ? t2 : t1, Math.floor(balance(o) / 2), `${LAST}-12-26`);
		await remit(t1, county, Math.floor(balance(t1) / 10), `${LAST}-12-27`);
		await allocate(county, t2, Math.floor(balance(county) / 2), `${LAST}-12-28`);
		await allocate(t2, b2a, Math.floor(balance(t2) / 3), `${LAST}-12-29`);
		for (const o of [b1a, b1b, b2a]) {
			const mt = await meeting(o, ['members_meeting'], `${LAST}-12-29`);
			const amount = Math.floor(balance(o) / 4);
			await ok('POST', `/api/v1/orgs/${o.id}/dues/spending`, { spent_on: `${LAST}-12-30`, category: ['training', 'materials', 'hardship_aid'][rnd(3)],
				amount_fen: amount, purpose: '年终慰问困难党员', meeting_id: mt.id });
			book(o).spent += amount;
		}
		await ok('POST', `/api/v1/orgs/${county.id}/dues/spending`, { spent_on: `${LAST}-12-31`, category: 'honours', amount_fen: 1,
			purpose: '表彰优秀党员', decision_ref: '县委常委会会议纪要', decided_on: `${LAST}-12-30` });
		book(county).spent += 1;

		const rec = await ok('GET', `/api/v1/orgs/${county.id}/dues/reconciliation?year=${LAST}`, undefined, 200);
		assert.equal(rec.adds_up, true, JSON.stringify(rec.checks));
		assert.ok(rec.checks.length >= 4 && rec.checks.every((c) => c.holds));
		const all = Object.values(B);
		const sum = (k) => all.reduce((n, b) => n + b[k], 0);
		const t = rec.subtree;
		assert.equal(t.opening_fen, 0);
		assert.equal(t.collected_fen, sum('collected'));
		assert.equal(t.voluntary_fen, sum('voluntary'));
		assert.equal(t.to_centre_fen, 100000, 'the 1,000 yuan voluntary payment shows as remitted to the centre');
		assert.equal(t.spent_fen, sum('spent'));
		assert.equal(t.remitted_up_fen, sum('up'));
		assert.equal(t.received_from_children_fen, sum('inChildren'));
		assert.equal(t.allocated_down_fen, sum('down'));
		assert.equal(t.received_from_parent_fen, sum('inParent'));
		assert.deepEqual([t.from_outside_fen, t.to_outside_fen], [0, 0]);
		assert.equal(t.closing_fen, sum('collected') + sum('voluntary') - 100000 - sum('spent'));
		assert.equal(rec.own.closing_fen, balance(county));
		const c1 = rec.children.find((c) => c.org_id === t1.id), c2 = rec.children.find((c) => c.org_id === t2.id);
		assert.equal(c1.closing_fen, balance(t1) + balance(b1a) + balance(b1b));
		assert.equal(c2.closing_fen, balance(t2) + balance(b2a));
		assert.equal(rec.own.closing_fen + c1.closing_fen + c2.closing_fen, t.closing_fen);
		// one level down, the county is outside: what township 1 remitted left its subtree
		const r1 = await ok('GET', `/api/v1/orgs/${t1.id}/dues/reconciliation?year=${LAST}`, undefined, 200);
		assert.equal(r1.adds_up, true, JSON.stringify(r1.checks));
		assert.deepEqual([r1.subtree.to_outside_fen, r1.subtree.from_outside_fen], [book(t1).up, 0]);
		assert.equal(r1.subtree.closing_fen, c1.closing_fen);
		const r2 = await ok('GET', `/api/v1/orgs/${t2.id}/dues/reconciliation?year=${LAST}`, undefined, 200);
		assert.deepEqual([r2.adds_up, r2.subtree.from_outside_fen], [true, book(t2).inParent]);
		// the next year opens with this one's closing
		const next = await ok('GET', `/api/v1/orgs/${county.id}/dues/reconciliation?year=${YEAR}`, undefined, 200);
		assert.equal(next.subtree.opening_fen, t.closing_fen);
		assert.equal(next.adds_up, true, JSON.stringify(next.checks));
		const cli = runCli(srv.db, 'dues', 'reconcile', String(county.id), '--year', String(LAST));
		assert.equal(cli.status, 0, cli.stderr);
		assert.match(cli.stdout, /adds up/);

		// branch 1b's statement of that year, for its members
		const st = await ok('GET', `/api/v1/orgs/${b1b.id}/dues/statement?year=${LAST}`, undefined, 200);
		const bb = book(b1b);
		assert.deepEqual([st.flows.opening_fen, st.flows.collected_fen, st.flows.voluntary_fen, st.flows.to_centre_fen, st.flows.remitted_up_fen,
			st.flows.spent_fen, st.flows.closing_fen], [0, bb.collected, bb.voluntary, bb.toCentre, bb.up, bb.spent, balance(b1b)]);
		assert.equal(st.spending.length, 1);
		assert.equal(st.flows.spent_by_use_fen[st.spending[0].category], st.spending[0].amount_fen);
		assert.ok(st.transfers.some((x) => x.kind === 'remit' && x.direction === 'out' && x.other_org_id === t1.id));
		assert.equal(st.months.reduce((n, m) => n + m.collected_fen, 0), st.flows.collected_fen);
		assert.equal(st.months.reduce((n, m) => n + m.to_centre_fen, 0), 100000);
		assert.equal(st.months.reduce((n, m) => n + m.back_paid_fen, 0), bb.collected * 2 / 3);
		assert.equal(st.members.count, 1);
		assert.equal(st.members.member_months.paid + st.members.member_months.unpaid, 12);
		const x = await srv.request('GET', `/api/v1/orgs/${b1b.id}/dues/statement/export?year=${LAST}`);
		assert.equal(x.status, 200);
		assert.match(x.headers.get('content-type'), /spreadsheetml/);
		assert.match(x.headers.get('content-disposition'), /dues-statement-/);
		assert.equal(sql("SELECT count(*) FROM audit WHERE event = 'dues.statement.export'").trim(), '1');
	});

	// --- the books kept before -------------------------------------------------------------------------

	it('takes over the balance of the books kept before, once; spending from it keeps within it; the statement and the reconciliation add it up', async () => {
		const code = uniq('DU');
		const v = await ok('POST', '/api/v1/orgs', { code, name: `接转支部${code}`, type: 'branch', parent_id: srv.town2.id });
		const meet = await meeting(v, ['committee_meeting'], TODAY);
		const spend = { spent_on: TODAY, category: 'training', amount_fen: 2000, purpose: '党员培训资料', meeting_id: meet.id };
		// nothing held yet: spending is refused at its amount
		await refused('POST', `/api/v1/orgs/${v.id}/dues/spending`, spend, { status: 422, field: 'amount_fen', rule: 'dues.use.within_income' });
		// bad bodies: a day to come, no source, a negative amount, an unknown key
		const path = `/api/v1/orgs/${v.id}/dues/opening`;
		const open = { on: `${YEAR}-01-01`, amount_fen: 12345, source: `${LAST}年党费收支账结余（纸质账本）` };
		await refused('POST', path, { ...open, on: '2999-01-01' }, { field: 'on' });
		await refused('POST', path, { ...open, source: '' }, { field: 'source' });
		await refused('POST', path, { ...open, amount_fen: -1 }, { field: 'amount_fen' });
		await refused('POST', path, { ...open, balance: 1 }, { field: 'balance' });
		// the secretary of another branch does not see this one
		await refused('POST', path, open, { status: 404, field: null }, srv.secretary);
		const st = await ok('POST', path, open);
		assert.deepEqual([st.flows.opening_fen, st.flows.brought_forward_fen, st.flows.closing_fen], [0, 12345, 12345]);
		assert.deepEqual(st.taken_over, { on: open.on, amount_fen: 12345, source: open.source });
		// once only
		await refused('POST', path, { ...open, on: TODAY }, { status: 409, field: 'on' });
		// spending from it, within it; beyond it refused
		const after = await ok('POST', `/api/v1/orgs/${v.id}/dues/spending`, spend);
		assert.equal(after.flows.closing_fen, 10345);
		await refused('POST', `/api/v1/orgs/${v.id}/dues/spending`, { ...spend, amount_fen: 10346 },
			{ status: 422, field: 'amount_fen', rule: 'dues.use.within_income' });
		// the next year opens with it; the township's reconciliation adds it up
		const next = await ok('GET', `/api/v1/orgs/${v.id}/dues/statement?year=${YEAR + 1}`, undefined, 200);
		assert.deepEqual([next.flows.opening_fen, next.flows.brought_forward_fen], [10345, 0]);
		const rec = await ok('GET', `/api/v1/orgs/${srv.town2.id}/dues/reconciliation?year=${YEAR}`, undefined, 200);
		assert.equal(rec.adds_up, true, JSON.stringify(rec.checks));
		assert.equal(rec.children.find((c) => c.org_id === v.id).brought_forward_fen, 12345);
		assert.ok(rec.subtree.brought_forward_fen >= 12345);
	});

	// --- a mobile member paying at the host ------------------------------------------------------

	it('lets the host record dues a mobile member paid there, credited to the home ledger (the activity card)', async () => {
		const h = await (async () => {
			const r = await srv.post('/api/v1/members', {
				org_id: srv.x.id, name: uniq('流动党员'), id_number: idNumber('1988-08-08', 'F', '440703'), ethnicity: '01',
				education: 'bachelor', occupation: 'worker', admit_date: '2012-07-01', convert_date: '2013-07-01',
			});
			assert.equal(r.status, 201, JSON.stringify(r.body));
			return r.body;
		})();
		await fix(srv.x, YEAR, [{ member_id: h.id, category: 'employed', base_fen: 300000 }]);
		const leftOn = `${addM(NOW, -1)}-01`;
		const g = await ok('POST', `/api/v1/members/${h.id}/mobile`, { left_on: leftOn, reason: '外出务工', destination: '丁村',
			contact: '13800138000', expected_return: `${YEAR + 1}-03-01`, host_org_id: srv.w.id });
		const a = runCli(srv.db, 'account', 'add', 'du-host', '--password', PASSWORD, '--role', 'secretary', '--org', String(srv.w.id));
		assert.equal(a.status, 0, a.stderr);
		const host = (await login(srv, 'du-host', PASSWORD)).client;
		const path = `/api/v1/mobile/${g.id}/dues/payments`;
		// not away that day, a collector named by the caller, the home's secretary (not the host's), the host through the member
		await refused('POST', path, { months: [NOW], channel: 'cash', paid_on: `${addM(NOW, -2)}-15` },
			{ status: 422, field: 'paid_on', rule: 'dues.mobile.pay_at_host' }, host);
		await refused('POST', path, { months: [NOW], channel: 'cash', collected_by_org_id: srv.w.id }, { field: 'collected_by_org_id' }, host);
		await refused('POST', path, { months: [NOW], channel: 'cash' }, { status: 404, field: null }, srv.secretary);
		await refused('POST', `/api/v1/members/${h.id}/dues/payments`, { months: [NOW], channel: 'cash' }, { status: 404, field: null }, host);
		await refused('POST', path, { months: [NOW], channel: 'cash' }, { status: 403, field: null }, srv.self);
		// the host records this month and last month (a back payment), collected by the host
		const p = await ok('POST', path, { months: [addM(NOW, -1), NOW], channel: 'cash', paid_on: TODAY, reference: 'HOST-1' }, 201, host);
		assert.deepEqual([p.member_id, p.payment.dues_fen, p.payment.collected_by_org_id], [h.id, 3000, srv.w.id]);
		assert.deepEqual(Object.keys(p).sort(), ['member_id', 'payment'], 'the host is told of the payment, not the home ledger');
		// credited at home: the member's months are paid, the payment names its collector
		const d = await dues(h, YEAR, srv.secretary);
		assert.deepEqual([monthOf(d, NOW).status, monthOf(d, addM(NOW, -1)).status], ['paid', 'paid']);
		const pd = d.payments.find((x) => x.id === p.payment.id);
		assert.equal(pd.collected_by_org_id, srv.w.id);
		// the money is in the host's hands: its statement counts it as collected
		const st = await ok('GET', `/api/v1/orgs/${srv.w.id}/dues/statement?year=${YEAR}`, undefined, 200);
		assert.equal(st.flows.collected_fen, 3000);
		assert.equal(sql(`SELECT count(*) FROM audit WHERE event LIKE 'dues.%' AND result = 'ok' AND object LIKE '%${g.id}%'`).trim() >= '1', true);
	});

	// --- who reads what ------------------------------------------------------------------------------

	it('lets a member read their own dues and nobody else\'s, and nothing of the branch', async () => {
		const mine = await dues(srv.a, YEAR, srv.self);
		assert.equal(mine.member_id, srv.a.id);
		assert.ok(mine.months.length === 12 && mine.payments.length > 0);
		for (const path of [`/api/v1/members/${srv.b.id}/dues`, `/api/v1/members/${srv.wm.id}/dues`]) {
			const r = await srv.self.get(path);
			assert.ok([403, 404].includes(r.status), `${path}: ${r.status}`);
			assert.deepEqual(Object.keys(r.body), ['error']);
		}
		for (const path of [`/api/v1/orgs/${srv.x.id}/dues/ledger`, `/api/v1/orgs/${srv.x.id}/dues/arrears`, `/api/v1/orgs/${srv.x.id}/dues/statement`]) {
			const r = await srv.self.get(path);
			assert.equal(r.status, 403, path);
		}
		const w = await srv.self.post(`/api/v1/members/${srv.a.id}/dues/payments`, { months: [NOW], channel: 'cash' });
		assert.equal(w.status, 403);
		// the secretary of X sees nothing of W
		const other = await srv.secretary.get(`/api/v1/members/${srv.wm.id}/dues`);
		assert.equal(other.status, 404);
	});
});
