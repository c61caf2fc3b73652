#!/usr/bin/env bash
# Installs jmb on Debian 12 / Ubuntu 22.04+ and upgrades it in place when run again.
#
#   sudo ./install.sh                      build the release binary (needs cargo), install it
#   sudo ./install.sh --binary PATH        install a binary built elsewhere
#   ./install.sh --root DIR [--binary PATH]
#                                          install into a staging root (packagers, tests)
#
# What it does, in order:
#   1. the binary             -> /usr/local/bin/jmb (replaced atomically), its debug info
#                             split off to /usr/lib/debug/usr/local/bin/jmb.debug
#   2. the `jmb` system user  (useradd --system, home /var/lib/jmb, no shell)
#   3. /etc/jmb/jmb.toml      from conf-samples/jmb.toml with a random jitsi.app_secret
#                             placeholder and hooks.secret; an existing file is never touched
#   4. /var/lib/jmb           the database directory, jmb:jmb 0750
#   5. the systemd unit       -> /etc/systemd/system/jmb.service (hardened; replaced on
#                             upgrade, keep local changes in `systemctl edit jmb`)
#   6. samples, Munin plugins, README -> /usr/local/share/jmb/
#   7. `jmb migrate`          creates or upgrades the database (data is kept)
#   8. `jmb check-config`     validates the configuration, naming any bad key
#   9. restarts jmb if it was running, and prints what to do next
#
# With --root DIR everything lands under DIR and nothing on the host changes: no user is
# created (the files keep the invoking user as owner; a package's maintainer scripts create
# the user and chown /etc/jmb/jmb.toml and /var/lib/jmb, as printed), systemctl is not
# called, and the migration runs on DIR/var/lib/jmb/jmb.db.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=""
BINARY=""
PREFIX=/usr/local

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

while (($#)); do
  case "$1" in
    --root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT=$2; shift 2 ;;
    --root=*) ROOT=${1#--root=}; shift ;;
    --binary) [ $# -ge 2 ] || die "--binary needs a path"; BINARY=$2; shift 2 ;;
    --binary=*) BINARY=${1#--binary=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

STAGED=0
if [ -n "$ROOT" ]; then
  mkdir -p "$ROOT"
  ROOT=$(cd "$ROOT" && pwd)
  [ "$ROOT" != / ] || ROOT=""
  [ -z "$ROOT" ] || STAGED=1
fi
if [ "$STAGED" = 0 ]; then
  [ "$(id -u)" = 0 ] || die "run as root (or use --root DIR to stage an installation)"
  if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    case " ${ID:-} ${ID_LIKE:-} " in
      *" debian "*|*" ubuntu "*) ;;
      *) say "warning: made for Debian and Ubuntu, this is ${PRETTY_NAME:-unknown}" ;;
    esac
  fi
fi

BIN_DIR=$ROOT$PREFIX/bin
SHARE_DIR=$ROOT$PREFIX/share/jmb
CONF_DIR=$ROOT/etc/jmb
CONF=$CONF_DIR/jmb.toml
STATE_DIR=$ROOT/var/lib/jmb
UNIT_DIR=$ROOT/etc/systemd/system
JMB=$BIN_DIR/jmb
# Where gdb and Rust's backtraces look for the file the binary's .gnu_debuglink names.
DEBUG_DIR=$ROOT/usr/lib/debug$PREFIX/bin

# ---------------------------------------------------------------- 1. the binary
if [ -z "$BINARY" ]; then
  command -v cargo >/dev/null || die "cargo not found: install Rust (rustup) or pass --binary PATH"
  say "building the release binary (cargo build --release --locked)"
  (cd "$HERE" && cargo build --release --locked)
  BINARY=$HERE/target/release/jmb
fi
[ -x "$BINARY" ] || die "$BINARY is not an executable file"
install -d -m 755 "$BIN_DIR"
# The line tables are most of a release binary. They move to a separate file the binary
# names (.gnu_debuglink), where gdb and Rust's backtraces find it for file and line; the
# symbols stay, so even without that file a backtrace names every function.
# Copies renamed over the old files: a running jmb keeps its own, the next start gets the new.
mb() { echo $(( ($(stat -c %s "$1") + 500000) / 1000000 )); }
has_section() { grep -q "[[:space:]]\\$1[[:space:]]" <<<"$sections"; }
if command -v objcopy >/dev/null && command -v readelf >/dev/null; then
  sections=$(readelf -S --wide "$BINARY" 2>/dev/null || true)
else
  say "objcopy/readelf not found (Debian package binutils): installing the binary with its debug info"
  sections=""
fi
if has_section .debug_line; then
  split=$(mktemp -d "${TMPDIR:-/var/tmp}/jmb-install.XXXXXX")
  trap 'rm -rf "$split"' EXIT
  objcopy --only-keep-debug "$BINARY" "$split/jmb.debug"
  objcopy --strip-debug --add-gnu-debuglink="$split/jmb.debug" "$BINARY" "$split/jmb"
  install -d -m 755 "$DEBUG_DIR"
  install -m 644 "$split/jmb.debug" "$DEBUG_DIR/jmb.debug.new"
  mv -f "$DEBUG_DIR/jmb.debug.new" "$DEBUG_DIR/jmb.debug"
  install -m 755 "$split/jmb" "$JMB.new"
  rm -rf "$split"
  trap - EXIT
  say "installed $DEBUG_DIR/jmb.debug (debug info, $(mb "$DEBUG_DIR/jmb.debug") MB)"
else
  if [ -n "$sections" ] && ! has_section .gnu_debuglink; then
    # Built without debug info: a file left by an earlier installation would describe another binary.
    rm -f "$DEBUG_DIR/jmb.debug"
  fi
  install -m 755 "$BINARY" "$JMB.new"
