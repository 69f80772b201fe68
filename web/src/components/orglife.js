// orglife.js - organisational life (组织生活) as the console shows it: which kinds of meeting an
// organisation holds, the periods compliance is judged in (a month "2026-03", a quarter
// "2026-Q1", a year "2026") and their neighbours, a month as weeks for the calendar, who is
// expected at a meeting (from the members API), and whether the account may record meetings
// at an organisation.
import { api, query } from '../api.js';
import { todayCST } from './develop.js';

// The organisations that hold the meetings of a branch (the server's orglife_rules.c).
const BRANCH_LIKE = new Set(['branch', 'joint_branch', 'temporary_branch', 'general_branch']);
const KINDS = ['theme_day', 'members_meeting', 'committee_meeting', 'lecture', 'life_meeting', 'appraisal', 'group_meeting'];

// The kinds of meeting an organisation of this type holds: a Party group its group meeting, a
// branch the others; none for a committee above the branches.
export function kindsFor(type) {
	if (type === 'group')
		return ['group_meeting'];
	return BRANCH_LIKE.has(type) ? KINDS.filter((k) => k !== 'group_meeting') : [];
}
export const holdsMeetings = (type) => kindsFor(type).length > 0;
export const isBranchLike = (type) => BRANCH_LIKE.has(type);

// Roles that may record meetings (orglife.write in src/auth/auth_rules.c). /auth/me names the
// roles and where they are granted, not their permissions: this is the console's copy.
const WRITERS = new Set(['org_staff', 'secretary', 'organiser']);

// Whether the session may record meetings at the organisation whose path (ids from the top
// down to it) is given: a writing role granted on it or above it.
export function canRecord(me, path) {
	return !!me && (me.roles || []).some((r) => WRITERS.has(r.role) && (path || []).includes(r.org_id));
}

