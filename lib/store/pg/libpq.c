/* store/pg/libpq.c - libpq, loaded on first use (store/pg/pg.h says why). */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include "store/pg/pg.h"

/* The table is filled from the library, whose names pg.h has made the
 * table's members: here they are the library's again. */
#undef PQconnectdbParams
#undef PQstatus
#undef PQerrorMessage
#undef PQfinish
#undef PQexec
#undef PQexecParams
#undef PQprepare
#undef PQexecPrepared
#undef PQdescribePrepared
#undef PQresultStatus
#undef PQresultErrorField
#undef PQclear
#undef PQntuples
#undef PQnfields
#undef PQfname
#undef PQftype
#undef PQgetvalue
#undef PQgetisnull
#undef PQcmdTuples
#undef PQtransactionStatus
#undef PQputCopyData
#undef PQputCopyEnd
#undef PQgetResult
#undef PQsendQueryParams
#undef PQsendQueryPrepared
#undef PQsetSingleRowMode

struct pg_api pg_api;

int pg_load(void)
{
	static void *lib;
	static int failed;
	const char *missing = NULL;

	if (lib)
		return 0;
	if (failed)
		return CW_EXIT_DB;
	/* libpq5's soname, which Debian's package provides (libpq-dev links
	 * the build; the commands need only libpq5) */
	if (!(lib = dlopen("libpq.so.5", RTLD_LAZY | RTLD_LOCAL))) {
		failed = 1;
		cw_error("PostgreSQL needs libpq (Debian: apt-get install libpq5): %s",
			 dlerror());
		return CW_EXIT_DB;
	}
#define PG_API_LOAD(f) \
	if (!missing && !(*(void **)&pg_api.f = dlsym(lib, #f))) \
		missing = #f;
	PG_API(PG_API_LOAD)
	if (missing) {
		cw_error("the libpq found lacks %s: PostgreSQL needs libpq 10 or later",
			 missing);
		dlclose(lib);
		lib = NULL;
		failed = 1;
		return CW_EXIT_DB;
	}
	return 0;
}
