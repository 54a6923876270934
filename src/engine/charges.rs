//! How each kind of component turns into billable charges: which catalog price,
//! how much of it, and whether it is fixed or driven by usage.

use super::monitoring;
use super::quantities::Usage;
use crate::model::profile::{Component, Kind};
use crate::money::HOURS_PER_MONTH;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Paid whatever the traffic: instance-hours, plans, seats.
    Fixed,
    /// Grows with users: tokens, GB stored and served, requests.
    Usage,
}

/// Which catalog entry a charge uses, and which component field chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceRef {
    pub id: String,
    /// The component field the id was built from (for errors), or `kind`.
    pub field: &'static str,
    /// `(prefix, suffix)` such that `prefix + value + suffix` is an id: lists
    /// the valid values when the chosen one is unknown.
    pub family: Option<(String, String)>,
    /// The user's value that was not found, in their words.
    pub value: Option<String>,
}

impl PriceRef {
    fn fixed(id: &str) -> Self {
        PriceRef {
            id: id.to_string(),
            field: "kind",
            family: None,
            value: None,
        }
    }

    fn sized(field: &'static str, prefix: &str, value: &str, suffix: &str) -> Self {
        PriceRef {
            id: format!("{prefix}{value}{suffix}"),
            field,
            family: Some((prefix.to_string(), suffix.to_string())),
            value: Some(value.to_string()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Charge {
    pub item: String,
    pub price: PriceRef,
    /// In the price unit's base quantity (hours, GB, tokens, requests…).
    pub quantity: Decimal,
    pub basis: Basis,
}

/// A size field a kind needs is missing: validation reports it before pricing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing(pub &'static str);

fn need<T: Clone>(v: &Option<T>, field: &'static str) -> Result<T, Missing> {
    v.clone().ok_or(Missing(field))
}

fn charge(item: impl Into<String>, price: PriceRef, quantity: Decimal, basis: Basis) -> Charge {
    Charge {
        item: item.into(),
        price,
        quantity,
        basis,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The CloudWatch alarms of a component (standard resolution, per alarm-month).
fn alarm_charge(alarms: u32) -> Charge {
    charge(
        format!("CloudWatch alarm ×{alarms}"),
        PriceRef::fixed("aws.cloudwatch.alarm"),
        Decimal::from(alarms),
        Basis::Fixed,
    )
}

/// Ingestion and storage of the log groups the module creates for a
/// component, at an assumed monthly volume (see `monitoring`).
fn log_charges(what: &str, monthly_gb: Decimal) -> [Charge; 2] {
    [
        charge(
            format!("CloudWatch Logs ingestion, {what} ({monthly_gb} GB assumed)"),
            PriceRef::fixed("aws.cloudwatch.logs.ingest"),
            monthly_gb,
            Basis::Fixed,
        ),
        charge(
            format!(
                "CloudWatch Logs storage, {what} (kept {} days)",
                monitoring::LOG_RETENTION_DAYS
            ),
            PriceRef::fixed("aws.cloudwatch.logs.storage"),
            monitoring::stored_log_gb(monthly_gb),
            Basis::Fixed,
        ),
    ]
}

fn hours(count: impl Into<Decimal>) -> Decimal {
    HOURS_PER_MONTH * count.into()
}

/// The charges of one component for one month of usage. The list depends only
/// on the component, never on the usage, so scenarios line up item by item.
pub fn charges(c: &Component, u: &Usage) -> Result<Vec<Charge>, Missing> {
    use Basis::{Fixed, Usage as Use};
    let out = match c.kind {
        Kind::RdsPostgres => {
            let class = need(&c.instance_class, "instance_class")?;
            let storage = Decimal::from(need(&c.storage_gb, "storage_gb")?);
            let multi_az = c.multi_az.unwrap_or(false);
            let (dep, dep_name) = if multi_az {
                (".multi-az", "Multi-AZ")
            } else {
                (".single-az", "Single-AZ")
            };
            let mut v = vec![
                charge(
                    format!("{class} {dep_name} instance"),
                    PriceRef::sized("instance_class", "aws.rds.postgres.", &class, dep),
                    hours(1),
                    Fixed,
                ),
                charge(
                    format!("gp3 storage, {dep_name}"),
                    PriceRef::fixed(&format!("aws.rds.gp3{dep}")),
                    storage,
                    Fixed,
                ),
            ];
            let replicas = c.read_replicas.unwrap_or(0);
            if replicas > 0 {
                v.push(charge(
                    format!("{class} read replica ×{replicas}"),
                    PriceRef::sized("instance_class", "aws.rds.postgres.", &class, ".single-az"),
                    hours(replicas),
                    Fixed,
                ));
                v.push(charge(
                    format!("gp3 storage, read replica ×{replicas}"),
                    PriceRef::fixed("aws.rds.gp3.single-az"),
                    storage * Decimal::from(replicas),
                    Fixed,
                ));
            }
            if c.publicly_accessible.unwrap_or(false) {
                // Each publicly accessible instance (the primary and every
                // replica) holds a public IPv4 address, billed hourly since
                // February 2024.
                let addresses = 1 + replicas;
                v.push(charge(
                    if replicas > 0 {
                        format!("public IPv4 address ×{addresses} (primary and replicas)")
                    } else {
                        "public IPv4 address of the endpoint".to_string()
                    },
                    PriceRef::fixed("aws.vpc.public-ipv4"),
                    hours(addresses),
                    Fixed,
                ));
            }
            let alarms = monitoring::database_alarm_count(&class, replicas);
            v.push(alarm_charge(alarms));
            let log_groups = (1 + replicas) * monitoring::DATABASE_LOG_EXPORTS.len() as u32;
            v.extend(log_charges(
                &format!("{log_groups} database log groups"),
                monitoring::database_log_gb_per_instance() * Decimal::from(1 + replicas),
            ));
            v
        }
        Kind::ElasticacheRedis => {
            let node = need(&c.node_type, "node_type")?;
            let nodes = c.nodes.unwrap_or(1);
            vec![
                charge(
                    format!("{node} node ×{nodes}"),
                    PriceRef::sized("node_type", "aws.elasticache.", &node, ""),
                    hours(nodes),
                    Fixed,
                ),
                alarm_charge(monitoring::cache_alarm_count(&node, nodes)),
            ]
        }
        Kind::S3 => vec![
            charge(
                "Standard storage (compressed videos)",
                PriceRef::fixed("aws.s3.standard.storage"),
                u.video_storage_gb,
                Use,
            ),
            charge(
                "PUT requests (uploads)",
                PriceRef::fixed("aws.s3.standard.put"),
                u.s3_puts,
                Use,
            ),
            charge(
                "GET requests (views)",
                PriceRef::fixed("aws.s3.standard.get"),
                u.s3_gets,
                Use,
            ),
            charge(
                "data transfer out to the internet",
                PriceRef::fixed("aws.data-transfer.out"),
                u.video_egress_gb,
                Use,
            ),
        ],
        Kind::SecretsManager => {
            let secrets = need(&c.secrets, "secrets")?;
            vec![
                charge(
                    format!("{secrets} secret{}", if secrets == 1 { "" } else { "s" }),
                    PriceRef::fixed("aws.secretsmanager.secret"),
                    Decimal::from(secrets),
                    Fixed,
                ),
                charge(
                    "API calls",
                    PriceRef::fixed("aws.secretsmanager.api"),
                    u.secrets_api_calls,
                    Use,
                ),
            ]
        }
        Kind::NatGateway => {
            let count = c.count.unwrap_or(1);
            vec![
                charge(
                    format!("NAT gateway ×{count}"),
                    PriceRef::fixed("aws.vpc.nat-gateway.hour"),
                    hours(count),
                    Fixed,
                ),
                charge(
                    "NAT data processed",
                    PriceRef::fixed("aws.vpc.nat-gateway.data"),
                    u.nat_processed_gb,
                    Use,
                ),
                // Each NAT gateway holds an Elastic IP, billed as a public IPv4 address.
                charge(
                    format!("public IPv4 address ×{count} (NAT gateways)"),
                    PriceRef::fixed("aws.vpc.public-ipv4"),
                    hours(count),
                    Fixed,
                ),
            ]
        }
        Kind::LoadBalancer => {
            let count = c.count.unwrap_or(1);
            let lcu = c.lcu.unwrap_or(Decimal::ONE);
            vec![
                charge(
                    format!("Application Load Balancer ×{count}"),
                    PriceRef::fixed("aws.elb.alb.hour"),
                    hours(count),
                    Fixed,
                ),
                charge(
                    format!("{lcu} LCU average"),
                    PriceRef::fixed("aws.elb.alb.lcu"),
                    hours(count) * lcu,
                    Fixed,
                ),
                // An internet-facing ALB holds a public IPv4 address in each
                // of its Availability Zones: two, the fewest it accepts.
                charge(
                    format!("public IPv4 address ×{} (load balancer nodes)", 2 * count),
                    PriceRef::fixed("aws.vpc.public-ipv4"),
                    hours(2 * count),
                    Fixed,
                ),
            ]
        }
        Kind::PublicIpv4 => {
            let count = need(&c.count, "count")?;
            vec![charge(
                format!("public IPv4 address ×{count}"),
                PriceRef::fixed("aws.vpc.public-ipv4"),
                hours(count),
                Fixed,
            )]
        }
        Kind::Fargate => {
            let tasks = Decimal::from(need(&c.tasks, "tasks")?);
            let vcpu = need(&c.vcpu, "vcpu")?;
            let memory = need(&c.memory_gb, "memory_gb")?;
            let mut v = vec![
                charge(
                    format!("{tasks} tasks × {vcpu} vCPU"),
                    PriceRef::fixed("aws.fargate.vcpu"),
                    hours(tasks * vcpu),
                    Fixed,
                ),
                charge(
                    format!("{tasks} tasks × {memory} GB"),
                    PriceRef::fixed("aws.fargate.memory"),
                    hours(tasks * memory),
                    Fixed,
                ),
            ];
            v.extend(log_charges(
                "task log group",
                monitoring::task_log_gb_per_task() * tasks,
            ));
            v
        }
        Kind::Amplify => vec![
            charge(
                "build minutes",
                PriceRef::fixed("aws.amplify.build"),
                Decimal::from(c.build_minutes.unwrap_or(0)),
                Fixed,
            ),
            charge(
                "hosted artefacts",
                PriceRef::fixed("aws.amplify.storage"),
                Decimal::from(c.storage_gb.unwrap_or(0)),
                Fixed,
            ),
            charge(
                "data served",
                PriceRef::fixed("aws.amplify.served"),
                u.web_bandwidth_gb,
                Use,
            ),
            charge(
                "SSR requests",
                PriceRef::fixed("aws.amplify.ssr-requests"),
                u.ssr_requests,
                Use,
            ),
        ],
        Kind::Vercel => {
            let plan = need(&c.plan, "plan")?;
            let seats = Decimal::from(c.seats.unwrap_or(1));
            let (plan_price, bandwidth) = match plan.as_str() {
                "hobby" => (
                    charge(
                        "Hobby plan",
                        PriceRef::sized("plan", "vercel.", "hobby", ".plan"),
                        Decimal::ONE,
                        Fixed,
                    ),
                    "vercel.hobby.bandwidth",
                ),
                other => (
                    charge(
                        format!(
                            "{} plan, {seats} seat{}",
                            capitalise(other),
                            if seats == Decimal::ONE { "" } else { "s" }
                        ),
                        PriceRef::sized("plan", "vercel.", other, ".seat"),
                        seats,
                        Fixed,
                    ),
                    "vercel.pro.bandwidth",
                ),
            };
            vec![
                plan_price,
                charge(
                    "bandwidth (Fast Data Transfer)",
                    PriceRef::fixed(bandwidth),
                    u.web_bandwidth_gb,
                    Use,
                ),
            ]
        }
        Kind::Qstash => vec![charge(
            "messages (video jobs, retries)",
            PriceRef::fixed("upstash.qstash.messages"),
            u.qstash_messages,
            Use,
        )],
        Kind::UpstashRedis => vec![charge(
            "commands",
            PriceRef::fixed("upstash.redis.commands"),
            u.cache_commands,
            Use,
        )],
        Kind::Supabase => {
            let plan = need(&c.plan, "plan")?;
            let mut v = vec![charge(
                format!("{} plan", capitalise(&plan)),
                PriceRef::sized("plan", "supabase.", &plan, ".plan"),
                Decimal::ONE,
                Fixed,
            )];
            if let Some(compute) = &c.compute {
                v.push(charge(
                    format!("{} compute add-on", capitalise(compute)),
                    PriceRef::sized("compute", "supabase.compute.", compute, ""),
                    Decimal::ONE,
                    Fixed,
                ));
                // The plan's compute credit pays part of the add-on.
                v.push(charge(
                    "compute credit included in the plan",
                    PriceRef::fixed(&format!("supabase.{plan}.compute-credit")),
                    Decimal::NEGATIVE_ONE,
                    Fixed,
                ));
            }
            v.push(charge(
                "database disk",
                PriceRef::fixed("supabase.disk"),
                Decimal::from(c.storage_gb.unwrap_or(0)) + u.message_storage_gb,
                Use,
            ));
            v.push(charge(
                "file storage (videos)",
                PriceRef::fixed("supabase.storage"),
                u.video_storage_gb,
                Use,
            ));
            v.push(charge(
                "egress",
                PriceRef::fixed("supabase.egress"),
                u.video_egress_gb,
                Use,
            ));
            v
        }
        Kind::HetznerServer => {
            let server = need(&c.server, "server")?;
            let count = c.count.unwrap_or(1);
            let family = if server.starts_with('c') {
                "hetzner.cloud."
            } else {
                "hetzner.dedicated."
            };
            vec![charge(
                format!("{server} server ×{count}"),
                PriceRef::sized("server", family, &server, ""),
                Decimal::from(count),
                Fixed,
            )]
        }
        Kind::HetznerStorageBox => {
            let server = need(&c.server, "server")?;
            let count = c.count.unwrap_or(1);
            vec![charge(
                format!("Storage Box {server} ×{count}"),
                PriceRef::sized("server", "hetzner.storage-box.", &server, ""),
                Decimal::from(count),
                Fixed,
            )]
        }
        Kind::Llm => llm_charges(c, u)?,
    };
    Ok(out)
}

fn llm_charges(c: &Component, u: &Usage) -> Result<Vec<Charge>, Missing> {
    let provider = need(&c.provider, "provider")?;
    let model = need(&c.model, "model")?;
    let prefix = match provider.as_str() {
        "azure" => "azure.openai.",
        "openai" => "openai.",
        "bedrock" => "aws.bedrock.",
        // Self-hosted models have no per-token price: the server they run on is
        // a component of its own.
        _ => return Ok(Vec::new()),
    };
    let mut v = vec![
        charge(
            format!("{model} input tokens"),
            PriceRef::sized("model", prefix, &model, ".input"),
            u.input_tokens,
            Basis::Usage,
        ),
        charge(
            format!("{model} output tokens"),
            PriceRef::sized("model", prefix, &model, ".output"),
            u.output_tokens,
            Basis::Usage,
        ),
    ];
    let transcription = c.transcription.as_deref().unwrap_or("none");
    let id = match (provider.as_str(), transcription) {
        (_, "none") => None,
        ("azure", t) => Some(format!("azure.openai.{t}")),
        ("openai", t) => Some(format!("openai.{t}")),
        (_, "transcribe") => Some("aws.transcribe.standard".to_string()),
        (_, t) => Some(format!("aws.{t}")),
    };
    if let Some(id) = id {
        let label = match transcription {
            "whisper" => "Whisper",
            "transcribe" => "Amazon Transcribe",
            other => other,
        };
        v.push(charge(
            format!("{label} speech-to-text of videos"),
            PriceRef {
                id,
                field: "transcription",
                family: None,
                value: Some(transcription.to_string()),
            },
            u.video_minutes,
            Basis::Usage,
        ));
    }
    Ok(v)
}
