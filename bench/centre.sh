#!/usr/bin/env bash
# bench/centre.sh — the synthetic centre budgets: 100,000 registrations (7–9 units, about 24
# evidence items each) created by bulk.import in under 60 s; progress for every registration
# (progress.centre, rules in Lua) in under 5 s; reminders.due over it in under 1 s; the daemon's
# resident memory with the centre loaded under 100 MiB; start-up with the full catalogue under
# 200 ms. Prints one line per figure and per budget, like bench/run.sh.
#
#   bench/centre.sh            (from the repository root; binaries from $BUILD [./build])
#   REGISTRATIONS=100000  KEEP_WORK=1
set -euo pipefail
BUILD=${BUILD:-./build}
REGISTRATIONS=${REGISTRATIONS:-100000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/tools/deps.sh" sqlite3 >&2 # changes registrations the way a write does (below)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/assessd-centre.XXXXXX")
PID=
cleanup() {
    [[ -n $PID ]] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    [[ ${KEEP_WORK:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
SOCK=$WORK/var/assessd.sock
# fields JSON KEY... — "KEY=value" for the first number under each key
fields() {
    local json=$1 key sep=
    shift
    for key; do
        printf '%s%s=%s' "$sep" "$key" "$(grep -o "\"$key\":[0-9]*" <<<"$json" | head -1 | cut -d: -f2)"
        sep=' '
    done
}
ctl() { "$BUILD/assessctl" --socket "$SOCK" --timeout 600 "$@"; }
now() { date +%s.%N; }
secs() { awk "BEGIN{printf \"%.2f\", $2 - $1}"; }
# CPU seconds (user + system) the daemon has used: all threads, and the loop's thread alone
# (the main thread: its id is the process's). The difference is libuv's worker threads.
ticks=$(getconf CLK_TCK)
cpu_all() { awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$PID/stat"; }
cpu_loop() { awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$PID/task/$PID/stat"; }
budget() { # budget NAME VALUE LIMIT UNIT
    local verdict=PASS
    awk "BEGIN{exit !($2 > $3)}" && verdict=FAIL
    echo "budget $1 value=$2$4 limit=$3$4 $verdict"
}
start() {
    "$BUILD/assessd" --data "$WORK/var" --plugins "$ROOT/plugins" --catalogue "$ROOT/catalogue" --scripts "$ROOT/scripts" \
        --today 2015-06-30 2>>"$WORK/daemon.log" &
    PID=$!
    for _ in $(seq 200); do ctl system.ping >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "centre.sh: the daemon did not start" >&2
    tail "$WORK/daemon.log" >&2
    exit 2
}
stop() { kill -TERM "$PID"; wait "$PID" || true; PID=; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status"; }
hwm_mib() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status"; }

start
ctl centre.create number=BENCH name="Synthetic centre" >/dev/null
assessors= ivs=
for i in 1 2 3 4 5 6 7 8; do
    id=$(ctl --json person.create name="Assessor $i" roles:='["assessor"]' centre=1 \
        awards:='[{"code":"A1","achieved_on":"2005-01-01"}]' | grep -o '[0-9]*')
    assessors=${assessors:+$assessors,}$id
done
for i in 1 2 3; do
    id=$(ctl --json person.create name="IV $i" roles:='["iv"]' centre=1 \
        awards:='[{"code":"V1","achieved_on":"2005-01-01"}]' | grep -o '[0-9]*')
    ivs=${ivs:+$ivs,}$id
done
# the qualification's units and their criteria, as the daemon serves them
: >"$WORK/units.txt"
for u in $(ctl --json catalogue.qualification code=CG:3412-05 | grep -o '"number":"[0-9]*"' | cut -d'"' -f4); do
    refs=$(ctl --json catalogue.unit body=CG number="$u" | grep -oE '"ref":"[0-9]+:([0-9]+\.[0-9]+|ER[0-9]+:[a-z]+)"' | cut -d'"' -f4 | tr '\n' ' ')
    echo "$u $refs" >>"$WORK/units.txt"
done
"$BUILD/bench/gen_centre" --units "$WORK/units.txt" --qualification CG:3412-05 \
    --registrations "$REGISTRATIONS" --assessors "$assessors" --ivs "$ivs" >"$WORK/centre.ndjson"
echo "# generated $REGISTRATIONS registrations: $(du -m "$WORK/centre.ndjson" | cut -f1) MB of NDJSON" >&2

t0=$(now)
job=$(ctl --json bulk.import path="$WORK/centre.ndjson" centre=1 | grep -o '"job":[0-9]*' | cut -d: -f2)
until ctl --json bulk.status job="$job" | grep -q '"state":"\(done\|failed\)"'; do sleep 0.5; done
t1=$(now)
status=$(ctl --json bulk.status job="$job")
echo "figure centre_import seconds=$(secs "$t0" "$t1") $(fields "$status" registrations evidence refused)"
budget centre_import "$(secs "$t0" "$t1")" 60 s

# progress.centre keeps each registration's summary and computes again only the registrations
# changed since (docs/protocol.md). The first call after the import computes all of them; the
# budget is the call a dashboard makes on a working day, when some registrations have changed.
progress() { # progress NAME NOTE
    local t0 t1 out a0 l0 a1 l1
    a0=$(cpu_all) l0=$(cpu_loop)
    t0=$(now)
    if out=$(ctl --json progress.centre centre=1 2>&1); then
        t1=$(now)
        a1=$(cpu_all) l1=$(cpu_loop) # read once: the workers' share is the rest
        echo "figure $1 seconds=$(secs "$t0" "$t1") $(fields "$out" registrations computed kept units_achieved) loop_cpu_s=$(secs "$l0" "$l1") workers_cpu_s=$(awk "BEGIN{printf \"%.2f\", ($a1 - $a0) - ($l1 - $l0)}") ($2)"
        [[ $1 == centre_progress_unchanged ]] || budget "$1" "$(secs "$t0" "$t1")" 5 s
    else
        echo "figure $1 failed: $out"
    fi
}
progress centre_progress_first "every registration computed by the rules in Lua"
progress centre_progress_unchanged "nothing changed since"
# 5 % of the registrations changed: what a write to each does to its progress_rev
sqlite3 "$WORK/var/assessd.db" "PRAGMA busy_timeout = 10000;
    UPDATE registration SET progress_rev = progress_rev + 1 WHERE id % 20 = 0;" >/dev/null
progress centre_progress "5 % of the registrations changed since the last call"

# (the list captured first: grep -q would close the pipe early, and pipefail fail it)
methods=$(ctl --json system.methods)
if [[ $methods == *'"reminders.due"'* ]]; then
    t0=$(now)
    # every reminder is computed; the reply carries the first 100 and the count
    out=$(ctl --json reminders.due within_days=30 limit=100)
    t1=$(now)
    echo "figure centre_reminders_due seconds=$(secs "$t0" "$t1") $(fields "$out" total) (limit=100)"
    budget centre_reminders_due "$(secs "$t0" "$t1")" 1 s
else
    echo "skip centre_reminders_due: the daemon has no reminders.due"
fi

# the scheduled jobs' runs over the centre, as the scheduler makes them every few hours
# (scripts.run makes the same run on the loop): each stores every reminder due, once. The
# first after the import stores them all; the memory figures below come after them.
if [[ $methods == *'"scripts.run"'* ]]; then
    for job in reviews evidence iv_sampling; do
        t0=$(now)
        if out=$(ctl --json scripts.run name=$job limit=0 2>&1); then
            t1=$(now)
            echo "figure centre_run_$job seconds=$(secs "$t0" "$t1") $(fields "$out" produced stored) rss_mib=$(rss_mib) hwm_mib=$(hwm_mib) (scripts.run: the job over the centre, stored)"
        else
            echo "figure centre_run_$job failed: $out"
        fi
    done
fi

rss=$(rss_mib)
echo "figure centre_memory rss_mib=$rss (after import, progress.centre, reminders.due and the jobs' runs)"
echo "figure centre_peak_memory hwm_mib=$(hwm_mib) (the most the daemon held at any time: not a budget)"
budget centre_memory "$rss" 100 MiB

stop
start
ready=$(grep -o 'ready in [0-9.]* ms' "$WORK/daemon.log" | tail -1 | grep -o '[0-9.]*')
echo "figure startup ms=$ready (database of $(du -m "$WORK/var/assessd.db" | cut -f1) MB, the full catalogue)"
budget startup "$ready" 200 ms
echo "figure idle_memory rss_mib=$(rss_mib) (just started)"
