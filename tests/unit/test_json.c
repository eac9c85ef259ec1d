/*
 * test_json.c - TAP tests for lib/io/json.c: JSONTestSuite conformance of
 * cw_json_validate, the JSON Lines / JSON array record reader, and
 * cw_json_quote.
 *
 * Usage: test_json [JSONTestSuite/test_parsing directory]
 * Run from the repository root; the default directory is
 * ../shared/conformance/JSONTestSuite/test_parsing.  Absent conformance
 * data is skipped, and the skip counted; every other test still runs.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "io/io.h"
#include "tap.h"

/* ---- conformance --------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	cw_buf b;
	char tmp[65536];
	size_t n;

	if (!fp)
		return NULL;
	cw_buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		cw_buf_add(&b, tmp, n);
	fclose(fp);
	return cw_buf_detach(&b, len);
}

static int json_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 5 && !strcmp(d->d_name + n - 5, ".json");
}

static void conformance(const char *dir)
{
	struct dirent **ent;
	int n, i;

	n = scandir(dir, &ent, json_file, alphasort);
	if (n <= 0) {
		if (n == 0)
			free(ent);
		skip("conformance data absent (JSONTestSuite)");
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = ent[i]->d_name;
		char path[4096];
		const char *why = NULL;
		long line = 0;
		size_t len;
		char *buf;
		int rc;
		clock_t t0;

		snprintf(path, sizeof path, "%s/%s", dir, name);
		buf = slurp(path, &len);
		if (!buf) {
			ok(0, "%s: cannot read", name);
			free(ent[i]);
			continue;
		}
		t0 = clock();
		rc = cw_json_validate(buf, len, CW_MAX_DEPTH, &why, &line);
		t0 = clock() - t0;
		if (name[0] == 'y')
			ok(rc == 0, "%s accepted", name);
		else if (name[0] == 'n')
			ok(rc == -1 && why && line >= 1, "%s refused (line %ld: %s)",
			   name, line, why ? why : "?");
		else
			ok(rc == 0 || (rc == -1 && why && line >= 1),
			   "%s %s%s%s", name, rc ? "refused: " : "accepted",
			   rc && why ? why : "", "");
		if ((double)t0 / CLOCKS_PER_SEC > 0.5)
			printf("# %s took %.2fs\n", name, (double)t0 / CLOCKS_PER_SEC);
		free(buf);
		free(ent[i]);
	}
	free(ent);
}

/* ---- validator details ---------------------------------------------------- */

static void validate_case(const char *text, size_t len, int max_depth,
			  const char *want_why, long want_line)
{
	const char *why = NULL;
	long line = 0;
	int rc = cw_json_validate(text, len, max_depth, &why, &line);

	char shown[41];
	size_t i, k = 0;

	for (i = 0; i < len && k < sizeof shown - 1; i++)
		shown[k++] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '.';
	shown[k] = '\0';
	if (!want_why) {
		ok(rc == 0, "validate accepts %s", shown);
		if (rc)
			printf("#   refused: line %ld: %s\n", line, why);
		return;
	}
	ok(rc == -1 && why && !strcmp(why, want_why) && line == want_line,
	   "validate refuses %s with \"%s\" at line %ld", shown, want_why,
	   want_line);
	if (rc != -1 || !why || strcmp(why, want_why) || line != want_line)
		printf("#   got rc %d line %ld why %s\n", rc, line,
		       why ? why : "(null)");
}

