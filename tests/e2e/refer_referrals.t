#!/bin/sh
# sw-refer referrals: add, the state machine (every transition, valid and
# invalid), consent to share, follow-up dates, feedback, list, batches.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
# field N of line L of the CSV output (no quoted commas in these tests)
col() { sed -n "$1p" "$T/out" | cut -d, -f"$2"; }
ids() { cut -d, -f1 "$T/out" | sed 1d | tr '\n' ' '; }
HDR=referral_id,case_id,service_id,service,provider,reason,urgency,state,followup_date,expected_date,sent_date,response_date,completed_date,consent_override,note,created_at,updated_at,project
TODAY=$(date +%F)

# Cases: consent to share yes, no, withdrawn on 2025-03-01, expiring on
# 2025-06-30; a case to close; a case of its own for the lists.
cat >cases.csv <<'CSV'
name,consent_date,consent_share,consent_expires,consent_withdrawn,worker
甲,2025-01-01,yes,,,李敏
乙,2025-01-01,no,,,周强
丙,2025-01-01,yes,,2025-03-01,李敏
丁,2025-01-01,yes,2025-06-30,,周强
戊,2025-01-01,yes,,,李敏
己,2025-01-01,yes,,,王芳
CSV
sw-intake add --db r.db cases.csv >/dev/null 2>&1
dbq r.db "UPDATE cases SET status = 'closed', closed_date = '2025-02-01' WHERE id = 5"
dbq r.db "INSERT INTO services (name, created_at, batch_id) VALUES ('心理咨询中心', '2025-01-01T00:00:00Z', 1), ('法律援助', '2025-01-01T00:00:00Z', 1)"

# new_ref CASE [URGENCY]: drafts a referral (setup), its id in $ref.
new_ref() {
	printf 'case_id,provider,reason,urgency\n%s,某机构,测试,%s\n' "$1" "${2:-routine}" >new.csv
	sw-refer add --db r.db -o csv new.csv >new.out 2>/dev/null
	ref=$(sed -n '2s/,.*//p' new.out)
}
# walk REF DATE STATE... : moves it through valid transitions (setup);
# acceptance expects completion on $EXPECT.
EXPECT=
walk() {
	w=$1 wd=$2
	shift 2
	for s in "$@"; do
		we=
		[ "$s" = accepted ] && we=$EXPECT
		printf 'referral_id,state,date,reason,expected_date\n%s,%s,%s,因为,%s\n' \
			"$w" "$s" "$wd" "$we" >walk.csv
		sw-refer status --db r.db walk.csv >/dev/null 2>walk.err ||
			{ echo "# setup: $w to $s failed" >&2; diag walk.err; }
	done
}
state_of() { dbq r.db "SELECT state FROM referrals WHERE id = ${1#RF-}"; }

# ---- add ------------------------------------------------------------------
cat >add.csv <<'CSV'
case_id,service_id,provider,reason,urgency,expected_date,note
CA-1,SV-1,,情绪低落,emergency,2030-12-31,首次转介
CA-2,,街道法律服务站,债务纠纷,urgent,,
ca-4,sv-2,,就业,常规,2025/3/1,
CSV
run sw-refer add --db r.db -o csv add.csv
check_rc 0 "draft referrals to a service and to a provider typed in"
cp "$T/out" added.csv
ts
check_out "$HDR
RF-1,CA-1,SV-1,心理咨询中心,,情绪低落,emergency,draft,,2030-12-31,,,,,首次转介,TS,,
RF-2,CA-2,,,街道法律服务站,债务纠纷,urgent,draft,,,,,,,,TS,,
RF-3,CA-4,SV-2,法律援助,,就业,routine,draft,,2025-03-01,,,,,,TS,," "state draft, the service's name, canonical ids, words and dates"
check_err "sw-refer: batch BT-2: 3 read, 3 stored, 0 skipped, 0 rejected" "the totals"
check "each has its creation event (from nothing to draft)" test "$(dbq r.db "SELECT group_concat(referral_id || ':' || coalesce(from_state, '-') || ':' || to_state || ':' || date || ':' || actor, ' ') FROM (SELECT * FROM referral_events ORDER BY id) AS s")" = "1:-:draft:$TODAY:tester 2:-:draft:$TODAY:tester 3:-:draft:$TODAY:tester"
check "one audit entry names the referrals created" test "$(dbq r.db "SELECT action || ' ' || entity || ' ' || ids || ' ' || substr(detail, 1, 12) FROM audit WHERE action <> 'digest' ORDER BY id DESC LIMIT 1")" = 'insert referral RF-1..RF-3 {"records":3'

printf '个案编号,服务编号,转介原因,紧急程度,预计完成日期,备注\nCA-1,SV-2,法律咨询,较急,,转介单已填\n' >zh.csv
run sw-refer add --db r.db -o csv zh.csv
check_rc 0 "Chinese headers and words"
check "urgent, to the legal aid service" test "$(col 2 1),$(col 2 3),$(col 2 7),$(col 2 15)" = "RF-4,SV-2,urgent,转介单已填"

