#!/bin/sh
# sw-intake list --pseudonymise: keyed pseudonyms instead of ids, no
# identifiers or free text, birth years; the key file and its refusals.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }

# Three cases, two of them for the same client (the second linked by the
# identity number after the first closed), with every field the export
# empties filled in.
cat >in.csv <<'CSV'
name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,category,referral_source,presenting_problem,worker,external_ref,intake_date,notes
陈秀英,女,1949-12-31,居民身份证,11010519491231002X,13800138000,"崂山路 12 弄, 3 室",独居,粤语,2026-11-02,本人,是,长者,居委会,独居,李敏,A-001,2026-11-02,"每周探访"
张婷,female,2010-01-01,resident,44030420100101002X,13600001234,东方路,与母亲同住,,2026-11-05,guardian,no,youth,学校,情绪低落,周强,A-002,2026-11-05,母亲陪同
CSV
cat >again.csv <<'CSV'
name,sex,birth_date,id_type,id_number,phone,address,category,referral_source,presenting_problem,worker,external_ref,intake_date
陈秀英,女,1949-12-31,居民身份证,11010519491231002X,13800138000,崂山路 12 弄,elder,医院,跌倒,周强,A-003,2026-11-20
CSV
printf 'case_id,date,reason_kind,reason\nCA-1,2026-11-10,goals_achieved,goals met\n' >close.csv
run sw-intake add --db p.db in.csv
check_rc 0 "two cases for two clients stored"
run sw-plan close --db p.db close.csv
check_rc 0 "the first case closed"
run sw-intake add --db p.db again.csv
check_rc 0 "a third case for the first client"

# The key: 32 bytes, owner-only, named by the configuration.
printf 'casework pseudonym test key 0001' >key
chmod 600 key
printf 'pseudonym_key_file = %s\n' "$T/key" >p.conf
export CASEWORK_CONFIG="$T/p.conf"

# pseudonym PREFIX ID: the expected pseudonym, computed with openssl.
have_openssl=0
command -v openssl >/dev/null 2>&1 && have_openssl=1
hexkey=$(od -An -v -tx1 key | tr -d ' \n')
pseudonym() {
	printf '%s%s\n' "$1" "$(printf %s "$2" | openssl dgst -sha256 -mac HMAC \
		-macopt "hexkey:$hexkey" | sed 's/.*= *//' | cut -c1-16)"
}

run sw-intake list --db p.db --pseudonymise -o csv
check_rc 0 "the cases, pseudonymised"
ts
cp "$T/out" cases1.csv
if [ $have_openssl = 1 ]; then
	S1=$(pseudonym PS- CL-1) S2=$(pseudonym PS- CL-2)
	C1=$(pseudonym PC- CA-1) C2=$(pseudonym PC- CA-2) C3=$(pseudonym PC- CA-3)
	check_out "case_id,client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,category,referral_source,presenting_problem,worker,external_ref,intake_date,status,closed_date,linked_by,notes,created_at,updated_at,project,emergency_name,emergency_relationship,emergency_phone,household_id
$C1,$S1,,female,1949,resident,,,,,,2026-11-02,self,yes,,,elder,,,李敏,,2026-11-02,closed,2026-11-10,,,TS,TS,,,,,
$C2,$S2,,female,2010,resident,,,,,,2026-11-05,guardian,no,,,youth,,,周强,,2026-11-05,open,,,,TS,,,,,,
$C3,$S1,,female,1949,resident,,,,,,2026-11-02,self,yes,,,elder,,,周强,,2026-11-20,open,,id_number,,TS,,,,,," \
		"ids are HMAC-SHA256 pseudonyms (openssl agrees); identifiers and free text empty; birth year"
else
	skip "openssl not installed: the pseudonyms are not recomputed"
fi
check "same columns as without the option" test "$(head -n 1 cases1.csv)" = \
	"$(sw-intake list --db p.db -o csv | head -n 1)"
check "every case_id is PC- and 16 hex digits" test \
	"$(sed 1d cases1.csv | grep -c '^PC-[0-9a-f]\{16\},PS-[0-9a-f]\{16\},')" = 3
check "the same client has the same pseudonym in both its cases" test \
	"$(sed -n 2p cases1.csv | cut -d, -f2)" = "$(sed -n 4p cases1.csv | cut -d, -f2)"
check "two clients, two pseudonyms" test \
	"$(sed -n 2p cases1.csv | cut -d, -f2)" != "$(sed -n 3p cases1.csv | cut -d, -f2)"
