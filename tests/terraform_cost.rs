//! `archplan cost --terraform`: the rendered module priced back, and a plan.

mod common;
use common::archplan;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn by_component(report: &Value) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for l in report["lines"].as_array().unwrap() {
        let cost: f64 = l["cost"]["expected"].as_str().unwrap().parse().unwrap();
        *out.entry(l["component"].as_str().unwrap().to_string())
            .or_default() += cost;
    }
    out
}

/// The AWS lines of a cost report: (component, item, price id) → cost.
fn aws_lines(report: &Value) -> BTreeMap<(String, String, String), String> {
    report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["vendor"] == "aws")
        .map(|l| {
            (
                (
                    l["component"].as_str().unwrap().to_string(),
                    l["item"].as_str().unwrap().to_string(),
                    l["price_id"].as_str().unwrap().to_string(),
                ),
                l["cost"]["expected"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Rendering every tier of the AWS profiles, then pricing its folder at the
/// same users, gives the same AWS lines and the same AWS total as
/// `archplan cost`.
#[test]
fn every_rendered_tier_prices_back_to_the_profile() {
    for profile in ["current", "all-aws"] {
        for users in ["50", "100", "200", "500"] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("tf");
            let out = out.to_str().unwrap();
            let r = archplan(&[
                "render",
                "terraform",
                "--profile",
                profile,
                "--users",
                users,
                "--out",
                out,
            ]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            let planned = archplan(&["cost", "--users", users, "--profile", profile, "-f", "json"]);
            let read = archplan(&["cost", "--terraform", out, "--users", users, "-f", "json"]);
            assert!(read.code == 0 || read.code == 1, "{}", read.stderr);
            let planned: Value = serde_json::from_str(&planned.stdout).unwrap();
            let read: Value = serde_json::from_str(&read.stdout).unwrap();
            assert_eq!(read["schema"], "archplan.terraform-cost/v1");
            assert_eq!(
                read["not_priced"].as_array().unwrap().len(),
                0,
                "{}",
                read["not_priced"]
            );
            // The plan's AWS lines of the components the module creates (those
            // its resources are tagged with); the others (Amplify, Bedrock) are
            // AWS costs the module leaves to the console.
            let tagged = tagged_components(Path::new(out));
            let read = &read["report"];
            let mut want = aws_lines(&planned);
            want.retain(|(component, _, _), _| tagged.contains(component));
            let got = aws_lines(read);
            assert!(!got.is_empty());
            assert_eq!(
                got, want,
                "{profile} at {users}: the lines read back differ from the plan's AWS lines"
            );
            let total: f64 = read["total"]["expected"].as_str().unwrap().parse().unwrap();
            let aws: f64 = want.values().map(|c| c.parse::<f64>().unwrap()).sum();
            assert!(
                (total - aws).abs() < 0.005,
                "{profile} at {users}: {total} vs {aws}"
            );
        }
    }
}

/// The component names the module's resources are tagged with.
fn tagged_components(dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tf") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some(rest) = line.trim().strip_prefix("ArchplanComponent") {
                    let name = rest.trim_start_matches([' ', '=']).trim_matches('"');
                    names.insert(name.to_string());
                }
            }
        }
    }
    names
}

