#!/usr/bin/env bash
# deps.sh — makes sure Debian 12's build and test dependencies are installed. Installs the
# missing ones with apt-get when run as root; otherwise says what to install and fails.
#   tools/deps.sh [MORE_PACKAGES...]
set -eu
pkgs=(build-essential cmake pkg-config liblua5.4-dev libuv1-dev libsqlite3-dev lua-cjson-dev
      libcriterion-dev "$@")
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "missing packages: ${missing[*]}" >&2
    echo "install them as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
