/* gen.c - deterministic data for the casework benchmarks (make bench).
 *
 * Everything comes from one PRNG (splitmix64) with a fixed seed and
 * integer arithmetic only, so the same arguments give the same bytes on
 * every machine.  Dates are fixed, not taken from the clock: intakes and
 * contacts lie in the two years 2024-01-01 to 2025-12-31; sql-plans
 * places its due dates around the TODAY it is given.
 *
 * Usage:
 *   gen [-s SEED] clients N
 *       N intake rows, CSV as sw-intake add reads it (Chinese headers,
 *       UTF-8): Chinese names of 2 to 4 Han characters, resident identity
 *       numbers with their GB 11643 check characters (a few legacy
 *       15-digit ones, some passports and permits, some without any),
 *       birth dates and sex agreeing with them, mobile phones 1[3-9]x in
 *       the ways people type them, addresses, households, consent (a
 *       guardian's for minors), categories, referral sources, problems,
 *       workers from the roster, intake dates over two years in order.
 *       About 0.3% of rows repeat a person of an earlier row (same
 *       number, phone typed differently): sw-intake skips them, as the
 *       duplicate check within the batch must.
 *   gen [-s SEED] workers
 *       The roster, one name a line (for sw-intake workers --add).
 *   gen [-s SEED] [-b BATCH] sql-cases N
 *       SQL for sqlite3: the same N people straight into clients and
 *       cases (ids 1..N, one open case each, repeats left out), for
 *       databases made by the tools whose clients and cases are empty.
 *   gen [-s SEED] [-b BATCH] contacts NCASES N
 *       SQL for sqlite3: N contacts over the two years on the cases
 *       1..NCASES (each on a case opened by then and at most a year
 *       before), about 6% of them the attendance of group sessions
 *       (sessions with 4 to 15 cases, kind group, the session's minutes,
 *       its first worker) and the group_sessions rows they belong to.
 *       Contacts and group_sessions must be empty.  gen contacts
 *       1000000 10000000 writes the ten million contacts.
 *   gen [-s SEED] [-b BATCH] sql-plans NCASES TODAY
 *       SQL for sqlite3: for the open cases 1..NCASES, as an agency has
 *       them on TODAY (YYYY-MM-DD): plans with their first revision,
 *       goals, tasks, PHQ-9 assessments with their re-assessment and
 *       crisis follow-ups, and referrals with their events; a few percent
 *       of it overdue.  Those tables must be empty.
 *   gen [-s SEED] contacts-csv NCASES N
 *       N contacts as sw-plan contacts reads them (no group kind).
 *   gen [-s SEED] [-b BATCH] audited-contacts NCASES N AU-n:HASH
 *       gen contacts as a batch of the tools writes it since schema
 *       version 5: each contact and group session with the digest of its
 *       canonical form (casework.7, Record digests), and after them the
 *       batch's digest entries (group sessions, then contacts) chained
 *       onto the audit trail's head AU-n:HASH (sw-admin head), so that
 *       sw-admin verify checks every record.  Needs a database whose
 *       contacts and group sessions are empty.
 *
 * The SQL modes write "BEGIN; ... COMMIT;" with multi-row INSERTs and
 * explicit ids, and one row in batches with the id BATCH (default 1000:
 * give the next free one, SELECT max(id) + 1 FROM batches).  They write
 * no audit entries: bulk-loaded rows are outside the audit chain, which
 * stays valid for the entries the tools made.  Load with
 *   gen contacts 1000000 10000000 | sqlite3 -bail casework.db
 */
#include <stdint.h>
#include <stdio.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

static void usage(void);

/* ---- the generator --------------------------------------------------------- */

static uint64_t rng_state = 0x20261123c0ffee42ULL;

static uint64_t next64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (the bias of the modulo is below 2^-40). */
static uint32_t below(uint32_t n)
{
	return (uint32_t)(next64() % n);
}

/* Uniform in [lo, hi]. */
static int range(int lo, int hi)
{
	return lo + (int)below((uint32_t)(hi - lo + 1));
}

/* True with probability per/1000. */
static int chance(int per_mille)
{
	return (int)below(1000) < per_mille;
}

#define N_OF(a) (sizeof (a) / sizeof (a)[0])
#define PICK(a) ((a)[below(N_OF(a))])

