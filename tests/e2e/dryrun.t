#!/bin/sh
# The dry run is the real run without the commit (casework.7, BATCHES):
# crafted batches, each run with --dry-run and for real on copies of one
# database, give the same totals and the same exit status.
. "$CW_TOP/tests/e2e/lib.sh"

# A resident identity number: 17 digits and their GB 11643 check character.
idn() {
	echo "$1" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0;
		for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i];
		printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }'
}

# The counts of the totals line in $T/err: read, valid or stored, skipped,
# rejected (a dry run's, a commit's or a rollback's).
counts() {
	sed -En 's/^[a-z-]+: (dry run, nothing stored|batch BT-[0-9]+|batch rolled back, nothing stored): ([0-9]+) read, ([0-9]+) (valid|stored), ([0-9]+) skipped, ([0-9]+) rejected.*$/\2 \3 \5 \6/p' "$T/err"
}

# same DESC SEED PROGRAM VERB ARGS... : runs PROGRAM VERB --dry-run ARGS
# and PROGRAM VERB ARGS, each on its own copy of the database SEED ("-":
# none), and checks that the totals' counts and the exit statuses agree.
same() {
	desc=$1 seed=$2 prog=$3 verb=$4
	shift 4
	dbrm dry.db real.db
	if [ "$seed" != - ]; then dbcp "$seed" dry.db && dbcp "$seed" real.db; fi
	run "$prog" "$verb" --db "$T/dry.db" --dry-run "$@"
	drc=$rc dry=$(counts)
	cp "$T/err" dry.err
	cp "$T/out" dry.out
	run "$prog" "$verb" --db "$T/real.db" "$@"
	real=$(counts)
	if [ "$drc" = "$rc" ] && [ -n "$real" ] && [ "$dry" = "$real" ]; then
		ok "$desc: dry run = real run (exit $rc; $real)"
	else
		not_ok "$desc: dry run (exit $drc; $dry) = real run (exit $rc; $real)"
		diag dry.err
		diag "$T/err"
	fi
}

# printed DESC SED: after same, the records both runs printed agree once
# SED (sed -E) has taken out what a dry run does not print (ids, times).
printed() {
	sed -E "$2" dry.out >dry.cmp
	sed -E "$2" "$T/out" >real.cmp
	if [ -s real.cmp ] && cmp -s dry.cmp real.cmp; then
		ok "$1: the dry run prints the real run's records"
	else
		not_ok "$1: the dry run prints the real run's records"
		diag dry.cmp
		diag real.cmp
	fi
}

# seed FILE CSV [ARGS...] : a database made by a real sw-intake add.
seed() {
	f=$1 csv=$2
	shift 2
	dbrm "$f"
	sw-intake add --db "$f" "$@" "$csv" >/dev/null 2>&1 || not_ok "seeding $f"
}

P=$(idn 11010519580128001) Q=$(idn 11010519580128002) R=$(idn 11010519580128003)
printf 'bulk_after = 1\n' >bulk.conf

# Three rows of one name (a variant: rows "a", "b" and "c"), in every
# order, linked and skipped, row by row and on the bulk path (taken after
# one new client); refused in one order.
variant() {
	v=$1 a=$2 b=$3 c=$4
	for order in "a b c" "a c b" "b a c" "b c a" "c a b" "c b a"; do
		f="$v-$(echo $order | tr -d ' ').csv"
		echo "name,birth_date,id_number,phone" >"$f"
		for x in $order; do
			eval "echo \"\$$x\"" >>"$f"
		done
		same "$v, $order, link" - sw-intake add "$f"
		same "$v, $order, skip, --keep-going" - sw-intake add --duplicates skip --keep-going "$f"
		CASEWORK_CONFIG=$T/bulk.conf
		export CASEWORK_CONFIG
		same "$v, $order, bulk path, --keep-going" - sw-intake add --keep-going "$f"
		unset CASEWORK_CONFIG
	done
	same "$v, refuse" - sw-intake add --duplicates refuse "$v-abc.csv"
	same "$v, refuse, --keep-going" - sw-intake add --duplicates refuse --keep-going "$v-cba.csv"
	CASEWORK_CONFIG=$T/bulk.conf
	export CASEWORK_CONFIG
	same "$v, bulk path, skip" - sw-intake add --duplicates skip "$v-bac.csv"
	unset CASEWORK_CONFIG
}

