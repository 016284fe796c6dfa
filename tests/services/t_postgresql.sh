#!/bin/bash
# PostgreSQL 15 under examples/services/postgresql.pol: initdb into the
# bound data directory under postgresql-initdb.pol, the server as the
# postgres user, an SQL table made and queried with psql from the host
# through the published port (password auth), SIGTERM, the table again
# after a restart, and a superuser's COPY TO PROGRAM and COPY TO a host
# file refused. Rootless: as shipped (`user postgres`, a name) enforce
# refuses the run (postgresql.pol's header says why); over a policy that
# names the postgres uid as a number, initdb, the server, the table
# across a restart and COPY TO PROGRAM refused, as the caller.
# Debian's binaries (/usr/lib/postgresql/15/bin), not /usr/local/bin's.
. "$(dirname "$0")/lib.sh"
is_root || { skip "postgresql" "needs root (packages, the data directory)"; exit 0; }
need_pkg postgresql postgresql-client || { fail "postgresql installed" "$(tail -n 3 "$T_TMP/apt.log")"; exit 1; }
system_off postgresql
PORT=21432
BIN=/usr/lib/postgresql/15/bin
CHECK_OK="sensitive_bind_ro " svc_build postgresql || exit 1
CHECK_OK="sensitive_bind_ro " svc_build postgresql-initdb || exit 1
svc_audit postgresql 2
svc_audit postgresql-initdb 2
# what initdb's policy adds to the server's, and nothing else
"$POLC" diff -I "$TOP/policies" -I "$TOP/examples/services" "$TOP/examples/services/postgresql.pol" \
	"$TOP/examples/services/postgresql-initdb.pol" >"$T_TMP/diff" 2>&1
assert_contains "polc diff: initdb may run a shell" "$(cat "$T_TMP/diff")" "/usr/bin/dash"

# `user postgres` in the policies: enforce becomes the postgres uid itself
AS_PG=()
SERVER=("$BIN/postgres" -D /var/lib/postgresql/data -c listen_addresses=127.0.0.1
	-c unix_socket_directories=/tmp)
export PGPASSWORD=polc-$$ PGCONNECT_TIMEOUT=60
sql() { psql -X -h 127.0.0.1 -p $PORT -U postgres -d postgres -v ON_ERROR_STOP=1 -Atc "$1" 2>&1; }
PGUID=$(id -u postgres)
owner=$((MAPPED + PGUID))

data_dir postgresql $owner:$owner
# the superuser's password, for initdb's --pwfile (a file in the bound
# directory: a host pipe on stdin cannot be reopened by the postgres uid)
printf '%s\n' "$PGPASSWORD" >$SVC_ROOT/postgresql/pwfile
chown $owner:$owner $SVC_ROOT/postgresql/pwfile
chmod 0600 $SVC_ROOT/postgresql/pwfile
"$ENFORCE" "$T_TMP/postgresql-initdb.polb" -- "${AS_PG[@]}" $BIN/initdb -D /var/lib/postgresql/data \
	--auth-local=peer --auth-host=scram-sha-256 --pwfile=/var/lib/postgresql/pwfile >"$T_TMP/initdb.log" 2>&1
assert_eq "initdb under postgresql-initdb.pol: exit 0" 0 "$?"
rm -f $SVC_ROOT/postgresql/pwfile
check "initdb made the cluster in the bound directory" test -s $SVC_ROOT/postgresql/data/PG_VERSION
assert_eq "the cluster belongs to the postgres uid + $MAPPED on the host" "$owner" \
	"$(stat -c %u $SVC_ROOT/postgresql/data/PG_VERSION)"

svc_start root postgresql "$T_TMP/pg.log" "${SERVER[@]}"
wait_tcp psql -X -h 127.0.0.1 -p $PORT -U postgres -d postgres -Atc 'select 1'
assert_eq "psql from the host through 127.0.0.1:$PORT: runs as postgres" postgres "$(sql 'select current_user')"
assert_eq "CREATE TABLE and INSERT" "INSERT 0 2" \
	"$(sql "create table polc(k text primary key, v int); insert into polc values ('a', 1), ('b', 2)" | tail -n 1)"
assert_eq "SELECT reads them back" "3" "$(sql 'select sum(v) from polc')"
# the server's processes inside are the postgres uid, shifted
pid=$(pgrep -f "^$BIN/postgres -D /var/lib/postgresql/data" | head -n 1)
assert_eq "the server runs as host uid postgres + $MAPPED" "$owner" "$(stat -c %u /proc/$pid)"
assert_eq "... with no capabilities" "CapEff:	0000000000000000" "$(grep CapEff /proc/$pid/status)"
# a superuser's ways out: a program, a host file
out=$(sql "copy (select 1) to program 'id'")
assert_contains "COPY TO PROGRAM is refused (no shell may run)" "$out" 'could not execute command "id"'
out=$(sql "copy (select 1) to '/etc/polc-pwned'")
assert_contains "COPY TO a host file is refused (read-only)" "$out" "Read-only file system"
check "nothing written to the host's /etc" test ! -e /etc/polc-pwned
# reading the host: the services' data directory is masked (the host's
# holds this very cluster), and root-only files stay unreadable
out=$(sql "select string_agg(d, ' ') from pg_ls_dir('/var/lib/polc-services') d")
case $out in
"" | *"Permission denied"*) pass "pg_ls_dir of /var/lib/polc-services shows nothing (masked: $out)" ;;
*) fail "pg_ls_dir of /var/lib/polc-services shows nothing (masked)" "$out" ;;
esac
check "control: the host's /var/lib/polc-services holds the cluster" test -d $SVC_ROOT/postgresql/data
assert_contains "pg_read_file of /etc/shadow is refused" "$(sql "select pg_read_file('/etc/shadow')")" "Permission denied"
svc_stop postgresql 0
assert_contains "the server logged a clean shutdown" "$(cat "$T_TMP/pg.log")" "database system is shut down"