before=$(dbdump r.db)
cat >bad.csv <<'CSV'
case_id,service_id,provider,reason,urgency,expected_date,state
CA-1,SV-1,某机构,x,,,
CA-1,,,x,,,
CA-1,CA-2,,x,,,
CA-1,SV-9,,x,,,
CA-1,SV-1,,,,,
CA-1,SV-1,,x,soon,,
CA-5,SV-1,,x,,,
CA-99,SV-1,,x,,,
RF-1,SV-1,,x,,,
,SV-1,,x,,,
CA-1,SV-1,,x,,2025-02-30,
CA-1,SV-1,,x,,,sent
CA-1,SV-1,,x,,,
CSV
run sw-refer add --db r.db -o csv bad.csv
check_rc 3 "bad referrals"
check_err 'sw-refer: bad.csv:2: provider: give service_id or provider, not both
sw-refer: bad.csv:3: give service_id (a service of the directory, SV-n) or provider (one typed in)
sw-refer: bad.csv:4: service_id: not a service id (SV-n)
sw-refer: bad.csv:5: service_id: no such service (see sw-refer services)
sw-refer: bad.csv:6: reason: required: why the case is referred
sw-refer: bad.csv:7: urgency: not one of emergency, urgent, routine (紧急, 较急, 常规)
sw-refer: bad.csv:8: case_id: the case is closed
sw-refer: bad.csv:9: case_id: no such case
sw-refer: bad.csv:10: case_id: not a case id (CA-n)
sw-refer: bad.csv:11: case_id: required: the case referred (CA-n)
sw-refer: bad.csv:12: expected_date: not a valid date (no such day)
sw-refer: bad.csv:13: state: read-only; leave it empty for a new referral
sw-refer: batch rolled back, nothing stored: 13 read, 1 valid, 0 skipped, 12 rejected' "each problem named by file, line and column, never by value"
check_out "" "nothing printed"
check "a rejected batch leaves the database unchanged" test "$before" = "$(dbdump r.db)"

# Records that carry a referral_id: add's own output read back, or a
# line of it typed again, is checked against the referral it names.
run sw-refer add --db r.db -o csv added.csv
check_rc 0 "add's output read back"
check_err "sw-refer: added.csv:2: skipped: already stored as RF-1
sw-refer: added.csv:3: skipped: already stored as RF-2
sw-refer: added.csv:4: skipped: already stored as RF-3
sw-refer: batch BT-4: 3 read, 0 stored, 3 skipped, 0 rejected" "every record skipped as the referral it names"
check_out "$HDR" "nothing printed"
check "nothing stored but the batch" test "$(dbq r.db "SELECT count(*) FROM referrals")|$(dbq r.db "SELECT count(*) FROM audit WHERE batch_id = 4")" = "4|0"
cat >again.csv <<'CSV'
转介编号,个案编号,服务编号,紧急程度,预计完成日期,备注
rf-3,ca-4,sv-2,常规,2025/3/1,
Rf-1,CA-1,,紧急,,首次转介
CSV
run sw-refer add --db r.db again.csv
check_rc 0 "the fields given, in the forms add reads, equal the stored ones"
check_err "sw-refer: again.csv:2: skipped: already stored as RF-3
sw-refer: again.csv:3: skipped: already stored as RF-1
sw-refer: batch BT-5: 2 read, 0 stored, 2 skipped, 0 rejected" "skipped under the canonical id, never the id as typed"
cat >differ.csv <<'CSV'
referral_id,case_id,service_id,provider,reason,urgency,state,expected_date,created_at
RF-1,CA-1,,某机构,x,,,,
RF-1,CA-2,,,,,,,
RF-2,,,,债务纠纷,routine,,,
RF-3,,,,,,sent,,
RF-3,,,,,,,2025-03-02,
RF-3,,,,,,,,2025-01-01T00:00:00Z
RF-999,CA-1,,,x,,,,
CA-1,CA-1,,,x,,,,
rf-x,CA-1,,,x,,,,
CSV
run sw-refer add --db r.db --keep-going -o csv differ.csv
check_rc 3 "records that differ from the referral they name, or name none"
check_err 'sw-refer: differ.csv:2: provider: differs from the stored referral RF-1, which add never changes (a referral changes through sw-refer status)
sw-refer: differ.csv:3: case_id: differs from the stored referral RF-1, which add never changes (a referral changes through sw-refer status)
sw-refer: differ.csv:4: urgency: differs from the stored referral RF-2, which add never changes (a referral changes through sw-refer status)
sw-refer: differ.csv:5: state: differs from the stored referral RF-3, which add never changes (a referral changes through sw-refer status)
sw-refer: differ.csv:6: expected_date: differs from the stored referral RF-3, which add never changes (a referral changes through sw-refer status)
sw-refer: differ.csv:7: created_at: differs from the stored referral RF-3, which add never changes (a referral changes through sw-refer status)
sw-refer: differ.csv:8: referral_id: no such referral
sw-refer: differ.csv:9: referral_id: not a referral id (RF-n)
sw-refer: differ.csv:10: referral_id: not a referral id (RF-n)
sw-refer: batch BT-6: 9 read, 0 stored, 0 skipped, 9 rejected' "rejected naming the first field that differs; an id naming no referral refused"
check_out "$HDR" "nothing printed"
check "nothing changed" test "$(dbq r.db "SELECT count(*) FROM referrals")|$(dbq r.db "SELECT CASE WHEN provider IS NULL AND case_id = 1 THEN 1 ELSE 0 END FROM referrals WHERE id = 1")" = "4|1"
run sw-refer add --db r.db --dry-run differ.csv
check_rc 3 "checked in a dry run too"
check_err_line "sw-refer: differ.csv:8: referral_id: no such referral" "the referral looked for in a dry run"
printf 'case_id,provider,reason,colour\nCA-1,某机构,x,red\n' >unknown.csv
run sw-refer add --db r.db unknown.csv
check_rc 3 "an unknown column"
check_err_line "sw-refer: unknown.csv:2: colour: unknown column" "unknown column named"