# Two identity numbers and none, one birth date.
variant "two numbers and none" "刘国,1958-01-28,$P," "刘国,1958-01-28,$Q," "刘国,1958-01-28,,"
# One number twice and none.
variant "one number twice" "刘国,1958-01-28,$P," "刘国,1958-01-28,$P," "刘国,1958-01-28,,"
# One number and none twice.
variant "one number, none twice" "刘国,1958-01-28,$P," "刘国,1958-01-28,,," "刘国,1958-01-28,,"
# By name and phone (the numbers give the birth date).
variant "name and phone" "刘国,,$P,13800000001" "刘国,,$Q,13800000001" "刘国,,,13800000001"
# One number under two names.
variant "another name" "刘国,1958-01-28,$P," "刘果,1958-01-28,$P," "刘国,1958-01-28,,"
# By birth date and by phone, to two people.
variant "two rules" "刘国,1958-01-28,$P,13800000001" "刘国,1958-01-28,," "刘国,,,13800000001"
variant "two rules, two numbers" "刘国,,$P,13800000001" "刘国,,$Q,13800000002" "刘国,,,13800000002"

# Duplicates across batches: a second batch against the database the
# first created.
printf 'name,birth_date,id_number\n刘国,1958-01-28,%s\n' "$P" >p.csv
printf 'name,birth_date,id_number\n刘国,1958-01-28,%s\n' "$Q" >q.csv
printf 'name,birth_date,id_number\n刘国,1958-01-28,\n' >n.csv
seed p.db p.csv
dbcp p.db pq.db && sw-intake add --db pq.db q.csv >/dev/null 2>&1
seed n.db n.csv
dbcp p.db closed.db
dbq closed.db "UPDATE cases SET status = 'closed', closed_date = '2026-01-01'" ||
	not_ok "closing a case"
for f in "two numbers and none"-*.csv "one number twice-abc.csv" \
	"one number twice-cab.csv" "one number, none twice-bca.csv"; do
	for db in p.db pq.db n.db closed.db; do
		same "$f after $db, --keep-going" $db sw-intake add --keep-going "$f"
		CASEWORK_CONFIG=$T/bulk.conf
		export CASEWORK_CONFIG
		same "$f after $db, bulk path, skip" $db sw-intake add --duplicates skip "$f"
		unset CASEWORK_CONFIG
	done
done
# The first batch and a second one in one run: two inputs.
same "two inputs" - sw-intake add --keep-going p.csv q.csv n.csv
same "two inputs, the same twice" - sw-intake add --keep-going p.csv p.csv n.csv

# ---- the other batch verbs ---------------------------------------------------
# Records that depend on earlier records of the same batch (a repeat, a
# case closed twice, a referral moved twice, changes to one client), on a
# database with three cases, two goals and two referrals.
cat >cases.csv <<'CSV'
name,birth_date,intake_date,worker,category,referral_source,consent_date,consent_share
甲,1980-05-01,2026-01-10,李敏,family,居委会,2026-01-10,yes
乙,1990-01-01,2026-02-15,李敏,youth,自行求助,2026-02-15,yes
丙,1985-03-03,2026-02-20,周强,family,居委会,2026-02-20,yes
CSV
seed w.db cases.csv
printf 'case_id,term,description,indicator,target,deadline\nCA-1,short,找到工作,求职进度,入职,2026-03-31\nCA-2,short,改善情绪,PHQ-9,低于10,2026-03-15\n' >goals.csv
sw-plan goals --db w.db goals.csv >/dev/null 2>&1 || not_ok "seeding goals"
dbq w.db "INSERT INTO services (name, category, created_at, batch_id) VALUES ('心理咨询门诊', 'mental_health', '2026-01-01T00:00:00Z', 1)"
printf 'case_id,service_id,provider,reason\nCA-1,SV-1,,情绪低落\nCA-2,SV-1,,情绪低落\n' >refer.csv
sw-refer add --db w.db refer.csv >/dev/null 2>&1 || not_ok "seeding referrals"

