#!/usr/bin/env bash
# bench/reminders.sh — how long reminders.due and each shipped job take over a large centre.
#
#   bench/reminders.sh            (from the repository root; binaries from $BUILD)
#
# Builds a database of REGISTRATIONS registrations (default 100000) in one centre with what
# three years of assessment leave behind — reviews, evidence with references, decisions,
# sign-offs, IV samples, claims and trainee staff (see step 2) — by SQL straight into a
# database the daemon created (so the schema is the daemon's), then starts assessd on it with
# --today 2009-06-30 and times, REPEAT times each (the median is printed):
#   reminders.due {}                  every job, as of today, each in its own window
#   reminders.due {within_days: 30}
#   scripts.run {name}                each job, storing its reminders (the first run stores all,
#                                     the later ones find them stored)
# Needs the sqlite3 command (Debian: sqlite3) to fill the database, and $BUILD/tests/rawclient
# (built with the tests).
#
# Environment: BUILD [./build], REGISTRATIONS [100000], REPEAT [5], SCENARIO [realistic, or
# backlog: nearly everything outstanding], KEEP_WORK=1 keeps the temporary directory.
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

# 2. the centre, in SQL. Registrations are spread over three years to --today 2009-06-30; the
#    two thirds registered before 2008-07-01 are finished (a full claim), the rest under way.
#    Each has three reviews (those under way: the last within four weeks, the next four weeks
#    later; one in thirty overdue), eight items of evidence on four units with two references
#    each, a decision per unit after its evidence (one registration in fifty has none yet),
#    sign-offs (all units of the finished, three of those under
#    way, one in ten by a trainee), IV samples of most sign-offs, and one evidence item in fifty
#    simulated. SCENARIO=backlog instead leaves nearly everything outstanding: every review
#    overdue, a fifth of the registrations without decisions, few samples and no claims.
t0=$(date +%s.%N)
if [ "${SCENARIO:-realistic}" = backlog ]; then
    finished="0" decided="g.id % 5 <> 0" sampled="g.id % 6 = 0" overdue="1"
else
    finished="g.registered_on < '2008-07-01'" decided="g.id % 50 <> 0"
    sampled="g.id % 10 <> 0" overdue="g.id % 30 = 0"
fi
sqlite3 "$work/var/assessd.db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO centre (id, number, name, created_at) VALUES (1, 'B1', 'Bench College', '2006-01-01T00:00:00Z');
-- staff: 1 admin, 200 assessors (every tenth a trainee), 40 IVs (every tenth a trainee)
INSERT INTO person (id, centre, name, roles, email, created_at) VALUES
  (1, 1, 'Ann Admin', 'admin', 'admin@example.org', '2006-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO person (id, centre, name, roles, email, created_at)
  SELECT 1 + i, 1, 'Assessor ' || i, 'assessor', 'a' || i || '@example.org', '2006-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO person (id, centre, name, roles, email, created_at)
  SELECT 201 + i, 1, 'Verifier ' || i, 'iv', 'v' || i || '@example.org', '2006-01-01T00:00:00Z' FROM n;
INSERT INTO award (person, code, role, started_on, achieved_on, created_at)
  SELECT id, CASE WHEN roles = 'iv' THEN 'V1' ELSE 'A1' END, roles,
         CASE WHEN id % 10 = 0 THEN date('2008-01-01', '+' || (id % 300) || ' days') END,
         CASE WHEN id % 10 = 0 THEN NULL ELSE '2005-01-01' END, '2006-01-01T00:00:00Z'
  FROM person WHERE id BETWEEN 2 AND 241;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO person (id, centre, name, roles, created_at)
  SELECT 1000 + i, 1, 'Candidate ' || i, 'candidate', '2006-01-01T00:00:00Z' FROM n;
INSERT INTO registration (id, candidate, centre, body, qualification, title, level,
                          catalogue_version, registered_on, assessor, iv, created_at)
  SELECT id - 1000, id, 1, 'OCR', '05943', 'OCR Level 2 NVQ in Customer Service', 2,
         (SELECT id FROM catalogue_version WHERE body = 'OCR' LIMIT 1),
         date('2006-07-01', '+' || (((id - 1000) * 7) % 1095) || ' days'),
         2 + (id % 200), 202 + (id % 40), '2006-01-01T00:00:00Z'
  FROM person WHERE roles = 'candidate';
INSERT INTO registration_unit (registration, unit_id, unit, chosen_on)
  SELECT g.id, u.id, u.num, g.registered_on FROM registration g,
    (SELECT 'M/102/4501' AS id, '1' AS num UNION ALL SELECT 'J/102/4505', '5'
     UNION ALL SELECT 'H/103/6273', '9' UNION ALL SELECT 'D/102/0234', '21'
     UNION ALL SELECT 'L/102/4506', '6' UNION ALL SELECT 'M/103/6793', '36'
     UNION ALL SELECT 'K/103/6274', '10') u;
-- reviews: two early ones, and the last
INSERT INTO review (registration, date, notes, next_due, recorded_by, recorded_at)
  SELECT g.id, date(g.registered_on, '+' || k.k * 28 || ' days'), 'review', date(g.registered_on, '+' || (k.k + 1) * 28 || ' days'), g.assessor, 'x'
  FROM registration g, (SELECT 1 AS k UNION ALL SELECT 2) k WHERE date(g.registered_on, '+' || k.k * 28 || ' days') <= '2009-06-02';
INSERT INTO review (registration, date, notes, next_due, recorded_by, recorded_at)
  SELECT g.id, date('2009-06-30', '-' || (g.id % 28) || ' days'), 'latest',
         CASE WHEN $overdue THEN date('2009-06-30', '-' || (g.id % 20 + 1) || ' days')
              ELSE date('2009-06-30', '+' || (28 - g.id % 28) || ' days') END, g.assessor, 'x'
  FROM registration g WHERE g.registered_on <= date('2009-06-30', '-' || (g.id % 28) || ' days');
-- evidence: eight items on units 1, 5, 9 and 21, two references each
INSERT INTO evidence (id, registration, title, method, date, location, simulated, added_by, added_at)
  SELECT g.id * 8 + k.k, g.id, 'Evidence ' || k.k, 'O',
         min(date(g.registered_on, '+' || (12 * k.k + g.id % 12) || ' days'), '2009-06-30'),
         'portfolio', CASE WHEN (g.id + k.k) % 50 = 0 THEN 1 ELSE 0 END, g.assessor, 'x'
  FROM registration g, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
    UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7) k;