before=$(dbdump r.db)
run sw-refer add --db r.db --dry-run -o csv add.csv
check_rc 0 "a dry run"
check_out "$HDR
,CA-1,SV-1,心理咨询中心,,情绪低落,emergency,draft,,2030-12-31,,,,,首次转介,,,
,CA-2,,,街道法律服务站,债务纠纷,urgent,draft,,,,,,,,,,
,CA-4,SV-2,法律援助,,就业,routine,draft,,2025-03-01,,,,,,,," "printed without ids"
check "a dry run writes nothing" test "$before" = "$(dbdump r.db)"
run sw-refer add --db "$(dbmissing none.db)" --dry-run add.csv
check_rc 4 "referrals need a database, even in a dry run"
check "no database was created" test ! -e none.db
run sw-refer add --db "$(dbmissing none.db)" add.csv
check_rc 4 "a mistyped database path"
check_err_line "sw-refer: cannot open database '$(dbmissing none.db)': $(dbmissing_why none.db)" "the path named"
check "still no database" test ! -e none.db

# ---- every transition, valid and invalid --------------------------------------
# A new referral of CA-1 (consent given) walked into each state, then
# asked to go to each state: 7 x 7.
VALID=" draft:sent draft:cancelled sent:accepted sent:declined sent:cancelled accepted:completed accepted:revoked declined:draft completed:draft cancelled:draft revoked:draft "
next_of() {
	case $1 in
	draft) echo "sent or cancelled" ;;
	sent) echo "accepted, declined or cancelled" ;;
	accepted) echo "completed or revoked" ;;
	*) echo "draft, to reopen it" ;;
	esac
}
path_to() {
	case $1 in
	draft) echo "" ;;
	sent) echo "sent" ;;
	accepted) echo "sent accepted" ;;
	declined) echo "sent declined" ;;
	completed) echo "sent accepted completed" ;;
	cancelled) echo "cancelled" ;;
	revoked) echo "sent accepted revoked" ;;
	esac
}
STATES="draft sent accepted declined completed cancelled revoked"
for from in $STATES; do
	for to in $STATES; do
		new_ref CA-1
		# shellcheck disable=SC2046
		walk "$ref" 2025-02-01 $(path_to "$from")
		if [ "$(state_of "$ref")" != "$from" ]; then
			not_ok "setup: $ref is $from"
			continue
		fi
		printf 'referral_id,state,date,reason\n%s,%s,2025-02-10,因为\n' "$ref" "$to" >st.csv
		run sw-refer status --db r.db -o csv st.csv
		case $VALID in
		*" $from:$to "*)
			check_rc 0 "$from -> $to is allowed"
			check "$from -> $to: the record printed is $to" test "$(col 2 1),$(col 2 8)" = "$ref,$to"
			check "$from -> $to: stored" test "$(state_of "$ref")" = "$to"
			;;
		*)
			check_rc 3 "$from -> $to is refused"
			if [ "$from" = "$to" ]; then
				want="sw-refer: st.csv:2: state: cannot go from $from to $to: the referral is already $from"
			else
				want="sw-refer: st.csv:2: state: cannot go from $from to $to: the referral is $from (next: $(next_of "$from"))"
			fi
			check_err_line "$want" "$from -> $to: the message names the current state"
			check "$from -> $to: the referral is still $from" test "$(state_of "$ref")" = "$from"
			;;
		esac
	done
done

