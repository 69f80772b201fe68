// import_export.test.mjs - `jiceng import` and `jiceng export` end to end, on temporary databases
// made with `jiceng init` (one temporary directory for the file, removed at the end).
//
// Covered: importing organisations from a CSV with Chinese-label headers (county committee root,
// township committee, two branches); importing members from a CSV with field-key headers where
// 20 rows are good and 6 are bad in different ways (ID check digit, a date in the future, unknown
// codes for gender and education, an unknown org_code, an applicant under 18 refused by the rule
// member.min_age_at_application): exit 1 and nothing imported, and the error file (default
// FILE.errors.csv, or --errors PATH) starts with a UTF-8 BOM, has its header and one line per bad
// row with the record's CSV line, the field, the rule key, a reason and the original cells; the
// same file with --skip-bad imports exactly the good rows; a second import of the good rows is
// refused row by row as duplicate ID numbers and changes nothing; quoting (commas, doubled quotes,
// a line break inside a quoted cell and the line numbers after it), a UTF-8 BOM, CRLF line ends, a
// GB18030 file, and a malformed CSV that stops the import after good rows; export to CSV (Chinese
// headers, masked ID numbers and phones unless --reveal) and XLSX ("PK"), and the round trip of
// both formats into fresh databases with the same organisations (same statistics, same rows), XLSX
// row numbers in the error file; members placed in a Party group, a dissolved branch or a group of
// another branch; unknown columns, an empty file and a missing file. After every
// import `jiceng stats verify` must find the kept statistics right.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, idNumber, todayCST, addMonths, addDays } from './harness.mjs';

/* --- files -------------------------------------------------------------------------------- */

const BOM = '\uFEFF';

function csvCell(v) {
	const s = v === undefined || v === null ? '' : String(v);
	return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows (arrays of cells) as CSV text, each record ended by eol. */
function toCsv(rows, eol = '\n') {
	return rows.map((r) => r.map(csvCell).join(',')).join(eol) + eol;
}

/** RFC 4180 parsing of a whole text (a leading BOM dropped); blank records are skipped. */
function parseCsv(text) {
	if (text.startsWith(BOM))
		text = text.slice(1);
	const rows = [];
	let row = [], cell = '', quoted = false, i = 0, any = false;
	const endCell = () => { row.push(cell); cell = ''; };
	const endRow = () => {
		endCell();
		if (any)
			rows.push(row);
		row = [];
		any = false;
	};
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i += 2;
				continue;
			}
			if (c === '"')
				quoted = false;
			else
				cell += c;
			i++;
			continue;
		}
		if (c === '"') {
			quoted = true;
			any = true;
		} else if (c === ',') {
			endCell();
			any = true;
		} else if (c === '\r' || c === '\n') {
			endRow();
			if (c === '\r' && text[i + 1] === '\n')
				i++;
		} else {
			cell += c;
			any = true;
		}
		i++;
	}
	if (any || cell)
		endRow();
	return rows;
}

/** Cells without the trailing empty ones (the importer drops them, and so its error file). */
function trimRow(cells) {
	const r = [...cells];
	while (r.length && r[r.length - 1] === '')
		r.pop();
	return r;
}

/**
 * A GB18030 encoder for the characters of these tests, built from Node's decoder (Node has no
 * GBK/GB18030 encoder): every two-byte code is decoded once and the map reversed. Null when this
 * Node has no GB18030 decoder (a small-icu build).
 */
function gb18030Encoder() {
	let dec;
	try {
		dec = new TextDecoder('gb18030', { fatal: true });
	} catch {
		return null;
	}
	const map = new Map();
	for (let a = 0x81; a <= 0xfe; a++) {
		for (let b = 0x40; b <= 0xfe; b++) {
			if (b === 0x7f)
				continue;
			let s;
			try {
				s = dec.decode(Uint8Array.of(a, b));
			} catch {
				continue;
			}
			if ([...s].length === 1 && !map.has(s))
				map.set(s, [a, b]);
		}
	}
	return (text) => {
		const out = [];
		for (const ch of text) {
			const cp = ch.codePointAt(0);
			if (cp < 0x80) {
				out.push(cp);
				continue;
			}
			const bytes = map.get(ch);
			if (!bytes)
				throw new Error(`no two-byte GB18030 code for '${ch}'`);
			out.push(...bytes);
		}
		return Buffer.from(out);
	};
}

/* --- the command ------------------------------------------------------------------------- */

let dir;
let fileNo = 0;

before(() => {
	dir = mkdtempSync(join(tmpdir(), 'jiceng-io-'));
});
after(() => {
	if (dir)
		rmSync(dir, { recursive: true, force: true });
});

/** A path in the temporary directory, new on every call. */
function tmp(name) {
	fileNo++;
	return join(dir, `${fileNo}-${name}`);
}

/** Writes text (or a Buffer) to a new temporary file; answers its path. */
function writeTmp(name, content) {
	const p = tmp(name);
	writeFileSync(p, content);
	return p;
}

