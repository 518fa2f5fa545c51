#!/usr/bin/env bash
# Package test (CTest label `package`). Proves the real artefacts keep the deployment
# guide's promises without a Docker engine:
#  1. cpack builds thetool-server, thetool-console (.deb) and the .tar.gz from the already
#     built tree (stripped), into a temporary folder;
#  2. lintian reports no errors on the .deb files (warnings are printed);
#  3. a Debian 12 root filesystem made by mmdebstrap from installer/runtime-packages.txt
#     (the container's runtime list) + installer/console-packages.txt gets both packages
#     with plain dpkg (so a dependency missing from those lists fails here), then, inside
#     it, as the package's `thetool` user: `thetool migrate` and `thetool serve` against a
#     temporary environment file; /health answers 200, a protected route answers 401
#     without the key and 200 with it, SIGTERM exits 0; the PostgreSQL driver reaches a
#     connection attempt and an https request reaches a TLS handshake (loopback only);
#     `thetool-console --version` and a short offscreen start of the console run from the
#     installed console package.
# The root filesystem is cached as a tarball under the build folder, keyed by the package
# lists and mirrors. Needs root (CI and scripts/test run as root).
# Env: THETOOL_SOURCE_DIR, THETOOL_BINARY_DIR (set by CTest), THETOOL_PACKAGE_KEEP=1 keeps
# the temporary folder, THETOOL_PACKAGE_CACHE moves the root filesystem cache (a folder that
# outlives build/ saves the mmdebstrap run, minutes, on fresh clones).
set -euo pipefail