static void validator_tests(void)
{
	char *deep;
	size_t i;
	clock_t t0;

	validate_case("[\"a\\u0000b\"]", 12, CW_MAX_DEPTH, NULL, 0);
	validate_case("\"\\u0000\"", 8, CW_MAX_DEPTH, NULL, 0);
	validate_case(" 123 \n", 6, CW_MAX_DEPTH, NULL, 0);
	validate_case("{\"a\":\n[1,\n2,\n01]}", 17, CW_MAX_DEPTH,
		      "leading zero in number", 4);
	validate_case("\xEF\xBB\xBF{}", 5, CW_MAX_DEPTH,
		      "byte order mark not allowed", 1);
	validate_case(" \n\t\r\n", 5, CW_MAX_DEPTH, "empty input", 1);
	validate_case("", 0, CW_MAX_DEPTH, "empty input", 1);
	validate_case("{}\n{}", 5, CW_MAX_DEPTH,
		      "trailing data after the value", 2);
	validate_case("[\n\"x\xC0\xAF\"]", 7, CW_MAX_DEPTH, "invalid UTF-8", 2);
	validate_case("[\"\xED\xA0\x80\"]", 7, CW_MAX_DEPTH, "invalid UTF-8", 1);
	validate_case("[\"\xF4\x90\x80\x80\"]", 8, CW_MAX_DEPTH,
		      "invalid UTF-8", 1);
	validate_case("[\"\xE4\xB8\"]", 6, CW_MAX_DEPTH, "invalid UTF-8", 1);
	validate_case("[\"\\ud800\"]", 10, CW_MAX_DEPTH,
		      "unpaired surrogate in \\u escape", 1);
	validate_case("[\"\\udc00\\ud800\"]", 16, CW_MAX_DEPTH,
		      "unpaired surrogate in \\u escape", 1);
	validate_case("[\"\\ud83d\\ude00\"]", 16, CW_MAX_DEPTH, NULL, 0);
	validate_case("[\"a\\x\"]", 7, CW_MAX_DEPTH, "invalid escape", 1);
	validate_case("[1.]", 4, CW_MAX_DEPTH,
		      "digit expected after the decimal point", 1);
	validate_case("[1e+]", 5, CW_MAX_DEPTH, "digit expected in exponent", 1);
	validate_case("[.5]", 4, CW_MAX_DEPTH, "invalid number", 1);
	validate_case("[+1]", 4, CW_MAX_DEPTH, "invalid number", 1);
	validate_case("[tru]", 5, CW_MAX_DEPTH, "invalid literal", 1);
	validate_case("[1,\n2,\n", 7, CW_MAX_DEPTH, "unexpected end of input", 2);
	validate_case("[\"abc", 5, CW_MAX_DEPTH, "unterminated string", 1);
	validate_case("[\"a\tb\"]", 7, CW_MAX_DEPTH,
		      "unescaped control character in string", 1);
	validate_case("[1\0]", 4, CW_MAX_DEPTH, "unexpected NUL byte", 1);
	validate_case("[1 x]", 5, CW_MAX_DEPTH, "expected ',' or ']' in array", 1);
	validate_case("\0", 1, CW_MAX_DEPTH, "unexpected NUL byte", 1);
	validate_case("[1,]", 4, CW_MAX_DEPTH, "trailing comma in array", 1);
	validate_case("{\"a\":1,}", 8, CW_MAX_DEPTH, "trailing comma in object", 1);
	validate_case("[[[]]]", 6, 3, NULL, 0);
	validate_case("[[[[]]]]", 8, 3, "nesting too deep", 1);

	deep = malloc(100001);
	memset(deep, '[', 100000);
	t0 = clock();
	validate_case(deep, 100000, CW_MAX_DEPTH, "nesting deeper than 64", 1);
	t0 = clock() - t0;
	ok((double)t0 / CLOCKS_PER_SEC < 1.0, "100000 '[' refused quickly");
	/* exactly 64 levels pass, 65 do not */
	for (i = 0; i < 64; i++) {
		deep[i] = '[';
		deep[127 - i] = ']';
	}
	validate_case(deep, 128, CW_MAX_DEPTH, NULL, 0);
	memmove(deep + 1, deep, 128);
	deep[0] = '[';
	deep[129] = ']';
	validate_case(deep, 130, CW_MAX_DEPTH, "nesting deeper than 64", 1);
	free(deep);
}

/* ---- the record reader ---------------------------------------------------- */

static char tmpdir[] = "/tmp/test_json.XXXXXX";
static int tmpn;

static char *write_tmp(const char *text, size_t len)
{
	char *path = malloc(strlen(tmpdir) + 32);
	FILE *fp;

	sprintf(path, "%s/in%d", tmpdir, ++tmpn);
	fp = fopen(path, "wb");
	if (!fp || fwrite(text, 1, len, fp) != len || fclose(fp)) {
		perror(path);
		exit(1);
	}
	return path;
}