# v DESC PROGRAM VERB TEXT [ARGS...]: the batch TEXT (printf %b), as same
# runs it, without and with --keep-going.
v() {
	d=$1 prog=$2 verb=$3 text=$4
	shift 4
	printf '%b' "$text" >v.csv
	same "$prog $verb: $d" w.db $prog $verb "$@" v.csv
	same "$prog $verb: $d, --keep-going" w.db $prog $verb --keep-going "$@" v.csv
}
v "an assessment repeated" sw-assess score 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-01-15,2,2,2,2,2,2,2,1,0\nCA-1,2026-01-15,2,2,2,2,2,2,2,1,0\n' phq9
v "an assessment changed on one day" sw-assess score 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-01-15,2,2,2,2,2,2,2,1,0\nCA-1,2026-01-15,1,2,2,2,2,2,2,1,0\n' phq9
v "a case closed twice" sw-plan close 'case_id,date,reason\nCA-3,2026-04-01,x\nCA-3,2026-04-02,x\n'
v "a review twice" sw-plan review 'case_id,date,note\nCA-3,2026-04-01,x\nCA-3,2026-04-01,x\n'
dbcp w.db w1.db
printf 'case_id,date,reason_kind,reason\nCA-3,2026-04-01,other,x\n' >close.csv
sw-plan close --db w.db close.csv >/dev/null 2>&1 || not_ok "seeding a closure"
v "a case reopened twice" sw-plan reopen 'case_id,date,reason\nCA-3,2026-05-01,x\nCA-3,2026-05-02,y\n'
v "a review of a closed case" sw-plan review 'case_id,date,note\nCA-3,2026-06-01,x\n'
dbcp w1.db w.db
v "a goal twice" sw-plan goals 'case_id,term,description,indicator,target,deadline\nCA-3,short,a,b,c,2026-12-31\nCA-3,short,a,b,c,2026-12-31\n'
v "tasks twice" sw-plan tasks 'goal_id,description,due_date,status,done_date\nGL-1,x,2026-02-28,,\nGL-1,x,2026-02-28,,\n'
v "progress twice" sw-plan progress 'goal_id,date,status\nGL-1,2026-03-20,achieved\nGL-1,2026-03-20,achieved\nGL-1,2026-03-21,in_progress\n'
v "contacts twice" sw-plan contacts 'case_id,date,kind,minutes,worker,note\nCA-1,2026-01-12,interview,60,,x\nCA-1,2026-01-12,interview,60,,x\n'
v "sessions twice" sw-plan sessions 'date,title,minutes,workers,cases\n2026-03-10,g,90,李敏,CA-1 CA-2\n2026-03-10,g,90,李敏,CA-1 CA-2\n'
v "a referral moved twice" sw-refer status 'referral_id,state,date,reason,expected_date\nRF-1,sent,2026-01-20,,\nRF-1,accepted,2026-01-23,,\nRF-1,accepted,2026-01-24,,\nRF-1,completed,2026-02-25,,\nRF-1,sent,2026-02-26,,\n'
v "a referral twice" sw-refer add 'case_id,service_id,provider,reason\nCA-3,SV-1,,x\nCA-3,SV-1,,x\n'
v "an update twice" sw-intake update 'case_id,worker\nCA-1,周强\nCA-1,李敏\n'
v "a client updated twice" sw-intake update 'client_id,phone\nCL-1,13800000001\nCL-1,13800000002\n' --clients
v "one identity number given to two clients" sw-intake update "client_id,birth_date,id_number\nCL-1,1958-01-28,$P\nCL-2,1958-01-28,$P\n" --clients
v "an identity number moved" sw-intake update "client_id,birth_date,id_number\nCL-1,1958-01-28,$P\nCL-1,1958-01-28,$R\nCL-2,1958-01-28,$P\n" --clients
dbcp w.db w1.db
printf 'client_id,birth_date,id_number\nCL-1,1958-01-28,%s\n' "$P" >held.csv
sw-intake update --clients --db w.db held.csv >/dev/null 2>&1 || not_ok "seeding an identity number"
v "an identity number passed on" sw-intake update "client_id,birth_date,id_number\nCL-1,1958-01-28,$R\nCL-2,1958-01-28,$P\n" --clients
dbcp w1.db w.db
v "a case's client changed twice" sw-intake update 'case_id,phone\nCA-1,13800000001\nCA-1,13800000002\nCA-1,13800000002\n'
v "one identity number through two cases" sw-intake update "case_id,birth_date,id_number\nCA-1,1958-01-28,$P\nCA-2,1958-01-28,$P\n"
v "a client changed, then its case" sw-intake update "client_id,name\nCL-1,甲乙\n" --clients
v "feedback twice" sw-refer feedback 'referral_id,date,outcome,note\nRF-1,2026-05-21,done,x\nRF-1,2026-05-21,done,x\nRF-1,2026-05-22,done,y\n'