check "no name, number, phone, address, language or note is printed" \
	sh -c '! grep -q -e 陈秀英 -e 张婷 -e 1101051949 -e 13800138000 -e 崂山路 -e 东方路 -e 独居 -e 粤语 -e 居委会 -e 情绪低落 -e A-00 -e 母亲 -e 1949-12-31 cases1.csv'

run sw-intake list --db p.db --clients --pseudonymise -o csv
check_rc 0 "the clients, pseudonymised"
ts
if [ $have_openssl = 1 ]; then
	check_out "client_id,name,sex,birth_date,id_type,id_number,phone,address,household,language,consent_date,consent_by,consent_share,consent_expires,consent_withdrawn,created_at,updated_at,emergency_name,emergency_relationship,emergency_phone,household_id
$S1,,female,1949,resident,,,,,,2026-11-02,self,yes,,,TS,,,,,
$S2,,female,2010,resident,,,,,,2026-11-05,guardian,no,,,TS,,,,," "clients as CSV"
else
	skip "openssl not installed"
fi
cp "$T/out" clients1.csv

run sw-intake list --db p.db --clients --pseudonymise --worker 周强 -o json
check_rc 0 "the clients as JSON, with a filter"
ts
if [ $have_openssl = 1 ]; then
	check_out "[
{\"client_id\":\"$S1\",\"name\":null,\"sex\":\"female\",\"birth_date\":\"1949\",\"id_type\":\"resident\",\"id_number\":null,\"phone\":null,\"address\":null,\"household\":null,\"language\":null,\"consent_date\":\"2026-11-02\",\"consent_by\":\"self\",\"consent_share\":\"yes\",\"consent_expires\":null,\"consent_withdrawn\":null,\"created_at\":\"TS\",\"updated_at\":null,\"emergency_name\":null,\"emergency_relationship\":null,\"emergency_phone\":null,\"household_id\":null},
{\"client_id\":\"$S2\",\"name\":null,\"sex\":\"female\",\"birth_date\":\"2010\",\"id_type\":\"resident\",\"id_number\":null,\"phone\":null,\"address\":null,\"household\":null,\"language\":null,\"consent_date\":\"2026-11-05\",\"consent_by\":\"guardian\",\"consent_share\":\"no\",\"consent_expires\":null,\"consent_withdrawn\":null,\"created_at\":\"TS\",\"updated_at\":null,\"emergency_name\":null,\"emergency_relationship\":null,\"emergency_phone\":null,\"household_id\":null}
]" "identifiers are null in JSON"
else
	skip "openssl not installed"
fi

run sw-intake list --db p.db --pseudonymise -o jsonl --worker nobody
check_rc 1 "nothing selected: exit 1"
check_out "" "nothing printed"

# Stable for one key; another key, other pseudonyms.
run sw-intake list --db p.db --clients --pseudonymise -o csv
ts
check_file clients1.csv "$T/out" "the same key gives the same pseudonyms again"
printf 'another casework pseudonym key!!' >key2
chmod 600 key2
# A relative key file is relative to the configuration file's folder:
# casework.conf beside the database on SQLite; on PostgreSQL the user's
# own, $XDG_CONFIG_HOME/casework/casework.conf (casework(7),
# CONFIGURATION).
if [ "$CW_BACKEND" = pg ]; then
	mkdir -p xdg/casework && cp -p key2 xdg/casework/key2
	printf 'pseudonym_key_file = key2\n' >xdg/casework/casework.conf
	CASEWORK_CONFIG= XDG_CONFIG_HOME="$T/xdg" run sw-intake list --db p.db --clients --pseudonymise -o csv
	check_rc 0 "a key file relative to the user's casework.conf"
else
	printf 'pseudonym_key_file = key2\n' >casework.conf
	CASEWORK_CONFIG= run sw-intake list --db p.db --clients --pseudonymise -o csv
	check_rc 0 "a key file relative to casework.conf beside the database"
fi
check "another key gives other pseudonyms" test \
	"$(sed -n 2p "$T/out" | cut -d, -f1)" != "$(sed -n 2p clients1.csv | cut -d, -f1)"
check "... and the same other fields" test \
	"$(sed 1d "$T/out" | cut -d, -f2-15)" = "$(sed 1d clients1.csv | cut -d, -f2-15)"
rm -rf casework.conf xdg

# The key refused: nothing on stdout, the reason on stderr, exit 2.
refused() { # refused DESC EXPECTED-STDERR
	check_rc 2 "$1"
	check_err "$2" "$1: the message names the setting or file"
	check_out "" "$1: nothing on stdout"
}
printf 'busy_timeout_ms = 2000\n' >nokey.conf
CASEWORK_CONFIG="$T/nokey.conf" run sw-intake list --db p.db --pseudonymise -o csv
refused "no pseudonym_key_file" \
	"sw-intake: --pseudonymise needs a key: set pseudonym_key_file in the configuration '$T/nokey.conf'"
# (On PostgreSQL, the user's own file is looked for: none in an empty
# $XDG_CONFIG_HOME.)
CASEWORK_CONFIG= XDG_CONFIG_HOME="$T/noconf" run sw-intake list --db p.db --clients --pseudonymise -o csv
refused "no configuration at all" \
	"sw-intake: --pseudonymise needs a key: set pseudonym_key_file in the configuration (none was read: \$CASEWORK_CONFIG, casework.conf beside a SQLite database, or ~/.config/casework/casework.conf for PostgreSQL)"
printf 'pseudonym_key_file = %s\n' "$T/missing.key" >missing.conf
CASEWORK_CONFIG="$T/missing.conf" run sw-intake list --db p.db --pseudonymise -o csv
refused "a key file that is missing" \
	"sw-intake: cannot open pseudonym key '$T/missing.key' (pseudonym_key_file): No such file or directory"
head -c 31 key >short.key
chmod 600 short.key
printf 'pseudonym_key_file = short.key\n' >short.conf
CASEWORK_CONFIG="$T/short.conf" run sw-intake list --db p.db --pseudonymise -o json
refused "a key of 31 bytes" \
	"sw-intake: pseudonym key '$T/short.key' (pseudonym_key_file) is too short: 31 bytes, at least 32 needed (head -c 32 /dev/urandom > FILE && chmod 600 FILE)"
chmod 640 key
run sw-intake list --db p.db --clients --pseudonymise -o csv
refused "a key group may read" \
	"sw-intake: pseudonym key '$T/key' (pseudonym_key_file) is open to group or others (mode 640): make it owner-only with chmod 600"
chmod 604 key
run sw-intake list --db p.db --clients --pseudonymise -o csv
refused "a key others may read" \
	"sw-intake: pseudonym key '$T/key' (pseudonym_key_file) is open to group or others (mode 604): make it owner-only with chmod 600"
chmod 600 key
printf 'pseudonym_key_file = %s\n' "$T" >dir.conf
CASEWORK_CONFIG="$T/dir.conf" run sw-intake list --db p.db --pseudonymise -o csv
refused "a folder as the key" \
	"sw-intake: pseudonym key '$T' (pseudonym_key_file) is not a regular file"
printf 'pseudonym_key_file =\n' >empty.conf
CASEWORK_CONFIG="$T/empty.conf" run sw-intake list --db p.db -o csv
refused "an empty pseudonym_key_file" \
	"sw-intake: $T/empty.conf:1: pseudonym_key_file: needs a file"

# Without the option the key is never read; other verbs refuse it.
chmod 644 key
run sw-intake list --db p.db -o csv
check_rc 0 "a plain list does not read the key"
chmod 600 key
run sw-intake show CA-1 --db p.db --pseudonymise
check_rc 2 "show does not take --pseudonymise"
check_err_line "sw-intake: option '--pseudonymise' does not apply to 'show'" "the option is named"

# language is free text: a worker may have typed anything there.
printf 'name,language,intake_date\n李四,"粤语，住崂山路 7 号，女儿王小红 13912345678 翻译",2026-11-21\n' >lang.csv
run sw-intake add --db p.db lang.csv
check_rc 0 "a client whose language holds an address, a name and a phone"
for f in jsonl csv table; do
	run sw-intake list --db p.db --pseudonymise -o $f
	check "$f: none of it is printed" sh -c '! grep -q -e 崂山路 -e 王小红 -e 13912345678 -e 粤语 "$1"' sh "$T/out"
	run sw-intake list --db p.db --clients --pseudonymise -o $f
	check "$f, clients: none of it is printed" sh -c '! grep -q -e 崂山路 -e 王小红 -e 13912345678 -e 粤语 "$1"' sh "$T/out"
done
run sw-intake list --db p.db --clients --pseudonymise -o jsonl
check "language is null like the other free text" test "$(grep -c '"language":null' "$T/out")" = 3

done_testing
