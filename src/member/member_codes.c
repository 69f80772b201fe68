/* member_codes.c - the enumerations of the member registry and the member record description. */
#include "member/member.h"

static const struct code genders[] = {
	{ "M", "男", "male" },
	{ "F", "女", "female" },
};
const struct code_table member_genders = CODE_TABLE("gender", genders);

/* GB/T 3304-1991 codes of the nationalities of China. */
static const struct code ethnicities[] = {
	{ "01", "汉族", "Han" }, { "02", "蒙古族", "Mongol" }, { "03", "回族", "Hui" },
	{ "04", "藏族", "Tibetan" }, { "05", "维吾尔族", "Uyghur" }, { "06", "苗族", "Miao" },
	{ "07", "彝族", "Yi" }, { "08", "壮族", "Zhuang" }, { "09", "布依族", "Bouyei" },
	{ "10", "朝鲜族", "Korean" }, { "11", "满族", "Manchu" }, { "12", "侗族", "Dong" },
	{ "13", "瑶族", "Yao" }, { "14", "白族", "Bai" }, { "15", "土家族", "Tujia" },
	{ "16", "哈尼族", "Hani" }, { "17", "哈萨克族", "Kazakh" }, { "18", "傣族", "Dai" },
	{ "19", "黎族", "Li" }, { "20", "傈僳族", "Lisu" }, { "21", "佤族", "Va" },
	{ "22", "畲族", "She" }, { "23", "高山族", "Gaoshan" }, { "24", "拉祜族", "Lahu" },
	{ "25", "水族", "Sui" }, { "26", "东乡族", "Dongxiang" }, { "27", "纳西族", "Naxi" },
	{ "28", "景颇族", "Jingpo" }, { "29", "柯尔克孜族", "Kirgiz" }, { "30", "土族", "Tu" },
	{ "31", "达斡尔族", "Daur" }, { "32", "仫佬族", "Mulao" }, { "33", "羌族", "Qiang" },
	{ "34", "布朗族", "Blang" }, { "35", "撒拉族", "Salar" }, { "36", "毛南族", "Maonan" },
	{ "37", "仡佬族", "Gelao" }, { "38", "锡伯族", "Xibe" }, { "39", "阿昌族", "Achang" },
	{ "40", "普米族", "Pumi" }, { "41", "塔吉克族", "Tajik" }, { "42", "怒族", "Nu" },
	{ "43", "乌孜别克族", "Uzbek" }, { "44", "俄罗斯族", "Russian" }, { "45", "鄂温克族", "Ewenki" },
	{ "46", "德昂族", "De'ang" }, { "47", "保安族", "Bonan" }, { "48", "裕固族", "Yugur" },
	{ "49", "京族", "Gin" }, { "50", "塔塔尔族", "Tatar" }, { "51", "独龙族", "Derung" },
	{ "52", "鄂伦春族", "Oroqen" }, { "53", "赫哲族", "Hezhen" }, { "54", "门巴族", "Monba" },
	{ "55", "珞巴族", "Lhoba" }, { "56", "基诺族", "Jino" }, { "97", "其他", "other" },
	{ "98", "外国血统中国籍人士", "Chinese citizen of foreign origin" },
};
const struct code_table member_ethnicities = CODE_TABLE("ethnicity", ethnicities);

/* Education bands; the bulletin reports 大专及以上 (associate and above). */
static const struct code educations[] = {
	{ "postgraduate", "研究生", "postgraduate" },
	{ "bachelor", "大学本科", "bachelor" },
	{ "associate", "大学专科", "associate (大专)" },
	{ "secondary", "中专及高中", "secondary" },
	{ "junior", "初中及以下", "junior secondary or below" },
};
const struct code_table member_educations = CODE_TABLE("education", educations);

/* The eight occupation categories of the Party statistical bulletin (§9.1). */
static const struct code occupations[] = {
	{ "worker", "工人（工勤技能人员）", "workers" },
	{ "farmer", "农牧渔民", "farmers, herders and fishers" },
	{ "professional", "企事业单位、社会组织专业技术人员", "professional and technical staff" },
	{ "manager", "企事业单位、社会组织管理人员", "managers" },
	{ "civil_servant", "党政机关工作人员", "Party and government staff" },
	{ "student", "学生", "students" },
	{ "other", "其他职业人员", "other occupations" },
	{ "retired", "离退休人员", "retired" },
};
const struct code_table member_occupations = CODE_TABLE("occupation", occupations);

static const struct code categories[] = {
	{ "full", "正式党员", "full member" },
	{ "probationary", "预备党员", "probationary member" },
};
const struct code_table member_categories = CODE_TABLE("category", categories);