static const char *type_name(enum cw_ftype t)
{
	switch (t) {
	case CW_F_STRING: return "s";
	case CW_F_NUMBER: return "n";
	case CW_F_TRUE: return "t";
	case CW_F_FALSE: return "f";
	case CW_F_NULL: return "z";
	}
	return "?";
}

static void add_fields(cw_buf *b, const cw_record *rec)
{
	size_t i;

	cw_buf_addch(b, '{');
	for (i = 0; i < rec->n; i++) {
		const cw_field *f = &rec->f[i];
		cw_buf_printf(b, "%s%s:%s:", i ? "," : "", f->name,
			      type_name(f->type));
		if (f->value)
			cw_buf_add(b, f->value, f->len);
	}
	cw_buf_addch(b, '}');
}

/* Reads all of text and describes each call's outcome:
 * R<line>{name:type:value,...}  a record
 * J<line>:<field>:<msg>{...}    a reject (with what was kept)
 * F<line>:<field>:<msg>         fatal; the call after it is checked too
 * E                             end */
static char *read_all(const char *text, size_t len, int array, int max_calls)
{
	char *path = write_tmp(text, len);
	cw_src src;
	cw_read_error err;
	cw_record rec;
	struct cw_jsonin *j;
	cw_buf out;
	int calls;

	cw_buf_init(&out);
	memset(&err, 0, sizeof err);
	if (io_src_open(&src, path, NULL, &err)) {
		printf("# cannot open %s: %s\n", path, err.msg);
		exit(1);
	}
	j = io_jsonin_new(&src, array);
	cw_record_init(&rec);
	for (calls = 0; calls < max_calls; calls++) {
		int rc;
		memset(&err, 0, sizeof err);
		rc = io_jsonin_next(j, &rec, &err);
		if (out.len)
			cw_buf_addch(&out, ' ');
		if (rc == CW_READ_RECORD) {
			cw_buf_printf(&out, "R%ld", rec.line);
			add_fields(&out, &rec);
		} else if (rc == CW_READ_REJECT) {
			cw_buf_printf(&out, "J%ld:%s:%s", err.line, err.field,
				      err.msg);
			add_fields(&out, &rec);
			if (err.code != CW_EXIT_DATA || err.line != rec.line)
				cw_buf_addstr(&out, "<bad code or line>");
		} else if (rc == CW_READ_FATAL) {
			cw_read_error first = err;
			cw_buf_printf(&out, "F%ld:%s:%s", err.line, err.field,
				      err.msg);
			if (err.code != CW_EXIT_DATA)
				cw_buf_addstr(&out, "<bad code>");
			memset(&err, 0, sizeof err);
			if (io_jsonin_next(j, &rec, &err) != CW_READ_FATAL ||
			    memcmp(&err, &first, sizeof err))
				cw_buf_addstr(&out, "<not repeated>");
			break;
		} else if (rc == CW_READ_END) {
			cw_buf_addstr(&out, "E");
			if (io_jsonin_next(j, &rec, &err) != CW_READ_END)
				cw_buf_addstr(&out, "<end not repeated>");
			break;
		} else {
			cw_buf_printf(&out, "?%d", rc);
			break;
		}
	}
	cw_record_release(&rec);
	io_jsonin_free(j);
	io_src_close(&src);
	unlink(path);
	free(path);
	return cw_buf_detach(&out, NULL);
}

static void reader_case(const char *text, int array, const char *want,
			const char *name)
{
	char *got = read_all(text, strlen(text), array, 100);
	is_str(got, want, "%s", name);
	free(got);
}

static void reader_case_n(const char *text, size_t len, int array,
			  const char *want, const char *name)
{
	char *got = read_all(text, len, array, 100);
	is_str(got, want, "%s", name);
	free(got);
}

/* A long stream whose escapes, multibyte characters and numbers fall
 * across the source's chunk boundaries at many different offsets. */
