#!/usr/bin/env bash
# with-daemon.sh ASSESSD TEST [daemon flags...]
# Starts the daemon in a new temporary directory with the bundled plugins and catalogue (flags
# given here override them; @TESTPLUGINS@, @PLUGINS_COPY@, @CATALOGUE_COPY@, @SCRIPTS_COPY@ and
# @TESTJOBS@ become private copies of tests/plugins, plugins, catalogue, scripts and tests/jobs
# that the test may edit; the scheduler is off unless --scheduler-tick is given), runs
# the Criterion test binary against it, then stops the daemon with SIGTERM. The test fails if
# the daemon does not come up, does not exit 0, or its log shows a sanitizer report.
set -u
assessd=$1 test=$2
shift 2
src=${ASSESSD_SOURCE:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/assessd-test.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
args=()
for a in "$@"; do
    case $a in
    @TESTPLUGINS@) cp -r "$src/tests/plugins" "$tmp/plugins"; args+=("$tmp/plugins") ;;
    @PLUGINS_COPY@) cp -r "$src/plugins" "$tmp/plugins"; args+=("$tmp/plugins") ;;
    @CATALOGUE_COPY@) cp -r "$src/catalogue" "$tmp/catalogue"; args+=("$tmp/catalogue") ;;
    @SCRIPTS_COPY@) cp -r "$src/scripts" "$tmp/scripts"; args+=("$tmp/scripts") ;;
    @TESTJOBS@) cp -r "$src/tests/jobs" "$tmp/scripts"; args+=("$tmp/scripts") ;;
    @EXAMPLE_PLUGINS@)
        mkdir -p "$tmp/plugins"
        cp -r "$src/tests/example/plugins/." "$src/plugins/lib" "$tmp/plugins/"
        args+=("$tmp/plugins") ;;
    *) args+=("$a") ;;
    esac
done
# the scheduler is off unless a test turns it on: scheduled jobs would add to its records
"$assessd" --data "$tmp/var" --plugins "$src/plugins" --catalogue "$src/catalogue" \
    --scripts "$src/scripts" --scheduler-tick 0 "${args[@]}" 2>"$tmp/daemon.log" &
pid=$!
for _ in $(seq 200); do
    [ -S "$tmp/var/assessd.sock" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
if [ ! -S "$tmp/var/assessd.sock" ]; then
    echo "with-daemon: the daemon did not start:" >&2
    cat "$tmp/daemon.log" >&2
    exit 1
fi
export ASSESSD_SOCKET="$tmp/var/assessd.sock" ASSESSD_TMP="$tmp" ASSESSD_PID="$pid"
"$test" --jobs 1
rc=$?
kill -TERM "$pid" 2>/dev/null
wait "$pid"
drc=$?
pid=
status=0
if [ $rc -ne 0 ]; then
    echo "with-daemon: test failed ($rc)" >&2
    status=1
fi
if [ $drc -ne 0 ]; then
    echo "with-daemon: the daemon exited with $drc after SIGTERM" >&2
    status=1
fi
if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" "$tmp/daemon.log"; then
    echo "with-daemon: sanitizer report in the daemon log" >&2
    status=1
fi
if [ $status -ne 0 ] || [ -n "${VERBOSE_DAEMON:-}" ]; then
    echo "---- daemon log ----" >&2
    tail -n 200 "$tmp/daemon.log" >&2
fi
exit $status
