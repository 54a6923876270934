//! Pricing Terraform: each resource becomes a component of the kind it
//! implements (or a line of a component the rendered module tagged), the
//! components form a one-tier profile, and the cost engine prices it as it
//! prices any profile: ranges, pools and the budget verdict included.
//! What is free, what archplan cannot price yet and why, and every value
//! assumed are kept beside the report: a total that leaves something out
//! says so.

use super::group::{component_tag, module_of, Group};
use super::links::Links;
use super::usage::UsageFile;
use super::{Read, TfInput, TfResource};
use crate::engine::charges::GivenUsage;
use crate::engine::quantities::Usage;
use crate::engine::{self, CostReport};
use crate::error::{Error, Location, Result};
use crate::kinds::fixed::Fixed;
use crate::kinds::{
    cloudfront, cloudwatch_logs, elasticache_redis, fargate, lambda, load_balancer, nat_gateway,
    public_ipv4, rds_postgres, s3, secrets_manager, Spec,
};
use crate::model::locate::YamlPath;
use crate::model::profile::{Component, Profile, Qualities, Tier};
use crate::model::workload::Scenario;
use crate::model::Document;
use crate::workspace::Workspace;
use serde::Serialize;
use std::collections::HashMap;

/// Version of the JSON form; bumped on any incompatible change.
pub const SCHEMA: &str = "archplan.terraform-cost/v1";

/// `archplan cost --terraform`: the report, and what it covers.
#[derive(Debug, Clone, Serialize)]
pub struct TerraformCost {
    pub schema: &'static str,
    /// The plan, state or folder read.
    pub source: String,
    pub region: String,
    pub report: CostReport,
    /// Every resource read, and what became of it.
    pub resources: Vec<ResourceRow>,
    /// Resources the total leaves out, by type, with why.
    pub not_priced: Vec<NotPriced>,
    /// Values that were not known and what was used instead.
    pub assumptions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceRow {
    pub address: String,
    #[serde(rename = "type")]
    pub rtype: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub status: Status,
    /// The component whose lines bill it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Why it is free or not priced.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Billed by the lines of `component`.
    Priced,
    /// AWS does not bill it.
    Free,
    /// Billed by AWS, but not in the total.
    NotPriced,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotPriced {
    #[serde(rename = "type")]
    pub rtype: String,
    pub count: usize,
    pub why: String,
}

/// Resource types AWS does not bill (networking plumbing, IAM, configuration
/// of a billed resource). A type not listed here nor priced is "not priced".
const FREE: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_internet_gateway",
    "aws_egress_only_internet_gateway",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_default_security_group",
    "aws_default_route_table",
    "aws_default_network_acl",
    "aws_network_acl",
    "aws_iam_role",
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_instance_profile",
    "aws_iam_user",
    "aws_iam_group",
    "aws_iam_policy_attachment",
    "aws_db_subnet_group",
    "aws_db_parameter_group",
    "aws_db_option_group",
    "aws_db_event_subscription",
    "aws_elasticache_subnet_group",
    "aws_elasticache_parameter_group",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_intelligent_tiering_configuration",
    "aws_s3_bucket_cors_configuration",
    "aws_s3_bucket_acl",
    "aws_secretsmanager_secret_version",
    "aws_secretsmanager_secret_policy",
    "aws_sns_topic_policy",
    "aws_sns_topic_subscription",
    "aws_lb_listener",
    "aws_lb_listener_rule",
    "aws_lb_target_group",
    "aws_lb_target_group_attachment",
    "aws_alb_listener",
    "aws_alb_target_group",
    "aws_ecs_cluster",
    "aws_ecs_cluster_capacity_providers",
    "aws_budgets_budget",
    "aws_key_pair",
    "terraform_data",
    "null_resource",
    "random_password",
    "random_id",
    "random_string",
    "time_sleep",
];

/// Types whose cost is in another resource's line: a task definition sizes
/// its service; an SNS topic of a few alarm e-mails stays in the free tier.
const PART_OF_ANOTHER: &[(&str, &str)] = &[
    (
        "aws_ecs_task_definition",
        "sizes the aws_ecs_service that runs it",
    ),
    (
        "aws_sns_topic",
        "a topic that carries alarm e-mails stays within SNS's free tier",
    ),
];

/// The component of a kind that a group of resources is.
enum Built {
    Component(Spec, Vec<String>),
    /// Not priced, and why.
    No(String),
}

/// Terraform read back as components of archplan's kinds, before pricing:
/// what `cost`, `check` and `drift` share.
#[derive(Debug, Clone)]
pub struct ReadBack {
    pub source: String,
    pub region: String,
    pub components: Vec<Component>,
    /// The addresses of each component's resources.
    pub addresses: Vec<Vec<String>>,
    /// Where each component's first resource is declared (`main.tf:12`),
    /// when read from HCL.
    pub declared: Vec<Option<String>>,
    pub rows: Vec<ResourceRow>,
    pub assumptions: Vec<String>,
}

pub fn read_back(
    ws: &Workspace,
    input: &TfInput,
    region: Option<&str>,
    usage: Option<&UsageFile>,
) -> Result<ReadBack> {
    let region = region
        .map(str::to_string)
        .or_else(|| input.region.clone())
        .unwrap_or_else(crate::model::profile::default_region);
    if !ws
        .catalog
        .entries
        .iter()
        .any(|e| e.vendor == "aws" && e.region == region)
    {
        let mut regions: Vec<&str> = ws
            .catalog
            .entries
            .iter()
            .filter(|e| e.vendor == "aws")
            .map(|e| e.region.as_str())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        return Err(Error::input(format!(
            "the price catalog has no AWS prices for {region}; it has {}",
            regions.join(", ")
        ))
        .suggest(regions.first().map(|r| r.to_string())));
    }

    let mut rows: Vec<ResourceRow> = input.resources.iter().map(row).collect();
    let mut assumptions = input.assumptions.clone();
    let links = Links::new(&input.resources);
    let groups = group(&input.resources, &links, &mut rows);
    // Indexes, so that a plan of many thousand resources is read in one pass.
    let row_of: HashMap<&str, usize> = input
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| (r.address.as_str(), i))
        .collect();
    let mut tasks_of: HashMap<String, Vec<&TfResource>> = HashMap::new();
    for r in input
        .resources
        .iter()
        .filter(|r| r.rtype == "aws_ecs_task_definition")
    {
        tasks_of.entry(module_of(&r.address)).or_default().push(r);
    }
    let mark = |rows: &mut [ResourceRow],
                addresses: &[&str],
                status: Status,
                component: Option<&str>,
                why: &str| {
        for a in addresses {
            if let Some(row) = row_of.get(a).map(|&i| &mut rows[i]) {
                row.status = status;
                row.component = component.map(str::to_string);
                row.why = why.to_string();
            }
        }
    };