SRC="${THETOOL_SOURCE_DIR:?set by CTest}"
BIN="${THETOOL_BINARY_DIR:?set by CTest}"
start=$(date +%s)
step() { printf '== [%3ds] %s\n' "$(( $(date +%s) - start ))" "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (mmdebstrap, chroot, dpkg in a root filesystem)"
for tool in cpack mmdebstrap lintian dpkg-deb unshare chroot curl openssl tar sha256sum; do
  command -v "$tool" >/dev/null || fail "'$tool' is missing (scripts/test installs mmdebstrap and lintian)"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/thetool-package.XXXXXX")"
server_pid=""
tls_pid=""
cleanup() {
  [ -n "$tls_pid" ] && kill "$tls_pid" 2>/dev/null
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  # Mounts live in per-command mount namespaces (unshare), so nothing is mounted here.
  if [ "${THETOOL_PACKAGE_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

package_list() { sed -e 's/#.*//' "$@" | xargs; } # the Dockerfile's reading: comments out

# --- 1. packages -----------------------------------------------------------------------
step "cpack from $BIN"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BIN/CMakeCache.txt")"
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $BIN/CMakeCache.txt"
out="$work/out"
mkdir -p "$out"
(cd "$work" && cpack --config "$BIN/CPackConfig.cmake" -B "$out") >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; fail "cpack failed"; }
server_deb="$(ls "$out"/thetool-server_*.deb)"
console_deb="$(ls "$out"/thetool-console_*.deb)"
tarball="$(ls "$out"/thetool-*.tar.gz)"
ls -l "$server_deb" "$console_deb" "$tarball"
for deb in "$server_deb" "$console_deb"; do
  [ "$(dpkg-deb -f "$deb" Version)" = "$version-1" ] || fail "$deb: version is not $version-1"
  echo "$(dpkg-deb -f "$deb" Package) Depends: $(dpkg-deb -f "$deb" Depends)"
done
# (grep -q on captured text: with pipefail, a pipe into grep -q can fail on SIGPIPE)
grep -q ' ./usr/bin/thetool$' <<<"$(dpkg-deb -c "$server_deb")" || fail "server package has no /usr/bin/thetool"
grep -q ' ./usr/libexec/thetool/thetool$' <<<"$(dpkg-deb -c "$console_deb")" \
  || fail "console package has no embedded server /usr/libexec/thetool/thetool"
file_listing="$(tar -tzf "$tarball")"
for path in bin/thetool bin/thetool-console libexec/thetool/thetool share/thetool/examples/thetool.service \
  share/thetool/examples/thetool.env; do
  grep -q "/$path\$" <<<"$file_listing" || fail "$tarball lacks $path"
done
if grep -q '/etc/' <<<"$file_listing"; then fail "$tarball must be relocatable (no etc/)"; fi
dpkg-deb -x "$server_deb" "$work/x"
grep -q ', stripped' <<<"$(file "$work/x/usr/bin/thetool")" || fail "thetool is not stripped in the package"

# --- 2. lintian --------------------------------------------------------------------------
step "lintian"
lintian --fail-on error --tag-display-limit 0 "$server_deb" "$console_deb" >"$work/lintian.log" 2>&1 \
  || { cat "$work/lintian.log"; fail "lintian reports errors"; }
cat "$work/lintian.log"
echo "lintian: $(grep -c '^E:' "$work/lintian.log" || true) errors, $(grep -c '^W:' "$work/lintian.log" || true) warnings"

# --- 3. Debian 12 root filesystem ----------------------------------------------------------
# The host's Debian mirrors (deb822 or one-line), else Debian's own.
mirrors=()
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
  [ -s "$f" ] && grep -Eq '^(deb |Types: deb)' "$f" && mirrors+=("$f")
done
[ ${#mirrors[@]} -gt 0 ] || mirrors=("deb http://deb.debian.org/debian bookworm main"
  "deb http://deb.debian.org/debian-security bookworm-security main")
packages="$(package_list "$SRC/installer/runtime-packages.txt" "$SRC/installer/console-packages.txt")"
mmdebstrap_options=(--aptopt='Acquire::Retries "3"' --aptopt='APT::Install-Recommends "false"'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt=force-unsafe-io) # a throwaway root filesystem needs no fsync
key="$( { echo "$packages ${mmdebstrap_options[*]}"; for m in "${mirrors[@]}"; do if [ -f "$m" ]; then cat "$m"; else echo "$m"; fi; done; } \
  | sha256sum | cut -c1-16)"
cache_dir="${THETOOL_PACKAGE_CACHE:-$BIN/package-cache}"
rootfs_tar="$cache_dir/bookworm-$key.tar"
if [ ! -f "$rootfs_tar" ] || [ ! -s "$rootfs_tar" ]; then
  step "mmdebstrap bookworm ($packages) -> $rootfs_tar"
  mkdir -p "$cache_dir"
  rm -rf "$cache_dir"/bookworm-*.tar "$cache_dir"/partial-*.tar # older lists, broken runs
  # Like the container's runtime stage: no recommends, no manuals, documents or locales.
  mmdebstrap --quiet --variant=apt --include="${packages// /,}" "${mmdebstrap_options[@]}" \
    bookworm "$cache_dir/partial-$key.tar" "${mirrors[@]}" || fail "mmdebstrap failed"
  mv "$cache_dir/partial-$key.tar" "$rootfs_tar" # (mmdebstrap picks the format by the .tar suffix)
else
  step "root filesystem from cache $rootfs_tar"
fi
root="$work/root"
mkdir -p "$root"
tar -C "$root" -xf "$rootfs_tar"

# Runs a command in the root filesystem ([--userspec=U:G] COMMAND...), in a private mount
# namespace holding /proc and /dev (gone with the process); exec all the way, so "$!" of a
# background call is the command's own pid.
root_command() { # sets the array root_cmd
  local opts=()
  case "${1:-}" in --userspec=*) opts+=("$1"); shift ;; esac
  root_cmd=(unshare --mount --propagation private -- /bin/sh -c '
    root="$1"; shift
    mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" && exec chroot "$@"'
    sh "$root" "${opts[@]}" "$root" "$@")
}
in_root() { root_command "$@"; "${root_cmd[@]}"; }

step "dpkg -i thetool-server thetool-console (no network, no apt: the lists must be complete)"
mkdir -p "$root/tmp/debs"
cp "$server_deb" "$console_deb" "$root/tmp/debs/"
in_root env DEBIAN_FRONTEND=noninteractive dpkg -i /tmp/debs/"$(basename "$server_deb")" \
  /tmp/debs/"$(basename "$console_deb")" >"$work/dpkg.log" 2>&1 \
  || { cat "$work/dpkg.log"; fail "dpkg -i failed: installer/runtime-packages.txt or console-packages.txt lacks a dependency"; }
in_root id thetool >/dev/null || fail "postinst did not create the thetool user"
[ "$(in_root stat -c %U /var/lib/thetool)" = thetool ] || fail "/var/lib/thetool is not owned by thetool"
grep -q '/etc/thetool/thetool.env' <<<"$(in_root dpkg-query -W -f='${Conffiles}\n' thetool-server)" \
  || fail "/etc/thetool/thetool.env is not a conffile"
[ "$(stat -c %a "$root/etc/thetool/thetool.env")" = 600 ] || fail "thetool.env must be mode 600 (it holds the key)"
# Every variable the shipped environment file names is one the server knows.
known="$(in_root /usr/bin/thetool config | awk '{print $1}')"
for var in $(sed -n 's/^#\{0,1\}\([A-Z_][A-Z0-9_]*\)=.*/\1/p' "$root/etc/thetool/thetool.env"); do
  grep -qx "$var" <<<"$known" || fail "thetool.env names $var, which thetool config does not know"
done

# --- 4. the server, as the thetool user -------------------------------------------------
step "thetool migrate and thetool serve in the root filesystem"
key_value="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" # 48 hex characters
cat >"$root/tmp/thetool-test.env" <<EOF
APP_ENV=production
MASTER_API_KEY=$key_value
BIND_ADDRESS=127.0.0.1
PORT=0
DATA_PATH=/var/lib/thetool
LOG_FORMAT=json
EOF
chmod 0640 "$root/tmp/thetool-test.env"
in_root chown root:thetool /tmp/thetool-test.env
as_thetool() { in_root --userspec=thetool:thetool /usr/bin/env -i HOME=/var/lib/thetool PATH=/usr/bin:/bin "$@"; }
# migrate reads the environment only: export the file's lines, as a shell (or systemd) would.
as_thetool /bin/sh -c 'cd /var/lib/thetool && set -a && . /tmp/thetool-test.env && set +a && thetool migrate' \
  >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; fail "thetool migrate failed"; }
cat "$work/migrate.log"
grep -Eq 'migrated .*: [1-9][0-9]* applied now' "$work/migrate.log" || fail "migrate applied nothing on a new database"
as_thetool /bin/sh -c 'set -a && . /tmp/thetool-test.env && set +a && thetool migrate --status' >"$work/status.log" 2>&1 \
  || { cat "$work/status.log"; fail "thetool migrate --status failed"; }
grep -q '^pending: *none' "$work/status.log" || { cat "$work/status.log"; fail "migrations still pending"; }

root_command --userspec=thetool:thetool /usr/bin/env -i HOME=/var/lib/thetool /usr/bin/thetool serve \
  --env-file /tmp/thetool-test.env
"${root_cmd[@]}" >"$work/serve.log" 2>&1 & # a simple command: $! is the server itself
server_pid=$!
port=""
for _ in $(seq 1 600); do # up to 60 s to start
  port="$(grep '"event":"listening"' "$work/serve.log" | grep -o '"port":[0-9]*' | head -1 | cut -d: -f2 || true)"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; fail "thetool serve exited"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; fail "thetool serve did not log its listening port"; }
