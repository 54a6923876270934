#!/usr/bin/env bash
# Checks the rendered Terraform against a real provider and a mock AWS:
# for every profile with AWS parts, renders each tier in turn into one folder
# (50, then 100 over it, …), and for each runs `terraform init` from the local
# provider mirror, `terraform validate`, `terraform plan` against moto on
# 127.0.0.1 (after the first tier, the plan may update in place but never
# replace or destroy), `terraform apply` of every resource the mock implements
# (the rest are listed, with the reason), and a second plan that must change
# nothing. A move the module declares a migration step for (the cache's
# cluster mode) is applied in its two steps. The profiles run side by side,
# each against a moto of its own (.ci/moto_server.py).
#
# Needs terraform, a filesystem mirror of hashicorp/aws (TF_PROVIDER_MIRROR, or
# found under /opt/tf-plugins, /usr/share/terraform/plugins or
# ~/.terraform.d/plugins), Python 3 with pip. Installs moto[server] once into
# $ARCHPLAN_CI_TOOLS/moto-venv. Without terraform or the mirror it says so and
# fails under CI=true (exits 0 with a warning elsewhere).
#
# Environment: ARCHPLAN_BIN (a built binary; otherwise `cargo build --release`),
# ARCHPLAN_CI_TOOLS, MOTO_VERSION, PROFILES (default "current all-aws"),
# KEEP_WORK=1 (keep the rendered folders, plans and apply logs to look at),
# NO_APPLY=1 (init, validate and plan every tier, each from nothing, without
# applying).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${ARCHPLAN_CI_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/archplan-ci}
MOTO_VERSION=${MOTO_VERSION:-5.2.5}

say() { printf '==> %s\n' "$*"; }
missing() {
  if [ "${CI:-}" = "true" ]; then
    printf 'terraform-apply: %s (required under CI=true)\n' "$*" >&2
    exit 1
  fi
  printf 'terraform-apply: warning: %s; skipped\n' "$*" >&2
  exit 0
}

command -v terraform >/dev/null 2>&1 || missing "terraform is not on PATH"

MIRROR=${TF_PROVIDER_MIRROR:-}
if [ -z "$MIRROR" ]; then
  for dir in /opt/tf-plugins /usr/share/terraform/plugins /usr/local/share/terraform/plugins "$HOME/.terraform.d/plugins"; do
    if [ -d "$dir/registry.terraform.io/hashicorp/aws" ]; then
      MIRROR=$dir
      break
    fi
  done
fi
[ -n "$MIRROR" ] && [ -d "$MIRROR/registry.terraform.io/hashicorp/aws" ] ||
  missing "no filesystem mirror of hashicorp/aws found (set TF_PROVIDER_MIRROR)"

BIN=${ARCHPLAN_BIN:-}
if [ -z "$BIN" ]; then
  say "building the release binary"
  (cd "$ROOT" && cargo build --release --quiet)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/archplan"
fi
[ -x "$BIN" ] || { echo "terraform-apply: no archplan binary at $BIN" >&2; exit 1; }

VENV="$TOOLS/moto-venv"
if [ ! -x "$VENV/bin/moto_server" ]; then
  say "installing moto[server] $MOTO_VERSION into $VENV"
  mkdir -p "$TOOLS"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

WORK=$(mktemp -d)
MOTO_PIDS=()
cleanup() {
  for pid in "${MOTO_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_WORK:-}" ]; then
    echo "terraform-apply: work folder kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
# A private copy: a shared target folder may be rebuilt under our feet.
cp "$BIN" "$WORK/archplan"

cat >"$WORK/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF

say "terraform $(TF_CLI_CONFIG_FILE=/dev/null terraform version | head -1 | cut -d' ' -f2), provider mirror $MIRROR, moto $MOTO_VERSION"
# The profiles run side by side, each against a mock of its own: most of an
# apply is the provider waiting on RDS (a minute before its first look at an
# instance it created or changed), so two sequences take the time of one.
started=$(date +%s)
PIDS=()
for profile in ${PROFILES:-current all-aws}; do
  port=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$WORK/$profile"
  # AWS managed policies (the RDS Enhanced Monitoring role attaches one) exist only when loaded.
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$VENV/bin/python" "$ROOT/.ci/moto_server.py" -H 127.0.0.1 -p "$port" \
    >"$WORK/$profile/moto.log" 2>&1 &
  MOTO_PIDS+=($!)
  say "$profile: moto on 127.0.0.1:$port"
  TF_CLI_CONFIG_FILE="$WORK/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 \
    "$VENV/bin/python" -u "$ROOT/.ci/terraform_apply.py" \
    --archplan "$WORK/archplan" --work "$WORK" --endpoint "http://127.0.0.1:$port" \
    --moto-log "$WORK/$profile/moto.log" --profiles "$profile" ${NO_APPLY:+--no-apply} &
  PIDS+=($!)
done
status=0
for pid in "${PIDS[@]}"; do
  wait "$pid" || status=1
done
say "all profiles in $(( $(date +%s) - started )) s"
exit $status
