/* org_codes.c - the enumerations of the organisation tree, with their labels. */
#include "org/org.h"

static const struct code types[] = {
	{ "central_committee", "中央", "Central Committee" },
	{ "province_committee", "省级党委", "provincial committee" },
	{ "city_committee", "市级党委", "city committee" },
	{ "county_committee", "县级党委", "county committee" },
	{ "township_committee", "乡镇（街道）党（工）委", "township or street committee" },
	{ "primary_committee", "基层党委", "primary Party committee" },
	{ "general_branch", "党总支", "general branch" },
	{ "branch", "党支部", "branch" },
	{ "joint_branch", "联合党支部", "joint branch" },
	{ "temporary_branch", "临时党支部", "temporary branch" },
	{ "group", "党小组", "Party group" },
};
const struct code_table org_types = CODE_TABLE("org_type", types);

static const struct code units[] = {
	{ "party_organ", "党政机关", "Party or government organ" },
	{ "public_institution", "事业单位", "public institution" },
	{ "soe", "国有企业", "state-owned enterprise" },
	{ "private_enterprise", "非公有制企业", "non-public enterprise" },
	{ "social_organisation", "社会组织", "social organisation" },
	{ "village", "行政村", "administrative village" },
	{ "community", "城市社区", "urban community" },
	{ "school", "学校", "school" },
	{ "hospital", "医院", "hospital" },
	{ "region", "地方", "local area" },
	{ "other", "其他", "other" },
};
const struct code_table org_unit_categories = CODE_TABLE("org_unit_category", units);

static const struct code statuses[] = {
	{ "active", "正常", "active" },
	{ "dissolved", "已撤销", "dissolved" },
};
const struct code_table org_statuses = CODE_TABLE("org_status", statuses);

static const struct code posts[] = {
	{ "secretary", "书记", "secretary" },
	{ "deputy_secretary", "副书记", "deputy secretary" },
	{ "organisation", "组织委员", "organisation member" },
	{ "publicity", "宣传委员", "publicity member" },
	{ "discipline", "纪检委员", "discipline member" },
	{ "member", "委员", "committee member" },
};
const struct code_table org_committee_posts = CODE_TABLE("committee_post", posts);

static const struct field fields[] = {
	FIELD_OF(struct org, id, "编号", "id", FT_INT, FF_READONLY),
	FIELD_OF(struct org, parent_id, "上级组织", "parent", FT_REF, FF_PROTECTED),
	FIELD_TEXT(struct org, code, "组织代码", "code", FF_REQUIRED),
	FIELD_TEXT(struct org, name, "组织名称", "name", FF_REQUIRED),
	FIELD_TEXT(struct org, short_name, "简称", "short name", 0),
	FIELD_CODE(struct org, type, "组织类别", "type", &org_types, FF_REQUIRED),
	FIELD_CODE(struct org, unit_category, "单位类别", "unit category", &org_unit_categories, 0),
	FIELD_TEXT(struct org, division_code, "行政区划代码", "division code", 0),
	FIELD_OF(struct org, founded_on, "成立日期", "founded on", FT_DATE, 0),
	FIELD_OF(struct org, term_start, "本届任期开始", "term start", FT_DATE, 0),
	FIELD_OF(struct org, term_expiry, "本届任期届满", "term expiry", FT_DATE, 0),
	FIELD_OF(struct org, can_approve, "有审批预备党员权限", "may approve probationary members", FT_BOOL, 0),
	FIELD_OF(struct org, units_covered, "覆盖单位数", "units covered", FT_INT, 0),
	FIELD_CODE(struct org, status, "状态", "status", &org_statuses, 0),
	FIELD_OF(struct org, dissolved_on, "撤销日期", "dissolved on", FT_DATE, 0),
	FIELD_OF(struct org, version, "版本", "version", FT_INT, FF_READONLY),
};
const struct record_desc org_desc = { "organisation", fields, sizeof(fields) / sizeof(fields[0]) };
