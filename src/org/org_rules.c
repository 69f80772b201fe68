/*
 * org_rules.c - pure decisions about organisations: what may sit under what, what a record must
 * hold, and the set-up findings of domain-rules §2.1-2.3. No I/O: rule values come in through
 * struct org_setup_rules, counts through struct org_counts.
 */
#include "org/org.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"

static bool is(const char *type, const char *what)
{
	return strcmp(type, what) == 0;
}

static bool is_local_committee(const char *t)
{
	return is(t, "central_committee") || is(t, "province_committee") || is(t, "city_committee") ||
	       is(t, "county_committee") || is(t, "township_committee");
}

bool org_type_is_branch(const char *t)
{
	return is(t, "branch") || is(t, "joint_branch") || is(t, "temporary_branch");
}

bool org_type_may_parent(const char *parent, const char *child)
{
	if (!parent || !*parent) /* a root: any organisation but a Party group */
		return !is(child, "group");
	if (is(child, "central_committee"))
		return false;
	if (is(child, "province_committee"))
		return is(parent, "central_committee");
	if (is(child, "city_committee"))
		return is(parent, "province_committee");
	if (is(child, "county_committee"))
		return is(parent, "province_committee") || is(parent, "city_committee");
	if (is(child, "township_committee"))
		return is(parent, "county_committee");
	if (is(child, "primary_committee") || is(child, "general_branch"))
		return is_local_committee(parent) || is(parent, "primary_committee");
	if (org_type_is_branch(child))
		return is_local_committee(parent) || is(parent, "primary_committee") ||
		       is(parent, "general_branch");
	if (is(child, "group"))
		return org_type_is_branch(parent);
	return false;
}

static bool code_chars(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

enum jc_err org_validate(const struct org *o, struct jc_error *err)
{
	if (!code_chars(o->code))
		return jc_fail(err, JC_EINVAL, "code", NULL,
			       "'code' may hold only letters, digits, '-', '_' and '.'");
	size_t n = strlen(o->division_code);
	if (n) {
		for (size_t i = 0; i < n; i++)
			if (o->division_code[i] < '0' || o->division_code[i] > '9')
				n = 0;
		if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12)
			return jc_fail(err, JC_EINVAL, "division_code", NULL,
				       "'division_code' must be a GB/T 2260 code of 2, 4, 6, 9 or 12 digits");
	}
	if (o->term_start != DATE_NONE && o->term_expiry != DATE_NONE && o->term_expiry <= o->term_start)
		return jc_fail(err, JC_EINVAL, "term_expiry", NULL, "'term_expiry' must come after 'term_start'");
	if (o->founded_on != DATE_NONE && o->dissolved_on != DATE_NONE && o->dissolved_on < o->founded_on)
		return jc_fail(err, JC_EINVAL, "dissolved_on", NULL, "'dissolved_on' must not come before 'founded_on'");
	if (is(o->status, "dissolved") && o->dissolved_on == DATE_NONE)
		return jc_fail(err, JC_EINVAL, "dissolved_on", NULL, "a dissolved organisation needs 'dissolved_on'");
	if (o->can_approve && !(is(o->type, "primary_committee") || is_local_committee(o->type)))
		return jc_fail(err, JC_EINVAL, "can_approve", NULL,
			       "only a Party committee may approve probationary members (domain-rules §1.5)");
	return JC_OK;
}

static bool has_term(const char *t)
{
	return is(t, "primary_committee") || is(t, "general_branch") || is(t, "branch") ||
	       is(t, "joint_branch");
}

int org_term_expiry(const struct org *o, const struct org_setup_rules *r)
{
	if (o->term_expiry != DATE_NONE)
		return o->term_expiry;
	if (o->term_start == DATE_NONE || !has_term(o->type))
		return DATE_NONE;
	int64_t years = is(o->type, "primary_committee") ? r->term_primary.value : r->term_branch.value;
	if (is(o->unit_category, "village") || is(o->unit_category, "community"))
		years = r->term_village.value;
	return date_add_years(o->term_start, (int)years);
}

static void finding(json_t *out, const struct rule_ref *r, const char *severity, const char *field,
		    int64_t actual, const char *zh, const char *en)
{
	json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:s,s:s?,s:I,s:I,s:s,s:s}", "rule", r->key,
					     "regulation", r->regulation, "article", r->article,
					     "severity", severity, "field", field, "actual",
					     (json_int_t)actual, "limit", (json_int_t)r->value,
					     "message_zh", zh, "message_en", en));
}

