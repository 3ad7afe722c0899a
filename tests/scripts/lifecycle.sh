#!/usr/bin/env bash
# The daemon's lifecycle, driven from outside as an operator would: a live socket refused, a
# stale one replaced, SIGTERM with requests in flight, acknowledged writes surviving kill -9,
# the socket 0660 and the mode of a directory it did not make left alone.
#   lifecycle.sh ASSESSD ASSESSCTL RAWCLIENT
set -u
assessd=$1 assessctl=$2 rawclient=$3
src=${ASSESSD_SOURCE:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assessd-life.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    for f in "$tmp"/*.log; do echo "---- $f" >&2; tail -n 30 "$f" >&2; done
    exit 1
}
ok() { echo "ok - $*"; }

sock=$tmp/var/assessd.sock
start() { # start LOGNAME [flags]
    local log=$1
    shift
    "$assessd" --data "$tmp/var" --plugins "$src/plugins" --catalogue "$src/catalogue" \
        --scripts "$src/scripts" "$@" 2>"$tmp/$log.log" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 200); do
        "$assessctl" --socket "$sock" system.ping >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}
ctl() { "$assessctl" --socket "$sock" "$@"; }
centres() { ctl --json system.stats | grep -o '"centres":[0-9]*' | cut -d: -f2; }

# 1. a live socket is refused with a clear message, and so is a second daemon on the same data
# directory (whatever its socket), before it opens the database
start first || fail "the daemon did not start"
first=$pid
if "$assessd" --data "$tmp/var" --plugins "$src/plugins" --catalogue "$src/catalogue" 2>"$tmp/second.log"; then
    fail "a second daemon started on a live data directory"
fi
grep -q "another assessd uses the data directory" "$tmp/second.log" || fail "no clear refusal"
if "$assessd" --data "$tmp/var" --socket "$tmp/elsewhere.sock" --plugins "$src/plugins" \
    --catalogue "$src/catalogue" 2>"$tmp/third.log"; then
    fail "a second daemon started on the same data directory with another socket"
fi
grep -q "another assessd uses the data directory" "$tmp/third.log" || fail "no clear refusal (other socket)"
grep -q "database" "$tmp/third.log" && fail "the refused daemon opened the database"
if "$assessd" --data "$tmp/var-other" --socket "$sock" --plugins "$src/plugins" \
    --catalogue "$src/catalogue" 2>"$tmp/fourth.log"; then
    fail "a second daemon started on a live socket"
fi
grep -qE "another assessd (is already serving|holds)" "$tmp/fourth.log" || fail "no clear refusal (socket)"
ctl system.ping >/dev/null || fail "the first daemon stopped serving"
ok "a live socket, and a data directory in use, are refused"

# 2. the data directory it made is closed to others, the socket is 0660
mode=$(stat -c %a "$tmp/var")
[ $((0$mode & 7)) -eq 0 ] || fail "socket directory mode $mode is open to others"
[ "$(stat -c %a "$sock")" = 660 ] || fail "socket mode $(stat -c %a "$sock")"
ok "socket directory $mode, socket 660"

# 3. an acknowledged write survives kill -9
ctl centre.create number=K9 name="Survivor" >/dev/null || fail "centre.create"
ctl scripts.run name=reviews >/dev/null || fail "scripts.run"
kill -KILL "$first"
wait "$first" 2>/dev/null
[ -S "$sock" ] || fail "kill -9 should leave the socket behind"

# 4. ... and the stale socket it leaves is replaced on the next start
start stale || fail "the daemon did not start over a stale socket"
grep -q "removed a stale socket" "$tmp/stale.log" || fail "the stale socket was not reported"
[ "$(centres)" = 1 ] || fail "the acknowledged write was lost after kill -9"
ctl --json scripts.list | grep -q '"name":"reviews".*"last_run":{"at":"[^"]*","ok":true,"produced":0' ||
    fail "the job's last run, as recorded, is not shown after a restart"
ok "kill -9: the acknowledged write survived, the stale socket was replaced, the last run shown"

# 5. SIGTERM with requests in flight: every request read gets its reply, and exactly the
#    acknowledged writes are kept
for i in $(seq 1 20000); do
    printf '{"jsonrpc":"2.0","id":%d,"method":"centre.create","params":{"number":"F-%d","name":"In flight"}}\n' "$i" "$i"
done >"$tmp/inflight.ndjson"
"$rawclient" "$sock" --no-shutdown --timeout 5000 <"$tmp/inflight.ndjson" >"$tmp/replies.ndjson" &
client=$!
sleep 0.02
kill -TERM "$pid"
wait "$pid"
status=$?
wait "$client"
[ $status -eq 0 ] || fail "the daemon exited $status after SIGTERM"
[ ! -e "$sock" ] || fail "the socket was not removed at shutdown"
acked=$(grep -c '"result":{"id"' "$tmp/replies.ndjson")
bad=$(grep -vc '"jsonrpc":"2.0"' "$tmp/replies.ndjson")
[ "$bad" = 0 ] || fail "a malformed reply during shutdown"
start after || fail "restart after SIGTERM"
[ "$(centres)" = $((1 + acked)) ] || fail "kept $(centres) centres, acknowledged $acked (+1)"
ok "SIGTERM in flight: $acked of 20000 acknowledged and kept, exit 0, socket removed"

# 6. the audit trail of all that verifies
ctl --json audit.verify | grep -q '"ok":true' || fail "audit.verify after restarts"
ok "audit trail intact across restarts"
kill -TERM "$pid"
wait "$pid" || fail "exit status after the final SIGTERM"

# 7. a socket directory's mode is never changed: a shared one with the sticky bit (like /tmp)
# is used as it is, the socket 0660; one anyone may write to without it is refused
mkdir -p "$tmp/shared" "$tmp/open"
chmod 1777 "$tmp/shared"
chmod 0777 "$tmp/open"
"$assessd" --data "$tmp/var" --socket "$tmp/shared/s.sock" --plugins "$src/plugins" \
    --catalogue "$src/catalogue" 2>"$tmp/shared.log" &
pid=$!
pids+=("$pid")
for _ in $(seq 100); do [ -S "$tmp/shared/s.sock" ] && break; sleep 0.05; done
[ "$(stat -c %a "$tmp/shared")" = 1777 ] || fail "the shared directory's mode was changed"
[ "$(stat -c %a "$tmp/shared/s.sock")" = 660 ] || fail "socket mode in the shared directory"
kill -TERM "$pid"
wait "$pid" || fail "exit status"
"$assessd" --data "$tmp/var" --socket "$tmp/open/s.sock" --plugins "$src/plugins" \
    --catalogue "$src/catalogue" 2>"$tmp/open.log" && fail "started in a directory anyone may write"
grep -q "lets anyone replace the socket" "$tmp/open.log" || fail "no clear refusal of the open directory"
[ "$(stat -c %a "$tmp/open")" = 777 ] || fail "the open directory's mode was changed"
ok "a socket directory's mode is left as it is; one anyone may write to is refused"

# sigterm_during METHOD REQUEST DELAY: sends REQUEST (id 1) and a ping (id 2) on one
# connection, SIGTERM after DELAY s; the call must be answered 1007 shutting_down, the ping
# too, and the daemon must exit 0.
sigterm_during() {
    local method=$1 replies="$tmp/$1.replies" status client
    printf '%s\n%s\n' "$2" '{"jsonrpc":"2.0","id":2,"method":"system.ping"}' >"$tmp/$method.ndjson"
    "$rawclient" "$sock" --no-shutdown --timeout 20000 <"$tmp/$method.ndjson" >"$replies" &
    client=$!
    sleep "$3"
    kill -TERM "$pid"
    wait "$pid"
    status=$?
    wait "$client"
    [ $status -eq 0 ] || fail "the daemon exited $status after SIGTERM during $method"
    grep -q '"id":1,.*"code":1007.*"shutting_down"' "$replies" ||
        fail "$method was not answered shutting_down: $(cat "$replies")"
    grep -q '"id":2,"result"' "$replies" || fail "the ping behind it was not answered"
    ok "SIGTERM during $method: 1007 shutting_down, the request behind it answered, exit 0"
}

# spin_job DIR NAME LOOPS: a job with no schedule that spins (6e7 loops: about half a second)
spin_job() {
    mkdir -p "$1"
    cat >"$1/$2.lua" <<EOF
assessd.job { name = "$2", description = "spins", run = function(ctx)
  local x = 0
  for i = 1, $3 do x = x + i end
  return {}
end }
EOF
}

# 8. reminders.due runs its jobs on threads of their own: a ping from another connection is
#    answered while a job is still running. One job that spins for about a second and a half;
#    the ping goes out a fifth of a second after the call, and its answer must come before the
#    call's (the job ran on the loop before: the ping waited for it, and came after).
spin_job "$tmp/one" spin 1.8e8
start one --scripts "$tmp/one" || fail "start with the spinning job"
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"reminders.due"}' >"$tmp/due.ndjson"
"$rawclient" "$sock" --timeout 20000 <"$tmp/due.ndjson" >"$tmp/due.replies" &
client=$!
sleep 0.2
ctl system.ping >/dev/null || fail "no answer to a ping during reminders.due"
[ ! -s "$tmp/due.replies" ] || fail "the ping was answered only after reminders.due"
# meanwhile a batch (which cannot be deferred: it waits for the jobs under way, then runs its
# own) and another call (which waits for its turn) from two more connections
printf '%s\n' '[{"jsonrpc":"2.0","id":5,"method":"reminders.due"},{"jsonrpc":"2.0","id":6,"method":"system.ping"}]' >"$tmp/batch.ndjson"
"$rawclient" "$sock" --timeout 20000 <"$tmp/batch.ndjson" >"$tmp/batch.replies" &
batch=$!
"$rawclient" "$sock" --timeout 20000 <"$tmp/due.ndjson" >"$tmp/queued.replies" &
queued=$!
wait "$client" "$batch" "$queued"
grep -q '"id":1,"result"' "$tmp/due.replies" || fail "reminders.due: $(cat "$tmp/due.replies")"
grep -q '"id":5,"result".*"id":6,"result"' "$tmp/batch.replies" ||
    fail "the batch: $(cat "$tmp/batch.replies")"
grep -q '"id":1,"result"' "$tmp/queued.replies" || fail "the call that waited: $(cat "$tmp/queued.replies")"
kill -TERM "$pid"
wait "$pid" || fail "exit status after the spinning job"
ok "a ping is answered while reminders.due runs its jobs; a batch and a second call wait their turn"

# 8b. SIGTERM while reminders.due gathers (the jobs on two threads of their own, the reply
#    deferred): the call is answered 1007 shutting_down, a ping sent after it on the same
#    connection is answered too, and the daemon exits 0. Eight unscheduled jobs that each spin
#    for about half a second (four rounds of two); the signal comes half a second in.
for n in 1 2 3 4 5 6 7 8; do spin_job "$tmp/slow" "slow$n" 6e7; done
start slow --scripts "$tmp/slow" || fail "start with the slow jobs"
sigterm_during reminders.due '{"jsonrpc":"2.0","id":1,"method":"reminders.due"}' 0.5

# 9. SIGTERM while progress.centre runs (the store read on a worker thread, one batch ahead of
#    the rules on the loop): the call is answered 1007 shutting_down, a ping sent after it on
#    the same connection is answered too, the read under way is waited for, and the daemon exits
#    0. A centre rule that spins makes each registration slow (about 0.2 s); twenty of them,
#    one per batch, so that the signal, a second in, lands mid-run.
cp -r "$src/plugins" "$tmp/plug"
cat >"$tmp/plug/local/cg.lua" <<'LUA'
nvq.rule("unit", "slow", function(unit)
  local x = 0
  for i = 1, 3e7 do x = x + i end
end)
LUA
start slowrules --plugins "$tmp/plug" --progress-batch 1 --progress-slice 0 --lua-time 5000 ||
    fail "start with the slow rule"
id_of() { grep -o '"id":[0-9]*' | head -1 | cut -d: -f2; }
centre=$(ctl --json centre.create number=SLOW9 name="Slow rules" | id_of)
assessor=$(ctl --json person.create name="Ava Assessor" roles:='["assessor"]' centre="$centre" | id_of)
iv=$(ctl --json person.create name="Ivan Verifier" roles:='["iv"]' centre="$centre" | id_of)
for i in $(seq 20); do
    cand=$(ctl --json candidate.create name="Candidate $i" centre="$centre" | id_of)
    ctl registration.create candidate="$cand" qualification=CG:3412-05 centre="$centre" \
        registered_on=2015-01-05 assessor="$assessor" iv="$iv" units:='["411"]' >/dev/null ||
        fail "registration $i"
done
sigterm_during progress.centre \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"progress.centre\",\"params\":{\"centre\":$centre}}" 1

# 10. SIGHUP (the terminal closing, or an operator expecting a reload) stops the daemon as
#     cleanly as SIGTERM: logged, exit 0, the socket removed
start hup || fail "start before SIGHUP"
kill -HUP "$pid"
wait "$pid"
status=$?
[ $status -eq 0 ] || fail "the daemon exited $status after SIGHUP"
grep -q "Hangup: no longer accepting" "$tmp/hup.log" || fail "SIGHUP not logged"
[ ! -e "$sock" ] || fail "the socket was not removed after SIGHUP"
ok "SIGHUP: a clean stop, exit 0, socket removed"

# 11. a socket lock file that cannot be opened is named as such, not as another daemon
mkdir -p "$tmp/lockdir/s.sock.lock"
"$assessd" --data "$tmp/var" --socket "$tmp/lockdir/s.sock" --plugins "$src/plugins" \
    --catalogue "$src/catalogue" 2>"$tmp/lockdir.log" && fail "started without its socket lock"
grep -q "cannot open the socket's lock file $tmp/lockdir/s.sock.lock" "$tmp/lockdir.log" ||
    fail "the lock file's problem is not named"
grep -q "another assessd" "$tmp/lockdir.log" && fail "blamed another daemon"
ok "a socket lock file that cannot be opened is named, no other daemon blamed"

# 12. a database file the daemon's user may not write is refused at start, unchanged (SQLite
#     would open it read-only, and every write would fail). Root may write any file: as root,
#     the daemon runs as nobody. Where nobody cannot run a program at all (a sandbox whose
#     system libraries only root may read), root may write any file and no file is read-only to
#     it: the check says it is skipped, and why.
mkdir -p "$tmp/ro"
cp "$tmp/var/assessd.db" "$tmp/ro/assessd.db"
cp "$tmp/ro/assessd.db" "$tmp/ro.copy"
as=()
ro_assessd=$assessd
ro_check=yes
if [ "$(id -u)" = 0 ]; then
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    if ! "${as[@]}" true 2>"$tmp/setpriv.err"; then
        ro_check="no: nobody cannot run a program here ($(head -c 200 "$tmp/setpriv.err"))"
    fi
    chmod 0711 "$tmp"
    chown 65534 "$tmp/ro"
    # the build may sit under a directory only root can enter: nobody runs a copy in $tmp
    ro_assessd=$tmp/assessd.copy
    cp "$assessd" "$ro_assessd"
    chmod 0755 "$ro_assessd"
else
    chmod 0444 "$tmp/ro/assessd.db"
fi
if [ "$ro_check" = yes ]; then
    # (a daemon that does start is stopped after 10 s, and the checks below fail)
    "${as[@]}" timeout 10 "$ro_assessd" --data "$tmp/ro" --plugins "$src/plugins" \
        --catalogue "$src/catalogue" --scripts "$src/scripts" 2>"$tmp/ro.log" &&
        fail "started on a database it may not write"
    grep -q "cannot write the database $tmp/ro/assessd.db" "$tmp/ro.log" ||
        fail "the read-only database is not named: $(tail -c 400 "$tmp/ro.log")"
    cmp -s "$tmp/ro/assessd.db" "$tmp/ro.copy" || fail "the refused database was changed"
    ok "a database the daemon may not write is refused at start, unchanged"
else
    echo "skip - a database the daemon may not write: $ro_check"
fi

echo "all lifecycle checks passed"
