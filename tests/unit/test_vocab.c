/* test_vocab.c - the closed vocabularies (store/vocab.c) against what the
 * manual pages document and what the schema allows. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sqlite3.h>
#include "store/store.h"
#include "tap.h"

/* A vocabulary as one line: "word[alias,alias]{label} ..." in order. */
static const char *flat(const store_vocab *v, cw_buf *b)
{
	size_t i, a;

	cw_buf_reset(b);
	for (i = 0; i < v->n; i++) {
		const store_vocab_word *w = &v->w[i];
		cw_buf_addstr(b, i ? " " : "");
		cw_buf_addstr(b, w->word);
		for (a = 0; a < STORE_VOCAB_ALIASES && w->alias[a]; a++) {
			cw_buf_addstr(b, a ? "," : "[");
			cw_buf_addstr(b, w->alias[a]);
		}
		if (a)
			cw_buf_addstr(b, "]");
		if (w->zh) {
			cw_buf_addstr(b, "{");
			cw_buf_addstr(b, w->zh);
			cw_buf_addstr(b, "}");
		}
	}
	return b->s ? b->s : "";
}

/* What the manual pages document: casework.7 Types and sw-intake.1 (the
 * words), sw-plan.1, sw-refer.1, sw-assess.1 RISK LEVELS, and the labels
 * of sw-report.1 DESCRIPTION. */