void org_findings(const struct org *o, const char *parent_type, const struct org_counts *c,
		  const struct org_setup_rules *r, int today, json_t *out)
{
	(void)parent_type;
	char zh[256], en[256];
	if (!is(o->status, "active"))
		return;
	bool branch = is(o->type, "branch") || is(o->type, "joint_branch");
	if (branch && c->full_members < r->branch_min_full.value) {
		snprintf(zh, sizeof(zh), "正式党员%lld人，少于%lld人", (long long)c->full_members,
			 (long long)r->branch_min_full.value);
		snprintf(en, sizeof(en), "%lld full members, fewer than %lld", (long long)c->full_members,
			 (long long)r->branch_min_full.value);
		finding(out, &r->branch_min_full, "warning", NULL, c->full_members, zh, en);
	}
	if (org_type_is_branch(o->type) && c->members > r->branch_max.value) {
		snprintf(zh, sizeof(zh), "党员%lld人，超过%lld人，宜分设党支部或设立党总支",
			 (long long)c->members, (long long)r->branch_max.value);
		snprintf(en, sizeof(en), "%lld members, more than %lld: split the branch or set up a general branch",
			 (long long)c->members, (long long)r->branch_max.value);
		finding(out, &r->branch_max, "warning", NULL, c->members, zh, en);
	}
	bool has_committee = c->committee_size >= 3;
	if (org_type_is_branch(o->type) && c->full_members >= r->committee_threshold.value && !has_committee) {
		snprintf(zh, sizeof(zh), "正式党员%lld人，应设立支部委员会（现有委员%lld人）",
			 (long long)c->full_members, (long long)c->committee_size);
		snprintf(en, sizeof(en), "%lld full members: a branch committee is required (%lld members on it now)",
			 (long long)c->full_members, (long long)c->committee_size);
		finding(out, &r->committee_threshold, "error", "committee", c->full_members, zh, en);
	}
	bool needs_discipline = (org_type_is_branch(o->type) && has_committee) ||
				is(o->type, "general_branch") || is(o->type, "primary_committee");
	if (needs_discipline && !c->has_discipline && r->discipline.value)
		finding(out, &r->discipline, "error", "committee", 0, "未配备纪检委员（纪委）",
			"no discipline member or commission on the committee");
	if (is(o->type, "joint_branch") && o->units_covered > r->joint_max_units.value) {
		snprintf(zh, sizeof(zh), "联合党支部覆盖%lld个单位，超过%lld个", (long long)o->units_covered,
			 (long long)r->joint_max_units.value);
		snprintf(en, sizeof(en), "the joint branch covers %lld units, more than %lld",
			 (long long)o->units_covered, (long long)r->joint_max_units.value);
		finding(out, &r->joint_max_units, "warning", "units_covered", o->units_covered, zh, en);
	}
	if (is(o->type, "general_branch")) {
		if (c->members < r->general_min_members.value) {
			snprintf(zh, sizeof(zh), "党员%lld人，不足%lld人设立党总支需经上级党组织批准",
				 (long long)c->members, (long long)r->general_min_members.value);
			snprintf(en, sizeof(en), "%lld members: a general branch below %lld needs the higher organisation's approval",
				 (long long)c->members, (long long)r->general_min_members.value);
			finding(out, &r->general_min_members, "warning", NULL, c->members, zh, en);
		}
		if (c->child_branches < r->general_min_branches.value) {
			snprintf(zh, sizeof(zh), "下设党支部%lld个，少于%lld个", (long long)c->child_branches,
				 (long long)r->general_min_branches.value);
			snprintf(en, sizeof(en), "%lld branches under it, fewer than %lld",
				 (long long)c->child_branches, (long long)r->general_min_branches.value);
			finding(out, &r->general_min_branches, "warning", NULL, c->child_branches, zh, en);
		}
	}
	if (is(o->type, "primary_committee") && c->members < r->primary_min_members.value) {
		snprintf(zh, sizeof(zh), "党员%lld人，不足%lld人设立基层党委需经上级党组织批准",
			 (long long)c->members, (long long)r->primary_min_members.value);
		snprintf(en, sizeof(en), "%lld members: a primary committee below %lld needs the higher organisation's approval",
			 (long long)c->members, (long long)r->primary_min_members.value);
		finding(out, &r->primary_min_members, "warning", NULL, c->members, zh, en);
	}
	int expiry = org_term_expiry(o, r);
	if (expiry != DATE_NONE && today >= expiry) {
		char d[11];
		date_format(expiry, d);
		bool beyond = today >= date_add_months(expiry, (int)r->postpone_max.value);
		const struct rule_ref *term = is(o->unit_category, "village") || is(o->unit_category, "community") ?
						      &r->term_village : is(o->type, "primary_committee") ?
						      &r->term_primary : &r->term_branch;
		const struct rule_ref *rr = beyond ? &r->postpone_max : term;
		snprintf(zh, sizeof(zh), "本届任期已于%s届满，%s", d,
			 beyond ? "延期已超过1年" : "应按期换届（延期须经上级批准）");
		snprintf(en, sizeof(en), "the term expired on %s; %s", d,
			 beyond ? "the election is more than a year overdue" :
				  "hold the election (a postponement needs higher approval)");
		finding(out, rr, beyond ? "error" : "warning", "term_expiry", today - expiry, zh, en);
	}
}