fi
mv -f "$JMB.new" "$JMB"
say "installed $JMB ($("$JMB" --version), $(mb "$JMB") MB)"

# ---------------------------------------------------------------- 2. the system user
USERADD=(useradd --system --user-group --home-dir /var/lib/jmb --no-create-home
         --shell /usr/sbin/nologin --comment "jmb booking service" jmb)
USERADD_SHOWN=$(printf '%q ' "${USERADD[@]}")
if [ "$STAGED" = 1 ]; then
  say "--root: not creating the system user; a package would run: $USERADD_SHOWN"
elif getent passwd jmb >/dev/null; then
  say "system user jmb exists"
else
  "${USERADD[@]}"
  say "created system user jmb"
fi
owner() {  # owner USER:GROUP PATH... (not in a staging root, where the user may not exist)
  local who=$1; shift
  if [ "$STAGED" = 0 ]; then chown "$who" "$@"; fi
}

# ---------------------------------------------------------------- 3. the configuration
install -d -m 755 "$CONF_DIR"
random_secret() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
if [ -e "$CONF" ]; then
  say "keeping $CONF"
else
  tmp=$(mktemp "$CONF_DIR/.jmb.toml.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  sed -e "s|^app_secret = \"change-me-to-prosody-app-secret\"|app_secret = \"$(random_secret)\"|" \
      -e "s|^secret = \"change-me-to-a-long-random-string\"|secret = \"$(random_secret)\"|" \
      "$HERE/conf-samples/jmb.toml" > "$tmp"
  grep -q '^app_secret = "[0-9a-f]\{64\}"$' "$tmp" && grep -q '^secret = "[0-9a-f]\{64\}"$' "$tmp" \
    || die "conf-samples/jmb.toml has changed: cannot place the generated secrets"
  chmod 640 "$tmp"
  owner root:jmb "$tmp"
  mv "$tmp" "$CONF"
  trap - EXIT
  say "created $CONF (random jitsi.app_secret and hooks.secret)"
fi

# ---------------------------------------------------------------- 4. the state directory
install -d -m 750 "$STATE_DIR"
owner jmb:jmb "$STATE_DIR"

# ---------------------------------------------------------------- 5. the systemd unit
install -d -m 755 "$UNIT_DIR"
install -m 644 "$HERE/conf-samples/jmb.service" "$UNIT_DIR/jmb.service"
say "installed $UNIT_DIR/jmb.service"

# ---------------------------------------------------------------- 6. samples and plugins
install -d -m 755 "$SHARE_DIR" "$SHARE_DIR/conf-samples" "$SHARE_DIR/munin"
install -m 644 "$HERE"/conf-samples/* "$SHARE_DIR/conf-samples/"
install -m 644 "$HERE/README.md" "$SHARE_DIR/README.md"
install -m 755 "$HERE/munin/jmb-munin-plugin" "$SHARE_DIR/munin/jmb-munin-plugin"
for link in jmb_ jitsi_videobridge_; do
  ln -sfn jmb-munin-plugin "$SHARE_DIR/munin/$link"
done

# ---------------------------------------------------------------- 7-8. database and checks
if [ "$STAGED" = 1 ]; then
  JMB_DATABASE_PATH=$STATE_DIR/jmb.db "$JMB" migrate --config "$CONF"
elif command -v runuser >/dev/null; then
  runuser -u jmb -- "$JMB" migrate --config "$CONF"
else
  "$JMB" migrate --config "$CONF"
  chown -R jmb:jmb "$STATE_DIR"
fi
if "$JMB" check-config --config "$CONF"; then
  config_ok=1
else
  config_ok=0
  say "the configuration needs attention (see above); jmb will not start until it passes"
fi

# ---------------------------------------------------------------- 9. service and next steps
restarted=0
if [ "$STAGED" = 0 ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl daemon-reload
  if systemctl is-active --quiet jmb; then
    if [ "$config_ok" = 1 ]; then systemctl restart jmb; restarted=1; say "restarted jmb"; fi
  fi
fi

if [ "$STAGED" = 1 ]; then
  cat <<EOF

Staged into $ROOT. A package's post-install step still has to:
  $USERADD_SHOWN
  chown root:jmb /etc/jmb/jmb.toml && chown jmb:jmb /var/lib/jmb /var/lib/jmb/jmb.db*
  systemctl daemon-reload && systemctl enable --now jmb
EOF
elif [ "$restarted" = 1 ]; then
  echo
  echo "jmb is upgraded and running: journalctl -u jmb -f"
else
  cat <<EOF

Next steps:
  1. Edit /etc/jmb/jmb.toml: server.public_url, auth (header or oidc), jitsi.url and
     jitsi.domain, mail. Set jitsi.app_secret to Prosody's app_secret (or put the generated
     one into Prosody), and hooks.secret into Prosody's event_sync api_headers: see
     $PREFIX/share/jmb/conf-samples/prosody.cfg.lua.
  2. Check it:          jmb check-config --config /etc/jmb/jmb.toml
  3. Start it:          systemctl enable --now jmb && journalctl -u jmb -f
  4. Put your SSO front end before it: $PREFIX/share/jmb/conf-samples/apache-*.conf or nginx-*.conf
  5. Coming from the bash JMB:
                        runuser -u jmb -- jmb import-jmb --config /etc/jmb/jmb.toml /var/www/jitsi-jmb/data/jitsi-jmb.db
  6. Munin:             ln -s $PREFIX/share/jmb/munin/jmb_ /etc/munin/plugins/jmb_meetings   (README, "Monitoring")
EOF
fi
