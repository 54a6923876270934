#!/usr/bin/env python3
"""Assertions of .ci/terraform-check.sh on checkov's JSON report.

  expected PROFILE.yaml USERS          the trade-offs the tier declares, as JSON
  assert-clean REPORT.json PROFILE.yaml USERS LABEL
                                       no failed check, no parsing error, and the
                                       skipped checks exactly the declared trade-offs
  assert-fails REPORT.json CHECK RESOURCE
                                       checkov reports CHECK failed on RESOURCE
  drop-trade-off PROFILE.yaml USERS COMPONENT CHECK
                                       removes one trade-off from a profile, in place
  table RESULTS.tsv                    the Markdown table of every tier's results
"""
import json
import re
import sys

def one_line(text):
    return " ".join(str(text).split())


def load_yaml(path):
    import yaml  # shipped with checkov

    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def tier_of(profile, users):
    for tier in profile["tiers"]:
        if int(tier["users"]) == int(users):
            return tier
    sys.exit(f"no {users}-user tier in profile {profile.get('name')}")


def declared(path, users):
    tier = tier_of(load_yaml(path), users)
    out = set()
    for c in tier["components"]:
        # Every declared trade-off must be a skip in the code: one on a part
        # the module does not create is reported too (archplan warns of it).
        for t in c.get("trade_offs") or []:
            out.add((t["check"], one_line(t["reason"])))
    return out


def load_report(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    # One framework gives an object, several a list.
    if isinstance(data, list):
        data = next(d for d in data if d.get("check_type") == "terraform")
    return data


def strip_index(resource):
    return re.sub(r"\[[^\]]*\]", "", resource)


def assert_clean(report_path, profile_path, users, label):
    data = load_report(report_path)
    results, summary = data["results"], data["summary"]
    problems = []
    for f in results.get("failed_checks", []):
        problems.append(f"failed: {f['check_id']} on {f['resource']} ({f['check_name']})")
    if summary.get("parsing_errors"):
        problems.append(f"{summary['parsing_errors']} parsing error(s): {results.get('parsing_errors')}")
    skipped = {}
    for s in results.get("skipped_checks", []):
        key = (s["check_id"], one_line(s["check_result"].get("suppress_comment", "")))
        skipped.setdefault(key, set()).add(strip_index(s["resource"]))
    expected = declared(profile_path, users)
    for check, reason in sorted(expected - set(skipped)):
        problems.append(f"declared trade-off {check} is not a skip in the code: {reason}")
    for (check, reason), resources in sorted(skipped.items()):
        if (check, reason) not in expected:
            problems.append(f"skip {check} on {', '.join(sorted(resources))} is not a trade-off of the profile: {reason!r}")
    if problems:
        print(f"{label}: checkov found problems", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)
    checks = sorted({c for c, _ in skipped})
    print(f"{label}\t{summary['passed']}\t{summary['failed']}\t{summary['skipped']}\t{' '.join(checks)}")


def assert_fails(report_path, check, resource):
    data = load_report(report_path)
    failed = [(f["check_id"], strip_index(f["resource"])) for f in data["results"].get("failed_checks", [])]
    if (check, resource) not in failed:
        sys.exit(f"expected checkov to fail {check} on {resource}; it failed {failed or 'nothing'}")
    print(f"checkov fails {check} on {resource} once the trade-off is removed, as it must")


def drop_trade_off(path, users, component, check):
    """Removes `- check: CHECK` and its reason from COMPONENT of the USERS tier, keeping the file's layout."""
    lines = open(path, encoding="utf-8").read().split("\n")
    tier, comp, out, i, removed = None, None, [], 0, False
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^  - users: (\d+)", line)
        if m:
            tier = int(m.group(1))
        m = re.match(r"^      - name: (\S+)", line)
        if m:
            comp = m.group(1)
        if (not removed and tier == int(users) and comp == component
                and re.match(rf"^\s+- check: {re.escape(check)}\s*$", line)):
            i += 1
            while i < len(lines) and re.match(r"^\s+reason:", lines[i]):
                i += 1
            removed = True
            continue
        out.append(line)
        i += 1
    if not removed:
        sys.exit(f"{path}: no trade-off {check} in {component} of the {users}-user tier")
    open(path, "w", encoding="utf-8").write("\n".join(out))


def table(path):
    print("| Profile | Tier | Passed | Failed | Skipped | Skipped checks (trade-offs) |")
    print("|---|--:|--:|--:|--:|---|")
    for row in open(path, encoding="utf-8"):
        label, passed, failed, skipped, checks = row.rstrip("\n").split("\t")
        profile, users = label.rsplit("-", 1)
        print(f"| {profile} | {users} | {passed} | {failed} | {skipped} | {', '.join(checks.split())} |")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd == "expected":
        print(json.dumps(sorted(declared(*args)), indent=1))
    elif cmd == "assert-clean":
        assert_clean(*args)
    elif cmd == "assert-fails":
        assert_fails(*args)
    elif cmd == "drop-trade-off":
        drop_trade_off(*args)
    elif cmd == "table":
        table(*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
