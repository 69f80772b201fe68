// dues.js - Party dues (党费) as the console shows them: money in fen as yuan, the state of a
// month of the ledger as a mark that does not rely on colour alone, the months a payment may
// name, whether the account keeps an organisation's dues books or approves reductions, the
// categories that need a base, the meetings that can decide, and the state every dues form
// shares (its refusals at their fields, with the rule and article).
import { reactive, ref } from 'vue';
import { api } from '../api.js';
import { refusal, rulesOf, todayCST } from './develop.js';

// Money is kept in fen (integers): 123456 -> "1,234.56".
export function yuan(fen) {
	if (fen === null || fen === undefined)
		return '—';
	const neg = fen < 0, a = Math.abs(fen);
	const whole = Math.floor(a / 100).toLocaleString('en-US');
	return `${neg ? '-' : ''}${whole}.${String(a % 100).padStart(2, '0')}`;
}
// "5000" or "5000.5" or "5000.50" yuan -> fen; null for anything else.
export function fenOf(text) {
	const m = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''));
	if (!m)
		return null;
	return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

// The mark of each state of a month (server: dues_status_key).
export const MARKS = {
	paid: '✓', exempt: '免', partly: '◐', excused: '因', unpaid: '✗', open: '○', no_standard: '—', not_member: '',
};
export const OWING = new Set(['unpaid', 'partly', 'excused', 'open']);

// Roles that keep dues books (dues.write in src/auth/auth_rules.c); /auth/me names roles, not
// permissions: this is the console's copy.
const WRITERS = new Set(['org_staff', 'secretary', 'organiser']);
export function canKeep(me, path) {
	return !!me && (me.roles || []).some((r) => WRITERS.has(r.role) && (path || []).includes(r.org_id));
}
// Roles holding dues.approve: the hardship reductions of a branch are approved one level up.
const APPROVERS = new Set(['org_staff']);
export function canApprove(me, path) {
	return !!me && (me.roles || []).some((r) => APPROVERS.has(r.role) && (path || []).includes(r.org_id));
}

// The categories whose amount is a rate of a monthly base (dues_category_has_base on the
// server); the others pay a fixed amount.
const BASED = new Set(['employed', 'annual_salary', 'self_employed', 'retired']);
export const hasBase = (category) => BASED.has(category);

const pad = (n) => String(n).padStart(2, '0');
export const thisMonth = () => todayCST().slice(0, 7);
export function addMonths(month, n) {
	const [y, m] = month.split('-').map(Number);
	const t = y * 12 + (m - 1) + n;
	return `${Math.floor(t / 12)}-${pad((t % 12) + 1)}`;
}
// "2026-05" as the page reads it: 2026年5月, or as it is in English.
export const monthText = (m, locale) => (locale === 'en' ? m : `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`);
export const monthsBetween = (a, b) => {
	const [ya, ma] = a.split('-').map(Number), [yb, mb] = b.split('-').map(Number);
	return (yb * 12 + mb) - (ya * 12 + ma);
};

// The meetings of an organisation that can take a collective decision on dues (a members' or
// committee meeting of the organisation itself, held with its quorum), newest first; with
// `until`, those held by that day. The list of the subtree holds the groups' meetings too.
const DECIDING = ['members_meeting', 'committee_meeting'];
export const canDecide = (m, orgId) => m.org_id === orgId && m.valid_for_decisions && m.kinds.some((k) => DECIDING.includes(k));
export async function decisionMeetings(orgId) {
	const r = await api.get(`/orgs/${orgId}/meetings?limit=200`);
	return r.items.filter((m) => canDecide(m, orgId));
}

// The state of a dues form: the server's refusal shown at its field when the form has that
// field (fields: the API's names, or a function from the API's name to the form's), otherwise
// as the form's alert; the rule's summary and article beside the message. run(fn) clears the
// last refusal, sets busy while fn runs and answers fn's result, or null when refused.
export function useDuesForm(fields, orgId = () => null) {
	const errors = reactive({});
	const alert = ref('');
	const busy = ref(false);
	const place = typeof fields === 'function' ? fields : (f) => (fields.includes(f) ? f : '');
	function clear() {
		for (const k of Object.keys(errors))
			delete errors[k];
		alert.value = '';
	}
	async function show(e, locale) {
		const rules = e.rule && orgId() ? await rulesOf(orgId()) : null;
		const text = refusal(e, '', rules, locale);
		const at = e.field ? place(e.field) : '';
		if (at)
			errors[at] = text;
		else
			alert.value = text;
	}
	async function run(fn, locale) {
		clear();
		busy.value = true;
		try {
			return await fn();
		} catch (e) {
			if (e.status === undefined)
				throw e;
			await show(e, locale);
			return null;
		} finally {
			busy.value = false;
		}
	}
	return { errors, alert, busy, clear, run };
}