static void chunk_boundary_test(void)
{
	static const char unit_json[] = "ab\xE4\xB8\xAD\\u00e9\\ud83d\\ude00\\\\\\\"x";
	static const char unit_val[] = "ab\xE4\xB8\xAD\xC3\xA9\xF0\x9F\x98\x80\\\"x";
	cw_buf in, want;
	char *path;
	cw_src src;
	cw_read_error err;
	cw_record rec;
	struct cw_jsonin *j;
	int i, k, n = 3000, bad = 0, got = 0, rc;

	cw_buf_init(&in);
	cw_buf_init(&want);
	for (i = 0; i < n; i++) {
		cw_buf_printf(&in, "{\"id\":%d,\"n\":-12345678901234567890.125e-7,"
			      "\"t\":\"", i);
		for (k = 0; k < i % 37 + 1; k++)
			cw_buf_addstr(&in, unit_json);
		cw_buf_addstr(&in, "\",\"\xE5\x90\x8D\":true}\n");
	}
	path = write_tmp(in.s, in.len);
	memset(&err, 0, sizeof err);
	if (io_src_open(&src, path, NULL, &err))
		exit(1);
	j = io_jsonin_new(&src, 0);
	cw_record_init(&rec);
	while ((rc = io_jsonin_next(j, &rec, &err)) == CW_READ_RECORD) {
		const cw_field *t = cw_record_get(&rec, "t");
		const cw_field *id = cw_record_get(&rec, "id");
		const cw_field *num = cw_record_get(&rec, "n");
		const cw_field *name = cw_record_get(&rec, "\xE5\x90\x8D");
		char idbuf[32];

		cw_buf_reset(&want);
		for (k = 0; k < got % 37 + 1; k++)
			cw_buf_addstr(&want, unit_val);
		snprintf(idbuf, sizeof idbuf, "%d", got);
		if (rec.n != 4 || !t || !id || !num || !name ||
		    rec.line != got + 1 || t->type != CW_F_STRING ||
		    t->len != want.len || memcmp(t->value, want.s, want.len) ||
		    strcmp(id->value, idbuf) || id->type != CW_F_NUMBER ||
		    strcmp(num->value, "-12345678901234567890.125e-7") ||
		    name->type != CW_F_TRUE)
			bad++;
		got++;
	}
	ok(rc == CW_READ_END && got == n && !bad && in.len > 3 * CW_SRC_CHUNK,
	   "%d records over %zu bytes (%zu chunks) decoded intact", got,
	   in.len, in.len / CW_SRC_CHUNK + 1);
	if (rc != CW_READ_END)
		printf("#   rc %d at line %ld: %s\n", rc, err.line, err.msg);
	cw_record_release(&rec);
	io_jsonin_free(j);
	io_src_close(&src);
	unlink(path);
	free(path);
	cw_buf_release(&in);
	cw_buf_release(&want);
}

/* The 1 MiB field limit: exactly at it is kept, one byte over is a reject
 * that leaves the stream readable. */
