//! Priced equals rendered: every billable resource of the Terraform module of
//! a tier is a cost line of the tier, and every AWS cost line of the module's
//! components has its resource. The module is read back from the rendered
//! HCL (its resource blocks and their counts), not from the context that
//! rendered it, so a template that adds a billable resource without its price
//! fails here.

use archplan::engine::charges::Basis;
use archplan::engine::{self, Line};
use archplan::render::terraform::{self, context::Request};
use archplan::workspace::{Sources, Workspace};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn shipped() -> Workspace {
    Workspace::load(&Sources::default()).expect("the shipped data loads")
}

/// A `resource "type" "name" { … }` block at the top level of formatted HCL,
/// with its top-level `key = value` attributes.
#[derive(Debug)]
struct Block {
    kind: String,
    name: String,
    attrs: BTreeMap<String, String>,
}

impl Block {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    /// How many instances the block makes: its literal `count`, 1 without one.
    fn instances(&self, zones: u32) -> u32 {
        match self.attr("count") {
            None => 1,
            Some("length(local.availability_zones)") => zones,
            Some(n) => n.parse().unwrap_or_else(|_| {
                panic!("{}.{}: count {n} is not a number", self.kind, self.name)
            }),
        }
    }
}

fn resources(hcl: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in hcl.lines() {
        if let Some(rest) = line.strip_prefix("resource \"") {
            let rest = rest.strip_suffix("\" {").expect("a block header");
            let (kind, name) = rest.split_once("\" \"").expect("type and name");
            current = Some(Block {
                kind: kind.to_string(),
                name: name.to_string(),
                attrs: BTreeMap::new(),
            });
            continue;
        }
        if line == "}" {
            if let Some(b) = current.take() {
                out.push(b);
            }
            continue;
        }
        if let (Some(b), Some(body)) = (current.as_mut(), line.strip_prefix("  ")) {
            if !body.starts_with(' ') {
                if let Some((k, v)) = body.split_once(" = ") {
                    b.attrs.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
        }
    }
    out
}

/// Resources that AWS does not bill by themselves (their traffic, if any, is
/// billed on the resources above them).
const FREE: &[&str] = &[
    "aws_vpc",
    "aws_default_security_group",
    "aws_internet_gateway",
    "aws_subnet",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_db_subnet_group",
    "aws_db_parameter_group",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_elasticache_subnet_group",
    "aws_elasticache_parameter_group",
    "aws_secretsmanager_secret_version",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_intelligent_tiering_configuration",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_cors_configuration",
    "aws_lb_target_group",
    "aws_lb_target_group_attachment",
    "aws_lb_listener",
    "aws_ecs_cluster",
    "aws_ecs_task_definition",
    // Free: the SNS topic and its first 1,000 emails a month, RDS event
    // subscriptions, an account's first two budgets.
    "aws_sns_topic",
    "aws_sns_topic_policy",
    "aws_sns_topic_subscription",
    "aws_db_event_subscription",
    "aws_budgets_budget",
    "terraform_data",
];

/// Hours of `n` resources over a month.
fn hours(n: u32) -> Decimal {
    Decimal::from(730 * n)
}

/// Fixed quantities the module's resources call for, by price id (prefix for
/// sized prices), and the price ids of the usage lines they imply.
#[derive(Debug, Default)]
struct Expected {
    fixed: BTreeMap<String, Decimal>,
    usage: Vec<String>,
    log_groups_of: Vec<String>,
}

impl Expected {
    fn add(&mut self, id: &str, q: Decimal) {
        *self.fixed.entry(id.to_string()).or_default() += q;
    }
}

fn expected_from(blocks: &[Block], zones: u32) -> Expected {
    let mut e = Expected::default();
    let mut public_ips = 0;
    for b in blocks {
        // Free resources may have any count; billable ones have a literal one.
        let n = || b.instances(zones);
        match b.kind.as_str() {
            "aws_db_instance" => {
                e.add("aws.rds.postgres", hours(n()));
                // Replicas have the primary's storage (they set none of their own).
                let primary = blocks
                    .iter()
                    .find(|p| p.kind == "aws_db_instance" && p.name == "database")
                    .unwrap();
                let gb: u32 = primary.attr("allocated_storage").unwrap().parse().unwrap();
                e.add("aws.rds.gp3", Decimal::from(gb * n()));
                if b.attr("publicly_accessible") == Some("true") {
                    public_ips += n();
                }
            }
            "aws_elasticache_replication_group" => {
                let nodes = match b.attr("num_cache_clusters") {
                    Some(c) => c.parse().unwrap(),
                    None => {
                        // `var.cache_cluster_mode == "enabled" ? SHARDS : 1`: the enabled shape.
                        let groups = b.attr("num_node_groups").unwrap();
                        let shards: u32 = groups
                            .split(['?', ':'])
                            .nth(1)
                            .unwrap()
                            .trim()
                            .parse()
                            .unwrap();
                        let replicas: u32 =
                            b.attr("replicas_per_node_group").unwrap().parse().unwrap();
                        shards * (replicas + 1)
                    }
                };
                e.add("aws.elasticache", hours(nodes));
            }
            "aws_cloudwatch_metric_alarm" => e.add("aws.cloudwatch.alarm", Decimal::ONE),
            "aws_cloudwatch_log_group" => e.log_groups_of.push(b.name.clone()),
            "aws_nat_gateway" => {
                e.add("aws.vpc.nat-gateway.hour", hours(n()));
                e.usage.push("aws.vpc.nat-gateway.data".to_string());
            }
            "aws_eip" => public_ips += n(),
            "aws_lb" => {
                e.add("aws.elb.alb.hour", hours(n()));
                // Its capacity units: a quantity of the profile, not of the code.
                e.usage.push("aws.elb.alb.lcu".to_string());
                // One address per Availability Zone of an internet-facing ALB.
                assert_eq!(b.attr("internal"), Some("false"));
                public_ips += 2 * n();
            }
            "aws_ecs_service" => e.add("aws.fargate", Decimal::ONE),
            "aws_secretsmanager_secret" => e.add("aws.secretsmanager.secret", Decimal::ONE),
            "aws_s3_bucket" => {
                for id in [
                    "aws.s3.standard.storage",
                    "aws.s3.standard.put",
                    "aws.s3.standard.get",
                    "aws.data-transfer.out",
                ] {
                    e.usage.push(id.to_string());
                }
            }
            kind => assert!(
                FREE.contains(&kind),
                "{kind}.{}: a resource the test does not know; price it in the engine, then list it here",
                b.name
            ),
        }
    }
    if public_ips > 0 {
        e.add("aws.vpc.public-ipv4", hours(public_ips));
    }
    e
}

/// The same sums, from the tier's cost lines.
fn actual_from(lines: &[&Line]) -> Expected {
    let mut a = Expected::default();
    for l in lines {
        let id = l.price_id.as_str();
        let key = if id.starts_with("aws.rds.gp3.") {
            "aws.rds.gp3"
        } else if id.starts_with("aws.rds.postgres.") {
            "aws.rds.postgres"
        } else if id.starts_with("aws.elasticache.") {
            "aws.elasticache"
        } else if id.starts_with("aws.fargate.") {
            // One service is priced as two lines, vCPU and memory.
            if id == "aws.fargate.vcpu" {
                a.add("aws.fargate", Decimal::ONE);
            }
            continue;
        } else {
            id
        };
        match (key, l.basis) {
            ("aws.elb.alb.lcu", _) => a.usage.push(key.to_string()),
            ("aws.cloudwatch.logs.ingest", _) => a.log_groups_of.push(l.component.clone()),
            ("aws.cloudwatch.logs.storage" | "aws.secretsmanager.api", _) => {}
            (_, Basis::Usage | Basis::Given) => a.usage.push(key.to_string()),
            (_, Basis::Fixed) => a.add(key, l.quantity),
        }
    }
    a
}

fn check_tier(ws: &Workspace, profile: &str, users: u64) {
    let doc = ws.profile(profile).unwrap();
    let module = terraform::render(
        ws,
        &Request {
            profile: doc,
            users,
            region: None,
        },
    )
    .unwrap();
    let zones = module.context.network.min_zones as u32;
    let blocks: Vec<Block> = module
        .files
        .iter()
        .filter(|f| f.path.ends_with(".tf"))
        .flat_map(|f| resources(&f.contents))
        .collect();
    assert!(blocks.len() > 10, "{profile} {users}: resources were read");
    let expected = expected_from(&blocks, zones);

    let report = engine::cost(ws, doc, users).unwrap();
    let rendered: Vec<&str> = module
        .context
        .cost
        .lines
        .iter()
        .map(|l| l.component.as_str())
        .collect();
    let lines: Vec<&Line> = report
        .lines
        .iter()
        .filter(|l| l.vendor == "aws" && rendered.contains(&l.component.as_str()))
        .collect();
    let mut actual = actual_from(&lines);

    let label = format!("{profile} at {users} users");
    assert_eq!(
        expected.fixed, actual.fixed,
        "{label}: fixed quantities of the module's resources (left) and of the tier's cost lines (right)"
    );
    let mut usage = expected.usage.clone();
    usage.sort();
    usage.dedup();
    actual.usage.sort();
    actual.usage.dedup();
    assert_eq!(usage, actual.usage, "{label}: usage-priced resources");
    // Each component whose logs the module keeps pays for them: the database
    // (its log groups) and each Fargate service (its own log group).
    let mut owners: Vec<String> = module
        .context
        .services
        .iter()
        .map(|s| s.component.clone())
        .collect();
    if expected.log_groups_of.iter().any(|n| n == "database") {
        owners.push(module.context.database.as_ref().unwrap().component.clone());
    }
    assert_eq!(
        expected.log_groups_of.len(),
        module.context.services.len() + usize::from(module.context.database.is_some()),
        "{label}: a log group per service and one for the database's exports"
    );
    owners.sort();
    actual.log_groups_of.sort();
    assert_eq!(owners, actual.log_groups_of, "{label}: log lines");
}

#[test]
fn every_tier_prices_what_its_module_creates() {
    let ws = shipped();
    let mut checked = 0;
    for profile in ["current", "all-aws"] {
        let tiers: Vec<u64> = ws
            .profile(profile)
            .unwrap()
            .value
            .tiers
            .iter()
            .map(|t| t.users)
            .collect();
        for users in tiers {
            check_tier(&ws, profile, users);
            checked += 1;
        }
    }
    assert_eq!(checked, 8);
}

#[test]
fn a_resource_without_a_price_is_caught() {
    // A NAT gateway's address that the cost lines would not hold.
    let hcl = "resource \"aws_eip\" \"extra\" {\n  domain = \"vpc\"\n}\n\nresource \"aws_kinesis_stream\" \"x\" {\n  name = \"x\"\n}\n";
    let blocks = resources(hcl);
    assert_eq!(blocks.len(), 2);
    let unknown = std::panic::catch_unwind(|| expected_from(&blocks, 2));
    assert!(unknown.is_err(), "an unknown billable type fails the check");
    let e = expected_from(&blocks[..1], 2);
    assert_eq!(e.fixed.get("aws.vpc.public-ipv4"), Some(&hours(1)));
}