    let probe = Usage::at(&ws.workload.value, 1, Scenario::Expected);
    let mut out = ReadBack {
        source: input.source.clone(),
        region: region.clone(),
        components: Vec::new(),
        addresses: Vec::new(),
        declared: Vec::new(),
        rows: Vec::new(),
        assumptions: Vec::new(),
    };
    for g in &groups {
        let addresses: Vec<&str> = g.resources.iter().map(|r| r.address.as_str()).collect();
        let module_tasks = tasks_of.get(&g.module).map_or(&[][..], Vec::as_slice);
        let (spec, said) = match build(g, module_tasks, &links) {
            Built::Component(spec, said) => (spec, said),
            Built::No(why) => {
                mark(&mut rows, &addresses, Status::NotPriced, None, &why);
                continue;
            }
        };
        let mut component = Component {
            name: g.name.clone(),
            pool: None,
            note: String::new(),
            trade_offs: Vec::new(),
            reaches: Vec::new(),
            spec,
            given: None,
        };
        // A price the catalog lacks leaves the resource out, with the id.
        let missing = crate::engine::charges::charges(&component, &probe)
            .into_iter()
            .find(|c| c.price.inline.is_none() && ws.catalog.get(&c.price.id, &region).is_none());
        if let Some(c) = missing {
            let why = format!(
                "no price {} for {region} in the catalog: `archplan pricing import --offer-file FILE --region {region} --add` adds it from the service's AWS offer file",
                c.price.id
            );
            mark(&mut rows, &addresses, Status::NotPriced, None, &why);
            continue;
        }
        let given = given_usage(g, &mut component.spec, usage, &mut assumptions);
        component.given = Some(given);
        assumptions.extend(said);
        mark(&mut rows, &addresses, Status::Priced, Some(&g.name), "");
        out.components.push(component);
        // The main resource first: where a reader looks for the component.
        let mut resources = g.resources.clone();
        resources.sort_by_key(|r| {
            MAIN_TYPES
                .iter()
                .position(|t| *t == r.rtype)
                .unwrap_or(MAIN_TYPES.len())
        });
        out.addresses
            .push(resources.iter().map(|r| r.address.clone()).collect());
        out.declared
            .push(resources.iter().find_map(|r| r.location.clone()));
    }
    if let Some(usage) = usage {
        assumptions.extend(usage.unmatched(&input.resources));
        assumptions.extend(usage.unread(&input.resources));
    }
    out.rows = rows;
    out.assumptions = assumptions;
    Ok(out)
}