static void long_field_test(void)
{
	cw_buf in;
	char *got;
	size_t i;
	const char *want = "R1{a:n:1} J2:big:field longer than 1 MiB{x:n:2} "
			   "R3{b:n:3} E";

	cw_buf_init(&in);
	cw_buf_addstr(&in, "{\"a\":1}\n{\"big\":\"");
	for (i = 0; i < (size_t)CW_MAX_FIELD + 1; i++)
		cw_buf_addch(&in, 'a' + (int)(i % 26));
	cw_buf_addstr(&in, "\",\"x\":2}\n{\"b\":3}\n");
	got = read_all(in.s, in.len, 0, 100);
	is_str(got, want, "a string of 1 MiB + 1 bytes is rejected, stream goes on");
	free(got);

	/* exactly the limit, written with escapes so the decoded length
	 * counts, not the encoded one */
	cw_buf_reset(&in);
	cw_buf_addstr(&in, "[{\"big\":\"");
	for (i = 0; i < (size_t)CW_MAX_FIELD / 2; i++)
		cw_buf_addstr(&in, "\\u00e9");
	cw_buf_addstr(&in, "\"}]");
	{
		char *path = write_tmp(in.s, in.len);
		cw_src src;
		cw_read_error err;
		cw_record rec;
		struct cw_jsonin *j;
		int rc, ok1;

		memset(&err, 0, sizeof err);
		if (io_src_open(&src, path, NULL, &err))
			exit(1);
		j = io_jsonin_new(&src, 1);
		cw_record_init(&rec);
		rc = io_jsonin_next(j, &rec, &err);
		ok1 = rc == CW_READ_RECORD && rec.n == 1 &&
		      rec.f[0].len == CW_MAX_FIELD &&
		      !memcmp(rec.f[0].value, "\xC3\xA9", 2);
		rc = io_jsonin_next(j, &rec, &err);
		ok(ok1 && rc == CW_READ_END,
		   "a string of exactly 1 MiB (decoded) is kept");
		cw_record_release(&rec);
		io_jsonin_free(j);
		io_src_close(&src);
		unlink(path);
		free(path);
	}

	/* a long number literal is held to the same limit */
	cw_buf_reset(&in);
	cw_buf_addstr(&in, "{\"n\":1");
	for (i = 0; i < (size_t)CW_MAX_FIELD; i++)
		cw_buf_addch(&in, '0');
	cw_buf_addstr(&in, "}\n{\"m\":2}\n");
	got = read_all(in.s, in.len, 0, 100);
	is_str(got, "J1:n:field longer than 1 MiB{} R2{m:n:2} E",
	       "a number literal over 1 MiB is rejected");
	free(got);
	cw_buf_release(&in);
}

static void columns_test(void)
{
	cw_buf in;
	char *got;
	int i;

	cw_buf_init(&in);
	cw_buf_addch(&in, '{');
	for (i = 0; i < CW_MAX_COLUMNS; i++)
		cw_buf_printf(&in, "%s\"k%d\":%d", i ? "," : "", i, i);
	cw_buf_addstr(&in, "}\n");
	got = read_all(in.s, in.len, 0, 100);
	ok(!strncmp(got, "R1{k0:n:0,", 10) && strstr(got, ",k999:n:999} E"),
	   "%d fields are accepted", CW_MAX_COLUMNS);
	free(got);

	in.len--;  /* drop the newline */
	in.s[in.len - 1] = ',';
	cw_buf_addstr(&in, "\"extra\":1}\n{\"z\":0}\n");
	got = read_all(in.s, in.len, 0, 100);
	ok(!strncmp(got, "J1:extra:more than 1000 fields{k0:n:0,", 38) &&
	   strstr(got, ",k999:n:999} R2{z:n:0} E"),
	   "%d fields are rejected", CW_MAX_COLUMNS + 1);
	free(got);

	/* duplicate detection with many keys (the hash path) */
	cw_buf_reset(&in);
	cw_buf_addch(&in, '{');
	for (i = 0; i < 500; i++)
		cw_buf_printf(&in, "\"k%d\":1,", i);
	cw_buf_addstr(&in, "\"k250\":2}\n");
	got = read_all(in.s, in.len, 0, 100);
	ok(!strncmp(got, "J1:k250:duplicate key{", 22) && strstr(got, "} E"),
	   "duplicate among 500 keys found");
	free(got);
	cw_buf_release(&in);
}

