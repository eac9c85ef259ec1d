#!/bin/sh
# layout.t - the shape of the source tree that README.md's "How the code
# is organised" promises: the layers include only downwards, only SQLite's
# backend sees SQLite, and only a domain's store files hold its SQL.
. "$CW_TOP/tests/e2e/lib.sh"
sqlite_file "no database here: run once, with the SQLite suite"
cd "$CW_TOP" || exit 1

# 1. sqlite3 (its header, its calls) only in lib/store/sqlite/.
run sh -c "grep -rln 'sqlite3' lib cmd --include='*.[ch]' | grep -v '^lib/store/sqlite/'"
check_rc 1 "no file of lib/ or cmd/ outside lib/store/sqlite/ names sqlite3"
check_out "" "none listed"

# 1b. libpq (its header, its calls) only in lib/store/pg/.
run sh -c "grep -rlE 'libpq-fe|PQexec|PQconnect' lib cmd --include='*.[ch]' | grep -v '^lib/store/pg/'"
check_rc 1 "no file of lib/ or cmd/ outside lib/store/pg/ uses libpq"
check_out "" "none listed"

# 2. the engine's table is seen only by the layer and the backends.
run sh -c "grep -rl '^#include \"store/backend.h\"' lib cmd --include='*.[ch]' | grep -v '^lib/store/db.c\$\|^lib/store/backend.h\$\|^lib/store/sqlite/\|^lib/store/pg/'"
check_rc 1 "only store/db.c and the backends include store/backend.h"

# 3. layers: each folder includes only its own header and those of the
# folders below it (core < io < store < intake < assess < plan < refer < project <
# report < admin < cli), and the folder graph has no cycle.
cat >"$T/layers.pl" <<'PERL'
my @order = qw(core io store intake assess plan refer project report admin cli);
my %rank; @rank{@order} = 0 .. $#order;
my $bad = 0;
for my $f (glob("lib/*/*.[ch] lib/*/*/*.[ch]")) {
	my ($from) = $f =~ m{^lib/([^/]+)/} or next;
	open my $fh, '<', $f or die "$f: $!";
	while (<$fh>) {
		next unless /^#include "([^\/"]+)\//;
		my $to = $1;
		next if $to eq $from;
		if (!exists $rank{$to} || $rank{$to} > $rank{$from}) {
			print "$f includes $to/\n";
			$bad++;
		}
	}
}
exit($bad ? 1 : 0);
PERL
run perl "$T/layers.pl"
check_rc 0 "every folder includes only itself and the layers below it"
check_out "" "no upward include"

# 4. SQL (a statement's text) only in a domain's store files: no other
# file of intake/, assess/, plan/, refer/, report/ or admin/ holds one.
run sh -c "grep -lE '\"[[:space:]]*(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|WITH [a-z_]+\\(? ?[a-z_, ]*\\)? ?AS) ' lib/intake/*.c lib/assess/*.c lib/plan/*.c lib/refer/*.c lib/report/*.c lib/admin/*.c | grep -v '/store[_a-z]*\\.c\$'"
check_rc 1 "no SQL in a domain's files outside its store files"
check_out "" "none listed"

# 5. one private header per folder (named after it); store/backend.h,
# the engines' table, is the one more.
run sh -c "for d in lib/*/; do ls \"\$d\"*.h 2>/dev/null | grep -v \"^\${d}\$(basename \"\$d\").h\$\" ; done | grep -v '^lib/store/backend.h\$'"
check_rc 1 "each folder has one private header, named after it"
check_out "" "no other header"
done_testing