static const struct {
	const store_vocab *v;
	const char *want;
} documented[] = {
	{&store_vocab_sex, "female[f,女]{女} male[m,男]{男} other[其他]{其他} "
	 "unknown[未知]{未知}"},
	{&store_vocab_id_type, "resident[居民身份证,身份证]{居民身份证} "
	 "passport[护照]{护照} "
	 "hk_macao_permit[港澳居民来往内地通行证,回乡证]{港澳居民来往内地通行证} "
	 "taiwan_permit[台湾居民来往大陆通行证,台胞证]{台湾居民来往大陆通行证} "
	 "foreign_permanent_residence[外国人永久居留身份证,外国人永久居留证]"
	 "{外国人永久居留身份证} other[其他]{其他}"},
	{&store_vocab_case_category, "elder[长者,老年人]{长者} youth[青少年]{青少年} "
	 "child[儿童]{儿童} family[家庭]{家庭} disability[残障,残疾人]{残障} "
	 "social_assistance[social assistance,低保]{低保} community[社区]{社区} "
	 "other[其他]{其他}"},
	{&store_vocab_consenter, "self[本人]{本人} guardian[监护人]{监护人}"},
	{&store_vocab_yes_no, "yes[y,true,1,是]{是} no[n,false,0,否]{否}"},
	{&store_vocab_case_status, "open closed"},
	{&store_vocab_risk, "low{低} medium{中} high{高} critical{危急}"},
	{&store_vocab_goal_term, "short[短期]{短期} long[长期]{长期}"},
	{&store_vocab_goal_status, "not_started[未开始]{未开始} "
	 "in_progress[进行中]{进行中} achieved[已达成]{已达成} "
	 "partly_achieved[部分达成]{部分达成} not_achieved[未达成]{未达成}"},
	{&store_vocab_goal_outcome, "achieved[已达成]{已达成} "
	 "partly_achieved[partly achieved,部分达成]{部分达成} "
	 "not_achieved[not achieved,未达成]{未达成}"},
	{&store_vocab_closure_kind, "goals_achieved[goals achieved,目标达成]{目标达成} "
	 "client_withdrew[client withdrew,服务对象退出]{服务对象退出} "
	 "moved_away[moved away,迁出]{迁出} referred_on[referred on,转介他处]{转介他处} "
	 "unreachable[失去联系]{失去联系} died[离世]{离世} other[其他]{其他}"},
	{&store_vocab_task_status, "open[进行中]{进行中} done[已完成]{已完成} "
	 "cancelled[已取消]{已取消}"},
	{&store_vocab_contact_kind, "interview[面谈]{面谈} "
	 "home_visit[home visit,家访]{家访} phone[电话]{电话} "
	 "accompaniment[陪同]{陪同} outreach[外展]{外展} "
	 "resource_linking[resource linking,资源链接]{资源链接} group[小组]{小组} "
	 "other[其他]{其他} community[社区活动]{社区活动}"},
	{&store_vocab_followup_kind, "crisis{危机跟进} reassessment{复评} "
	 "post_closure{结案后跟进}"},
	{&store_vocab_followup_status, "open done[已完成,完成]{已完成} cancelled"},
	{&store_vocab_due_kind, "review{计划检讨} goal{目标} task{任务} "
	 "crisis{危机跟进} reassessment{复评} post_closure{结案后跟进} "
	 "referral{转介} consent{知情同意}"},
	{&store_vocab_service_category, "medical[医疗]{医疗} "
	 "mental_health[心理健康,心理]{心理健康} legal_aid[法律援助]{法律援助} "
	 "education[教育]{教育} social_assistance[社会救助,低保]{低保} "
	 "housing[住房]{住房} employment[就业]{就业} "
	 "disability_rehabilitation[残疾康复,残疾,康复]{残疾康复} "
	 "elder_care[养老]{养老} child_protection[儿童保护]{儿童保护} "
	 "other[其他]{其他}"},
	{&store_vocab_referral_state, "draft[reopen,草稿,重新打开]{草稿} "
	 "sent[已发送,发送]{已发送} accepted[已接受,接受]{已接受} "
	 "declined[已拒绝,拒绝]{已拒绝} completed[已完成,完成]{已完成} "
	 "cancelled[canceled,已取消,取消]{已取消} revoked[已撤销,撤销]{已撤销}"},
	{&store_vocab_referral_urgency, "emergency[紧急]{紧急} urgent[较急]{较急} "
	 "routine[常规]{常规}"},
	{&store_vocab_address_kind, "postal physical"},
	{&store_vocab_worker_role, "worker[社工]{社工} supervisor[督导]{督导}"},
	{&store_vocab_indicator, "case_contacts[个案服务人次]{个案服务人次} "
	 "case_clients[服务人数]{服务人数} group_sessions[小组活动场次]{小组活动场次} "
	 "group_attendance[小组参与人次]{小组参与人次} "
	 "activities[社区活动场次]{社区活动场次} "
	 "activity_participants[社区参与人次]{社区参与人次} "
	 "volunteers[志愿者人数]{志愿者人数} volunteer_hours[志愿服务时长]{志愿服务时长} "
	 "volunteer_trainings[志愿者培训次数]{志愿者培训次数} "
	 "new_partners[新增合作机构数量,新增合作机构数]{新增合作机构数量} "
	 "satisfaction[满意度]{满意度} goal_attainment[目标达成度]{目标达成度} "
	 "prepost_improved[前后测改善率]{前后测改善率} coverage[服务覆盖率]{服务覆盖率} "
	 "timeliness[服务记录及时性,及时性]{服务记录及时性} "
	 "completeness[服务记录完整性,完整性]{服务记录完整性} "
	 "supervision_frequency[社工督导频率,督导频率]{社工督导频率}"},
	{&store_vocab_activity_kind, "lecture[讲座]{讲座} "
	 "health_check[health check,义诊,健康检查,体检]{义诊} "
	 "festival[节日活动,节庆活动]{节日活动} outreach[外展]{外展} "
	 "residents_meeting[residents meeting,居民议事会,居民会议]{居民议事会} "
	 "training[培训]{培训} other[其他]{其他}"},
	{&store_vocab_programme_stage, "preparation[筹备期,筹备]{筹备期} "
	 "formation[形成期,形成]{形成期} transition[转折期,转折]{转折期} "
	 "maturity[成熟期,成熟]{成熟期} ending[结束期,结束]{结束期}"},
	{&store_vocab_consent_purpose, "share[信息共享]{信息共享} "
	 "publish[案例发表]{案例发表} research[研究]{研究}"},
	{&store_vocab_relationship, "spouse[配偶,夫妻,丈夫,妻子]{配偶} "
	 "parent[父母,父亲,母亲]{父母} child[子女,儿子,女儿]{子女} "
	 "grandparent[祖父母,外祖父母,爷爷奶奶,外公外婆]{祖父母} "
	 "grandchild[孙子女,外孙子女,孙子,孙女]{孙子女} "
	 "sibling[兄弟姐妹,兄弟,姐妹]{兄弟姐妹} guardian[监护人]{监护人} "
	 "caregiver[照顾者,照料者]{照顾者} other[其他]{其他}"},
};
#define NDOC (sizeof documented / sizeof documented[0])

