/*
 * develop_store.c - recruitment cases and their steps in the database.
 *
 * Each write runs inside the caller's transaction: the case row, the step row (append-only),
 * the subtree statistics (open cases by stage) and, at admission and conversion, the member
 * record - all commit together or not at all. The facts a step's check needs (mentors and
 * introducers, the branch's full members, the approving committee, working days of a notice)
 * are read here and handed to the pure checks of develop_rules.c.
 *
 * The person's ID number and phone are sealed as a member's are (keys.h), with a blind index of
 * the ID number (one open case per person) and masked copies for every read but the admission,
 * which opens the sealed number to create the member record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/fields.h"
#include "calendar/calendar.h"
#include "db/db.h"
#include "develop/develop.h"
#include "keys/keys.h"
#include "member/member.h"
#include "org/org.h"
#include "stats/stats.h"

/* --- rules ------------------------------------------------------------------------------- */

enum jc_err develop_rules_load(struct db *db, int64_t org_id, int on, struct develop_rules *r, struct jc_error *err)
{
	static const struct rule_slot slots[] = {
		RULE_SLOT(struct develop_rules, min_age, "member.min_age_at_application"),
		RULE_SLOT(struct develop_rules, talk_months, "develop.talk_within_months"),
		RULE_SLOT(struct develop_rules, apply_to_activist, "member.activist_after_application_min_months"),
		RULE_SLOT(struct develop_rules, mentors_min, "develop.mentors_min"),
		RULE_SLOT(struct develop_rules, mentors_max, "develop.mentors_max"),
		RULE_SLOT(struct develop_rules, assessment_months, "develop.assessment_interval_months"),
		RULE_SLOT(struct develop_rules, activist_months, "member.activist_min_months"),
		RULE_SLOT(struct develop_rules, notice_target_days, "develop.notice_target_working_days"),
		RULE_SLOT(struct develop_rules, introducers, "develop.introducers"),
		RULE_SLOT(struct develop_rules, review_valid_months, "develop.political_review_valid_months"),
		RULE_SLOT(struct develop_rules, training_days, "develop.training_min_days"),
		RULE_SLOT(struct develop_rules, training_hours, "develop.training_min_hours"),
		RULE_SLOT(struct develop_rules, leave_unit_months, "develop.leave_unit_months"),
		RULE_SLOT(struct develop_rules, meeting_after_prereview_months, "develop.meeting_after_prereview_months"),
		RULE_SLOT(struct develop_rules, notice_admission_days, "develop.notice_admission_working_days"),
		RULE_SLOT(struct develop_rules, quorum_percent, "develop.meeting.quorum_percent"),
		RULE_SLOT(struct develop_rules, pass_percent, "develop.meeting.pass_percent"),
		RULE_SLOT(struct develop_rules, meeting_min_full, "develop.meeting.min_full_members"),
		RULE_SLOT(struct develop_rules, approver_authority, "develop.approver_authority"),
		RULE_SLOT(struct develop_rules, approval_months, "develop.approval_months"),
		RULE_SLOT(struct develop_rules, approval_max_months, "develop.approval_max_months"),
		RULE_SLOT(struct develop_rules, probation_months, "member.probation_months"),
		RULE_SLOT(struct develop_rules, extension_min_months, "develop.extension_min_months"),
		RULE_SLOT(struct develop_rules, extension_max_months, "member.probation_max_extension_months"),
		RULE_SLOT(struct develop_rules, extension_max_count, "develop.extension_max_count"),
		RULE_SLOT(struct develop_rules, conversion_approval_months, "develop.conversion_approval_months"),
		RULE_SLOT(struct develop_rules, archive_days, "develop.archive_within_days"),
	};
	return rules_load_slots(db, org_id, on, slots, sizeof(slots) / sizeof(slots[0]), r, err);
}

/* --- reading ----------------------------------------------------------------------------- */

