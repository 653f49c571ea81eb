#!/bin/sh
# deps.sh - install the Debian packages Passerelle needs to build, test and run the demo.
# As root: apt-get install what is missing. Otherwise: print the exact apt line and fail.
PKGS="build-essential pkg-config libxml2-dev libxml2-utils libssh2-1-dev zlib1g-dev
libarchive-dev libsqlite3-dev sqlite3 libcmocka-dev openssh-server openssh-client time
tzdata python3 clang libclang-rt-14-dev groff-base mandoc systemd chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
        { echo "deps: apt-get failed" >&2; exit 1; }
else
    echo "deps: missing packages; run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
