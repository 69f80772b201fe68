// router.js - the console's pages, each loaded when first visited, and the guard that sends a
// visitor without a session to the login page (and back where they were going afterwards).
import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session.js';
import { whenUnauthenticated } from './api.js';

const routes = [
	{ path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
	{ path: '/', name: 'home', component: () => import('./views/HomeView.vue') },
	{ path: '/org/:id(\\d+)', name: 'org', component: () => import('./views/OrgView.vue'), props: true },
	{ path: '/org/:id(\\d+)/members', name: 'members', component: () => import('./views/MembersView.vue'), props: true },
	{ path: '/org/:id(\\d+)/members/new', name: 'member-new', component: () => import('./views/MemberForm.vue'), props: true },
	{ path: '/org/:id(\\d+)/import', name: 'import', component: () => import('./views/ImportView.vue'), props: true },
	{ path: '/org/:id(\\d+)/develop', name: 'develop', component: () => import('./views/DevelopView.vue'), props: true },
	{ path: '/org/:id(\\d+)/develop/new', name: 'develop-new', component: () => import('./views/DevelopNewView.vue'), props: true },
	{ path: '/develop/:caseId(\\d+)', name: 'develop-case', component: () => import('./views/DevelopCaseView.vue'), props: true },
	{ path: '/org/:id(\\d+)/meetings', name: 'meetings', component: () => import('./views/MeetingsView.vue'), props: true },
	{ path: '/org/:id(\\d+)/meetings/new', name: 'meeting-new', component: () => import('./views/MeetingNewView.vue'), props: true },
	{ path: '/org/:id(\\d+)/compliance', name: 'compliance', component: () => import('./views/ComplianceView.vue'), props: true },
	{ path: '/meetings/:meetingId(\\d+)', name: 'meeting', component: () => import('./views/MeetingView.vue'), props: true },
	{ path: '/member/:memberId(\\d+)', name: 'member', component: () => import('./views/MemberView.vue'), props: true },
	{ path: '/member/:memberId(\\d+)/edit', name: 'member-edit', component: () => import('./views/MemberForm.vue'), props: true },
	// transfers of membership and mobile members (issue 7)
	{ path: '/org/:id(\\d+)/transfers', name: 'transfers', component: () => import('./views/TransfersView.vue'), props: true },
	{ path: '/transfers/:transferId(\\d+)', name: 'transfer', component: () => import('./views/TransferView.vue'), props: true },
	{ path: '/member/:memberId(\\d+)/transfer', name: 'transfer-new', component: () => import('./views/TransferNewView.vue'), props: true },
	{ path: '/org/:id(\\d+)/mobile', name: 'mobile', component: () => import('./views/MobileView.vue'), props: true },
	{ path: '/mobile/:regId(\\d+)', name: 'mobile-registration', component: () => import('./views/MobileRegView.vue'), props: true },
	{ path: '/account', name: 'account', component: () => import('./views/AccountView.vue') },
	// Party dues
	{ path: '/org/:id(\\d+)/dues', name: 'dues-ledger', component: () => import('./views/DuesLedgerView.vue'), props: true },
	{ path: '/org/:id(\\d+)/dues/statement', name: 'dues-statement', component: () => import('./views/DuesStatementView.vue'), props: true },
	{ path: '/org/:id(\\d+)/dues/reductions', name: 'dues-reductions', component: () => import('./views/DuesReductionsView.vue'), props: true },
	{ path: '/member/:memberId(\\d+)/dues', name: 'member-dues', component: () => import('./views/MemberDuesView.vue'), props: true },
	{ path: '/dues/mine', name: 'my-dues', component: () => import('./views/MemberDuesView.vue') },
	{ path: '/dues/quote', name: 'dues-quote', component: () => import('./views/DuesQuoteView.vue') },
	{ path: '/:rest(.*)*', name: 'missing', component: () => import('./views/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
	const session = useSession();
	if (!session.loaded) {
		// the first page's code (and the frame around it) loads while the session is asked
		// for, not after
		for (const r of to.matched)
			if (typeof r.components?.default === 'function')
				r.components.default().catch(() => {});
		if (!to.meta.public)
			import('./components/AppFrame.vue').catch(() => {});
		await session.load();
	}
	if (!to.meta.public && !session.me)
		return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
	if (to.name === 'login' && session.me)
		return { name: 'home' };
	return true;
});

// Party dues: an account that holds a member's own record and no organisation (the member role)
// opens on that member's dues.
router.beforeEach((to) => {
	const session = useSession();
	if (to.name === 'home' && session.me?.member_id && !session.roots.length)
		return { name: 'my-dues' };
	return true;
});

whenUnauthenticated(() => {
	const session = useSession();
	session.forget();
	const here = router.currentRoute.value;
	if (!here.meta.public)
		router.push({ name: 'login', query: { next: here.fullPath } });
});