#define CASE_COLUMNS                                                                                     \
	"c.id, c.org_id, c.name, c.gender, c.birth_date, c.id_number_masked, c.phone_masked, c.ethnicity,"  \
	" c.education, c.occupation, c.work_unit, c.leaving_unit_on, c.stage, c.outcome, c.applied_on,"   \
	" c.rules_on, c.activist_on, c.target_on, c.admitted_on, c.probation_end, c.extensions,"           \
	" c.converted_on, c.archived_on, c.member_id, c.last_step, c.version"

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static void case_from_row(struct db_stmt *s, struct develop_case *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_col_int(s, 0);
	c->org_id = db_col_int(s, 1);
	copy(c->name, sizeof(c->name), db_col_text(s, 2));
	copy(c->gender, sizeof(c->gender), db_col_text(s, 3));
	c->birth_date = db_col_date(s, 4);
	copy(c->id_number, sizeof(c->id_number), db_col_text(s, 5));
	copy(c->phone, sizeof(c->phone), db_col_text(s, 6));
	copy(c->ethnicity, sizeof(c->ethnicity), db_col_text(s, 7));
	copy(c->education, sizeof(c->education), db_col_text(s, 8));
	copy(c->occupation, sizeof(c->occupation), db_col_text(s, 9));
	copy(c->work_unit, sizeof(c->work_unit), db_col_text(s, 10));
	c->leaving_unit_on = db_col_date(s, 11);
	c->stage = develop_stage_from_key(db_col_text(s, 12));
	copy(c->outcome, sizeof(c->outcome), db_col_text(s, 13));
	c->applied_on = db_col_date(s, 14);
	c->rules_on = db_col_date(s, 15);
	c->activist_on = db_col_date(s, 16);
	c->target_on = db_col_date(s, 17);
	c->admitted_on = db_col_date(s, 18);
	c->probation_end = db_col_date(s, 19);
	c->extensions = (int)db_col_int(s, 20);
	c->converted_on = db_col_date(s, 21);
	c->archived_on = db_col_date(s, 22);
	c->member_id = db_col_int(s, 23);
	c->last_step = (int)db_col_int(s, 24);
	c->version = db_col_int(s, 25);
}

void develop_history_free(struct develop_history *h)
{
	for (int i = 0; h && i < h->count; i++)
		json_decref(h->steps[i].data);
	if (h)
		free(h->steps);
	if (h)
		memset(h, 0, sizeof(*h));
}

static enum jc_err load_history(struct db *db, int64_t id, struct develop_history *h, struct jc_error *err)
{
	memset(h, 0, sizeof(*h));
	struct db_stmt *s = db_stmt(db, "SELECT step, done_on, decision, data FROM develop_step WHERE case_id = ?1 ORDER BY id");
	db_bind_int(s, 1, id);
	int r, cap = 0;
	while ((r = db_step(s, err)) == 1) {
		if (h->count == cap) {
			cap = cap ? 2 * cap : 32;
			h->steps = realloc(h->steps, (size_t)cap * sizeof(*h->steps));
			if (!h->steps)
				abort();
		}
		struct develop_step_rec *rec = &h->steps[h->count++];
		rec->step = (int)db_col_int(s, 0);
		rec->done_on = db_col_date(s, 1);
		copy(rec->decision, sizeof(rec->decision), db_col_text(s, 2));
		rec->data = db_col_text(s, 3) ? json_loads(db_col_text(s, 3), 0, NULL) : NULL;
	}
	if (r < 0)
		develop_history_free(h);
	return r < 0 ? err->code : JC_OK;
}

