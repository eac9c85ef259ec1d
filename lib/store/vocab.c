/* store/vocab.c - the closed vocabularies: one table per word list.
 *
 * Each table is the one place a closed word list is spelled: its machine
 * words (stored, printed, and what the schema's CHECK lists allow), the
 * other spellings input may use (ASCII in either case, and Chinese), and
 * the Chinese label a table or an HTML page shows under a zh locale. The
 * rows are in display order, the order the manual pages document: report
 * rows, messages that list the words, and the schema's CHECK lists follow
 * it. The input parsers (store_vocab_canon), the report row orders and
 * labels read these tables; the CHECK lists stay literal in the shipped
 * migrations (schema.c), and tests/unit/test_vocab.c checks that they, the
 * manual pages and these tables agree. */
#include <string.h>
#include <strings.h>
#include "store/store.h"

#define VOCAB(name_, rows_) { name_, rows_, sizeof rows_ / sizeof rows_[0] }

/* ---- clients and cases (sw-intake(1), casework(7) Types) ------------------- */

static const store_vocab_word sex[] = {
	{"female", {"f", "女"}, "女"},
	{"male", {"m", "男"}, "男"},
	{"other", {"其他"}, "其他"},
	{"unknown", {"未知"}, "未知"},
};
const store_vocab store_vocab_sex = VOCAB("sex", sex);

static const store_vocab_word id_type[] = {
	{"resident", {"居民身份证", "身份证"}, "居民身份证"},
	{"passport", {"护照"}, "护照"},
	{"hk_macao_permit", {"港澳居民来往内地通行证", "回乡证"},
	 "港澳居民来往内地通行证"},
	{"taiwan_permit", {"台湾居民来往大陆通行证", "台胞证"},
	 "台湾居民来往大陆通行证"},
	{"foreign_permanent_residence",
	 {"外国人永久居留身份证", "外国人永久居留证"}, "外国人永久居留身份证"},
	{"other", {"其他"}, "其他"},
};
const store_vocab store_vocab_id_type = VOCAB("id type", id_type);

static const store_vocab_word case_category[] = {
	{"elder", {"长者", "老年人"}, "长者"},
	{"youth", {"青少年"}, "青少年"},
	{"child", {"儿童"}, "儿童"},
	{"family", {"家庭"}, "家庭"},
	{"disability", {"残障", "残疾人"}, "残障"},
	{"social_assistance", {"social assistance", "低保"}, "低保"},
	{"community", {"社区"}, "社区"},
	{"other", {"其他"}, "其他"},
};
const store_vocab store_vocab_case_category = VOCAB("case category",
						    case_category);

static const store_vocab_word consenter[] = {
	{"self", {"本人"}, "本人"},
	{"guardian", {"监护人"}, "监护人"},
};
const store_vocab store_vocab_consenter = VOCAB("consenter", consenter);

/* What a consent is for (sw-intake consents): sharing information with
 * other agencies (the client's consent_share), publishing the case
 * story, research. */
static const store_vocab_word consent_purpose[] = {
	{"share", {"信息共享"}, "信息共享"},
	{"publish", {"案例发表"}, "案例发表"},
	{"research", {"研究"}, "研究"},
};
const store_vocab store_vocab_consent_purpose = VOCAB("consent purpose",
						      consent_purpose);

static const store_vocab_word yes_no[] = {
	{"yes", {"y", "true", "1", "是"}, "是"},
	{"no", {"n", "false", "0", "否"}, "否"},
};
const store_vocab store_vocab_yes_no = VOCAB("yes or no", yes_no);

/* A relation between two clients (sw-intake relations): the related
 * client is the client's <word>. The first six are family, which makes
 * a household (casework.7, Households); the last three are not. */
static const store_vocab_word relationship[] = {
	{"spouse", {"配偶", "夫妻", "丈夫", "妻子"}, "配偶"},
	{"parent", {"父母", "父亲", "母亲"}, "父母"},
	{"child", {"子女", "儿子", "女儿"}, "子女"},
	{"grandparent", {"祖父母", "外祖父母", "爷爷奶奶", "外公外婆"}, "祖父母"},
	{"grandchild", {"孙子女", "外孙子女", "孙子", "孙女"}, "孙子女"},
	{"sibling", {"兄弟姐妹", "兄弟", "姐妹"}, "兄弟姐妹"},
	{"guardian", {"监护人"}, "监护人"},
	{"caregiver", {"照顾者", "照料者"}, "照顾者"},
	{"other", {"其他"}, "其他"},
};
const store_vocab store_vocab_relationship = VOCAB("relationship",
						   relationship);

