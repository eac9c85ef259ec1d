#!/bin/sh
# sw-refer's resource directory: importing Open Referral HSDS tables (1.x
# and 3.0 names, taxonomy, natural keys for rows without ids, importing
# again), searching it, and matching services to a case's needs.
. "$CW_TOP/tests/e2e/lib.sh"

ts() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g' "$T/out" >"$T/o" && mv "$T/o" "$T/out"; }
# field N of line L of the CSV output (no quoted commas before it)
col() { sed -n "$1p" "$T/out" | cut -d, -f"$2"; }
# How many rows each directory table holds.
counts() {
	for t in organizations locations services service_locations phones addresses; do
		printf '%s=%s ' "$t" "$(dbq "$1" "SELECT count(*) FROM $t")"
	done
}
HDR=service_id,hsds_id,organization_id,organization,name,category,eligibility,phone,address,created_at,updated_at

# ---- the published directory of the HSDS transformer (HSDS 1.1) ----------
HSDS=$CW_TOP/../shared/conformance/hsds-transformer/output/data
if [ ! -d "$HSDS" ]; then
	i=0
	while [ $i -lt 30 ]; do  # the tests below
		i=$((i + 1))
		skip "conformance data absent (hsds-transformer)"
	done
else
	cp -R "$HSDS" hsds && chmod -R u+w hsds
	run sw-refer import --db r.db -o csv hsds
	check_rc 0 "import a published HSDS 1.1 directory"
	check_err_line "sw-refer: hsds/regular_schedules.csv: skipped: regular_schedules is not imported" "a table casework does not keep is named, not read"
	check_err_line "sw-refer: hsds/eligibility.csv:2: skipped: no eligibility given (SV-1)" "an empty eligibility row stores nothing"
	check_err_line "sw-refer: batch BT-1: 129 read, 115 stored, 14 skipped, 0 rejected" "every row accounted for; the schedules file is no record"
	check "one service record printed per service" test "$(wc -l <"$T/out")" -eq 20
	ts
	check "the first service: category from the keyword legal, phone its own, address its organisation's on one line" \
		test "$(sed -n 2p "$T/out")" = 'SV-1,135836,OR-1,Illinois Armed Forces Legal Aid Network,Free legal information and forms in Cook County,legal_aid,,847-392-0100,"Illinois Equal Justice Foundation 180 North Stetson, Suite 820, Chicago, IL, 60601",TS,'
	check "eligibility from eligibility.csv; filling a new record is no update" \
		test "$(sed -n 4p "$T/out")" = 'SV-3,129441,OR-2,Upsolve,Public benefits outreach and enrollment project - Englewood,social_assistance,Area median income,(312) 745-1133,"150 Court Street2nd Floor, Brooklyn, NY, 11201",TS,'
	check "the multi-line application process is kept in the extra column" \
		test "$(dbq r.db "SELECT json_extract(extra, '\$.fees') FROM services WHERE hsds_id = '132741'")" = "Free to eligible persons/entities"
	check "rows without ids stored once each" test "$(counts r.db)" = "organizations=5 locations=19 services=19 service_locations=19 phones=43 addresses=5 "
	before=$(counts r.db)

	run sw-refer import --db r.db -o csv hsds
	check_rc 0 "import the same directory again"
	check_err_line "sw-refer: batch BT-2: 129 read, 0 stored, 129 skipped, 0 rejected" "nothing changed: every row skipped"
	check_out "$HDR" "nothing stored, nothing printed"
	check_err_line "sw-refer: hsds/organizations.csv:2: skipped: already stored as OR-1" "a row with an id found by it"
	check_err_line "sw-refer: hsds/services_at_location.csv:2: skipped: already stored (SV-1 at LO-1)" "a link found by its service and location"
	check_err_line "sw-refer: hsds/phones.csv:2: skipped: already stored (phone of OR-1)" "a phone without an id found by its owner and number"
	check_err_line "sw-refer: hsds/postal_addresses.csv:2: skipped: already stored (address of OR-1)" "an address without an id found by its natural key"
	check_err_line "sw-refer: hsds/eligibility.csv:3: skipped: already stored (eligibility of SV-2)" "eligibility found by its service"
	check "no duplicates" test "$(counts r.db)" = "$before"

	# The publisher changes three rows.
	sed 's/help@upsolve.org/hello@upsolve.org/' hsds/organizations.csv >o.tmp && mv o.tmp hsds/organizations.csv
	sed 's/^,,135836,,,,847-392-0100,,,,$/,,135836,,,,847-392-0100,12,,,/' hsds/phones.csv >o.tmp && mv o.tmp hsds/phones.csv
	sed 's/^,129441,Area median income$/,129441,Area median income (AMI)/' hsds/eligibility.csv >o.tmp && mv o.tmp hsds/eligibility.csv
	dbdump r.db >before.dump
	run sw-refer import --db r.db --dry-run -o csv hsds
	check_rc 0 "a dry run of the changed directory"
	check_err_line "sw-refer: dry run, nothing stored: 129 read, 3 valid, 126 skipped, 0 rejected" "a dry run counts what would change"
	dbdump r.db >after.dump
	check_file before.dump after.dump "a dry run writes nothing"
	run sw-refer import --db r.db -o csv hsds
	check_rc 0 "import the changed directory"
	check_err_line "sw-refer: batch BT-3: 129 read, 3 stored, 126 skipped, 0 rejected" "the changed rows stored, the others skipped"
	ts
	check_out "$HDR
