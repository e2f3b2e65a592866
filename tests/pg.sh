# Throwaway PostgreSQL for the tests: sourced by tests/run.sh.
#
#   pg_start   initdb in a mktemp dir (as postgres through runuser when root),
#              unix socket only, fsync off; exports PGHOST, PGPORT, PGUSER
#   pg_stop    stops the server by its pid and removes the directory
#   pg_crash_restart  stops the server in immediate mode (a crash: no
#              checkpoint, recovery from the WAL at the next start) and starts
#              it again with the same settings (tests 44, 45)
#
# The server is stopped on exit, even on failure (trap set by the caller).

PG_BINDIR=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")}

pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		# from /: postgres may not enter the clone (a 0700 home); paths are absolute
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

pg_start() {
	PG_DIR=$(mktemp -d /tmp/lecap-pg.XXXXXX)
	chmod 0755 "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
	pg_as_owner "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U postgres -A trust \
		--locale=C.UTF-8 -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
		cat "$PG_DIR/initdb.log" >&2
		return 1
	}
	pg_server_start || return 1
	export PGHOST="$PG_DIR" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
	export PG_DIR PG_PID PG_BINDIR
}

pg_server_start() {
	pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-c listen_addresses='' -k $PG_DIR -c fsync=off -c synchronous_commit=off \
		    -c full_page_writes=off -c datestyle='ISO, DMY' -c timezone=Europe/Paris \
		    -c max_connections=50" start >/dev/null || {
		cat "$PG_DIR/server.log" >&2
		return 1
	}
	PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
}

# fsync=off: the files written before the stop stay in the kernel's cache, so
# an immediate stop loses nothing that was written; a transaction committed
# with synchronous_commit=on has its WAL written before the commit returns.
pg_crash_restart() {
	pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null || return 1
	pg_server_start
}

pg_stop() {
	[ -n "${PG_PID:-}" ] || return 0
	# A test may have restarted the server (pg_crash_restart): its new pid.
	[ -f "$PG_DIR/data/postmaster.pid" ] && PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
	kill -INT "$PG_PID" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$PG_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$PG_PID" 2>/dev/null || true
	rm -rf "$PG_DIR"
	PG_PID=
}

# A fresh database per test file, so that tests stay independent.
pg_newdb() {
	dropdb --if-exists "$1" >/dev/null 2>&1 || true
	createdb "$1"
}
