// dues.js - Party dues (党费) as the console shows them: money in fen as yuan, the state of a
// month of the ledger as a mark that does not rely on colour alone, the months a payment may
// name, and whether the account keeps an organisation's dues books.
import { todayCST } from './develop.js';

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

const pad = (n) => String(n).padStart(2, '0');
export const thisMonth = () => todayCST().slice(0, 7);
export function addMonths(month, n) {
	const [y, m] = month.split('-').map(Number);
	const t = y * 12 + (m - 1) + n;
	return `${Math.floor(t / 12)}-${pad((t % 12) + 1)}`;
}
export const monthsBetween = (a, b) => {
	const [ya, ma] = a.split('-').map(Number), [yb, mb] = b.split('-').map(Number);
	return (yb * 12 + mb) - (ya * 12 + ma);
};