static char *slurp(const char *top, const char *name)
{
	char path[1024];
	FILE *fp;
	char *s;
	long n;

	snprintf(path, sizeof path, "%s/man/%s", top, name);
	if (!(fp = fopen(path, "rb")))
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	s = calloc(1, (size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(fp);
	return s;
}

/* Each of v's rows is in page as fmt makes it of the word and its
 * aliases joined by ", " (%1$s word, %2$s aliases, %3$s label). */
static void rows_in(const char *page, const store_vocab *v, const char *fmt,
		    const char *where)
{
	char want[512], al[256];
	size_t i, a, missing = 0;

	for (i = 0; i < v->n; i++) {
		const store_vocab_word *w = &v->w[i];
		al[0] = '\0';
		for (a = 0; a < STORE_VOCAB_ALIASES && w->alias[a]; a++)
			snprintf(al + strlen(al), sizeof al - strlen(al), "%s%s",
				 a ? ", " : "", w->alias[a]);
		if (!strcmp(fmt, "intake"))
			snprintf(want, sizeof want, "Ta %s Ta %s\n", w->word, al);
		else if (!strcmp(fmt, "refer"))
			snprintf(want, sizeof want, ".It Cm %s Ta %s\n", w->word, al);
		else if (!strcmp(fmt, "plan"))
			snprintf(want, sizeof want, ".It %s Ta %s Ta ", w->word,
				 w->zh ? w->zh : "");
		else if (!strcmp(fmt, "label"))
			snprintf(want, sizeof want, ".Ql %s\n%s", w->word,
				 w->zh ? w->zh : "");
		else /* "cm": the word and its label, as ".Cm word\n(label)" */
			snprintf(want, sizeof want, ".Cm %s\n(%s)", w->word,
				 w->zh ? w->zh : "");
		if (!page || !strstr(page, want)) {
			missing++;
			tap_diag_str("not documented", want);
		}
	}
	ok(page && !missing, "%s: %s as %s documents it", v->name, where,
	   fmt);
}

/* The words of the CHECK (column IN ('a','b', ...)) lists in sql, each
 * as "table.column=a,b,..." on its own line, into out. */
static void check_lists(const char *table, const char *sql, cw_buf *out)
{
	const char *p = sql, *q, *col;
	size_t ncol;

	while ((p = strstr(p, "CHECK (")) != NULL) {
		p += 7;
		col = p;
		ncol = strcspn(p, " ");
		q = p + ncol;
		if (strncmp(q, " IN (", 5) || q[5] != '\'')
			continue;
		cw_buf_addstr(out, table);
		cw_buf_addch(out, '.');
		cw_buf_add(out, col, ncol);
		cw_buf_addch(out, '=');
		q += 5;
		for (;;) {
			const char *e;
			while (*q == ' ' || *q == ',')
				q++;
			if (*q != '\'')
				break;
			e = strchr(q + 1, '\'');
			if (!e)
				break;
			if (out->s[out->len - 1] != '=')
				cw_buf_addch(out, ',');
			cw_buf_add(out, q + 1, (size_t)(e - q - 1));
			q = e + 1;
		}
		cw_buf_addch(out, '\n');
	}
}

static void words(const char *name, const store_vocab *v, cw_buf *b)
{
	size_t i;
	cw_buf_addstr(b, name);
	cw_buf_addch(b, '=');
	for (i = 0; i < v->n; i++) {
		cw_buf_addstr(b, i ? "," : "");
		cw_buf_addstr(b, v->w[i].word);
	}
	cw_buf_addch(b, '\n');
}

static void test_schema(void)
{
	char dir[] = "/tmp/cw-test-vocab.XXXXXX", path[256];
	cw_config cfg = {.busy_timeout_ms = 2000};
	cw_db *db = NULL;
	sqlite3 *h;
	sqlite3_stmt *st;
	cw_buf got, want;

	cw_buf_init(&got);
	cw_buf_init(&want);
	if (!mkdtemp(dir)) {
		ok(0, "a scratch folder");
		return;
	}
	snprintf(path, sizeof path, "%s/t.db", dir);
	ok(cw_db_open(&db, path, CW_DB_WRITE, &cfg) == 0, "create a database");
	cw_db_free(db);
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT name, sql FROM sqlite_master"
			       " WHERE type = 'table' ORDER BY name", -1, &st,
			       NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			check_lists((const char *)sqlite3_column_text(st, 0),
				    (const char *)sqlite3_column_text(st, 1), &got);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	/* Every CHECK list of the schema, tables in name order. */
	words("activities.kind", &store_vocab_activity_kind, &want);
	words("addresses.kind", &store_vocab_address_kind, &want);
	words("assessments.risk", &store_vocab_risk, &want);
	words("cases.status", &store_vocab_case_status, &want);
	words("clients.sex", &store_vocab_sex, &want);
	words("clients.consent_by", &store_vocab_consenter, &want);
	cw_buf_addstr(&want, "clients.consent_share=yes,no\n");
	words("closures.reason_kind", &store_vocab_closure_kind, &want);
	words("consents.purpose", &store_vocab_consent_purpose, &want);
	words("contacts.kind", &store_vocab_contact_kind, &want);
	words("followups.kind", &store_vocab_followup_kind, &want);
	words("followups.status", &store_vocab_followup_status, &want);
	words("goals.term", &store_vocab_goal_term, &want);
	words("goals.status", &store_vocab_goal_status, &want);
	words("programmes.stage", &store_vocab_programme_stage, &want);
	words("project_targets.indicator", &store_vocab_indicator, &want);
	words("referrals.urgency", &store_vocab_referral_urgency, &want);
	words("referrals.state", &store_vocab_referral_state, &want);
	words("relations.relationship", &store_vocab_relationship, &want);
	cw_buf_addstr(&want, "relations.legal_guardian=yes,no\n");
	words("tasks.status", &store_vocab_task_status, &want);
	words("workers.role", &store_vocab_worker_role, &want);
	is_str(got.s ? got.s : "", want.s,
	       "every CHECK list of the schema is a vocabulary's words, in order");
	/* consent_share is yes or no, the words of store_vocab_yes_no. */
	cw_buf_reset(&want);
	words("clients.consent_share", &store_vocab_yes_no, &want);
	ok(got.s && strstr(got.s, want.s), "consent_share is yes or no");
	unlink(path);
	rmdir(dir);
	cw_buf_release(&got);
	cw_buf_release(&want);
}

int main(void)
{
	const char *top = getenv("CW_TOP");
	char *intake, *plan, *refer, *report, *assess, *cw7, *project;
	char buf[STORE_VOCAB_WHY];
	cw_buf b;
	size_t i, j, k, a, c, n = 0;

	cw_buf_init(&b);
	if (!top || !*top)
		top = ".";

	/* The tables are what the pages document, and every one is listed. */
	for (i = 0; store_vocabs[i]; i++)
		n++;
	ok(n == NDOC, "%zu vocabularies, each checked", n);
	for (i = 0; i < NDOC; i++)
		is_str(flat(documented[i].v, &b), documented[i].want, "%s",
		       documented[i].v->name);

	/* No spelling means two words of one list (input is read in either
	 * case): each word and each alias reads as its own word. */
	for (i = 0; store_vocabs[i]; i++) {
		const store_vocab *v = store_vocabs[i];
		const char *s[64];
		size_t ns = 0, dup = 0;
		for (j = 0; j < v->n; j++) {
			s[ns++] = v->w[j].word;
			for (a = 0; a < STORE_VOCAB_ALIASES && v->w[j].alias[a]; a++)
				if (ns < 64)
					s[ns++] = v->w[j].alias[a];
		}
		for (j = 0; j < ns; j++)
			for (k = j + 1; k < ns; k++)
				if (!strcasecmp(s[j], s[k]))
					dup++;
		ok(!dup && ns < 64, "%s: each spelling once", v->name);
		for (j = c = 0; j < v->n; j++) {
			const store_vocab_word *w = &v->w[j];
			if (strcmp(store_vocab_canon(v, w->word), w->word))
				c++;
			for (a = 0; a < STORE_VOCAB_ALIASES && w->alias[a]; a++)
				if (strcmp(store_vocab_canon(v, w->alias[a]), w->word))
					c++;
		}
		ok(!c, "%s: each alias reads as its word", v->name);
	}

	/* Reading: either case for ASCII, aliases, nothing else. */
	is_str(store_vocab_canon(&store_vocab_sex, "F"), "female", "F is female");
	is_str(store_vocab_canon(&store_vocab_yes_no, "TRUE"), "yes", "TRUE is yes");
	is_str(store_vocab_canon(&store_vocab_referral_state, "Reopen"), "draft",
	       "Reopen is draft");
	is_str(store_vocab_canon(&store_vocab_goal_outcome, "Partly Achieved"),
	       "partly_achieved", "Partly Achieved is an outcome");
	ok(!store_vocab_canon(&store_vocab_goal_status, "partly achieved"),
	   "a goal status takes no space for the underscore");
	ok(!store_vocab_canon(&store_vocab_followup_kind, "危机跟进"),
	   "a label is read only where it is an alias");
	ok(!store_vocab_canon(&store_vocab_sex, NULL), "NULL is no word");
	ok(store_vocab_index(&store_vocab_risk, "High") < 0 &&
	   store_vocab_index(&store_vocab_risk, "high") == 2,
	   "an index is of the word exactly as written");
	is_str(store_vocab_zh(&store_vocab_risk, "critical"), "危急", "a label");
	ok(!store_vocab_zh(&store_vocab_risk, "none"), "no label for no word");

	/* The outcomes are the goal statuses that end a goal; the follow-up
	 * kinds are kinds of due work; their labels agree. */
	for (i = c = 0; i < store_vocab_goal_outcome.n; i++) {
		const store_vocab_word *w = &store_vocab_goal_outcome.w[i];
		const char *zh = store_vocab_zh(&store_vocab_goal_status, w->word);
		if (!zh || strcmp(zh, w->zh) ||
		    store_vocab_index(&store_vocab_goal_status, w->word) !=
		    (long)(store_vocab_goal_status.n - store_vocab_goal_outcome.n + i))
			c++;
	}
	ok(!c, "the outcomes are the last goal statuses, with their labels");
	for (i = c = 0; i < store_vocab_followup_kind.n; i++) {
		const store_vocab_word *w = &store_vocab_followup_kind.w[i];
		const char *zh = store_vocab_zh(&store_vocab_due_kind, w->word);
		if (!zh || strcmp(zh, w->zh))
			c++;
	}
	ok(!c, "the follow-up kinds are due kinds, with their labels");

	/* The messages that list a vocabulary's words. */
	is_str(store_vocab_why(&store_vocab_consenter, buf, sizeof buf),
	       "not one of self, guardian (本人, 监护人)", "consenter message");
	is_str(store_vocab_why(&store_vocab_case_category, buf, sizeof buf),
	       "not one of elder, youth, child, family, disability, "
	       "social_assistance, community, other (长者, 青少年, 儿童, 家庭, "
	       "残障, 低保, 社区, 其他)", "category message");
	is_str(store_vocab_why(&store_vocab_goal_status, buf, sizeof buf),
	       "not one of not_started, in_progress, achieved, partly_achieved, "
	       "not_achieved (未开始, 进行中, 已达成, 部分达成, 未达成)",
	       "goal status message");
	is_str(store_vocab_why(&store_vocab_followup_status, buf, sizeof buf),
	       "not one of open, done, cancelled", "no labels when one is missing");
	is_str(store_vocab_list(&store_vocab_risk, " or ", buf, sizeof buf),
	       "low, medium, high or critical", "a list");
	is_str(store_vocab_list(&store_vocab_risk, ", ", buf, 12),
	       "low, medium", "a list cut short at a word");

	/* The pages, as they document each list. */
	intake = slurp(top, "sw-intake.1");
	plan = slurp(top, "sw-plan.1");
	refer = slurp(top, "sw-refer.1");
	report = slurp(top, "sw-report.1");
	assess = slurp(top, "sw-assess.1");
	cw7 = slurp(top, "casework.7");
	project = slurp(top, "sw-project.1");
	rows_in(project, &store_vocab_indicator, "refer", "sw-project(1)");
	rows_in(project, &store_vocab_activity_kind, "refer", "sw-project(1)");
	rows_in(project, &store_vocab_programme_stage, "refer", "sw-project(1)");
	rows_in(intake, &store_vocab_sex, "intake", "sw-intake(1)");
	rows_in(intake, &store_vocab_id_type, "intake", "sw-intake(1)");
	rows_in(intake, &store_vocab_case_category, "intake", "sw-intake(1)");
	rows_in(intake, &store_vocab_consenter, "intake", "sw-intake(1)");
	rows_in(intake, &store_vocab_yes_no, "intake", "sw-intake(1)");
	rows_in(intake, &store_vocab_consent_purpose, "intake", "sw-intake(1)");
	rows_in(intake, &store_vocab_relationship, "intake", "sw-intake(1)");
	rows_in(refer, &store_vocab_service_category, "refer", "sw-refer(1)");
	rows_in(refer, &store_vocab_referral_state, "refer", "sw-refer(1)");
	rows_in(refer, &store_vocab_referral_urgency, "cm", "sw-refer(1)");
	rows_in(plan, &store_vocab_goal_status, "plan", "sw-plan(1)");
	rows_in(plan, &store_vocab_contact_kind, "plan", "sw-plan(1)");
	rows_in(plan, &store_vocab_goal_outcome, "cm", "sw-plan(1)");
	rows_in(plan, &store_vocab_closure_kind, "cm", "sw-plan(1)");
	rows_in(report, &store_vocab_contact_kind, "label", "sw-report(1)");
	rows_in(report, &store_vocab_due_kind, "label", "sw-report(1)");
	rows_in(report, &store_vocab_case_category, "label", "sw-report(1)");
	rows_in(report, &store_vocab_service_category, "label", "sw-report(1)");
	rows_in(report, &store_vocab_risk, "label", "sw-report(1)");
	rows_in(report, &store_vocab_goal_term, "label", "sw-report(1)");
	rows_in(report, &store_vocab_goal_status, "label", "sw-report(1)");
	rows_in(report, &store_vocab_referral_state, "label", "sw-report(1)");
	/* The orders the pages give in running text. */
	ok(report && strstr(report, ".Cm interview , home_visit , phone , "
			    "accompaniment , outreach ,\n.Cm resource_linking , group , other\n"
			    "and\n.Cm community\n"), "sw-report(1): contact kinds in order");
	ok(report && strstr(report, ".Cm review , goal , task , crisis , "
			    "reassessment , post_closure ,\n.Cm referral\nand\n.Cm consent ."),
	   "sw-report(1): due kinds in order");
	ok(report && strstr(report, ".Pq Cm low , medium , high , critical ,"),
	   "sw-report(1): risk levels in order");
	ok(assess && strstr(assess, ".Cm low ,\n.Cm medium ,\n.Cm high\n"),
	   "sw-assess(1): risk levels in order");
	ok(plan && strstr(plan, "Cm short No (短期) or Cm long No (长期)") &&
	   strstr(plan, "Cm open No (进行中, when new), Cm done No (已完成) or "
		  "Cm cancelled No (已取消)") &&
	   strstr(plan, "Cm crisis , Cm reassessment No or Cm post_closure") &&
	   strstr(plan, "Cm done No (已完成), the only status"),
	   "sw-plan(1): terms, task statuses, follow-up kinds and status");
	ok(cw7 && strstr(cw7, ".It status\n.Cm open\nor\n.Cm closed ."),
	   "casework(7): case statuses");
	free(intake);
	free(plan);
	free(refer);
	free(report);
	free(assess);
	free(cw7);
	free(project);

	test_schema();
	cw_buf_release(&b);
	return tap_done();
}
