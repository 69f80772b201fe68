// locales/zh-CN.js - the console's words in Chinese (the default).
export default {
	app: { skip: '跳到主要内容', openTree: '打开组织树', language: '语言', account: '我的账户', logout: '退出登录' },
	common: {
		loading: '正在加载…', retry: '重试', empty: '暂无数据', yes: '是', no: '否', search: '查询', reset: '重置',
		prev: '上一页', next: '下一页', more: '加载更多', edit: '编辑', save: '保存', cancel: '取消', yuan: '元',
	},
	tree: {
		title: '组织树', search: '按名称或代码查找组织', results: '查找结果', noResults: '没有找到组织',
		noScope: '本账户未授权任何组织', loadingMore: '已加载 {n} 个，正在加载更多…',
		rowLabel: '{name}，党员 {n} 名',
	},
	login: {
		subtitle: '基层党建信息系统', login: '账号', password: '密码', submit: '登录',
		enrolIntro: '首次登录：请用身份验证器应用（如 FreeOTP、Google Authenticator）扫描二维码，然后输入它显示的 6 位验证码。',
		qrAlt: '身份验证器二维码', secret: '也可手动输入密钥', totpIntro: '请输入身份验证器显示的 6 位验证码。',
		code: '验证码', verify: '验证', back: '返回',
	},
	notFound: { title: '页面不存在', home: '返回首页' },
	org: {
		crumbs: '组织层级', members: '党员（{n}）', overview: '概况', code: '组织代码', type: '组织类别',
		unitCategory: '单位类别', division: '行政区划代码', founded: '成立日期', term: '任期', noExpiry: '未定',
		membersLabel: '党员人数（含下级）', fullMembers: '正式党员 {n}', canApprove: '审批预备党员权限',
		committee: '委员会', noCommittee: '尚未登记委员会成员', post: '职务', since: '任职日期',
		findings: '设置问题（{n}）', noFindings: '未发现组织设置问题', severity: { error: '不符合', warning: '提示' }, rule: '规则',
	},
	stats: {
		title: '统计', year: '统计年度', reference: '截至 {date}，党员 {n} 名', xlsx: '导出统计表（xlsx）', png: '下载图片', tableXlsx: '表格 xlsx',
		table: '数据表', count: '人数', agePyramid: '年龄结构（按性别）', ageBandHead: '年龄段', education: '学历',
		occupation: '人员类别', joinBand: '入党时间', state: '党籍状态', category: '党员类别', orgType: '组织类别（个）',
		ageBand: { '30_and_under': '30岁及以下', '31_35': '31-35岁', '36_40': '36-40岁', '41_45': '41-45岁', '46_50': '46-50岁', '51_55': '51-55岁', '56_60': '56-60岁', '61_and_over': '61岁及以上' },
		joinBands: { before_1949: '1949年9月以前', '1949_1978': '1949年10月至1978年', '1978_2012': '1979年至2012年10月', since_2012: '2012年11月以来' },
	},
	members: {
		title: '党员', titleOf: '{org} 党员', search: '姓名', ageMin: '最小年龄', ageMax: '最大年龄', mobile: '流动党员',
		lost: '失联党员', add: '登记党员', export: '导出 xlsx', pageN: '第 {n} 页', none: '没有符合条件的党员',
		perPage: '每页条数', perPageN: '{n} 条/页',
		filters: '筛选',
	},
	member: {
		name: '姓名', gender: '性别', age: '年龄', category: '党员类别', state: '党籍状态', education: '学历',
		occupation: '人员类别', admitDate: '入党日期', phone: '联系电话', org: '所在党组织',
		reveal: '显示完整信息', revealed: '已显示完整信息（已记入审计日志）', ageParty: '年龄 {age} 岁 · 党龄 {party} 年',
		group: { basic: '基本信息', work: '工作与联系方式', party: '入党信息', state: '党籍与党费' }, history: '变更记录',
	},
	history: { action: { create: '登记', update: '修改', import: '导入', identity: '更正身份信息', move: '调整组织' } },
	form: {
		editTitle: '修改党员信息：{name}', newTitle: '登记党员：{org}', reason: '变更原因', reasonHint: '将记入变更记录',
		saved: '已保存',
	},
	import: {
		title: '导入党员', titleOf: '向 {org} 导入党员',
		intro: '支持 CSV（UTF-8 或 GB18030）和 XLSX 文件，首行为列名（字段名或中文名称，如“姓名”“所在党组织代码”）。先预检：系统逐行检查且不保存任何数据。',
		choose: '选择文件', preview: '预检', done: '导入完成', previewed: '预检结果',
		counts: '共 {rows} 行：可导入 {good} 行，有问题 {bad} 行。', stored: '已保存 {n} 名党员。',
		downloadErrors: '下载问题行（CSV）', truncated: '只列出前 {n} 行', badRows: '有问题的行', line: '行号', field: '字段',
		reason: '原因', skipBad: '跳过有问题的行', commit: '导入 {n} 行', running: '正在导入：已读 {rows} 行，问题 {bad} 行',
		progress: '导入进度', toMembers: '查看党员',
	},
	account: {
		title: '我的账户', roles: '角色与授权范围', password: '修改密码', oldPassword: '原密码', newPassword: '新密码',
		policy: '至少 10 位，包含大写字母、小写字母、数字、符号中的 3 类，不能是常见密码。',
		change: '修改密码', changed: '密码已修改', twoFactor: '双因素认证', twoFactorOn: '已启用：每次登录需输入身份验证器的验证码。',
		sessions: '登录会话', address: '地址', created: '登录时间', lastSeen: '最近活动', state: '状态', current: '当前会话', end: '结束会话',
	},
};