static const store_vocab_word case_status[] = {
	{"open", {NULL}, NULL},
	{"closed", {NULL}, NULL},
};
const store_vocab store_vocab_case_status = VOCAB("case status", case_status);

/* ---- assessments (sw-assess(1) RISK LEVELS) ------------------------------- */

/* Read exactly (instrument definitions), never through aliases: an
 * enum cw_risk is its index + 1. */
static const store_vocab_word risk[] = {
	{"low", {NULL}, "低"},
	{"medium", {NULL}, "中"},
	{"high", {NULL}, "高"},
	{"critical", {NULL}, "危急"},
};
const store_vocab store_vocab_risk = VOCAB("risk level", risk);

/* ---- plans (sw-plan(1)) ---------------------------------------------------- */

static const store_vocab_word goal_term[] = {
	{"short", {"短期"}, "短期"},
	{"long", {"长期"}, "长期"},
};
const store_vocab store_vocab_goal_term = VOCAB("goal term", goal_term);

static const store_vocab_word goal_status[] = {
	{"not_started", {"未开始"}, "未开始"},
	{"in_progress", {"进行中"}, "进行中"},
	{"achieved", {"已达成"}, "已达成"},
	{"partly_achieved", {"部分达成"}, "部分达成"},
	{"not_achieved", {"未达成"}, "未达成"},
};
const store_vocab store_vocab_goal_status = VOCAB("goal status", goal_status);

/* A goal's outcome at closure: the last three goal statuses, which may
 * also be written with a space for the underscore. */
static const store_vocab_word goal_outcome[] = {
	{"achieved", {"已达成"}, "已达成"},
	{"partly_achieved", {"partly achieved", "部分达成"}, "部分达成"},
	{"not_achieved", {"not achieved", "未达成"}, "未达成"},
};
const store_vocab store_vocab_goal_outcome = VOCAB("goal outcome",
						   goal_outcome);

/* Why a case closed (结案类型): sw-plan close's reason_kind. */
static const store_vocab_word closure_kind[] = {
	{"goals_achieved", {"goals achieved", "目标达成"}, "目标达成"},
	{"client_withdrew", {"client withdrew", "服务对象退出"}, "服务对象退出"},
	{"moved_away", {"moved away", "迁出"}, "迁出"},
	{"referred_on", {"referred on", "转介他处"}, "转介他处"},
	{"unreachable", {"失去联系"}, "失去联系"},
	{"died", {"离世"}, "离世"},
	{"other", {"其他"}, "其他"},
};
const store_vocab store_vocab_closure_kind = VOCAB("closure kind", closure_kind);

static const store_vocab_word task_status[] = {
	{"open", {"进行中"}, "进行中"},
	{"done", {"已完成"}, "已完成"},
	{"cancelled", {"已取消"}, "已取消"},
};
const store_vocab store_vocab_task_status = VOCAB("task status", task_status);

static const store_vocab_word contact_kind[] = {
	{"interview", {"面谈"}, "面谈"},
	{"home_visit", {"home visit", "家访"}, "家访"},
	{"phone", {"电话"}, "电话"},
	{"accompaniment", {"陪同"}, "陪同"},
	{"outreach", {"外展"}, "外展"},
	{"resource_linking", {"resource linking", "资源链接"}, "资源链接"},
	{"group", {"小组"}, "小组"},
	{"other", {"其他"}, "其他"},
	{"community", {"社区活动"}, "社区活动"},
};
const store_vocab store_vocab_contact_kind = VOCAB("contact kind",
						   contact_kind);

/* A follow-up's kind and status: the words alone are read (the kind is
 * read-only; a record may only mark one done). */
#define FU_CRISIS {"crisis", {NULL}, "危机跟进"}
#define FU_REASSESSMENT {"reassessment", {NULL}, "复评"}
#define FU_POST_CLOSURE {"post_closure", {NULL}, "结案后跟进"}
static const store_vocab_word followup_kind[] = {
	FU_CRISIS, FU_REASSESSMENT, FU_POST_CLOSURE,
};
const store_vocab store_vocab_followup_kind = VOCAB("follow-up kind",
						    followup_kind);

static const store_vocab_word followup_status[] = {
	{"open", {NULL}, NULL},
	{"done", {"已完成", "完成"}, "已完成"},
	{"cancelled", {NULL}, NULL},
};
const store_vocab store_vocab_followup_status = VOCAB("follow-up status",
						      followup_status);