echo "serving on 127.0.0.1:$port"
base="http://127.0.0.1:$port"
code="$(curl -s -o "$work/health.json" -w '%{http_code}' "$base/health")"
cat "$work/health.json"; echo
[ "$code" = 200 ] || fail "/health answered $code"
grep -q "\"$version" "$work/health.json" || fail "/health does not report version $version"
code="$(curl -s -o /dev/null -w '%{http_code}' "$base/config")"
[ "$code" = 401 ] || fail "/config without a key answered $code, expected 401"
code="$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: wrong-${key_value}" "$base/config")"
[ "$code" = 401 ] || fail "/config with a wrong key answered $code, expected 401"
code="$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $key_value" "$base/config")"
[ "$code" = 200 ] || fail "/config with the master key answered $code, expected 200"
echo "/health 200, /config 401 without the key, 200 with it"
grep -q '"event":"listening"' "$work/serve.log" || fail "no JSON log lines on stdout"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
[ "$status" -eq 0 ] || { tail -20 "$work/serve.log"; fail "thetool serve exited $status on SIGTERM, expected 0"; }
echo "SIGTERM: exit 0"
grep -q "$key_value" "$work/serve.log" && fail "the master key appears in the log"

# --- 5. run-time plugins no linker sees --------------------------------------------------
step "QPSQL driver and TLS backend in the root filesystem"
# QPSQL: a closed loopback port must fail at the connection (libpq ran), not at the driver.
pg_out="$(as_thetool /bin/sh -c 'DATA_PATH=/var/lib/thetool DATABASE_URL=postgresql://thetool@127.0.0.1:1/none thetool migrate' 2>&1 || true)"
echo "$pg_out"
grep -q 'Connection refused' <<<"$pg_out" || fail "QPSQL did not get as far as connecting"
# TLS: a loopback TLS server with a self-signed certificate must fail the handshake (the
# OpenSSL backend loaded and verified), not "TLS initialization failed" (no backend).
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=thetool-test \
  -keyout "$work/tls-key.pem" -out "$work/tls-cert.pem" >/dev/null 2>&1 || fail "openssl req failed"
