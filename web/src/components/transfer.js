// transfer.js - transfers of membership (组织关系转接) and mobile members (流动党员) as the
// console shows them: the states and steps in the order of the API, a step's form (which dates
// and whether a reason is needed), who may take the committees' steps (the console's copy of
// the roles holding transfer.approve / mobile.approve), and a refusal written with its rule.
import { todayCST } from './develop.js';

export { todayCST };
export { refusal, ruleLine, isFuture } from './develop.js';

// The states of a transfer, in order (src/transfer/transfer_rules.c).
export const STATES = ['requested', 'issued', 'forwarded', 'accepted', 'closed', 'refused', 'cancelled'];
export const ENDED = new Set(['closed', 'refused', 'cancelled']);
// The lists of an organisation's transfers (GET /orgs/{id}/transfers?state=).
export const LIST_STATES = ['open', 'expired', 'stuck', 'closed', 'refused', 'cancelled', 'all'];

// Each step's form: the day it was done, a reason (required for a refusal or a withdrawal), and
// for the receipt of a letter to outside the day the receiver took the member.
export const STEP_FORM = {
	issue: { reason: false },
	forward: { reason: false },
	accept: { reason: false },
	refuse: { reason: true },
	receipt: { reason: false },
	cancel: { reason: true },
};
// The order the buttons come in, the main step first.
export const ACTIONS = ['issue', 'forward', 'accept', 'receipt', 'refuse', 'cancel'];
export const stateTag = (s) => (s === 'closed' ? 'success' : s === 'refused' || s === 'cancelled' ? 'info' : s === 'accepted' ? '' : 'warning');

// Roles whose grant takes the committees' steps (transfer.approve, mobile.approve), and those who
// start transfers and register members away (transfer.write, mobile.write).
const APPROVERS = new Set(['org_staff']);
const WRITERS = new Set(['org_staff', 'secretary', 'organiser']);
export const canApprove = (me, path) => !!me && (me.roles || []).some((r) => APPROVERS.has(r.role) && (path || []).includes(r.org_id));
export const canWrite = (me, path) => !!me && (me.roles || []).some((r) => WRITERS.has(r.role) && (path || []).includes(r.org_id));

// The decisions on membership status (POST /members/{id}/status-decisions).
export const DECISION_KINDS = ['stop', 'remove', 'lapse', 'restore'];

// A list as the phone shows it: not a table but cards.
export const isPhone = () => window.matchMedia('(max-width: 767px)').matches;
