/* test_ids.c - prefixed ids. */
#include "core/core.h"
#include "tap.h"

/* core_id_runs's runs, written out: "CL 1 40;CA 42 42;" */
static void note_run(void *ctx, enum cw_kind kind, int64_t first, int64_t last)
{
	char *b = ctx;
	snprintf(b + strlen(b), 256 - strlen(b), "%s %lld %lld;", cw_kind_name(kind),
		 (long long)first, (long long)last);
}

int main(void)
{
	enum cw_kind k;
	int64_t n;
	char out[32];
	static const char *const bad[] = {
		"42", "CA42", "CA-", "CA-0", "CA-01", "CA--1", "CA-1x", "XX-1",
		"CA-1234567890123456789", " CA-1", "",
	};
	size_t i;
	int good;

	ok(cw_id_parse("CA-42", &k, &n) == 0 && k == CW_K_CASE && n == 42, "CA-42");
	ok(cw_id_parse("cl-7", &k, &n) == 0 && k == CW_K_CLIENT && n == 7, "lowercase prefix");
	ok(cw_id_parse("BT-123456789012345678", &k, &n) == 0 && n == 123456789012345678LL,
	   "18 digits");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(cw_id_parse(bad[i], &k, &n) == -1, "refused: '%s'", bad[i]);
	for (i = 0; i < CW_K_COUNT; i++) {
		cw_id_format((enum cw_kind)i, 9, out);
		/* parse before ok(): its arguments may be read first */
		good = cw_id_parse(out, &k, &n) == 0 && k == (enum cw_kind)i &&
		       n == 9;
		ok(good, "%s round-trips (%s)", out, cw_kind_name(k));
	}
	ok(cw_id_parse("HO-3", &k, &n) == 0 && k == CW_K_ASSIGNMENT && n == 3 &&
	   !strcmp(cw_kind_name(k), "assignment"), "HO-3: an assignment");
	/* The prefixes casework(7) reserves for later kinds: no kind of
	 * today takes one. */
	{
		static const char *const reserved[] = {
			"SU-1", "AP-1",
		};
		for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
			ok(cw_id_parse(reserved[i], &k, &n) == -1,
			   "reserved prefix, no kind of today: %s", reserved[i]);
	}
	/* an id list as the audit trail writes them */
	{
		char b[256] = "";
		ok(core_id_runs("CL-1..CL-40,CL-42,CA-3", note_run, b) == 0 &&
		   !strcmp(b, "client 1 40;client 42 42;case 3 3;"),
		   "an id list: its runs in order (%s)", b);
		b[0] = 0;
		ok(core_id_runs("CL-5..CL-2,x,CL-1..CA-2,AU-7", note_run, b) == -1 &&
		   !strcmp(b, "audit entry 7 7;"),
		   "parts that are no run of one kind passed over, and said (%s)", b);
		b[0] = 0;
		ok(core_id_runs("", note_run, b) == 0 && !*b, "an empty list");
	}
	/* A prefix reserved once is the kind that took it. */
	ok(cw_id_parse("pj-7", &k, &n) == 0 && k == CW_K_PROJECT && n == 7,
	   "PJ-7 is project 7");
	ok(cw_id_parse("CN-4", &k, &n) == 0 && k == CW_K_CONSENT && n == 4,
	   "CN-4 is consent 4 (schema version 12)");
	/* A project's code never reads as an id (casework.7, IDS). */
	ok(core_project_code_valid("SQ2026-01") && core_project_code_valid("YF.2026"),
	   "codes");
	ok(!core_project_code_valid("PJ-1") && !core_project_code_valid("ca-12") &&
	   !core_project_code_valid("AC-3"), "an id of any kind, reserved ones too, is no code");
	ok(core_project_code_valid("PJ-1a") && core_project_code_valid("PJ1"),
	   "what reads as no id is one");
	ok(cw_id_parse("AC-3", &k, &n) == 0 && k == CW_K_ACTIVITY && n == 3,
	   "AC-3 is activity 3");
	ok(cw_id_parse("vl-4", &k, &n) == 0 && k == CW_K_VOLUNTEER && n == 4,
	   "VL-4 is volunteer 4");
	ok(cw_id_parse("TR-5", &k, &n) == 0 && k == CW_K_TRAINING && n == 5,
	   "TR-5 is training 5");
	ok(cw_id_parse("gp-6", &k, &n) == 0 && k == CW_K_PROGRAMME && n == 6,
	   "GP-6 is programme 6");
	ok(cw_id_parse("rl-7", &k, &n) == 0 && k == CW_K_RELATION && n == 7,
	   "RL-7 is relation 7");
	ok(cw_id_parse("HH-8", &k, &n) == 0 && k == CW_K_HOUSEHOLD && n == 8,
	   "HH-8 is household 8");
	return tap_done();
}