/* Membership state (党籍状态): normal, stopped, and each way out of §7 as its own state. */
static const struct code states[] = {
	{ "normal", "正常", "normal" },
	{ "stopped", "停止党籍", "membership stopped" },
	{ "withdrawn", "退党除名", "withdrew (removed on request)" },
	{ "persuaded_out", "劝退除名", "advised to withdraw, removed" },
	{ "lapsed", "自行脱党除名", "self-withdrawal, removed" },
	{ "expelled", "开除党籍", "expelled" },
	{ "deceased", "去世", "deceased" },
	{ "probation_cancelled", "取消预备党员资格", "probationary membership cancelled" },
	/* issue 7: left for an organisation outside this database (the receipt came back) */
	{ "transferred_out", "组织关系转出", "transferred out of this database" },
};
const struct code_table member_states = CODE_TABLE("state", states);

#define M struct member
static const struct field fields[] = {
	FIELD_OF(M, id, "编号", "id", FT_INT, FF_READONLY),
	FIELD_OF(M, org_id, "所在党组织", "organisation", FT_REF, FF_REQUIRED | FF_PROTECTED),
	FIELD_OF(M, group_id, "所在党小组", "Party group", FT_REF, 0),
	FIELD_TEXT(M, name, "姓名", "name", FF_REQUIRED),
	FIELD_CODE(M, gender, "性别", "gender", &member_genders, FF_REQUIRED),
	FIELD_TEXT(M, id_number, "公民身份号码", "national ID number", FF_PROTECTED | FF_SENSITIVE),
	FIELD_OF(M, birth_date, "出生日期", "birth date", FT_DATE, FF_REQUIRED),
	FIELD_CODE(M, ethnicity, "民族", "ethnicity", &member_ethnicities, FF_REQUIRED),
	FIELD_TEXT(M, native_place, "籍贯", "native place", 0),
	FIELD_TEXT(M, household_place, "户籍所在地", "household registration", 0),
	FIELD_CODE(M, education, "学历", "education", &member_educations, FF_REQUIRED),
	FIELD_TEXT(M, degree, "学位", "degree", 0),
	FIELD_TEXT(M, phone, "联系电话", "phone", FF_SENSITIVE),
	FIELD_TEXT(M, address, "家庭住址", "home address", FF_SENSITIVE),
	FIELD_TEXT(M, work_unit, "工作单位", "work unit", 0),
	FIELD_TEXT(M, job_post, "工作岗位", "job", 0),
	FIELD_TEXT(M, job_title, "职称", "professional title", 0),
	FIELD_CODE(M, occupation, "人员类别", "occupation", &member_occupations, FF_REQUIRED),
	FIELD_CODE(M, category, "党员类别", "category", &member_categories, FF_REQUIRED),
	FIELD_OF(M, apply_date, "申请入党日期", "application date", FT_DATE, 0),
	FIELD_OF(M, activist_date, "确定积极分子日期", "activist date", FT_DATE, 0),
	FIELD_OF(M, target_date, "确定发展对象日期", "development target date", FT_DATE, 0),
	FIELD_OF(M, admit_date, "入党日期", "admission date", FT_DATE, FF_REQUIRED),
	FIELD_OF(M, convert_date, "转正日期", "conversion date", FT_DATE, 0),
	FIELD_TEXT(M, introducers, "入党介绍人", "introducers", 0),
	FIELD_TEXT(M, mentors, "培养联系人", "mentors", 0),
	FIELD_TEXT(M, party_posts, "党内职务", "Party posts", 0),
	FIELD_CODE(M, state, "党籍状态", "membership state", &member_states, 0),
	FIELD_OF(M, state_date, "党籍状态变更日期", "state since", FT_DATE, 0),
	FIELD_OF(M, discipline_probation_until, "留党察看至", "under probation within the Party until", FT_DATE, 0),
	FIELD_OF(M, lost_contact, "失联", "lost contact", FT_BOOL, 0),
	FIELD_OF(M, lost_contact_date, "失联日期", "lost contact since", FT_DATE, 0),
	FIELD_OF(M, mobile, "流动党员", "mobile member", FT_BOOL, 0),
	FIELD_TEXT(M, mobile_destination, "外出流向", "mobile destination", 0),
	FIELD_OF(M, dues_base_fen, "党费基数（元）", "dues base (fen)", FT_MONEY, 0),
	FIELD_OF(M, dues_standard_fen, "月交纳党费（元）", "monthly dues (fen)", FT_MONEY, 0),
	FIELD_OF(M, version, "版本", "version", FT_INT, FF_READONLY),
};
#undef M
const struct record_desc member_desc = { "member", fields, sizeof(fields) / sizeof(fields[0]) };