#[test]
fn a_plan_prices_its_resources_and_lists_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
          {"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db",
           "values": {"engine": "postgres", "instance_class": "db.t4g.small", "allocated_storage": 20, "storage_type": "gp3", "multi_az": false}},
          {"address": "aws_db_instance.legacy", "mode": "managed", "type": "aws_db_instance", "name": "legacy",
           "values": {"engine": "mysql", "instance_class": "db.t4g.small", "allocated_storage": 20}},
          {"address": "aws_dynamodb_table.t", "mode": "managed", "type": "aws_dynamodb_table", "name": "t", "values": {}},
          {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {}},
          {"address": "aws_elasticache_cluster.member", "mode": "managed", "type": "aws_elasticache_cluster", "name": "member",
           "values": {"replication_group_id": "sessions"}}
        ]}}}"#,
    )
    .unwrap();
    let r = archplan(&[
        "cost",
        "--terraform",
        plan.to_str().unwrap(),
        "--users",
        "50",
        "-f",
        "json",
    ]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let lines = by_component(&v["report"]);
    // db.t4g.small Single-AZ: 730 h × the catalog's hourly price, plus 20 GB of gp3.
    assert!(lines.contains_key("aws_db_instance.db"), "{lines:?}");
    let not: Vec<&str> = v["not_priced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(not, ["aws_db_instance", "aws_dynamodb_table"]);
    let free = v["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "aws_vpc.main")
        .unwrap();
    assert_eq!(free["status"], "free");
    // A member of a replication group is billed by the group.
    let member = v["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "aws_elasticache_cluster.member")
        .unwrap();
    assert_eq!(member["status"], "free", "{member}");
    let table = archplan(&[
        "cost",
        "--terraform",
        plan.to_str().unwrap(),
        "--users",
        "50",
    ]);
    assert!(table.stdout.contains("2 not priced"), "{}", table.stdout);
    assert!(table.stdout.contains("engine mysql"), "{}", table.stdout);
}

/// The lines of one component of a report: item → (quantity, low, expected, high).
fn lines_of(report: &Value, component: &str) -> BTreeMap<String, (String, [f64; 3])> {
    report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["component"] == component)
        .map(|l| {
            let c = |k: &str| l["cost"][k].as_str().unwrap().parse::<f64>().unwrap();
            (
                l["item"].as_str().unwrap().to_string(),
                (
                    format!(
                        "{} {}",
                        l["quantity"].as_str().unwrap(),
                        l["quantity_unit"].as_str().unwrap()
                    ),
                    [c("low"), c("expected"), c("high")],
                ),
            )
        })
        .collect()
}

/// A plan made by `terraform show -json` (tests/fixtures/tf/plan): each
/// resource priced from its planned values, usage from an Infracost usage
/// file, ranges kept, and what is not priced said.
#[test]
fn a_real_plan_is_priced_with_its_usage_file() {
    let plan = common::repo().join("tests/fixtures/tf/plan/plan.json");
    let usage = common::repo().join("tests/fixtures/tf/plan/usage.yml");
    let plan = plan.to_str().unwrap();
    let bare = archplan(&["cost", "--terraform", plan, "--users", "50", "-f", "json"]);
    assert!(bare.code == 0 || bare.code == 1, "{}", bare.stderr);
    let bare: Value = serde_json::from_str(&bare.stdout).unwrap();
    assert_eq!(bare["region"], "us-east-1");
    assert_eq!(bare["resources"].as_array().unwrap().len(), 13);
    assert_eq!(bare["not_priced"].as_array().unwrap().len(), 0);
    // The function is priced at 0 without usage, and said.
    let function = lines_of(&bare["report"], "aws_lambda_function.thumbnails");
    assert_eq!(function["requests"].0, "0 requests");
    let db = lines_of(&bare["report"], "aws_db_instance.orders");
    assert_eq!(db["db.t4g.medium Multi-AZ instance"].0, "730 h");
    assert_eq!(db["gp3 storage, Multi-AZ"].0, "50 GB-mo");
    let cache = lines_of(
        &bare["report"],
        "aws_elasticache_replication_group.sessions",
    );
    assert_eq!(cache["cache.t4g.small node ×2"].0, "1460 h");
    let alarms = lines_of(&bare["report"], "cloudwatch alarms");
    assert_eq!(alarms["CloudWatch alarms"].0, "1 alarm");
    // Without usage, usage lines are 0 and each is said.
    let said = bare["assumptions"].to_string();
    assert!(
        said.contains("aws_s3_bucket.uploads: no usage given"),
        "{said}"
    );
    assert!(said.contains("aws_lb.api: 1 LCU average assumed"), "{said}");

    let r = archplan(&[
        "cost",
        "--terraform",
        plan,
        "--users",
        "50",
        "--usage-file",
        usage.to_str().unwrap(),
        "-f",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|_| panic!("{}", r.stderr));
    // The provider leaves `architectures` unknown until apply.
    assert_eq!(
        v["assumptions"],
        serde_json::json!([
            "aws_lambda_function.thumbnails: architectures is not known; x86_64 assumed"
        ]),
    );
    // 500,000 requests of 0.8 s at Terraform's default 128 MB: 50,000 GB-s.
    let function = lines_of(&v["report"], "aws_lambda_function.thumbnails");
    assert_eq!(function["requests"].0, "500000 requests");
    assert_eq!(function["duration (128 MB, x86_64)"].0, "50000 GB-s");
    assert!((function["duration (128 MB, x86_64)"].1[1] - 0.833335).abs() < 1e-9);
    let s3 = lines_of(&v["report"], "aws_s3_bucket.uploads");
    assert_eq!(s3["Standard storage (compressed videos)"].0, "200 GB-mo");
    // 1 to 3 million GETs at $0.0004 per 1,000: a range of $0.40 to $1.20.
    let gets = s3["GET requests (views)"].1;
    assert!(
        (gets[0] - 0.4).abs() < 1e-9
            && (gets[1] - 0.8).abs() < 1e-9
            && (gets[2] - 1.2).abs() < 1e-9,
        "{gets:?}"
    );
    // 50 new connections a second are 2 LCU (25 each), more than 3,000 active
    // connections a minute (1 LCU): 2 × 730 LCU-hours.
    let lb = lines_of(&v["report"], "aws_lb.api");
    assert_eq!(lb["2 LCU average"].0, "1460 LCU-h");
    let nat = lines_of(&v["report"], "aws_nat_gateway.main");
    assert_eq!(nat["NAT data processed"].0, "100 GB");
    let total = |r: &Value| {
        r["report"]["total"]["expected"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    assert!(total(&v) > total(&bare));
}

/// What joins resources is read from the references the `.tf` files write:
/// only the Elastic IP a NAT gateway's `allocation_id` names is billed with
/// the gateway (the other is an address of its own); a replica takes the
/// engine of the instance its `replicate_source_db` names; a service with
/// no launch type runs on EC2 in a cluster that offers no Fargate capacity,
/// and on Fargate in one that does.
#[test]
fn references_join_gateways_to_addresses_replicas_to_sources_services_to_clusters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"
resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_eip" "bastion" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = "subnet-1"
}

resource "aws_db_instance" "primary" {
  identifier        = "primary"
  engine            = "mysql"
  instance_class    = "db.t4g.small"
  allocated_storage = 20
}

resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = "db.t4g.small"
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  container_definitions    = "[]"
}

resource "aws_ecs_task_definition" "jobs" {
  family                   = "jobs"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 1024
  memory                   = 2048
  container_definitions    = "[]"
}

resource "aws_ecs_cluster" "ec2" {
  name = "ec2"
}

resource "aws_ecs_cluster" "serverless" {
  name = "serverless"
}

resource "aws_ecs_cluster_capacity_providers" "serverless" {
  cluster_name       = aws_ecs_cluster.serverless.name
  capacity_providers = ["FARGATE"]
}

resource "aws_ecs_service" "on_ec2" {
  name            = "on-ec2"
  cluster         = aws_ecs_cluster.ec2.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 1
}

resource "aws_ecs_service" "on_fargate" {
  name            = "on-fargate"
  cluster         = aws_ecs_cluster.serverless.id
  task_definition = aws_ecs_task_definition.jobs.arn
  desired_count   = 2
}
"#,
    )
    .unwrap();
    let r = archplan(&[
        "cost",
        "--terraform",
        dir.path().to_str().unwrap(),
        "--users",
        "50",
        "-f",
        "json",
    ]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let row = |address: &str| {
        v["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == address)
            .unwrap_or_else(|| panic!("{address}"))
            .clone()
    };
    assert_eq!(
        row("aws_eip.nat")["why"],
        "a NAT gateway's address, billed with the gateway"
    );
    assert_eq!(row("aws_eip.bastion")["component"], "aws_eip.bastion");
    let bastion = lines_of(&v["report"], "aws_eip.bastion");
    assert_eq!(bastion["public IPv4 address ×1"].0, "730 h");
    // The replica is MySQL, like its source: not priced as PostgreSQL.
    assert!(
        row("aws_db_instance.replica")["why"]
            .as_str()
            .unwrap()
            .starts_with("engine mysql"),
        "{}",
        row("aws_db_instance.replica")
    );
    assert!(row("aws_ecs_service.on_ec2")["why"]
        .as_str()
        .unwrap()
        .starts_with("no launch_type and no capacity provider strategy"));
    // Sized by the task definition its task_definition names: 2 × 1 vCPU.
    let jobs = lines_of(&v["report"], "aws_ecs_service.on_fargate");
    let vcpu = jobs
        .iter()
        .find(|(item, _)| item.contains("vCPU"))
        .map(|(_, q)| q.0.clone())
        .unwrap_or_default();
    assert_eq!(vcpu, "1460 vCPU-h", "{jobs:?}");
}
