// locales/en.js - the console's words in English.
export default {
	app: { skip: 'Skip to main content', openTree: 'Open the organisation tree', language: 'Language', account: 'My account', logout: 'Log out' },
	common: {
		loading: 'Loading…', retry: 'Retry', empty: 'Nothing here yet', yes: 'yes', no: 'no', search: 'Search', reset: 'Reset',
		prev: 'Previous', next: 'Next', more: 'Load more', edit: 'Edit', save: 'Save', cancel: 'Cancel', yuan: 'yuan',
	},
	tree: {
		title: 'Organisation tree', search: 'Find an organisation by name or code', results: 'Search results',
		noResults: 'No organisation found', noScope: 'This account has no organisation', loadingMore: '{n} loaded, loading more…',
		rowLabel: '{name}, {n} members',
	},
	login: {
		subtitle: 'Grassroots Party-building information system', login: 'Login', password: 'Password', submit: 'Log in',
		enrolIntro: 'First login: scan the QR code with an authenticator app (FreeOTP, Google Authenticator, …), then enter the 6-digit code it shows.',
		qrAlt: 'QR code for the authenticator app', secret: 'or type the secret', totpIntro: 'Enter the 6-digit code from your authenticator app.',
		code: 'Code', verify: 'Verify', back: 'Back',
	},
	notFound: { title: 'No such page', home: 'Back to the start' },
	org: {
		crumbs: 'Organisation path', members: 'Members ({n})', overview: 'Overview', code: 'Code', type: 'Type',
		unitCategory: 'Unit category', division: 'Division code', founded: 'Founded', term: 'Term', noExpiry: 'not set',
		membersLabel: 'Members (whole subtree)', fullMembers: '{n} full members', canApprove: 'May approve admissions',
		committee: 'Committee', noCommittee: 'No committee members recorded', post: 'Post', since: 'Since',
		findings: 'Findings ({n})', noFindings: 'No set-up findings', severity: { error: 'breaks a rule', warning: 'note' }, rule: 'Rule',
	},
	stats: {
		title: 'Statistics', year: 'Year', reference: 'as of {date}: {n} members', xlsx: 'Export tables (xlsx)', png: 'PNG', tableXlsx: 'xlsx',
		table: 'Data table', count: 'Members', agePyramid: 'Age by gender', ageBandHead: 'Age band', education: 'Education',
		occupation: 'Occupation', joinBand: 'Joined the Party', state: 'Membership state', category: 'Category', orgType: 'Organisations by type',
		ageBand: { '30_and_under': '30 and under', '31_35': '31-35', '36_40': '36-40', '41_45': '41-45', '46_50': '46-50', '51_55': '51-55', '56_60': '56-60', '61_and_over': '61 and over' },
		joinBands: { before_1949: 'before Oct 1949', '1949_1978': 'Oct 1949 - 1978', '1978_2012': '1979 - Oct 2012', since_2012: 'since Nov 2012' },
	},
	members: {
		title: 'Members', titleOf: 'Members of {org}', search: 'Name', ageMin: 'Min age', ageMax: 'Max age', mobile: 'Mobile',
		lost: 'Lost contact', add: 'Register a member', export: 'Export xlsx', pageN: 'Page {n}', none: 'No member matches',
		perPage: 'Rows per page', perPageN: '{n} / page',
		filters: 'Filters',
	},
	member: {
		name: 'Name', gender: 'Gender', age: 'Age', category: 'Category', state: 'State', education: 'Education',
		occupation: 'Occupation', admitDate: 'Admitted', phone: 'Phone', org: 'Organisation',
		reveal: 'Show in full', revealed: 'Shown in full (recorded in the audit trail)', ageParty: 'age {age} · Party age {party}',
		group: { basic: 'Personal', work: 'Work and contact', party: 'Joining the Party', state: 'Membership and dues' }, history: 'History',
	},
	history: { action: { create: 'registered', update: 'changed', import: 'imported', identity: 'identity corrected', move: 'moved' } },
	form: {
		editTitle: 'Change {name}', newTitle: 'Register a member of {org}', reason: 'Reason for the change', reasonHint: 'kept in the history',
		saved: 'Saved',
	},
	import: {
		title: 'Import members', titleOf: 'Import members into {org}',
		intro: 'CSV (UTF-8 or GB18030) or XLSX, the first row naming the columns (field keys or their Chinese labels, e.g. 姓名, 所在党组织代码). The preview checks every row and stores nothing.',
		choose: 'Choose a file', preview: 'Preview', done: 'Imported', previewed: 'Preview',
		counts: '{rows} rows: {good} can be imported, {bad} have problems.', stored: '{n} members stored.',
		downloadErrors: 'Download the rows with problems (CSV)', truncated: 'only the first {n} are listed', badRows: 'Rows with problems',
		line: 'Line', field: 'Field', reason: 'Reason', skipBad: 'Skip the rows with problems', commit: 'Import {n} rows',
		running: 'Importing: {rows} rows read, {bad} with problems', progress: 'Import progress', toMembers: 'See the members',
	},
	account: {
		title: 'My account', roles: 'Roles and where they apply', password: 'Change password', oldPassword: 'Current password',
		newPassword: 'New password', policy: 'At least 10 characters from 3 of: upper case, lower case, digits, symbols; not a common password.',
		change: 'Change password', changed: 'Password changed', twoFactor: 'Two-factor authentication',
		twoFactorOn: 'On: every login asks for a code from the authenticator app.', sessions: 'Sessions', address: 'Address',
		created: 'Logged in', lastSeen: 'Last active', state: 'State', current: 'this session', end: 'End',
	},
};