/* An index by integer weights. */
static int weighted(const int *w, int n)
{
	int i, total = 0, r;
	for (i = 0; i < n; i++)
		total += w[i];
	r = (int)below((uint32_t)total);
	for (i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

/* ---- dates: days since 1970-01-01, proleptic Gregorian ---------------------- */

static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void fmt_date(long z, char out[11])
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int parse_date(const char *s, long *z)
{
	int y, m, d;
	char extra;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return -1;
	*z = days_from_civil(y, m, d);
	return 0;
}

/* 0 Monday .. 6 Sunday (1970-01-01 was a Thursday). */
static int weekday(long z)
{
	long w = (z + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* The two years everything happens in. */
#define FIRST_DAY days_from_civil(2024, 1, 1)
#define LAST_DAY days_from_civil(2025, 12, 31)

/* ---- output ---------------------------------------------------------------- */

static void put(const char *s)
{
	fputs(s, stdout);
}

static void csv_field(const char *s, int last)
{
	size_t n = strlen(s);
	int quote = n && (strpbrk(s, ",\"\r\n") || s[0] == ' ' || s[n - 1] == ' ');
	if (quote) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else {
		put(s);
	}
	putchar(last ? '\n' : ',');
}

/* A SQL literal: NULL for NULL or empty text. */
static void sql_text(const char *s)
{
	if (!s || !*s) {
		put("NULL");
		return;
	}
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			putchar('\'');
		putchar(*s);
	}
	putchar('\'');
}

/* Multi-row INSERTs of ROWS_PER_INSERT rows. */
#define ROWS_PER_INSERT 400
struct ins {
	const char *head;
	long n;
};

static void ins_row(struct ins *in)
{
	if (in->n % ROWS_PER_INSERT == 0) {
		if (in->n)
			put(";\n");
		put(in->head);
		put(" VALUES\n(");
	} else {
		put(",\n(");
	}
	in->n++;
}

static void ins_end(struct ins *in)
{
	if (in->n)
		put(";\n");
	in->n = 0;
}

static long batch_id = 1000;

static void sql_begin(const char *program, const char *verb)
{
	put("PRAGMA cache_size = -262144;\nBEGIN;\n");
	printf("INSERT INTO batches (id, started_at, actor, program, verb) VALUES"
	       " (%ld, '2026-01-05T09:00:00Z', 'bench-gen', '%s', '%s');\n",
	       batch_id, program, verb);
}

static void sql_end(void)
{
	put("COMMIT;\n");
}

/* ---- record digests (gen audited-contacts) ---------------------------------- */

static int audited;                     /* audited-contacts: digests too */
static long long au_id;                 /* the trail's head: its id, */
static char au_hash[65];                /* and hash */
#define AU_AT "2026-01-05T09:00:00Z"
#define AU_ACTOR "bench-gen"

/* The record being digested: its canonical form so far. */
static char form[4096];
static size_t form_len;
/* Each kind's digests, one a line, in id order (the digest entry's). */
static struct sha256_ctx kind_sum;
static long kind_n;

static void hex_of(const uint8_t *d, char out[65])
{
	int i;
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha_hex(const char *s, size_t n, char out[65])
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, n, (const uint8_t *)s);
	sha256_digest(&c, sizeof d, d);
	hex_of(d, out);
}

static void form_start(const char *table)
{
	form_len = (size_t)snprintf(form, sizeof form, "cw-record-1\x1f%s", table);
}

/* A column: name=value, or the name alone for NULL (or empty text). */
static void form_col(const char *name, const char *v)
{
	form_len += (size_t)snprintf(form + form_len, sizeof form - form_len,
				     v && *v ? "\x1f%s=%s" : "\x1f%s", name, v ? v : "");
}

static void form_num(const char *name, long v)
{
	char b[24];
	snprintf(b, sizeof b, "%ld", v);
	form_col(name, b);
}

/* Ends the record: its digest printed as the row's last value. */
static void form_end(void)
{
	char hex[65];
	sha_hex(form, form_len, hex);
	printf(",'%s')", hex);
	sha256_update(&kind_sum, 64, (const uint8_t *)hex);
	sha256_update(&kind_sum, 1, (const uint8_t *)"\n");
	kind_n++;
}

/* The batch's digest entry for the kind's records 1..kind_n, chained
 * onto the head; the kind's digests started again. */
static void digest_entry(const char *entity, const char *prefix)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char sum[65], dsum[65], ids[64], detail[128], text[512];

	if (!kind_n)
		return;
	sha256_digest(&kind_sum, sizeof d, d);
	hex_of(d, sum);
	if (kind_n > 1)
		snprintf(ids, sizeof ids, "%s-1..%s-%ld", prefix, prefix, kind_n);
	else
		snprintf(ids, sizeof ids, "%s-1", prefix);
	snprintf(detail, sizeof detail, "{\"records\":%ld,\"sha256\":\"%s\"}",
		 kind_n, sum);
	sha_hex(detail, strlen(detail), dsum);
	au_id++;
	snprintf(text, sizeof text, "%s\x1f%lld\x1f" AU_AT "\x1f" AU_ACTOR
		 "\x1f%ld\x1f" "digest\x1f%s\x1f%s\x1f%s", au_hash, au_id,
		 batch_id, entity, ids, dsum);
	printf("INSERT INTO audit (id, at, actor, batch_id, action, entity, ids,"
	       " detail, prev_hash, hash, detail_sha256) VALUES (%lld, '" AU_AT
	       "', '" AU_ACTOR "', %ld, 'digest', '%s', '%s', '%s', '%s', ",
	       au_id, batch_id, entity, ids, detail, au_hash);
	sha_hex(text, strlen(text), au_hash);
	printf("'%s', '%s');\n", au_hash, dsum);
	sha256_init(&kind_sum);
	kind_n = 0;
}

/* ---- the roster and the words ---------------------------------------------- */

static const char *const workers[] = {
	"李敏", "周强", "王芳", "陈静", "张伟", "刘洋", "杨丽", "赵磊",
	"黄婷", "吴刚", "孙悦", "朱琳",
};

/* Surnames by rough frequency (per 10,000), and a few compound ones. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
	"任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
	"邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴",
	"欧阳", "司马", "上官", "诸葛",
};
static const int surname_w[] = {
	710, 720, 690, 540, 470, 320, 230, 220, 200, 190, 180, 150,
	130, 130, 130, 120, 120, 120, 110, 90, 90, 80, 80, 80,
	70, 70, 70, 70, 60, 60, 60, 60, 60, 50, 50, 50,
	50, 50, 50, 50, 50, 40, 40, 40, 40, 40, 40, 40,
	40, 40, 40, 40, 40, 40, 40, 40, 30, 30, 30, 30,
	30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
	30, 30, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20,
	20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20,
	4, 2, 2, 2,
};

static const char *const given_f[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英", "玲", "桂",
	"兰", "萍", "红", "梅", "琳", "燕", "婷", "雪", "慧", "佳", "欣", "怡",
	"颖", "倩", "洁", "莉", "晶", "丹", "凤", "珍", "琴", "云", "华", "淑",
	"月", "春", "秋", "蓉", "悦", "萱", "涵", "诗", "雨", "梓", "若", "思",
};
static const char *const given_m[] = {
	"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平",
	"辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊",
	"帆", "帅", "旭", "宁", "龙", "林", "建", "国", "志", "文", "海", "东",
	"峰", "亮", "成", "建", "德", "荣", "博", "睿", "子", "轩", "宸", "晨",
};
static const char *const given_any[] = {
	"文", "华", "明", "新", "晓", "小", "家", "嘉", "一", "永", "振", "世",
};

/* Identity-number areas: Shanghai's districts most, then elsewhere. */
static const char *const local_areas[] = {
	"310101", "310104", "310105", "310106", "310107", "310109", "310110",
	"310112", "310113", "310114", "310115", "310116", "310117", "310118",
	"310120", "310151",
};
static const char *const other_areas[] = {
	"110101", "110105", "110108", "120101", "130102", "140105", "210102",
	"220102", "230103", "320102", "320506", "330106", "330203", "340104",
	"350203", "360102", "370102", "370202", "410105", "420106", "430104",
	"440106", "440304", "440305", "450103", "500103", "510107", "520102",
	"530102", "610113", "620102", "640104", "650102",
};

static const char *const districts[] = {
	"黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区",
	"闵行区", "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区",
	"奉贤区", "崇明区",
};
static const char *const roads[] = {
	"崂山路", "潍坊路", "东方路", "南泉路", "张杨路", "浦东南路", "世纪大道",
	"源深路", "福山路", "峨山路", "长寿路", "武宁路", "曹杨路", "中山北路",
	"四平路", "控江路", "虹口路", "欧阳路", "天钥桥路", "漕溪北路", "肇嘉浜路",
	"淮海中路", "建国西路", "延安西路", "仙霞路", "古北路", "共和新路",
	"江杨南路", "莘庄路", "沪闵路", "嘉定镇路", "松汇路", "公园路", "人民路",
};
static const char *const households[] = {
	"独居", "与配偶同住", "与子女同住", "与父母同住", "三代同堂", "与配偶及子女同住",
	"单亲，与母亲同住", "单亲，与父亲同住", "与祖父母同住", "与保姆同住", "",
};
static const int household_w[] = { 12, 18, 14, 14, 8, 16, 4, 2, 3, 2, 7 };

/* The categories, as a spreadsheet writes them, with their ages. */
struct category {
	const char *word;
	int weight, age_lo, age_hi;
	const char *const *problems;
	size_t nproblems;
};
static const char *const p_elder[] = {
	"独居，近期跌倒后行动不便", "出院后康复期照护安排", "失智症早期，家属照护压力大",
	"子女在外地，日常生活需要协助", "申请居家养老服务", "丧偶后情绪低落",
	"慢性病管理, 需要陪同就医", "与子女关系紧张",
};
static const char *const p_youth[] = {
	"学业压力，情绪低落", "厌学，经常逃课", "网络成瘾", "与父母冲突",
	"校园欺凌", "自我伤害倾向，需要评估", "辍学后无业", "社交退缩",
};
static const char *const p_child[] = {
	"被同学欺负", "父母离异后适应困难", "留守儿童，隔代照顾", "注意力不集中",
	"家庭暴力目睹", "课后无人照看",
};
static const char *const p_family[] = {
	"家庭暴力", "婚姻关系紧张", "亲子沟通困难", "家庭经济困难",
	"照顾残疾家属压力大", "离婚后子女抚养问题", "失业后家庭矛盾",
};
static const char *const p_disability[] = {
	"申请残疾人补贴", "就业困难", "康复训练安排", "出行需要协助",
	"照顾者压力大", "辅具申请",
};
static const char *const p_assist[] = {
	"失业后家庭经济困难，申请低保咨询", "低保复审材料准备", "医疗费用负担重",
	"临时救助申请", "租房困难", "因病致贫",
};
static const char *const p_community[] = {
	"邻里纠纷", "社区融入困难", "志愿服务咨询", "新迁入社区，需要资源链接",
	"社区活动参与",
};
static const char *const p_other[] = {
	"签证问题", "法律咨询", "心理咨询转介", "寻求就业信息", "其他求助",
};

static const struct category categories[] = {
	{"长者", 30, 60, 95, p_elder, N_OF(p_elder)},
	{"青少年", 12, 12, 24, p_youth, N_OF(p_youth)},
	{"儿童", 8, 3, 11, p_child, N_OF(p_child)},
	{"家庭", 18, 25, 59, p_family, N_OF(p_family)},
	{"残障", 8, 18, 70, p_disability, N_OF(p_disability)},
	{"低保", 12, 25, 75, p_assist, N_OF(p_assist)},
	{"社区", 8, 18, 80, p_community, N_OF(p_community)},
	{"其他", 4, 18, 70, p_other, N_OF(p_other)},
};

static const char *const sources[] = {
	"居委会", "医院", "学校", "自行求助", "街道", "派出所", "妇联", "民政局",
	"残联", "家属", "热线", "其他机构转介",
};
static const int source_w[] = { 25, 12, 10, 18, 10, 3, 4, 6, 3, 5, 2, 2 };

static const char *const languages[] = { "", "普通话", "上海话", "粤语", "手语" };
static const int language_w[] = { 70, 19, 8, 2, 1 };

static const char *const notes[] = {
	"需要上门评估", "监护人：母亲", "家属陪同", "下周回访", "已建档",
	"听力不好，请大声说话", "家属称\"老人不愿出门\"", "联系人: 女儿, 电话见备注",
	"需要翻译", "优先处理",
};

/* ---- people ---------------------------------------------------------------- */

struct person {
	char name[16];
	int male;
	long birth;              /* days */
	long intake;             /* days */
	char id_type[40];        /* as the sheet writes it */
	char id_number[24];      /* as the sheet writes it */
	char id_canon[24];       /* as stored */
	char id_type_canon[24];
	char phone[32];          /* as typed */
	char phone_canon[24];
	char address[96];
	const char *household, *language;
	int consent, guardian, share;
	int category;
	const char *problem, *source, *worker;
	char external_ref[24];
	const char *note;
	int give_sex, give_birth;
};

/* Identity numbers handed out: an open-addressing set of 64-bit keys. */
static uint64_t *idset;
static size_t idset_cap, idset_n;

static int idset_add(uint64_t key)
{
	size_t i;
	if (!key)
		key = 1;
	if ((idset_n + 1) * 2 > idset_cap) {
		uint64_t *old = idset;
		size_t oldcap = idset_cap, j;
		idset_cap = idset_cap ? idset_cap * 2 : 1 << 16;
		idset = calloc(idset_cap, sizeof *idset);
		if (!idset) {
			perror("gen");
			exit(1);
		}
		idset_n = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j])
				idset_add(old[j]);
		free(old);
	}
	i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (idset_cap - 1);
	while (idset[i]) {
		if (idset[i] == key)
			return 0;
		i = (i + 1) & (idset_cap - 1);
	}
	idset[i] = key;
	idset_n++;
	return 1;
}