// --- dates and periods -----------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');
export const monthOf = (date) => date.slice(0, 7);
export const thisMonth = () => monthOf(todayCST());
export function addMonth(month, n) {
	const [y, m] = month.split('-').map(Number);
	const t = y * 12 + (m - 1) + n;
	return `${Math.floor(t / 12)}-${pad((t % 12) + 1)}`;
}
// The last day of a month "YYYY-MM" as "YYYY-MM-DD".
export function lastDay(month) {
	const [y, m] = month.split('-').map(Number);
	return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

// The weeks of a month, Monday first, as the calendar draws them: each a list of 7 days
// {date: "YYYY-MM-DD", day, inMonth}.
export function monthWeeks(month) {
	const [y, m] = month.split('-').map(Number);
	const d = new Date(Date.UTC(y, m - 1, 1));
	d.setUTCDate(1 - ((d.getUTCDay() + 6) % 7)); // back to Monday
	const weeks = [];
	do {
		const week = [];
		for (let i = 0; i < 7; i++) {
			week.push({ date: d.toISOString().slice(0, 10), day: d.getUTCDate(), inMonth: d.getUTCMonth() === m - 1 });
			d.setUTCDate(d.getUTCDate() + 1);
		}
		weeks.push(week);
	} while (d.toISOString().slice(0, 7) <= month);
	return weeks;
}

// A period as the API names it, taken apart: {kind: 'month'|'quarter'|'year', year, n} or null.
export function parsePeriod(s) {
	let m;
	if ((m = /^(\d{4})-(\d{2})$/.exec(s || '')) && +m[2] >= 1 && +m[2] <= 12)
		return { kind: 'month', year: +m[1], n: +m[2] };
	if ((m = /^(\d{4})-Q([1-4])$/.exec(s || '')))
		return { kind: 'quarter', year: +m[1], n: +m[2] };
	if ((m = /^(\d{4})$/.exec(s || '')))
		return { kind: 'year', year: +m[1], n: 1 };
	return null;
}
export function formatPeriod(p) {
	return p.kind === 'month' ? `${p.year}-${pad(p.n)}` : p.kind === 'quarter' ? `${p.year}-Q${p.n}` : String(p.year);
}
// The months a period covers: [first "YYYY-MM", last "YYYY-MM"].
export function periodMonths(p) {
	const first = p.kind === 'month' ? p.n : p.kind === 'quarter' ? (p.n - 1) * 3 + 1 : 1;
	const months = p.kind === 'month' ? 1 : p.kind === 'quarter' ? 3 : 12;
	return [`${p.year}-${pad(first)}`, `${p.year}-${pad(first + months - 1)}`];
}
// Whether the period has ended (its last month is before this month): its findings are final.
export const periodEnded = (p) => periodMonths(p)[1] < thisMonth();
// The period n steps after p (before, when n < 0), of the same kind.
export function shiftPeriod(p, n) {
	if (p.kind === 'year')
		return { ...p, year: p.year + n };
	const per = p.kind === 'month' ? 12 : 4;
	const t = p.year * per + (p.n - 1) + n;
	return { kind: p.kind, year: Math.floor(t / per), n: (t % per) + 1 };
}
// The last period of a kind that has ended: what the compliance view opens on.
export function lastEnded(kind) {
	const [y, m] = thisMonth().split('-').map(Number);
	if (kind === 'year')
		return { kind, year: y - 1, n: 1 };
	if (kind === 'quarter')
		return shiftPeriod({ kind, year: y, n: Math.floor((m - 1) / 3) + 1 }, -1);
	return shiftPeriod({ kind, year: y, n: m }, -1);
}
// The same moment as a period of another kind (the one holding p's first month).
export function convertPeriod(p, kind) {
	const [first] = periodMonths(p);
	const m = Number(first.slice(5));
	return kind === 'year' ? { kind, year: p.year, n: 1 }
		: kind === 'quarter' ? { kind, year: p.year, n: Math.floor((m - 1) / 3) + 1 } : { kind, year: p.year, n: m };
}
// The periods of a kind to choose from: from the current one back to the year 2018 (the
// 支部工作条例), newest first.
export function periodChoices(kind) {
	const out = [];
	const now = convertPeriod(parsePeriod(thisMonth()), kind);
	for (let p = now; p.year >= 2018; p = shiftPeriod(p, -1))
		out.push(p);
	return out;
}

// --- people ----------------------------------------------------------------------------------

// Who is expected at a meeting of the organisation: the members in good standing of a branch,
// or of a Party group (kept in its branch, with the group named). [{id, name, category,
// mobile}], in the order of the register.
export async function attendeesOf(org) {
	const group = org.type === 'group';
	const from = group ? org.parent_id : org.id;
	const out = [];
	let cursor = '';
	for (let pages = 0; pages < 20; pages++) {
		const page = await api.get(`/orgs/${from}/members${query({ state: 'normal', limit: 500, cursor })}`);
		for (const m of page.items)
			if (group ? m.group_id === org.id : m.org_id === org.id)
				out.push({ id: m.id, name: m.name, category: m.category, mobile: m.mobile });
		if (!page.next_cursor)
			break;
		cursor = page.next_cursor;
	}
	return out;
}

// The meetings of a subtree held in a month, oldest first (at most `cap`; more: truncated).
export async function meetingsIn(orgId, month, cap = 1000) {
	const out = [];
	let cursor = '', truncated = false;
	for (;;) {
		const page = await api.get(`/orgs/${orgId}/meetings${query({ from: `${month}-01`, to: lastDay(month), limit: 500, cursor })}`);
		out.push(...page.items);
		if (!page.next_cursor)
			break;
		if (out.length >= cap) {
			truncated = true;
			break;
		}
		cursor = page.next_cursor;
	}
	out.sort((a, b) => (a.held_on < b.held_on ? -1 : a.held_on > b.held_on ? 1 : a.id - b.id));
	return { items: out, truncated };
}