SV-1,135836,OR-1,Illinois Armed Forces Legal Aid Network,Free legal information and forms in Cook County,legal_aid,,847-392-0100 ext. 12,\"Illinois Equal Justice Foundation 180 North Stetson, Suite 820, Chicago, IL, 60601\",TS,
SV-3,129441,OR-2,Upsolve,Public benefits outreach and enrollment project - Englewood,social_assistance,Area median income (AMI),(312) 745-1133,\"150 Court Street2nd Floor, Brooklyn, NY, 11201\",TS,TS" "the services whose record changed are printed; an e-mail address is not in it"
	check "changed, not duplicated" test "$(counts r.db)" = "$before"
	check "the organisation's change stamped and audited with before and after" \
		test "$(dbq r.db "SELECT count(updated_at) FROM organizations WHERE id = 2")|$(dbq r.db "SELECT ids || ' ' || detail FROM audit WHERE batch_id = 3 AND entity = 'organisation'")" = '1|OR-2 {"before":{"email":"help@upsolve.org"},"after":{"email":"hello@upsolve.org"}}'

	run sw-refer services --db r.db -o csv --category social_assistance
	check "search by category" test "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "service_id SV-3 "
	run sw-refer services --db r.db -o csv --keyword BANKRUPTCY --area brooklyn
	check "search by keyword (any case) and area" test "$(cut -d, -f1,5 "$T/out" | tr '\n' ' ')" = "service_id,name SV-5,Free bankruptcy filing "
	run sw-refer services --db r.db -o csv --area Springfield
	check_rc 1 "nothing in that area"
	check_out "$HDR" "the header alone"
fi