static void depth_tests(void)
{
	cw_buf in;
	char *got;
	int i;

	cw_buf_init(&in);
	for (i = 0; i < 100000; i++)
		cw_buf_addch(&in, '[');
	got = read_all(in.s, in.len, 0, 100);
	is_str(got, "F1::nesting deeper than 64", "JSONL: 100000 '[' is fatal");
	free(got);
	got = read_all(in.s, in.len, 1, 100);
	is_str(got, "F1::nesting deeper than 64", "array: 100000 '[' is fatal");
	free(got);

	cw_buf_reset(&in);
	cw_buf_addstr(&in, "{\"a\":1}\n{\"deep\":");
	for (i = 0; i < 100000; i++)
		cw_buf_addch(&in, '[');
	got = read_all(in.s, in.len, 0, 100);
	is_str(got, "R1{a:n:1} F2:deep:nesting deeper than 64",
	       "100000 '[' as a field value is fatal, field named");
	free(got);

	/* the object is level 1: 63 more levels are a (rejected) value */
	cw_buf_reset(&in);
	cw_buf_addstr(&in, "{\"d\":");
	for (i = 0; i < 63; i++)
		cw_buf_addch(&in, '[');
	for (i = 0; i < 63; i++)
		cw_buf_addch(&in, ']');
	cw_buf_addstr(&in, ",\"e\":1}");
	got = read_all(in.s, in.len, 0, 100);
	is_str(got, "J1:d:nested objects and arrays are not supported{e:n:1} E",
	       "64 levels of nesting are parsed (and rejected as nested)");
	free(got);
	cw_buf_reset(&in);
	cw_buf_addstr(&in, "{\"d\":");
	for (i = 0; i < 64; i++)
		cw_buf_addch(&in, '[');
	for (i = 0; i < 64; i++)
		cw_buf_addch(&in, ']');
	cw_buf_addstr(&in, "}");
	got = read_all(in.s, in.len, 0, 100);
	is_str(got, "F1:d:nesting deeper than 64", "65 levels are fatal");
	free(got);
	cw_buf_release(&in);
}