/* What sw-plan due lists and the overdue report counts: never input. */
static const store_vocab_word due_kind[] = {
	{"review", {NULL}, "计划检讨"},
	{"goal", {NULL}, "目标"},
	{"task", {NULL}, "任务"},
	FU_CRISIS, FU_REASSESSMENT, FU_POST_CLOSURE,
	{"referral", {NULL}, "转介"},
	{"consent", {NULL}, "知情同意"},
};
const store_vocab store_vocab_due_kind = VOCAB("due kind", due_kind);

/* ---- referrals (sw-refer(1)) ------------------------------------------------ */

/* The report shows social_assistance as 低保 for services too, as for
 * cases (sw-report(1)). */
static const store_vocab_word service_category[] = {
	{"medical", {"医疗"}, "医疗"},
	{"mental_health", {"心理健康", "心理"}, "心理健康"},
	{"legal_aid", {"法律援助"}, "法律援助"},
	{"education", {"教育"}, "教育"},
	{"social_assistance", {"社会救助", "低保"}, "低保"},
	{"housing", {"住房"}, "住房"},
	{"employment", {"就业"}, "就业"},
	{"disability_rehabilitation", {"残疾康复", "残疾", "康复"}, "残疾康复"},
	{"elder_care", {"养老"}, "养老"},
	{"child_protection", {"儿童保护"}, "儿童保护"},
	{"other", {"其他"}, "其他"},
};
const store_vocab store_vocab_service_category = VOCAB("service category",
						       service_category);

static const store_vocab_word referral_state[] = {
	{"draft", {"reopen", "草稿", "重新打开"}, "草稿"},
	{"sent", {"已发送", "发送"}, "已发送"},
	{"accepted", {"已接受", "接受"}, "已接受"},
	{"declined", {"已拒绝", "拒绝"}, "已拒绝"},
	{"completed", {"已完成", "完成"}, "已完成"},
	{"cancelled", {"canceled", "已取消", "取消"}, "已取消"},
	{"revoked", {"已撤销", "撤销"}, "已撤销"},
};
const store_vocab store_vocab_referral_state = VOCAB("referral state",
						     referral_state);

static const store_vocab_word referral_urgency[] = {
	{"emergency", {"紧急"}, "紧急"},
	{"urgent", {"较急"}, "较急"},
	{"routine", {"常规"}, "常规"},
};
const store_vocab store_vocab_referral_urgency = VOCAB("referral urgency",
						       referral_urgency);

/* HSDS addresses (sw-refer import): read by import.c itself. */
static const store_vocab_word address_kind[] = {
	{"postal", {NULL}, NULL},
	{"physical", {NULL}, NULL},
};
const store_vocab store_vocab_address_kind = VOCAB("address kind",
						   address_kind);

/* A roster entry's role (the roles of a server's logins are sw-admin
 * grant's: worker, supervisor, officer, admin). */
static const store_vocab_word worker_role[] = {
	{"worker", {"社工"}, "社工"},
	{"supervisor", {"督导"}, "督导"},
};
const store_vocab store_vocab_worker_role = VOCAB("worker role", worker_role);

/* ---- projects (sw-project(1), casework(7) Types) ----------------------------- */

/* The indicators a project's targets name: what the purchaser of services
 * counts, in the order of the indicator report. */
static const store_vocab_word indicator[] = {
	{"case_contacts", {"个案服务人次"}, "个案服务人次"},
	{"case_clients", {"服务人数"}, "服务人数"},
	{"group_sessions", {"小组活动场次"}, "小组活动场次"},
	{"group_attendance", {"小组参与人次"}, "小组参与人次"},
	{"activities", {"社区活动场次"}, "社区活动场次"},
	{"activity_participants", {"社区参与人次"}, "社区参与人次"},
	{"volunteers", {"志愿者人数"}, "志愿者人数"},
	{"volunteer_hours", {"志愿服务时长"}, "志愿服务时长"},
	{"volunteer_trainings", {"志愿者培训次数"}, "志愿者培训次数"},
	{"new_partners", {"新增合作机构数量", "新增合作机构数"}, "新增合作机构数量"},
	{"satisfaction", {"满意度"}, "满意度"},
	{"goal_attainment", {"目标达成度"}, "目标达成度"},
	{"prepost_improved", {"前后测改善率"}, "前后测改善率"},
	{"coverage", {"服务覆盖率"}, "服务覆盖率"},
	{"timeliness", {"服务记录及时性", "及时性"}, "服务记录及时性"},
	{"completeness", {"服务记录完整性", "完整性"}, "服务记录完整性"},
	{"supervision_frequency", {"社工督导频率", "督导频率"}, "社工督导频率"},
};
const store_vocab store_vocab_indicator = VOCAB("indicator", indicator);

