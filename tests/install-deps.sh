#!/usr/bin/env bash
# Installs what context-sync needs to build and test on Debian bookworm (as root). Idempotent: it asks
# apt only for packages that are missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  nlohmann-json3-dev libspdlog-dev libcli11-dev libexpected-dev libsimdjson-dev libre2-dev catch2
  libgit2-dev libcpp-httplib-dev libssl-dev
  clang libclang-rt-14-dev clang-tidy clang-format
  openssh-server openssh-client
  python3 jq time
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Node.js may come from elsewhere than Debian (its own packages ship npm inside): ask for the commands.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: run as root (or install the packages above yourself)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