# ---- ids the batch itself would give -----------------------------------------
# A record naming a case, a client or an assessment by the id an earlier
# record of the same batch would give it: the real run finds it in its
# transaction, and so does the dry run (w.db: CL-1..3, CA-1..3; in wc.db
# CA-3 is closed, so that its client can be linked again).
dbcp w.db wc.db
dbq wc.db "UPDATE cases SET status = 'closed', closed_date = '2026-03-01' WHERE id = 3" ||
	not_ok "closing CA-3"
ids() {
	d=$1 seed=$2 text=$3
	shift 3
	printf '%b' "$text" >ids.csv
	same "ids: $d" $seed sw-intake add "$@" ids.csv
	same "ids: $d, --keep-going" $seed sw-intake add --keep-going "$@" ids.csv
}
ids "a case this batch opens, named" w.db 'case_id,name,birth_date\n,张三,1970-01-01\nCA-4,张三,1970-01-01\n'
ids "a case this batch opens, named, changed" w.db 'case_id,name,birth_date\n,张三,1970-01-01\nCA-4,张三,1970-01-02\nCA-4,张三,1970-01-01\n'
ids "a client this batch registers, named" w.db 'client_id,name,birth_date\n,张三,1970-01-01\nCL-4,张三,\n,张四,1970-01-01\nCL-5,张四,\n'
ids "a client this batch registers, another name" w.db 'client_id,name\n,张三\nCL-4,李四\nCL-4,张三\n'
ids "a client this batch does not register" w.db 'client_id,name\n,张三\nCL-5,张三\nCL-4,张三\n'
ids "no database: the first ids" - 'case_id,name,birth_date\n,张三,1970-01-01\nCA-1,张三,1970-01-01\n'
ids "no database: the first client" - 'client_id,name,birth_date\n,张三,1970-01-01\nCL-1,张三,\n'
ids "a linked case, named with its client's stored fields" wc.db 'case_id,client_id,name,birth_date,phone\n,,丙,1985-03-03,13811112222\nCA-4,CL-3,丙,1985-03-03,\nCA-4,CL-3,丙,1985-03-03,13811112222\n'
# Past the first 64 records, a linked one among them, row by row and on
# the bulk path: record 71 links CL-3 (CA-74); record k > 71 registers
# CL-(k+2) with CA-(k+3).
{
	echo "case_id,client_id,name,birth_date"
	i=1
	while [ $i -le 150 ]; do
		if [ $i = 71 ]; then echo ",CL-3,丙,1985-03-03"; else printf ',,人%03d,1970-01-01\n' $i; fi
		i=$((i + 1))
	done
	echo "CA-74,CL-3,丙,1985-03-03"
	echo ",CL-110,人108,1970-01-01"
	echo ",CL-110,人109,1970-01-01"
	echo "CA-120,CL-119,人117,1970-01-01"
	echo "CA-120,CL-118,人117,1970-01-01"
	echo "CA-7,CL-7,人004,1970-01-01"
} >many.csv
same "ids: 150 records, then their ids" wc.db sw-intake add --keep-going many.csv
CASEWORK_CONFIG=$T/bulk.conf
export CASEWORK_CONFIG
same "ids: 150 records, then their ids, bulk path" wc.db sw-intake add --keep-going many.csv
unset CASEWORK_CONFIG
same "ids: 150 records, then their ids, no database" - sw-intake add --keep-going many.csv
v "an assessment named by the id this batch gives it" sw-assess score 'assessment_id,case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\n,CA-1,2026-01-15,2,2,2,2,2,2,2,1,0\nAS-1,CA-1,2026-01-15,2,2,2,2,2,2,2,1,0\nAS-2,CA-1,2026-01-15,2,2,2,2,2,2,2,1,0\n' phq9

