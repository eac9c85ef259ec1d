/* test_names.c - the comparable form of names (duplicate detection). */
#include <stdlib.h>
#include "intake/intake.h"
#include "tap.h"

static void key_is(const char *name, const char *want)
{
	char *k = intake_name_key(name);
	is_str(k, want, "name key of '%s'", name);
	free(k);
}

int main(void)
{
	key_is("张三", "张三");
	key_is("张 三", "张三");
	key_is("张\xe3\x80\x80三", "张三");          /* ideographic space */
	key_is(" 张三\t", "张三");
	key_is("Tom Lee", "tomlee");
	key_is("\xef\xbc\xb4\xef\xbd\x8f\xef\xbd\x8d", "tom");  /* full-width Ｔｏｍ */
	key_is("买买提·艾力", "买买提·艾力");
	key_is("买买提•艾力", "买买提·艾力");       /* bullet */
	key_is("买买提・艾力", "买买提·艾力");      /* katakana middle dot */
	key_is("买买提．艾力", "买买提·艾力");      /* full-width full stop */
	key_is("", "");
	return tap_done();
}