static void reader_tests(void)
{
	reader_case("{\"a\":1}\n{\"a\":2}\n\n{\"a\":3}\n", 0,
		    "R1{a:n:1} R2{a:n:2} R4{a:n:3} E",
		    "JSONL: records on lines 1, 2, 4");
	reader_case("{\"a\":1}\r\n{\"b\":\"x\"}\r\n", 0,
		    "R1{a:n:1} R2{b:s:x} E", "JSONL: CRLF line ends");
	reader_case("{\"a\":1}", 0, "R1{a:n:1} E", "JSONL: no final newline");
	reader_case("", 0, "E", "JSONL: empty input is no records");
	reader_case(" \n\n\t\n", 0, "E", "JSONL: white space only");
	reader_case("\xEF\xBB\xBF{\"a\":1}\n", 0, "R1{a:n:1} E",
		    "JSONL: BOM stripped by the source");
	reader_case("[\n{\"a\":\n\"x\",\n\"b\":true},\n\n  {\"c\":null}\n]\n", 1,
		    "R2{a:s:x,b:t:true} R6{c:z:} E",
		    "array: objects spanning lines");
	reader_case("[]", 1, "E", "array: empty array");
	reader_case(" [ ] \n", 1, "E", "array: empty array with white space");
	reader_case("", 1, "F1::empty input", "array: empty input is fatal");
	reader_case("{\"a\":1}", 1,
		    "F1::expected '[' at the start of a JSON array",
		    "array: an object where the array should be");
	reader_case("[1,\"s\",{\"a\":1},null,[2,{}],{\"b\":2}]", 1,
		    "J1::record is not a JSON object{} "
		    "J1::record is not a JSON object{} R1{a:n:1} "
		    "J1::record is not a JSON object{} "
		    "J1::record is not a JSON object{} R1{b:n:2} E",
		    "array: non-objects rejected, next records read");
	reader_case("[1,2]\n\"x\"\n{\"a\":1}\n", 0,
		    "J1::record is not a JSON object{} "
		    "J2::record is not a JSON object{} R3{a:n:1} E",
		    "JSONL: non-objects rejected, next record read");
	reader_case("{\"a\":1,\"a\":2,\"b\":3}\n{\"c\":4}\n", 0,
		    "J1:a:duplicate key{a:n:1,b:n:3} R2{c:n:4} E",
		    "duplicate key rejected, other fields kept");
	reader_case("{\"a\":\"x\\u0000y\",\"b\":\"z\"}\n{\"k\\u0000\":1}\n"
		    "{\"c\":\"\\u0001\"}\n", 0,
		    "J1:a:NUL character in text{b:s:z} "
		    "J2::NUL character in field name{} R3{c:s:\x01} E",
		    "\\u0000 in a value or a key rejected");
	reader_case("{\"id\":110105199001011234,\"x\":1.10105E+17,"
		    "\"z\":-0.0e-5,\"s\":\"110105199001011234\"}", 0,
		    "R1{id:n:110105199001011234,x:n:1.10105E+17,z:n:-0.0e-5,"
		    "s:s:110105199001011234} E",
		    "numbers kept as written, typed NUMBER");
	reader_case("{\"t\":true,\"f\":false,\"n\":null,\"e\":\"\",\"\":0}", 0,
		    "R1{t:t:true,f:f:false,n:z:,e:s:,:n:0} E",
		    "true, false, null, empty string, empty key");
	reader_case("{\"a\":{\"b\":[1,{\"c\":2}]},\"d\":1}\n{\"e\":[]}\n"
		    "{\"f\":2}\n", 0,
		    "J1:a:nested objects and arrays are not supported{d:n:1} "
		    "J2:e:nested objects and arrays are not supported{} "
		    "R3{f:n:2} E", "nested values rejected, stream goes on");
	reader_case("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u4e2d"
		    "\\ud83d\\ude00\"}", 0,
		    "R1{a:s:\"\\/\b\f\n\r\t\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80} E",
		    "escapes decoded");
	reader_case("{\"\xE5\xA7\x93\xE5\x90\x8D\":\"\xE5\xBC\xA0\xE4\xB8\x89\"}",
		    0, "R1{\xE5\xA7\x93\xE5\x90\x8D:s:\xE5\xBC\xA0\xE4\xB8\x89} E",
		    "Chinese keys and values");
	reader_case("{\"a\":1}\n{\"b\":\"x\xFF\"}\n{\"c\":1}\n", 0,
		    "R1{a:n:1} F2:b:invalid UTF-8", "invalid UTF-8 is fatal, line 2");
	reader_case("{\"a\":1}\n\n{\"b\":\"\xC0\xAF\"}\n", 0,
		    "R1{a:n:1} F3:b:invalid UTF-8", "overlong UTF-8 is fatal");
	reader_case("{\"a\":1}\n{\"b\":\"\xED\xA0\x80\"}\n", 0,
		    "R1{a:n:1} F2:b:invalid UTF-8",
		    "a surrogate encoded in UTF-8 is fatal");
	reader_case("{\"a\":1}\n{\"b\":2}\xE4\xB8", 0,
		    "R1{a:n:1} R2{b:n:2} F2::invalid UTF-8",
		    "a truncated sequence outside strings is fatal");
	reader_case("[{\"a\":1}\n,\n{\"b\":\"\xF4\x90\x80\x80\"}]", 1,
		    "R1{a:n:1} F3:b:invalid UTF-8", "array: past U+10FFFF is fatal");
	reader_case("[{\"a\":1}] x", 1,
		    "R1{a:n:1} F1::trailing data after the array",
		    "array: trailing garbage is fatal");
	reader_case("[{\"a\":1}]\n\n]\n", 1,
		    "R1{a:n:1} F3::trailing data after the array",
		    "array: second close bracket is fatal, line 3");
	reader_case("[{\"a\":1},\n{\"b\":2}\n", 1,
		    "R1{a:n:1} R2{b:n:2} F2::unterminated array",
		    "array: missing ']' is fatal");
	reader_case("[{\"a\":1},]", 1, "R1{a:n:1} F1::trailing comma in array",
		    "array: trailing comma is fatal");
	reader_case("[{\"a\":1} {\"b\":2}]", 1,
		    "R1{a:n:1} F1::expected ',' or ']' after an array element",
		    "array: missing comma is fatal");
	reader_case("{\"a\":1 \"b\":2}", 0,
		    "F1::expected ',' or '}' in object",
		    "missing comma in an object is fatal");
	reader_case("{\"a\":1,}", 0, "F1::trailing comma in object",
		    "trailing comma in an object is fatal");
	reader_case("{\"a\" 1}", 0, "F1::expected ':' after a key",
		    "missing colon is fatal");
	reader_case("{a:1}", 0, "F1::expected a string key",
		    "unquoted key is fatal");
	reader_case("{\"a\":01}", 0, "F1:a:leading zero in number",
		    "leading zero is fatal");
	reader_case("{\"a\":+1}", 0, "F1:a:invalid number", "'+1' is fatal");
	reader_case("{\"a\":tru}", 0, "F1:a:invalid literal",
		    "bad literal is fatal");
	reader_case("{\"a\":\"x\\q\"}", 0, "F1:a:invalid escape",
		    "invalid escape is fatal");
	reader_case("{\"a\":\"\\ud800x\"}", 0,
		    "F1:a:unpaired surrogate in \\u escape",
		    "lone high surrogate is fatal");
	reader_case("{\"a\":\"\\udc00\"}", 0,
		    "F1:a:unpaired surrogate in \\u escape",
		    "lone low surrogate is fatal");
	reader_case("{\"a\":\"x\ty\"}", 0,
		    "F1:a:unescaped control character in string",
		    "raw tab in a string is fatal");
	reader_case("{\"a\":1}\n{\"b\":\"abc\n", 0,
		    "R1{a:n:1} F2:b:unescaped line break in string",
		    "raw line break in a string is fatal");
	reader_case("{\"a\":1}\n{\"b\":\"abc", 0,
		    "R1{a:n:1} F2:b:unterminated string",
		    "EOF inside a string is fatal");
	reader_case("{\"a\":1}\n{\"b\":\n\n", 0,
		    "R1{a:n:1} F2:b:unexpected end of input",
		    "EOF before a value is fatal, at the line of the key");
	reader_case("{\"a\":1}{\"b\":2}\n", 0,
		    "R1{a:n:1} F1::trailing data after the value",
		    "JSONL: values not separated by white space is fatal");
	reader_case("{\"a\":1}\n}\n", 0,
		    "R1{a:n:1} F2::unexpected character",
		    "JSONL: stray close brace is fatal");
	reader_case_n("{\"a\":1}\n\0", 9, 0,
		      "R1{a:n:1} F2::unexpected NUL byte",
		      "JSONL: NUL byte outside strings is fatal");
	reader_case("{\"a\":1}\n\xFF", 0, "R1{a:n:1} F2::invalid UTF-8",
		    "JSONL: invalid UTF-8 between records is fatal");

	long_field_test();
	columns_test();
	depth_tests();
	chunk_boundary_test();
}