static char check_char(const char *d17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int i, s = 0;
	for (i = 0; i < 17; i++)
		s += (d17[i] - '0') * w[i];
	return "10X98765432"[s % 11];
}

static void make_name(struct person *p)
{
	const char *sur = surnames[weighted(surname_w, (int)N_OF(surname_w))];
	const char *const *g = p->male ? given_m : given_f;
	size_t ng = p->male ? N_OF(given_m) : N_OF(given_f);
	int two = chance(sur[3] ? 350 : 720);   /* compound: 2 chars + 1 or 2 */

	strcpy(p->name, sur);
	if (two && chance(150))
		strcat(p->name, PICK(given_any));
	else if (two)
		strcat(p->name, g[below((uint32_t)ng)]);
	strcat(p->name, g[below((uint32_t)ng)]);
}

static void make_id(struct person *p)
{
	int y, m, d, kind = range(0, 999);
	char d17[18];

	p->id_type[0] = p->id_number[0] = p->id_canon[0] = '\0';
	p->id_type_canon[0] = '\0';
	if (kind < 25)
		return;         /* no document given */
	if (kind < 35) {
		strcpy(p->id_type, chance(500) ? "护照" : "passport");
		strcpy(p->id_type_canon, "passport");
		snprintf(p->id_number, sizeof p->id_number, "E%08u", below(100000000));
		strcpy(p->id_canon, p->id_number);
		return;
	}
	if (kind < 40) {
		strcpy(p->id_type, "回乡证");
		strcpy(p->id_type_canon, "hk_macao_permit");
		snprintf(p->id_number, sizeof p->id_number, "H%08u", below(100000000));
		strcpy(p->id_canon, p->id_number);
		return;
	}
	strcpy(p->id_type_canon, "resident");
	if (chance(300))
		strcpy(p->id_type, chance(500) ? "居民身份证" : "身份证");
	civil_from_days(p->birth, &y, &m, &d);
	for (;;) {
		const char *area = chance(650) ? PICK(local_areas) : PICK(other_areas);
		unsigned seq = below(50) * 10 + (unsigned)range(0, 4) * 2 + (unsigned)p->male;
		uint64_t key = ((uint64_t)atoi(area) << 32) ^ ((uint64_t)(p->birth + 100000) << 10) ^ seq;
		if (!idset_add(key))
			continue;
		snprintf(d17, sizeof d17, "%s%04d%02d%02d%03u", area, y, m, d, seq % 1000);
		break;
	}
	snprintf(p->id_canon, sizeof p->id_canon, "%s%c", d17, check_char(d17));
	if (y < 2000 && chance(3)) {
		/* A legacy 15-digit number: no century, no check character. */
		snprintf(p->id_number, sizeof p->id_number, "%.6s%.9s", d17, d17 + 8);
	} else {
		strcpy(p->id_number, p->id_canon);
		if (p->id_number[17] == 'X' && chance(200))
			p->id_number[17] = 'x';
	}
}

