#!/bin/sh
# layout.t - the shape of the source tree that README.md's "How the code
# is organised" promises: the layers include only downwards, only SQLite's
# backend sees SQLite, and only a domain's store files hold its SQL.
. "$CW_TOP/tests/e2e/lib.sh"
cd "$CW_TOP" || exit 1

# 1. sqlite3 (its header, its calls) only in lib/store/sqlite/.
run sh -c "grep -rln 'sqlite3' lib cmd --include='*.[ch]' | grep -v '^lib/store/sqlite/'"
check_rc 1 "no file of lib/ or cmd/ outside lib/store/sqlite/ names sqlite3"
check_out "" "none listed"

# 2. the engine's table is seen only by the layer and the backends.
run sh -c "grep -rl '^#include \"store/backend.h\"' lib cmd --include='*.[ch]' | grep -v '^lib/store/db.c\$\|^lib/store/backend.h\$\|^lib/store/sqlite/'"
check_rc 1 "only store/db.c and the backends include store/backend.h"

# 3. layers: each folder includes only its own header and those of the
# folders below it (core < io < store < intake < assess < plan < refer <
# report < cli), and the folder graph has no cycle.
cat >"$T/layers.pl" <<'PERL'
my @order = qw(core io store intake assess plan refer report cli);
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
done_testing