function show(r) {
	return `exit ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** Runs jiceng on db and asserts its exit status. */
function jc(db, status, ...args) {
	const r = runCli(db, ...args);
	assert.equal(r.status, status, `jiceng ${args.join(' ')}: ${show(r)}`);
	return r;
}

/** A new empty database. */
function newDb() {
	const db = tmp('t.db');
	jc(db, 0, 'init');
	return db;
}

/** `jiceng stats ORG` as JSON. */
function stats(db, org = ROOT) {
	return JSON.parse(jc(db, 0, 'stats', org).stdout);
}

/** `jiceng stats verify` must find every kept counter right. */
function verify(db) {
	const r = jc(db, 0, 'stats', 'verify');
	assert.match(r.stdout, / 0 differ/);
}

/** The error file: its raw text and its parsed rows. */
function readErrors(path) {
	assert.ok(existsSync(path), `the error file ${path} exists`);
	const buf = readFileSync(path);
	assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the error file starts with a UTF-8 BOM');
	const rows = parseCsv(buf.toString('utf8'));
	assert.deepEqual(rows[0], ['行号 line', '字段 field', '规则 rule', '原因 reason']);
	return rows.slice(1).map((r) => ({ line: Number(r[0]), field: r[1], rule: r[2], reason: r[3], cells: r.slice(4) }));
}

/** Exports the members of org with --reveal to CSV; answers the rows as objects by header. */
function exportRows(db, org = ROOT) {
	const out = tmp('export.csv');
	jc(db, 0, 'export', 'members', org, '--format', 'csv', '--out', out, '--reveal');
	const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
	return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/* --- the organisations --------------------------------------------------------------------- */

const ROOT = 'IE-4407', TOWN = 'IE-440703001', BR1 = 'IE-440703001001', BR2 = 'IE-440703001002';
const GROUP = 'IE-440703001001-G1';

const ORGS_CSV = toCsv([
	['组织代码', '组织名称', '组织类别', '上级组织代码', '单位类别', '成立日期'],
	[ROOT, '测试县委员会', 'county_committee', '', 'region', '1950-01-01'],
	[TOWN, '测试镇委员会', '乡镇（街道）党（工）委', ROOT, '', ''],
	[BR1, '第一村党支部', 'branch', TOWN, 'village', '2001-07-01'],
	[BR2, '第二村党支部', '党支部', TOWN, '行政村', ''],
	[GROUP, '第一党小组', 'group', BR1, '', ''],
]);

/** A new database holding the four organisations of ORGS_CSV. */
function dbWithOrgs() {
	const db = newDb();
	const file = writeTmp('orgs.csv', ORGS_CSV);
	jc(db, 0, 'import', 'orgs', file);
	return db;
}

/* --- the members --------------------------------------------------------------------------- */

const TODAY = todayCST();
const HEADER = ['org_code', 'name', 'gender', 'id_number', 'ethnicity', 'education', 'occupation',
	'admit_date', 'convert_date', 'work_unit', 'phone'];
const EDUCATION = [['postgraduate', 'postgraduate'], ['bachelor', 'bachelor'], ['大学专科', 'associate'],
	['secondary', 'secondary'], ['初中及以下', 'junior']];
const OCCUPATION = ['worker', 'farmer', 'professional', 'manager', 'civil_servant', 'student', 'other', 'retired'];
const ETHNICITY = ['01', '01', '汉族', '08', '回族'];

/**
 * The 20 good rows, each {cells, expect} with what its record must count as. Genders, codes
 * written as keys or Chinese labels, full and probationary members, two branches.
 */
function goodRows() {
	const rows = [];
	for (let i = 0; i < 20; i++) {
		const female = i % 3 === 0;
		const year = 1960 + i;
		const birth = `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String(10 + (i % 18)).padStart(2, '0')}`;
		const id = idNumber(birth, female ? 'F' : 'M', '440703');
		const gender = ['', female ? 'F' : 'M', female ? '女' : '男'][i % 3];
		let admit, convert;
		if (i % 4 === 0) {
			admit = addMonths(TODAY, -3);
			convert = '';
		} else if (i % 4 === 1) {
			admit = `${year + 25}-07-01`;
			convert = `${year + 26}-07-01`;
		} else {
			admit = '2010-06-01';
			convert = '2011-06-01';
		}
		const [edu, eduKey] = EDUCATION[i % EDUCATION.length];
		rows.push({
			cells: [i % 3 === 0 ? BR2 : BR1, `党员${String(i).padStart(2, '0')}`, gender, id, ETHNICITY[i % 5], edu,
				OCCUPATION[i % OCCUPATION.length], admit, convert, `单位${i}`, i % 2 ? `1380000${String(i).padStart(4, '0')}` : ''],
			expect: { female, probationary: !convert, education: eduKey, org: i % 3 === 0 ? BR2 : BR1, id },
		});
	}
	return rows;
}

/** The 6 bad rows, each {cells, field, rule, reason: a pattern of the message}. */
function badRows() {
	const wrongCheck = (() => {
		const id = idNumber('1981-03-04', 'M', '440703');
		return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
	})();
	const minorBirth = addDays(addMonths(TODAY, -17 * 12), -10);
	return [
		{ cells: [BR1, '坏号码', '', wrongCheck, '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01', '单位', '13900000001'],
			field: 'id_number', rule: '', reason: /check digit/ },
		{ cells: [BR1, '未来日期', '', idNumber('1982-05-06', 'F', '440703'), '01', 'bachelor', 'worker', addDays(TODAY, 40), '', '单位', '13900000002'],
			field: 'admit_date', rule: '', reason: /future/ },
		{ cells: [BR2, '性别错', 'X', idNumber('1983-07-08', 'M', '440703'), '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01', '单位', '13900000003'],
			field: 'gender', rule: '', reason: /gender/ },
		{ cells: [BR1, '学历错', '', idNumber('1984-09-10', 'M', '440703'), '01', 'phd', 'worker', '2010-06-01', '2011-06-01', '单位', '13900000004'],
			field: 'education', rule: '', reason: /education/ },
		{ cells: ['IE-NOPE', '无组织', '', idNumber('1985-11-12', 'F', '440703'), '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01', '单位', '13900000005'],
			field: 'org_code', rule: '', reason: /IE-NOPE/ },
		{ cells: [BR2, '未成年', '', idNumber(minorBirth, 'M', '440703'), '01', 'secondary', 'student', addMonths(TODAY, -1), '', '单位', '13900000006'],
			field: 'admit_date', rule: 'member.min_age_at_application', reason: /younger than 18/ },
	];
}

const GOOD = goodRows();
const BAD = badRows();
/** The mixed file: bad rows among the good ones (never two bad rows in a row), with lines. */
const MIXED = (() => {
	const out = [];
	const badAt = new Set([0, 4, 7, 11, 15, 19]); // insert a bad row before these good rows
	let b = 0;
	GOOD.forEach((g, i) => {
		if (badAt.has(i))
			out.push({ ...BAD[b++], bad: true });
		out.push(g);
	});
	return out.map((r, i) => ({ ...r, line: i + 2 }));
})();
const MIXED_CSV = toCsv([HEADER, ...MIXED.map((r) => r.cells)]);
const GOOD_CSV = toCsv([HEADER, ...GOOD.map((r) => r.cells)]);

/**
 * Members with the less common fields, for the round trip: a Party group, the development dates,
 * a stopped membership, lost contact, a mobile member, dues, an address and a degree.
 */
const RICH = (() => {
	const header = ['org_code', 'group_code', 'name', 'id_number', 'ethnicity', 'education', 'occupation',
		'apply_date', 'activist_date', 'target_date', 'admit_date', 'convert_date', 'state', 'state_date',
		'lost_contact', 'lost_contact_date', 'mobile', 'mobile_destination', 'dues_base_fen',
		'dues_standard_fen', 'address', 'degree', 'introducers', 'party_posts'];
	const rows = [
		[BR1, GROUP, '组员甲', idNumber('1980-01-01', 'M', '440705'), '01', 'bachelor', 'manager', '2008-01-01',
			'2008-06-01', '2009-07-01', '2010-06-01', '2011-06-01', 'stopped', '2020-01-01', '是', '2019-05-01',
			'true', '广东省深圳市', '3500.5', '17.50', '江门市蓬江区某路1号', '学士', '张三，李四', '组长'],
		[BR1, GROUP, '组员乙', idNumber('1991-02-03', 'F', '440705'), '03', 'postgraduate', 'professional', '2012-03-01',
			'2012-09-01', '2013-10-01', '2014-05-01', '2015-05-01', '', '', '0', '', '1', '广州', '8000', '0.1', '', '硕士', '', ''],
		[BR2, '', '流动丙', idNumber('1999-12-31', 'M', '440705'), '01', 'associate', 'other', '', '', '',
			addMonths(TODAY, -2), '', '', '', 'false', '', '是', '江苏省苏州市', '', '', '', '', '', ''],
	];
	return { header, rows, csv: toCsv([header, ...rows]), ids: rows.map((r) => r[3]) };
})();
/** The members of the export tests: the good rows and the rich ones. */
const SOURCE_IDS = [...GOOD.map((g) => g.expect.id), ...RICH.ids];
const N = SOURCE_IDS.length;

/** What the statistics of ROOT must say after the good rows are imported. */
function expectStats(s, rows = GOOD) {
	assert.equal(s.members, rows.length);
	assert.equal(s.by_state.normal, rows.length);
	assert.equal(s.by_gender.F, rows.filter((r) => r.expect.female).length);
	assert.equal(s.by_gender.M, rows.filter((r) => !r.expect.female).length);
	assert.equal(s.by_category.probationary, rows.filter((r) => r.expect.probationary).length);
	assert.equal(s.by_category.full, rows.filter((r) => !r.expect.probationary).length);
	for (const [, key] of EDUCATION)
		assert.equal(s.by_education[key], rows.filter((r) => r.expect.education === key).length, key);
	assert.equal(s.by_ethnicity.han + s.by_ethnicity.minority, rows.length);
	assert.equal(s.by_ethnicity.minority, rows.filter((r) => ['08', '回族'].includes(r.cells[4])).length);
}

/** Asserts the error file lists exactly the bad rows of MIXED. */
function expectBadRows(errors) {
	const bad = MIXED.filter((r) => r.bad);
	assert.equal(errors.length, bad.length, JSON.stringify(errors, null, 1));
	for (const [k, want] of bad.entries()) {
		const got = errors[k];
		const what = `${want.cells[1]}: ${JSON.stringify(got)}`;
		assert.equal(got.line, want.line, what);
		assert.equal(got.field, want.field, what);
		assert.equal(got.rule, want.rule, what);
		assert.match(got.reason, want.reason, what);
		assert.deepEqual(got.cells, trimRow(want.cells), what);
	}
	const rule = errors.find((e) => e.rule);
	assert.match(rule.reason, /\(.+\)$/, `a refusal by a rule cites its article: ${rule.reason}`);
}

/* --- the tests ------------------------------------------------------------------------------ */

describe('import of organisations', () => {
	it('creates a county committee, a township committee and two branches from Chinese headers', () => {
		const db = newDb();
		const file = writeTmp('orgs.csv', ORGS_CSV);
		writeFileSync(`${file}.errors.csv`, 'stale');
		const r = jc(db, 0, 'import', 'orgs', file);
		assert.match(r.stdout, /imported 5 orgs/);
		assert.ok(!existsSync(`${file}.errors.csv`), 'a stale error file is removed by a clean import');
		const s = stats(db, ROOT);
		assert.equal(s.organisations.total, 5);
		assert.equal(s.organisations.by_type.county_committee, 1);
		assert.equal(s.organisations.by_type.group, 1);
		assert.equal(s.organisations.by_type.township_committee, 1);
		assert.equal(s.organisations.by_type.branch, 2);
		assert.equal(s.organisations.by_unit_category.village, 2);
		assert.equal(s.organisations.by_unit_category.region, 1);
		assert.equal(stats(db, TOWN).organisations.total, 4);
		assert.equal(stats(db, BR2).organisations.total, 1);
		assert.equal(s.members, 0);
		verify(db);
	});

	it('refuses a branch whose parent code does not exist, and imports none of the file', () => {
		const db = newDb();
		const file = writeTmp('orgs-bad.csv', toCsv([
			['组织代码', '组织名称', '组织类别', 'parent_code'],
			[ROOT, '测试县委员会', 'county_committee', ''],
			['IE-X', '孤儿支部', 'branch', 'IE-NOWHERE'],
		]));
		jc(db, 1, 'import', 'orgs', file);
		const errors = readErrors(`${file}.errors.csv`);
		assert.equal(errors.length, 1);
		assert.equal(errors[0].line, 3);
		assert.equal(errors[0].field, 'parent_code');
		assert.match(errors[0].reason, /IE-NOWHERE/);
		const r = runCli(db, 'stats', ROOT);
		assert.equal(r.status, 1, `the root was not kept either: ${show(r)}`);
		verify(db);
	});
});

describe('import of members: bad rows', () => {
	let db, file;
	before(() => {
		db = dbWithOrgs();
		file = writeTmp('members.csv', MIXED_CSV);
	});

	it('stops at any bad row: exit 1 and nothing imported', () => {
		const r = jc(db, 1, 'import', 'members', file);
		assert.match(r.stderr, /6 of 26 rows are bad; nothing was imported/);
		assert.ok(r.stderr.includes(`${file}.errors.csv`), r.stderr);
		const s = stats(db);
		assert.equal(s.members, 0);
		assert.equal(s.by_gender.M + s.by_gender.F, 0);
		assert.equal(stats(db, BR1).members, 0);
		verify(db);
	});

	it('lists every bad row in FILE.errors.csv: line, field, rule, reason, then the row', () => {
		expectBadRows(readErrors(`${file}.errors.csv`));
	});

	it('writes the error file to --errors PATH when given', () => {
		const path = tmp('my-errors.csv');
		jc(db, 1, 'import', 'members', file, '--errors', path);
		expectBadRows(readErrors(path));
		assert.equal(stats(db).members, 0);
	});

	it('with --skip-bad imports exactly the good rows and lists the bad ones', () => {
		const errorsPath = `${file}.errors.csv`;
		rmSync(errorsPath, { force: true });
		const r = jc(db, 0, 'import', 'members', file, '--skip-bad');
		assert.match(r.stdout, /imported 20 members/);
		assert.match(r.stdout, /skipped 6 bad rows/);
		expectBadRows(readErrors(errorsPath));
		expectStats(stats(db));
		assert.equal(stats(db, BR1).members, GOOD.filter((g) => g.expect.org === BR1).length);
		assert.equal(stats(db, BR2).members, GOOD.filter((g) => g.expect.org === BR2).length);
		assert.equal(stats(db, TOWN).members, 20);
		verify(db);
		const byName = new Map(exportRows(db).map((m) => [m['姓名'], m]));
		assert.equal(byName.size, 20);
		for (const g of GOOD) {
			const m = byName.get(g.cells[1]);
			assert.ok(m, `${g.cells[1]} was imported`);
			assert.equal(m['公民身份号码'], g.expect.id);
			assert.equal(m['所在党组织代码'], g.expect.org);
			assert.equal(m['性别'], g.expect.female ? 'F' : 'M');
			assert.equal(m['党员类别'], g.expect.probationary ? 'probationary' : 'full');
		}
		for (const b of BAD)
			assert.ok(!byName.has(b.cells[1]), `${b.cells[1]} was not imported`);
	});

	it('refuses every row of the good file again as a duplicate ID number, changing nothing', () => {
		const before = stats(db);
		const good = writeTmp('good.csv', GOOD_CSV);
		const r = jc(db, 1, 'import', 'members', good);
		assert.match(r.stderr, /20 of 20 rows are bad; nothing was imported/);
		const errors = readErrors(`${good}.errors.csv`);
		assert.equal(errors.length, 20);
		errors.forEach((e, i) => {
			assert.equal(e.line, i + 2);
			assert.equal(e.field, 'id_number');
			assert.match(e.reason, /registered already/);
			assert.deepEqual(e.cells, trimRow(GOOD[i].cells));
		});
		const again = jc(db, 0, 'import', 'members', good, '--skip-bad');
		assert.match(again.stdout, /imported 0 members/);
		assert.match(again.stdout, /skipped 20 bad rows/);
		assert.deepEqual(stats(db), before);
		assert.equal(exportRows(db).length, 20);
		verify(db);
	});

	it('refuses the second of two rows with the same new ID number in one file', () => {
		const id = idNumber('1990-02-03', 'F', '440703');
		const row = (name) => [BR1, name, '', id, '01', 'bachelor', 'worker', '2015-03-01', '2016-03-01'];
		const file2 = writeTmp('twice.csv', toCsv([HEADER, row('甲'), row('乙')]));
		jc(db, 1, 'import', 'members', file2);
		assert.equal(stats(db).members, 20);
		const r = jc(db, 0, 'import', 'members', file2, '--skip-bad');
		assert.match(r.stdout, /imported 1 members/);
		const errors = readErrors(`${file2}.errors.csv`);
		assert.equal(errors.length, 1);
		assert.equal(errors[0].line, 3);
		assert.equal(errors[0].field, 'id_number');
		assert.equal(stats(db).members, 21);
		verify(db);
	});
});

describe('import of members: misplaced members', () => {
	// Line 2: org_code names a Party group; line 3: group_code names a group of another branch;
	// line 4: org_code names a dissolved branch; line 5: group_code names a branch.
	let db, file;
	const DISSOLVED = 'IE-440703001009';
	before(() => {
		db = dbWithOrgs();
		jc(db, 0, 'import', 'orgs', writeTmp('dissolved.csv', toCsv([
			['code', 'name', 'type', 'parent_code', 'status', 'dissolved_on'],
			[DISSOLVED, '已撤销支部', 'branch', TOWN, 'dissolved', '2020-01-01'],
		])));
		const header = ['org_code', 'group_code', 'name', 'id_number', 'ethnicity', 'education', 'occupation', 'admit_date', 'convert_date'];
		const row = (org, group, name, birth) =>
			[org, group, name, idNumber(birth, 'M', '440704'), '01', 'bachelor', 'worker', '2010-06-01', '2011-06-01'];
		file = writeTmp('misplaced.csv', toCsv([header,
			row(GROUP, '', '在小组', '1980-01-01'),
			row(BR2, GROUP, '别的小组', '1980-01-02'),
			row(DISSOLVED, '', '已撤销', '1980-01-03'),
			row(BR1, BR1, '支部当小组', '1980-01-04'),
		]));
	});

	it('refuses a member placed in a Party group, a dissolved branch or a group of another branch', () => {
		jc(db, 1, 'import', 'members', file);
		const errors = readErrors(`${file}.errors.csv`);
		assert.deepEqual(errors.map((e) => e.line), [2, 3, 4, 5]);
		assert.match(errors[0].reason, /Party group/);
		assert.match(errors[2].reason, /dissolved/);
		assert.equal(stats(db).members, 0);
		verify(db);
	});

	it('names the column of the file in the error file (org_code, group_code)', () => {
		jc(db, 1, 'import', 'members', file);
		const errors = readErrors(`${file}.errors.csv`);
		assert.deepEqual(errors.map((e) => e.field), ['org_code', 'group_code', 'org_code', 'group_code']);
	});
});

describe('import of members: quoting, encodings, line ends', () => {
	let db;
	before(() => {
		db = dbWithOrgs();
	});

	it('reads quoted cells with commas and doubled quotes, a BOM and CRLF line ends', () => {
		const header = ['所在党组织代码', '姓名', '公民身份号码', '民族', '学历', '人员类别', '入党日期', '转正日期', '工作单位', '工作岗位'];
		const a = idNumber('1970-01-02', 'M', '440703'), b = idNumber('1971-03-04', 'F', '440703');
		const text = BOM + toCsv([header,
			[BR1, '陈"阿"明', a, '汉族', '大学本科', '工人（工勤技能人员）', '2000-07-01', '2001-07-01', '江门市"侨乡"公司,二部', '车间,主任'],
			[BR2, '李 四', b, '01', 'bachelor', 'farmer', '2000-07-01', '2001-07-01', ',', '"'],
		], '\r\n');
		assert.ok(text.includes('"江门市""侨乡""公司,二部"'));
		const file = writeTmp('quoted.csv', text);
		const r = jc(db, 0, 'import', 'members', file);
		assert.match(r.stdout, /imported 2 members/);
		const rows = exportRows(db);
		const byId = new Map(rows.map((m) => [m['公民身份号码'], m]));
		assert.equal(byId.get(a)['姓名'], '陈"阿"明');
		assert.equal(byId.get(a)['工作单位'], '江门市"侨乡"公司,二部');
		assert.equal(byId.get(a)['工作岗位'], '车间,主任');
		assert.equal(byId.get(a)['学历'], 'bachelor');
		assert.equal(byId.get(a)['人员类别'], 'worker');
		assert.equal(byId.get(b)['姓名'], '李 四');
		assert.equal(byId.get(b)['工作单位'], ',');
		assert.equal(byId.get(b)['工作岗位'], '"', 'no CR left at the end of the last cell of a CRLF line');
		assert.equal(stats(db).members, 2);
		verify(db);
	});

	it('counts a line break inside a quoted cell in the line numbers of the records after it (CRLF)', () => {
		// Line 1 header; line 2 a good row; lines 3-4 one record whose work unit holds a line
		// break (a text field may not hold control characters, so the record is refused at line 3);
		// line 5 a row with an unknown education; line 6 a good row.
		const header = ['org_code', 'name', 'id_number', 'ethnicity', 'education', 'occupation', 'admit_date', 'convert_date', 'work_unit'];
		const row = (name, id, edu = 'bachelor', unit = '单位') =>
			[BR1, name, id, '01', edu, 'worker', '2005-07-01', '2006-07-01', unit];
		const text = toCsv([header,
			row('行二', idNumber('1975-01-01', 'M', '440703')),
			row('行三', idNumber('1975-02-01', 'M', '440703'), 'bachelor', '第一行\r\n第二行'),
			row('行五', idNumber('1975-03-01', 'M', '440703'), 'phd'),
			row('行六', idNumber('1975-04-01', 'F', '440703')),
		], '\r\n');
		const file = writeTmp('multiline.csv', text);
		const r = jc(db, 0, 'import', 'members', file, '--skip-bad');
		assert.match(r.stdout, /imported 2 members/);
		const errors = readErrors(`${file}.errors.csv`);
		assert.deepEqual(errors.map((e) => [e.line, e.field]), [[3, 'work_unit'], [5, 'education']]);
		assert.equal(errors[0].cells[8], '第一行\r\n第二行', 'the original cell, line break included, in the error file');
		const names = exportRows(db).map((m) => m['姓名']);
		assert.ok(names.includes('行二') && names.includes('行六'));
		assert.equal(stats(db).members, 4);
		verify(db);
	});

	it('reads a GB18030 file (what Excel saves on a Chinese system)', (t) => {
		const encode = gb18030Encoder();
		if (!encode) {
			t.skip('this Node has no GB18030 decoder to build the test file with');
			return;
		}
		assert.deepEqual([...encode('张三')], [0xd5, 0xc5, 0xc8, 0xfd], 'the encoder agrees with GB 2312');
		const a = idNumber('1966-06-06', 'M', '440703'), b = idNumber('1967-07-07', 'F', '440703');
		const text = toCsv([
			['所在党组织代码', '姓名', '公民身份号码', '民族', '学历', '人员类别', '入党日期', '转正日期', '工作单位'],
			[BR2, '张三', a, '汉族', '大学本科', '农牧渔民', '1990-07-01', '1991-07-01', '江门市蓬江区（侨乡）'],
			[BR2, '李四', b, '壮族', '研究生', '离退休人员', '1990-07-01', '1991-07-01', '“新会”陈皮厂'],
		], '\r\n');
		const bytes = encode(text);
		assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the file is not UTF-8');
		const file = writeTmp('gb18030.csv', bytes);
		const r = jc(db, 0, 'import', 'members', file);
		assert.match(r.stdout, /imported 2 members/);
		const byId = new Map(exportRows(db).map((m) => [m['公民身份号码'], m]));
		assert.equal(byId.get(a)['姓名'], '张三');
		assert.equal(byId.get(a)['工作单位'], '江门市蓬江区（侨乡）');
		assert.equal(byId.get(a)['人员类别'], 'farmer');
		assert.equal(byId.get(b)['姓名'], '李四');
		assert.equal(byId.get(b)['民族'], '08');
		assert.equal(byId.get(b)['学历'], 'postgraduate');
		assert.equal(byId.get(b)['工作单位'], '“新会”陈皮厂');
		assert.equal(stats(db).members, 6);
		verify(db);
	});

	it('keeps line numbers right over a file of several 64 KiB chunks (CRLF, multi-byte text, line breaks)', () => {
		const header = ['org_code', 'name', 'id_number', 'ethnicity', 'education', 'occupation', 'admit_date', 'convert_date', 'work_unit'];
		const rows = [], want = [];
		let line = 2, good = 0;
		for (let i = 0; i < 1500; i++) {
			const id = idNumber(addDays('1950-01-01', i * 7), i % 2 ? 'M' : 'F', '440781');
			const cells = [BR1, `批量${i}`, id, '01', 'bachelor', 'worker', '2005-07-01', '2006-07-01',
				'江门市台山市'.repeat(1 + (i % 5)) + `第${i}车间`];
			if (i % 97 === 50) { // a record over three lines, refused for its line breaks
				cells[8] = `甲\r\n乙\r\n丙${i}`;
				want.push([line, 'work_unit']);
				line += 2;
			} else if (i % 89 === 7) {
				cells[4] = 'phd';
				want.push([line, 'education']);
			} else {
				good++;
			}
			rows.push(cells);
			line++;
		}
		const text = BOM + toCsv([header, ...rows], '\r\n');
		assert.ok(Buffer.byteLength(text) > 3 * 65536, 'the file spans several chunks');
		const file = writeTmp('big.csv', text);
		const before = stats(db).members;
		const refused = jc(db, 1, 'import', 'members', file);
		assert.match(refused.stderr, new RegExp(`${want.length} of 1500 rows are bad`));
		assert.equal(stats(db).members, before);
		const r = jc(db, 0, 'import', 'members', file, '--skip-bad');
		assert.match(r.stdout, new RegExp(`imported ${good} members`));
		const errors = readErrors(`${file}.errors.csv`);
		assert.deepEqual(errors.map((e) => [e.line, e.field]), want);
		assert.equal(stats(db).members, before + good);
		verify(db);
	});

	it('stops at a quote out of place after good rows: exit 1 naming the line, nothing imported', () => {
		const before = stats(db);
		const header = 'org_code,name,id_number,ethnicity,education,occupation,admit_date,convert_date,work_unit\n';
		const good = (name, id) => `${BR1},${name},${id},01,bachelor,worker,2005-07-01,2006-07-01,单位\n`;
		const text = header + good('好一', idNumber('1976-01-01', 'M', '440703')) +
			good('好二', idNumber('1976-02-01', 'M', '440703')) +
			`${BR1},坏"引号,${idNumber('1976-03-01', 'M', '440703')},01,bachelor,worker,2005-07-01,2006-07-01,单位\n` +
			good('好三', idNumber('1976-04-01', 'M', '440703'));
		const file = writeTmp('malformed.csv', text);
		const r = jc(db, 1, 'import', 'members', file);
		assert.match(r.stderr, /line 4/);
		const r2 = jc(db, 1, 'import', 'members', file, '--skip-bad');
		assert.match(r2.stderr, /line 4/);
		assert.deepEqual(stats(db), before);
		verify(db);
	});
});