static void make_phone(struct person *p)
{
	static const char *const pre[] = {
		"130", "131", "132", "133", "135", "136", "137", "138", "139", "147",
		"150", "151", "152", "153", "155", "156", "157", "158", "159", "166",
		"173", "177", "180", "181", "182", "183", "185", "186", "187", "188",
		"189", "191", "195", "198", "199",
	};
	int style = range(0, 99);
	unsigned a = below(10000), b = below(10000);
	const char *p3 = PICK(pre);

	if (style < 3) {
		p->phone[0] = p->phone_canon[0] = '\0';
		return;
	}
	if (style < 8) {
		unsigned x = 50000000 + below(40000000);
		snprintf(p->phone, sizeof p->phone, "021-%04u %04u", x / 10000, x % 10000);
		snprintf(p->phone_canon, sizeof p->phone_canon, "021%08u", x);
		return;
	}
	snprintf(p->phone_canon, sizeof p->phone_canon, "%s%04u%04u", p3, a, b);
	if (style < 65)
		strcpy(p->phone, p->phone_canon);
	else if (style < 85)
		snprintf(p->phone, sizeof p->phone, "%s %04u %04u", p3, a, b);
	else if (style < 93)
		snprintf(p->phone, sizeof p->phone, "+86 %s-%04u-%04u", p3, a, b);
	else
		snprintf(p->phone, sizeof p->phone, "%s-%04u-%04u", p3, a, b);
}

static void make_person(struct person *p, long intake, int seq)
{
	const struct category *c;
	int cw[N_OF(categories)], i, age, y, m, d;
	size_t n;

	memset(p, 0, sizeof *p);
	for (i = 0; i < (int)N_OF(categories); i++)
		cw[i] = categories[i].weight;
	p->category = weighted(cw, (int)N_OF(categories));
	c = &categories[p->category];
	p->intake = intake;
	age = range(c->age_lo, c->age_hi);
	civil_from_days(intake, &y, &m, &d);
	p->birth = days_from_civil(y - age, m, 1) - range(0, 364) + d - 1;
	if (p->birth > intake - 365L * c->age_lo)
		p->birth = intake - 365L * c->age_lo - 1;
	p->male = chance(p->category == 0 ? 420 : 500);
	make_name(p);
	make_id(p);
	make_phone(p);
	n = (size_t)snprintf(p->address, sizeof p->address, "%s%s%d号",
			     PICK(districts), PICK(roads), range(1, 1500));
	if (chance(600))
		snprintf(p->address + n, sizeof p->address - n, "%d弄%d号%d室",
			 range(1, 300), range(1, 40), range(1, 30) * 100 + range(1, 6));
	p->household = households[weighted(household_w, (int)N_OF(household_w))];
	p->language = languages[weighted(language_w, (int)N_OF(language_w))];
	p->consent = chance(900);
	/* Under 18 on the consent date: a guardian's consent. */
	p->guardian = intake < p->birth + 365L * 18 + 5 || chance(40);
	p->share = chance(800);
	p->problem = c->problems[below((uint32_t)c->nproblems)];
	p->source = sources[weighted(source_w, (int)N_OF(source_w))];
	p->worker = PICK(workers);
	if (chance(500)) {
		civil_from_days(intake, &y, &m, &d);
		snprintf(p->external_ref, sizeof p->external_ref, "JA%d-%06d", y, seq);
	}
	p->note = chance(180) ? PICK(notes) : "";
	p->give_sex = !p->id_canon[0] || strcmp(p->id_type_canon, "resident") || chance(850);
	p->give_birth = !p->id_canon[0] || strcmp(p->id_type_canon, "resident") || chance(750);
}

/* A person seen earlier coming again: same person, typed again. */
static void retype(struct person *p, long intake)
{
	p->intake = intake;
	if (p->phone_canon[0] && p->phone_canon[0] == '1' && !strchr(p->phone, ' '))
		snprintf(p->phone, sizeof p->phone, "%.3s %.4s %.4s", p->phone_canon,
			 p->phone_canon + 3, p->phone_canon + 7);
	p->note = "再次求助";
}

/* The people of N rows, in intake order; repeats flagged. */
#define RECENT 1024
static struct person recent[RECENT];

static int next_person(struct person *p, long i, long n, int *repeat)
{
	long span = LAST_DAY - FIRST_DAY + 1;
	long intake = FIRST_DAY + (long)((i * (int64_t)span) / n);

	*repeat = 0;
	if (i > 100 && chance(3)) {
		/* Someone from the last thousand rows with a resident number. */
		long j = i - 1 - range(0, (int)(i - 1 < RECENT - 1 ? i - 1 : RECENT - 1));
		const struct person *q = &recent[j % RECENT];
		if (!strcmp(q->id_type_canon, "resident")) {
			*p = *q;
			retype(p, intake);
			*repeat = 1;
			return 0;
		}
	}
	make_person(p, intake, (int)(i + 1));
	recent[i % RECENT] = *p;
	return 0;
}

static const char *sex_word(const struct person *p)
{
	return p->male ? "男" : "女";
}

/* ---- gen clients ----------------------------------------------------------- */

static void gen_clients(long n)
{
	struct person p;
	long i;
	int rep;
	char birth[11], intake[11];

	put("姓名,性别,出生日期,证件类型,身份证号码,联系电话,住址,家庭情况,语言,"
	    "知情同意日期,同意人,同意信息共享,服务类别,转介来源,求助问题,负责社工,"
	    "机构编号,接案日期,备注\n");
	for (i = 0; i < n; i++) {
		next_person(&p, i, n, &rep);
		fmt_date(p.birth, birth);
		fmt_date(p.intake, intake);
		csv_field(p.name, 0);
		csv_field(p.give_sex ? sex_word(&p) : "", 0);
		csv_field(p.give_birth ? birth : "", 0);
		csv_field(p.id_type, 0);
		csv_field(p.id_number, 0);
		csv_field(p.phone, 0);
		csv_field(p.address, 0);
		csv_field(p.household, 0);
		csv_field(p.language, 0);
		csv_field(p.consent ? intake : "", 0);
		csv_field(p.consent ? (p.guardian ? "监护人" : "本人") : "", 0);
		csv_field(p.consent ? (p.share ? "是" : "否") : "", 0);
		csv_field(categories[p.category].word, 0);
		csv_field(p.source, 0);
		csv_field(p.problem, 0);
		csv_field(p.worker, 0);
		csv_field(rep ? "" : p.external_ref, 0);
		csv_field(intake, 0);
		csv_field(p.note, 1);
	}
}

/* ---- gen sql-cases --------------------------------------------------------- */

static const char *const category_key[] = {
	"elder", "youth", "child", "family", "disability", "social_assistance",
	"community", "other",
};

