#!/bin/sh
# sw-assess: instruments, scoring, risk and follow-ups, history.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
col() { sed -n "$1p" "$T/out" | cut -d, -f"$2"; }
HDR=assessment_id,case_id,instrument,version,date,total,scaled,band,risk,flags,subscales,crisis_followup,reassess_due,created_at

printf 'name,intake_date\n甲,2026-10-01\n乙,2026-10-01\n丙,2026-10-01\n' >cases.csv
sw-intake add --db a.db cases.csv >/dev/null 2>&1

run sw-assess instruments --db a.db -o csv
check_rc 0 "list the instruments"
check "the eight built-ins" test "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "instrument gad7 k10 k6 needs phq9 safety satisfaction who5 "
run sw-assess instrument phq9 --db a.db
check_rc 0 "print a definition"
check "the definition is JSON naming the instrument" grep -q '"name": "phq9"' "$T/out"
run sw-assess instrument nosuch --db a.db
check_rc 2 "an unknown instrument"
check_err_line "sw-assess: unknown instrument 'nosuch' (see sw-assess instruments)" "unknown instrument named"

# PHQ-9 by item position, with dates; a moderate band and a critical item.
cat >phq.csv <<'CSV'
case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9
CA-1,2026-10-02,2,2,2,1,1,1,1,0,0
CA-2,2026-10-03,0,0,0,0,0,0,0,0,3
CSV
run sw-assess score phq9 --db a.db -o csv phq.csv
check_rc 0 "score PHQ-9 answers"
ts
check_out "$HDR
AS-1,CA-1,phq9,1,2026-10-02,10,,moderate,medium,,,,2026-10-30,TS
AS-2,CA-2,phq9,1,2026-10-03,3,,minimal,critical,thoughts of self-harm,,2026-10-04,2026-10-31,TS" "total, band, risk, flags and follow-up dates"
check_err 'sw-assess: phq.csv:3: warning: CA-2: critical risk on phq9 (thoughts of self-harm); crisis follow-up due 2026-10-04
sw-assess: batch BT-2: 2 read, 2 stored, 0 skipped, 0 rejected' "a critical result warns on stderr, naming the case only"
check "follow-ups scheduled for sw-plan" test "$(dbq a.db "SELECT group_concat(case_id || ':' || kind || ':' || due_date, ' ') FROM (SELECT * FROM followups ORDER BY id) AS s")" = "1:reassessment:2026-10-30 2:crisis:2026-10-04 2:reassessment:2026-10-31"

# Bad answers: each refused with its line and column; nothing stored.
before=$(dbdump a.db)
cat >bad.csv <<'CSV'
case_id,interest,mood,sleep,energy,appetite,self_worth,concentration,psychomotor,self_harm
CA-1,4,0,0,0,0,0,0,0,0
CA-9,0,0,0,0,0,0,0,0,0
CA-1,x,0,0,0,0,0,0,0,0
AS-1,0,0,0,0,0,0,0,0,0
CSV
printf 'case_id,q1,q2,q3,q4,q5,q6,q7,q8\nCA-1,0,0,0,0,0,0,0,0\n' >short.csv
printf 'case_id,q1,interest,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,0,0,0,0,0,0,0,0,0,0\n' >twice.csv
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9,mood_note\nCA-1,2026-10-05,0,0,0,0,0,0,0,0,0,x\n' >extra.csv
run sw-assess score phq9 --db a.db bad.csv short.csv twice.csv extra.csv
check_rc 3 "bad answer records"
check_err 'sw-assess: bad.csv:2: interest: outside the item'"'"'s response scale (0 to 3)
sw-assess: bad.csv:3: case_id: no such case
sw-assess: bad.csv:4: interest: not a whole number
sw-assess: bad.csv:5: case_id: not a case id (CA-n)
sw-assess: short.csv:2: item '"'"'self_harm'"'"' (q9) is not answered
sw-assess: twice.csv:2: interest: item '"'"'interest'"'"' answered twice
sw-assess: extra.csv:2: mood_note: unknown column (not an item of phq9, nor case_id or date)
sw-assess: batch rolled back, nothing stored: 7 read, 0 valid, 0 skipped, 7 rejected' "each problem named by file, line and column"
check "nothing was written" test "$before" = "$(dbdump a.db)"
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2099-01-01,0,0,0,0,0,0,0,0,0\n' >future.csv
run sw-assess score phq9 --db a.db future.csv
check_err_line "sw-assess: future.csv:2: date: is in the future" "a future date refused"

# A dry run is a pure filter: no database, no case needed.
printf '{"q1":3,"q2":3,"q3":3,"q4":3,"q5":3,"q6":3,"q7":3,"q8":2,"q9":0,"date":"2026-10-01"}\n' >anon.jsonl
run_in anon.jsonl sw-assess score phq9 --dry-run --db none.db -o csv
check_rc 0 "a dry run without a database"
check_out "$HDR
,,phq9,1,2026-10-01,23,,severe,high,,,2026-10-02,2026-10-29," "scored without storing"
check_err_line "sw-assess: -:1: warning: no case: high risk on phq9; crisis follow-up due 2026-10-02" "the warning still shows"
check "no database was created" test ! -e none.db