enum jc_err develop_get(struct db *db, int64_t id, struct develop_case *c, struct develop_history *h,
			struct jc_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT " CASE_COLUMNS " FROM develop_case c WHERE c.id = ?1");
	db_bind_int(s, 1, id);
	int r = db_step(s, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return jc_fail(err, JC_ENOTFOUND, NULL, NULL, "no recruitment case %lld", (long long)id);
	case_from_row(s, c);
	db_reset(s);
	return h ? load_history(db, id, h, err) : JC_OK;
}

/* --- writing ----------------------------------------------------------------------------- */

static void bind_sealed(struct db_stmt *s, int i, const char *plain)
{
	if (!plain || !plain[0]) {
		db_bind_null(s, i);
		return;
	}
	unsigned char blob[512];
	size_t len;
	if (keys_seal(plain, strlen(plain), blob, sizeof(blob), &len))
		abort(); /* the keys are loaded before any write is served */
	db_bind_blob(s, i, blob, len);
}

static void bind_masked(struct db_stmt *s, int i, const char *plain)
{
	if (!plain || !plain[0]) {
		db_bind_null(s, i);
		return;
	}
	char masked[64];
	fields_mask(plain, masked, sizeof(masked));
	db_bind_text(s, i, masked);
}

/* The open-case count of the case's organisation and its ancestors moves from one stage to
 * another (NULL: none). */
static enum jc_err move_stats(struct db *db, int64_t org_id, const char *from, const char *to, struct jc_error *err)
{
	struct org o;
	enum jc_err e = org_get(db, org_id, &o, err);
	if (e)
		return e;
	struct stats_vec delta;
	memset(&delta, 0, sizeof(delta));
	stats_add_develop(&delta, from, -1);
	stats_add_develop(&delta, to, 1);
	struct stats_acc *acc = stats_acc_new();
	stats_acc_add_path(acc, o.path, &delta);
	e = stats_acc_flush(acc, db, err);
	stats_acc_free(acc);
	return e;
}

static enum jc_err insert_step(struct db *db, int64_t case_id, const struct develop_step *s, const char *decision,
			       const struct actor *who, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db, "INSERT INTO develop_step (case_id, step, done_on, actor, decision, data, documents,"
					" recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	char *data = s->data ? json_dumps(s->data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *docs = s->documents ? json_dumps(s->documents, JSON_COMPACT) : NULL;
	db_bind_int(q, 1, case_id);
	db_bind_int(q, 2, s->step);
	db_bind_date(q, 3, s->done_on);
	db_bind_text(q, 4, s->actor);
	db_bind_text(q, 5, decision && decision[0] ? decision : NULL);
	db_bind_text(q, 6, data);
	db_bind_text(q, 7, docs);
	db_bind_text(q, 8, who->name);
	db_bind_text(q, 9, now);
	free(data);
	free(docs);
	return db_run(q, err);
}

static enum jc_err update_case(struct db *db, const struct develop_case *c, struct jc_error *err)
{
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db,
		"UPDATE develop_case SET stage = ?2, outcome = ?3, activist_on = ?4, target_on = ?5, admitted_on = ?6,"
		" probation_end = ?7, extensions = ?8, converted_on = ?9, archived_on = ?10, member_id = ?11,"
		" last_step = ?12, version = version + 1, updated_at = ?13 WHERE id = ?1");
	db_bind_int(q, 1, c->id);
	db_bind_text(q, 2, develop_stage_key(c->stage));
	db_bind_text(q, 3, c->outcome[0] ? c->outcome : NULL);
	db_bind_date(q, 4, c->activist_on);
	db_bind_date(q, 5, c->target_on);
	db_bind_date(q, 6, c->admitted_on);
	db_bind_date(q, 7, c->probation_end);
	db_bind_int(q, 8, c->extensions);
	db_bind_date(q, 9, c->converted_on);
	db_bind_date(q, 10, c->archived_on);
	if (c->member_id)
		db_bind_int(q, 11, c->member_id);
	else
		db_bind_null(q, 11);
	db_bind_int(q, 12, c->last_step);
	db_bind_text(q, 13, now);
	return db_run(q, err);
}

/* Whether the stage is counted in the statistics (open, before admission). */
static const char *counted(int stage)
{
	return stage == DEV_APPLICANT || stage == DEV_ACTIVIST || stage == DEV_TARGET ? develop_stage_key(stage) : NULL;
}

/* --- facts for the checks ---------------------------------------------------------------- */

static bool path_under(const char *path, const char *top)
{
	return !strncmp(path, top, strlen(top));
}

