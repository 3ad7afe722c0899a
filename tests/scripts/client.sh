#!/usr/bin/env bash
# assessctl as a person uses it: typed key=value, JSON params on stdin, --json, the exit
# statuses, and the assessor's shortcuts (evidence add, evidence map, progress).
#   client.sh ASSESSD ASSESSCTL RAWCLIENT
set -u
assessd=$1 ctl=$2
src=${ASSESSD_SOURCE:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assessd-client.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; tail -n 20 "$tmp/daemon.log" >&2; exit 1; }
ok() { echo "ok - $*"; }
export ASSESSD_SOCKET=$tmp/var/assessd.sock

# no daemon: exit 3 with a message naming the socket
"$ctl" system.ping 2>"$tmp/err" && fail "a call without a daemon succeeded"
[ $? -eq 3 ] || fail "no daemon: exit status"
grep -q "$ASSESSD_SOCKET" "$tmp/err" || fail "the message does not name the socket"
ok "no daemon: exit 3"

cp -r "$src/plugins" "$tmp/plugins"
"$assessd" --data "$tmp/var" --plugins "$tmp/plugins" --catalogue "$src/catalogue" \
    --today 2009-06-30 2>"$tmp/daemon.log" &
pid=$!
for _ in $(seq 100); do "$ctl" system.ping >/dev/null 2>&1 && break; sleep 0.05; done

# usage errors: exit 2
"$ctl" 2>/dev/null; [ $? -eq 2 ] || fail "no arguments: exit status"
"$ctl" centre.create number 2>/dev/null; [ $? -eq 2 ] || fail "not key=value: exit status"
for t in abc 0 -5; do
    "$ctl" --timeout "$t" system.ping 2>"$tmp/err"
    [ $? -eq 2 ] && grep -q -- "--timeout takes seconds" "$tmp/err" || fail "--timeout $t"
done
"$ctl" --timeout 0.5 system.ping >/dev/null || fail "--timeout 0.5"
"$ctl" --socket 2>"$tmp/err"; [ $? -eq 2 ] && grep -q -- "--socket needs a value" "$tmp/err" \
    || fail "--socket without a path"
# a value its parameter does not take is refused saying what it takes
"$ctl" person.create name=x roles:='["assessor"]' centre=abc 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "centre=abc: centre takes a whole number" "$tmp/err" ||
    fail "centre=abc: $(cat "$tmp/err")"
"$ctl" person.create name=x roles=assessor centre=1 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "roles takes a JSON array: roles:=" "$tmp/err" ||
    fail "roles=assessor: $(cat "$tmp/err")"
ok "usage errors: exit 2"

# the daemon's errors: exit 1, the message on stderr
"$ctl" centre.create name=x 2>"$tmp/err"; [ $? -eq 1 ] || fail "an RPC error: exit status"
grep -q "missing parameter 'number'" "$tmp/err" || fail "the error message"
ok "RPC errors: exit 1 with the daemon's message"

# typed key=value, JSON on stdin, --json
"$ctl" centre.create number=C1 name="Northfield College" | grep -q "^id: 1$" || fail "key=value"
echo '{"number":"C2","name":"Second"}' | "$ctl" --json centre.create - | grep -q '^{"id":2}$' \
    || fail "params on stdin / --json"
admin=$("$ctl" --json person.create name=Ann roles:='["admin"]' centre=1 | grep -o '[0-9]*')
sam=$("$ctl" --json person.create name=Sam roles:='["assessor"]' centre=1 \
    awards:='[{"code":"A1","achieved_on":"2005-01-01"}]' | grep -o '[0-9]*')
iv=$("$ctl" --json person.create name=Ivy roles:='["iv"]' centre=1 | grep -o '[0-9]*')
cand=$("$ctl" --json candidate.create name=Cara centre=1 | grep -o '[0-9]*')
reg=$("$ctl" --json registration.create candidate="$cand" qualification=OCR:05943 centre=1 \
    registered_on=2009-01-05 assessor="$sam" iv="$iv" units:='["9"]' | grep -o '"id":[0-9]*' | cut -d: -f2)
