# Shared by scripts/run and scripts/test. Sourced, not executed.
# shellcheck shell=bash

THETOOL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
THETOOL_PRESET="${THETOOL_PRESET:-release}"
THETOOL_BUILD_DIR="$THETOOL_ROOT/build/$THETOOL_PRESET"

# What building and packaging need (Debian 12 package names; cpack's .deb uses dpkg-shlibdeps
# from dpkg-dev and `file`). libboost1.81-dev, never libboost-dev:
# the two conflict, and Beast needs 1.81.
BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config git ccache
  qt6-base-dev qt6-tools-dev libqt6sql6-psql libqt6sql6-sqlite libpq-dev
  libboost1.81-dev libhiredis-dev qtkeychain-qt6-dev
  libqcustomplot-dev libqcustomplot2.1-qt6 libxlsxwriter-dev
  libgtest-dev libbenchmark-dev libcrypt-dev libsqlite3-dev zlib1g-dev
  dpkg-dev file
)
# What the test suite needs on top: real servers, load and fuzz tools, unzip (reading XLSX
# back), and for the package test its Debian 12 root filesystem (mmdebstrap), lintian, curl
# and openssl (a loopback TLS server).
TEST_PACKAGES=(postgresql redis-server redis-tools wrk clang libclang-rt-14-dev unzip mmdebstrap lintian curl openssl)
# What scripts/bench-compare needs on top of a build: the original stack to compare with
# (Flask under gunicorn, pandas) and the servers and load generator.
BENCH_PACKAGES=(python3-flask gunicorn python3-pandas wrk curl postgresql redis-server redis-tools)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (install sudo or run as root)"
  fi
}

# Installs only what is missing; runs apt-get update at most once.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if dpkg-query -W -f='${Status}' libboost-dev 2>/dev/null | grep -q "install ok installed"; then
    log "removing libboost-dev (1.74), which conflicts with libboost1.81-dev"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y libboost-dev
  fi
  log "installing missing packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# Configures once, then builds incrementally (Ninja, -j2 from the preset).
build_project() {
  cd "$THETOOL_ROOT"
  if [ ! -f "$THETOOL_BUILD_DIR/build.ninja" ]; then
    log "configuring ($THETOOL_PRESET)"
    cmake --preset "$THETOOL_PRESET" >/dev/null
  fi
  log "building ($THETOOL_PRESET, $THETOOL_BUILD_DIR)"
  cmake --build --preset "$THETOOL_PRESET"
}