static enum jc_err gather_facts(struct db *db, const struct develop_case *c, const struct org *org,
				const struct develop_step *s, struct develop_facts *f, struct jc_error *err)
{
	memset(f, 0, sizeof(*f));
	f->today = date_today();
	struct db_stmt *q = db_stmt(db, "SELECT count(*) FROM member WHERE org_id = ?1 AND category = 'full' AND state = 'normal'");
	db_bind_int(q, 1, c->org_id);
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	f->branch_full_members = (int)db_col_int(q, 0);
	db_reset(q);
	json_t *approver = s->data ? json_object_get(s->data, "approving_org_id") : NULL;
	if (json_is_integer(approver)) {
		struct org a;
		struct jc_error none = { 0 };
		enum jc_err e = org_get(db, json_integer_value(approver), &a, &none);
		if (e && e != JC_ENOTFOUND)
			return jc_error_pass(err, &none);
		if (!e) {
			f->approver_is_ancestor = a.id != org->id && path_under(org->path, a.path);
			f->approver_can_approve = a.can_approve && strcmp(a.type, "general_branch") &&
						  strcmp(a.type, "branch") && strcmp(a.type, "temporary_branch");
		}
	}
	const char *people = s->step == 5 ? "mentors" : s->step == 9 ? "introducers" : NULL;
	json_t *list = people && s->data ? json_object_get(s->data, people) : NULL;
	if (people) {
		if (!json_is_array(list) || json_array_size(list) > 4)
			return jc_fail(err, JC_EINVAL, people, NULL, "'data.%s' must be a list of member ids", people);
		size_t i;
		json_t *x;
		json_array_foreach(list, i, x) {
			if (!json_is_integer(x))
				return jc_fail(err, JC_EINVAL, people, NULL, "'data.%s' must be a list of member ids", people);
			struct develop_person_fact *p = &f->people[f->npeople++];
			p->member_id = json_integer_value(x);
			struct member m;
			char path[256];
			struct db_stmt *mp = db_stmt(db, "SELECT o.path FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = ?1");
			db_bind_int(mp, 1, p->member_id);
			int found = db_step(mp, err);
			if (found < 0)
				return err->code;
			if (found == 1) {
				copy(path, sizeof(path), db_col_text(mp, 0));
				db_reset(mp);
				/* the case's organisation and what lies under it */
				if (path_under(path, org->path)) {
					enum jc_err e = member_get_masked(db, p->member_id, &m, err);
					if (e)
						return e;
					p->found = true;
					copy(p->category, sizeof(p->category), m.category);
					copy(p->state, sizeof(p->state), m.state);
					p->discipline_probation_until = m.discipline_probation_until;
				}
			}
		}
	}
	json_t *group = s->step == 19 && s->data ? json_object_get(s->data, "group_id") : NULL;
	if (json_is_integer(group)) {
		struct org g;
		struct jc_error none = { 0 };
		enum jc_err e = org_get(db, json_integer_value(group), &g, &none);
		if (e && e != JC_ENOTFOUND)
			return jc_error_pass(err, &none);
		f->group_ok = !e && g.parent_id == c->org_id && !strcmp(g.type, "group");
	}
	if (s->step == 7 || s->step == 15) {
		json_t *from = s->data ? json_object_get(s->data, "notice_from") : NULL;
		json_t *to = s->data ? json_object_get(s->data, "notice_to") : NULL;
		int a, b;
		if (json_is_string(from) && json_is_string(to) &&
		    date_parse(json_string_value(from), (int)json_string_length(from), &a) &&
		    date_parse(json_string_value(to), (int)json_string_length(to), &b) && b >= a) {
			/* the days of the notice, its first day included */
			enum jc_err e = calendar_count(db, a - 1, b, &f->notice_working_days, &f->notice_provisional, err);
			if (e)
				return e;
		}
	}
	return JC_OK;
}

/* --- the member record at admission and conversion ---------------------------------------- */

/* The names of the members a step named (mentors at step 5, introducers at step 9), joined by
 * "、" into out, for the member record; a member no longer there is left out. */
static enum jc_err names_of(struct db *db, int64_t case_id, int step, const char *key, char *out, size_t cap,
			    struct jc_error *err)
{
	out[0] = '\0';
	struct db_stmt *q = db_stmt(db, "SELECT data FROM develop_step WHERE case_id = ?1 AND step = ?2 ORDER BY id DESC LIMIT 1");
	db_bind_int(q, 1, case_id);
	db_bind_int(q, 2, step);
	json_t *data = NULL;
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	if (r == 1) {
		data = db_col_text(q, 0) ? json_loads(db_col_text(q, 0), 0, NULL) : NULL;
		db_reset(q);
	}
	size_t i, len = 0;
	json_t *x;
	enum jc_err e = JC_OK;
	struct jc_error failure = { 0 };
	json_array_foreach(json_object_get(data, key), i, x) {
		struct member m;
		if (!json_is_integer(x))
			continue;
		jc_error_clear(&failure);
		if ((e = member_get_masked(db, json_integer_value(x), &m, &failure))) {
			if (e != JC_ENOTFOUND)
				break;
			e = JC_OK;
			continue;
		}
		size_t add = strlen(m.name) + (len ? strlen("、") : 0);
		if (len + add >= cap)
			break; /* whole names only: a cut one would read like another person */
		len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? "、" : "", m.name);
	}
	json_decref(data);
	return e ? jc_error_pass(err, &failure) : JC_OK;
}