# ---- HSDS 3.0 names: addresses with address_type, service_at_location,
# taxonomy_terms and attributes -------------------------------------------
mkdir v3
cat >v3/organizations.csv <<'CSV'
id,name,alternate_name,description,email,website,tax_status,tax_id,year_incorporated,legal_status,logo,uri,parent_organization_id
o1,阳光社工服务中心,,社区综合服务,,https://example.org/sun,,,2010,,,,
o2,Harbour Legal Centre,,,,,,,,,,,
CSV
cat >v3/services.csv <<'CSV'
id,organization_id,program_id,name,alternate_name,description,url,email,status,interpretation_services,application_process,fees_description,wait_time,fees,accreditations,eligibility_description,minimum_age,maximum_age,assured_date,assurer_email,licenses,alert,last_modified
s1,o1,,心理咨询热线,,免费心理咨询,,,active,,,,,,,本区居民,18,,,,,,
s2,o1,,长者日间照料,,,,,active,,,,,,,,60,,,,,,
s3,o2,,Tenancy advice,,Help for tenants,,,active,,,,,,,,,,,,,,
s4,o2,,Drop-in,,,,,inactive,,,,,,,,,,,,,,
CSV
cat >v3/locations.csv <<'CSV'
id,location_type,url,organization_id,name,alternate_name,description,transportation,latitude,longitude,external_identifier,external_identifier_type
l1,physical,,o1,总部,,,地铁 2 号线,31.2,121.5,,
CSV
cat >v3/service_at_location.csv <<'CSV'
id,service_id,location_id,description
sal1,s1,l1,电话服务
CSV
cat >v3/addresses.csv <<'CSV'
id,location_id,attention,address_1,address_2,city,region,state_province,postal_code,country,address_type
a2,l1,,邮政信箱 12 号,,上海市,,上海,200000,CN,postal
a1,l1,,东方路 88 号,3 楼,上海市,浦东新区,上海,200120,CN,physical
a3,l1,,,,,,,,,virtual
CSV
cat >v3/phones.csv <<'CSV'
id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,description
p1,,s1,,,,12355,,voice,青少年热线
p2,l1,,,,,021-5888 0000,,fax,
p3,,,o2,,,+852 2000 0000,,,
CSV
cat >v3/taxonomy_terms.csv <<'CSV'
id,code,name,description,parent_id,taxonomy,language,taxonomy_id,term_uri
t1,,Housing,,,,en,,
t2,,法律援助,,,,zh,,
t3,,Tenancy,,t1,,en,,
t4,,Unused,,,,,,
CSV
cat >v3/attributes.csv <<'CSV'
id,link_id,taxonomy_term_id,link_type,link_entity,value,label
at1,s2,t1,,service,,
at2,s3,t3,,service,,
at3,o2,t2,,organization,,
at5,p1,t2,,phone,,
CSV
run sw-refer import --db v.db -o csv v3
check_rc 0 "import HSDS 3.0 tables"
check_err "sw-refer: v3/addresses.csv:4: skipped: a virtual address is not imported
sw-refer: v3/attributes.csv:5: skipped: a taxonomy term of another kind of record than a service, organization or location is not imported
sw-refer: v3/taxonomy_terms.csv:5: skipped: a taxonomy term that no service, organization or location imported uses
sw-refer: batch BT-1: 22 read, 19 stored, 3 skipped, 0 rejected" "what is not imported is said; terms are accounted for after the links"
ts
check_out "$HDR
SV-1,s1,OR-1,阳光社工服务中心,心理咨询热线,mental_health,本区居民,12355,\"东方路 88 号, 上海市, 浦东新区, 上海, 200120, CN\",TS,
SV-2,s2,OR-1,阳光社工服务中心,长者日间照料,housing,,,,TS,
SV-3,s3,OR-2,Harbour Legal Centre,Tenancy advice,housing,,+852 2000 0000,,TS,
SV-4,s4,OR-2,Harbour Legal Centre,Drop-in,other,,+852 2000 0000,,TS," "taxonomy before keywords (长者), a parent term's category, Chinese keywords (心理), else other; eligibility_description; a fax is no phone; the physical address first"
run sw-refer import --db none.db --dry-run -o csv v3
check_rc 0 "a dry run without a database"
check_err_line "sw-refer: dry run, nothing stored: 22 read, 19 valid, 3 skipped, 0 rejected" "a dry run counts what a real run would store"
check "a dry run shows no new ids nor times, and creates no database" \
	test "$(cut -d, -f1,3,5 "$T/out" | tr '\n' ' ')|$(tail -n 1 "$T/out" | cut -d, -f9-)|$(test -e none.db && echo created)" = "service_id,organization_id,name ,,心理咨询热线 ,,长者日间照料 ,,Tenancy advice ,,Drop-in |,,|"
