#!/bin/sh
# Schema upgrades: a database of an older version is upgraded by the
# first command that opens it, one that only reads included (unless it
# cannot write to the file), and keeps every record; the upgraded schema
# is the one a new database gets.
. "$CW_TOP/tests/e2e/lib.sh"
# (SQLite's in-place upgrade, from a version 1 no PostgreSQL schema ever
# had; on PostgreSQL only sw-admin upgrade upgrades: tests/e2e/pg.t)
sqlite_file "the upgrade in place by any command, of SQLite's version 1"

today=$(date +%F)
d() { date -d "$today $1 days" +%F; }     # d N: today + N days
q() { dbq "$DB" "$1"; }
# The records of every table, in a stable order (the batch of the upgrade
# itself left out: audit and batches grow with each command that writes).
records() {
	for t in $(dbq "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
	    AND name NOT IN ('sqlite_sequence', 'audit', 'batches', 'projects',
	    'project_targets', 'volunteers', 'activities',
	    'activity_participants', 'volunteer_hours', 'trainings',
	    'training_attendees', 'programmes', 'programme_members', 'consents',
	    'assignments', 'relations')
	    ORDER BY name"); do
		echo "== $t"
		# (without the digests version 6, the projects version 9, the
		# activities version 10 and the emergency contact version 11
		# added; the assignments, version 13's, made by the upgrade,
		# added; the household_id version 14 added, NULL in records kept)
		dbq "$1" "SELECT $(dbq "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t') WHERE name NOT IN ('digest', 'project', 'activity_id', 'programme_id', 'emergency_name', 'emergency_relationship', 'emergency_phone', 'household_id')") FROM $t ORDER BY rowid"
	done
}
# The schema without its version: tables, indexes and triggers as created.
schema() { dbq "$1" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"; }

# ---- a database with something of each kind due ----------------------------
DB=v1.db
printf 'name,worker\n甲,李敏\n乙,王强\n丙,李敏\n' >cases.csv
sw-intake add --db "$DB" cases.csv >/dev/null 2>&1
q "INSERT INTO plans (case_id, revision, review_cycle, next_review, created_at) VALUES
 (1, 1, '30d', '$(d -2)', 'x');
INSERT INTO reviews (case_id, date, next_review, created_at, batch_id, current) VALUES
 (2, '$(d -30)', '$(d -1)', 'x', 1, 1);
INSERT INTO goals (plan_id, case_id, term, description, indicator, target, deadline, status, created_at, batch_id) VALUES
 (1, 1, 'short', '按时上学', 'x', '5', '$today', 'in_progress', 'x', 1),
 (1, 1, 'short', 'reached', 'x', '5', '$today', 'achieved', 'x', 1);
INSERT INTO tasks (goal_id, case_id, description, owner, due_date, status, created_at, batch_id) VALUES
 (1, 3, 'home visit', '李敏', '$today', 'open', 'x', 1),
 (1, 1, 'call, then write', NULL, '$(d 3)', 'open', 'x', 1);
INSERT INTO followups (case_id, kind, due_date, instrument, status, created_at, batch_id) VALUES
 (2, 'crisis', '$today', 'phq9', 'open', 'x', 1),
 (3, 'reassessment', '$(d 3)', 'gad7', 'open', 'x', 1);
INSERT INTO referrals (case_id, reason, urgency, state, followup_date, expected_date, created_at, batch_id) VALUES
 (1, 'x', 'routine', 'sent', '$(d -4)', NULL, 'x', 1),
 (3, 'x', 'routine', 'accepted', NULL, '$(d 3)', 'x', 1);"
run sw-plan due --db "$DB" --within 7d -o csv
check_rc 0 "the list on the current schema"
cp "$T/out" due.csv
check "nine items" test "$(tail -n +2 due.csv | wc -l)" -eq 9

# A new database, for the schema every upgrade must arrive at.
sw-intake add --db new.db cases.csv >/dev/null 2>&1
schema new.db >new.schema

# ---- back to version 1 -------------------------------------------------------
# Version 1's indexes on due dates, exactly as it created them (the rest of
# its schema is unchanged since).
q "DROP INDEX plans_by_review; DROP INDEX reviews_by_next;
DROP INDEX goals_by_deadline; DROP INDEX tasks_by_due;
DROP INDEX followups_by_due; DROP INDEX referrals_by_followup;
DROP INDEX referrals_by_expected; DROP INDEX cases_status_worker;
CREATE INDEX followups_by_due ON followups(status, due_date);
CREATE INDEX plans_by_review ON plans(next_review);
CREATE INDEX goals_by_deadline ON goals(deadline)  WHERE status IN ('not_started','in_progress');
CREATE INDEX tasks_by_due ON tasks(due_date) WHERE status = 'open';
CREATE INDEX reviews_by_next ON reviews(next_review) WHERE current = 1;
CREATE INDEX referrals_by_followup ON referrals(state, followup_date);
CREATE INDEX referrals_by_expected ON referrals(state, expected_date);
ALTER TABLE workers DROP COLUMN team; ALTER TABLE workers DROP COLUMN role;
ALTER TABLE closures DROP COLUMN reason_kind;
ALTER TABLE clients DROP COLUMN digest; ALTER TABLE cases DROP COLUMN digest; ALTER TABLE assessments DROP COLUMN digest;
ALTER TABLE followups DROP COLUMN digest; ALTER TABLE plans DROP COLUMN digest; ALTER TABLE goals DROP COLUMN digest;
ALTER TABLE goal_progress DROP COLUMN digest; ALTER TABLE tasks DROP COLUMN digest; ALTER TABLE group_sessions DROP COLUMN digest;
ALTER TABLE contacts DROP COLUMN digest; ALTER TABLE reviews DROP COLUMN digest; ALTER TABLE closures DROP COLUMN digest;
ALTER TABLE referrals DROP COLUMN digest;
DROP INDEX cases_by_project; DROP TABLE project_targets; DROP TABLE projects;
ALTER TABLE cases DROP COLUMN project; ALTER TABLE contacts DROP COLUMN project;
ALTER TABLE group_sessions DROP COLUMN project; ALTER TABLE referrals DROP COLUMN project;
DROP TABLE training_attendees; DROP TABLE trainings; DROP TABLE volunteer_hours;
DROP TABLE activity_participants; DROP TABLE activities; DROP TABLE volunteers;
DROP INDEX contacts_by_activity; ALTER TABLE contacts DROP COLUMN activity_id;
DROP TABLE programme_members; DROP TABLE programmes; DROP INDEX group_sessions_by_programme;
ALTER TABLE group_sessions DROP COLUMN programme_id;
ALTER TABLE clients DROP COLUMN emergency_name; ALTER TABLE clients DROP COLUMN emergency_relationship;
ALTER TABLE clients DROP COLUMN emergency_phone;
DROP TABLE consents;
DROP TABLE assignments;
DROP TABLE relations; DROP INDEX clients_by_household; ALTER TABLE clients DROP COLUMN household_id;
DROP INDEX clients_by_guardian_consent;
PRAGMA user_version = 1;"
# its audit chain of format 1 (tests/e2e/verify.t upgrades one)
python3 "$CW_TOP/tests/e2e/audit_chain.py" "$DB" format1
records "$DB" >before.txt

cp "$DB" v1-write.db
cp "$DB" v1-readonly.db

# ---- the upgrade by a command that only reads (a cron job's) -------------------
run sw-plan due --db "$DB" --within 7d -o csv
check_rc 0 "a command that only reads upgrades version 1 and reads"
check_file due.csv "$T/out" "the same items in the same order"
check "to version 14" test "$(q 'PRAGMA user_version')" -eq 14
records "$DB" >after.txt
check_file before.txt after.txt "every record kept as it was"
schema "$DB" >upgraded.schema
check_file new.schema upgraded.schema "the schema of a new database"
check "the database is sound" test "$(q 'PRAGMA integrity_check')" = ok

# ---- the upgrade by a command that writes ------------------------------------------
printf 'followup_id,date\n' >none.csv
DB=v1-write.db
run sw-plan followups --db "$DB" none.csv
check_rc 0 "a command that writes upgrades it"
check "to version 14" test "$(q 'PRAGMA user_version')" -eq 14
records "$DB" >after-write.txt
check_file before.txt after-write.txt "every record kept as it was"
schema "$DB" >upgraded-write.schema
check_file new.schema upgraded-write.schema "the schema of a new database"
run sw-plan due --db "$DB" --within 7d -o csv
check_rc 0 "the list after the upgrade"
check_file due.csv "$T/out" "the same items in the same order"

# ---- a file the user cannot write is left alone ------------------------------------
DB=v1-readonly.db
chmod 400 "$DB"
if [ "$(id -u)" = 0 ]; then
	skip "a read-only file (root may write to any file)"
	skip "its message"
	skip "printing nothing"
	skip "left at version 1"
else
	run sw-plan due --db "$DB" -o csv
	check_rc 4 "a read-only file of version 1 is refused"
	check_err "sw-plan: database '$DB' has the older schema version 1 and cannot be upgraded here: Permission denied" \
		"saying why"
	check_out "" "printing nothing"
	check "left at version 1" test "$(q 'PRAGMA user_version')" -eq 1
fi
DB=v1.db

# Once is enough: a second command that writes changes nothing more.
run sw-plan followups --db "$DB" none.csv
schema "$DB" >again.schema
check_file new.schema again.schema "a second command that writes leaves the schema alone"
done_testing