static void gen_sql_cases(long n)
{
	struct person p;
	struct ins cl = {"INSERT INTO clients (id, name, name_key, sex, birth_date,"
			 " id_type, id_number, phone, address, household, language,"
			 " consent_date, consent_by, consent_share, created_at, batch_id)", 0};
	struct ins ca = {"INSERT INTO cases (id, client_id, status, intake_date,"
			 " category, worker, referral_source, presenting_problem,"
			 " external_ref, notes, created_at, batch_id)", 0};
	long i, id = 0, k;
	int rep;
	char birth[11], intake[11];

	sql_begin("sw-intake", "add");
	/* Two passes of the same sequence: clients, then their cases. */
	for (k = 0; k < 2; k++) {
		uint64_t saved = rng_state;
		id = 0;
		for (i = 0; i < n; i++) {
			next_person(&p, i, n, &rep);
			if (rep)
				continue;
			id++;
			fmt_date(p.birth, birth);
			fmt_date(p.intake, intake);
			if (k == 0) {
				ins_row(&cl);
				printf("%ld,", id);
				sql_text(p.name);
				putchar(',');
				sql_text(p.name);
				printf(",'%s','%s',", p.male ? "male" : "female", birth);
				sql_text(p.id_type_canon);
				putchar(',');
				sql_text(p.id_canon);
				putchar(',');
				sql_text(p.phone_canon);
				putchar(',');
				sql_text(p.address);
				putchar(',');
				sql_text(p.household);
				putchar(',');
				sql_text(p.language);
				putchar(',');
				sql_text(p.consent ? intake : NULL);
				putchar(',');
				sql_text(p.consent ? (p.guardian ? "guardian" : "self") : NULL);
				putchar(',');
				sql_text(p.consent ? (p.share ? "yes" : "no") : NULL);
				printf(",'%sT17:00:00Z',%ld)", intake, batch_id);
			} else {
				ins_row(&ca);
				printf("%ld,%ld,'open','%s','%s',", id, id, intake,
				       category_key[p.category]);
				sql_text(p.worker);
				putchar(',');
				sql_text(p.source);
				putchar(',');
				sql_text(p.problem);
				putchar(',');
				sql_text(p.external_ref);
				putchar(',');
				sql_text(p.note);
				printf(",'%sT17:00:00Z',%ld)", intake, batch_id);
			}
		}
		if (k == 0) {
			ins_end(&cl);
			rng_state = saved;
			idset_n = 0;
			memset(idset, 0, idset_cap * sizeof *idset);
		}
	}
	ins_end(&ca);
	sql_end();
}

/* ---- gen contacts ---------------------------------------------------------- */

static const char *const kinds[] = {
	"interview", "home_visit", "phone", "accompaniment", "outreach",
	"resource_linking", "other",
};
static const int kind_w[] = { 300, 200, 320, 50, 50, 60, 20 };
static const int kind_min[] = { 30, 45, 5, 60, 20, 15, 10 };
static const int kind_max[] = { 90, 120, 30, 240, 90, 60, 60 };
static const char *const kind_cn[] = {
	"面谈", "家访", "电话", "陪同", "外展", "资源链接", "其他",
};
static const char *const contact_notes[] = {
	"", "", "", "跟进服务计划", "了解近况", "评估居家环境", "提醒递交材料",
	"情绪支持", "与家属沟通", "陪同就医", "协助填写申请表", "电话未接通，改日再联系",
	"转介资源", "讨论作息安排",
};
static const char *const session_titles[] = {
	"长者防跌倒健康讲座", "睡眠与情绪小组", "亲子沟通工作坊", "青少年情绪管理小组",
	"照顾者减压小组", "社区长者手机课堂", "就业技能培训", "家庭教育讲座",
	"残障人士康复活动", "邻里互助茶话会",
};

/* The cases opened by day z and at most a year before it (cases are
 * numbered in intake order over the two years): lo..hi. */
static void case_window(long z, long ncases, long *lo, long *hi)
{
	long span = LAST_DAY - FIRST_DAY + 1;
	*hi = (long)(((int64_t)(z - FIRST_DAY + 1) * ncases) / span);
	*lo = (long)(((int64_t)(z - FIRST_DAY - 365) * ncases) / span);
	if (*hi < 1)
		*hi = 1;
	if (*hi > ncases)
		*hi = ncases;
	if (*lo < 1)
		*lo = 1;
	if (*lo > *hi)
		*lo = *hi;
}

static long case_on(long z, long ncases)
{
	long lo, hi;
	case_window(z, ncases, &lo, &hi);
	return lo + (long)below((uint32_t)(hi - lo + 1));
}

static int day_weight(long z)
{
	int w = weekday(z);
	return w < 5 ? 10 : w == 5 ? 3 : 2;
}

/* Pass 0 writes the group sessions, pass 1 the contacts, from the same
 * sequence; the CSV has a single pass and no group sessions. */
/* Ends a contact's row: its digest when audited. */
static void contact_form(long id, long c, const char *date, const char *kind,
			 int mins, const char *w, const char *note, long sid)
{
	char at[24];

	if (!audited) {
		putchar(')');
		return;
	}
	form_start("contacts");
	form_num("id", id);
	form_num("case_id", c);
	form_col("date", date);
	form_col("kind", kind);
	form_num("minutes", mins);
	form_col("worker", w);
	form_col("note", note);
	if (sid)
		form_num("session_id", sid);
	else
		form_col("session_id", NULL);
	snprintf(at, sizeof at, "%sT18:00:00Z", date);
	form_col("created_at", at);
	form_num("batch_id", batch_id);
	form_end();
}