# Re-assessment: --reassess-in overrides; a new assessment closes the old one.
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-10-20,1,1,0,0,0,0,0,0,0\n' >later.csv
run sw-assess score phq9 --db a.db --reassess-in 2w -o csv later.csv
check_rc 0 "a later PHQ-9"
check "re-assessment in two weeks" test "$(col 2 13)" = 2026-11-03
check "the earlier re-assessment is done" test "$(dbq a.db "SELECT status FROM followups WHERE id = 1")" = done
run sw-assess score phq9 --db a.db --reassess-in soon later.csv
check_rc 2 "a bad duration"
run sw-assess score phq9 --db a.db --reassess-in 0d later.csv
check_rc 2 "a zero re-assessment interval"
check "the answered re-assessment is audited as done" test "$(dbq a.db "SELECT action || ' ' || ids FROM audit WHERE action = 'done'")" = "done FU-1"

# The same file again stores nothing twice; output fed back is skipped.
run sw-assess score phq9 --db a.db later.csv
check_rc 0 "the same answers again"
check_err_line "sw-assess: later.csv:2: skipped: already stored as AS-3 (same case, date and answers)" "a duplicate is skipped"
sw-assess history CA-1 --db a.db -o csv >hist.csv
printf 'assessment_id,case_id\nAS-1,CA-1\nAS-77,CA-1\nCA-1,CA-1\n' >ids.csv
run sw-assess score phq9 --db a.db --keep-going ids.csv
check_err 'sw-assess: ids.csv:2: skipped: already stored as AS-1
sw-assess: ids.csv:3: assessment_id: no such phq9 assessment
sw-assess: ids.csv:4: assessment_id: not an assessment id (AS-n)
sw-assess: batch BT-5: 3 read, 0 stored, 1 skipped, 2 rejected' "assessment ids are checked before skipping"

# A back-dated assessment leaves the later schedule alone.
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-10-10,1,0,0,0,0,0,0,0,0\n' >old.csv
run sw-assess score phq9 --db a.db -o csv old.csv
check_rc 0 "a back-dated PHQ-9"
check "no re-assessment scheduled from it" test -z "$(col 2 13)"
check "the later re-assessment stays open" test "$(dbq a.db "SELECT count(*) FROM followups WHERE kind = 'reassessment' AND status = 'open' AND case_id = 1")" -eq 1

# Output fed back is checked, not silently recomputed.
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9,total\nCA-3,2026-10-20,1,1,0,0,0,0,0,0,0,3\n' >total.csv
run sw-assess score phq9 --db a.db total.csv
check_rc 3 "a total that does not agree"
check_err_line "sw-assess: total.csv:2: total: read-only; it differs from the value scoring gives" "read-only total checked"

# History: change from the baseline and the previous, by direction.
run sw-assess history CA-1 --db a.db -o csv
check_rc 0 "history"
check_out 'assessment_id,case_id,instrument,date,total,scaled,band,risk,flags,change_from_baseline,improved_from_baseline,meaningful_from_baseline,change_from_previous,improved_from_previous,meaningful_from_previous
AS-1,CA-1,phq9,2026-10-02,10,,moderate,medium,,,,,,,
AS-4,CA-1,phq9,2026-10-10,1,,minimal,low,,-9,yes,,-9,yes,
AS-3,CA-1,phq9,2026-10-20,2,,minimal,low,,-8,yes,,1,no,' "in date order; lower PHQ-9 is better; no threshold, no verdict"
run sw-assess history CA-3 --db a.db
check_rc 1 "a case never assessed"
run sw-assess history CL-1 --db a.db
check_rc 3 "history takes a case id"

# WHO-5: raw and scaled; higher is better; a 10-point change is meaningful.
printf 'case_id,date,q1,q2,q3,q4,q5\nCA-3,2026-10-01,1,1,1,1,2\nCA-3,2026-10-15,2,2,1,1,2\nCA-3,2026-10-29,3,3,3,2,2\n' >who.csv
run sw-assess score who5 --db a.db -o csv who.csv
check_rc 0 "WHO-5"
check "raw 6, scaled 24, likely depression, high" test "$(col 2 6),$(col 2 7),$(col 2 9)" = "6,24,high"
run sw-assess history CA-3 --db a.db -o csv
check "+8 points: improved, not meaningful" test "$(sed -n 3p "$T/out" | cut -d, -f10-12)" = "8,yes,no"
check "+28 points from baseline: meaningful" test "$(sed -n 4p "$T/out" | cut -d, -f10-12)" = "28,yes,yes"

