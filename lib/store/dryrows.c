/* store/dryrows.c - the rows a dry run would have stored, kept out of memory. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/store.h"

int store_dryrows_init(store_dryrows *d, cw_db *db, const char *table, size_t ncols)
{
	memset(d, 0, sizeof *d);
	d->ncols = ncols;
	cw_buf_init(&d->buf);
	return (d->base = store_next_id(db, table)) < 0 ? CW_EXIT_DB : 0;
}

int store_dryrows_ready(store_dryrows *d, cw_db *db, const char *table, size_t ncols)
{
	return d->ncols ? 0 : store_dryrows_init(d, db, table, ncols);
}

void store_dryrows_release(store_dryrows *d)
{
	if (d->f)
		fclose(d->f);
	free(d->block);
	core_map_release(&d->later);
	cw_buf_release(&d->buf);
	memset(d, 0, sizeof *d);
}

static int fail_io(store_dryrows *d, const char *what)
{
	cw_error("cannot %s a temporary file: %s", what, strerror(errno));
	d->failed = 1;
	return CW_EXIT_IO;
}

/* Writes the rows waiting in buf to the file. */
static int drain(store_dryrows *d)
{
	size_t done = 0;
	while (done < d->buf.len) {
		ssize_t w = write(fileno(d->f), d->buf.s + done, d->buf.len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return fail_io(d, "write");
		done += (size_t)w;
	}
	d->written += done;
	cw_buf_reset(&d->buf);
	return 0;
}

/* Appends v as one row (its length, then each value given: its column
 * in a byte, its length, its bytes): its offset in *off. Rows wait in
 * buf and are written in large blocks. */
static int put(store_dryrows *d, const char *const *v, uint64_t *off)
{
	uint32_t len;
	size_t i, start;
	unsigned char col;

	if (d->failed)
		return CW_EXIT_IO;
	if (!d->f) {
		/* Anonymous (unlinked) and its owner's alone: the rows hold
		 * the records' personal data. */
		if (!(d->f = tmpfile()) || fchmod(fileno(d->f), S_IRUSR | S_IWUSR))
			return fail_io(d, "create");
	}
	start = d->buf.len;
	*off = d->written + start;
	cw_buf_add(&d->buf, "\0\0\0\0", 4);
	for (i = 0; i < d->ncols; i++)
		if (v[i]) {
			len = (uint32_t)strlen(v[i]);
			col = (unsigned char)i;
			cw_buf_add(&d->buf, &col, 1);
			cw_buf_add(&d->buf, &len, 4);
			cw_buf_add(&d->buf, v[i], len);
		}
	len = (uint32_t)(d->buf.len - start);
	memcpy(d->buf.s + start, &len, 4);
	d->end = d->written + d->buf.len;
	return d->buf.len >= (1u << 18) ? drain(d) : 0;
}

int store_dryrows_add(store_dryrows *d, const char *const *v, int64_t *id)
{
	uint64_t off;
	int rc;

	if (d->n % DRYROWS_BLOCK == 0) {
		size_t nb = d->n / DRYROWS_BLOCK;
		d->block = cw_xrealloc(d->block, (nb + 1) * sizeof *d->block);
		d->block[nb] = d->end;
	}
	if ((rc = put(d, v, &off)) != 0)
		return rc;
	*id = d->base + (int64_t)d->n++;
	return 0;
}

int store_dryrows_set(store_dryrows *d, int64_t id, const char *const *v)
{
	uint64_t off;
	int rc;

	if ((rc = put(d, v, &off)) != 0)
		return rc;
	/* ids are >= 1: never the map's free key */
	*core_map_put(&d->later, (uint64_t)id, NULL) = off;
	return 0;
}

static int read_at(store_dryrows *d, uint64_t off, void *p, size_t n)
{
	ssize_t got = pread(fileno(d->f), p, n, (off_t)off);
	if (got < 0)
		return fail_io(d, "read");
	if ((size_t)got != n) {
		errno = EIO;
		return fail_io(d, "read");
	}
	return 0;
}

int store_dryrows_get(store_dryrows *d, int64_t id, char **out)
{
	uint64_t off;
	uint32_t len, flen;
	size_t i, pos, k = 0;
	const uint64_t *later = id > 0 ? core_map_get(&d->later, (uint64_t)id) : NULL;
	char *p;
	int rc;

	if (later) {
		off = *later;
	} else if (id >= d->base && id - d->base < (int64_t)d->n) {
		k = (size_t)(id - d->base);
		off = d->block[k / DRYROWS_BLOCK];
		k %= DRYROWS_BLOCK;
	} else {
		return 0;
	}
	if (d->buf.len && (rc = drain(d)) != 0)
		return -rc;
	/* Rows follow one another from the block's first. */
	for (; k > 0; k--) {
		if ((rc = read_at(d, off, &len, 4)) != 0)
			return -rc;
		off += len;
	}
	if ((rc = read_at(d, off, &len, 4)) != 0)
		return -rc;
	p = cw_xmalloc(len);
	if ((rc = read_at(d, off, p, len)) != 0) {
		free(p);
		return -rc;
	}
	for (i = 0; i < d->ncols; i++)
		out[i] = NULL;
	for (pos = 4; pos + 5 <= len; pos += flen) {
		i = (unsigned char)p[pos];
		memcpy(&flen, p + pos + 1, 4);
		pos += 5;
		if (i < d->ncols && pos + flen <= len && !out[i])
			out[i] = cw_xstrndup(p + pos, flen);
	}
	free(p);
	return 1;
}
