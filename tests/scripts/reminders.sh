#!/usr/bin/env bash
# Reminders across runs and restarts, delivered through a command that fails: each reminder is
# stored once however often its job runs (the scheduler runs the reviews job every second
# here) and however often the daemon restarts, including after kill -9; a failing delivery is
# retried with backoff until it succeeds, every attempt recorded; one that keeps failing is
# given up after --reminder-attempts, resuming its count across a restart; a delivered
# reminder is never sent again.
#   reminders.sh ASSESSD ASSESSCTL RAWCLIENT
set -u
assessd=$1 assessctl=$2
src=${ASSESSD_SOURCE:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assessd-rem.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
    [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    for f in "$tmp"/*.log; do echo "---- $f" >&2; tail -n 40 "$f" >&2; done
    exit 1
}
ok() { echo "ok - $*"; }

# the shipped jobs, with the reviews job every second
cp -r "$src/scripts" "$tmp/scripts"
sed -i 's/every = "6h"/every = "1s"/' "$tmp/scripts/reviews.lua"

# the delivery command: logs each attempt, keeps the message, fails the first two attempts of
# each reminder, and every attempt while $tmp/fail-always exists
mkdir -p "$tmp/mail"
cat >"$tmp/deliver.sh" <<EOF
#!/bin/sh
echo "\$ASSESSD_REMINDER_KEY attempt \$ASSESSD_REMINDER_ATTEMPT to \$ASSESSD_REMINDER_TO" >>"$tmp/deliveries.txt"
cat >"$tmp/mail/\$ASSESSD_REMINDER_ID.\$ASSESSD_REMINDER_ATTEMPT.eml"
[ -e "$tmp/fail-always" ] && { echo "mail server down" >&2; exit 75; }
[ "\$ASSESSD_REMINDER_ATTEMPT" -ge 3 ] || { echo "temporary failure" >&2; exit 75; }
exit 0
EOF
chmod +x "$tmp/deliver.sh"

sock=$tmp/var/assessd.sock
start() { # start LOGNAME
    "$assessd" --data "$tmp/var" --plugins "$src/plugins" --catalogue "$src/catalogue" \
        --scripts "$tmp/scripts" --today 2009-06-30 --scheduler-tick 100 \
        --reminder-command "$tmp/deliver.sh" --reminder-retry 100 --reminder-attempts 4 \
        2>"$tmp/$1.log" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 200); do
        "$assessctl" --socket "$sock" system.ping >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}
stop() {
    kill -TERM "$pid"
    wait "$pid" || fail "the daemon exited with $? after SIGTERM"
}
ctl() { "$assessctl" --socket "$sock" "$@"; }
id_of() { grep -o '"id":[0-9]*' | head -1 | cut -d: -f2; }
# how many stored reminders have this key
stored() { ctl --json reminders.list limit=10000 | grep -o "\"key\":\"$1\"" | wc -l; }
# the command delivery state of the reminder with this key
state() { ctl --json reminders.list limit=10000 | grep -o "\"key\":\"$1\".*" | grep -o '"command":"[a-z]*"' | head -1 | cut -d'"' -f4; }
# attempts the command saw for this key, and attempts the outbox counts
attempts() { grep -c "^$1 attempt" "$tmp/deliveries.txt" 2>/dev/null || echo 0; }
counted() { ctl --json reminders.list limit=10000 | grep -o "\"key\":\"$1\".*" | grep -o '"attempts":[0-9]*' | head -1 | cut -d: -f2; }
wait_state() { # KEY STATE
    for _ in $(seq 100); do
        [ "$(state "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

start first || fail "the daemon did not start"
centre=$(ctl --json centre.create number=REM name="Reminder College" | id_of)
assessor=$(ctl --json person.create name="Sam Assessor" roles:='["assessor"]' centre="$centre" \
    email=sam@example.org awards:='[{"code":"A1","achieved_on":"2005-01-01"}]' | id_of)
iv=$(ctl --json person.create name="Ivy Verifier" roles:='["iv"]' centre="$centre" \
    awards:='[{"code":"V1","achieved_on":"2005-01-01"}]' | id_of)
cara=$(ctl --json candidate.create name="Cara Candidate" centre="$centre" | id_of)
reg=$(ctl --json registration.create candidate="$cara" qualification=OCR:05943 centre="$centre" \
    registered_on=2009-05-01 assessor="$assessor" iv="$iv" | id_of)
[ -n "$reg" ] || fail "registration.create"
key="review:$reg:2009-05-29"

# 1. the scheduler finds the review, the command fails twice and then delivers it
wait_state "$key" delivered || fail "the review was not delivered (state $(state "$key"))"
[ "$(attempts "$key")" = 3 ] || fail "$(attempts "$key") attempts instead of 3"
grep -q "^$key attempt 3 to sam@example.org$" "$tmp/deliveries.txt" || fail "recipients"
ctl --json reminders.list limit=10000 | grep -q '"detail":"exit status 75: temporary failure"' ||
    fail "the failed attempts were not recorded"
msg=$(grep -l "^Reminder: $key " "$tmp"/mail/*.3.eml | head -1)
[ -n "$msg" ] || fail "no message of the third attempt"
grep -q $'^To: "Sam Assessor" <sam@example.org>\r$' "$msg" || fail "the message's To:"
grep -q $'^Message-ID: <reminder-[0-9a-f]*@.*>\r$' "$msg" || fail "the message's Message-ID"
grep -q $'^Date: .* +0000\r$' "$msg" || fail "the message's Date"
grep -q $'^Subject: \\[assessd\\] Review of Cara Candidate (OCR:05943)\r$' "$msg" || fail "Subject"
[ "$(grep -c $'\r$' "$msg")" = "$(wc -l <"$msg")" ] || fail "a line of the message does not end in CRLF"
# the retries reuse the Message-ID
[ "$(grep -l "^Reminder: $key " "$tmp"/mail/*.eml | xargs grep -h '^Message-ID' | sort -u |
    wc -l)" = 1 ] || fail "the attempts' Message-IDs differ"
ok "a failing delivery is retried until it succeeds, every attempt recorded"

# 2. the job keeps running every second: still one reminder, no new delivery
sleep 1.5
[ "$(stored "$key")" = 1 ] || fail "the reminder is stored $(stored "$key") times"
[ "$(attempts "$key")" = 3 ] || fail "delivered again while running again"
ok "a job run again stores and sends nothing twice"

# 3. restarts, clean and kill -9: no duplicate, no new delivery
stop
start second || fail "the daemon did not restart"
sleep 1.5
[ "$(stored "$key")" = 1 ] || fail "after a restart the reminder is stored $(stored "$key") times"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
start third || fail "the daemon did not start after kill -9"
sleep 1.5
[ "$(stored "$key")" = 1 ] || fail "after kill -9 the reminder is stored $(stored "$key") times"
[ "$(attempts "$key")" = 3 ] || fail "a restart delivered the reminder again"
ok "restarts (SIGTERM and kill -9) neither store nor send a reminder twice"

# 4. a delivery that keeps failing: its attempts continue across a restart, then it is given up
touch "$tmp/fail-always"
dan=$(ctl --json candidate.create name="Dan Candidate" centre="$centre" | id_of)
reg2=$(ctl --json registration.create candidate="$dan" qualification=OCR:05943 centre="$centre" \
    registered_on=2009-05-02 assessor="$assessor" iv="$iv" | id_of)
key2="review:$reg2:2009-05-30"
for _ in $(seq 100); do
    [ "$(counted "$key2")" -ge 2 ] 2>/dev/null && break
    sleep 0.05
done
[ "$(counted "$key2")" -ge 2 ] || fail "the second reminder was not tried"
stop
start fourth || fail "the daemon did not restart"
wait_state "$key2" failed || fail "the failing delivery was not given up (state $(state "$key2"))"
[ "$(counted "$key2")" = 4 ] || fail "$(counted "$key2") attempts instead of --reminder-attempts 4"
ctl --json reminders.list limit=10000 | grep -q '"detail":"exit status 75: mail server down"' ||
    fail "the failure's output was not recorded"
ok "a delivery that keeps failing is given up after its attempts, counted across a restart"

# 5. every attempt is in the audit trail, and the trail holds
made=$(ctl --json reminders.list limit=10000 | grep -o '"attempts":[0-9]*' | cut -d: -f2 |
    awk '{ n += $1 } END { print n }')
audited=$(ctl --json audit.list method=reminders.deliver limit=10000 | grep -o '"seq"' | wc -l)
[ "$made" -ge 7 ] && [ "$audited" = "$made" ] ||
    fail "$audited audit entries for $made delivery attempts"
ctl --json audit.verify | grep -q '"ok":true' || fail "audit.verify"
ok "delivery attempts are audited"
stop

# 6. a command that hangs is killed when its time is up, with what it started
cat >"$tmp/hang.sh" <<EOF
#!/bin/sh
sleep 300 &
echo \$! >"$tmp/child.pid"
wait
EOF
chmod +x "$tmp/hang.sh"
rm -f "$tmp/fail-always"
"$assessd" --data "$tmp/var2" --plugins "$src/plugins" --catalogue "$src/catalogue" \
    --scripts "$tmp/scripts" --today 2009-06-30 --scheduler-tick 100 \
    --reminder-command "$tmp/hang.sh" --reminder-command-timeout 300 --reminder-attempts 1 \
    2>"$tmp/hang.log" &
pid=$!
pids+=("$pid")
sock=$tmp/var2/assessd.sock
for _ in $(seq 200); do ctl system.ping >/dev/null 2>&1 && break; sleep 0.05; done
centre=$(ctl --json centre.create number=HANG name="Hang College" | id_of)
assessor=$(ctl --json person.create name="Sam Assessor" roles:='["assessor"]' centre="$centre" \
    awards:='[{"code":"A1","achieved_on":"2005-01-01"}]' | id_of)
iv=$(ctl --json person.create name="Ivy Verifier" roles:='["iv"]' centre="$centre" | id_of)
cara=$(ctl --json candidate.create name="Cara Candidate" centre="$centre" | id_of)
reg=$(ctl --json registration.create candidate="$cara" qualification=OCR:05943 centre="$centre" \
    registered_on=2009-05-01 assessor="$assessor" iv="$iv" | id_of)
key="review:$reg:2009-05-29"
wait_state "$key" failed || fail "the hanging delivery did not fail (state $(state "$key"))"
ctl --json reminders.list limit=10000 | grep -q 'timed out' || fail "the attempt is not a timeout"
child=$(cat "$tmp/child.pid")
for _ in $(seq 50); do kill -0 "$child" 2>/dev/null || break; sleep 0.05; done
kill -0 "$child" 2>/dev/null && { kill "$child"; fail "the command's child outlived its timeout"; }
ok "a command that hangs is killed, with what it started"
stop
grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" "$tmp"/*.log && fail "sanitizer report"
exit 0