[ -n "$reg" ] || fail "registration.create"
token=$("$ctl" --json person.token person="$sam" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
"$ctl" system.ping --json | grep -q '^{"pong":true' || fail "an option after the method"
ok "key=value, stdin and --json"

# the assessor's shortcuts
out=$("$ctl" --as "$token" evidence add "$reg" --title "Observed call" --method O \
    --date 2009-02-01 --location "Portfolio p.3" --criteria 9:9.1,9:9.2) || fail "evidence add"
echo "$out" | grep -q "^evidence 1 added$" || fail "evidence add output: $out"
out=$("$ctl" --as "$token" evidence map 1 9:9.3) || fail "evidence map"
echo "$out" | grep -q "now evidence 2, mapped to 1 more" || fail "evidence map output: $out"
"$ctl" --as "$token" progress "$reg" >"$tmp/progress" || fail "progress"
grep -qE '^9 +Give customers .* in_progress +3/3' "$tmp/progress" || fail "progress row: $(cat "$tmp/progress")"
grep -q "no unit from theme Delivery" "$tmp/progress" || fail "progress violations"
"$ctl" --as "$token" evidence map 1 9:9.1 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "already superseded" "$tmp/err" || fail "mapping superseded evidence"
"$ctl" --as nonsense progress "$reg" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "cannot log in" "$tmp/err" || fail "a bad token"
ok "evidence add, evidence map, progress"
# assessctl's own options after a shortcut's arguments count, as after a method's
out=$("$ctl" evidence add "$reg" --title "Second call" --method O --date 2009-02-01 \
    --location "Portfolio p.4" --criteria 9:9.1 --as "$token") || fail "evidence add ... --as"
echo "$out" | grep -q "^evidence 3 added$" || fail "evidence add ... --as output: $out"
"$ctl" progress "$reg" --as "$token" --json | grep -q '^{"registration":' ||
    fail "progress ... --as --json: $("$ctl" progress "$reg" --as "$token" --json 2>&1 | head -c 200)"
ok "options after a shortcut"
"$ctl" --as "$token" evidence add "$reg" --title "Role play" --method O --date 2009-02-01 \
    --location "Portfolio p.5" --criteria 9:9.1 --simulatd 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "'--simulatd' is not one of its options" "$tmp/err" ||
    fail "a misspelt evidence add option: $(cat "$tmp/err")"
ok "a misspelt evidence add option is refused"
"$ctl" --as "$token" progress "${reg}abc" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "not '${reg}abc'" "$tmp/err" && [ ! -s "$tmp/out" ] ||
    fail "progress of a mistyped id: $(cat "$tmp/out" "$tmp/err")"
"$ctl" --as "$token" evidence add "$reg" --title "Role play" --method O --date 2009-02-01 \
    --location "Portfolio p.5" --criteria 9:9.1 --witness abc 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- "--witness must be a record's id" "$tmp/err" ||
    fail "evidence add --witness abc: $(cat "$tmp/err")"
"$ctl" --as "$token" progress 99999999999999999999 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "not '99999999999999999999'" "$tmp/err" ||
    fail "progress of an id past 64 bits: $(cat "$tmp/err")"
ok "a shortcut's mistyped id is refused, not read as its leading digits"
"$ctl" evidence frob 1 >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "evidence 'frob' is not one of its commands (add, map)" "$tmp/err" &&
    grep -q "usage: assessctl evidence map" "$tmp/err" && ! grep -q "is not a method" "$tmp/err" ||
    fail "evidence frob: $(cat "$tmp/err")"
"$ctl" evidence 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "evidence needs a command: add or map" "$tmp/err" ||
    fail "evidence alone: $(cat "$tmp/err")"
ok "the evidence shortcut alone, or with another word, shows its own usage"
echo '' | "$ctl" centre.list - 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "standard input held no params" "$tmp/err" ||
    fail "empty params on stdin: $(cat "$tmp/err")"
ok "empty params on standard input are named as such"

"$ctl" help | grep -q "centre.create" || fail "help lists the daemon's methods"
"$ctl" help evidence.add | grep -q "criteria" || fail "help METHOD lists its parameters"
"$ctl" help evidence | grep -q "usage: assessctl evidence add REGISTRATION" || fail "help evidence"
"$ctl" help progress | grep -q "usage: assessctl progress REGISTRATION" || fail "help progress"
ok "help"

# a report prints as the page itself
"$ctl" --as "$token" report.render report=car format=html registration="$reg" >"$tmp/car.html" \
    || fail "report.render"
head -c 15 "$tmp/car.html" | grep -q '^<!DOCTYPE html>' || fail "the page: $(head -c 80 "$tmp/car.html")"
ok "report.render prints the page"
"$ctl" reminders.ics >"$tmp/feed.ics" || fail "reminders.ics"
[ "$(tail -c 15 "$tmp/feed.ics" | od -An -c | tr -d ' \n')" = 'END:VCALENDAR\r\n' ] ||
    fail "the feed does not end with END:VCALENDAR CRLF: $(tail -c 20 "$tmp/feed.ics" | od -c)"
"$ctl" --json reminders.due | grep -q '"total":0' || fail "reminders.due with no jobs"
ok "a text result prints as it is; with no jobs, reminders answer empty"
# a plugin's sparse progress answer: printed as far as it goes (or refused), never a crash
mkdir -p "$tmp/plugins/local"
cat >"$tmp/plugins/local/ocr.lua" <<'LUA'
assessd.hook('progress', function() return { units = { { number = '9' } } } end)
LUA
"$ctl" plugins.reload >/dev/null || fail "plugins.reload"
"$ctl" --as "$token" progress "$reg" >"$tmp/progress" 2>"$tmp/err"
st=$?
[ $st -le 1 ] || fail "progress on a sparse answer: exit status $st"
ok "a sparse progress answer does not crash the client"
# audit.verify: exit 0 for a sound trail, 4 for a broken one, so a cron job can test the status
"$ctl" centre.create name=Tamper-me-QZX >/dev/null 2>&1 # refused, and in the trail alone
"$ctl" audit.verify >"$tmp/verify" || fail "audit.verify on a sound trail: exit status $?"
grep -q "^ok: *yes$" "$tmp/verify" || fail "audit.verify on a sound trail: $(cat "$tmp/verify")"
kill -TERM $pid; wait $pid || fail "exit status"
for f in "$tmp"/var/assessd.db*; do perl -pi -e 's/Tamper-me-QZX/Tamper-me-QZY/g' "$f"; done
grep -q -a "Tamper-me-QZY" "$tmp/var/assessd.db" || fail "the entry to change is not in the file"
"$assessd" --data "$tmp/var" --plugins "$tmp/plugins" --catalogue "$src/catalogue" \
    --today 2009-06-30 2>>"$tmp/daemon.log" &
pid=$!
for _ in $(seq 100); do "$ctl" system.ping >/dev/null 2>&1 && break; sleep 0.05; done
"$ctl" audit.verify >"$tmp/verify"
st=$?
[ $st -eq 4 ] || fail "audit.verify on a changed trail: exit status $st"
grep -q "^ok: *no$" "$tmp/verify" || fail "audit.verify on a changed trail: $(cat "$tmp/verify")"
ok "audit.verify: exit 0 when the trail is sound, 4 when an entry was changed"
kill -TERM $pid; wait $pid || fail "exit status"
pid=
echo "all client checks passed"
