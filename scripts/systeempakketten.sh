#!/bin/sh
# Checks the Debian packages the app needs; installs them when run as root, otherwise prints the command.
# Usage: scripts/systeempakketten.sh pakket...
set -eu
ontbreekt=""
for pakket in "$@"; do
    dpkg-query -W -f='${Status}' "$pakket" 2>/dev/null | grep -q "install ok installed" || ontbreekt="$ontbreekt $pakket"
done
[ -z "$ontbreekt" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installeren van Debian-pakketten:$ontbreekt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q $ontbreekt >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $ontbreekt >/dev/null; }
    exit 0
fi
echo "Deze Debian-pakketten ontbreken. Installeer ze met:" >&2
echo "    sudo apt-get install -y$ontbreekt" >&2
exit 1
