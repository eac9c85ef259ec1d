# tests/pg/map.sh - the e2e suite's PostgreSQL mode (CW_BACKEND=pg): which
# database of the test cluster stands for a SQLite file a test names.
# Sourced by tests/e2e/lib.sh and tests/pg/wrap.sh. The environment:
#   CW_PG_HOST    the cluster's socket folder (required)
#   CW_PG_PORT    its port (5432)
#   CW_PG_USER    the role to connect as (cw_test)
#   CW_PG_PREFIX  the databases' names' prefix (t_)
#   CW_T          the test's scratch folder (set by lib.sh), whose own
#                 name and the file's path within it name the database
# Every database is a copy of one template made by sw-admin init
# (pg_template); the names of those this test made are kept as empty files
# in $CW_T.pg/db, which lib.sh drops at the end.
CW_PG_PORT=${CW_PG_PORT:-5432}
CW_PG_USER=${CW_PG_USER:-cw_test}
CW_PG_PREFIX=${CW_PG_PREFIX:-t_}
# psql itself, not Debian's wrapper (a Perl script that doubles its cost)
CW_PSQL=${CW_PSQL:-$(pg_config --bindir)/psql}
export CW_PSQL

pg_psql() { # pg_psql DB ARGS...
	_cwd=$1
	shift
	PGOPTIONS="-c search_path=casework,public -c TimeZone=UTC -c DateStyle=ISO,YMD -c client_min_messages=warning" \
		"$CW_PSQL" -X -q -v ON_ERROR_STOP=1 -h "$CW_PG_HOST" -p "$CW_PG_PORT" \
		-U "$CW_PG_USER" -d "$_cwd" "$@"
}

pg_uri() { printf 'postgresql:///%s?host=%s&port=%s&user=%s\n' "$1" "$CW_PG_HOST" "$CW_PG_PORT" "$CW_PG_USER"; }

# pg_name FILE: the database standing for FILE (relative to the current
# folder), or nothing when FILE is no SQLite file name (a connection
# string, :memory:, file:..., empty).
pg_name() {
	case $1 in
	'' | *:*) return 0 ;;
	esac
	# The usual name, a file of the test's folder in lower case, is
	# mapped without a process (a command of the suite runs through
	# here each time); any other through realpath and tr.
	case $PWD/$1 in
	"$CW_T"/*/*) _cwn= ;;
	"$CW_T"/*[!a-z0-9._-]*) _cwn= ;;
	"$CW_T"/*)
		# the test's part of the name, in the slow path's form, once
		if [ -z "${CW_PG_NAMEPRE:-}" ]; then
			CW_PG_NAMEPRE=$(printf '%s%s_' "$CW_PG_PREFIX" "${CW_T##*.}" |
				tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_')
			export CW_PG_NAMEPRE
		fi
		_cws=$1 _cwn=$CW_PG_NAMEPRE
		while [ -n "$_cws" ]; do
			_cwr=${_cws#?}
			case ${_cws%"$_cwr"} in
			[a-z0-9]) _cwn=$_cwn${_cws%"$_cwr"} ;;
			*) _cwn=${_cwn}_ ;;
			esac
			_cws=$_cwr
		done
		;;
	*) _cwn= ;;
	esac
	if [ -z "$_cwn" ]; then
		_cwp=$(realpath -m -- "$1")
		case $_cwp in
		"$CW_T"/*) _cwp=${_cwp#"$CW_T"/} ;;
		esac
		_cwn=$(printf '%s%s_%s' "$CW_PG_PREFIX" "${CW_T##*.}" "$_cwp" |
			tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_')
	fi
	if [ ${#_cwn} -gt 63 ]; then
		_cwn=$(printf '%.50s' "$_cwn")_$(printf '%s' "$_cwp" | cksum | cut -d' ' -f1)
	fi
	printf '%s\n' "$_cwn"
}

# The template every test database is copied from: one sw-admin init per
# cluster (the folder of pg_template's lock serialises the tests).
pg_template() { printf '%stemplate\n' "$CW_PG_PREFIX"; }

pg_make_template() {
	_cwt=$(pg_template)
	exec 9>"$CW_PG_HOST/.cw-template.lock" || return 1
	flock 9
	if [ -z "$(pg_psql postgres -At -c "SELECT 1 FROM pg_database WHERE datname = '$_cwt'")" ]; then
		pg_psql postgres -c "CREATE DATABASE $_cwt" &&
			"$CW_BIN/sw-admin" init --db "$(pg_uri "$_cwt")" >/dev/null 2>&1 &&
			pg_psql "$_cwt" -f "$CW_TOP/tests/pg/compat.sql" >/dev/null ||
			{ pg_psql postgres -c "DROP DATABASE IF EXISTS $_cwt" >/dev/null 2>&1; exec 9>&-; return 1; }
	fi
	exec 9>&-
}

# pg_ensure NAME: NAME exists (a new copy of the template when not).
pg_ensure() {
	[ -e "$CW_T.pg/db/$1" ] && return 0
	pg_psql postgres -c "CREATE DATABASE $1 TEMPLATE $(pg_template) STRATEGY FILE_COPY" >/dev/null || return 1
	: >"$CW_T.pg/db/$1"
}

# pg_reset NAME: NAME is as new (when it is there).
pg_reset() {
	[ -e "$CW_T.pg/db/$1" ] || return 0
	pg_psql "$1" -c 'SELECT public.cw_test_reset()' >/dev/null
}

# pg_drop NAME: NAME is gone.
pg_drop() {
	pg_psql postgres -c "DROP DATABASE IF EXISTS $1" >/dev/null
	rm -f "$CW_T.pg/db/$1"
}

# pg_map FILE: the connection string for FILE's database (made when new),
# or FILE itself when it names no SQLite file.
pg_map() {
	_cwn=$(pg_name "$1")
	if [ -z "$_cwn" ]; then
		printf '%s\n' "$1"
		return 0
	fi
	pg_ensure "$_cwn" || return 1
	pg_uri "$_cwn"
}
