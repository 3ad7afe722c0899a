#!/usr/bin/env bash
# test.sh — checks the C formatting against .clang-format, then builds and runs the whole test
# suite twice: a normal build, then one under AddressSanitizer and UndefinedBehaviorSanitizer.
# Installs missing dependencies as root.
set -eu
cd "$(dirname "$0")/.."
tools/deps.sh clang-format
echo "== clang-format"
clang-format --dry-run -Werror core/*.[ch] tests/*/*.[ch] bench/*.c
jobs=$(nproc)
run() { # run BUILD_DIR [cmake flags]
    local dir=$1
    shift
    cmake -S . -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$jobs" >/dev/null
    (cd "$dir" && ctest --output-on-failure --timeout 300)
}
echo "== normal build"
run build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run build-asan -DCMAKE_BUILD_TYPE=Debug -DASSESSD_SANITIZE=ON
echo "all tests passed (normal and sanitized builds)"