# The plan and referral verbs: a record naming a goal, task, progress
# entry, contact, group session, review, closure or referral by the id an
# earlier record of the batch gives it, and a record changed twice (w.db:
# GL-1 of CA-1 with PL-1, GL-2 of CA-2 with PL-2, CA-3 without a plan;
# RF-1, RF-2; no tasks, progress, contacts, sessions, reviews or closures).
v "a goal this batch adds, changed" sw-plan goals 'case_id,goal_id,plan_id,term,description,indicator,target,deadline,revision\nCA-3,,,short,a,b,c,2026-12-31,\n,GL-3,PL-3,,,,d,,0\n,GL-3,PL-3,,,,d,,\n,GL-3,PL-1,,,,e,,\n,GL-4,,,,,e,,\n'
v "a goal this batch adds, read back" sw-plan goals 'goal_id,case_id,plan_id,term,description,need,indicator,baseline,target,deadline,status\n,CA-3,,short,a,,b,,c,2026-12-31,\nGL-3,CA-3,PL-3,short,a,,b,,c,2026-12-31,not_started\nGL-3,CA-3,PL-3,short,a,,b,,c,2026-12-31,in_progress\n'
v "two goals of a plan this batch makes" sw-plan goals 'case_id,goal_id,plan_id,term,description,indicator,target,deadline\nCA-3,,,short,a,b,c,2026-12-31\nCA-3,,,long,a,b,c,2026-12-31\n,GL-4,PL-3,,,,d,\n,GL-3,PL-4,,,,d,\n'
v "a goal changed twice" sw-plan goals 'goal_id,target\nGL-1,x\nGL-1,x\nGL-2,y\nGL-1,x\nGL-1,入职\n'
v "a goal changed twice, status" sw-plan goals 'goal_id,status\nGL-1,in_progress\nGL-1,进行中\nGL-1,in_progress\n'
dbcp w.db w1.db
printf 'goal_id,target\nGL-1,x\n' >g1.csv
same "sw-plan goals: a goal changed twice, printed" w.db sw-plan goals -o csv --keep-going g1.csv g1.csv
printed "sw-plan goals: a goal changed twice, printed" 's/,[0-9T:-]+Z$/,/'
v "a task this batch adds, changed" sw-plan tasks 'goal_id,task_id,case_id,description,due_date,status\nGL-1,,,x,2026-02-28,\n,TK-1,CA-1,,,done\n,TK-1,,,,done\n,TK-1,CA-2,,,open\n,TK-2,,,,done\nGL-2,TK-1,,,,\n'
printf 'goal_id,description,due_date\nGL-1,x,2026-02-28\n' >t1.csv
sw-plan tasks --db w.db t1.csv >/dev/null 2>&1 || not_ok "seeding a task"
v "a task changed twice" sw-plan tasks 'task_id,status\nTK-1,done\nTK-1,done\nTK-1,已完成\nTK-1,open\n'
v "a task changed twice, its goal" sw-plan tasks 'task_id,goal_id,description\nTK-1,GL-1,y\nTK-1,,y\nTK-1,GL-2,\n'
dbcp w1.db w.db
v "progress this batch adds, read back" sw-plan progress 'goal_id,progress_id,case_id,date,value,status\nGL-1,,,2026-03-20,3,achieved\n,PG-1,CA-1,2026-03-20,3,achieved\n,PG-1,,2026-03-21,,\n,PG-2,,,,\nGL-2,PG-1,,,,\n'
v "a contact this batch adds, read back" sw-plan contacts 'case_id,contact_id,date,kind,minutes,worker,note\nCA-1,,2026-01-12,interview,60,,x\nCA-1,CT-1,2026-01-12,面谈,60,李敏,x\n,CT-1,2026-01-12,interview,60,周强,\n,CT-2,2026-01-12,interview,60,,\n'
v "a group session this batch adds, read back" sw-plan sessions 'session_id,date,title,minutes,workers,cases,attendance\n,2026-03-10,g,90,李敏,CA-1 CA-2,\nGS-1,2026-03-10,g,90,李敏,"CA-1, CA-2",2\nGS-1,2026-03-10,g,90,李敏,CA-2 CA-1,\nGS-2,2026-03-10,g,90,李敏,CA-1,\n'
v "a review this batch adds, read back" sw-plan review 'case_id,review_id,date,note,next_review\nCA-3,,2026-04-01,x,2026-07-01\nCA-3,RV-1,2026-04-01,x,2026-07-01\nCA-3,RV-1,2026-04-01,y,2026-07-01\nCA-3,RV-2,2026-04-01,x,2026-07-01\n'
v "a closure this batch adds, read back" sw-plan close 'case_id,closure_id,date,reason_kind,reason,follow_up\nCA-3,,2026-04-01,other,x,3m\nCA-3,CX-1,2026-04-01,other,x,2026-07-01\nCA-3,CX-1,2026-04-01,other,x,2026-07-02\nCA-3,CX-2,2026-04-01,other,x,2026-07-01\n'
dbcp w.db w1.db
sw-plan close --db w.db close.csv >/dev/null 2>&1 || not_ok "seeding a closure"
v "a reopening this batch records, read back" sw-plan reopen 'case_id,closure_id,date,reason\nCA-3,,2026-05-01,x\nCA-3,CX-1,2026-05-01,x\nCA-3,CX-1,2026-05-02,x\n'
dbcp w1.db w.db
v "a referral this batch adds, read back" sw-refer add 'case_id,referral_id,service_id,reason,state\nCA-3,,SV-1,x,\n,RF-3,SV-1,x,draft\nCA-3,RF-3,,y,\n,RF-4,SV-1,x,\n'