INSERT INTO evidence_ref (evidence, unit, ref, pos)
  SELECT e.id, u.num, u.num || ':' || u.num || '.' || r.r, r.r - 1
  FROM evidence e, (SELECT 1 AS r UNION ALL SELECT 2) r,
    (SELECT '1' AS num, 0 AS m UNION ALL SELECT '5', 1 UNION ALL SELECT '9', 2 UNION ALL SELECT '21', 3) u
  WHERE e.id % 4 = u.m;
-- each item's units and their refs on the item (schemas 6 and 7), as the daemon writes them
UPDATE evidence SET units = coalesce((SELECT group_concat(unit, char(10)) FROM
  (SELECT unit, min(ref) AS first FROM evidence_ref r WHERE r.evidence = evidence.id
   GROUP BY unit ORDER BY first)), ''),
  unit_refs = coalesce((SELECT group_concat(refs, char(10)) FROM
  (SELECT (SELECT group_concat(q, ',') FROM (SELECT json_quote(x.ref) AS q FROM
     evidence_ref x WHERE x.evidence = evidence.id AND x.unit = r.unit ORDER BY x.ref))
     AS refs, min(r.ref) AS first
   FROM evidence_ref r WHERE r.evidence = evidence.id GROUP BY r.unit ORDER BY first)), '');
-- a decision per unit after its latest evidence
INSERT INTO decision (registration, unit, outcome, kind, justification, feedback, date, evidence, assessor, recorded_at)
  SELECT g.id, u.num, 'met', 'summative', 'j', 'f', '2009-06-30', '[]', g.assessor, 'x'
  FROM registration g, (SELECT '1' AS num UNION ALL SELECT '5' UNION ALL SELECT '9' UNION ALL SELECT '21') u
  WHERE $decided;
-- sign-offs: every unit of the finished registrations, three of those under way
INSERT INTO signoff (registration, unit, date, assessor, trainee, recorded_at)
  SELECT u.registration, u.unit, min(date(g.registered_on, '+100 days'), '2009-06-30'), g.assessor,
         CASE WHEN g.id % 10 = 0 THEN 1 ELSE 0 END, 'x'
  FROM registration_unit u JOIN registration g ON g.id = u.registration
  WHERE $finished OR u.unit IN ('1', '5', '9');
INSERT INTO countersignature (record, record_id, person, date, recorded_at)
  SELECT 'signoff', f.id, 2, f.date, 'x' FROM signoff f JOIN registration g ON g.id = f.registration
  WHERE f.trainee = 1 AND $finished;
INSERT INTO iv_sample (registration, unit, iv, outcome, notes, evidence, date, recorded_at)
  SELECT f.registration, f.unit, g.iv, 'confirmed', 'n', '[]', '2009-06-30', 'x'
  FROM signoff f JOIN registration g ON g.id = f.registration WHERE $sampled;
INSERT INTO claim (registration, full, units, date, iv, certificates, recorded_at)
  SELECT g.id, 1, '[]', date(g.registered_on, '+330 days'), g.iv, '[]', 'x' FROM registration g
  WHERE $finished;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s.%N)
printf 'data scenario=%s registrations=%d seconds=%.1f db_mb=%d\n' "${SCENARIO:-realistic}" "$N" \
    "$(awk "BEGIN { print $t1 - $t0 }")" \
    $(( $(stat -c %s "$work/var/assessd.db") / 1048576 ))

# 3. the timings
start
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# measure NAME METHOD PARAMS: the median wall time of REPEAT calls through the raw client (the
# request, the daemon's work and reading the reply, without a client's formatting)
measure() {
    local name=$1 method=$2 params=$3 times=() bytes=0 a b
    for _ in $(seq "$REPEAT"); do
        a=$(date +%s%N)
        bytes=$(printf '{"jsonrpc":"2.0","id":1,"method":"%s","params":%s}\n' "$method" "$params" |
            "$BUILD/tests/rawclient" "$sock" --timeout 600000 | wc -c)
        b=$(date +%s%N)
        times+=("$(( (b - a) / 1000000 ))")
    done
    printf 'figure %s median_ms=%s runs=%s reply_bytes=%s\n' "$name" \
        "$(printf '%s\n' "${times[@]}" | median)" "$(IFS=,; echo "${times[*]}")" "$bytes"
}
ctl --json reminders.due | grep -o '"kind":"[a-z_]*"' | sort | uniq -c | sed 's/^ */count /'
measure reminders.due reminders.due '{}'
measure reminders.due_30d reminders.due '{"within_days":30}'
for job in reviews claims awards qualification_dates evidence iv_sampling; do
    measure "scripts.run:$job" scripts.run "{\"name\":\"$job\"}"
done
stop
