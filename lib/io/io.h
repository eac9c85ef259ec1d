/*
 * io/io.h - the private header of io/: the internals shared by the record
 * readers (src.c, csv.c, json.c, reader.c, and for workbooks zip.c,
 * xlsxval.c, xlsxpart.c, xlsxin.c) and the workbook writer (xlsxout.c,
 * xlsxlib.c), and a record's JSON line as the writer makes it, for a
 * batch (writer.c, store/batch.c). Not installed. Ownership as in
 * casework.h.
 */
#ifndef CW_IO_H
#define CW_IO_H

#include <expat.h>
#include <iconv.h>
#include <stdint.h>
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
/* The first bytes of the input as they are in the file, before any
 * conversion, for detection: up to n (at most 4) bytes, fewer when the
 * input is shorter; *len is set. They are read again by io_src_fill.
 * NULL on a read error (err filled). */
const unsigned char *io_src_peek(cw_src *s, size_t n, size_t *len,
				 cw_read_error *err);

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
/* Checks a header of n names read at line (csv.c, for CSV and
 * workbooks): with expect, one name at least must be a known column
 * (else it is a first record, and its names are not quoted); the names
 * must be non-empty and distinct. Returns 0, or -1 with err filled. */
int io_header_check(char *const *cols, size_t n, const cw_names *expect,
		    long line, cw_read_error *err);

/* JSON records (json.c): a sequence of objects (JSON Lines) or, with
 * array set, one array of objects. */
struct cw_jsonin;
struct cw_jsonin *io_jsonin_new(cw_src *src, int array);
int io_jsonin_next(struct cw_jsonin *j, cw_record *rec, cw_read_error *err);
void io_jsonin_free(struct cw_jsonin *j);

/* ---- workbooks (.xlsx) ---- */

/* Refuses an encoding for an input that is a workbook by its first
 * bytes, read without taking them (path "-": standard input; only a
 * regular file is looked at, a pipe is refused once read), before any
 * output: prints why and returns CW_EXIT_USAGE, else 0 (reader.c). */
int io_check_encoding(const char *path, enum cw_format format,
		      const char *encoding);

/* Pulls the next bytes of a part: up to n into buf. Returns the count, 0
 * at the part's end, or -1 with err filled. */
typedef long io_read_fn(void *ctx, void *buf, size_t n, cw_read_error *err);

/* A part held in memory, read by io_mem_read (xlsxpart.c). */
struct io_mem {
	const char *p;     /* the bytes not yet read, not owned */
	size_t n;          /* how many */
};
io_read_fn io_mem_read;   /* ctx: a struct io_mem */

/* zip.c: the archive, through libzip loaded on first use. One part is
 * read at a time. */
struct io_zip;
/* Opens the archive in fd, a seekable file: fd is owned from now on
 * (closed even when this fails). Returns 0, or -1 with err filled
 * (CW_EXIT_IO: libzip is missing, naming its package). */
int io_zip_open(struct io_zip **out, int fd, cw_read_error *err);
/* Starts reading the part name (case-insensitive; not copied, outlives
 * the reading), which may give at most cap bytes uncompressed. Returns 1,
 * 0 when the archive has no such part, -1 with err filled (encrypted,
 * too large, unreadable). */
int io_zip_part(struct io_zip *z, const char *name, uint64_t cap,
		cw_read_error *err);
io_read_fn io_zip_read;   /* ctx: the struct io_zip; the part started */
void io_zip_close(struct io_zip *z);

/* xlsxval.c: cell values as text. */
/* Decodes the _xHHHH_ escapes of s[0..n) in place (a surrogate pair of
 * them as one character, a lone surrogate left as written), NUL-ends it
 * and returns its new length. */
size_t io_xlsx_unescape(char *s, size_t n);
/* What the built-in number format id shows: a date (or a date and
 * time), a time alone, or 0 for neither. */
#define IO_XLSX_DATE 1
#define IO_XLSX_TIME 2
int io_xlsx_date_id(long id);
/* The same of a custom number format code, by its first section outside
 * quotes, brackets and escapes: a y or d, or an m without h or s, shows a
 * date; h or s (or [h]) without them a time alone. */
int io_xlsx_date_code(const char *code);
/* Parses a number cell's v into *d and writes the shortest decimal that
 * is the same double into out (E-notation for large and small ones).
 * Returns 0, or -1 when v is no finite number. */
int io_xlsx_number(const char *v, double *d, char out[32]);
/* Writes the date serial as YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS with a time
 * of day, HH:MM:SS below 1 (a time alone) in the 1900 system, whose day 0
 * is no day, or when time (a format of a time alone); in the 1900 system,
 * or the 1904 one when date1904. Returns NULL, or a static reason to
 * refuse it (1900-02-29, out of the years). */
const char *io_xlsx_date(double serial, int date1904, int time, char out[32]);