/* ---- the quoter ------------------------------------------------------------- */

static void quote_case(const char *s, size_t n, const char *want,
		       const char *name)
{
	cw_buf b;
	const char *why;
	long line;

	cw_buf_init(&b);
	cw_buf_addstr(&b, "x");
	cw_json_quote(&b, s, n);
	is_str(b.s + 1, want, "%s", name);
	ok(b.s[0] == 'x' && !cw_json_validate(b.s + 1, b.len - 1, 1, &why, &line),
	   "quoted form is valid JSON (%s)", name);
	cw_buf_release(&b);
}

static void quote_tests(void)
{
	quote_case("", 0, "\"\"", "empty string");
	quote_case("plain text", 10, "\"plain text\"", "plain ASCII");
	quote_case("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"", "quote and backslash");
	quote_case("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"", "short escapes");
	quote_case("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"",
		   "other controls and DEL");
	quote_case("a\0b", 3, "\"a\\u0000b\"", "NUL byte");
	quote_case("\xE5\xBC\xA0\xE4\xB8\x89 \xE7\xA4\xBE\xE5\xB7\xA5\n", 14,
		   "\"\xE5\xBC\xA0\xE4\xB8\x89 \xE7\xA4\xBE\xE5\xB7\xA5\\n\"",
		   "Chinese text passes raw");
	quote_case("\xF0\x9F\x98\x80\xE2\x80\xA8", 7,
		   "\"\xF0\x9F\x98\x80\xE2\x80\xA8\"", "emoji and U+2028 raw");
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1]
		: "../shared/conformance/JSONTestSuite/test_parsing";

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	conformance(dir);
	validator_tests();
	reader_tests();
	quote_tests();
	rmdir(tmpdir);
	return tap_done();
}