/* The kinds of a community activity (sw-project activities). */
static const store_vocab_word activity_kind[] = {
	{"lecture", {"讲座"}, "讲座"},
	{"health_check", {"health check", "义诊", "健康检查", "体检"}, "义诊"},
	{"festival", {"节日活动", "节庆活动"}, "节日活动"},
	{"outreach", {"外展"}, "外展"},
	{"residents_meeting", {"residents meeting", "居民议事会", "居民会议"},
	 "居民议事会"},
	{"training", {"培训"}, "培训"},
	{"other", {"其他"}, "其他"},
};
const store_vocab store_vocab_activity_kind = VOCAB("activity kind",
						    activity_kind);

/* The stages of a group programme (MZ/T 095-2017). */
static const store_vocab_word programme_stage[] = {
	{"preparation", {"筹备期", "筹备"}, "筹备期"},
	{"formation", {"形成期", "形成"}, "形成期"},
	{"transition", {"转折期", "转折"}, "转折期"},
	{"maturity", {"成熟期", "成熟"}, "成熟期"},
	{"ending", {"结束期", "结束"}, "结束期"},
};
const store_vocab store_vocab_programme_stage = VOCAB("programme stage",
						      programme_stage);

const store_vocab *const store_vocabs[] = {
	&store_vocab_sex, &store_vocab_id_type, &store_vocab_case_category,
	&store_vocab_consenter, &store_vocab_yes_no, &store_vocab_case_status,
	&store_vocab_risk, &store_vocab_goal_term, &store_vocab_goal_status,
	&store_vocab_goal_outcome, &store_vocab_closure_kind,
	&store_vocab_task_status,
	&store_vocab_contact_kind, &store_vocab_followup_kind,
	&store_vocab_followup_status, &store_vocab_due_kind,
	&store_vocab_service_category, &store_vocab_referral_state,
	&store_vocab_referral_urgency, &store_vocab_address_kind,
	&store_vocab_worker_role, &store_vocab_indicator,
	&store_vocab_activity_kind, &store_vocab_programme_stage,
	&store_vocab_consent_purpose, &store_vocab_relationship, NULL
};

/* ---- reading them ------------------------------------------------------------ */

const char *store_vocab_canon(const store_vocab *v, const char *s)
{
	size_t i, a;

	if (!s)
		return NULL;
	for (i = 0; i < v->n; i++) {
		const store_vocab_word *w = &v->w[i];
		if (!strcasecmp(s, w->word))
			return w->word;
		for (a = 0; a < STORE_VOCAB_ALIASES && w->alias[a]; a++)
			if (!strcasecmp(s, w->alias[a]))
				return w->word;
	}
	return NULL;
}

long store_vocab_index(const store_vocab *v, const char *word)
{
	size_t i;

	for (i = 0; word && i < v->n; i++)
		if (!strcmp(word, v->w[i].word))
			return (long)i;
	return -1;
}

const char *store_vocab_zh(const store_vocab *v, const char *word)
{
	long i = store_vocab_index(v, word);
	return i < 0 ? NULL : v->w[i].zh;
}

const char *store_vocab_list(const store_vocab *v, const char *last,
			     char *out, size_t size)
{
	size_t i, len = 0;

	if (!size)
		return out;
	out[0] = '\0';
	for (i = 0; i < v->n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == v->n ? last : ", ";
		int w = snprintf(out + len, size - len, "%s%s", sep, v->w[i].word);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	return out;
}

const char *store_vocab_why(const store_vocab *v, char *out, size_t size)
{
	size_t i, len;

	snprintf(out, size, "not one of ");
	len = strlen(out);
	store_vocab_list(v, ", ", out + len, size - len);
	for (i = 0; i < v->n; i++)
		if (!v->w[i].zh)
			return out;
	for (i = 0; i < v->n; i++) {
		len = strlen(out);
		snprintf(out + len, size - len, "%s%s%s", i ? ", " : " (",
			 v->w[i].zh, i + 1 == v->n ? ")" : "");
	}
	return out;
}
