#!/usr/bin/env bash
# Installs, from Debian's packages, the programs the test suite starts itself: Chromium for the
# browser tests, PostgreSQL and Redis server binaries for throwaway servers on free ports, and
# nginx as the load balancer in front of several cardapp processes.
# It never starts a system service and asks nothing on standard input.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)

if [ ${#missing[@]} -eq 0 ]; then
  echo "test system packages: all present"
  exit 0
fi

echo "test system packages: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101 keeps apt from starting the servers it installs; the tests start their own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=1
fi
trap 'if [ $created_policy -eq 1 ]; then $sudo rm -f "$policy"; fi' EXIT
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