check "the link's own id and description kept with the service, other columns too" \
	test "$(dbq v.db "SELECT extra FROM services WHERE id = 1")" = '{"minimum_age":"18","service_at_location":[{"description":"电话服务","id":"sal1","location":"LO-1"}]}'
check "a term linked to an organisation kept with it" \
	test "$(dbq v.db "SELECT extra FROM organizations WHERE id = 2")" = '{"taxonomy":[{"attribute":{"id":"at3"},"term":{"id":"t2","language":"zh","name":"法律援助"},"term_id":"t2"}]}'
check "address_2 and the published id kept in the extra column" \
	test "$(dbq v.db "SELECT kind || ' ' || extra FROM addresses ORDER BY id" | tr '\n' ' ')" = 'postal {"id":"a2"} physical {"address_2":"3 楼","id":"a1"} '
run sw-refer import --db v.db -o csv v3
check_err_line "sw-refer: batch BT-2: 22 read, 0 stored, 22 skipped, 0 rejected" "3.0 tables imported again: nothing changes"
check_err_line "sw-refer: v3/taxonomy_terms.csv:2: skipped: already stored with the records it describes" "a term already stored is skipped"
check "no duplicates (3.0)" test "$(counts v.db)" = "organizations=2 locations=1 services=4 service_locations=1 phones=3 addresses=2 "
run sw-refer import --db v.db -o csv v3/services.csv
check_err_line "sw-refer: batch BT-3: 4 read, 0 stored, 4 skipped, 0 rejected" "services alone keep the categories their stored terms give"
dbcp v.db v2.db
run sw-refer import --db v2.db --category 就业 -o csv v3/services.csv
check_rc 0 "--category for the services the taxonomy does not place"
check "--category replaces the keywords, not the taxonomy" test "$(cut -d, -f1,6 "$T/out" | tr '\n' ' ')" = "service_id,category SV-1,employment SV-4,employment "

# ---- eligibility in both services.csv and eligibility.csv -----------------
# The rows of eligibility.csv are a service's eligibility, whether its
# eligibility_description column is empty or not: importing the same
# files again stores nothing and audits nothing.
mkdir el
cat >el/organizations.csv <<'CSV'
id,name
e0,街道社区服务中心
CSV
cat >el/services.csv <<'CSV'
id,organization_id,name,eligibility_description
e1,e0,临时救助,
e2,e0,助学金,本区户籍学生
e3,e0,法律咨询,本区居民
CSV
cat >el/eligibility.csv <<'CSV'
id,service_id,eligibility
,e1,低保家庭
,e1,低收入家庭
,e2,在校学生
CSV
run sw-refer import --db el.db -o csv el
check_rc 0 "eligibility given by both tables"
check "the rows win over the column, empty or not; the column where there are no rows" \
	test "$(dbq el.db "SELECT group_concat(hsds_id || '=' || coalesce(eligibility, '-'), ' ') FROM (SELECT * FROM services ORDER BY id) AS s")" = "e1=低保家庭; 低收入家庭 e2=在校学生 e3=本区居民"