static enum jc_err admit_member(struct db *db, struct develop_case *c, const struct actor *who, struct jc_error *err)
{
	struct db_stmt *q = db_stmt(db, "SELECT id_number, phone FROM develop_case WHERE id = ?1");
	db_bind_int(q, 1, c->id);
	if (db_step(q, err) != 1)
		return err->code ? err->code : jc_fail(err, JC_EINTERNAL, NULL, NULL, "case %lld vanished", (long long)c->id);
	struct member m;
	fields_clear(&member_desc, &m);
	size_t n;
	const void *blob = db_col_blob(q, 0, &n);
	enum jc_err e = keys_open(blob, n, m.id_number, sizeof(m.id_number), err);
	if (!e && !db_col_null(q, 1)) {
		blob = db_col_blob(q, 1, &n);
		e = keys_open(blob, n, m.phone, sizeof(m.phone), err);
	}
	db_reset(q);
	if (e)
		return e;
	m.org_id = c->org_id;
	copy(m.name, sizeof(m.name), c->name);
	copy(m.gender, sizeof(m.gender), c->gender);
	m.birth_date = c->birth_date;
	copy(m.ethnicity, sizeof(m.ethnicity), c->ethnicity);
	copy(m.education, sizeof(m.education), c->education);
	copy(m.occupation, sizeof(m.occupation), c->occupation);
	copy(m.work_unit, sizeof(m.work_unit), c->work_unit);
	copy(m.category, sizeof(m.category), "probationary");
	copy(m.state, sizeof(m.state), "normal");
	if ((e = names_of(db, c->id, 5, "mentors", m.mentors, sizeof(m.mentors), err)) ||
	    (e = names_of(db, c->id, 9, "introducers", m.introducers, sizeof(m.introducers), err)))
		return e;
	m.apply_date = c->applied_on;
	m.activist_date = c->activist_on;
	m.target_date = c->target_on;
	m.admit_date = c->admitted_on;
	if ((e = member_create(db, &m, who, err)))
		return e;
	c->member_id = m.id;
	return JC_OK;
}

/* After step 19 (placed in a Party group), 24 (conversion, cancellation): the member follows. */
static enum jc_err update_member(struct db *db, const struct develop_case *c, const struct develop_step *s,
				 const struct actor *who, struct jc_error *err)
{
	if (!c->member_id)
		return JC_OK;
	struct member m;
	enum jc_err e = member_get(db, c->member_id, &m, err);
	if (e)
		return e;
	if (s->step == 19) {
		json_t *g = s->data ? json_object_get(s->data, "group_id") : NULL;
		if (!g)
			return JC_OK;
		m.group_id = json_integer_value(g); /* checked to be a group of the branch before anything was written */
	} else if (c->stage == DEV_FULL) {
		copy(m.category, sizeof(m.category), "full");
		m.convert_date = c->converted_on;
	} else if (c->stage == DEV_CLOSED) {
		copy(m.state, sizeof(m.state), "probation_cancelled");
		m.state_date = s->done_on;
	} else {
		return JC_OK;
	}
	return member_update(db, &m, who, err);
}

/* --- the operations ---------------------------------------------------------------------- */

