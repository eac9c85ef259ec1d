/* io/xlsxlib.c - libxlsxwriter, loaded on first use (io/io.h says why). */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include "io/io.h"

/* The table is filled from the library, whose names io.h has made
 * the table's members: here they are the library's again. */
#undef workbook_new_opt
#undef workbook_add_worksheet
#undef workbook_add_format
#undef workbook_close
#undef worksheet_write_string
#undef worksheet_write_number
#undef worksheet_write_datetime
#undef worksheet_set_column
#undef worksheet_freeze_panes
#undef format_set_bold
#undef format_set_num_format
#undef lxw_strerror

struct xlsx_api xlsx_api;

int xlsx_load(void)
{
	static void *lib;
	const char *missing = NULL;

	if (lib)
		return 0;
	/* libxlsxwriter4's soname (Debian's libxlsxwriter-dev links the
	 * build; the commands need only libxlsxwriter4) */
	if (!(lib = dlopen("libxlsxwriter.so.4", RTLD_LAZY | RTLD_LOCAL))) {
		cw_error("-o xlsx needs libxlsxwriter (Debian: apt-get install "
			 "libxlsxwriter4): %s", dlerror());
		return CW_EXIT_IO;
	}
#define XLSX_API_LOAD(f) \
	if (!missing && !(*(void **)&xlsx_api.f = dlsym(lib, #f))) \
		missing = #f;
	XLSX_API(XLSX_API_LOAD)
	if (missing) {
		cw_error("the libxlsxwriter found lacks %s: -o xlsx needs "
			 "libxlsxwriter 1.0 or later", missing);
		dlclose(lib);
		lib = NULL;
		return CW_EXIT_IO;
	}
	return 0;
}