audits=$(dbq el.db "SELECT count(*) FROM audit")
dbdump el.db | grep -v batches >el-before.dump
run sw-refer import --db el.db --dry-run -o csv el
check_err_line "sw-refer: dry run, nothing stored: 7 read, 0 valid, 7 skipped, 0 rejected" "a dry run of the same files: nothing would change"
run sw-refer import --db el.db -o csv el
check_rc 0 "the same files again"
check_err_line "sw-refer: batch BT-2: 7 read, 0 stored, 7 skipped, 0 rejected" "every row skipped"
check_err_line "sw-refer: el/services.csv:2: skipped: already stored as SV-1" "the service with an empty column is unchanged"
check_err_line "sw-refer: el/eligibility.csv:3: skipped: already stored (eligibility of SV-1)" "and so are its eligibility rows"
check_out "$HDR" "nothing printed"
check "no audit entry, no updated_at" test "$(dbq el.db "SELECT count(*) FROM audit")|$(dbq el.db "SELECT count(*) FROM services WHERE updated_at IS NOT NULL")" = "$audits|0"
dbdump el.db | grep -v batches >el-after.dump
check_file el-before.dump el-after.dump "the database holds nothing new but the batch"
printf 'id,service_id,eligibility\n,e1,低保家庭\n,e1,残疾人家庭\n,e2,在校学生\n' >el/eligibility.csv
run sw-refer import --db el.db -o csv el
check_rc 0 "a criterion changed"
check_err_line "sw-refer: batch BT-3: 7 read, 1 stored, 6 skipped, 0 rejected" "the row that changed stored, alone"
check "the service gets the rows" test "$(dbq el.db "SELECT eligibility FROM services WHERE hsds_id = 'e1'")" = "低保家庭; 残疾人家庭"
check "one update audited" test "$(dbq el.db "SELECT count(*) FROM audit WHERE batch_id = 3")" = 1