/* xlsxpart.c: the package's small parts, each parsed whole with expat. */
struct io_xlsx_book {
	char *sheet_id;          /* the first sheet's relationship id, owned */
	char *sheet_part;        /* its part's name in the archive, owned */
	char *sheet_name;        /* its name, owned */
	int sheet_hidden;        /* its state is hidden or veryHidden */
	size_t nsheets;          /* the sheets of the workbook */
	char *sst_part;          /* the shared strings' part, or NULL when the
				    relationships name none; owned */
	char *styles_part;       /* the styles' part, the same */
	int date1904;            /* the workbook counts days from 1904 */
	unsigned char *date_xf;  /* per cell format (s): IO_XLSX_DATE, _TIME or
				    0 (io_xlsx_date_id), owned */
	size_t nxf;              /* entries in date_xf */
	cw_buf sst;              /* the shared strings, each NUL-ended */
	uint32_t *sst_off;       /* where each starts in sst.s, owned */
	size_t nsst;             /* how many there are */
};
#define IO_XLSX_PART_CAP ((uint64_t)16 << 20)   /* workbook, rels, styles */
#define IO_XLSX_SST_CAP  ((uint64_t)512 << 20)  /* the shared strings */
/* Each reads its part (named part in messages) from rd and fills what it
 * says into b; 0, or -1 with err filled (malformed XML, a limit, a hidden
 * first sheet). */
int io_xlsx_workbook(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		     const char *part, cw_read_error *err);
/* The relationships of the workbook: the first sheet's part, and those
 * of the shared strings and styles (found by relationship type). */
int io_xlsx_rels(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		 const char *part, cw_read_error *err);
int io_xlsx_styles(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		   const char *part, cw_read_error *err);
int io_xlsx_strings(struct io_xlsx_book *b, io_read_fn *rd, void *ctx,
		    const char *part, cw_read_error *err);
void io_xlsx_book_release(struct io_xlsx_book *b);

/* A parse of one part with expat, whose callbacks can stop it with an
 * error (xlsxpart.c). */
struct io_xml {
	XML_Parser p;            /* owned */
	const char *part;        /* the part's name, for messages */
	cw_read_error *err;      /* where errors go */
	int failed;              /* a callback stopped it, err filled */
};
/* Creates the parser, with data as its callbacks' user data: a struct
 * that begins with x. A DOCTYPE (no part has one) stops it. */
void io_xml_init(struct io_xml *x, const char *part, cw_read_error *err,
		 void *data);
/* Stops the parse from a callback with an error on the part. */
void io_xml_stop(struct io_xml *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Fills err for a parse that returned XML_STATUS_ERROR: the callback's
 * error, or malformed XML with its line. Returns -1. */
int io_xml_error(struct io_xml *x);
/* The name without its namespace prefix ("x:c" is "c"). */
const char *io_xml_local(const char *name);
/* The value of the attribute of that local name, or NULL. */
const char *io_xml_attr(const char **atts, const char *local);

/* xlsxin.c: the records of a workbook's first sheet, whose first row
 * that is not empty is the header. */
struct cw_xlsxin;
/* A reader of the workbook in src (its fp, which it reads from the
 * start; src not owned, outliving the reader). The package is opened at
 * the first io_xlsxin_next. */
struct cw_xlsxin *io_xlsxin_new(cw_src *src);
/* A reader of parts in memory, without an archive (for the fuzz target):
 * shared strings (NULL for none), styles (NULL for none) and the sheet;
 * not copied, outliving the reader. */
struct cw_xlsxin *io_xlsxin_mem(const char *sst, size_t sstlen,
				const char *styles, size_t styleslen,
				const char *sheet, size_t sheetlen);
void io_xlsxin_expect(struct cw_xlsxin *x, const cw_names *names);
/* As io_csvin_next; rec->line and err->line are the sheet's row. */
int io_xlsxin_next(struct cw_xlsxin *x, cw_record *rec, cw_read_error *err);
const char *const *io_xlsxin_columns(const struct cw_xlsxin *x, size_t *n);
void io_xlsxin_free(struct cw_xlsxin *x);

/* Fills err: line, field (NULL for none), code, message (printf). */
void io_read_error_set(cw_read_error *err, long line, const char *field,
		       int code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* (outpath.c) A temporary file of personal data, not yet renamed or
 * removed: an interrupt (Ctrl-C, a kill, a hang-up) removes it before the
 * command dies. path is not copied and must stay valid until
 * io_pending_drop; at most 8 at once. */
void io_pending_add(char *path);
void io_pending_drop(const char *path);

/* ---- the writer (writer.c) ------------------------------------------------ */

/* Appends the JSON object of the row vals of w's columns to b, as
 * cw_json_record gives it (with the keys w quoted once, when it writes
 * JSON). */
void io_writer_json(const cw_writer *w, cw_buf *b, const char *const *vals);
/* cw_writer_row for the row vals whose JSON object is json (len bytes,
 * as io_writer_json gives it): JSON Lines output writes it as it is. */
void io_writer_row_json(cw_writer *w, const char *const *vals,
			const char *json, size_t len);

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

/* outpath.c: the temporary file of f, which another writer than f's
 * stream may fill (a database copied into it) before cw_outfile_commit
 * syncs it and renames it into place. */
const char *io_outfile_tmp(const cw_outfile *f);

#endif