static void contacts_pass(long ncases, long n, int pass, int csv)
{
	struct ins ct = {audited ? "INSERT INTO contacts (id, case_id, date,"
			 " kind, minutes, worker, note, session_id, created_at,"
			 " batch_id, digest)" : "INSERT INTO contacts (id, case_id,"
			 " date, kind, minutes, worker, note, session_id,"
			 " created_at, batch_id)", 0};
	struct ins gs = {audited ? "INSERT INTO group_sessions (id, date, title,"
			 " minutes, workers, note, created_at, batch_id, digest)"
			 : "INSERT INTO group_sessions (id, date, title, minutes,"
			 " workers, note, created_at, batch_id)", 0};
	char at[24], text[256];
	long z, total = 0, done = 0, id = 0, sid = 0;
	int64_t cum = 0;
	char date[11];

	for (z = FIRST_DAY; z <= LAST_DAY; z++)
		total += day_weight(z);
	for (z = FIRST_DAY; z <= LAST_DAY; z++) {
		long today, group, k;
		cum += day_weight(z);
		today = (long)((cum * n) / total) - done;
		done += today;
		fmt_date(z, date);
		/* Group attendance: about 6% of the contacts, on weekdays. */
		group = csv || weekday(z) >= 5 ? 0 : (today * 6) / 100;
		while (group > 0) {
			long cases[16];
			int att = range(4, 15), mins = range(4, 8) * 15, i, j;
			int nth = range(1, 8);
			const char *title = PICK(session_titles);
			const char *w1 = PICK(workers), *w2 = PICK(workers);
			int two = w2 != w1 && chance(500);
			long lo, hi;
			case_window(z, ncases, &lo, &hi);
			if (att > group)
				att = (int)group;
			if (att > hi - lo + 1)
				att = (int)(hi - lo + 1);
			sid++;
			/* Distinct cases: a session lists each case once. */
			for (i = 0; i < att; i++) {
				do {
					cases[i] = case_on(z, ncases);
					for (j = 0; j < i && cases[j] != cases[i]; j++)
						;
				} while (j < i);
			}
			if (pass == 0) {
				ins_row(&gs);
				printf("%ld,'%s','%s（第%d节）',%d,'%s%s%s',NULL,"
				       "'%sT18:00:00Z',%ld", sid, date, title, nth, mins,
				       w1, two ? ", " : "", two ? w2 : "", date, batch_id);
				if (audited) {
					form_start("group_sessions");
					form_num("id", sid);
					form_col("date", date);
					snprintf(text, sizeof text, "%s（第%d节）", title, nth);
					form_col("title", text);
					form_num("minutes", mins);
					snprintf(text, sizeof text, "%s%s%s", w1,
						 two ? ", " : "", two ? w2 : "");
					form_col("workers", text);
					form_col("note", NULL);
					snprintf(at, sizeof at, "%sT18:00:00Z", date);
					form_col("created_at", at);
					form_num("batch_id", batch_id);
					form_end();
				} else {
					putchar(')');
				}
			}
			for (i = 0; i < att; i++) {
				id++;
				if (pass != 1)
					continue;
				ins_row(&ct);
				printf("%ld,%ld,'%s','group',%d,'%s',NULL,%ld,"
				       "'%sT18:00:00Z',%ld", id, cases[i], date, mins,
				       w1, sid, date, batch_id);
				contact_form(id, cases[i], date, "group", mins, w1,
					     NULL, sid);
			}
			group -= att;
			today -= att;
		}
		for (k = 0; k < today; k++) {
			int kind = weighted(kind_w, (int)N_OF(kind_w));
			long c = case_on(z, ncases);
			int mins = range(kind_min[kind], kind_max[kind]);
			const char *note = PICK(contact_notes);
			const char *w = PICK(workers);
			mins -= mins % 5;
			id++;
			if (csv) {
				printf("CA-%ld,%s,%s,%d,%s,", c, date, kind_cn[kind],
				       mins, w);
				csv_field(note, 1);
			} else if (pass == 1) {
				ins_row(&ct);
				printf("%ld,%ld,'%s','%s',%d,'%s',", id, c, date,
				       kinds[kind], mins, w);
				sql_text(note);
				printf(",NULL,'%sT18:00:00Z',%ld", date, batch_id);
				contact_form(id, c, date, kinds[kind], mins, w, note, 0);
			}
		}
	}
	ins_end(&gs);
	ins_end(&ct);
	if (audited)
		digest_entry(pass == 0 ? "group session" : "contact",
			     pass == 0 ? "GS" : "CT");
}

static void gen_contacts(long ncases, long n, int csv)
{
	uint64_t saved = rng_state;
	if (ncases < 1)
		usage();
	if (csv) {
		put("个案编号,日期,方式,时长,社工,进展记录\n");
		contacts_pass(ncases, n, 1, 1);
		return;
	}
	sql_begin("sw-plan", "contacts");
	sha256_init(&kind_sum);
	contacts_pass(ncases, n, 0, 0);
	rng_state = saved;
	contacts_pass(ncases, n, 1, 0);
	sql_end();
}

/* ---- gen sql-plans ----------------------------------------------------------- */

static const char *const needs[] = {
	"psychological", "housing", "income", "family_social", "health",
	"education", "employment", "safety",
};
static const char *const goal_desc[] = {
	"改善睡眠", "重建社交网络", "申请最低生活保障", "居家安全：消除跌倒隐患",
	"改善亲子沟通", "恢复上学", "稳定就业", "规律服药", "减少家庭冲突",
	"建立稳定的社区支持网络", "提高自我照顾能力", "办理残疾人补贴",
};
static const char *const indicators[] = {
	"每周睡得好的天数", "每月外出次数", "申请进度", "完成家居改造项目数",
	"每周有效沟通次数", "每周到校天数", "在职月数", "漏服药次数", "每月冲突次数",
};
static const char *const task_desc[] = {
	"转介睡眠门诊", "教授睡眠卫生方法", "联系社区长者活动中心", "协助准备低保申请材料",
	"联系街道安排扶手安装", "陪同办理证件", "与学校老师沟通", "转介就业服务站",
	"家访评估", "组织家庭会议",
};
static const char *const providers[] = {
	"街道社区卫生服务中心", "区精神卫生中心", "街道就业服务站", "区残联康复中心",
	"社区长者日间照料中心", "区妇联维权站", "法律援助中心",
};
static const char *const referral_reasons[] = {
	"申请最低生活保障", "心理评估", "就业辅导", "康复训练", "日间照料",
	"法律咨询", "住房援助",
};
static const char *const phq9_items[9] = {
	"interest", "mood", "sleep", "energy", "appetite", "self_worth",
	"concentration", "psychomotor", "self_harm",
};

/* Everything one case has, drawn from the case's own seed so that every
 * pass over the cases sees the same. */
struct plan_case {
	int has_plan, ngoals, ntasks[3];
	long made, next_review;
	struct { const char *term, *desc, *need, *ind, *status; int base, target;
		 long deadline; } goal[3];
	struct { const char *desc, *owner; long due; int done; long done_date; } task[3][2];
	int has_asmt, answers[9], total, risk;
	long asmt_date;
	int crisis_open;
	int has_ref, ref_state;     /* 0 sent, 1 accepted, 2 completed, 3 declined */
	long ref_sent, ref_resp, ref_done, ref_expected;
	const char *ref_provider, *ref_reason, *ref_urgency;
};