describe('export and round trip', () => {
	let db, sourceStats, revealCsv, revealXlsx;
	before(() => {
		db = dbWithOrgs();
		jc(db, 0, 'import', 'members', writeTmp('members.csv', GOOD_CSV));
		expectStats(stats(db));
		jc(db, 0, 'import', 'members', writeTmp('rich.csv', RICH.csv));
		sourceStats = stats(db);
		assert.equal(sourceStats.members, N);
		assert.equal(sourceStats.by_state.stopped, 1);
		assert.equal(sourceStats.flags.lost_contact, 1);
		assert.equal(sourceStats.flags.mobile, 3);
		assert.equal(stats(db, GROUP).members, 0, 'members count in their branch, not in the group');
	});

	it('writes CSV with a BOM, Chinese headers, one row per member, ID numbers and phones masked', () => {
		const out = tmp('masked.csv');
		const r = jc(db, 0, 'export', 'members', ROOT, '--format', 'csv', '--out', out);
		assert.match(r.stdout, new RegExp(`exported ${N} members`));
		assert.match(r.stdout, /masked/);
		const buf = readFileSync(out);
		assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
		const text = buf.toString('utf8');
		const [header, ...rows] = parseCsv(text);
		assert.equal(header[0], '所在党组织代码');
		assert.equal(header[1], '所在党小组代码');
		for (const h of ['姓名', '性别', '公民身份号码', '出生日期', '民族', '学历', '人员类别', '党员类别', '入党日期', '转正日期', '联系电话'])
			assert.ok(header.includes(h), `header ${h}`);
		for (const h of header)
			assert.match(h, /[\u4e00-\u9fff]/, `a Chinese label, not a key: ${h}`);
		assert.equal(rows.length, N);
		const idCol = header.indexOf('公民身份号码'), phoneCol = header.indexOf('联系电话');
		const addressCol = header.indexOf('家庭住址'), groupCol = header.indexOf('所在党小组代码');
		assert.equal(rows.filter((row) => row[groupCol] === GROUP).length, 2);
		assert.ok(!text.includes('某路1号'), 'the address is masked');
		assert.equal(rows.filter((row) => row[addressCol]).length, 1);
		assert.match(rows.find((row) => row[addressCol])[addressCol], /\*/);
		for (const row of rows) {
			assert.equal(row.length, header.length);
			assert.match(row[idCol], /^\d{6}\*{8}\d{3}[\dX]$/);
			if (row[phoneCol]) // a phone keeps its first 3 and last 4 digits
				assert.match(row[phoneCol], /^138\*{4}\d{4}$/);
		}
		for (const g of GOOD) {
			assert.ok(!text.includes(g.expect.id), 'no full ID number in a masked export');
			if (g.cells[10])
				assert.ok(!text.includes(g.cells[10]), 'no full phone number in a masked export');
		}
		assert.deepEqual(rows.map((row) => row[idCol]).sort(),
			SOURCE_IDS.map((id) => id.slice(0, 6) + '********' + id.slice(14)).sort());
	});

	it('exports a subtree only', () => {
		const out = tmp('br2.csv');
		const r = jc(db, 0, 'export', 'members', BR2, '--out', out);
		const n = GOOD.filter((g) => g.expect.org === BR2).length + 1;
		assert.match(r.stdout, new RegExp(`exported ${n} members`));
		assert.equal(parseCsv(readFileSync(out, 'utf8')).length, n + 1);
	});

	it('refuses a masked export as an import: the ID numbers are not valid', () => {
		const out = tmp('masked.csv');
		jc(db, 0, 'export', 'members', ROOT, '--out', out);
		const fresh = dbWithOrgs();
		jc(fresh, 1, 'import', 'members', out);
		const errors = readErrors(`${out}.errors.csv`);
		assert.equal(errors.length, N);
		assert.ok(errors.every((e) => e.field === 'id_number'), JSON.stringify(errors[0]));
		assert.equal(stats(fresh).members, 0);
	});

	it('writes XLSX (a ZIP file), masked or revealed', () => {
		const masked = tmp('masked.xlsx');
		jc(db, 0, 'export', 'members', ROOT, '--format', 'xlsx', '--out', masked);
		assert.equal(readFileSync(masked).subarray(0, 2).toString('latin1'), 'PK');
		revealXlsx = tmp('reveal.xlsx');
		const r = jc(db, 0, 'export', 'members', ROOT, '--format', 'xlsx', '--out', revealXlsx, '--reveal');
		assert.match(r.stdout, new RegExp(`exported ${N} members`));
		assert.doesNotMatch(r.stdout, /masked/);
		assert.equal(readFileSync(revealXlsx).subarray(0, 4).toString('latin1'), 'PK\x03\x04');
	});

	it('reveals ID numbers with --reveal', () => {
		revealCsv = tmp('reveal.csv');
		jc(db, 0, 'export', 'members', ROOT, '--format', 'csv', '--out', revealCsv, '--reveal');
		const [header, ...rows] = parseCsv(readFileSync(revealCsv, 'utf8'));
		const idCol = header.indexOf('公民身份号码');
		assert.deepEqual(rows.map((r) => r[idCol]).sort(), [...SOURCE_IDS].sort());
		const rich = rows.find((r) => r[idCol] === RICH.ids[0]);
		const col = (label) => rich[header.indexOf(label)];
		assert.equal(col('所在党小组代码'), GROUP);
		assert.equal(col('家庭住址'), '江门市蓬江区某路1号');
		assert.equal(col('党费基数（元）'), '3500.50');
		assert.equal(col('月交纳党费（元）'), '17.50');
		assert.equal(col('党籍状态'), 'stopped');
		assert.equal(col('失联'), 'true');
		assert.equal(col('入党介绍人'), '张三，李四');
	});

	/** Imports file into a fresh database with the same organisations; compares with the source. */
	function roundTrip(file) {
		const copy = dbWithOrgs();
		const r = jc(copy, 0, 'import', 'members', file);
		assert.match(r.stdout, new RegExp(`imported ${N} members`));
		assert.deepEqual(stats(copy), sourceStats);
		for (const org of [TOWN, BR1, BR2, GROUP])
			assert.deepEqual(stats(copy, org), stats(db, org), org);
		verify(copy);
		const key = (m) => m['公民身份号码'];
		const sorted = (rows) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
		assert.deepEqual(sorted(exportRows(copy)), sorted(exportRows(db)), 'the same records, field by field');
	}

	it('round trip through CSV: the import into a fresh database gives the same members and statistics', () => {
		assert.ok(revealCsv, 'the revealed CSV was written');
		roundTrip(revealCsv);
	});

	it('round trip through XLSX: the same', () => {
		assert.ok(revealXlsx, 'the revealed XLSX was written');
		roundTrip(revealXlsx);
	});

	it('numbers XLSX rows in the error file as the worksheet does', () => {
		assert.ok(revealCsv && revealXlsx);
		// The same rows in the same order in both exports; the worksheet's row 1 is the header.
		const [header, ...rows] = parseCsv(readFileSync(revealCsv, 'utf8'));
		const want = rows.map((r, i) => [r[0], i + 2]).filter(([org]) => org === BR2).map(([, line]) => line);
		assert.equal(header[0], '所在党组织代码');
		const partial = newDb(); // the organisations without BR2
		jc(partial, 0, 'import', 'orgs', writeTmp('orgs3.csv', ORGS_CSV.split('\n').filter((l) => !l.startsWith(BR2)).join('\n')));
		const errorsPath = tmp('xlsx-errors.csv');
		jc(partial, 1, 'import', 'members', revealXlsx, '--errors', errorsPath);
		const errors = readErrors(errorsPath);
		assert.deepEqual(errors.map((e) => e.line), want);
		assert.ok(errors.every((e) => e.field === 'org_code' && e.cells[0] === BR2));
		assert.equal(stats(partial).members, 0);
	});
});