impl ReadBack {
    /// The components as a profile of one tier at `users`, whose nodes
    /// point at the `.tf` lines they were read from.
    pub fn document(&self, users: u64) -> Document<Profile> {
        let profile = Profile {
            name: self.source.clone(),
            title: self.source.clone(),
            summary: String::new(),
            region: self.region.clone(),
            qualities: Qualities::default(),
            tiers: vec![Tier {
                users,
                note: String::new(),
                components: self.components.clone(),
            }],
        };
        let components = YamlPath::root().key("tiers").index(0).key("components");
        let places = self
            .declared
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((components.index(i), self.location(d.as_deref()?))))
            .collect();
        Document::built(profile, self.source.clone(), places)
    }

    /// `main.tf:12` as a location under the folder read.
    pub fn location(&self, declared: &str) -> Location {
        let (file, line) = declared.rsplit_once(':').unwrap_or((declared, "1"));
        Location {
            file: std::path::Path::new(&self.source)
                .join(file)
                .display()
                .to_string(),
            line: line.parse().unwrap_or(1),
            column: 1,
        }
    }
}

pub fn price(
    ws: &Workspace,
    input: &TfInput,
    users: u64,
    region: Option<&str>,
    usage: Option<&UsageFile>,
) -> Result<TerraformCost> {
    let back = read_back(ws, input, region, usage)?;
    let report = engine::cost(ws, &back.document(users), users)?;
    let not_priced = not_priced(&back.rows);
    Ok(TerraformCost {
        schema: SCHEMA,
        source: back.source,
        region: back.region,
        report,
        resources: back.rows,
        not_priced,
        assumptions: back.assumptions,
    })
}

/// A resource's row before grouping: free, part of another, or not priced
/// until a component claims it.
fn row(r: &TfResource) -> ResourceRow {
    let (status, why) = if FREE.contains(&r.rtype.as_str()) {
        (Status::Free, "AWS does not bill it".to_string())
    } else if let Some((_, why)) = PART_OF_ANOTHER.iter().find(|(t, _)| *t == r.rtype) {
        (Status::Free, why.to_string())
    } else {
        (
            Status::NotPriced,
            "archplan has no reader for this resource type yet".to_string(),
        )
    };
    ResourceRow {
        address: r.address.clone(),
        rtype: r.rtype.clone(),
        location: r.location.clone(),
        status,
        component: None,
        why,
    }
}

/// The resource types a component of each kind is read from, the main ones
/// first (the order in which a component's resources are listed).
const MAIN_TYPES: &[&str] = &[
    "aws_db_instance",
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
    "aws_s3_bucket",
    "aws_secretsmanager_secret",
    "aws_nat_gateway",
    "aws_lb",
    "aws_alb",
    "aws_ecs_service",
    "aws_lambda_function",
    "aws_cloudfront_distribution",
    "aws_eip",
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_log_group",
];

/// Tagged resources by component; other priced resources one by one, but
/// alarms together per module (their free tier is per account) and a NAT
/// gateway's Elastic IPs with it.
fn group<'a>(
    resources: &'a [TfResource],
    links: &Links<'_>,
    rows: &mut [ResourceRow],
) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    // Groups that gather several resources, by (tagged, name).
    let mut gathered: HashMap<(bool, String), usize> = HashMap::new();
    let mut join = |groups: &mut Vec<Group<'a>>, name: String, module, r, tagged| match gathered
        .get(&(tagged, name.clone()))
    {
        Some(&i) => groups[i].resources.push(r),
        None => {
            gathered.insert((tagged, name.clone()), groups.len());
            groups.push(Group {
                name,
                module,
                resources: vec![r],
                tagged,
            });
        }
    };
    for (i, r) in resources.iter().enumerate() {
        let module = module_of(&r.address);
        if let Some(tag) = component_tag(r) {
            join(&mut groups, format!("{module}{tag}"), module, r, true);
            continue;
        }
        if !MAIN_TYPES.contains(&r.rtype.as_str()) {
            continue;
        }
        if r.rtype == "aws_elasticache_cluster"
            && (r.values.contains_key("replication_group_id")
                || r.is_unknown("replication_group_id"))
        {
            rows[i].status = Status::Free;
            rows[i].why =
                "a member of a replication group, whose nodes the group's line bills".to_string();
            continue;
        }
        if r.rtype == "aws_eip" {
            // A NAT gateway's line bills one address per gateway.
            let why = match links.nat_address(r) {
                Some(true) => "a NAT gateway's address, billed with the gateway",
                Some(false) => "assumed to be a NAT gateway's address (which gateway holds which address is not in this input), billed with the gateway",
                None => "",
            };
            if !why.is_empty() {
                rows[i].status = Status::Priced;
                rows[i].why = why.to_string();
                continue;
            }
        }
        if r.rtype == "aws_cloudwatch_metric_alarm" {
            // Alarms together per module: their free tier is per account.
            join(
                &mut groups,
                format!("{module}cloudwatch alarms"),
                module,
                r,
                false,
            );
            continue;
        }
        groups.push(Group {
            name: r.address.clone(),
            module,
            resources: vec![r],
            tagged: false,
        });
    }
    groups
}