static enum jc_err check_person(struct db *db, struct develop_case *c, struct org *org, struct jc_error *err)
{
	if (!c->name[0])
		return jc_fail(err, JC_EINVAL, "name", NULL, "'name' is required");
	int birth;
	bool female;
	if (!member_id_number_valid(c->id_number, &birth, &female))
		return jc_fail(err, JC_EINVAL, "id_number", NULL,
			       "'id_number' is not a valid national ID number (GB 11643-1999: 18 characters, check digit)");
	if (!c->gender[0])
		copy(c->gender, sizeof(c->gender), female ? "F" : "M");
	if (strcmp(c->gender, female ? "F" : "M"))
		return jc_fail(err, JC_EINVAL, "gender", NULL, "'gender' does not agree with the ID number");
	c->birth_date = birth;
	static const struct {
		const char *field;
		const struct code_table *table;
		size_t offset;
	} codes[] = {
		{ "ethnicity", &member_ethnicities, offsetof(struct develop_case, ethnicity) },
		{ "education", &member_educations, offsetof(struct develop_case, education) },
		{ "occupation", &member_occupations, offsetof(struct develop_case, occupation) },
	};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *v = (const char *)c + codes[i].offset;
		if (code_find(codes[i].table, v, strlen(v), 0) < 0)
			return jc_fail(err, JC_EINVAL, codes[i].field, NULL, "'%s' is not a code of its table (GET /api/v1/codes)",
				       codes[i].field);
	}
	enum jc_err e = org_get(db, c->org_id, org, err);
	if (e)
		return e;
	if (!strcmp(org->type, "group") || !strcmp(org->type, "temporary_branch") || strcmp(org->status, "active"))
		return jc_fail(err, JC_EINVAL, "org_id", NULL,
			       "'org_id' must be an active branch or committee (a Party group or a temporary branch develops no one)");
	unsigned char idx[32];
	keys_blind_index(c->id_number, strlen(c->id_number), idx);
	struct db_stmt *q = db_stmt(db, "SELECT (SELECT count(*) FROM member WHERE id_number_index = ?1)"
					" + (SELECT count(*) FROM develop_case WHERE id_number_index = ?1 AND stage <> 'closed')");
	db_bind_blob(q, 1, idx, sizeof(idx));
	int r = db_step(q, err);
	if (r < 0)
		return err->code;
	int64_t found = r == 1 ? db_col_int(q, 0) : 0;
	db_reset(q);
	if (found)
		return jc_fail(err, JC_ECONFLICT, "id_number", NULL,
			       "this person is already a member or has an open recruitment case");
	return JC_OK;
}

enum jc_err develop_open(struct db *db, struct develop_case *c, const struct develop_step *s, const struct actor *who,
			 struct jc_error *err)
{
	struct org org;
	enum jc_err e = check_person(db, c, &org, err);
	if (e)
		return e;
	c->rules_on = s->done_on;
	struct develop_rules r;
	if ((e = develop_rules_load(db, c->org_id, c->rules_on == DATE_NONE ? date_today() : c->rules_on, &r, err)))
		return e;
	struct develop_history empty = { 0 };
	struct develop_facts f;
	memset(&f, 0, sizeof(f));
	f.today = date_today();
	c->stage = DEV_APPLICANT;
	c->activist_on = c->target_on = c->admitted_on = c->probation_end = DATE_NONE;
	c->converted_on = c->archived_on = DATE_NONE;
	if ((e = develop_check_step(c, &empty, s, &r, &f, err)))
		return e;
	char now[21];
	clock_format(clock_now(), now);
	struct db_stmt *q = db_stmt(db,
		"INSERT INTO develop_case (org_id, name, gender, birth_date, id_number, id_number_index, id_number_masked,"
		" phone, phone_masked, ethnicity, education, occupation, work_unit, leaving_unit_on, stage, applied_on,"
		" rules_on, last_step, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'applicant', ?15, ?15, 1, ?16, ?16)");
	unsigned char idx[32];
	keys_blind_index(c->id_number, strlen(c->id_number), idx);
	db_bind_int(q, 1, c->org_id);
	db_bind_text(q, 2, c->name);
	db_bind_text(q, 3, c->gender);
	db_bind_date(q, 4, c->birth_date);
	bind_sealed(q, 5, c->id_number);
	db_bind_blob(q, 6, idx, sizeof(idx));
	bind_masked(q, 7, c->id_number);
	bind_sealed(q, 8, c->phone);
	bind_masked(q, 9, c->phone);
	db_bind_text(q, 10, c->ethnicity);
	db_bind_text(q, 11, c->education);
	db_bind_text(q, 12, c->occupation);
	db_bind_text(q, 13, c->work_unit[0] ? c->work_unit : NULL);
	db_bind_date(q, 14, c->leaving_unit_on);
	db_bind_date(q, 15, s->done_on);
	db_bind_text(q, 16, now);
	if ((e = db_run(q, err)))
		return e;
	c->id = db_last_id(db);
	c->last_step = 1;
	if ((e = insert_step(db, c->id, s, NULL, who, err)))
		return e;
	return move_stats(db, c->org_id, NULL, "applicant", err);
}