describe('refused files', () => {
	let db;
	before(() => {
		db = dbWithOrgs();
	});

	it('refuses a header with an unknown column, naming it, and imports nothing', () => {
		const header = [...HEADER.slice(0, 5), 'foo', ...HEADER.slice(5)];
		const rows = GOOD.slice(0, 3).map((g) => [...g.cells.slice(0, 5), 'bar', ...g.cells.slice(5)]);
		const file = writeTmp('foo.csv', toCsv([header, ...rows]));
		const r = jc(db, 1, 'import', 'members', file);
		assert.match(r.stderr, /'foo'/);
		assert.equal(stats(db).members, 0);
		const r2 = jc(db, 1, 'import', 'members', file, '--skip-bad');
		assert.match(r2.stderr, /'foo'/);
		assert.equal(stats(db).members, 0);
		const orgs = writeTmp('orgs-foo.csv', '组织代码,组织名称,组织类别,颜色\nIE-Z,某支部,branch,红\n');
		assert.match(jc(db, 1, 'import', 'orgs', orgs).stderr, /颜色/);
		assert.equal(stats(db).organisations.total, 5);
		verify(db);
	});

	it('refuses an empty file with a clear message', () => {
		const file = writeTmp('empty.csv', '');
		const r = jc(db, 1, 'import', 'members', file);
		assert.match(r.stderr, /empty/);
		const bomOnly = writeTmp('bom.csv', BOM);
		assert.match(jc(db, 1, 'import', 'members', bomOnly).stderr, /empty/);
		assert.equal(stats(db).members, 0);
	});

	it('refuses a file that does not exist', () => {
		const file = join(dir, 'no-such-file.csv');
		const r = jc(db, 1, 'import', 'members', file);
		assert.ok(r.stderr.includes('no-such-file.csv'), r.stderr);
		assert.ok(!existsSync(`${file}.errors.csv`));
		assert.equal(stats(db).members, 0);
	});
});