/// The kind a group is, read by that kind's module.
fn build(g: &Group<'_>, module_tasks: &[&TfResource], links: &Links<'_>) -> Built {
    let has = |t: &str| g.resources.iter().any(|r| r.rtype == t);
    let read = if has("aws_db_instance") {
        let source_engine = g
            .of_type("aws_db_instance")
            .find_map(|r| links.source_engine(r));
        rds_postgres::from_terraform(g, source_engine).map(|r| wrap(r, Spec::RdsPostgres))
    } else if has("aws_elasticache_replication_group") || has("aws_elasticache_cluster") {
        elasticache_redis::from_terraform(g).map(|r| wrap(r, Spec::ElasticacheRedis))
    } else if has("aws_s3_bucket") {
        s3::from_terraform(g).map(|r| wrap(r, Spec::S3))
    } else if has("aws_nat_gateway") {
        nat_gateway::from_terraform(g).map(|r| wrap(r, Spec::NatGateway))
    } else if has("aws_lb") || has("aws_alb") {
        load_balancer::from_terraform(g).map(|r| wrap(r, Spec::LoadBalancer))
    } else if has("aws_ecs_service") {
        fargate::from_terraform(
            g,
            module_tasks,
            g.of_type("aws_ecs_service")
                .next()
                .is_some_and(|s| links.fargate_by_default(s)),
        )
        .map(|r| wrap(r, Spec::Fargate))
    } else if has("aws_lambda_function") {
        lambda::from_terraform(g).map(|r| wrap(r, Spec::Lambda))
    } else if has("aws_cloudfront_distribution") {
        cloudfront::from_terraform(g).map(|r| wrap(r, Spec::Cloudfront))
    } else if has("aws_secretsmanager_secret") {
        secrets_manager::from_terraform(g).map(|r| wrap(r, Spec::SecretsManager))
    } else if has("aws_eip") && !g.tagged {
        public_ipv4::from_terraform(g).map(|r| wrap(r, Spec::PublicIpv4))
    } else if has("aws_cloudwatch_log_group") && !g.tagged {
        cloudwatch_logs::from_terraform(g).map(|r| wrap(r, Spec::CloudwatchLogs))
    } else if has("aws_cloudwatch_metric_alarm") && !g.tagged {
        Ok((
            Spec::Fixed(Fixed {
                vendor: "aws".to_string(),
                item: Some("CloudWatch alarms".to_string()),
                price: Some("aws.cloudwatch.alarm".to_string()),
                monthly: None,
                source: None,
                seen: None,
                count: Some(super::count(g.resources.len())),
            }),
            Vec::new(),
        ))
    } else {
        Err(
            "billed with its component, whose main resource is not in this configuration"
                .to_string(),
        )
    };
    match read {
        Ok((spec, said)) => Built::Component(spec, said),
        Err(why) => Built::No(why),
    }
}

fn wrap<T>(r: Read<T>, variant: fn(T) -> Spec) -> (Spec, Vec<String>) {
    (variant(r.spec), r.assumptions)
}

