"""Renders every tier of each profile in turn into one folder and runs
terraform init / validate / plan / apply against moto (see terraform-apply.sh).

A tier after the first must plan as in-place updates and creations only: a
resource replaced or destroyed on the way up a tier fails the check, unless the
module declares the move as a migration step (a `# archplan:migration` comment
naming the resource address in the rendered files).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import boto3

# What moto (the mock AWS) does not implement, by resource type, with the
# call it lacks. These are planned but not applied, nor is anything that
# refers to them; everything else is applied.
NOT_IN_MOCK = {
    "aws_elasticache_parameter_group": "CreateCacheParameterGroup",
    "aws_budgets_budget": "DescribeSubscribersForNotification",
    "aws_s3_bucket_intelligent_tiering_configuration":
        "GetBucketIntelligentTieringConfiguration (answers without name, status or tierings, "
        "so every plan replaces it, and the replacement loses the bucket's other settings)",
}

# Resources of a type the mock implements that it still cannot handle, by
# address (a pattern over the address without its index).
NOT_IN_MOCK_ADDRESS = {
    r"aws_db_instance\.replica": "a read replica it creates cannot be read back (\"couldn't find resource\")",
}

# What moto reads back differently from what it was given, by resource type
# and attribute: these show a change on every plan against the mock, not
# against AWS, so a change (or replacement) of only these attributes is not
# held against the module.
MOCK_DRIFT = {
    "aws_db_parameter_group": ({"parameter"}, "DescribeDBParameters returns no user parameters"),
    "aws_s3_bucket_notification": ({"eventbridge"}, "the EventBridge setting is not kept"),
    # moto keeps a rule's description with the group it references, and
    # reads it back only from a CIDR range.
    "aws_vpc_security_group_ingress_rule": ({"description"}, "a rule's description is lost when it references a group"),
    "aws_vpc_security_group_egress_rule": ({"description"}, "a rule's description is lost when it references a group"),
}


def changed_attributes(rc):
    change = rc["change"]
    before, after = change.get("before") or {}, change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    return {k for k in set(before) | set(after)
            if before.get(k) != after.get(k) and not unknown.get(k)}


def mock_drift_only(rc):
    """Whether the change touches only attributes the mock reads back wrong."""
    attrs, _ = MOCK_DRIFT.get(rc["type"], (set(), ""))
    if not attrs:
        return False
    replaced = {p[0] for p in rc["change"].get("replace_paths") or [] if p}
    return changed_attributes(rc) <= attrs and replaced <= attrs


PROVIDER_SERVICES = [
    "acm", "budgets", "cloudwatch", "cloudwatchlogs", "ec2", "ecs", "elasticache",
    "elbv2", "events", "iam", "kms", "rds", "s3", "secretsmanager", "sns", "sts",
    "applicationautoscaling",
]


STARTED = time.monotonic()


def say(msg):
    print(f"==> [{time.monotonic() - STARTED:4.0f} s] {msg}", flush=True)


def fail(msg):
    print(f"terraform-apply: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def run(cmd, cwd, label, quiet=True):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout[-6000:], file=sys.stderr)
        print(proc.stderr[-6000:], file=sys.stderr)
        fail(f"{label}: `{' '.join(cmd)}` failed ({proc.returncode})")
    if not quiet:
        print(proc.stdout)
    return proc.stdout


def tiers(archplan, profiles):
    out = subprocess.run([archplan, "profiles", "--format", "json"], capture_output=True,
                         text=True, check=True).stdout
    found = {p["name"]: p["tiers"] for p in json.loads(out)}
    for name in profiles:
        if name not in found:
            fail(f"no profile {name} (known: {', '.join(found)})")
    return [(name, found[name]) for name in profiles]


def provider_override(endpoint):
    lines = [
        'provider "aws" {',
        '  access_key                  = "test"',
        '  secret_key                  = "test"',
        "  skip_credentials_validation = true",
        "  skip_metadata_api_check     = true",
        # The account is asked (STS on the mock): without it the provider
        # reads a rule that references a group of the same account as
        # "account/sg-…" and plans a change on every run.
        "  s3_use_path_style           = true",
        # A few retries: moto's server now and then drops a kept-alive
        # connection ("use of closed network connection").
        "  max_retries                 = 4",
        # Held constant from tier to tier: with the tier in a default tag,
        # every move retags every resource, and moto answers GetBucketTagging
        # with an error the provider does not expect.
        "  default_tags {",
        '    tags = { ManagedBy = "terraform" }',
        "  }",
        "  endpoints {",
    ]
    lines += [f'    {s} = "{endpoint}"' for s in PROVIDER_SERVICES]
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def find_root(module, root):
    """The root configuration to run: the module's root example
    (`root.tf.example`, which calls the module) copied into `root` with its
    source pointing at the module; or the module itself when it is a root
    configuration with its own provider block."""
    if any(re.search(r'^provider "aws"', p.read_text(), re.M)
           for p in module.glob("*.tf") if not p.name.endswith("_override.tf")):
        return module, False
    example = module / "root.tf.example"
    if not example.exists():
        fail(f"{module}: no provider block and no root.tf.example that calls the module")
    root.mkdir(parents=True, exist_ok=True)
    text = example.read_text()
    text, n = re.subn(r'(module\s+"[^"]+"\s*\{\s*\n\s*source\s*=\s*)"[^"]*"',
                      lambda m: m.group(1) + json.dumps(os.path.relpath(module, root)), text, count=1)
    if n != 1:
        fail(f"{example}: no module source to point at the rendered module")
    (root / "main.tf").write_text(text)
    return root, True


class Mock:
    def __init__(self, endpoint):
        kw = dict(endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
        self.ec2 = boto3.client("ec2", **kw)
        self.acm = boto3.client("acm", **kw)

    def network(self):
        vpc = self.ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            self.ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{i}.0/24",
                                   AvailabilityZone=f"us-east-1{az}")["Subnet"]["SubnetId"]
            for i, az in enumerate("abc", start=1)
        ]
        return vpc, subnets

    def certificate(self):
        return self.acm.request_certificate(DomainName="app.example.test")["CertificateArn"]


def mock_inputs(vpc, subnets, certificate):
    return {
        "vpc_id": vpc,
        "subnet_ids": subnets[:2],
        "private_subnet_ids": subnets[:2],
        "public_subnet_ids": subnets[1:],
        "certificate_arn": certificate,
        "allowed_cidr_blocks": ["203.0.113.10/32"],
        "alarm_email": "ops@example.test",
        "alarm_emails": ["ops@example.test"],
    }


def tfvars(root, known):
    """For a module that is its own root: the example inputs archplan writes,
    with the mock's IDs in place of the example ones (an auto.tfvars file
    wins over terraform.tfvars)."""
    example = root / "terraform.tfvars.example"
    if example.exists():
        (root / "terraform.tfvars").write_text(example.read_text())
    declared = set()
    for tf in root.glob("*.tf"):
        declared |= set(re.findall(r'^variable "([^"]+)"', tf.read_text(), re.M))
    values = {k: v for k, v in known.items() if k in declared}
    (root / "zz_mock.auto.tfvars.json").write_text(json.dumps(values, indent=2))


def module_arguments(root, known, extra=None):
    """In the root example's module block, the mock's values in place of the
    example ones, and `extra` arguments (a migration step's) added."""
    main = root / "main.tf"
    text = main.read_text()
    for key, value in known.items():
        text = re.sub(rf'(?m)^(\s+{key}\s*=\s*).*$', lambda m: m.group(1) + json.dumps(value), text)
    for key, value in (extra or {}).items():
        text, n = re.subn(r'(module\s+"[^"]+"\s*\{\s*\n\s*source\s*=.*\n)',
                          lambda m: m.group(1) + f"  {key} = {json.dumps(value)}\n", text, count=1)
        if n != 1:
            fail(f"{main}: no module block to add {key} to")
    main.write_text(text)


def references(expr):
    """Every reference in a plan's configuration expression tree."""
    if isinstance(expr, dict):
        for key, value in expr.items():
            if key == "references" and isinstance(value, list):
                yield from value
            else:
                yield from references(value)
    elif isinstance(expr, list):
        for item in expr:
            yield from references(item)


REFERENCE = re.compile(r"\b(?:data\.)?aws_[a-z0-9_]+\.[a-z0-9_]+|\blocal\.[a-z0-9_]+")


def module_locals(folder):
    """What each local value of the module in `folder` refers to: the plan's
    configuration lists a resource's references to locals, not what the
    locals themselves refer to."""
    found = {}
    for tf in sorted(Path(folder).glob("*.tf")):
        text = tf.read_text()
        for block in re.finditer(r"(?m)^locals\s*\{", text):
            depth, i = 1, block.end()
            body_start = i
            while depth and i < len(text):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            body = text[body_start:i - 1]
            names = list(re.finditer(r"(?m)^  ([A-Za-z0-9_]+)\s*=", body))
            for n, m in enumerate(names):
                end = names[n + 1].start() if n + 1 < len(names) else len(body)
                found[m.group(1)] = set(REFERENCE.findall(body[m.end():end]))
    return found


def expand_locals(refs, local_refs):
    """References with each local replaced, transitively, by what it refers to."""
    out, todo, seen = set(), list(refs), set()
    while todo:
        ref = todo.pop()
        if ref.startswith("local."):
            name = ref.split(".")[1]
            if name not in seen:
                seen.add(name)
                todo.extend(local_refs.get(name, ()))
        else:
            out.add(ref)
    return out


def config_resources(module, folders, prefix=""):
    """(address without index, type, set of referenced addresses) for every
    resource of the configuration, modules included; `folders` maps a module
    prefix ("" for the root, "module.NAME.") to the folder of its files."""
    local_refs = module_locals(folders[prefix]) if prefix in folders else {}
    for r in module.get("resources", []):
        refs = set(references(r.get("expressions", {})))
        refs |= set(r.get("depends_on", []))
        refs = expand_locals(refs, local_refs)
        yield prefix + r["address"], r["type"], {prefix + x for x in refs}
    for name, call in module.get("module_calls", {}).items():
        yield from config_resources(call.get("module", {}), folders, f"{prefix}module.{name}.")


def targets(plan, folders):
    """The resources to apply: all but those the mock lacks and anything
    that refers to them, directly, through a local value or not."""
    resources = list(config_resources(plan["configuration"]["root_module"], folders))
    excluded = {addr for addr, typ, _ in resources if typ in NOT_IN_MOCK
                or any(re.search(p, addr) for p in NOT_IN_MOCK_ADDRESS)}
    changed = True
    while changed:
        changed = False
        for addr, _, refs in resources:
            if addr in excluded:
                continue
            if any(ref == x or ref.startswith(x + ".") or ref.startswith(x + "[") for ref in refs for x in excluded):
                excluded.add(addr)
                changed = True
    planned = [rc for rc in plan.get("resource_changes", []) if rc["mode"] == "managed"]
    keep = sorted({rc["address"] for rc in planned if strip_index(rc["address"]) not in excluded})
    skipped = sorted({strip_index(rc["address"]) for rc in planned if strip_index(rc["address"]) in excluded})
    return keep, skipped


def strip_index(address):
    return re.sub(r"\[[^\]]*\]", "", address)


def resource_type(address):
    return strip_index(address).split(".")[-2]


def migrations(out):
    text = "".join(p.read_text() for p in out.rglob("*.tf") if ".terraform" not in p.parts)
    return set(re.findall(r"#\s*archplan:migration\s+(\S+)", text))


def module_name(root):
    return re.search(r'^module\s+"([^"]+)"', (root / "main.tf").read_text(), re.M).group(1)


def declares(out, variable):
    return any(re.search(rf'^variable "{variable}"', p.read_text(), re.M) for p in out.glob("*.tf"))


def migration_steps(out, previous_had_cluster_mode, called):
    """The applies a move up to this tier takes: a cache moving from cluster
    mode disabled to enabled goes through `cache_cluster_mode = "compatible"`
    first, as the module README and `render terraform` say; then the tier as
    rendered."""
    if called and declares(out, "cache_cluster_mode") and not previous_had_cluster_mode:
        return [("cache_cluster_mode compatible", {"cache_cluster_mode": "compatible"}), ("", {})]
    return [("", {})]


def plan_step(root, label, step, previous_users, out, folders, no_apply, skipped_all):
    """Plans, checks the plan of a move, applies what the mock implements and
    checks that a second plan changes nothing."""
    run(["terraform", "plan", "-input=false", "-no-color", "-out", "plan.out"], root, f"{label}: plan")
    plan = json.loads(run(["terraform", "show", "-json", "plan.out"], root, f"{label}: show"))
    actions = {}
    for rc in plan.get("resource_changes", []):
        if rc["mode"] != "managed" or (step and mock_drift_only(rc)):
            continue
        act = "+".join(rc["change"]["actions"])
        actions.setdefault(act, []).append(rc["address"])
    summary = ", ".join(f"{len(v)} {k}" for k, v in sorted(actions.items()) if k != "no-op")
    say(f"{label}: plan: {summary or 'no changes'}")
    if no_apply:
        return
    if step:
        allowed = migrations(out)
        bad = [a for k, v in actions.items() if "delete" in k for a in v
               if strip_index(a) not in allowed and a not in allowed]
        if bad:
            fail(f"{label}: moving up from the {previous_users}-user tier replaces or "
                 f"destroys {', '.join(bad)} (declare a migration step or make it in place)")
    keep, skipped = targets(plan, folders)
    for s in skipped:
        skipped_all[resource_type(s)] = True
    started = time.monotonic()
    if keep:
        cmd = ["terraform", "apply", "-input=false", "-no-color", "-auto-approve"]
        cmd += [f"-target={a}" for a in keep]
        log = run(cmd, root, f"{label}: apply")
        # Kept with the work folder (KEEP_WORK=1): what took the time.
        (root / ("apply-" + re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-") + ".log")).write_text(log)
    say(f"{label}: applied {len(keep)} resources in {time.monotonic() - started:.0f} s; "
        f"not in the mock: {len(skipped)}")
    # Applied as rendered, the same tier must plan no change.
    run(["terraform", "plan", "-input=false", "-no-color", "-out", "again.out"], root, f"{label}: plan again")
    again = json.loads(run(["terraform", "show", "-json", "again.out"], root, f"{label}: show"))
    unstable = [rc["address"] for rc in again.get("resource_changes", [])
                if rc["mode"] == "managed" and rc["change"]["actions"] != ["no-op"]
                and strip_index(rc["address"]) not in skipped
                and not mock_drift_only(rc)]
    if unstable:
        fail(f"{label}: a second plan of the applied tier still changes {', '.join(unstable)} "
             "(a value that differs on every plan, or a setting AWS does not keep)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archplan", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--moto-log")
    ap.add_argument("--profiles", nargs="*", default=["current", "all-aws"])
    ap.add_argument("--no-apply", action="store_true",
                    help="init, validate and plan every tier (each from nothing), without applying")
    args = ap.parse_args()
    work = Path(args.work)
    mock = Mock(args.endpoint)
    for _ in range(50):
        try:
            mock.ec2.describe_vpcs()
            break
        except Exception:  # the mock is still starting
            time.sleep(0.2)
    else:
        fail("moto did not start")

    skipped_all = {}
    for profile, users_list in tiers(args.archplan, args.profiles):
        began = time.monotonic()
        vpc, subnets = mock.network()
        certificate = mock.certificate()
        out = work / profile / "module"
        out.parent.mkdir(parents=True, exist_ok=True)
        known = mock_inputs(vpc, subnets, certificate)
        had_cluster_mode = False
        for step, users in enumerate(users_list):
            label = f"{profile}-{users}"
            say(f"{label}: render over the previous tier" if step else f"{label}: render")
            run([args.archplan, "render", "terraform", "--profile", profile, "--users", str(users),
                 "--out", str(out), "--format", "json"], work, label)
            root, called = find_root(out, work / profile / "root")
            (root / "zz_mock_override.tf").write_text(provider_override(args.endpoint))
            steps = [("", {})] if args.no_apply else migration_steps(out, had_cluster_mode, called)
            had_cluster_mode = declares(out, "cache_cluster_mode")
            # Again at every tier: a tier may add a module or change its source.
            for n, (what, extra) in enumerate(steps):
                if called:
                    if n:
                        find_root(out, root)  # the example afresh, without the step's arguments
                    module_arguments(root, known, extra)
                else:
                    tfvars(root, known)
                if n == 0:
                    run(["terraform", "init", "-input=false", "-no-color"], root, f"{label}: init")
                    run(["terraform", "validate", "-no-color"], root, f"{label}: validate")
                step_label = f"{label} ({what})" if what else label
                if what:
                    say(f"{step_label}: migration step")
                folders = {"": root}
                if called:
                    folders[f"module.{module_name(root)}."] = out
                plan_step(root, step_label, step, users_list[step - 1] if step else None, out,
                          folders, args.no_apply, skipped_all)
        say(f"{profile}: {len(users_list)} tiers in {time.monotonic() - began:.0f} s")
    if args.no_apply:
        say("ok (planned, not applied)")
        return
    if skipped_all:
        say("planned but not applied: " + ", ".join(sorted(skipped_all)) + " — the mock lacks "
            + "; ".join(f"{t} ({NOT_IN_MOCK[t]})" for t in sorted(NOT_IN_MOCK))
            + ", and the others refer to them")
    say("not applied, by address: " + "; ".join(f"{p} ({why})" for p, why in NOT_IN_MOCK_ADDRESS.items()))
    say("read back differently by the mock (changes of only these are not held against the module): "
        + "; ".join(f"{t}.{'/'.join(sorted(a))} ({why})" for t, (a, why) in sorted(MOCK_DRIFT.items())))
    say("ok")


if __name__ == "__main__":
    main()
