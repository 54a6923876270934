#!/usr/bin/env bash
# Renders the Terraform module of every tier of the profiles with AWS
# components (current, all-aws, as-drawn) with the release binary, then checks that:
#   - each file parses with HashiCorp's HCL grammar (hcl2json);
#   - `terraform fmt -check` finds nothing to change (when terraform is on PATH);
#   - checkov reports no failed check, and the skipped checks are exactly the
#     trade-offs the profile declares for the tier (from checkov's JSON report);
#   - rendering twice gives byte-identical files;
# and, as a negative case, that removing one trade-off from a copy of the
# profile makes checkov fail, so the check cannot pass by accident.
#
# Needs Rust, Python 3 with pip, Node with npm. Installs checkov (pip) and
# @cdktf/hcl2json (npm) once into $ARCHPLAN_CI_TOOLS (default
# ~/.cache/archplan-ci); later runs work offline.
#
# Environment: ARCHPLAN_BIN (a built binary; otherwise `cargo build --release`),
# ARCHPLAN_CI_TOOLS, CHECKOV_VERSION, HCL2JSON_VERSION, PROFILES (default
# "current all-aws as-drawn").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${ARCHPLAN_CI_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/archplan-ci}
CHECKOV_VERSION=${CHECKOV_VERSION:-3.3.30}
HCL2JSON_VERSION=${HCL2JSON_VERSION:-0.21.0}
PROFILES=${PROFILES:-"current all-aws as-drawn"}

say() { printf '==> %s\n' "$*"; }
fail() { printf 'terraform-check: %s\n' "$*" >&2; exit 1; }

# --- the binary -------------------------------------------------------------
BIN=${ARCHPLAN_BIN:-}
if [ -z "$BIN" ]; then
  say "building the release binary"
  (cd "$ROOT" && cargo build --release --quiet)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/archplan"
fi
[ -x "$BIN" ] || fail "no archplan binary at $BIN"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A private copy: a shared target folder may be rebuilt under our feet.
cp "$BIN" "$WORK/archplan"
BIN="$WORK/archplan"

# --- tools ------------------------------------------------------------------
mkdir -p "$TOOLS"
if [ ! -d "$TOOLS/node/node_modules/@cdktf/hcl2json" ]; then
  say "installing @cdktf/hcl2json $HCL2JSON_VERSION into $TOOLS/node"
  npm install --prefix "$TOOLS/node" --no-audit --no-fund --silent "@cdktf/hcl2json@$HCL2JSON_VERSION" >/dev/null
fi
export NODE_PATH="$TOOLS/node/node_modules"

PY=python3
if command -v checkov >/dev/null 2>&1; then
  CHECKOV=$(command -v checkov)
elif [ -x "$TOOLS/venv/bin/checkov" ]; then
  CHECKOV="$TOOLS/venv/bin/checkov"
  PY="$TOOLS/venv/bin/python"
else
  say "installing checkov $CHECKOV_VERSION"
  if python3 -m venv "$TOOLS/venv" >/dev/null 2>&1; then
    "$TOOLS/venv/bin/pip" install --quiet "checkov==$CHECKOV_VERSION"
    CHECKOV="$TOOLS/venv/bin/checkov"
    PY="$TOOLS/venv/bin/python"
  else
    # No venv module (Debian without python3-venv): a user install.
    rm -rf "$TOOLS/venv"
    PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --user --quiet "checkov==$CHECKOV_VERSION"
    CHECKOV="$(python3 -m site --user-base)/bin/checkov"
  fi
fi
"$PY" -c 'import yaml' 2>/dev/null || fail "$PY cannot import yaml (PyYAML comes with checkov)"
say "checkov $("$CHECKOV" --version 2>/dev/null | tail -n 1), hcl2json $HCL2JSON_VERSION, $("$BIN" --version)"
if command -v terraform >/dev/null 2>&1; then
  TERRAFORM=terraform
  # No ~/.terraformrc is fine: an empty one keeps terraform from warning about it.
  : >"$WORK/terraformrc"
  export TF_CLI_CONFIG_FILE="$WORK/terraformrc"
  say "$(terraform version 2>/dev/null | head -n 1)"
elif [ "${CI:-}" = "true" ]; then
  fail "no terraform on PATH: terraform fmt -check cannot run (required under CI=true)"
else
  TERRAFORM=
  say "warning: no terraform on PATH: skipping terraform fmt -check"
fi
CHECK="$PY $ROOT/.ci/terraform_check.py"

