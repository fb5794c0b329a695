#!/usr/bin/env bash
# Installs, from Debian's packages, what the server itself needs beyond Python: Pango (with HarfBuzz
# and fontconfig) and the DejaVu fonts, which WeasyPrint uses to render printable cards as PDF with
# every letter of every deck language (æ, ø, å included). `make run` and `make test` both call it.
# It asks nothing on standard input and installs only what is missing.
set -euo pipefail

missing=()
ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
has_library() { "$ldconfig" -p 2>/dev/null | grep -q "$1"; }
has_library 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
has_library 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
has_library 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
has_library 'libfontconfig.so.1' || missing+=(fontconfig)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

echo "system packages: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
