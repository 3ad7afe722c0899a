#!/usr/bin/env bash
# bench/reminders.sh — how long reminders.due and each shipped job take over a large centre.
#
#   bench/reminders.sh            (from the repository root; binaries from $BUILD)
#
# Builds a database of REGISTRATIONS registrations (default 100000) in one centre with what a
# year of assessment leaves behind — reviews, evidence with references, decisions, sign-offs,
# IV samples, a few claims and trainee staff — by SQL straight into a database the daemon
# created (so the schema is the daemon's), then starts assessd on it with --today 2009-06-30
# and times, REPEAT times each (the median is printed):
#   reminders.due {}                  every job, as of today, each in its own window
#   reminders.due {within_days: 30}
#   scripts.run {name}                each job, storing its reminders (the first run stores all,
#                                     the later ones find them stored)
# Needs the sqlite3 command (Debian: sqlite3) to fill the database.
#
# Environment: BUILD [./build], REGISTRATIONS [100000], REPEAT [5], KEEP_WORK=1 keeps the
# temporary directory.
set -euo pipefail
BUILD=${BUILD:-./build}
N=${REGISTRATIONS:-100000}
REPEAT=${REPEAT:-5}
src=$(cd "$(dirname "$0")/.." && pwd)
command -v sqlite3 >/dev/null || { echo "bench/reminders.sh needs the sqlite3 command" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/assessd-rembench.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
sock=$work/var/assessd.sock
ctl() { "$BUILD/assessctl" --socket "$sock" "$@"; }
start() {
    "$BUILD/assessd" --data "$work/var" --plugins "$src/plugins" --catalogue "$src/catalogue" \
        --scripts "$src/scripts" --today 2009-06-30 --scheduler-tick 0 2>>"$work/daemon.log" &
    pid=$!
    for _ in $(seq 400); do
        ctl system.ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "the daemon did not start" >&2
    exit 2
}
stop() {
    kill -TERM "$pid"
    wait "$pid" || true
    pid=
}

# 1. the schema and the catalogue versions, from the daemon itself
start
stop

# 2. the centre, in SQL
t0=$(date +%s.%N)
sqlite3 "$work/var/assessd.db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO centre (id, number, name, created_at) VALUES (1, 'B1', 'Bench College', '2008-01-01T00:00:00Z');
-- staff: 1 admin, 200 assessors (every tenth a trainee), 40 IVs (every tenth a trainee)
INSERT INTO person (id, centre, name, roles, email, created_at) VALUES
  (1, 1, 'Ann Admin', 'admin', 'admin@example.org', '2008-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO person (id, centre, name, roles, email, created_at)
  SELECT 1 + i, 1, 'Assessor ' || i, 'assessor', 'a' || i || '@example.org', '2008-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO person (id, centre, name, roles, email, created_at)
  SELECT 201 + i, 1, 'Verifier ' || i, 'iv', 'v' || i || '@example.org', '2008-01-01T00:00:00Z' FROM n;
INSERT INTO award (person, code, role, started_on, achieved_on, created_at)
  SELECT id, CASE WHEN roles = 'iv' THEN 'V1' ELSE 'A1' END, roles,
         CASE WHEN id % 10 = 0 THEN date('2008-01-01', '+' || (id % 300) || ' days') END,
         CASE WHEN id % 10 = 0 THEN NULL ELSE '2005-01-01' END, '2008-01-01T00:00:00Z'
  FROM person WHERE id BETWEEN 2 AND 241;
-- candidates and their registrations, registered over eighteen months
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO person (id, centre, name, roles, created_at)
  SELECT 1000 + i, 1, 'Candidate ' || i, 'candidate', '2008-01-01T00:00:00Z' FROM n;
INSERT INTO registration (id, candidate, centre, body, qualification, title, level,
                          catalogue_version, registered_on, assessor, iv, created_at)
  SELECT id - 1000, id, 1, 'OCR', '05943', 'OCR Level 2 NVQ in Customer Service', 2,
         (SELECT id FROM catalogue_version WHERE body = 'OCR' LIMIT 1),
         date('2008-01-01', '+' || ((id * 7) % 545) || ' days'),
         2 + (id % 200), 202 + (id % 40), '2008-01-01T00:00:00Z'
  FROM person WHERE roles = 'candidate';
-- seven units each: the two mandatory ones and five optional
INSERT INTO registration_unit (registration, unit_id, unit, chosen_on)
  SELECT g.id, u.id, u.num, g.registered_on FROM registration g,
    (SELECT 'M/102/4501' AS id, '1' AS num UNION ALL SELECT 'J/102/4505', '5'
     UNION ALL SELECT 'H/103/6273', '9' UNION ALL SELECT 'D/102/0234', '21'
     UNION ALL SELECT 'L/102/4506', '6' UNION ALL SELECT 'M/103/6793', '36'
     UNION ALL SELECT 'K/103/6274', '10') u;
-- reviews: two each, the second setting the next date
INSERT INTO review (registration, date, notes, next_due, recorded_by, recorded_at)
  SELECT id, date(registered_on, '+20 days'), 'first', date(registered_on, '+48 days'), assessor, 'x' FROM registration;
INSERT INTO review (registration, date, notes, next_due, recorded_by, recorded_at)
  SELECT id, date(registered_on, '+48 days'), 'second', date(registered_on, '+' || (60 + id % 400) || ' days'), assessor, 'x'
  FROM registration WHERE date(registered_on, '+48 days') <= '2009-06-30';
-- evidence: three items each, on two units each; one in twenty simulated
INSERT INTO evidence (id, registration, title, method, date, location, simulated, added_by, added_at)
  SELECT g.id * 3 + k.k, g.id, 'Evidence ' || k.k, 'O', min(date(g.registered_on, '+' || (10 * k.k + g.id % 30) || ' days'), '2009-06-30'),
         'portfolio', CASE WHEN (g.id + k.k) % 20 = 0 THEN 1 ELSE 0 END, g.assessor, 'x'
  FROM registration g, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) k;
INSERT INTO evidence_ref (evidence, unit, ref)
  SELECT e.id, u.num, u.num || ':' || u.num || '.1' FROM evidence e,
    (SELECT '1' AS num UNION ALL SELECT '5') u;
-- decisions: units 1 and 5 decided for four registrations in five, after the evidence
INSERT INTO decision (registration, unit, outcome, kind, justification, feedback, date, evidence, assessor, recorded_at)
  SELECT g.id, u.num, 'met', 'summative', 'j', 'f', min(date(g.registered_on, '+60 days'), '2009-06-30'), '[]', g.assessor, 'x'
  FROM registration g, (SELECT '1' AS num UNION ALL SELECT '5') u WHERE g.id % 5 <> 0;
-- sign-offs: in one registration in three, every unit (one in ten by a trainee)
INSERT INTO signoff (registration, unit, date, assessor, trainee, recorded_at)
  SELECT u.registration, u.unit, min(date(g.registered_on, '+80 days'), '2009-06-30'), g.assessor,
         CASE WHEN g.id % 10 = 0 THEN 1 ELSE 0 END, 'x'
  FROM registration_unit u JOIN registration g ON g.id = u.registration WHERE g.id % 3 = 0;
-- IV samples: units 1 of half the signed-off registrations
INSERT INTO iv_sample (registration, unit, iv, outcome, notes, evidence, date, recorded_at)
  SELECT g.id, '1', g.iv, 'confirmed', 'n', '[]', min(date(g.registered_on, '+90 days'), '2009-06-30'), 'x'
  FROM registration g WHERE g.id % 6 = 0;
-- full claims for some of the finished ones
INSERT INTO claim (registration, full, units, date, iv, certificates, recorded_at)
  SELECT id, 1, '[]', '2009-06-01', iv, '[]', 'x' FROM registration WHERE id % 30 = 0;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
printf 'data registrations=%d seconds=%.1f db_mb=%d\n' "$N" "$(echo "$t1 - $t0" | bc)" \
    $(( $(stat -c %s "$work/var/assessd.db") / 1048576 ))

# 3. the timings
start
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() { # NAME METHOD [params...]: the median wall time of REPEAT calls, and the result size
    local name=$1
    shift
    local times=() bytes=0
    for _ in $(seq "$REPEAT"); do
        local a b
        a=$(date +%s%N)
        bytes=$(ctl --json "$@" | wc -c)
        b=$(date +%s%N)
        times+=("$(( (b - a) / 1000000 ))")
    done
    printf 'figure %s median_ms=%s runs=%s result_bytes=%s\n' "$name" \
        "$(printf '%s\n' "${times[@]}" | median)" "$(IFS=,; echo "${times[*]}")" "$bytes"
}
ctl --json reminders.due | grep -o '"kind":"[a-z_]*"' | sort | uniq -c | sed 's/^/count /'
measure reminders.due reminders.due
measure reminders.due_30d reminders.due within_days=30
for job in reviews claims awards qualification_dates evidence iv_sampling; do
    measure "scripts.run:$job" scripts.run name="$job"
done
stop