svc_start root postgresql "$T_TMP/pg2.log" "${SERVER[@]}"
wait_tcp psql -X -h 127.0.0.1 -p $PORT -U postgres -d postgres -Atc 'select 1'
assert_eq "after a restart the table is still there" "a=1 b=2" "$(sql "select string_agg(k || '=' || v, ' ' order by k) from polc")"
svc_stop "postgresql (restarted)" 0

# Rootless, why not as shipped: the caller is mapped alone, to the
# policy's uid when it is a number; `user postgres` is a name, resolved
# only inside, after the map is written, so there is no postgres uid to
# become: enforce refuses the run.
chown -R "$T_USER:$T_USER" $SVC_ROOT/postgresql
out=$(as_user "$ENFORCE" "$T_TMP/postgresql.polb" -- "${SERVER[@]}" 2>&1)
rc=$?
assert_eq "rootless: the server does not start (exit 125)" 125 "$rc"
assert_contains "rootless: ... because the postgres ids are not mapped" "$out" \
	"(not mapped in the user namespace)"

# Rootless, how: a policy over postgresql.pol naming the postgres uid and
# gid as numbers (this machine's), known before the run, so enforce maps
# the caller to them; the cluster belongs to the caller on the host.
for p in postgresql postgresql-initdb; do
	printf 'policy %s-rootless\nuse %s\n\nprocess {\n    user %s %s\n}\n' \
		"$p" "$p" "$PGUID" "$(id -g postgres)" >"$T_TMP/$p-rootless.pol"
	"$POLC" build -I "$TOP/policies" -I "$TOP/examples/services" "$T_TMP/$p-rootless.pol" \
		-o "$T_TMP/$p-rootless.polb" >"$T_TMP/$p-rootless.build" 2>&1
	assert_eq "rootless: $p.pol with the postgres uid as a number builds" 0 "$?"
	chmod 644 "$T_TMP/$p-rootless.polb"
done
data_dir postgresql "$T_USER:$T_USER"
printf '%s\n' "$PGPASSWORD" >$SVC_ROOT/postgresql/pwfile
chown "$T_USER:$T_USER" $SVC_ROOT/postgresql/pwfile
chmod 0600 $SVC_ROOT/postgresql/pwfile
as_user "$ENFORCE" "$T_TMP/postgresql-initdb-rootless.polb" -- $BIN/initdb -D /var/lib/postgresql/data \
	--auth-local=peer --auth-host=scram-sha-256 --pwfile=/var/lib/postgresql/pwfile >"$T_TMP/initdb-user.log" 2>&1
assert_eq "rootless: initdb exit 0" 0 "$?"
rm -f $SVC_ROOT/postgresql/pwfile
assert_eq "rootless: the cluster belongs to the caller on the host" "$(id -u "$T_USER")" \
	"$(stat -c %u $SVC_ROOT/postgresql/data/PG_VERSION)"
svc_start user postgresql-rootless "$T_TMP/pg-user.log" "${SERVER[@]}"
wait_tcp psql -X -h 127.0.0.1 -p $PORT -U postgres -d postgres -Atc 'select 1'
assert_eq "rootless: psql runs as postgres" postgres "$(sql 'select current_user')"
assert_eq "rootless: CREATE TABLE and INSERT" "INSERT 0 1" \
	"$(sql "create table polc(k text primary key, v int); insert into polc values ('r', 7)" | tail -n 1)"
pid=$(pgrep -f "^$BIN/postgres -D /var/lib/postgresql/data" | head -n 1)
assert_eq "rootless: the server runs as the caller on the host" "$(id -u "$T_USER")" "$(stat -c %u /proc/$pid)"
assert_contains "rootless: COPY TO PROGRAM is refused" "$(sql "copy (select 1) to program 'id'")" \
	'could not execute command "id"'
svc_stop "rootless postgresql" 0
svc_start user postgresql-rootless "$T_TMP/pg-user2.log" "${SERVER[@]}"
wait_tcp psql -X -h 127.0.0.1 -p $PORT -U postgres -d postgres -Atc 'select 1'
assert_eq "rootless: after a restart the table is still there" "r=7" "$(sql "select string_agg(k || '=' || v, ' ') from polc")"
svc_stop "rootless postgresql (restarted)" 0
check "no pasta left" no_pasta $PORT
data_clean postgresql
done_testing
