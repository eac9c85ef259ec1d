#!/bin/sh
# tests/pg/cluster.sh - a throwaway PostgreSQL cluster for the tests.
#
#   cluster.sh start DIR [PORT]   initdb into DIR/data, start it listening
#                                 only on a Unix socket in DIR (no TCP), and
#                                 create the role the tests connect as
#   cluster.sh standby DIR PORT   a streaming standby of DIR's cluster
#                                 (pg_basebackup -R) in DIR/standby, on PORT
#   cluster.sh stop DIR           stop both and remove DIR, only when start
#                                 made it (its marker .cw-cluster): a DIR
#                                 mistyped, such as /tmp, is refused
#
# The server binaries are found with pg_config --bindir (Debian 12 does not
# put them on PATH). PostgreSQL refuses to run as root: as root, the
# cluster runs as the postgres user the Debian package creates, with DIR
# given to it. The system's own cluster is never touched. Prints nothing
# on success; on failure the server's log goes to stderr.
set -eu
cmd=$1 dir=$2 port=${3:-5432}
bin=$(pg_config --bindir)

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	mkdir -p "$dir"
	: >"$dir/.cw-cluster"
	chmod 0755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	as_owner "$bin/initdb" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
		--no-sync -D "$dir/data" >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/primary.log" -w \
		-o "-c listen_addresses= -c unix_socket_directories=$dir -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null 2>&1 || { cat "$dir/primary.log" >&2; exit 1; }
	echo "$port" >"$dir/port"
	# the role the tests connect as: no superuser, as at an agency
	as_owner "$bin/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres \
		-c "CREATE ROLE cw_test LOGIN CREATEDB CREATEROLE" >/dev/null
	;;
standby)
	as_owner "$bin/pg_basebackup" -h "$dir" -p "$(cat "$dir/port")" -U postgres -R -c fast \
		-D "$dir/standby" >/dev/null 2>&1
	as_owner "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w \
		-o "-c listen_addresses= -c unix_socket_directories=$dir -p $port -c hot_standby=on" \
		start >/dev/null 2>&1 || { cat "$dir/standby.log" >&2; exit 1; }
	;;
stop)
	if [ ! -f "$dir/.cw-cluster" ]; then
		echo "cluster.sh: $dir is no cluster that cluster.sh start made: not removed" >&2
		exit 2
	fi
	for d in standby data; do
		[ -f "$dir/$d/postmaster.pid" ] &&
			as_owner "$bin/pg_ctl" -D "$dir/$d" -m immediate -w stop \
				>/dev/null 2>&1 || :
	done
	rm -rf "$dir"
	;;
*)
	echo "usage: cluster.sh start|standby|stop DIR [PORT]" >&2
	exit 2
	;;
esac