# ---- sw-assess score: what depends on earlier records, printed -------------
# A back-dated assessment (before one earlier in the batch) schedules no
# re-assessment, in both runs.
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-03-15,2,2,2,2,2,2,2,1,0\nCA-1,2026-02-15,1,2,2,2,2,2,2,1,0\nCA-2,2026-02-15,1,2,2,2,2,2,2,1,0\nCA-1,2026-03-20,1,2,2,2,2,2,2,1,0\n' >back.csv
same "sw-assess score: back-dated within the batch" w.db sw-assess score -o csv phq9 back.csv
printed "sw-assess score: back-dated within the batch" 's/^AS-[0-9]+,/,/; s/,[0-9T:-]+Z$/,/'
printf 'assessment_id,case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9,reassess_due\n,CA-1,2026-03-15,2,2,2,2,2,2,2,1,0,2026-04-12\n,CA-1,2026-02-15,1,2,2,2,2,2,2,1,0,2026-03-15\n' >back2.csv
same "sw-assess score: a re-assessment given for a back-dated one" w.db sw-assess score --keep-going -o csv phq9 back2.csv
printed "sw-assess score: a re-assessment given for a back-dated one" 's/^AS-[0-9]+,/,/; s/,[0-9T:-]+Z$/,/'

# ---- sw-plan followups ---------------------------------------------------------
dbcp w.db w1.db
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-01-15,3,3,3,3,3,3,3,3,2\n' >hi.csv
sw-assess score --db w.db phq9 hi.csv >/dev/null 2>&1 || not_ok "seeding follow-ups"
v "a follow-up done twice" sw-plan followups 'followup_id,note\nFU-1,x\nFU-1,x\nFU-2,y\n'
v "a follow-up done, then read back" sw-plan followups 'followup_id,note\nFU-2,y\nFU-2,\n'
dbcp w.db fu.db
printf 'followup_id,note\nFU-1,x\n' >fu1.csv
sw-plan followups --db fu.db -o csv fu1.csv >fu-printed.csv 2>/dev/null || not_ok "marking a follow-up done"
cp fu-printed.csv fu2.csv && tail -n 1 fu-printed.csv >>fu2.csv
same "sw-plan followups: what it printed, read back twice" w.db sw-plan followups --keep-going fu2.csv
same "sw-plan followups: what it printed, read back twice, after it" fu.db sw-plan followups --keep-going fu2.csv
dbcp w1.db w.db

# ---- sw-refer import -------------------------------------------------------------
cp -R "$CW_TOP/tests/data/directory" dir
cp -R dir dir2
tail -n 1 dir2/services.csv >>dir2/services.csv
tail -n 1 dir2/organizations.csv >>dir2/organizations.csv
cp -R dir dir3
tail -n 1 dir3/services.csv | sed 's/,active$/,inactive/' >>dir3/services.csv
same "sw-refer import: a directory" w.db sw-refer import dir
same "sw-refer import: a directory twice" w.db sw-refer import dir dir
same "sw-refer import: repeated rows" w.db sw-refer import dir2
same "sw-refer import: a row repeated with a change" w.db sw-refer import dir3
same "sw-refer import: services twice, then organisations" w.db sw-refer import dir/services.csv dir/organizations.csv dir/services.csv
same "sw-refer import: no database" - sw-refer import dir dir2
dbcp w.db imp.db
sw-refer import --db imp.db dir >/dev/null 2>&1 || not_ok "seeding an import"
same "sw-refer import: after an earlier import" imp.db sw-refer import dir
same "sw-refer import: repeated rows after an earlier import" imp.db sw-refer import dir2
same "sw-refer import: a change after an earlier import" imp.db sw-refer import dir3

# The case the text reports.
printf 'name,birth_date,id_number\n刘国,1958-01-28,%s\n刘国,1958-01-28,%s\n刘国,1958-01-28,\n' "$P" "$Q" >amb.csv
run sw-intake add --dry-run amb.csv
check_rc 3 "three people, two numbers: the dry run refuses the third"
check_err_line "sw-intake: amb.csv:4: matches two different known people: the record at amb.csv:2 (by name+birth_date) and the record at amb.csv:3 (by name+birth_date); give client_id to choose" \
	"naming the two records"

done_testing
