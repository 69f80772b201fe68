/*
 * develop_steps.c - the five stages and 25 steps of 发展党员 as the 中组部 flow chart draws
 * them (domain-rules §1.1), and the names of the case's stages.
 */
#include <string.h>

#include "develop/develop.h"

const struct develop_step_def develop_steps[DEVELOP_STEPS] = {
	{ 1, 1, "apply", "递交入党申请书", "application submitted", 0 },
	{ 2, 1, "talk", "党组织派人谈话", "talk with the applicant", 0 },
	{ 3, 2, "activist", "推荐和确定入党积极分子", "nominated and decided as activist", 0 },
	{ 4, 2, "activist_filed", "上级党委备案", "filed with the higher committee", 0 },
	{ 5, 2, "mentors", "指定培养联系人", "mentors assigned", 0 },
	{ 6, 2, "assessment", "培养教育考察", "cultivation and assessment", STEP_REPEATABLE },
	{ 7, 3, "target", "确定发展对象", "decided as development target", 0 },
	{ 8, 3, "target_filed", "报上级党委备案", "filed with the higher committee", 0 },
	{ 9, 3, "introducers", "确定入党介绍人", "introducers decided", 0 },
	{ 10, 3, "political_review", "进行政治审查", "political review", 0 },
	{ 11, 3, "training", "开展集中培训", "centralised training", 0 },
	{ 12, 4, "committee_review", "支部委员会审查", "reviewed by the branch committee", 0 },
	{ 13, 4, "pre_review", "上级党委预审", "pre-review by the higher committee", 0 },
	{ 14, 4, "application_form", "填写入党志愿书", "application form (入党志愿书) filled in", 0 },
	{ 15, 4, "admission_meeting", "支部大会讨论", "branch general meeting on admission", STEP_REPEATABLE },
	{ 16, 4, "higher_talk", "上级党委派人谈话", "talk by the higher committee", 0 },
	{ 17, 4, "approval", "上级党委审批", "approved by the higher committee", 0 },
	{ 18, 4, "approval_filed", "再上一级党委组织部门备案", "filed with the organisation department above", 0 },
	{ 19, 5, "placed", "编入党支部和党小组", "placed in a branch and a Party group", 0 },
	{ 20, 5, "oath", "入党宣誓", "oath", 0 },
	{ 21, 5, "education", "继续教育考察", "continued education and assessment", STEP_REPEATABLE | STEP_OPTIONAL },
	{ 22, 5, "conversion_application", "提出转正申请", "application for conversion", STEP_REPEATABLE },
	{ 23, 5, "conversion_meeting", "支部大会讨论", "branch general meeting on conversion", STEP_REPEATABLE },
	{ 24, 5, "conversion_approval", "上级党委审批", "conversion approved by the higher committee", STEP_REPEATABLE },
	{ 25, 5, "archive", "材料归档", "file archived", 0 },
};

static const char *const stage_keys[] = { "applicant", "activist", "target", "probationary", "full", "closed" };

const char *develop_stage_key(int stage)
{
	return stage >= 0 && stage <= DEV_CLOSED ? stage_keys[stage] : "?";
}

int develop_stage_from_key(const char *key)
{
	for (int i = 0; key && i <= DEV_CLOSED; i++)
		if (!strcmp(key, stage_keys[i]))
			return i;
	return -1;
}
