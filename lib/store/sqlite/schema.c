/* store/sqlite/schema.c - the SQLite schema, one migration per version. */
#include "store/sqlite/sqlite.h"

/* Migration i takes a database from version i to i + 1: its strings, run
 * in order (cut between statements: ISO C promises string literals of
 * 4095 bytes, no longer). Never edit a migration that has shipped: add
 * the next one. Its CHECK lists are the words of the vocabularies of
 * vocab.c, written out as they shipped; test_vocab.c checks that the
 * schema a new database gets allows exactly those words, in order. */
#define MIGRATION_PARTS 3
static const char *const migrations[CW_SCHEMA_VERSION][MIGRATION_PARTS] = {
	/* 0 -> 1: batches, audit, clients and cases */
	{
	"CREATE TABLE batches ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  started_at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  program TEXT NOT NULL,"
	"  verb TEXT NOT NULL);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  action TEXT NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  ids TEXT NOT NULL,"
	"  detail TEXT NOT NULL,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL);"
	SQLITE_AUDIT_NO_UPDATE
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TABLE clients ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL,"
	"  sex TEXT CHECK (sex IN ('female','male','other','unknown')),"
	"  birth_date TEXT,"
	"  id_type TEXT,"
	"  id_number TEXT,"
	"  phone TEXT,"
	"  address TEXT,"
	"  household TEXT,"
	"  language TEXT,"
	"  consent_date TEXT,"
	"  consent_by TEXT CHECK (consent_by IN ('self','guardian')),"
	"  consent_share TEXT CHECK (consent_share IN ('yes','no')),"
	"  consent_expires TEXT,"
	"  consent_withdrawn TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX clients_by_id_number ON clients(id_number, id_type)"
	"  WHERE id_number IS NOT NULL;"
	"CREATE INDEX clients_by_name_birth ON clients(name_key, birth_date);"
	"CREATE INDEX clients_by_name_phone ON clients(name_key, phone);"
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  client_id INTEGER NOT NULL REFERENCES clients(id),"
	"  status TEXT NOT NULL CHECK (status IN ('open','closed')),"
	"  intake_date TEXT NOT NULL,"
	"  closed_date TEXT,"
	"  category TEXT,"
	"  worker TEXT,"
	"  referral_source TEXT,"
	"  presenting_problem TEXT,"
	"  external_ref TEXT,"
	"  linked_by TEXT,"
	"  intake_snapshot TEXT,"
	"  notes TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX cases_by_client ON cases(client_id, status);"
	"CREATE INDEX cases_by_worker ON cases(worker, status);"
	"CREATE TABLE assessments ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  instrument TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  total100 INTEGER NOT NULL,"
	"  scaled100 INTEGER,"
	"  band TEXT,"
	"  risk TEXT NOT NULL CHECK (risk IN ('low','medium','high','critical')),"
	"  flags TEXT,"
	"  subscales TEXT,"
	"  answers TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX assessments_by_case ON assessments(case_id, instrument, date, id);"
	"CREATE TABLE followups ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('crisis','reassessment','post_closure')),"
	"  due_date TEXT NOT NULL,"
	"  instrument TEXT,"
	"  assessment_id INTEGER REFERENCES assessments(id),"
	"  status TEXT NOT NULL CHECK (status IN ('open','done','cancelled')),"
	"  created_at TEXT NOT NULL,"
	"  done_at TEXT,"
	"  done_date TEXT,"
	"  note TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX followups_by_due ON followups(status, due_date);"
	"CREATE INDEX followups_by_case ON followups(case_id, kind, instrument, status);"
	"CREATE TABLE plans ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id),"
	"  revision INTEGER NOT NULL,"
	"  review_cycle TEXT NOT NULL,"
	"  next_review TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT);"
	"CREATE INDEX plans_by_review ON plans(next_review);"
	"CREATE TABLE plan_revisions ("
	"  plan_id INTEGER NOT NULL REFERENCES plans(id),"
	"  revision INTEGER NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  snapshot TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, revision));",
	"CREATE TABLE goals ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  plan_id INTEGER NOT NULL REFERENCES plans(id),"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  term TEXT NOT NULL CHECK (term IN ('short','long')),"
	"  description TEXT NOT NULL,"
	"  need TEXT,"
	"  indicator TEXT NOT NULL,"
	"  baseline TEXT,"
	"  target TEXT NOT NULL,"
	"  deadline TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('not_started','in_progress',"
	"   'achieved','partly_achieved','not_achieved')),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX goals_by_case ON goals(case_id);"
	"CREATE INDEX goals_by_deadline ON goals(deadline)"
	"  WHERE status IN ('not_started','in_progress');"
	"CREATE TABLE goal_progress ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  goal_id INTEGER NOT NULL REFERENCES goals(id),"
	"  date TEXT NOT NULL,"
	"  value TEXT,"
	"  status TEXT,"
	"  note TEXT,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX goal_progress_by_goal ON goal_progress(goal_id, date);"
	"CREATE TABLE tasks ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  goal_id INTEGER NOT NULL REFERENCES goals(id),"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  description TEXT NOT NULL,"
	"  owner TEXT,"
	"  due_date TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('open','done','cancelled')),"
	"  done_date TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX tasks_by_case ON tasks(case_id, status);"
	"CREATE INDEX tasks_by_due ON tasks(due_date) WHERE status = 'open';"
	"CREATE TABLE group_sessions ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  date TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  minutes INTEGER NOT NULL CHECK (minutes >= 0),"
	"  workers TEXT,"
	"  note TEXT,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX group_sessions_by_date ON group_sessions(date);"
	"CREATE TABLE contacts ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('interview','home_visit','phone',"
	"   'accompaniment','outreach','resource_linking','group','other')),"
	"  minutes INTEGER NOT NULL CHECK (minutes >= 0),"
	"  worker TEXT,"
	"  note TEXT,"
	"  session_id INTEGER REFERENCES group_sessions(id),"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX contacts_by_date ON contacts(date);"
	"CREATE INDEX contacts_by_case ON contacts(case_id, date);"
	"CREATE TABLE reviews ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  date TEXT NOT NULL,"
	"  worker TEXT,"
	"  note TEXT,"
	"  next_review TEXT NOT NULL,"
	"  current INTEGER NOT NULL CHECK (current IN (0, 1)),"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX reviews_by_case ON reviews(case_id, date, id);"
	"CREATE INDEX reviews_by_next ON reviews(next_review) WHERE current = 1;"
	"CREATE TABLE closures ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  closed_date TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  forced_reason TEXT,"
	"  outcomes TEXT,"
	"  reopened_date TEXT,"
	"  reopen_reason TEXT,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX closures_by_case ON closures(case_id);"
	"CREATE TABLE organizations ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  hsds_id TEXT,"
	"  name TEXT NOT NULL,"
	"  alternate_name TEXT,"
	"  description TEXT,"
	"  email TEXT,"
	"  url TEXT,"
	"  extra TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE UNIQUE INDEX organizations_by_hsds ON organizations(hsds_id)"
	"  WHERE hsds_id IS NOT NULL;",
	"CREATE TABLE services ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  hsds_id TEXT,"
	"  organization_id INTEGER REFERENCES organizations(id),"
	"  name TEXT NOT NULL,"
	"  alternate_name TEXT,"
	"  description TEXT,"
	"  url TEXT,"
	"  email TEXT,"
	"  status TEXT,"
	"  category TEXT,"
	"  eligibility TEXT,"
	"  extra TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE UNIQUE INDEX services_by_hsds ON services(hsds_id)"
	"  WHERE hsds_id IS NOT NULL;"
	"CREATE INDEX services_by_category ON services(category);"
	"CREATE TABLE locations ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  hsds_id TEXT,"
	"  organization_id INTEGER REFERENCES organizations(id),"
	"  name TEXT,"
	"  description TEXT,"
	"  latitude TEXT,"
	"  longitude TEXT,"
	"  extra TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE UNIQUE INDEX locations_by_hsds ON locations(hsds_id)"
	"  WHERE hsds_id IS NOT NULL;"
	"CREATE TABLE service_locations ("
	"  service_id INTEGER NOT NULL REFERENCES services(id),"
	"  location_id INTEGER NOT NULL REFERENCES locations(id),"
	"  PRIMARY KEY (service_id, location_id));"
	"CREATE TABLE addresses ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  organization_id INTEGER REFERENCES organizations(id),"
	"  location_id INTEGER REFERENCES locations(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('postal','physical')),"
	"  attention TEXT,"
	"  address_1 TEXT,"
	"  city TEXT,"
	"  region TEXT,"
	"  state_province TEXT,"
	"  postal_code TEXT,"
	"  country TEXT,"
	"  extra TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE TABLE phones ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  organization_id INTEGER REFERENCES organizations(id),"
	"  service_id INTEGER REFERENCES services(id),"
	"  location_id INTEGER REFERENCES locations(id),"
	"  number TEXT NOT NULL,"
	"  extension TEXT,"
	"  type TEXT,"
	"  language TEXT,"
	"  description TEXT,"
	"  extra TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE TABLE referrals ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  service_id INTEGER REFERENCES services(id),"
	"  provider TEXT,"
	"  reason TEXT NOT NULL,"
	"  urgency TEXT NOT NULL CHECK (urgency IN ('emergency','urgent','routine')),"
	"  state TEXT NOT NULL CHECK (state IN ('draft','sent','accepted',"
	"   'declined','completed','cancelled','revoked')),"
	"  consent_override TEXT,"
	"  followup_date TEXT,"
	"  expected_date TEXT,"
	"  sent_date TEXT,"
	"  response_date TEXT,"
	"  completed_date TEXT,"
	"  note TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX referrals_by_case ON referrals(case_id, state);"
	"CREATE INDEX referrals_by_followup ON referrals(state, followup_date);"
	"CREATE INDEX referrals_by_expected ON referrals(state, expected_date);"
	"CREATE TABLE referral_events ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  referral_id INTEGER NOT NULL REFERENCES referrals(id),"
	"  from_state TEXT,"
	"  to_state TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  reason TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX referral_events_by_referral ON referral_events(referral_id);"
	"CREATE TABLE referral_feedback ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  referral_id INTEGER NOT NULL REFERENCES referrals(id),"
	"  date TEXT NOT NULL,"
	"  outcome TEXT,"
	"  note TEXT,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE TABLE workers ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL UNIQUE,"
	"  added_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	},
	/* 1 -> 2: the indexes on due dates cover what sw-plan due lists, in
	 * its order (due date, kind, case, item id), so that it reads no
	 * plan, review, goal, task, follow-up or referral row and sorts
	 * nothing. The same names, same leading columns: every query that
	 * used one still can. A partial index's own condition column is
	 * stored too (SQLite 3.40, Debian 12's, counts an index as covering
	 * only when it holds every column the query names). Each item's
	 * case is looked up in an index of the cases' status and worker,
	 * a few bytes a case where its row has a hundred and more. */
	{
	"CREATE INDEX cases_status_worker ON cases(id, status, worker);"
	"DROP INDEX plans_by_review;"
	"CREATE INDEX plans_by_review ON plans(next_review, case_id);"
	"DROP INDEX reviews_by_next;"
	"CREATE INDEX reviews_by_next ON reviews(next_review, case_id, current)"
	"  WHERE current = 1;"
	"DROP INDEX goals_by_deadline;"
	"CREATE INDEX goals_by_deadline ON goals(deadline, case_id, id,"
	"  description, status) WHERE status IN ('not_started','in_progress');"
	"DROP INDEX tasks_by_due;"
	"CREATE INDEX tasks_by_due ON tasks(due_date, case_id, id, description,"
	"  status) WHERE status = 'open';"
	"DROP INDEX followups_by_due;"
	"CREATE INDEX followups_by_due ON followups(status, due_date, kind,"
	"  case_id, id, instrument);"
	"DROP INDEX referrals_by_followup;"
	"CREATE INDEX referrals_by_followup ON referrals(state, followup_date,"
	"  case_id);"
	"DROP INDEX referrals_by_expected;"
	"CREATE INDEX referrals_by_expected ON referrals(state, expected_date,"
	"  case_id);"
	},
	/* 2 -> 3: a roster entry's role (worker or supervisor) and team;
	 * an entry without them is a worker of no team. */
	{
	"ALTER TABLE workers ADD COLUMN role TEXT NOT NULL DEFAULT 'worker'"
	"  CHECK (role IN ('worker','supervisor'));"
	"ALTER TABLE workers ADD COLUMN team TEXT;"
	},
	/* 3 -> 4: the audit chain's format 2, whose hash covers the SHA-256
	 * of an entry's detail, kept beside it (NULL: an entry of format 1,
	 * written before). The switch is an entry (store/audit.c). */
	{
	"ALTER TABLE audit ADD COLUMN detail_sha256 TEXT;"
	},
	/* 4 -> 5: why a case closed, from a closed list (sw-plan(1));
	 * closures stored before it are other. */
	{
	"ALTER TABLE closures ADD COLUMN reason_kind TEXT NOT NULL"
	"  DEFAULT 'other' CHECK (reason_kind IN ('goals_achieved',"
	"  'client_withdrew','moved_away','referred_on','unreachable','died',"
	"  'other'));"
	},
	/* 5 -> 6: each record's digest, the SHA-256 of its canonical form
	 * as the batch that last wrote it left it (store/digest.c); NULL
	 * for a record not written since. */
	{
	"ALTER TABLE clients ADD COLUMN digest TEXT;"
	"ALTER TABLE cases ADD COLUMN digest TEXT;"
	"ALTER TABLE assessments ADD COLUMN digest TEXT;"
	"ALTER TABLE followups ADD COLUMN digest TEXT;"
	"ALTER TABLE plans ADD COLUMN digest TEXT;"
	"ALTER TABLE goals ADD COLUMN digest TEXT;"
	"ALTER TABLE goal_progress ADD COLUMN digest TEXT;"
	"ALTER TABLE tasks ADD COLUMN digest TEXT;"
	"ALTER TABLE group_sessions ADD COLUMN digest TEXT;"
	"ALTER TABLE contacts ADD COLUMN digest TEXT;"
	"ALTER TABLE reviews ADD COLUMN digest TEXT;"
	"ALTER TABLE closures ADD COLUMN digest TEXT;"
	"ALTER TABLE referrals ADD COLUMN digest TEXT;"
	},
	/* 6 -> 7: erasure (casework.7, ERASURE): a trail may hold redacted
	 * details and redact entries, which a program of version 6 would
	 * take for tampering; no table changes. */
	{
	"SELECT 1;"
	},
	/* 7 -> 8: on PostgreSQL, the audit sequence moved at commit for
	 * every writer; SQLite's (sqlite_sequence) is written in the
	 * transaction and goes back with it: nothing changes. */
	{
	"SELECT 1;"
	},
	/* 8 -> 9: projects (sw-project(1)): each with its contract period,
	 * target population and workers; their indicator targets, for the
	 * whole contract (period NULL) or a month or quarter; the project
	 * (its code) of a case, contact, group session or referral, NULL
	 * for none (a record without one counts for its case's). */
	{
	"CREATE TABLE projects ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  funder TEXT NOT NULL,"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT NOT NULL,"
	"  target_population INTEGER NOT NULL CHECK (target_population > 0),"
	"  workers TEXT,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  CHECK (start_date <= end_date));"
	"CREATE TABLE project_targets ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  project TEXT NOT NULL REFERENCES projects(code),"
	"  indicator TEXT NOT NULL CHECK (indicator IN ('case_contacts',"
	"   'case_clients','group_sessions','group_attendance','activities',"
	"   'activity_participants','volunteers','volunteer_hours',"
	"   'volunteer_trainings','new_partners','satisfaction',"
	"   'goal_attainment','prepost_improved','coverage','timeliness',"
	"   'completeness','supervision_frequency')),"
	"  period TEXT,"
	"  target TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE UNIQUE INDEX project_targets_by_key ON project_targets(project,"
	"  indicator, coalesce(period, ''));"
	"ALTER TABLE cases ADD COLUMN project TEXT;"
	"ALTER TABLE group_sessions ADD COLUMN project TEXT;"
	"ALTER TABLE contacts ADD COLUMN project TEXT;"
	"ALTER TABLE referrals ADD COLUMN project TEXT;"
	"CREATE INDEX cases_by_project ON cases(project) WHERE project IS NOT NULL;"
	},
	/* 9 -> 10: community activities, volunteers and their trainings
	 * (sw-project(1)). An activity's people: a head-count, the named
	 * participants who need not be clients (their own table, the
	 * number of them kept on the activity) and the cases who took part,
	 * each a contact of the new kind community naming the activity
	 * (contacts is made again: SQLite cannot change a CHECK; its
	 * AUTOINCREMENT counter carried over). Volunteers' hours at an
	 * activity or a contact, in hundredths of an hour. Group programmes
	 * (小组): their stage (MZ/T 095-2017), members and sessions. */
	{
	"CREATE TABLE volunteers ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL UNIQUE,"
	"  phone TEXT,"
	"  joined TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE TABLE activities ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  date TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('lecture','health_check',"
	"   'festival','outreach','residents_meeting','training','other')),"
	"  project TEXT,"
	"  place TEXT,"
	"  minutes INTEGER NOT NULL CHECK (minutes >= 0),"
	"  workers TEXT NOT NULL,"
	"  headcount INTEGER NOT NULL CHECK (headcount >= 0),"
	"  named_count INTEGER NOT NULL CHECK (named_count >= 0),"
	"  case_count INTEGER NOT NULL CHECK (case_count >= 0),"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX activities_by_date ON activities(date);"
	"CREATE TABLE activity_participants ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  activity_id INTEGER NOT NULL REFERENCES activities(id),"
	"  name TEXT NOT NULL,"
	"  phone TEXT);"
	"CREATE INDEX activity_participants_by_activity ON"
	"  activity_participants(activity_id);"
	"CREATE TABLE trainings ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  date TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  project TEXT,"
	"  minutes INTEGER NOT NULL CHECK (minutes >= 0),"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE TABLE training_attendees ("
	"  training_id INTEGER NOT NULL REFERENCES trainings(id),"
	"  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),"
	"  PRIMARY KEY (training_id, volunteer_id));",
	"CREATE TABLE contacts_v10 ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('interview','home_visit','phone',"
	"   'accompaniment','outreach','resource_linking','group','other',"
	"   'community')),"
	"  minutes INTEGER NOT NULL CHECK (minutes >= 0),"
	"  worker TEXT,"
	"  note TEXT,"
	"  session_id INTEGER REFERENCES group_sessions(id),"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  digest TEXT,"
	"  project TEXT,"
	"  activity_id INTEGER);"
	"INSERT INTO contacts_v10 (id, case_id, date, kind, minutes, worker,"
	"  note, session_id, created_at, batch_id, digest, project)"
	"  SELECT id, case_id, date, kind, minutes, worker, note, session_id,"
	"  created_at, batch_id, digest, project FROM contacts;"
	"DELETE FROM sqlite_sequence WHERE name = 'contacts_v10';"
	"UPDATE sqlite_sequence SET name = 'contacts_v10' WHERE name = 'contacts';"
	"DROP TABLE contacts;"
	"ALTER TABLE contacts_v10 RENAME TO contacts;"
	"CREATE INDEX contacts_by_date ON contacts(date);"
	"CREATE INDEX contacts_by_case ON contacts(case_id, date);"
	"CREATE INDEX contacts_by_activity ON contacts(activity_id)"
	"  WHERE activity_id IS NOT NULL;"
	"CREATE TABLE volunteer_hours ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),"
	"  activity_id INTEGER REFERENCES activities(id),"
	"  contact_id INTEGER REFERENCES contacts(id),"
	"  date TEXT NOT NULL,"
	"  hours100 INTEGER NOT NULL CHECK (hours100 > 0),"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  CHECK ((activity_id IS NULL) <> (contact_id IS NULL)));"
	"CREATE INDEX volunteer_hours_by_date ON volunteer_hours(date);"
	"CREATE TABLE programmes ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  title TEXT NOT NULL,"
	"  aims TEXT,"
	"  stage TEXT NOT NULL CHECK (stage IN ('preparation','formation',"
	"   'transition','maturity','ending')),"
	"  project TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE TABLE programme_members ("
	"  programme_id INTEGER NOT NULL REFERENCES programmes(id),"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  PRIMARY KEY (programme_id, case_id));"
	"ALTER TABLE group_sessions ADD COLUMN programme_id INTEGER;"
	"CREATE INDEX group_sessions_by_programme ON group_sessions(programme_id)"
	"  WHERE programme_id IS NOT NULL;"
	},
	/* 10 -> 11: the client's emergency contact, appended to the record
	 * (casework.7, Client record); NULL for the clients stored before,
	 * whose digests stay as they are (store/digest.c, late columns). */
	{
	"ALTER TABLE clients ADD COLUMN emergency_name TEXT;"
	"ALTER TABLE clients ADD COLUMN emergency_relationship TEXT;"
	"ALTER TABLE clients ADD COLUMN emergency_phone TEXT;"
	},
	/* 11 -> 12: consent by purpose (casework.7, Consent record): share,
	 * publish, research, each given on a day, ending or withdrawn on
	 * one, with the day of the service agreement. The client's
	 * consent_share, consent_expires and consent_withdrawn stay and show
	 * the latest share consent (intake/consent.c keeps them in step):
	 * each client who consented to share gets it as a consent, given on
	 * its consent_date (else the day the client was stored), in the
	 * batch that stored the client. */
	{
	"CREATE TABLE consents ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  client_id INTEGER NOT NULL REFERENCES clients(id),"
	"  purpose TEXT NOT NULL CHECK (purpose IN ('share','publish','research')),"
	"  given TEXT NOT NULL,"
	"  expires TEXT,"
	"  withdrawn TEXT,"
	"  agreement_date TEXT,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id));"
	"CREATE INDEX consents_by_client ON consents(client_id, purpose, given, id);"
	"CREATE INDEX consents_by_expires ON consents(expires, id)"
	"  WHERE expires IS NOT NULL AND withdrawn IS NULL;"
	"INSERT INTO consents (client_id, purpose, given, expires, withdrawn,"
	"  created_at, batch_id) SELECT id, 'share',"
	"  coalesce(consent_date, substr(created_at, 1, 10)), consent_expires,"
	"  consent_withdrawn, created_at, batch_id FROM clients"
	"  WHERE consent_share = 'yes' ORDER BY id;"
	},
	/* 12 -> 13: each case's assignments (HO-n, casework.7): who held
	 * it from which day to which (to_date NULL while held), and why it
	 * was handed over. The cases stored before get theirs from the
	 * audit trail's updates of worker (the old worker from the intake
	 * date to the local day of the first change, then each new worker
	 * from the day of its change), else one assignment of the worker
	 * now from the intake date; a case without a worker has none. */
	{
	"CREATE TABLE assignments ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  worker TEXT NOT NULL,"
	"  from_date TEXT NOT NULL,"
	"  to_date TEXT,"
	"  reason TEXT,"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  CHECK (to_date IS NULL OR to_date >= from_date));"
	"CREATE INDEX assignments_by_case ON assignments(case_id, from_date, id,"
	"  worker);"
	"INSERT INTO assignments (case_id, worker, from_date, to_date, reason,"
	"  created_at, batch_id)"
	" WITH ch AS (SELECT CAST(substr(a.ids, 4) AS INTEGER) AS case_id,"
	"  a.id AS au, a.at, a.batch_id, cw_local_date(a.at) AS d,"
	"  json_extract(a.detail, '$.before.worker') AS w0,"
	"  json_extract(a.detail, '$.after.worker') AS w1"
	"  FROM audit a WHERE a.action = 'update' AND a.entity = 'case'"
	"  AND a.ids LIKE 'CA-%' AND a.ids NOT LIKE '%,%'"
	"  AND a.ids NOT LIKE '%..%' AND json_valid(a.detail)"
	"  AND json_type(a.detail, '$.before.worker') IS NOT NULL"
	"  AND json_type(a.detail, '$.after.worker') IS NOT NULL),"
	" s AS (SELECT ch.*, row_number() OVER (PARTITION BY ch.case_id"
	"  ORDER BY ch.au) AS rn, lead(ch.d) OVER (PARTITION BY ch.case_id"
	"  ORDER BY ch.au) AS nd FROM ch),"
	" h AS (SELECT s.case_id, s.w0 AS worker, NULL AS f, s.d AS t,"
	"  NULL AS at, NULL AS b, 0 AS o FROM s WHERE s.rn = 1"
	"  UNION ALL SELECT c.id, c.worker, NULL, NULL, NULL, NULL, 0 FROM cases c"
	"  WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.case_id = c.id)"
	"  UNION ALL SELECT s.case_id, s.w1, s.d, s.nd, s.at, s.batch_id, s.au"
	"  FROM s)"
	" SELECT h.case_id, h.worker, max(coalesce(h.f, c.intake_date),"
	"  c.intake_date), CASE WHEN h.t IS NOT NULL THEN max(h.t, c.intake_date)"
	"  END, NULL, coalesce(h.at, c.created_at), coalesce(h.b, c.batch_id)"
	" FROM h JOIN cases c ON c.id = h.case_id WHERE h.worker IS NOT NULL"
	" ORDER BY h.case_id, h.o;"
	},
	/* 13 -> 14: relations between clients (sw-intake relations, RL-n:
	 * the related client is the client's relationship) and the
	 * client's household_id (HH-n, the household of client n), appended
	 * to the client record; NULL for the clients stored before, whose
	 * digests stay as they are (store/digest.c, late columns). */
	{
	"CREATE TABLE relations ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  client_id INTEGER NOT NULL REFERENCES clients(id),"
	"  related_id INTEGER NOT NULL REFERENCES clients(id),"
	"  relationship TEXT NOT NULL CHECK (relationship IN ('spouse','parent',"
	"   'child','grandparent','grandchild','sibling','guardian','caregiver',"
	"   'other')),"
	"  legal_guardian TEXT NOT NULL CHECK (legal_guardian IN ('yes','no')),"
	"  created_at TEXT NOT NULL,"
	"  batch_id INTEGER NOT NULL REFERENCES batches(id),"
	"  CHECK (client_id <> related_id));"
	"CREATE INDEX relations_by_client ON relations(client_id);"
	"CREATE INDEX relations_by_related ON relations(related_id);"
	"ALTER TABLE clients ADD COLUMN household_id TEXT;"
	"CREATE INDEX clients_by_household ON clients(household_id)"
	"  WHERE household_id IS NOT NULL;"
	/* the clients whose consent is a guardian's, for sw-plan due's
	 * item of a minor with no guardian linked (plan/store_due.c) */
	"CREATE INDEX clients_by_guardian_consent ON clients(birth_date)"
	"  WHERE consent_by = 'guardian';"
	},
};