static void draw_case(struct plan_case *k, long c, long today, uint64_t seed)
{
	int g, t, i;

	rng_state = seed ^ ((uint64_t)c * 0xd1b54a32d192ed03ULL);
	memset(k, 0, sizeof *k);
	k->made = today - range(20, 200);
	k->has_plan = chance(700);
	k->next_review = today + range(-2, 88);
	k->ngoals = k->has_plan ? range(1, 3) : 0;
	for (g = 0; g < k->ngoals; g++) {
		k->goal[g].deadline = today + range(-4, 365);
		k->goal[g].term = k->goal[g].deadline - today > 120 ? "long" : "short";
		k->goal[g].desc = PICK(goal_desc);
		k->goal[g].need = PICK(needs);
		k->goal[g].ind = PICK(indicators);
		k->goal[g].status = chance(100) ? "achieved" :
				    chance(450) ? "in_progress" : "not_started";
		k->goal[g].base = range(0, 2);
		k->goal[g].target = range(3, 6);
		k->ntasks[g] = range(0, 2);
		for (t = 0; t < k->ntasks[g]; t++) {
			k->task[g][t].desc = PICK(task_desc);
			k->task[g][t].owner = PICK(workers);
			k->task[g][t].due = today + range(-3, 90);
			k->task[g][t].done = chance(250);
			k->task[g][t].done_date = today - range(0, 10);
		}
	}
	k->has_asmt = chance(400);
	k->asmt_date = today - range(0, 29);
	for (i = 0; i < 9; i++) {
		k->answers[i] = i == 8 ? (chance(40) ? range(1, 3) : 0) : range(0, 3);
		k->total += k->answers[i];
	}
	k->risk = k->total < 10 ? 0 : k->total < 20 ? 1 : 2;
	if (k->answers[8] >= 1 && k->risk < 2)
		k->risk = 2;
	if (k->answers[8] == 3)
		k->risk = 3;
	k->crisis_open = k->asmt_date >= today - 2;
	k->has_ref = chance(60);
	k->ref_state = weighted((const int[]){ 30, 35, 25, 10 }, 4);
	/* Referrals still waiting were sent lately; those accepted are
	 * expected some weeks on. */
	k->ref_sent = today - (k->ref_state == 0 ? range(1, 9) :
			       k->ref_state == 1 ? range(5, 40) : range(10, 120));
	k->ref_resp = k->ref_sent + range(1, 5);
	if (k->ref_resp > today)
		k->ref_resp = today;
	k->ref_expected = k->ref_resp + range(20, 90);
	k->ref_done = k->ref_resp + range(3, 30);
	if (k->ref_done > today)
		k->ref_done = today;
	k->ref_provider = PICK(providers);
	k->ref_reason = PICK(referral_reasons);
	k->ref_urgency = chance(100) ? "urgent" : "routine";
}

static void json_pair(const char *key, const char *v, int first)
{
	/* Inside a SQL literal: none of these values has a quote. */
	printf("%s\"%s\":", first ? "" : ",", key);
	if (v)
		printf("\"%s\"", v);
	else
		put("null");
}

static void gen_sql_plans(long ncases, long today)
{
	static const char *const band[] = {
		"minimal", "mild", "moderate", "moderately severe", "severe",
	};
	static const char *const risk[] = { "low", "medium", "high", "critical" };
	static const char *const ref_state[] = { "sent", "accepted", "completed", "declined" };
	struct ins in = {NULL, 0};
	struct plan_case k;
	uint64_t seed = next64();
	long c, plan, goal, task, asmt, fup, ref, evt;
	int pass, g, t, i;
	char d1[11], d2[11], d3[11], made[11], gid[24], tid[24], cid[24];

	if (today < days_from_civil(2026, 1, 1))
		usage();    /* the cases were opened up to 2025-12-31 */
	sql_begin("sw-plan", "goals");
	for (pass = 0; pass < 8; pass++) {
		static const char *const heads[8] = {
			"INSERT INTO plans (id, case_id, revision, review_cycle,"
			" next_review, created_at, updated_at)",
			"INSERT INTO plan_revisions (plan_id, revision, created_at,"
			" actor, batch_id, snapshot)",
			"INSERT INTO goals (id, plan_id, case_id, term, description,"
			" need, indicator, baseline, target, deadline, status,"
			" created_at, batch_id)",
			"INSERT INTO tasks (id, goal_id, case_id, description, owner,"
			" due_date, status, done_date, created_at, batch_id)",
			"INSERT INTO assessments (id, case_id, instrument, version, date,"
			" total100, scaled100, band, risk, flags, subscales, answers,"
			" created_at, batch_id)",
			"INSERT INTO followups (id, case_id, kind, due_date, instrument,"
			" assessment_id, status, created_at, done_at, done_date, note,"
			" batch_id)",
			"INSERT INTO referrals (id, case_id, service_id, provider, reason,"
			" urgency, state, followup_date, expected_date, sent_date,"
			" response_date, completed_date, created_at, updated_at, batch_id)",
			"INSERT INTO referral_events (id, referral_id, from_state, to_state,"
			" date, at, actor, reason, batch_id)",
		};
		in.head = heads[pass];
		in.n = 0;
		plan = goal = task = asmt = fup = ref = evt = 0;
		for (c = 1; c <= ncases; c++) {
			draw_case(&k, c, today, seed);
			fmt_date(k.made, made);
			snprintf(cid, sizeof cid, "CA-%ld", c);
			if (k.has_plan) {
				plan++;
				fmt_date(k.next_review, d1);
				if (pass == 0) {
					ins_row(&in);
					printf("%ld,%ld,1,'30d','%s','%sT10:00:00Z',NULL)",
					       plan, c, d1, made);
				} else if (pass == 1) {
					ins_row(&in);
					printf("%ld,1,'%sT10:00:00Z','%s',%ld,'[", plan,
					       made, workers[c % N_OF(workers)], batch_id);
				}
			}
			for (g = 0; g < k.ngoals; g++) {
				char base[8], target[8];
				goal++;
				snprintf(gid, sizeof gid, "GL-%ld", goal);
				snprintf(base, sizeof base, "%d", k.goal[g].base);
				snprintf(target, sizeof target, "%d", k.goal[g].target);
				fmt_date(k.goal[g].deadline, d2);
				if (pass == 1) {
					/* The revision's snapshot: goals, each followed
					 * by its tasks, as sw-plan show prints them. */
					printf("%s{", g ? "," : "");
					json_pair("record", "goal", 1);
					json_pair("id", gid, 0);
					json_pair("goal_id", gid, 0);
					json_pair("case_id", cid, 0);
					json_pair("term", k.goal[g].term, 0);
					json_pair("description", k.goal[g].desc, 0);
					json_pair("need", k.goal[g].need, 0);
					json_pair("indicator", k.goal[g].ind, 0);
					json_pair("baseline", base, 0);
					json_pair("target", target, 0);
					json_pair("deadline_or_due", d2, 0);
					json_pair("status", k.goal[g].status, 0);
					json_pair("owner", NULL, 0);
					putchar('}');
				} else if (pass == 2) {
					ins_row(&in);
					printf("%ld,%ld,%ld,'%s','%s','%s','%s','%s','%s','%s',"
					       "'%s','%sT10:00:00Z',%ld)", goal, plan, c,
					       k.goal[g].term, k.goal[g].desc, k.goal[g].need,
					       k.goal[g].ind, base, target, d2, k.goal[g].status,
					       made, batch_id);
				}
				for (t = 0; t < k.ntasks[g]; t++) {
					const char *st = k.task[g][t].done ? "done" : "open";
					task++;
					snprintf(tid, sizeof tid, "TK-%ld", task);
					fmt_date(k.task[g][t].due, d3);
					if (pass == 1) {
						putchar(',');
						putchar('{');
						json_pair("record", "task", 1);
						json_pair("id", tid, 0);
						json_pair("goal_id", gid, 0);
						json_pair("case_id", cid, 0);
						json_pair("term", NULL, 0);
						json_pair("description", k.task[g][t].desc, 0);
						json_pair("need", NULL, 0);
						json_pair("indicator", NULL, 0);
						json_pair("baseline", NULL, 0);
						json_pair("target", NULL, 0);
						json_pair("deadline_or_due", d3, 0);
						json_pair("status", st, 0);
						json_pair("owner", k.task[g][t].owner, 0);
						putchar('}');
					} else if (pass == 3) {
						ins_row(&in);
						printf("%ld,%ld,%ld,'%s','%s','%s','%s',", task,
						       goal, c, k.task[g][t].desc,
						       k.task[g][t].owner, d3, st);
						if (k.task[g][t].done) {
							fmt_date(k.task[g][t].done_date, d1);
							printf("'%s'", d1);
						} else {
							put("NULL");
						}
						printf(",'%sT10:00:00Z',%ld)", made, batch_id);
					}
				}
			}
			if (k.has_plan && pass == 1)
				put("]')");
			if (k.has_asmt) {
				int b = k.total < 5 ? 0 : k.total < 10 ? 1 : k.total < 15 ? 2 :
					k.total < 20 ? 3 : 4;
				asmt++;
				fmt_date(k.asmt_date, d1);
				if (pass == 4) {
					ins_row(&in);
					printf("%ld,%ld,'phq9','1','%s',%d,NULL,'%s','%s',%s,NULL,'{",
					       asmt, c, d1, k.total * 100, band[b], risk[k.risk],
					       k.answers[8] ? "'thoughts of self-harm'" : "NULL");
					for (i = 0; i < 9; i++)
						printf("%s\"%s\":%d", i ? "," : "", phq9_items[i],
						       k.answers[i]);
					printf("}','%sT10:00:00Z',%ld)", d1, batch_id);
				}
				/* The re-assessment four weeks on; a crisis follow-up
				 * the next day for a high or critical risk, done
				 * unless the assessment was in the last two days. */
				fup++;
				fmt_date(k.asmt_date + 28, d2);
				if (pass == 5) {
					ins_row(&in);
					printf("%ld,%ld,'reassessment','%s','phq9',%ld,'open',"
					       "'%sT10:00:00Z',NULL,NULL,NULL,%ld)", fup, c, d2,
					       asmt, d1, batch_id);
				}
				if (k.risk >= 2) {
					fup++;
					fmt_date(k.asmt_date + 1, d2);
					if (pass == 5) {
						ins_row(&in);
						if (k.crisis_open)
							printf("%ld,%ld,'crisis','%s','phq9',%ld,'open',"
							       "'%sT10:00:00Z',NULL,NULL,NULL,%ld)",
							       fup, c, d2, asmt, d1, batch_id);
						else
							printf("%ld,%ld,'crisis','%s','phq9',%ld,'done',"
							       "'%sT10:00:00Z','%sT10:00:00Z','%s',"
							       "'电话联系，已约定面谈',%ld)", fup, c, d2,
							       asmt, d1, d2, d2, batch_id);
					}
				}
			}
			if (k.has_ref) {
				int s = k.ref_state;
				char sent[11], resp[11], dn[11], exp[11], fol[11];
				ref++;
				fmt_date(k.ref_sent, sent);
				fmt_date(k.ref_resp, resp);
				fmt_date(k.ref_done, dn);
				fmt_date(k.ref_expected, exp);
				fmt_date(k.ref_sent + 7, fol);
				if (pass == 6) {
					ins_row(&in);
					printf("%ld,%ld,NULL,'%s','%s','%s','%s',", ref, c,
					       k.ref_provider, k.ref_reason, k.ref_urgency,
					       ref_state[s]);
					printf(s == 0 ? "'%s'," : "NULL,", fol);
					printf(s == 1 || s == 2 ? "'%s'," : "NULL,", exp);
					printf("'%s',", sent);
					printf(s ? "'%s'," : "NULL,", resp);
					printf(s == 2 ? "'%s'," : "NULL,", dn);
					printf("'%sT10:00:00Z','%sT10:00:00Z',%ld)", sent,
					       s == 0 ? sent : s == 2 ? dn : resp, batch_id);
				}
				/* draft, sent, then the answer and completion. */
				for (i = 0; i < (s == 0 ? 2 : s == 2 ? 4 : 3); i++) {
					static const char *const from[] = { NULL, "draft", "sent", "accepted" };
					const char *to = i == 0 ? "draft" : i == 1 ? "sent" :
							 i == 2 ? (s == 3 ? "declined" : "accepted") :
							 "completed";
					const char *day = i < 2 ? sent : i == 2 ? resp : dn;
					evt++;
					if (pass != 7)
						continue;
					ins_row(&in);
					printf("%ld,%ld,", evt, ref);
					sql_text(from[i]);
					printf(",'%s','%s','%sT10:00:00Z','%s',NULL,%ld)", to,
					       day, day, workers[c % N_OF(workers)], batch_id);
				}
			}
		}
		ins_end(&in);
	}
	sql_end();
}

