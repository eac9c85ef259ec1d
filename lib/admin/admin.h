/*
 * admin/admin.h - the private header of admin/: the database itself, as
 * sw-admin tends it (its schema, its settings, copying it whole). The
 * verbs are declared in verbs.h. Not installed.
 */
#ifndef CW_ADMIN_H
#define CW_ADMIN_H

#include "verbs.h"
#include "store/store.h"

/* store_settings.c: reads the value of key stored in db into *out (a new
 * string, NULL when none): 0 or CW_EXIT_DB after a message. */
int admin_db_setting(cw_db *db, const char *key, char **out);
/* Stores key = value in the open batch: 0 or CW_EXIT_DB. */
int admin_db_set(cw_db *db, const char *key, const char *value, const char *at);

#endif