# The words partners write: Chinese states and 'reopen'.
new_ref CA-1
printf '转介编号,新状态,日期,原因\n%s,已发送,2025-02-01,\n%s,已接受,2025-02-02,\n%s,已完成,2025-02-03,\n%s,reopen,2025-02-04,需要再次转介\n%s,取消,2025-02-04,\n' "$ref" "$ref" "$ref" "$ref" "$ref" >zh-status.csv
run sw-refer status --db r.db -o csv zh-status.csv
check_rc 0 "Chinese headers and states, and reopen"
check "sent, accepted, completed, reopened, cancelled" test "$(cut -d, -f8 "$T/out" | tr '\n' ' ')" = "state sent accepted completed draft cancelled "
check "every change is an event with its date, actor and reason" test "$(dbq r.db "SELECT group_concat(from_state || '>' || to_state || '@' || date || ':' || actor || ':' || coalesce(reason, ''), ' ') FROM (SELECT * FROM referral_events WHERE referral_id = ${ref#RF-} AND from_state IS NOT NULL ORDER BY id) AS s")" = "draft>sent@2025-02-01:tester: sent>accepted@2025-02-02:tester: accepted>completed@2025-02-03:tester: completed>draft@2025-02-04:tester:需要再次转介 draft>cancelled@2025-02-04:tester:"
check "and an audit entry each, with the state before and after" test "$(dbq r.db "SELECT count(*) FROM audit WHERE action = 'update' AND entity = 'referral' AND ids = '$ref' AND detail LIKE '{\"before\":{\"state\":%'")" = 5
if [ "$CW_BACKEND" = pg ]; then  # a timestamptz: the instant itself, of this run
	check "the event's time is the instant it happened" test "$(dbq r.db "SELECT count(*) FROM referral_events WHERE referral_id = ${ref#RF-} AND pg_typeof(at) = 'timestamptz'::regtype AND at BETWEEN now() - interval '30 minutes' AND now()")" = 6
else
	check "the event's time is UTC" test "$(dbq r.db "SELECT count(*) FROM referral_events WHERE referral_id = ${ref#RF-} AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'")" = 6
fi
printf 'referral_id,state\n%s,maybe\n%s,\n' "$ref" "$ref" >word.csv
run sw-refer status --db r.db --keep-going word.csv
check_err 'sw-refer: word.csv:2: state: not one of sent, accepted, declined, completed, cancelled, revoked, draft (已发送, 已接受, 已拒绝, 已完成, 已取消, 已撤销, 草稿)
sw-refer: word.csv:3: state: required: the new state (sent, accepted, declined, completed, cancelled, revoked, or draft to reopen)
sw-refer: batch BT-'"$(dbq r.db "SELECT max(id) FROM batches")"': 2 read, 0 stored, 0 skipped, 2 rejected' "an unknown or missing state"
printf 'referral_id,state\nRF-999,sent\nCA-1,sent\n,sent\n' >which.csv
run sw-refer status --db r.db --keep-going which.csv
check_err_line "sw-refer: which.csv:2: referral_id: no such referral" "no such referral"
check_err_line "sw-refer: which.csv:3: referral_id: not a referral id (RF-n)" "not a referral id"
check_err_line "sw-refer: which.csv:4: referral_id: required: the referral (RF-n)" "referral id required"

# ---- reasons, dates ----------------------------------------------------------
new_ref CA-1
walk "$ref" 2025-02-01 sent
printf 'referral_id,state,date\n%s,declined,2025-02-02\n' "$ref" >r1.csv
run sw-refer status --db r.db r1.csv
check_rc 3 "declined without a reason"
check_err_line "sw-refer: r1.csv:2: reason: required when a referral is declined" "a reason is required to decline"
walk "$ref" 2025-02-02 accepted
printf 'referral_id,state,date,reason\n%s,revoked,2025-02-03,\n' "$ref" >r2.csv
run sw-refer status --db r.db r2.csv
check_rc 3 "revoked without a reason"
check_err_line "sw-refer: r2.csv:2: reason: required when a referral is revoked" "a reason is required to revoke"
printf 'referral_id,state,date,reason\n%s,revoked,2025-02-03,机构停止服务\n' "$ref" >r3.csv
run sw-refer status --db r.db r3.csv
check_rc 0 "revoked with a reason"
check "the reason is kept with the event" test "$(dbq r.db "SELECT reason FROM referral_events WHERE referral_id = ${ref#RF-} AND to_state = 'revoked'")" = 机构停止服务
check "and audited" test "$(dbq r.db "SELECT count(*) FROM audit WHERE ids = '$ref' AND detail LIKE '%\"reason\":\"机构停止服务\"%'")" = 1

new_ref CA-1
walk "$ref" 2025-02-10 sent
printf 'referral_id,state,date\n%s,accepted,2099-01-01\n%s,accepted,2025-02-09\n%s,accepted,2025-02-31\n' "$ref" "$ref" "$ref" >d.csv
run sw-refer status --db r.db --keep-going d.csv
check_err 'sw-refer: d.csv:2: date: is in the future
sw-refer: d.csv:3: date: is before the referral'"'"'s last change of state
sw-refer: d.csv:4: date: not a valid date (no such day)
sw-refer: batch BT-'"$(dbq r.db "SELECT max(id) FROM batches")"': 3 read, 0 stored, 0 skipped, 3 rejected' "a date in the future, before the last change, or no date at all"
printf 'referral_id,state,date,expected_date\n%s,cancelled,2025-02-10,2025-03-01\n%s,accepted,2025-02-12,2025-02-11\n%s,accepted,2025-02-12,2025-04-30\n' "$ref" "$ref" "$ref" >e.csv
run sw-refer status --db r.db --keep-going -o csv e.csv
check_err_line "sw-refer: e.csv:2: expected_date: only when accepting (state accepted)" "expected_date belongs to acceptance"
check_err_line "sw-refer: e.csv:3: expected_date: is before the date the referral is accepted" "completion expected before acceptance"
check "accepted, with the date completion is expected" test "$(col 2 8),$(col 2 10),$(col 2 12)" = "accepted,2025-04-30,2025-02-12"

# Accepted without an expected_date: completion is expected 30 days
# after the acceptance, so that the referral is followed up.
new_ref CA-1
walk "$ref" 2025-02-10 sent
printf 'referral_id,state,date\n%s,accepted,2025-02-12\n' "$ref" >x1.csv
run sw-refer status --db r.db -o csv x1.csv
check_rc 0 "accepted without an expected_date"
check "expected 30 days after the acceptance" test "$(col 2 8),$(col 2 10),$(col 2 12)" = "accepted,2025-03-14,2025-02-12"
check "the date set is audited with the change" test "$(dbq r.db "SELECT detail FROM audit WHERE ids = '$ref' AND action <> 'digest' ORDER BY id DESC LIMIT 1")" = '{"before":{"state":"sent","expected_date":null,"response_date":null},"after":{"state":"accepted","expected_date":"2025-03-14","response_date":"2025-02-12"},"date":"2025-02-12"}'
defaulted=$ref
run sw-refer list --db r.db --case CA-1 --overdue -o csv
check "listed as overdue once that date has passed" eval 'cut -d, -f1,10 "$T/out" | grep -qx "$defaulted,2025-03-14"'
run sw-plan due --db r.db -o csv
check "and by sw-plan due" eval 'grep -q "^2025-03-14,overdue,.*,referral,$defaulted,CA-1,.*referral not completed by its expected date" "$T/out"'
printf 'case_id,provider,reason,expected_date\nCA-1,某机构,测试,2025-06-30\n' >x2.csv
sw-refer add --db r.db -o csv x2.csv >x2.out 2>/dev/null
ref=$(sed -n '2s/,.*//p' x2.out)
walk "$ref" 2025-02-10 sent
printf 'referral_id,state,date\n%s,accepted,2025-02-12\n' "$ref" >x3.csv
run sw-refer status --db r.db -o csv x3.csv
check "the expected_date given when it was added is kept" test "$(col 2 8),$(col 2 10)" = "accepted,2025-06-30"

# A referral created today may have been sent earlier (entered afterwards).
new_ref CA-1
printf 'referral_id,state,date\n%s,sent,2025-01-15\n' "$ref" >late.csv
run sw-refer status --db r.db -o csv late.csv
check_rc 0 "the creation date does not bound the dates of the changes"

# Reopening clears the follow-up only; sending again starts a new round.
new_ref CA-1
walk "$ref" 2025-02-01 sent accepted completed
printf 'referral_id,state,date\n%s,draft,2025-02-05\n' "$ref" >reopen.csv
run sw-refer status --db r.db -o csv reopen.csv
check_rc 0 "reopen a completed referral"
check "draft, no follow-up; sent, response and completion dates kept" test "$(col 2 8),$(col 2 9),$(col 2 11),$(col 2 12),$(col 2 13)" = "draft,,2025-02-01,2025-02-01,2025-02-01"
printf 'referral_id,state,date\n%s,sent,2025-02-06\n' "$ref" >resend.csv
run sw-refer status --db r.db -o csv resend.csv
check "sent again: a new follow-up, the old answer cleared" test "$(col 2 8),$(col 2 9),$(col 2 11),$(col 2 12),$(col 2 13)" = "sent,2025-02-20,2025-02-06,,"
check "the history stays in the events" test "$(dbq r.db "SELECT count(*) FROM referral_events WHERE referral_id = ${ref#RF-}")" = 6

# ---- consent to share ------------------------------------------------------------
new_ref CA-2
refuse=$ref
printf 'referral_id,state,date\n%s,sent,2025-03-10\n' "$refuse" >c1.csv
run sw-refer status --db r.db c1.csv
check_rc 3 "no consent to share"
check_err_line "sw-refer: c1.csv:2: the client has not consented to sharing information (consent_share); to send it anyway, give consent_override (同意豁免) with the reason" "refused, saying how to override"
new_ref CA-3
printf 'referral_id,state,date\n%s,sent,2025-03-01\n' "$ref" >c2.csv
run sw-refer status --db r.db c2.csv
check_rc 3 "consent withdrawn on the day"
check_err_line "sw-refer: c2.csv:2: the client has withdrawn consent to sharing information (consent_withdrawn); to send it anyway, give consent_override (同意豁免) with the reason" "withdrawn consent refused"
printf 'referral_id,state,date\n%s,sent,2025-02-28\n' "$ref" >c3.csv
run sw-refer status --db r.db c3.csv
check_rc 0 "sent the day before consent was withdrawn"
new_ref CA-4
printf 'referral_id,state,date\n%s,sent,2025-07-01\n' "$ref" >c4.csv
run sw-refer status --db r.db c4.csv
check_rc 3 "consent expired"
check_err_line "sw-refer: c4.csv:2: the client's consent to sharing information has expired (consent_expires); to send it anyway, give consent_override (同意豁免) with the reason" "expired consent refused"
printf 'referral_id,state,date\n%s,sent,2025-06-30\n' "$ref" >c5.csv
run sw-refer status --db r.db c5.csv
check_rc 0 "sent on the last day of consent"
printf 'referral_id,state,date,consent_override\n%s,sent,2025-03-10,有自伤风险需紧急转介\n' "$refuse" >c6.csv
run sw-refer status --db r.db -o csv c6.csv
check_rc 0 "sent without consent, overridden with a reason"
check "the override is stored with the referral" test "$(col 2 8),$(col 2 14)" = "sent,有自伤风险需紧急转介"
check "and audited, with what was missing" test "$(dbq r.db "SELECT count(*) FROM audit WHERE ids = '$refuse' AND detail LIKE '%\"consent_override\":\"有自伤风险需紧急转介\"%\"consent_missing\":\"consent_share\"%'")" = 1
new_ref CA-1
printf 'referral_id,state,date,同意豁免\n%s,sent,2025-03-10,以防万一\n%s,cancelled,2025-03-10,以防万一\n' "$ref" "$ref" >c7.csv
run sw-refer status --db r.db --keep-going c7.csv
check_err_line "sw-refer: c7.csv:2: 同意豁免: not needed: the client has consented to sharing information; leave it empty" "an override that is not needed is refused"
check_err_line "sw-refer: c7.csv:3: 同意豁免: only when sending (state sent)" "an override only goes with sending"

# ---- follow-up dates --------------------------------------------------------------
new_ref CA-1 emergency
e=$ref
new_ref CA-1 urgent
u=$ref
new_ref CA-1 routine
r=$ref
printf 'referral_id,state,date\n%s,sent,2025-03-10\n%s,sent,2025-03-10\n%s,sent,2025-03-10\n' "$e" "$u" "$r" >fu.csv
dbcp r.db before-fu.db
run sw-refer status --db r.db -o csv fu.csv
check_rc 0 "send three referrals"
check "follow up in 1, 3 and 14 days by urgency" test "$(cut -d, -f7,9,11 "$T/out" | sed 1d | tr '\n' ' ')" = "emergency,2025-03-11,2025-03-10 urgent,2025-03-13,2025-03-10 routine,2025-03-24,2025-03-10 "
mkdir cfg
dbcp before-fu.db cfg/r.db
if [ "$CW_BACKEND" = pg ]; then  # kept in the database there (casework.7 CONFIGURATION)
	sw-admin config --db cfg/r.db followup_routine_days 7 >/dev/null 2>&1
	sw-admin config --db cfg/r.db followup_urgent_days 2 >/dev/null 2>&1
else
	printf '# the north office\nfollowup_routine_days = 7\nfollowup_urgent_days = 2\n' >cfg/casework.conf
fi
run sw-refer status --db cfg/r.db -o csv fu.csv
check_rc 0 "send them where casework.conf sets other intervals"
check "emergency 1 day (default), urgent 2, routine 7 (configured)" test "$(cut -d, -f9 "$T/out" | sed 1d | tr '\n' ' ')" = "2025-03-11 2025-03-12 2025-03-17 "
new_ref CA-1
printf 'referral_id,state\n%s,sent\n' "$ref" >now.csv
run sw-refer status --db r.db -o csv now.csv
check "the date defaults to today" test "$(col 2 11),$(col 2 9)" = "$TODAY,$(date -d "$TODAY +14 days" +%F)"

# ---- a partner's CSV: Chinese headers, GB18030, CRLF ------------------------------
new_ref CA-1
p1=$ref
new_ref CA-1
p2=$ref
new_ref CA-1
p3=$ref
walk "$p1" 2025-04-01 sent
walk "$p2" 2025-04-01 sent
cat >partner.csv <<CSV
转介编号,新状态,日期,原因
$p1,已接受,2025-04-03,
$p2,已拒绝,2025/4/2,名额已满
$p3,已取消,2025-04-02,重复转介
$p1,已完成,2025-04-20,
CSV
iconv -f UTF-8 -t GB18030 partner.csv | sed 's/$/\r/' >partner-gb.csv
before=$(dbdump r.db)
run sw-refer status --db r.db --dry-run -o csv --encoding GB18030 partner-gb.csv
check_rc 0 "a dry run of the partner's sheet"
check "a later row sees what an earlier one would do" test "$(cut -d, -f1,8 "$T/out" | sed 1d | tr '\n' ' ')" = "$p1,accepted $p2,declined $p3,cancelled $p1,completed "
check "the dry run writes nothing" test "$before" = "$(dbdump r.db)"
run sw-refer status --db r.db -o csv --encoding GB18030 partner-gb.csv
check_rc 0 "the partner's sheet"
check "accepted then completed, declined with its reason, cancelled" test "$(state_of "$p1"),$(state_of "$p2"),$(state_of "$p3")" = "completed,declined,cancelled"
check "response and completion dates" test "$(dbq r.db "SELECT response_date || ' ' || completed_date FROM referrals WHERE id = ${p1#RF-}"),$(dbq r.db "SELECT response_date FROM referrals WHERE id = ${p2#RF-}")" = "2025-04-03 2025-04-20,2025-04-02"

# All or nothing; --keep-going; a rejects file.
new_ref CA-1
k1=$ref
new_ref CA-1
k2=$ref
printf 'referral_id,state,date\n%s,sent,2025-04-01\n%s,accepted,2025-04-01\n' "$k1" "$k2" >mixed.csv
before=$(dbdump r.db)
run sw-refer status --db r.db mixed.csv
check_rc 3 "one bad row"
check_err "sw-refer: mixed.csv:3: state: cannot go from draft to accepted: the referral is draft (next: sent or cancelled)
sw-refer: batch rolled back, nothing stored: 2 read, 1 valid, 0 skipped, 1 rejected" "the batch is rolled back"
check "a rejected batch leaves the database unchanged" test "$before" = "$(dbdump r.db)"
run sw-refer status --db r.db --keep-going --rejects rej.csv -o csv mixed.csv
check_rc 3 "--keep-going"
check "the good row is stored" test "$(state_of "$k1"),$(state_of "$k2")" = "sent,draft"
cat >rej-want.csv <<CSV
_file,_line,_reason,referral_id,state,date
mixed.csv,3,state: cannot go from draft to accepted: the referral is draft (next: sent or cancelled),$k2,accepted,2025-04-01
CSV
check_file rej-want.csv rej.csv "the bad row in the rejects file"
run sw-refer status --db "$(dbmissing none.db)" mixed.csv
check_rc 4 "status needs the database"
run sw-refer status --db "$(dbmissing none.db)" --dry-run mixed.csv
check_rc 4 "even in a dry run"
check "none created" test ! -e none.db

# ---- list ---------------------------------------------------------------------
# CA-6 (王芳): sent long ago (overdue), sent today, accepted and past its
# expected date (overdue), accepted with time left, completed late, draft.
new_ref CA-6
o1=$ref
walk "$o1" 2025-05-01 sent
new_ref CA-6
o2=$ref
printf 'referral_id,state\n%s,sent\n' "$o2" >o2.csv
sw-refer status --db r.db o2.csv >/dev/null 2>&1
new_ref CA-6
o3=$ref
EXPECT=2025-05-31
walk "$o3" 2025-05-02 sent accepted
new_ref CA-6
o4=$ref
EXPECT=2099-12-31
walk "$o4" 2025-05-02 sent accepted
new_ref CA-6
o5=$ref
EXPECT=2025-05-10
walk "$o5" 2025-05-02 sent accepted
EXPECT=
walk "$o5" 2025-05-20 completed
new_ref CA-6
o6=$ref
run sw-refer list --db r.db --case CA-6 --overdue -o csv
check_rc 0 "overdue referrals"
check "sent without an answer past the follow-up, accepted past the expected date" test "$(ids)" = "$o1 $o3 "
run sw-refer list --db r.db --worker 王芳 -o csv
check "by the case's worker, in id order" test "$(ids)" = "$o1 $o2 $o3 $o4 $o5 $o6 "
run sw-refer list --db r.db --worker 王芳 --status accepted -o csv
check "by state" test "$(ids)" = "$o3 $o4 "
run sw-refer list --db r.db --service sv-2 -o csv
check_rc 0 "by service"
check "the referrals to SV-2" test "$(ids)" = "RF-3 RF-4 "
run sw-refer list --db r.db --case CA-4 --service SV-2 -o csv
ts
check_out "$HDR
RF-3,CA-4,SV-2,法律援助,,就业,routine,draft,,2025-03-01,,,,,,TS,," "the whole record, as add printed it"
run sw-refer list --db r.db --case CA-5
check_rc 1 "nothing selected"
check_out "" "nothing printed"
run sw-refer list --db r.db --status open
check_rc 2 "an unknown state"
check_err_line "sw-refer: option '--status': use draft, sent, accepted, declined, completed, cancelled or revoked" "the states named"
run sw-refer list --db r.db --case RF-1
check_rc 3 "an id of the wrong kind"
check_err_line "sw-refer: 'RF-1' is not a case id (CA-n)" "wrong kind named"
run sw-refer list --db r.db --case CA-99
check_rc 3 "a case that does not exist"
check_err_line "sw-refer: no case CA-99" "no such case"
run sw-refer list --db r.db --service SV-99
check_rc 3 "a service that does not exist"
check_err_line "sw-refer: no service SV-99" "no such service"
run sw-refer list --db "$(dbmissing none.db)"
check_rc 4 "list needs the database"

# ---- feedback -------------------------------------------------------------------
printf 'referral_id,date,outcome,note\n%s,2025-05-21,已完成六次辅导,家长满意\n' "$o5" >fb.csv
run sw-refer feedback --db r.db -o csv fb.csv
check_rc 0 "provider feedback"
cp "$T/out" fb-out.csv
ts
check_out "referral_id,date,outcome,note,created_at
$o5,2025-05-21,已完成六次辅导,家长满意,TS" "the referral, date, outcome and note"
check "stored" test "$(dbq r.db "SELECT date || ' ' || outcome FROM referral_feedback WHERE referral_id = ${o5#RF-}")" = "2025-05-21 已完成六次辅导"
check "audited" test "$(dbq r.db "SELECT action || ' ' || entity || ' ' || ids || ' ' || substr(detail, 1, 12) FROM audit ORDER BY id DESC LIMIT 1")" = "feedback referral $o5 {\"records\":1"
printf '转介编号,结果\n%s,已接案\n' "$o3" >fb-zh.csv
run sw-refer feedback --db r.db -o csv fb-zh.csv
check_rc 0 "feedback with Chinese headers"
check "dated today by default" test "$(col 2 2)" = "$TODAY"
before=$(dbdump r.db)
printf 'referral_id,date,outcome\n%s,2025-05-21,\n%s,2099-01-01,x\n%s,2025-04-30,x\n%s,,x\nRF-999,,x\nCA-1,,x\n' "$o5" "$o5" "$o5" "$o6" >fb-bad.csv
run sw-refer feedback --db r.db fb-bad.csv
check_rc 3 "bad feedback"
check_err 'sw-refer: fb-bad.csv:2: outcome: required: what the provider reports
sw-refer: fb-bad.csv:3: date: is in the future
sw-refer: fb-bad.csv:4: date: is before the referral was sent
sw-refer: fb-bad.csv:5: referral_id: the referral has not been sent: no provider has had it
sw-refer: fb-bad.csv:6: referral_id: no such referral
sw-refer: fb-bad.csv:7: referral_id: not a referral id (RF-n)
sw-refer: batch rolled back, nothing stored: 6 read, 0 valid, 0 skipped, 6 rejected' "each problem named"
check "nothing written" test "$before" = "$(dbdump r.db)"
printf 'referral_id,date,outcome,note\n%s,2025-05-22,结案,\n' "$o5" >fb2.csv
run sw-refer feedback --db r.db --dry-run -o csv fb2.csv
check_rc 0 "a dry run of feedback"
check_out "referral_id,date,outcome,note,created_at
$o5,2025-05-22,结案,," "printed, not stored"
check "the dry run wrote nothing" test "$before" = "$(dbdump r.db)"

# The same feedback again stores nothing: a file read twice, feedback's
# own output read back, or one record twice in a batch.
run sw-refer feedback --db r.db -o csv fb.csv
check_rc 0 "the same file read again"
check_err "sw-refer: fb.csv:2: skipped: already stored (feedback of $o5 on 2025-05-21)
sw-refer: batch BT-$(dbq r.db "SELECT max(id) FROM batches"): 1 read, 0 stored, 1 skipped, 0 rejected" "skipped as already stored"
check_out "referral_id,date,outcome,note,created_at" "nothing printed"
run sw-refer feedback --db r.db -o csv fb-out.csv
check_rc 0 "feedback's output read back, with its created_at"
check_err_line "sw-refer: fb-out.csv:2: skipped: already stored (feedback of $o5 on 2025-05-21)" "skipped, not refused"
check "still one feedback record, and no audit entry for the batches that stored none" test "$(dbq r.db "SELECT count(*) FROM referral_feedback WHERE referral_id = ${o5#RF-}")|$(dbq r.db "SELECT count(*) FROM audit WHERE action = 'feedback'")" = "1|2"
run sw-refer feedback --db r.db --dry-run fb2.csv fb2.csv
check_err_line "sw-refer: fb2.csv:2: skipped: already stored (feedback of $o5 on 2025-05-22)" "a dry run skips a record it read earlier in the batch"
check_err_line "sw-refer: dry run, nothing stored: 2 read, 1 valid, 1 skipped, 0 rejected" "as a real run would"
sed "s/,家长满意,[0-9TZ:-]*\$/,家长满意,2025-01-01T00:00:00Z/" fb-out.csv >fb-time.csv
printf '%s,2025-05-21,已完成六次辅导,,2025-01-01T00:00:00Z\n' "$o5" >>fb-time.csv
before=$(dbdump r.db)
run sw-refer feedback --db r.db fb-time.csv
check_rc 3 "a created_at that is not the stored one"
check_err "sw-refer: fb-time.csv:2: created_at: read-only; it differs from the stored feedback
sw-refer: fb-time.csv:3: created_at: read-only; no such feedback is stored: leave it empty for new feedback
sw-refer: batch rolled back, nothing stored: 2 read, 0 valid, 0 skipped, 2 rejected" "the time of stored feedback is not changed; new feedback has no created_at"
check "nothing stored" test "$before" = "$(dbdump r.db)"

# One audit entry per batch names the referrals, in id order and each
# once, with the digest of the records as printed.
printf 'referral_id,date,outcome,note\n%s,2025-05-23,随访,一\n%s,2025-05-23,随访,\n%s,2025-05-23,随访,二\n' "$o5" "$o3" "$o5" >fb3.csv
run sw-refer feedback --db r.db -o jsonl fb3.csv fb3.csv
check_rc 0 "feedback on two referrals, one of them twice, the file given twice"
check_err_line "sw-refer: batch BT-$(dbq r.db "SELECT max(id) FROM batches"): 6 read, 3 stored, 3 skipped, 0 rejected" "the second reading skipped"
check "audited as $o3,$o5, three records, digest of the records printed" test "$(dbq r.db "SELECT ids || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" = "$o3,$o5 {\"records\":3,\"sha256\":\"$(sha256sum <"$T/out" | cut -d' ' -f1)\"}"
printf 'referral_id,date,outcome\n%s,2025-05-24,随访\n%s,2025-05-24,随访\n%s,2025-05-24,随访\n' "$o5" "$o4" "$o3" >fb4.csv
run sw-refer feedback --db r.db fb4.csv
check "three referrals in a row: one range" test "$(dbq r.db "SELECT ids FROM audit ORDER BY id DESC LIMIT 1")" = "$o3..$o5"

# ---- records without a header ------------------------------------------------------
# The first line names no column of the records: refused, never quoted.
dbdump r.db >before.dump
printf 'CA-1,某机构,测试,routine\nCA-1,某机构,测试,routine\n' >nohdr.csv
for verb in add status feedback; do
	run sw-refer $verb --db r.db nohdr.csv
	check_rc 3 "$verb without a header"
	check_err "sw-refer: nohdr.csv:1: the first line is not a header (no known column)
sw-refer: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" "$verb: refused as such, no value quoted"
done
printf 'case_id,provider,reason,urgnecy\nCA-1,某机构,测试,routine\n' >typo.csv
run sw-refer add --db r.db typo.csv
check_rc 3 "a misspelt column beside known ones"
check_err_line "sw-refer: typo.csv:2: urgnecy: unknown column" "named, as before"
dbdump r.db >after.dump
check_file before.dump after.dump "nothing stored"

# ---- the audit trail covers every change -----------------------------------------
check "one audit entry per change of state" test "$(dbq r.db "SELECT count(*) FROM referral_events WHERE from_state IS NOT NULL")" = "$(dbq r.db "SELECT count(*) FROM audit WHERE entity = 'referral' AND action = 'update'")"
check "every referral has its creation event" test "$(dbq r.db "SELECT count(*) FROM referrals")" = "$(dbq r.db "SELECT count(*) FROM referral_events WHERE from_state IS NULL")"

done_testing