/* ---- main ------------------------------------------------------------------ */

static void usage(void)
{
	fputs("usage: gen [-s SEED] [-b BATCH] clients N | workers | sql-cases N |\n"
	      "           contacts NCASES N | contacts-csv NCASES N |\n"
	      "           audited-contacts NCASES N AU-n:HASH |\n"
	      "           sql-plans NCASES YYYY-MM-DD\n", stderr);
	exit(2);
}

static long count_arg(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*end || n < 0 || n > 200000000L)
		usage();
	return n;
}

int main(int argc, char **argv)
{
	static char obuf[1 << 20];
	int i = 1;
	const char *verb;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	while (i + 1 < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-s"))
			rng_state ^= (uint64_t)strtoull(argv[i + 1], NULL, 10) * 0x9e3779b97f4a7c15ULL;
		else if (!strcmp(argv[i], "-b"))
			batch_id = count_arg(argv[i + 1]);
		else
			usage();
		i += 2;
	}
	if (i >= argc)
		usage();
	verb = argv[i++];
	if (!strcmp(verb, "clients") && argc - i == 1) {
		gen_clients(count_arg(argv[i]));
	} else if (!strcmp(verb, "workers") && argc == i) {
		size_t k;
		for (k = 0; k < N_OF(workers); k++)
			printf("%s\n", workers[k]);
	} else if (!strcmp(verb, "sql-cases") && argc - i == 1) {
		gen_sql_cases(count_arg(argv[i]));
	} else if (!strcmp(verb, "contacts") && argc - i == 2) {
		gen_contacts(count_arg(argv[i]), count_arg(argv[i + 1]), 0);
	} else if (!strcmp(verb, "audited-contacts") && argc - i == 3) {
		if (sscanf(argv[i + 2], "AU-%lld:%64[0-9a-f]", &au_id, au_hash) != 2 ||
		    strlen(au_hash) != 64)
			usage();
		audited = 1;
		gen_contacts(count_arg(argv[i]), count_arg(argv[i + 1]), 0);
	} else if (!strcmp(verb, "contacts-csv") && argc - i == 2) {
		gen_contacts(count_arg(argv[i]), count_arg(argv[i + 1]), 1);
	} else if (!strcmp(verb, "sql-plans") && argc - i == 2) {
		long today;
		if (parse_date(argv[i + 1], &today))
			usage();
		gen_sql_plans(count_arg(argv[i]), today);
	} else {
		usage();
	}
	if (fflush(stdout) || ferror(stdout)) {
		perror("gen: write");
		return 1;
	}
	return 0;
}
