/* test_writer.c - the record writer's formats, byte for byte. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
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

/* CSV for Excel: BOM, CRLF; what a spreadsheet would convert as ="...";
 * formula-like text after a '; numbers in a numeric column as they are. */
static void test_excel(void)
{
	static const char *const rows[][3] = {
		{"310115194803120024", "张三", "3"},
		{"007", "=1+1", "-3"},
		{"2026-03-01", "+86 138", "x"},
		{"02158881234", "@SUM(A1)", NULL},
		{"Mar 5", "TRUE", "1.5"},
		{".5", "\tx", "007"},
		{"CA-1", "May Li", "1e3"},
	};
	char *s = render(CW_FMT_EXCEL, rows, 7);
	char long_digits[300];
	cw_buf b;

	is_str(s, "\xEF\xBB\xBFid,name,n\r\n"
		  "\"=\"\"310115194803120024\"\"\",张三,3\r\n"
		  "\"=\"\"007\"\"\",'=1+1,-3\r\n"
		  "\"=\"\"2026-03-01\"\"\",'+86 138,x\r\n"
		  "\"=\"\"02158881234\"\"\",'@SUM(A1),\r\n"
		  "\"=\"\"Mar 5\"\"\",\"=\"\"TRUE\"\"\",1.5\r\n"
		  "\"=\"\".5\"\"\",'\tx,\"=\"\"007\"\"\"\r\n"
		  "CA-1,May Li,1e3\r\n",
	       "excel: BOM, CRLF, =\"...\" for what converts, ' before formulas, numbers bare");
	free(s);
	s = render(CW_FMT_EXCEL, rows, 0);
	is_str(s, "\xEF\xBB\xBFid,name,n\r\n", "empty excel: BOM and the header");
	free(s);
	memset(long_digits, '1', 256);
	long_digits[256] = '\0';
	cw_buf_init(&b);
	cw_excel_field(&b, long_digits, 0);
	ok(b.len == 256 && b.s[0] == '1', "excel: 256 digits are too long for =\"...\": as they are");
	cw_buf_reset(&b);
	cw_excel_field(&b, "1\n2", 0);
	is_str(b.s, "\"1\n2\"", "excel: a line break cannot go in =\"...\"");
	cw_buf_release(&b);
	ok(!cw_excel_converts("张三") && !cw_excel_converts("CA-12") &&
	   !cw_excel_converts("Marching 5x") && cw_excel_converts("march-2026") &&
	   cw_excel_converts("\xC2\xA5" "100") && cw_excel_converts("(12)") &&
	   cw_excel_converts("  12") && cw_excel_converts("\xC2\xA0" "123") &&
	   cw_excel_converts("\xE3\x80\x80" "1"), "excel: what a spreadsheet converts");
}

/* The workbook: a zip, refused past a sheet's rows or a cell's length,
 * with nothing written then. */
static void test_xlsx(void)
{
	static const cw_col one[] = {{"v", 0}};
	const char *vals[1] = {NULL};
	char *buf = NULL, *big;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);
	cw_writer *w = cw_writer_new(f, CW_FMT_XLSX, one, 1);
	int rc;

	cw_writer_note(w, "标题");
	vals[0] = "x";
	cw_writer_row(w, vals);
	rc = cw_writer_finish(w);
	cw_writer_free(w);
	fclose(f);
	ok(rc == 0 && len > 100 && !memcmp(buf, "PK\x03\x04", 4), "xlsx: a zip archive");
	free(buf);

	/* 1,048,575 records fit under the header; one more does not. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	w = cw_writer_new(f, CW_FMT_XLSX, one, 1);
	vals[0] = NULL;
	for (i = 0; i < 1048576; i++)
		cw_writer_row(w, vals);
	ok(cw_writer_rows(w) == 1048575, "xlsx: rows stop at 1,048,575");
	rc = cw_writer_finish(w);
	fflush(f);
	ok(rc == CW_EXIT_USAGE && len == 0, "xlsx: 1,048,576 records refused (exit 2), nothing written (rc %d, %zu bytes)", rc, len);
	ok(cw_writer_failed(w, 0) == CW_EXIT_USAGE, "xlsx: the refusal's exit code");
	cw_writer_free(w);
	fclose(f);
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	w = cw_writer_new(f, CW_FMT_XLSX, one, 1);
	big = malloc(32769);
	memset(big, 'a', 32768);
	big[32768] = '\0';
	vals[0] = big;
	cw_writer_row(w, vals);
	rc = cw_writer_finish(w);
	ok(rc == CW_EXIT_USAGE && len == 0, "xlsx: a value past 32,767 characters refused, nothing written");
	cw_writer_free(w);
	fclose(f);
	free(buf);
	free(big);
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

	test_excel();
	test_xlsx();

	ok(cw_format_parse("jsonl", &f) == 0 && f == CW_FMT_JSONL, "parse jsonl");
	ok(cw_format_parse("xlsx", &f) == 0 && f == CW_FMT_XLSX, "parse xlsx");
	ok(cw_format_parse("excel", &f) == -1, "the Excel CSV is --excel, not a name");
	ok(cw_format_parse("JSON", &f) == -1, "format names are lowercase");
	ok(cw_format_parse("xml", &f) == -1, "unknown format");

	cw_buf_init(&b);
	cw_json_quote(&b, "\x01\x7f\t/é", 6);
	is_str(b.s, "\"\\u0001\\u007f\\t/é\"", "JSON strings escape control characters");
	cw_buf_release(&b);
	return tap_done();
}