# ---- another character set: --encoding ------------------------------------
mkdir gb
for f in el/*.csv; do iconv -f UTF-8 -t GB18030 "$f" >"gb/${f#el/}"; done
run sw-refer import --db gb.db -o csv --encoding GB18030 gb
check_rc 0 "a directory in GB18030"
check "read as UTF-8" test "$(dbq gb.db "SELECT group_concat(name || '=' || coalesce(eligibility, '-'), ' ') FROM (SELECT * FROM services ORDER BY id) AS s")|$(dbq gb.db "SELECT name FROM organizations")" = "临时救助=低保家庭; 残疾人家庭 助学金=在校学生 法律咨询=本区居民|街道社区服务中心"
run sw-refer import --db gb.db -o csv --encoding GB18030 gb
check_err_line "sw-refer: batch BT-2: 7 read, 0 stored, 7 skipped, 0 rejected" "imported again: nothing changes"
run sw-refer import --db gb2.db -o csv gb
check_rc 3 "GB18030 read as UTF-8 is refused"
check "and stores nothing" test "$(dbq gb2.db "SELECT count(*) FROM services" 2>/dev/null || echo 0)" = 0
run sw-refer import --db gb.db --encoding NOSUCH gb
check_rc 2 "an unknown character set"
check_err_line "sw-refer: gb/organizations.csv: unknown encoding 'NOSUCH'" "named with the first file opened"
# The taxonomy, read before its links, in the same character set.
mkdir gbt
printf 'id,name\nt0,阳光中心\n' >gbt/organizations.csv
printf 'id,organization_id,name\nt1,t0,服务一\n' >gbt/services.csv
printf 'id,name,parent_id,parent_name\nx1,寄养安置,,儿童保护\n' >gbt/taxonomy.csv
printf 'id,service_id,taxonomy_id\n,t1,x1\n' >gbt/services_taxonomy.csv
for f in gbt/*.csv; do iconv -f UTF-8 -t GB18030 "$f" >o.tmp && mv o.tmp "$f"; done
run sw-refer import --db gbt.db -o csv --encoding gb18030 gbt
check_rc 0 "taxonomy tables in GB18030"
check "the term's parent_name places the service" test "$(col 2 5),$(col 2 6)" = "服务一,child_protection"

# ---- HSDS 1.x taxonomy: taxonomy.csv and services_taxonomy.csv -------------
mkdir v1
cat >v1/organizations.csv <<'CSV'
id,name,alternate_name,description,email,url,tax_status,tax_id,year_incorporated,legal_status
g1,街道民政服务站,,,,,,,,
CSV
cat >v1/services.csv <<'CSV'
id,organization_id,program_id,name,alternate_name,description,url,email,status,interpretation_services,application_process,wait_time,fees,accreditations,licenses
v1s1,g1,,低保申请协助,,,,,active,,,,免费,,
v1s2,g1,,Programme A,,,,,active,,,,,,
v1s3,g1,,Programme B,,Free legal advice,,,active,,,,,,
v1s4,g1,,Programme C,,,,,active,,,,,,
CSV
cat >v1/taxonomy.csv <<'CSV'
id,name,parent_id,parent_name,vocabulary
x1,Foster placement,x0,儿童保护,local
x2,就业服务,,,local
CSV
cat >v1/services_taxonomy.csv <<'CSV'
id,service_id,taxonomy_id,taxonomy_detail
,v1s2,x1,
,v1s4,x2,
CSV
run sw-refer import --db v.db -o csv v1
check_rc 0 "import HSDS 1.x taxonomy tables"
check "1.x: a parent_name, a Chinese term, the keyword of a description, 低保" \
	test "$(cut -d, -f1,5,6 "$T/out" | tr '\n' ' ')" = "service_id,name,category SV-5,低保申请协助,social_assistance SV-6,Programme A,child_protection SV-7,Programme B,legal_aid SV-8,Programme C,employment "

# ---- what is refused -----------------------------------------------------------
mkdir bad
printf 'id,organization_id,nmae\nb1,g1,Foo\n' >bad/services.csv
dbdump v.db >before.dump
run sw-refer import --db v.db bad
check_rc 3 "an unknown column"
check_err "sw-refer: bad/services.csv:2: nmae: unknown column
sw-refer: batch rolled back, nothing stored: 1 read, 0 valid, 0 skipped, 1 rejected" "an unknown column is refused, naming it"
printf 'b1,g1,Foo\nb2,g1,Foo\n' >bad/services.csv
run sw-refer import --db v.db bad
check_rc 3 "a table without a header"
check_err "sw-refer: bad/services.csv:1: the first line is not a header (no known column)
sw-refer: batch rolled back, nothing stored: 0 read, 0 valid, 0 skipped, 0 rejected before the error" \
	"refused as such, no value quoted (a repeated value is no duplicate column)"
mkdir terms
printf 'id,name\nt1,Food\n' >terms/taxonomy_terms.csv
printf 'service_id,taxonomy_id\ns1,t1\n' >terms/services_taxonomy.csv
printf 'x1,Food,,\n' >terms/taxonomy.csv
run sw-refer import --db v.db terms
check_rc 3 "a second taxonomy table without a header"
check_err_line "sw-refer: terms/taxonomy.csv:1: the first line is not a header (no known column)" \
	"the table is named, nothing else"
printf 'id,organization_id,name\nb1,nope,Foo\nb2,OR-3,Bar\nb3,g1,\n' >bad/services.csv
run sw-refer import --db v.db bad
check_rc 3 "a reference to nothing"
check_err "sw-refer: bad/services.csv:2: organization_id: no such organization in the import or the database
sw-refer: bad/services.csv:4: name: required
sw-refer: batch rolled back, nothing stored: 3 read, 1 valid, 0 skipped, 2 rejected" "an unknown organisation refused with its line and field; our own id OR-3 accepted"
dbdump v.db >after.dump
check_file before.dump after.dump "a batch with a refused record stores nothing"
printf 'id,name\n' >bad/clients.csv
run sw-refer import --db v.db bad
check_rc 2 "a file that is no HSDS table"
check_err "sw-refer: 'bad/clients.csv' is not an HSDS table: a file's name says its table (organizations.csv, services.csv, ...)
Try 'sw-refer --help' for more information." "refused before anything is read"
run sw-refer import --db v.db -
check_rc 2 "standard input has no table name"
run sw-refer import --db v.db nowhere
check_rc 5 "a missing folder"
check_err "sw-refer: nowhere: cannot open: No such file or directory" "a missing folder named"
run sw-refer import --db v.db --category food v1
check_rc 2 "an unknown category for import"
run sw-refer services --db v.db --category food
check_rc 2 "an unknown category for services"
check_err "sw-refer: option '--category': not one of medical, mental_health, legal_aid, education, social_assistance, housing, employment, disability_rehabilitation, elder_care, child_protection, other
Try 'sw-refer --help' for more information." "the categories listed"
run sw-refer services --db v.db -o csv --category 心理
check "a category by its Chinese name" test "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "service_id SV-1 "
run sw-refer services --db v.db -o csv --keyword 浦东
check_rc 1 "the keyword is not looked for in addresses"
run sw-refer services --db v.db -o csv --area 浦东
check "--area looks in addresses" test "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "service_id SV-1 "
run sw-refer services --db v.db -o csv --keyword 民政
check "--keyword looks in the organisation's name" test "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" = "service_id SV-5 SV-6 SV-7 SV-8 "

# ---- match ---------------------------------------------------------------------
printf 'name,birth_date\n王芳,1980-01-01\n李雷,1990-02-02\n' >clients.csv
sw-intake add --db v.db clients.csv >/dev/null 2>&1
# An older needs matrix rated income 1; the latest rates it 3.
printf 'case_id,date,psychological,family_social,income,housing,physical_health,safety,legal,education_employment,daily_living\nCA-1,2026-10-01,3,3,1,3,3,3,3,3,3\nCA-1,2026-11-01,2,2,3,1,3,4,3,3,2\n' >needs.csv
sw-assess score needs --db v.db needs.csv >/dev/null 2>&1
printf 'case_id,date,q1,q2,q3,q4,q5,q6,q7,q8,q9\nCA-1,2026-11-02,2,2,2,1,1,1,1,1,0\n' >phq9.csv
sw-assess score phq9 --db v.db phq9.csv >/dev/null 2>&1
printf 'case_id,date,self_harm,harm_to_others,domestic_violence,child_at_risk,elder_at_risk\nCA-1,2026-11-02,0,0,1,0,0\n' >safety.csv
sw-assess score safety --db v.db safety.csv >/dev/null 2>&1
run sw-refer match CA-1 --db v.db -o csv
check_rc 0 "services for a case's needs"
check_out "case_id,need,rating_or_band,category,service_id,service,organization,phone
CA-1,housing,1,housing,SV-2,长者日间照料,阳光社工服务中心,
CA-1,housing,1,housing,SV-3,Tenancy advice,Harbour Legal Centre,+852 2000 0000
CA-1,domestic_violence,yes,child_protection,SV-6,Programme A,街道民政服务站,
CA-1,domestic_violence,yes,legal_aid,SV-7,Programme B,街道民政服务站,
CA-1,psychological,2,mental_health,SV-1,心理咨询热线,阳光社工服务中心,12355
CA-1,family_social,2,mental_health,SV-1,心理咨询热线,阳光社工服务中心,12355
CA-1,phq9,moderate,mental_health,SV-1,心理咨询热线,阳光社工服务中心,12355" "most urgent first, then by service; the latest assessment of each instrument only; an inactive service is not suggested"
check_err "" "nothing on stderr"
run sw-refer match ca-2 --db v.db -o csv
check_rc 1 "a case without needs"
check_out "case_id,need,rating_or_band,category,service_id,service,organization,phone" "nothing suggested"
check_err "" "no needs is no error"
run sw-refer match CA-9 --db v.db
check_rc 3 "an unknown case"
check_err "sw-refer: no case CA-9" "the unknown case named"
run sw-refer match CL-1 --db v.db
check_rc 3 "a client id"
check_err "sw-refer: 'CL-1' is not a case id (CA-n)" "a case id is asked for"

done_testing
