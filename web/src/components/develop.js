// develop.js - recruitment (发展党员) as the console shows it: the case stages, the 25 steps of
// the flow chart (from GET /develop/steps, fetched once), what each step records (its form), the
// meeting's thresholds, names of members and organisations named in a step's data, and a
// refusal written with its rule and article.
import { api } from '../api.js';

// The case's stages, in order, as the API names them.
export const STAGES = ['applicant', 'activist', 'target', 'probationary', 'full', 'closed'];
// The flow chart's five stages (a step's `stage`).
export const FLOW = [1, 2, 3, 4, 5];
// Why a case closes before admission (POST .../close).
export const OUTCOMES = ['withdrawn', 'not_developed', 'moved_away', 'deceased'];

let steps = null;
// The 25 steps: [{step, stage, key, zh, en, repeatable, optional}].
export function loadSteps() {
	if (!steps)
		steps = api.get('/develop/steps').then((r) => r.items).catch((e) => {
			steps = null;
			throw e;
		});
	return steps;
}

export const stepName = (s, locale) => (s ? (locale === 'en' ? s.en : s.zh) : '');

// What a step records beyond its date, actor and documents. decisions: the choices of
// `decision`; fields: the keys of `data`, each drawn by DevelopStepForm.
const NOTICE = ['notice_from', 'notice_to'];
const VOTES = ['expected', 'present', 'yes', 'no', 'abstain', 'written_yes', 'written_no'];
export const STEP_FORM = {
	3: { fields: ['decided_by'] },
	5: { fields: ['mentors'] },
	6: { fields: ['conclusion'] },
	7: { fields: NOTICE },
	9: { fields: ['introducers'] },
	10: { decisions: ['pass', 'fail'], fields: ['conclusion'] },
	11: { fields: ['days', 'hours'] },
	13: { decisions: ['pass', 'fail'], fields: ['approving_org_id'] },
	15: { fields: [...NOTICE, ...VOTES] },
	17: { decisions: ['approve', 'reject'], fields: ['approving_org_id', 'extension_reason'] },
	19: { fields: ['group_id'] },
	23: { decisions: ['convert', 'extend', 'cancel'], fields: [...VOTES, 'extension_months'] },
	24: { decisions: ['approve', 'reject'], fields: ['approving_org_id'] },
};
export const VOTE_FIELDS = VOTES;
export const stepForm = (n) => STEP_FORM[n] || { fields: [] };

// The smallest number that is more than percent% of n (the quorum, the yes votes to pass).
export const moreThan = (n, percent) => Math.floor((n * percent) / 100) + 1;

// "YYYY-MM-DD" plus months, clamped to the month's last day (the server's date_add_months).
export function addMonths(date, months) {
	const [y, m, d] = date.split('-').map(Number);
	const total = y * 12 + (m - 1) + months;
	const ny = Math.floor(total / 12), nm = total - ny * 12 + 1;
	const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
	return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// Today in China Standard Time, the server's calendar day.
export const todayCST = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
// For a date picker: whether a day (a local Date) is after today, when no step can be done.
export const isFuture = (d) =>
	`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` > todayCST();

// Member names by id (mentors, introducers), fetched once each.
const memberNames = new Map();
export function memberName(id) {
	if (!memberNames.has(id))
		memberNames.set(id, api.get(`/members/${id}`).then((m) => m.name).catch(() => `#${id}`));
	return memberNames.get(id);
}

// The rules in force for an organisation on a day, by key (GET /orgs/{id}/rules): their
// summaries in both languages and the meeting's percentages.
export async function rulesOf(orgId, date) {
	try {
		const r = await api.get(`/orgs/${orgId}/rules${date ? `?date=${date}` : ''}`);
		return new Map(r.items.map((x) => [x.key, x]));
	} catch {
		return new Map(); // without the rules: the keys and articles the refusals carry
	}
}

// A rule as one line: its summary in the language, the key, the regulation's article.
export function ruleLine(rule, rules, locale) {
	if (!rule)
		return '';
	const known = rules?.get(rule.key);
	const summary = locale === 'en' ? known?.summary_en || rule.summary_en || '' : known?.summary_zh || rule.summary || rule.summary_zh || '';
	const article = [rule.regulation, rule.article].filter(Boolean).join(' ');
	return [summary, rule.key, article].filter(Boolean).join(' · ');
}

// A refusal from the server as the text shown at its field: the message, then its rule.
export function refusal(e, label, rules, locale) {
	const rule = e.rule ? ruleLine({ key: e.rule, article: e.article }, rules, locale) : '';
	return `${label ? `${label}：` : ''}${e.message}${rule ? `（${rule}）` : ''}`;
}

// Documents typed one per line, as the API takes them.
export const documentsFrom = (text) => (text || '').split('\n').map((s) => s.trim()).filter(Boolean).map((title) => ({ title }));