for _ in 1 2 3 4 5; do
  tls_port=$(( 20000 + RANDOM % 20000 ))
  openssl s_server -quiet -www -accept "127.0.0.1:$tls_port" -cert "$work/tls-cert.pem" \
    -key "$work/tls-key.pem" >"$work/s_server.log" 2>&1 &
  tls_pid=$!
  sleep 1
  kill -0 "$tls_pid" 2>/dev/null && break # else the port was taken: another one
  tls_pid=""
done
[ -n "$tls_pid" ] || fail "could not start openssl s_server on loopback"
tls_out="$(as_thetool /bin/sh -c "DATA_PATH=/var/lib/thetool MARKET_DATA_URL=https://127.0.0.1:$tls_port \
  thetool bars --symbol TLSCHECK --period 1mo" 2>&1 || true)"
kill "$tls_pid" 2>/dev/null || true
wait "$tls_pid" 2>/dev/null || true
tls_pid=""
grep -v '^thetool.db:' <<<"$tls_out"
grep -q 'TLS initialization failed\|No functional TLS backend' <<<"$tls_out" && fail "no TLS backend in the root filesystem"
grep -q 'SSL handshake failed' <<<"$tls_out" || fail "the https request did not reach a TLS handshake"

# --- 6. the console ----------------------------------------------------------------------
step "thetool-console from the installed package, offscreen"
console_version="$(in_root /usr/bin/env QT_QPA_PLATFORM=offscreen /usr/bin/thetool-console --version)"
echo "$console_version"
[[ "$console_version" == "thetool-console $version "* ]] || fail "unexpected --version output"
embedded_version="$(in_root /usr/libexec/thetool/thetool --version)"
[[ "$embedded_version" == "thetool $version"* ]] || fail "embedded server: unexpected --version '$embedded_version'"
# A real start (platform plugin, widgets, QCustomPlot, keychain libraries): still running
# after 3 s means it got into its event loop; a missing plugin or library ends it at once.
status=0
in_root --userspec=thetool:thetool /usr/bin/env -i HOME=/var/lib/thetool QT_QPA_PLATFORM=offscreen \
  XDG_RUNTIME_DIR=/tmp /usr/bin/timeout 3 /usr/bin/thetool-console >"$work/console.log" 2>&1 || status=$?
[ "$status" -eq 124 ] || { cat "$work/console.log"; fail "thetool-console exited $status offscreen"; }
echo "thetool-console ran offscreen until stopped"

step "passed"
