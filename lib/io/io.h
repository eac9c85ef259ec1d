/*
 * io/io.h - the private header of io/: the internals shared by the record
 * readers (src.c, csv.c, json.c, reader.c) and the workbook writer
 * (xlsxout.c, xlsxlib.c). Not installed. Ownership as in casework.h.
 */
#ifndef CW_IO_H
#define CW_IO_H

#include <iconv.h>
#include <sys/types.h>
#include "casework.h"

#define CW_SRC_CHUNK 65536

/* A buffered byte source: a file or standard input, converted to UTF-8
 * with iconv when an encoding is named. Consumers read buf[pos..len),
 * advance pos themselves, and call io_src_fill when pos == len. Lines are
 * counted by the consumers, which see every byte. */
typedef struct cw_src {
	FILE *fp;               /* the open file; stdin is not closed */
	const char *name;       /* name for messages, "-" for stdin (not owned) */
	unsigned char *buf;     /* decoded bytes, owned, CW_SRC_CHUNK * 4 */
	size_t pos;             /* next byte to consume */
	size_t len;             /* bytes valid in buf */
	iconv_t cd;             /* converter, (iconv_t)-1 when input is UTF-8 */
	unsigned char *raw;     /* undecoded bytes when converting, owned */
	size_t raw_len;         /* bytes pending in raw */
	long lines_out;         /* newlines produced so far (for iconv errors) */
	int eof;                /* the file is exhausted */
	int started;            /* the BOM check has been done */
	int charset_seen;       /* converting: a chunk with a byte past ASCII
				 * was read and is not UTF-8 already */
} cw_src;

/* Opens path ("-" or NULL for stdin). encoding NULL or a UTF-8 spelling
 * means no conversion. Returns 0, or fills err and returns its code. */
int io_src_open(cw_src *s, const char *path, const char *encoding,
		cw_read_error *err);
/* The same for a file open already: fp, owned from now on (closed even
 * when this fails) unless it is stdin; name for messages, not owned. */
int io_src_attach(cw_src *s, FILE *fp, const char *name,
		  const char *encoding, cw_read_error *err);
/* Makes more bytes available when pos == len. Returns 1 when bytes are
 * available, 0 at end of input, -1 on a read or conversion error (err
 * filled, with the line of the offending input when conversion failed). */
int io_src_fill(cw_src *s, cw_read_error *err);
void io_src_close(cw_src *s);

/* CSV records (csv.c): the first record is the header. */
struct cw_csvin;
struct cw_csvin *io_csvin_new(cw_src *src);
/* The columns the records may have (see cw_reader_expect); NULL: any. */
void io_csvin_expect(struct cw_csvin *c, const cw_names *names);
/* Returns a cw_read_result; fills rec (field names from the header) or err. */
int io_csvin_next(struct cw_csvin *c, cw_record *rec, cw_read_error *err);
/* The header (NULL until it has been read). */
const char *const *io_csvin_columns(const struct cw_csvin *c, size_t *n);
void io_csvin_free(struct cw_csvin *c);

/* JSON records (json.c): a sequence of objects (JSON Lines) or, with
 * array set, one array of objects. */
struct cw_jsonin;
struct cw_jsonin *io_jsonin_new(cw_src *src, int array);
int io_jsonin_next(struct cw_jsonin *j, cw_record *rec, cw_read_error *err);
void io_jsonin_free(struct cw_jsonin *j);

/* Fills err: line, field (NULL for none), code, message (printf). */
void io_read_error_set(cw_read_error *err, long line, const char *field,
		       int code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* ---- the workbook writer (xlsxout.c) and libxlsxwriter (xlsxlib.c) ----
 *
 * libxlsxwriter is loaded on first use, as libpq is (store/pg/pg.h): it
 * brings OpenSSL 3's libcrypto, whose loading would slow every command,
 * though few ever write a workbook. Its names, used as in its manual,
 * are the members of one table filled by dlsym. */
#include <xlsxwriter.h>

#define XLSX_API(X) \
	X(workbook_new_opt) X(workbook_add_worksheet) X(workbook_add_format) \
	X(workbook_close) X(worksheet_write_string) X(worksheet_write_number) \
	X(worksheet_write_datetime) X(worksheet_set_column) \
	X(worksheet_freeze_panes) X(format_set_bold) X(format_set_num_format) \
	X(lxw_strerror)
#define XLSX_API_MEMBER(f) __typeof__(f) *f;
struct xlsx_api {
	XLSX_API(XLSX_API_MEMBER)
};
extern struct xlsx_api xlsx_api;

#define workbook_new_opt (xlsx_api.workbook_new_opt)
#define workbook_add_worksheet (xlsx_api.workbook_add_worksheet)
#define workbook_add_format (xlsx_api.workbook_add_format)
#define workbook_close (xlsx_api.workbook_close)
#define worksheet_write_string (xlsx_api.worksheet_write_string)
#define worksheet_write_number (xlsx_api.worksheet_write_number)
#define worksheet_write_datetime (xlsx_api.worksheet_write_datetime)
#define worksheet_set_column (xlsx_api.worksheet_set_column)
#define worksheet_freeze_panes (xlsx_api.worksheet_freeze_panes)
#define format_set_bold (xlsx_api.format_set_bold)
#define format_set_num_format (xlsx_api.format_set_num_format)
#define lxw_strerror (xlsx_api.lxw_strerror)

/* Loads libxlsxwriter once. Returns 0, or CW_EXIT_IO after saying which
 * package is missing. */
int xlsx_load(void);

/* The most records a sheet holds under its header row. */
#define XLSX_MAX_RECORDS 1048575
/* The most characters a cell holds (Excel's limit, in UTF-16 units). */
#define XLSX_MAX_CELL 32767

/* A workbook of one sheet being written: rows go to a temporary file of
 * libxlsxwriter's, and the finished workbook to dest. */
struct xlsx_out;
/* Starts a workbook for these columns; NULL after a message when the
 * library or the temporary file cannot be had. */
struct xlsx_out *xlsx_out_new(FILE *dest, const cw_col *cols, size_t ncols);
/* A line of text above the header (a report's title, its period): only
 * before the first row. */
void xlsx_out_note(struct xlsx_out *x, const char *text);
/* One record. Returns 0, or -1 when the workbook cannot take it (too
 * many records, a value too long for a cell): said now, and then the
 * workbook is refused: nothing more is written. */
int xlsx_out_row(struct xlsx_out *x, const char *const *vals);
/* Finishes the workbook and copies it to dest. Returns 0; CW_EXIT_USAGE
 * when it was refused (dest untouched);
 * CW_EXIT_IO with *err set when writing failed. */
int xlsx_out_finish(struct xlsx_out *x, int *err);
/* Frees it, removing the temporary file. */
void xlsx_out_free(struct xlsx_out *x);

#endif