enum jc_err develop_record(struct db *db, int64_t id, const struct develop_step *s, const struct actor *who,
			   struct develop_case *out, struct jc_error *err)
{
	struct develop_case c;
	struct develop_history h;
	enum jc_err e = develop_get(db, id, &c, &h, err);
	if (e)
		return e;
	struct org org;
	struct develop_rules r;
	struct develop_facts f;
	if (s->step == 1)
		e = jc_fail(err, JC_ECONFLICT, "step", NULL, "step 1 opens a case (POST /api/v1/develop/cases)");
	if (!e)
		e = org_get(db, c.org_id, &org, err);
	if (!e)
		e = gather_facts(db, &c, &org, s, &f, err);
	int before = c.stage;
	if (!e)
		e = develop_rules_load(db, c.org_id, c.rules_on, &r, err);
	if (!e)
		e = develop_check_step(&c, &h, s, &r, &f, err);
	/* the meeting's outcome follows from its votes; other steps keep the decision given */
	char decision[24];
	copy(decision, sizeof(decision), s->decision);
	if (!e && s->step == 15)
		copy(decision, sizeof(decision), c.admitted_on != DATE_NONE ? "admitted" : "not_admitted");
	develop_history_free(&h);
	/* a notice's length as counted, kept with the step: provisional when the calendar had to
	 * assume weekends only (a year whose holidays are not entered) */
	if (!e && (s->step == 7 || s->step == 15) && json_is_object(s->data) && json_object_get(s->data, "notice_to")) {
		json_object_set_new(s->data, "notice_working_days", json_integer(f.notice_working_days));
		if (f.notice_provisional)
			json_object_set_new(s->data, "notice_provisional", json_true());
	}
	if (!e)
		e = insert_step(db, c.id, s, decision, who, err);
	if (!e && s->step == 17 && c.stage == DEV_PROBATIONARY)
		e = admit_member(db, &c, who, err);
	if (!e && (s->step == 19 || (s->step == 24 && c.stage != before)))
		e = update_member(db, &c, s, who, err);
	if (!e)
		e = update_case(db, &c, err);
	if (!e && counted(before) != counted(c.stage))
		e = move_stats(db, c.org_id, counted(before), counted(c.stage), err);
	if (!e && out)
		*out = c;
	return e;
}

enum jc_err develop_close(struct db *db, int64_t id, int on, const char *outcome, const struct actor *who,
			  struct jc_error *err)
{
	static const char *const outcomes[] = { "withdrawn", "not_developed", "moved_away", "deceased", NULL };
	bool known = false;
	for (int i = 0; outcome && outcomes[i]; i++)
		known |= !strcmp(outcome, outcomes[i]);
	if (!known)
		return jc_fail(err, JC_EINVAL, "outcome", NULL,
			       "'outcome' must be withdrawn, not_developed, moved_away or deceased");
	struct develop_case c;
	struct develop_history h;
	enum jc_err e = develop_get(db, id, &c, &h, err);
	if (e)
		return e;
	/* the day of the last step recorded: a case does not close before it */
	int last_on = h.count ? h.steps[h.count - 1].done_on : c.applied_on;
	develop_history_free(&h);
	if (c.stage == DEV_CLOSED)
		return jc_fail(err, JC_ECONFLICT, NULL, NULL, "the case is already closed (%s)", c.outcome);
	if (c.stage >= DEV_PROBATIONARY || (c.last_step >= 15 && c.admitted_on != DATE_NONE))
		return jc_fail(err, JC_ECONFLICT, NULL, NULL,
			       "a person admitted by the branch meeting leaves only by the decisions of steps 17, 23 and 24");
	if (on == DATE_NONE || on > date_today())
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' must be a date not in the future");
	if (on < last_on) {
		char d1[11], d2[11];
		date_format(on, d1);
		date_format(last_on, d2);
		return jc_fail(err, JC_EINVAL, "on", NULL, "'on' %s comes before the last step recorded, of %s", d1, d2);
	}
	int before = c.stage;
	c.stage = DEV_CLOSED;
	copy(c.outcome, sizeof(c.outcome), outcome);
	if ((e = update_case(db, &c, err)))
		return e;
	struct db_stmt *q = db_stmt(db, "UPDATE develop_case SET closed_on = ?2, closed_by = ?3, closed_reason = ?4 WHERE id = ?1");
	db_bind_int(q, 1, id);
	db_bind_date(q, 2, on);
	db_bind_text(q, 3, who->name);
	db_bind_text(q, 4, who->reason && who->reason[0] ? who->reason : NULL);
	if ((e = db_run(q, err)))
		return e;
	return move_stats(db, c.org_id, counted(before), NULL, err);
}
