#!/usr/bin/env bash
# bootstrap.sh — on a fresh Debian 12 machine (as root) or a prepared one: installs what is
# missing, builds, and starts assessd in the background on its embedded defaults: the SQLite
# file and socket under ./var, the bundled plugins/ and catalogue/. Prints how to reach it.
set -eu
cd "$(dirname "$0")/.."
tools/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p var
if [ -f var/assessd.pid ] && kill -0 "$(cat var/assessd.pid)" 2>/dev/null; then
    echo "assessd is already running (pid $(cat var/assessd.pid))"
    exit 0
fi
nohup build/assessd "$@" >>var/assessd.log 2>&1 &
echo $! >var/assessd.pid
for _ in $(seq 100); do
    build/assessctl system.ping >/dev/null 2>&1 && break
    kill -0 "$(cat var/assessd.pid)" 2>/dev/null || { tail -n 20 var/assessd.log >&2; exit 1; }
    sleep 0.1
done
build/assessctl system.ping >/dev/null || { tail -n 20 var/assessd.log >&2; exit 1; }
cat <<TXT
assessd is running (pid $(cat var/assessd.pid)); socket ./var/assessd.sock, log ./var/assessd.log
  build/assessctl help                 the methods it offers
  build/assessctl catalogue.bodies     the awarding bodies loaded
  kill \$(cat var/assessd.pid)           stop it (finishes requests in flight)
TXT