# --- every tier ---------------------------------------------------------------
tiers() {
  "$BIN" --profiles "$ROOT/profiles" --pricing "$ROOT/pricing-data" profiles --format json | "$PY" -c '
import json, sys
wanted = sys.argv[1].split()
for p in json.load(sys.stdin):
    if p["name"] in wanted:
        for users in p["tiers"]:
            print(p["name"], users)
' "$PROFILES"
}

RESULTS="$WORK/results.tsv"
: >"$RESULTS"
count=0
while read -r profile users; do
  label="$profile-$users"
  out="$WORK/$label"
  say "$label: render"
  "$BIN" --profiles "$ROOT/profiles" --pricing "$ROOT/pricing-data" render terraform --profile "$profile" --users "$users" --out "$out" \
    >"$WORK/$label.out" 2>"$WORK/$label.err" || { cat "$WORK/$label.err" >&2; fail "$label: render failed"; }
  # The age of the price snapshot is not the module's business: only
  # warnings about trade-offs and checks fail this step.
  grep -v 'older than [0-9]* days' "$WORK/$label.err" >"$WORK/$label.warn" || true
  if [ -s "$WORK/$label.warn" ]; then
    cat "$WORK/$label.warn" >&2
    fail "$label: render printed warnings (a trade-off that matches nothing, or a check no trade-off covers)"
  fi

  "$BIN" --profiles "$ROOT/profiles" --pricing "$ROOT/pricing-data" render terraform --profile "$profile" --users "$users" --out "$out-again" >/dev/null 2>&1
  diff -r "$out" "$out-again" >/dev/null || fail "$label: two renders differ"
  grep -Eq '^0 created, 0 updated, [0-9]+ unchanged, 0 removed' \
    <("$BIN" --profiles "$ROOT/profiles" --pricing "$ROOT/pricing-data" render terraform --profile "$profile" --users "$users" --out "$out" 2>/dev/null) \
    || fail "$label: rendering again over the module did not report every file unchanged"

  say "$label: HCL grammar"
  node "$ROOT/.ci/hcl-parse.cjs" "$out"/*.tf "$out/terraform.tfvars.example"

  if [ -n "$TERRAFORM" ]; then
    say "$label: terraform fmt -check"
    "$TERRAFORM" fmt -check -diff "$out" || fail "$label: terraform fmt would change the module"
    "$TERRAFORM" fmt - <"$out/terraform.tfvars.example" | diff -u "$out/terraform.tfvars.example" - \
      || fail "$label: terraform fmt would change terraform.tfvars.example"
  fi

  say "$label: checkov"
  "$CHECKOV" -d "$out" --framework terraform --skip-download --compact --quiet \
    || fail "$label: checkov reports failed checks"
  # --quiet leaves passed and skipped checks out of reports: the JSON run keeps them.
  "$CHECKOV" -d "$out" --framework terraform --skip-download --compact -o json >"$WORK/$label.json" 2>/dev/null || true
  $CHECK assert-clean "$WORK/$label.json" "$ROOT/profiles/$profile.yaml" "$users" "$label" >>"$RESULTS"
  count=$((count + 1))
done < <(tiers)
[ "$count" -gt 0 ] || fail "no tier rendered (PROFILES=$PROFILES)"

# --- negative case: a trade-off removed must make checkov fail ------------------
say "negative case: as-drawn, 50 users, without the CKV_AWS_17 trade-off of the database"
cp -r "$ROOT/profiles" "$WORK/profiles-negative"
$CHECK drop-trade-off "$WORK/profiles-negative/as-drawn.yaml" 50 database CKV_AWS_17
"$BIN" --profiles "$WORK/profiles-negative" --pricing "$ROOT/pricing-data" render terraform --profile as-drawn --users 50 --out "$WORK/negative" \
  >/dev/null 2>"$WORK/negative.err"
grep -q 'CKV_AWS_17' "$WORK/negative.err" || fail "render did not warn that CKV_AWS_17 is no longer covered"
if "$CHECKOV" -d "$WORK/negative" --framework terraform --skip-download --compact --quiet >/dev/null 2>&1; then
  fail "checkov passed a module whose trade-off was removed"
fi
"$CHECKOV" -d "$WORK/negative" --framework terraform --skip-download --compact -o json >"$WORK/negative.json" 2>/dev/null || true
$CHECK assert-fails "$WORK/negative.json" CKV_AWS_17 aws_db_instance.database

say "checkov results ($count tiers)"
$CHECK table "$RESULTS"
say "terraform-check: ok"
