/*
 * member_rules.c - pure checks of a member record: the national ID number (GB 11643-1999), and
 * the development dates against each other and against the rule table (domain-rules §1, §11).
 */
#include "member/member.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "rules/rules.h"
#include "stats/stats.h"

bool member_id_number_valid(const char *s, int *birth, bool *female)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	if (strlen(s) != 18)
		return false;
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		sum += (s[i] - '0') * weight[i];
	}
	if (s[17] != check[sum % 11])
		return false;
	int b;
	if (!date_parse((char[]){ s[6], s[7], s[8], s[9], '-', s[10], s[11], '-', s[12], s[13] }, 10, &b))
		return false;
	if (birth)
		*birth = b;
	if (female)
		*female = (s[16] - '0') % 2 == 0;
	return true;
}

static int64_t val(const struct rule *r)
{
	return strtoll(r->value, NULL, 10);
}

static enum jc_err date_order(const struct member *m, struct jc_error *err)
{
	static const struct {
		const char *field;
		size_t offset;
	} seq[] = {
		{ "apply_date", offsetof(struct member, apply_date) },
		{ "activist_date", offsetof(struct member, activist_date) },
		{ "target_date", offsetof(struct member, target_date) },
		{ "admit_date", offsetof(struct member, admit_date) },
		{ "convert_date", offsetof(struct member, convert_date) },
	};
	int last = DATE_NONE;
	const char *last_field = NULL;
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		int d = *(const int *)((const char *)m + seq[i].offset);
		if (d == DATE_NONE)
			continue;
		if (last != DATE_NONE && d < last)
			return jc_fail(err, JC_EINVAL, seq[i].field, NULL, "'%s' must not come before '%s'",
				       seq[i].field, last_field);
		last = d;
		last_field = seq[i].field;
	}
	return JC_OK;
}

enum jc_err member_check_id_number(const struct member *m, struct jc_error *err)
{
	if (m->id_number[0] && !member_id_number_valid(m->id_number, NULL, NULL))
		return jc_fail(err, JC_EINVAL, "id_number", NULL,
			       "'id_number' is not a valid national ID number (GB 11643-1999: 18 characters, check digit)");
	return JC_OK;
}