/// The usage-file keys of a kind.
fn usage_keys(spec: &Spec) -> &'static [(&'static str, &'static str)] {
    match spec {
        Spec::RdsPostgres(_) => rds_postgres::USAGE_KEYS,
        Spec::ElasticacheRedis(_) => elasticache_redis::USAGE_KEYS,
        Spec::S3(_) => s3::USAGE_KEYS,
        Spec::SecretsManager(_) => secrets_manager::USAGE_KEYS,
        Spec::NatGateway(_) => nat_gateway::USAGE_KEYS,
        Spec::LoadBalancer(_) => load_balancer::USAGE_KEYS,
        Spec::Lambda(_) => lambda::USAGE_KEYS,
        Spec::Cloudfront(_) => cloudfront::USAGE_KEYS,
        Spec::CloudwatchLogs(_) => cloudwatch_logs::USAGE_KEYS,
        Spec::Fargate(_)
        | Spec::PublicIpv4(_)
        | Spec::Amplify(_)
        | Spec::Vercel(_)
        | Spec::Qstash(_)
        | Spec::UpstashRedis(_)
        | Spec::Supabase(_)
        | Spec::HetznerServer(_)
        | Spec::HetznerStorageBox(_)
        | Spec::Llm(_)
        | Spec::Fixed(_)
        | Spec::Metered(_) => &[],
        #[cfg(test)]
        Spec::Probe(_) => &[],
    }
}

/// What replaces the workload for a group: the usage file's quantities; for
/// a resource that does not say which component it implements, nothing else
/// (usage not given is 0, and said), and its alarms and log groups are
/// resources of their own.
fn given_usage(
    g: &Group<'_>,
    spec: &mut Spec,
    usage: Option<&UsageFile>,
    assumptions: &mut Vec<String>,
) -> GivenUsage {
    let keys = usage_keys(spec);
    let mut quantities = Vec::new();
    if let Some(usage) = usage {
        for r in &g.resources {
            for (key, price_id) in keys {
                if let Some(q) = usage.get(&r.address, key) {
                    match quantities.iter_mut().find(|(id, _)| id == price_id) {
                        Some((_, sum)) => {
                            let sum: &mut [rust_decimal::Decimal; 3] = sum;
                            for (s, v) in sum.iter_mut().zip(q) {
                                *s += v;
                            }
                        }
                        None => quantities.push((price_id.to_string(), q)),
                    }
                }
            }
        }
    }
    if let Spec::LoadBalancer(lb) = spec {
        // One load balancer per group: the first that has traffic given.
        let given = usage.and_then(|usage| {
            g.resources
                .iter()
                .find_map(|r| load_balancer::lcu_hours(|key| usage.get(&r.address, key)))
        });
        match given {
            Some(q) => {
                // The line's label says the average the traffic comes to.
                lb.lcu = Some((q[1] / crate::money::HOURS_PER_MONTH).round_dp(4).normalize());
                quantities.push(("aws.elb.alb.lcu".to_string(), q));
            }
            None if lb.lcu.is_none() => assumptions.push(format!(
                "{}: 1 LCU average assumed (give new_connections, active_connections, processed_bytes_gb or rule_evaluations in --usage-file)",
                g.name
            )),
            None => {}
        }
    }
    if let Spec::Lambda(f) = spec {
        let given = usage.and_then(|usage| {
            g.resources
                .iter()
                .find_map(|r| lambda::gb_seconds_given(f, |key| usage.get(&r.address, key)))
        });
        if let Some((id, q)) = given {
            quantities.push((id.to_string(), q));
        } else if !g.tagged {
            assumptions.push(format!(
                "{}: no monthly_requests with request_duration_ms given; duration billed at 0 (give both in --usage-file)",
                g.name
            ));
        }
    }
    let absent: Vec<&str> = keys
        .iter()
        .filter(|(_, id)| !quantities.iter().any(|(q, _)| q == id))
        .map(|(k, _)| *k)
        .collect();
    if !g.tagged && !absent.is_empty() {
        assumptions.push(format!(
            "{}: no usage given for {}; billed at 0 (give them in --usage-file)",
            g.name,
            absent.join(", ")
        ));
    }
    GivenUsage {
        // An untagged resource's alarms and log groups are resources of
        // their own (the alarms' group is priced as one `fixed` line, a log
        // group as a `cloudwatch-logs` component).
        drop: if g.tagged || matches!(spec, Spec::Fixed(_) | Spec::CloudwatchLogs(_)) {
            Vec::new()
        } else {
            vec!["aws.cloudwatch.".to_string()]
        },
        quantities,
        workload: g.tagged,
    }
}

pub fn not_priced(rows: &[ResourceRow]) -> Vec<NotPriced> {
    let mut out: Vec<NotPriced> = Vec::new();
    for r in rows.iter().filter(|r| r.status == Status::NotPriced) {
        match out
            .iter_mut()
            .find(|n| n.rtype == r.rtype && n.why == r.why)
        {
            Some(n) => n.count += 1,
            None => out.push(NotPriced {
                rtype: r.rtype.clone(),
                count: 1,
                why: r.why.clone(),
            }),
        }
    }
    out
}
