#!/usr/bin/env bash
# Install everything jmb's integration tests need (Debian 12). Idempotent; fast when all is present:
#   - Debian packages (apt, no recommends, no prompts)            -> skipped when dpkg shows them all installed
#   - Python venv tests/support/.venv (Debian's python3, with
#     --system-site-packages so Debian's `gi` is importable)       -> skipped when its stamp matches requirements.txt
#   - npm packages in tests/support/node_modules                   -> skipped when its stamp matches package*.json
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
t0=$(date +%s)

PKGS=(swaks slapd ldap-utils prosody lua-unbound lua-event python3-venv python3-gi gir1.2-ical-3.0 wrk munin-node
      systemd openssl apache2 libapache2-mod-auth-cas libapache2-mod-auth-openidc nginx-light lua5.4 chromium
      postfix postgresql)

# ---------------------------------------------------------------- Debian packages
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install: apt: all ${#PKGS[@]} packages present"
else
  if [ "$(id -u)" = 0 ]; then SUDO=()
  elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo)
  else
    echo "install: missing Debian packages: ${missing[*]}" >&2
    echo "install: not root and no sudo: run as root: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "install: apt: installing ${missing[*]}"
  # Slapd: no system database (we run our own instance from a temp dir). PostgreSQL's main
  # cluster is not used either: tests/api/servers/postgres.rs runs its own with initdb.
  echo "slapd slapd/no_configuration boolean true" | "${SUDO[@]}" debconf-set-selections
  # Postfix: no system instance either (tests/api/servers/postfix.rs runs its own per test).
  echo "postfix postfix/main_mailer_type select No configuration" | "${SUDO[@]}" debconf-set-selections
  # Keep the packages' system services (slapd, prosody, munin-node) from starting during the install,
  # unless the machine already has a policy (e.g. a container's policy-rc.d).
  policy_tmp=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, from jmb tests/support/install.sh\nexit 101\n' \
      | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
    policy_tmp=1
    trap 'if [ "$policy_tmp" = 1 ]; then "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d; fi' EXIT
  fi
  APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
  "${APT[@]}" update
  "${APT[@]}" install -y --no-install-recommends "${PKGS[@]}"
  if [ "$policy_tmp" = 1 ]; then "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d; policy_tmp=0; fi
fi
t1=$(date +%s)

# ---------------------------------------------------------------- Python venv
VENV="$HERE/.venv"
PYSTAMP="$VENV/.jmb-requirements"
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' 2>/dev/null \
   && [ -f "$PYSTAMP" ] && cmp -s "$PYSTAMP" "$HERE/requirements.txt"; then
  echo "install: venv: up to date ($VENV)"
else
  echo "install: venv: installing into $VENV: $(grep -v '^#' "$HERE/requirements.txt" | tr '\n' ' ')"
  if ! [ -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
    rm -rf "$VENV"
    /usr/bin/python3 -m venv --system-site-packages "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$PYSTAMP"
fi
t2=$(date +%s)

# ---------------------------------------------------------------- npm
command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "install: node and npm are required (Node.js >= 20)" >&2; exit 1; }
NPMSTAMP="$HERE/node_modules/.jmb-stamp"
npm_hash() {  # hash of package.json + package-lock.json (if any) + node version
  { cat "$HERE/package.json"; if [ -f "$HERE/package-lock.json" ]; then cat "$HERE/package-lock.json"; fi
    node --version; } | sha256sum | cut -d' ' -f1
}
want=$(npm_hash)
if [ -f "$NPMSTAMP" ] && [ "$(cat "$NPMSTAMP")" = "$want" ]; then
  echo "install: npm: up to date ($HERE/node_modules)"
else
  echo "install: npm: installing ($HERE/node_modules)"
  if [ -f "$HERE/package-lock.json" ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
  # the stamp covers the lock file as it is after the install (npm install may create it)
  npm_hash > "$NPMSTAMP"
fi
t3=$(date +%s)
echo "install: done in $((t3 - t0))s (apt $((t1 - t0))s, venv $((t2 - t1))s, npm $((t3 - t2))s)"