enum jc_err member_check(const struct member *m, const struct member_rules *r, int today,
			 struct jc_error *err)
{
	if (m->id_number[0]) {
		int birth;
		bool female;
		if (!member_id_number_valid(m->id_number, &birth, &female))
			return jc_fail(err, JC_EINVAL, "id_number", NULL,
				       "'id_number' is not a valid national ID number (GB 11643-1999: 18 characters, check digit)");
		if (m->birth_date != DATE_NONE && birth != m->birth_date)
			return jc_fail(err, JC_EINVAL, "birth_date", NULL,
				       "'birth_date' does not agree with the ID number");
		if (m->gender[0] && (m->gender[0] == 'F') != female)
			return jc_fail(err, JC_EINVAL, "gender", NULL, "'gender' does not agree with the ID number");
	}
	if (m->birth_date != DATE_NONE && (m->birth_date > today || date_year(m->birth_date) < 1900))
		return jc_fail(err, JC_EINVAL, "birth_date", NULL, "'birth_date' must lie between 1900 and today");
	static const char *const dated[] = { "apply_date", "activist_date", "target_date", "admit_date",
					     "convert_date", "state_date", "lost_contact_date" };
	for (size_t i = 0; i < sizeof(dated) / sizeof(dated[0]); i++) {
		const struct field *f = fields_find(&member_desc, dated[i], strlen(dated[i]));
		int d = *(const int *)((const char *)m + f->offset);
		if (d != DATE_NONE && d > today)
			return jc_fail(err, JC_EINVAL, dated[i], NULL, "'%s' lies in the future", dated[i]);
		if (d != DATE_NONE && m->birth_date != DATE_NONE && d < m->birth_date)
			return jc_fail(err, JC_EINVAL, dated[i], NULL, "'%s' comes before the birth date", dated[i]);
	}
	enum jc_err e = date_order(m, err);
	if (e)
		return e;
	int first = m->apply_date != DATE_NONE ? m->apply_date : m->admit_date;
	const char *first_field = m->apply_date != DATE_NONE ? "apply_date" : "admit_date";
	if (first != DATE_NONE && m->birth_date != DATE_NONE &&
	    date_years_between(m->birth_date, first) < val(r->min_age))
		return rules_refuse(r->min_age, err, first_field,
				    "the applicant was %d, younger than %lld, on the day of '%s'",
				    date_years_between(m->birth_date, first), (long long)val(r->min_age),
				    first_field);
	if (r->apply_to_activist && m->apply_date != DATE_NONE && m->activist_date != DATE_NONE &&
	    m->activist_date < date_add_months(m->apply_date, (int)val(r->apply_to_activist)))
		return rules_refuse(r->apply_to_activist, err, "activist_date",
				    "'activist_date' is less than %lld months after 'apply_date'",
				    (long long)val(r->apply_to_activist));
	if (m->activist_date != DATE_NONE && m->target_date != DATE_NONE &&
	    m->target_date < date_add_months(m->activist_date, (int)val(r->activist_months)))
		return rules_refuse(r->activist_months, err, "target_date",
				    "'target_date' is less than %lld months after 'activist_date'",
				    (long long)val(r->activist_months));
	if (m->convert_date != DATE_NONE) {
		if (m->admit_date == DATE_NONE)
			return jc_fail(err, JC_EINVAL, "admit_date", NULL,
				       "'convert_date' needs 'admit_date', from which probation is counted");
		int probation_end = date_add_months(m->admit_date, (int)val(r->probation));
		if (m->convert_date < probation_end)
			return rules_refuse(r->probation, err, "convert_date",
					    "conversion before the %lld-month probation from 'admit_date' ended",
					    (long long)val(r->probation));
		if (m->convert_date > date_add_months(probation_end, (int)val(r->max_extension)))
			return rules_refuse(r->max_extension, err, "convert_date",
					    "conversion more than %lld months after the probation ended (at most one extension)",
					    (long long)val(r->max_extension));
		if (strcmp(m->category, "full") != 0)
			return jc_fail(err, JC_EINVAL, "category", NULL,
				       "a member with 'convert_date' is a full member");
	}
	if (strcmp(m->state, "normal") != 0 && m->state_date == DATE_NONE)
		return jc_fail(err, JC_EINVAL, "state_date", NULL, "a membership state other than normal needs 'state_date'");
	if (m->group_id && m->group_id == m->org_id)
		return jc_fail(err, JC_EINVAL, "group_id", NULL, "'group_id' must be a Party group, not the branch");
	return JC_OK;
}

void member_complete(struct member *m)
{
	int birth;
	bool female;
	size_t n = strlen(m->id_number);
	if (n == 18 && m->id_number[17] == 'x') /* people often type the check character lowercase */
		m->id_number[17] = 'X';
	if (m->id_number[0] && member_id_number_valid(m->id_number, &birth, &female)) {
		if (m->birth_date == DATE_NONE)
			m->birth_date = birth;
		if (!m->gender[0])
			snprintf(m->gender, sizeof(m->gender), "%s", female ? "F" : "M");
	}
	if (!m->state[0])
		snprintf(m->state, sizeof(m->state), "normal");
	if (!m->category[0])
		snprintf(m->category, sizeof(m->category), "%s",
			 m->convert_date != DATE_NONE ? "full" : "probationary");
}

void member_stats_person(const struct member *m, struct stats_person *p)
{
	p->state = m->state;
	p->category = m->category;
	p->gender = m->gender;
	p->ethnicity = m->ethnicity;
	p->education = m->education;
	p->occupation = m->occupation;
	p->birth_date = m->birth_date;
	p->admit_date = m->admit_date;
	p->lost_contact = m->lost_contact;
	p->mobile = m->mobile;
}

bool member_is_current(const struct member *m)
{
	return !strcmp(m->state, "normal") || !strcmp(m->state, "stopped");
}
