"""Inputs of benches/terraform.sh: a `terraform show -json` plan of N
resources and a folder of N .tf files, shaped like a large real
configuration: mostly networking and IAM (free), with databases, caches,
buckets, load balancers, services and alarms among them."""
import json
import os
import sys


def plan(n):
    kinds = [
        ("aws_security_group", {"name": "sg"}),
        ("aws_iam_role", {"name": "role"}),
        ("aws_route", {}),
        ("aws_subnet", {"cidr_block": "10.0.0.0/24"}),
        ("aws_iam_role_policy_attachment", {}),
        ("aws_cloudwatch_metric_alarm", {"metric_name": "CPUUtilization"}),
        ("aws_s3_bucket", {"bucket": "b"}),
        ("aws_db_instance", {"engine": "postgres", "instance_class": "db.t4g.small",
                              "allocated_storage": 20, "storage_type": "gp3", "multi_az": False}),
        ("aws_elasticache_replication_group", {"node_type": "cache.t4g.small",
                                                "num_cache_clusters": 2, "engine": "redis"}),
        ("aws_secretsmanager_secret", {"name": "s"}),
    ]
    resources = []
    for i in range(n):
        rtype, values = kinds[i % len(kinds)]
        module = i // 100
        resources.append({
            "address": f"module.m{module}.{rtype}.r{i}",
            "mode": "managed", "type": rtype, "name": f"r{i}",
            "values": dict(values, tags={"Team": f"t{module}"}),
        })
    # The configuration section a real plan carries: each module's resources
    # with their expressions, which reference others (what archplan reads to
    # join a gateway to its address, a service to its cluster).
    calls = {}
    for i in range(n):
        rtype, _ = kinds[i % len(kinds)]
        module = i // 100
        calls.setdefault(f"m{module}", {"source": "./modules/m", "module": {"resources": []}})
        calls[f"m{module}"]["module"]["resources"].append({
            "address": f"{rtype}.r{i}", "mode": "managed", "type": rtype, "name": f"r{i}",
            "expressions": {
                "name": {"constant_value": f"r{i}"},
                "subnet_id": {"references": [f"aws_subnet.r{i - i % 10 + 3}.id",
                                             f"aws_subnet.r{i - i % 10 + 3}"]},
                "tags": {"references": ["var.tags"]},
            },
        })
    return {"format_version": "1.2", "terraform_version": "1.9.0",
            "planned_values": {"root_module": {"resources": resources}},
            "configuration": {"root_module": {"module_calls": calls}}}


def folder(path, n):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "variables.tf"), "w") as f:
        f.write('variable "env" {\n  default = "prod"\n}\n\n'
                'variable "class" {\n  default = "db.t4g.small"\n}\n\n'
                'locals {\n  tags = { Env = var.env }\n}\n')
    for i in range(n):
        with open(os.path.join(path, f"r{i:04}.tf"), "w") as f:
            f.write(f'''resource "aws_security_group" "sg{i}" {{
  name = "${{var.env}}-sg-{i}"
  tags = local.tags
}}

resource "aws_s3_bucket" "b{i}" {{
  count  = {i % 2 + 1}
  bucket = "${{var.env}}-bucket-{i}-${{count.index}}"
  tags   = merge(local.tags, {{ Name = "b{i}" }})
}}

resource "aws_db_instance" "db{i}" {{
  for_each          = toset(["a", "b"])
  engine            = "postgres"
  instance_class    = var.class
  allocated_storage = {20 + i % 5 * 10}
  storage_type      = "gp3"
  multi_az          = {"true" if i % 3 == 0 else "false"}
  identifier        = "${{var.env}}-db-{i}-${{each.key}}"
}}
''')


if __name__ == "__main__":
    what, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if what == "plan":
        with open(out, "w") as f:
            json.dump(plan(n), f)
    else:
        folder(out, n)
