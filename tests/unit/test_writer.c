/* test_writer.c - the record writer's formats, byte for byte. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "casework.h"
#include "tap.h"

static const cw_col cols[] = {{"id", 0}, {"name", 0}, {"n", 1}};

static char *render(enum cw_format fmt, const char *const rows[][3], int nrows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cw_writer *w = cw_writer_new(f, fmt, cols, 3);
	int i;
	for (i = 0; i < nrows; i++)
		cw_writer_row(w, rows[i]);
	cw_writer_finish(w);
	cw_writer_free(w);
	fclose(f);
	return buf;
}

int main(void)
{
	static const char *const rows[][3] = {
		{"CL-1", "张三", "3"},
		{"CL-2", "a,\"b\"\nc", NULL},
		{"CL-3", " x ", "10"},
	};
	char *s;
	cw_buf b;
	enum cw_format f;

	s = render(CW_FMT_JSONL, rows, 3);
	is_str(s, "{\"id\":\"CL-1\",\"name\":\"张三\",\"n\":3}\n"
		  "{\"id\":\"CL-2\",\"name\":\"a,\\\"b\\\"\\nc\",\"n\":null}\n"
		  "{\"id\":\"CL-3\",\"name\":\" x \",\"n\":10}\n", "jsonl");
	free(s);
	s = render(CW_FMT_JSON, rows, 2);
	is_str(s, "[\n{\"id\":\"CL-1\",\"name\":\"张三\",\"n\":3},\n"
		  "{\"id\":\"CL-2\",\"name\":\"a,\\\"b\\\"\\nc\",\"n\":null}\n]\n", "json array");
	free(s);
	s = render(CW_FMT_CSV, rows, 3);
	is_str(s, "id,name,n\nCL-1,张三,3\nCL-2,\"a,\"\"b\"\"\nc\",\nCL-3,\" x \",10\n",
	       "csv quotes only when needed, and spaces at either end");
	free(s);
	s = render(CW_FMT_TABLE, rows, 3);
	is_str(s, "id    name      n\nCL-1  张三      3\nCL-2  a,\"b\" c\nCL-3   x       10\n",
	       "table: widths by display columns, numbers right-aligned");
	free(s);
	s = render(CW_FMT_JSONL, rows, 0);
	is_str(s, "", "empty jsonl prints nothing");
	free(s);
	s = render(CW_FMT_JSON, rows, 0);
	is_str(s, "[]\n", "empty json prints []");
	free(s);
	s = render(CW_FMT_CSV, rows, 0);
	is_str(s, "id,name,n\n", "empty csv prints the header");
	free(s);
	s = render(CW_FMT_TABLE, rows, 0);
	is_str(s, "", "empty table prints nothing");
	free(s);

	ok(cw_format_parse("jsonl", &f) == 0 && f == CW_FMT_JSONL, "parse jsonl");
	ok(cw_format_parse("JSON", &f) == -1, "format names are lowercase");
	ok(cw_format_parse("xml", &f) == -1, "unknown format");

	cw_buf_init(&b);
	cw_json_quote(&b, "\x01\x7f\t/é", 6);
	is_str(b.s, "\"\\u0001\\u007f\\t/é\"", "JSON strings escape control characters");
	cw_buf_release(&b);
	return tap_done();
}
