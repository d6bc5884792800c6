#!/usr/bin/env bash
# Installs the Debian packages borderdrill's build and tests need, when
# missing: the C libraries Ebiten's cgo build links, Xvfb for the client's
# tests, Chromium for the browser test, and unicode-data (Unicode's bidi
# conformance test, which the client's right-to-left layout is checked
# against).
set -euo pipefail
pkgs=(libx11-dev libgl1-mesa-dev libxrandr-dev libxcursor-dev libxinerama-dev
      libxi-dev libxxf86vm-dev xvfb xauth chromium unicode-data)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v go >/dev/null || { echo "deps: Go 1.26 is required (https://go.dev/dl)" >&2; exit 1; }