# Needs matrix and safety screen rules.
printf 'case_id,date,psychological,family_social,income,housing,physical_health,safety,legal,education_employment,daily_living\nCA-3,2026-10-30,3,3,1,3,3,3,3,3,3\n' >needs.csv
run sw-assess score needs --db a.db -o csv needs.csv
check "a domain in crisis is high risk" test "$(col 2 9)" = high
printf 'case_id,date,q1,q2,q3,q4,q5\nCA-1,2026-10-21,0,0,2,0,0\n' >safe.csv
run sw-assess score safety --db a.db -o csv safe.csv
check "imminent domestic violence is critical" test "$(col 2 9)" = critical
printf 'case_id,date,q1,q2,q3,q4,q5\nCA-2,2026-10-21,4,4,5,5,5\n' >sat.csv
run sw-assess score satisfaction --db a.db -o csv sat.csv
check "a survey's mean to two decimals" test "$(col 2 6)" = 4.6

# Current risk: the highest among the latest of each instrument, surveys
# left out: CA-2's satisfaction survey of 10-21 is neither its risk nor
# its latest assessment.
run sw-assess risk --db a.db -o csv
check_rc 0 "risk"
check_out 'case_id,risk,instruments,latest,worker
CA-1,critical,safety,2026-10-21,
CA-2,critical,phq9,2026-10-03,
CA-3,high,needs,2026-10-30,' "cases by current risk"
# A case asked only the satisfaction survey has no current risk at all
# (its survey would have said low).
printf 'name,intake_date\n丁,2026-10-01\n' >case4.csv
sw-intake add --db a.db case4.csv >/dev/null 2>&1
printf 'case_id,date,q1,q2,q3,q4,q5\nCA-4,2026-10-21,5,5,5,5,5\n' >sat4.csv
sw-assess score satisfaction --db a.db sat4.csv >/dev/null 2>&1
run sw-assess risk --db a.db -o csv
check "a case only surveyed is not listed" test "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "case_id CA-1 CA-2 CA-3 "

# An agency's own instrument, and a tightened built-in, from its folder.
mkdir inst
sw-assess instrument k6 --db a.db | sed 's/"reassess": "4w"/"reassess": "2w"/' >inst/k6.json
cat >inst/mood.json <<'JSON'
{
  "name": "mood",
  "version": "1",
  "title": {"en": "Mood check", "zh": "情绪自评"},
  "kind": "survey",
  "licence": "the agency's own",
  "direction": "higher_better",
  "scale": {"min": 1, "max": 5},
  "items": [
    {"id": "today", "text": {"en": "My mood today", "zh": "今天的心情"}},
    {"id": "week", "text": {"en": "My mood this week", "zh": "本周的心情"}}
  ],
  "scoring": {"method": "sum"}
}
JSON
# The configuration: casework.conf beside the database on SQLite; on
# PostgreSQL the user's own, here $CASEWORK_CONFIG naming the same file
# (casework(7), CONFIGURATION).
printf 'instrument_dir = inst\n' >casework.conf
if [ "$CW_BACKEND" = pg ]; then export CASEWORK_CONFIG=casework.conf; fi
run sw-assess instruments --db a.db -o csv
check "the agency's instrument is listed" grep -q '^mood,1,survey,2,Mood check,情绪自评,,' "$T/out"
check "the replaced built-in has the agency's interval" grep -q '^k6,.*,2w,' "$T/out"
printf 'case_id,today,week\nCA-1,4,5\n' >mood.csv
run sw-assess score mood --db a.db -o csv mood.csv
check_rc 0 "score the agency's instrument"
check "its total" test "$(col 2 6)" = 9
run sw-assess risk --db a.db -o csv
check "the agency's survey (kind survey) changes no current risk, nor the latest date" \
	test "$(sed -n 2p "$T/out")" = "CA-1,critical,safety,2026-10-21,"
# Answers without a header: their first line names no item of the
# instrument, nor case_id or date; refused without quoting it.
dbdump a.db >before.dump
printf 'CA-1,2026-10-05,1,1,1,1,1,1,1,1,1\nCA-2,2026-10-05,0,0,0,0,0,0,0,0,0\n' >nohdr.csv
run sw-assess score phq9 --db a.db nohdr.csv
check_rc 3 "answers without a header"
check_err "sw-assess: nohdr.csv:1: the first line is not a header (no known column)
sw-assess: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" \
	"refused as such, no value quoted (a repeated answer is no duplicate column)"
dbdump a.db >after.dump
check_file before.dump after.dump "nothing stored"
printf 'case_id,date,feeling\nCA-1,2026-10-05,1\n' >foreign.csv
run sw-assess score phq9 --db a.db foreign.csv
check_rc 3 "a header with a column that is no item"
check_err_line "sw-assess: foreign.csv:2: feeling: unknown column (not an item of phq9, nor case_id or date)" \
	"the unknown column still named"
printf 'interest,mood,sleep\n1,1,1\n' >items.csv
run sw-assess score phq9 --db a.db items.csv
check_err_line "sw-assess: items.csv:2: item 'energy' (q4) is not answered" "item ids alone make a header"
printf '{"name": "bad", "version": "1"}\n' >inst/bad.json
run sw-assess instruments --db a.db
check_rc 2 "a bad definition in the folder"
check "the error names the file" grep -q "^sw-assess: inst/bad.json: " "$T/err"
done_testing