/* PRAGMA user_version, or -1. */
static int user_version(cw_db *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(SQLITE_H(db), "PRAGMA user_version", -1, &st,
			       NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Brings the schema to CW_SCHEMA_VERSION inside one write transaction, so
 * two programs starting on a new file cannot both create it. */
int sqlite_schema_migrate(cw_db *db)
{
	sqlite3 *h = SQLITE_H(db);
	sqlite3_stmt *st = NULL;
	int version, v, p;
	char sql[64];

	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(db, "lock the database");
	if ((version = user_version(db)) < 0) {
		store_fail(db, "read the schema version");
		goto fail;
	}
	if (version > CW_SCHEMA_VERSION) {
		cw_error("database '%s' has schema version %d, newer than this "
			 "program's %d: upgrade casework", db->path, version,
			 CW_SCHEMA_VERSION);
		goto fail;
	}
	if (version == 0) {
		/* Version 0 with tables in it is someone else's database. */
		v = -1;
		if (sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master",
				       -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (v != 0) {
			if (v > 0)
				cw_error("'%s' is not a casework database", db->path);
			else
				store_fail(db, "read the schema");
			goto fail;
		}
	}
	for (v = version; v < CW_SCHEMA_VERSION; v++)
		for (p = 0; p < MIGRATION_PARTS && migrations[v][p]; p++)
			if (sqlite3_exec(h, migrations[v][p], NULL, NULL,
					 NULL) != SQLITE_OK) {
				store_fail(db, "create the schema");
				goto fail;
			}
	if (version != CW_SCHEMA_VERSION) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
			 CW_SCHEMA_VERSION);
		if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) {
			store_fail(db, "set the schema version");
			goto fail;
		}
	}
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(db, "create the schema");
		goto fail;
	}
	return 0;
fail:
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	return CW_EXIT_DB;
}

/* A read-only open accepts only a database this program understands. */
int sqlite_schema_check(cw_db *db)
{
	int version = user_version(db);
	if (version < 0)
		return store_fail(db, "read the schema version");
	if (version == 0) {
		cw_error("'%s' is not a casework database", db->path);
		return CW_EXIT_DB;
	}
	if (version > CW_SCHEMA_VERSION) {
		cw_error("database '%s' has schema version %d, newer than this "
			 "program's %d: upgrade casework", db->path, version,
			 CW_SCHEMA_VERSION);
		return CW_EXIT_DB;
	}
	return version < CW_SCHEMA_VERSION ? -version : 0;
}
