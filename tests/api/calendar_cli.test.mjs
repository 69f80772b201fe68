// calendar_cli.test.mjs - `jiceng calendar` end to end on a temporary database made with
// `jiceng init` (one temporary directory, removed at the end).
//
// Covered: `list` of a seeded year (configured, its holidays and adjusted workdays with weekdays)
// and of a year not configured; `add` across the Spring Festival of 2026, with N = 0, and into
// 2027 ("provisional", also explained on stderr); `set` of a holiday and a workday, seen by `add`
// and `list`, then `clear`; `year` marking 2027 configured, after which `add` is final; the
// refusals, each with a non-zero status and a message naming the argument: a bad date, a bad
// kind, a workday on a Monday, a bad N, clearing a day not listed, `year` without --source, an
// unknown subcommand. Every write and refused write is in the audit trail, which still verifies.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './harness.mjs';

let dir, db;

before(() => {
	dir = mkdtempSync(join(tmpdir(), 'jiceng-calendar-'));
	db = join(dir, 't.db');
	jc(0, 'init');
});
after(() => {
	if (dir)
		rmSync(dir, { recursive: true, force: true });
});

function show(r) {
	return `exit ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/** Runs jiceng on the test database and asserts its exit status. */
function jc(status, ...args) {
	const r = runCli(db, ...args);
	assert.equal(r.status, status, `jiceng ${args.join(' ')}: ${show(r)}`);
	return r;
}

/** `jiceng calendar add DAY N`: its one line of output. */
const add = (day, n) => jc(0, 'calendar', 'add', day, String(n)).stdout.trim();

describe('jiceng calendar: the seeded years', () => {
	it('lists 2026 as configured, with its holidays and adjusted workdays', () => {
		const out = jc(0, 'calendar', 'list', '2026').stdout;
		const lines = out.trim().split('\n');
		assert.match(lines[0], /^2026: configured from 国务院办公厅关于2026年部分节假日安排的通知/);
		assert.equal(lines.length, 1 + 33 + 6);
		assert.match(out, /^2026-02-14 {2}Sat {2}workday {2}春节/m);
		assert.match(out, /^2026-02-16 {2}Mon {2}holiday {2}春节/m);
		assert.match(out, /^2026-10-10 {2}Sat {2}workday {2}国庆节/m);
		assert.equal(lines.filter((l) => / workday /.test(l)).length, 6);
	});

	it('lists 2025 as configured and 2027 as not', () => {
		assert.match(jc(0, 'calendar', 'list', '2025').stdout, /^2025: configured from 国务院办公厅关于2025年/);
		assert.equal(jc(0, 'calendar', 'list', '2027').stdout.trim(),
			'2027: not configured; only weekends are assumed, and deadlines in it are provisional');
	});

	it('adds working days across the Spring Festival of 2026', () => {
		assert.equal(add('2026-02-13', 5), '2026-02-27');  // Sat 14 worked, 15-23 off
		assert.equal(add('2026-02-13', 1), '2026-02-14');
		assert.equal(add('2026-02-24', 5), '2026-03-02');  // Sat 28 worked
		assert.equal(add('2026-02-15', 0), '2026-02-15');
	});

	it('says provisional when the answer reaches into a year not configured', () => {
		const r = jc(0, 'calendar', 'add', '2026-12-28', '5');
		assert.equal(r.stdout.trim(), '2027-01-04 provisional');
		assert.match(r.stderr, /not configured/);
		assert.equal(jc(0, 'calendar', 'add', '2026-12-28', '3').stderr, '');
	});
});

describe('jiceng calendar: changing the data', () => {
	it('sets a holiday, which add and list then see, and clears it', () => {
		const r = jc(0, 'calendar', 'set', '2026-03-03', 'holiday', '测试假日', '--source', 'a test');
		assert.match(r.stdout, /2026-03-03 is now a holiday/);
		assert.equal(add('2026-03-02', 1), '2026-03-04');
		assert.match(jc(0, 'calendar', 'list', '2026').stdout, /^2026-03-03 {2}Tue {2}holiday {2}测试假日 {2}a test$/m);
		jc(0, 'calendar', 'clear', '2026-03-03');
		assert.equal(add('2026-03-02', 1), '2026-03-03');
	});

	it('sets an adjusted working Sunday', () => {
		jc(0, 'calendar', 'set', '2026-03-08', 'workday', '测试调休');
		assert.equal(add('2026-03-06', 1), '2026-03-08');
		jc(0, 'calendar', 'clear', '2026-03-08');
		assert.equal(add('2026-03-06', 1), '2026-03-09');
	});

	it('marks 2027 configured, after which add is final', () => {
		jc(0, 'calendar', 'set', '2027-01-01', 'holiday', '元旦');
		assert.equal(add('2026-12-31', 1), '2027-01-04 provisional');
		const r = jc(0, 'calendar', 'year', '2027', '--source', '国务院办公厅关于2027年部分节假日安排的通知');
		assert.match(r.stdout, /2027 is configured/);
		assert.equal(add('2026-12-31', 1), '2027-01-04');
		assert.match(jc(0, 'calendar', 'list', '2027').stdout,
			/^2027: configured from 国务院办公厅关于2027年部分节假日安排的通知 \(\d{4}-\d\d-\d\dT[\d:]+Z\)\n2027-01-01 {2}Fri {2}holiday {2}元旦\n$/);
	});
});

describe('jiceng calendar: refusals', () => {
	const refusals = [
		{ args: ['add', '2026-02-30', '5'], word: "'day'" },
		{ args: ['add', '2026/03/02', '5'], word: "'day'" },
		{ args: ['add', '2026-03-02', '-1'], word: "'n'" },
		{ args: ['add', '2026-03-02', 'five'], word: "'n'" },
		{ args: ['set', '2026-13-01', 'holiday', '测试'], word: "'day'" },
		{ args: ['set', '2026-03-03', 'vacation', '测试'], word: "'kind'" },
		{ args: ['set', '2026-03-02', 'workday', '测试'], word: "'kind'" },  // a Monday
		{ args: ['clear', '2026-03-05'], word: "'day'" },                    // nothing listed
		{ args: ['clear', 'yesterday'], word: "'day'" },
		{ args: ['list', 'MMXXVI'], word: "'year'" },
		{ args: ['list', '1700'], word: "'year'" },
	];
	for (const { args, word } of refusals)
		it(`refuses calendar ${args.join(' ')}, naming ${word}`, () => {
			const r = runCli(db, 'calendar', ...args);
			assert.notEqual(r.status, 0, show(r));
			assert.ok(r.stderr.includes(word), show(r));
			assert.equal(r.stdout, '');
		});

	it('changes nothing when it refuses', () => {
		const out = jc(0, 'calendar', 'list', '2026').stdout;
		assert.doesNotMatch(out, /测试/);
		assert.doesNotMatch(out, /^2026-03-0/m);
	});

	it('answers usage errors with status 2', () => {
		assert.equal(runCli(db, 'calendar').status, 2);
		assert.equal(runCli(db, 'calendar', 'year', '2028').status, 2);  // no --source
		assert.equal(runCli(db, 'calendar', 'set', '2026-03-03', 'holiday').status, 2);
		const r = runCli(db, 'calendar', 'move', '2026-03-03');
		assert.equal(r.status, 2);
		assert.match(r.stderr, /no subcommand 'move'/);
	});
});

describe('jiceng calendar: the audit trail', () => {
	it('holds every write and every refused write, and verifies', () => {
		const out = jc(0, 'audit', 'list', '--limit', '100', '--event', 'calendar.').stdout;
		assert.match(out, /calendar\.set\s+day:2026-03-03\s+ok\s+holiday 测试假日/);
		assert.match(out, /calendar\.clear\s+day:2026-03-03\s+ok/);
		assert.match(out, /calendar\.year\s+year:2027\s+ok/);
		assert.match(out, /calendar\.set\s+day:2026-03-03\s+invalid\s+vacation/);
		assert.match(out, /calendar\.clear\s+day:2026-03-05\s+not_found/);
		jc(0, 'audit', 'verify');
	});
});
