//! The value the Terraform templates render: the AWS components of one tier,
//! sized, with their checkov skips, the secrets the architecture needs and
//! the cost of the tier. Built from the profile and the cost engine; nothing
//! here writes text.

use super::checks::{self, one_line, Gap, OpenGap, PlacedTradeOff, Placer, Skip};
use crate::engine::monitoring::{self, Alarm};
use crate::engine::{self, CostReport};
use crate::error::{Error, Result};
use crate::kinds::elasticache_redis::ElasticacheRedis;
use crate::kinds::fargate::Fargate;
use crate::kinds::llm::{Llm, Provider, Transcription};
use crate::kinds::load_balancer::LoadBalancer as LbSpec;
use crate::kinds::nat_gateway::NatGateway;
use crate::kinds::rds_postgres::RdsPostgres;
use crate::kinds::secrets_manager::SecretsManager;
use crate::kinds::{Estate, Pick, TerraformRole};
use crate::model::locate::YamlPath;
use crate::model::profile::{Component, Kind, Profile, Tier};
use crate::model::Document;
use crate::money::Money;
use crate::workspace::Workspace;
use serde::Serialize;

/// What `archplan render terraform` was asked for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub profile: &'a Document<Profile>,
    pub users: u64,
    /// Region to deploy to; the profile's region when absent.
    pub region: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleContext {
    /// "archplan 0.1.0".
    pub generator: String,
    pub profile: String,
    pub title: String,
    pub tier_users: u64,
    pub users: u64,
    pub tier_reason: String,
    pub tier_note: String,
    /// Region the module deploys to.
    pub region: String,
    /// Default of the `name` variable.
    pub name: String,
    pub network: Network,
    pub database: Option<Database>,
    pub cache: Option<Cache>,
    pub bucket: Option<Bucket>,
    /// Secrets Manager secrets the module creates.
    pub secrets: Vec<Secret>,
    pub secrets_component: Option<String>,
    pub secrets_note: String,
    pub load_balancer: Option<LoadBalancer>,
    pub services: Vec<Service>,
    /// Whether the tasks call Amazon Bedrock (their role may invoke models).
    pub bedrock: bool,
    /// Whether the tasks call Amazon Transcribe.
    pub transcribe: bool,
    pub not_rendered: Vec<NotRendered>,
    pub monitoring: Monitoring,
    /// What moving from the next smaller tier changes, and the steps AWS
    /// requires where a change is not a plain apply.
    pub upgrade: Option<Upgrade>,
    pub cost: CostSection,
    pub trade_offs: Vec<PlacedTradeOff>,
    pub open_gaps: Vec<OpenGap>,
    pub design_notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Network {
    /// The module creates a VPC with private subnets behind NAT (the tier has a
    /// nat-gateway component); otherwise it deploys into the user's VPC.
    pub private: bool,
    pub component: Option<String>,
    pub nat_gateways: u32,
    /// Fewest Availability Zones the module accepts.
    pub min_zones: usize,
    pub vpc_skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Database {
    pub component: String,
    pub instance_class: String,
    pub storage_gb: u64,
    pub max_storage_gb: Option<u64>,
    pub multi_az: bool,
    pub read_replicas: u32,
    pub backup_retention_days: u32,
    pub publicly_accessible: bool,
    pub skips: Vec<Skip>,
    pub replica_skips: Vec<Skip>,
    pub master_secret_skips: Vec<Skip>,
    pub app_secret_skips: Vec<Skip>,
    pub log_skips: Vec<Skip>,
}

/// Alarms, their SNS topic and the AWS budget.
#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    pub alarms: Vec<AlarmBlock>,
    pub topic_skips: Vec<Skip>,
    /// The budget pool the tier's AWS components draw on, and the monthly
    /// limit of the AWS budget: the pool's monthly amount, or for a one-off
    /// balance the monthly draw the plan expects from it.
    pub budget_pool: String,
    pub budget_amount: String,
    /// When the pool is a one-off balance: what it is and how long it lasts.
    pub budget_balance: Option<BalanceBudget>,
    /// Share of the budget at which the first notification goes out: the
    /// warning threshold of `archplan check`.
    pub warn_percent: u32,
}

/// A one-off balance watched by a monthly AWS budget. AWS Budgets resets
/// its spend every month, quarter or year, so no budget holds a balance
/// that lasts longer than a year; the monthly draw the plan expects at the
/// tier's users does: a month that draws more ends the balance sooner than
/// `lasts` says.
#[derive(Debug, Clone, Serialize)]
pub struct BalanceBudget {
    /// "$1,000.00".
    pub balance: String,
    /// The expiry day, when the budget gives one.
    pub expires: Option<String>,
    /// The expected monthly draw, "$242.91".
    pub monthly: String,
    pub users: u64,
    /// How long it lasts at those users, as `archplan cost` says it:
    /// "lasts until 2027-04 at 200 users ($242.91 a month); then …".
    pub lasts: String,
}

/// One `aws_cloudwatch_metric_alarm`.
#[derive(Debug, Clone, Serialize)]
pub struct AlarmBlock {
    /// Terraform resource name.
    pub resource: String,
    /// Suffix of the alarm name, after `<name>-`.
    pub name: String,
    pub description: String,
    pub namespace: String,
    pub metric: String,
    pub statistic: String,
    pub comparison: String,
    pub threshold: String,
    pub period: u32,
    pub evaluation_periods: u32,
    pub dimension: String,
    /// HCL expression of the dimension's value.
    pub dimension_value: String,
    /// HCL expression of the alarm's `count`, when it exists only in some
    /// configurations of the tier (a cache node of the second shard).
    pub count: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Upgrade {
    pub from_users: u64,
    /// Changes a plain `terraform apply` makes in place.
    pub in_place: Vec<String>,
    /// Steps AWS requires before the plain apply.
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cache {
    pub component: String,
    pub node_type: String,
    pub nodes: u32,
    pub shards: u32,
    pub cluster_mode: bool,
    pub replicas_per_shard: u32,
    pub automatic_failover: bool,
    pub multi_az: bool,
    /// The node type earns CPU credits (a `t` family).
    pub burstable: bool,
    pub skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    pub component: String,
    pub skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    /// Terraform resource name.
    pub resource: String,
    /// Middle of the secret's name: `<name>/<this>-<suffix>`.
    pub name: String,
    pub description: String,
    /// Environment variable the tasks receive it as.
    pub env: String,
    /// Whether Terraform generates the value (else it is set by hand).
    pub generated: bool,
    /// HCL expression of a generated value.
    pub value: String,
    pub skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoadBalancer {
    pub component: String,
    pub count: u32,
    /// The Fargate service behind it, if the tier has one.
    pub service: Option<String>,
    pub skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub component: String,
    /// Terraform resource name (and `<resource>_image` variable).
    pub resource: String,
    /// ECS name: the component name.
    pub name: String,
    pub tasks: u32,
    pub vcpu: String,
    pub memory_gb: String,
    /// CPU units (1 vCPU = 1024) and memory in MiB, as ECS wants them.
    pub cpu: u32,
    pub memory: u32,
    pub load_balanced: bool,
    pub log_skips: Vec<Skip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotRendered {
    pub component: String,
    pub what: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostSection {
    pub users: u64,
    pub price_region: String,
    pub lines: Vec<CostLine>,
    pub module_total: String,
    pub module_range: String,
    pub architecture_total: String,
    pub per_user: String,
    pub outside: String,
    pub pools: Vec<PoolRow>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostLine {
    pub component: String,
    pub item: String,
    pub pool: String,
    pub expected: String,
    pub range: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PoolRow {
    pub name: String,
    pub amount: String,
    pub used: String,
    pub percent: String,
    pub fits: String,
}

/// The context of the module, and warnings for the user (gaps checkov will
/// report, trade-offs that match nothing).
pub fn build(ws: &Workspace, req: &Request) -> Result<(ModuleContext, Vec<String>)> {
    let doc = req.profile;
    let profile = &doc.value;
    // The tier `archplan cost` prices for these users (capacity included), so
    // the module and its cost section describe the same tier.
    let report = engine::cost(ws, doc, req.users)?;
    let choice = report.tier.clone();
    let tier = profile
        .tiers
        .get(choice.index)
        .ok_or_else(|| Error::input(format!("profile \"{}\" has no tiers", profile.name)))?;
    let tier_path = YamlPath::root().key("tiers").index(choice.index);
    let at = |ci: usize| tier_path.key("components").index(ci);

    let aws: Vec<(usize, &Component)> = tier
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_aws())
        .collect();
    if aws.is_empty() {
        let kinds: Vec<&str> = tier.components.iter().map(|c| c.kind().as_str()).collect();
        return Err(doc.error_at(
            &tier_path.key("components"),
            format!(
                "the {}-user tier of profile \"{}\" has no AWS components ({}): there is no Terraform to render; profiles with AWS components: {}",
                tier.users,
                profile.name,
                kinds.join(", "),
                profiles_with_aws(ws).join(", ")
            ),
        ));
    }
    for &(ci, c) in &aws {
        for (ti, t) in c.trade_offs.iter().enumerate() {
            if !checks::valid_check_id(&t.check) {
                return Err(doc.error_at(
                    &at(ci).key("trade_offs").index(ti).key("check"),
                    format!("\"{}\" is not a checkov check id; expected one like CKV_AWS_157 or CKV2_AWS_50", t.check),
                ));
            }
            if t.reason.trim().is_empty() {
                return Err(doc.error_at(
                    &at(ci).key("trade_offs").index(ti).key("reason"),
                    format!(
                        "trade-off {} has no reason; say why the tier accepts it",
                        t.check
                    ),
                ));
            }
        }
    }
    let single = |kind: Kind| -> Result<Option<(usize, &Component)>> {
        let mut found = aws.iter().filter(|(_, c)| c.kind() == kind);
        let first = found.next().copied();
        if let Some(&(ci, second)) = found.next() {
            return Err(doc.error_at(
                &at(ci),
                format!(
                    "the {}-user tier has two {} components (\"{}\" and \"{}\"); archplan renders one per tier",
                    tier.users,
                    kind.as_str(),
                    first.map_or("", |(_, c)| c.name.as_str()),
                    second.name
                ),
            ));
        }
        Ok(first)
    };

    let region = match req.region {
        Some(r) => {
            validate_region(r)?;
            r.to_string()
        }
        None => profile.region.clone(),
    };
    let mut placer = Placer::default();

    // Network.
    let nat = single(Kind::NatGateway)?;
    let nat_gateways = nat
        .and_then(|(_, c)| c.spec.get::<NatGateway>())
        .map_or(0, NatGateway::count);
    let min_zones = (nat_gateways as usize).max(2);
    let mut network = Network {
        private: nat.is_some(),
        component: nat.map(|(_, c)| one_line(&c.name)),
        nat_gateways,
        min_zones,
        vpc_skips: Vec::new(),
    };
    if let Some((_, c)) = nat {
        network.vpc_skips = placer.skips(c, "aws_vpc.main", &[checks::VPC_NO_FLOW_LOGS]);
    }

    // The component whose trade-offs cover the secrets: the secrets-manager
    // component, else the cache (its token is the module's own secret).
    let secrets_component = single(Kind::SecretsManager)?;
    let owner = secrets_component.map(|(_, c)| c).or_else(|| {
        aws.iter()
            .find(|(_, c)| c.kind() == Kind::ElasticacheRedis)
            .map(|&(_, c)| c)
    });
    let secret_gaps = sorted(vec![checks::SECRET_CMK, checks::SECRET_NO_ROTATION]);

    // Database.
    let database = match single(Kind::RdsPostgres)?
        .and_then(|(ci, c)| Some((ci, c, c.spec.get::<RdsPostgres>()?)))
    {
        None => None,
        Some((ci, c, db)) => {
            let publicly_accessible = db.publicly_accessible();
            if publicly_accessible && network.private {
                return Err(doc.error_at(
                    &at(ci).key("publicly_accessible"),
                    format!(
                        "\"{}\" is publicly accessible, but the tier's NAT gateway (\"{}\") puts the database in private subnets; set publicly_accessible: false or drop the NAT gateway",
                        c.name,
                        network.component.as_deref().unwrap_or("")
                    ),
                ));
            }
            let multi_az = db.multi_az();
            let read_replicas = db.read_replicas();
            let mut primary_gaps = vec![checks::RDS_INSIGHTS_CMK];
            let mut replica_gaps = vec![checks::RDS_INSIGHTS_CMK, checks::RDS_SINGLE_AZ];
            if !multi_az {
                primary_gaps.push(checks::RDS_SINGLE_AZ);
            }
            if publicly_accessible {
                primary_gaps.push(checks::RDS_PUBLIC);
                replica_gaps.push(checks::RDS_PUBLIC);
            }
            let skips = placer.skips(c, "aws_db_instance.database", &sorted(primary_gaps));
            let replica_skips = if read_replicas > 0 {
                placer.skips(c, "aws_db_instance.replica", &sorted(replica_gaps))
            } else {
                Vec::new()
            };
            let log_skips =
                placer.skips(c, "aws_cloudwatch_log_group.database", &[checks::LOGS_CMK]);
            let owner = owner.unwrap_or(c);
            let master_secret_skips = placer.skips(
                owner,
                "aws_secretsmanager_secret.database_master",
                &secret_gaps,
            );
            let app_secret_skips = placer.skips(
                owner,
                "aws_secretsmanager_secret.database_app",
                &secret_gaps,
            );
            Some(Database {
                component: one_line(&c.name),
                instance_class: db.instance_class.clone(),
                storage_gb: db.storage_gb,
                max_storage_gb: db.max_storage_gb.filter(|&m| m > db.storage_gb),
                multi_az,
                read_replicas,
                backup_retention_days: db.backup_retention_days(),
                publicly_accessible,
                skips,
                replica_skips,
                master_secret_skips,
                app_secret_skips,
                log_skips,
            })
        }
    };

    // Cache.
    let cache = match single(Kind::ElasticacheRedis)?
        .and_then(|(_, c)| Some((c, c.spec.get::<ElasticacheRedis>()?)))
    {
        None => None,
        Some((c, spec)) => {
            // Validation has checked the shape (nodes a multiple of shards).
            let nodes = spec.nodes();
            let shards = spec.shards();
            let cluster_mode = shards > 1;
            let replicas_per_shard = nodes / shards - 1;
            let automatic_failover = cluster_mode || nodes > 1;
            let mut gaps = vec![checks::CACHE_CMK];
            if !automatic_failover {
                gaps.push(checks::CACHE_NO_FAILOVER);
            }
            let skips = placer.skips(c, "aws_elasticache_replication_group.cache", &sorted(gaps));
            Some(Cache {
                component: one_line(&c.name),
                node_type: spec.node_type.clone(),
                nodes,
                shards,
                cluster_mode,
                replicas_per_shard,
                automatic_failover,
                multi_az: replicas_per_shard > 0,
                burstable: monitoring::burstable(&spec.node_type),
                skips,
            })
        }
    };

    // Videos.
    let bucket = single(Kind::S3)?.map(|(_, c)| Bucket {
        component: one_line(&c.name),
        skips: placer.skips(
            c,
            "aws_s3_bucket.videos",
            &sorted(vec![checks::S3_NO_ACCESS_LOG, checks::S3_NO_REPLICATION]),
        ),
    });

    // Secrets: the cache token, and a placeholder per external service.
    let mut secrets = Vec::new();
    if cache.is_some() {
        secrets.push(SecretSpec {
            resource: "cache_auth_token",
            name: "cache-auth-token",
            description: "AUTH token of the cache".to_string(),
            env: "REDIS_AUTH_TOKEN",
            generated: true,
        });
    }
    secrets.extend(external_secrets(tier));
    let secrets: Vec<Secret> = secrets
        .into_iter()
        .map(|s| {
            let address = format!("aws_secretsmanager_secret.{}", s.resource);
            let skips = match owner {
                Some(c) => placer.skips(c, &address, &secret_gaps),
                None => Vec::new(),
            };
            Secret {
                value: if s.generated {
                    format!(
                        "ephemeral.aws_secretsmanager_random_password.{}.random_password",
                        s.resource
                    )
                } else {
                    String::new()
                },
                resource: s.resource.to_string(),
                name: s.name.to_string(),
                description: s.description,
                env: s.env.to_string(),
                generated: s.generated,
                skips,
            }
        })
        .collect();
    let secrets_note = secrets_note(
        secrets_component.map(|(_, c)| c),
        &secrets,
        database.is_some(),
    );

    // Fargate services, and the load balancer in front of one of them.
    let lb = single(Kind::LoadBalancer)?;
    let fargate: Vec<(usize, &Component, &Fargate)> = aws
        .iter()
        .filter_map(|&(ci, c)| Some((ci, c, c.spec.get::<Fargate>()?)))
        .collect();
    let behind_lb = lb.and_then(|(_, l)| {
        fargate
            .iter()
            .find(|(_, f, _)| l.name.starts_with(&f.name))
            .or_else(|| fargate.iter().find(|(_, f, _)| f.name == "api"))
            .or_else(|| fargate.first())
            .map(|(_, f, _)| f.name.clone())
    });
    let mut services = Vec::new();
    let mut resources_seen: Vec<String> = Vec::new();
    for &(ci, c, task) in &fargate {
        let resource = identifier(&c.name);
        if resources_seen.contains(&resource) {
            return Err(doc.error_at(
                &at(ci).key("name"),
                format!("component name \"{}\" gives the same Terraform name ({resource}) as another Fargate component; rename one", c.name),
            ));
        }
        resources_seen.push(resource.clone());
        // Validation has checked the size is one Fargate offers.
        let (cpu, memory) = task.task_size().unwrap_or_default();
        let log_skips = placer.skips(
            c,
            &format!("aws_cloudwatch_log_group.{resource}"),
            &[checks::LOGS_CMK],
        );
        services.push(Service {
            component: one_line(&c.name),
            name: ecs_name(&c.name),
            resource,
            tasks: task.tasks,
            vcpu: task.vcpu.normalize().to_string(),
            memory_gb: task.memory_gb.normalize().to_string(),
            cpu,
            memory,
            load_balanced: behind_lb.as_deref() == Some(c.name.as_str()),
            log_skips,
        });
    }
    let load_balancer = match lb {
        None => None,
        Some((_, c)) => {
            // Validation allows one load balancer per component.
            let count = c.spec.get::<LbSpec>().map_or(1, LbSpec::count);
            Some(LoadBalancer {
                component: one_line(&c.name),
                count,
                service: behind_lb.as_deref().map(one_line),
                skips: placer.skips(
                    c,
                    "aws_lb.api",
                    &sorted(vec![checks::LB_NO_ACCESS_LOG, checks::LB_NO_WAF]),
                ),
            })
        }
    };

    let mut not_rendered = Vec::new();
    for &(_, c) in &aws {
        if let TerraformRole::NotRendered { what, why } = c.spec.part().terraform() {
            not_rendered.push(NotRendered {
                component: one_line(&c.name),
                what: what.to_string(),
                why: why.to_string(),
            });
        }
    }

    let monitoring = monitoring_section(ws, &report, tier, &aws, &database, &cache, &mut placer)?;

    // Warnings: trade-offs that match nothing, gaps nobody declared.
    let mut warnings = Vec::new();
    for &(ci, c) in &aws {
        for (ti, t) in c.trade_offs.iter().enumerate() {
            if !placer.used(&c.name, &t.check) {
                let location = doc
                    .locate(&at(ci).key("trade_offs").index(ti).key("check"))
                    .map_or_else(|| doc.file.clone(), |l| l.to_string());
                warnings.push(format!(
                    "{location}: trade-off {} of \"{}\" matches nothing the {}-user tier renders (the check passes, or archplan does not know where it applies); it is not rendered",
                    t.check,
                    one_line(&c.name),
                    tier.users
                ));
            }
        }
    }
    for g in &placer.open {
        warnings.push(format!(
            "checkov will report {} failed on {} ({}): declare it as a trade-off of \"{}\" in {} if the tier accepts it",
            g.check, g.resource, g.what, g.component, doc.file
        ));
    }

    let cost = cost_section(&report, tier, &region);
    let llm = |f: &dyn Fn(&Llm) -> bool| {
        tier.components
            .iter()
            .filter_map(|c| c.spec.get::<Llm>())
            .any(f)
    };
    let bedrock = llm(&|l| l.provider == Provider::Bedrock);
    let transcribe = llm(&|l| l.transcription == Some(Transcription::Transcribe));
    let upgrade = choice
        .index
        .checked_sub(1)
        .and_then(|i| profile.tiers.get(i))
        .map(|below| upgrade_notes(below, tier));
    let mut context = ModuleContext {
        generator: format!("archplan {}", env!("CARGO_PKG_VERSION")),
        profile: one_line(&profile.name),
        title: one_line(&profile.title),
        tier_users: tier.users,
        users: req.users,
        tier_reason: choice.reason.clone(),
        tier_note: tier.note.trim().to_string(),
        region,
        name: default_name(&profile.name),
        network,
        database,
        cache,
        bucket,
        secrets,
        secrets_component: secrets_component.map(|(_, c)| one_line(&c.name)),
        secrets_note,
        load_balancer,
        services,
        bedrock,
        transcribe,
        not_rendered,
        monitoring,
        upgrade,
        cost,
        trade_offs: placer.placed,
        open_gaps: placer.open,
        design_notes: Vec::new(),
    };
    context.design_notes = design_notes(&context);
    if choice.beyond_largest {
        warnings.insert(0, choice.reason);
    }
    Ok((context, warnings))
}

/// The alarms of the tier's database and cache, the topic they notify and
/// the budget of the pool its AWS components draw on.
fn monitoring_section(
    ws: &Workspace,
    report: &CostReport,
    tier: &Tier,
    aws: &[(usize, &Component)],
    database: &Option<Database>,
    cache: &Option<Cache>,
    placer: &mut Placer,
) -> Result<Monitoring> {
    let mut alarms = Vec::new();
    if let Some(db) = database {
        let mut instances = vec![(
            "database".to_string(),
            "db".to_string(),
            "aws_db_instance.database.identifier".to_string(),
            false,
        )];
        for i in 0..db.read_replicas {
            instances.push((
                format!("replica_{}", i + 1),
                format!("db-replica-{}", i + 1),
                format!("aws_db_instance.replica[{i}].identifier"),
                true,
            ));
        }
        for (resource, name, id, replica) in instances {
            for alarm in monitoring::database_alarms(&db.instance_class, replica) {
                alarms.push(alarm_block(
                    alarm,
                    &Watched {
                        resource: &resource,
                        name: &name,
                        namespace: "AWS/RDS",
                        dimension: "DBInstanceIdentifier",
                        value: &id,
                        class: &db.instance_class,
                        storage_gb: db.storage_gb,
                    },
                ));
            }
        }
    }
    if let Some(c) = cache {
        // Named by position, watching whichever node holds it: ElastiCache
        // names a node when it creates it, so a cache that moved to cluster
        // mode keeps its first nodes' names and a fresh one has others. The
        // alarms of a tier stay the same alarms when the next tier renames
        // or adds nodes (an in-place change of their dimension).
        let per_shard = c.replicas_per_shard + 1;
        let nodes = if c.cluster_mode {
            c.shards * per_shard
        } else {
            c.nodes
        };
        for i in 0..nodes {
            // In the migration step ("compatible") the cache has one shard.
            let count = (c.cluster_mode && i >= per_shard)
                .then(|| "var.cache_cluster_mode == \"enabled\" ? 1 : 0".to_string());
            for alarm in monitoring::cache_alarms(&c.node_type) {
                let resource = format!("cache_node_{}", i + 1);
                let value = format!("local.cache_nodes[{i}]");
                let mut block = alarm_block(
                    alarm,
                    &Watched {
                        resource: &resource,
                        name: &format!("cache-node-{}", i + 1),
                        namespace: "AWS/ElastiCache",
                        dimension: "CacheClusterId",
                        value: &value,
                        class: &c.node_type,
                        storage_gb: 0,
                    },
                );
                block.count = count.clone();
                alarms.push(block);
            }
        }
    }
    // The topic's trade-offs are those of what it watches: the database, else the cache.
    let owner = aws
        .iter()
        .find(|(_, c)| c.kind() == Kind::RdsPostgres)
        .or_else(|| aws.iter().find(|(_, c)| c.kind() == Kind::ElasticacheRedis))
        .or_else(|| aws.first())
        .map(|&(_, c)| c);
    let topic_skips = match owner {
        Some(c) => placer.skips(c, "aws_sns_topic.alarms", &[checks::SNS_NO_CMK]),
        None => Vec::new(),
    };
    let budget = &ws.budget.value;
    let pool_name = owner
        .and_then(|c| c.pool.as_deref())
        .or_else(|| budget.default_pool("aws").map(|p| p.name.as_str()))
        .unwrap_or("aws");
    let index = budget
        .pools
        .iter()
        .position(|p| p.name == pool_name)
        .ok_or_else(|| {
            Error::input(format!(
                "{}: no pool named \"{pool_name}\", which the {}-user tier's AWS components draw on",
                ws.budget.file, tier.users
            ))
        })?;
    // A one-off balance is watched month by month at the draw the plan
    // expects from it (the figure `cost` prints); a balance nothing draws
    // on is its own limit.
    let balance = report
        .pools
        .iter()
        .find(|p| p.name == pool_name)
        .and_then(|p| p.balance.as_ref())
        .filter(|b| b.runway.monthly > Money::ZERO);
    let limit = match balance {
        Some(b) => b.runway.monthly,
        None => crate::engine::funding::available(budget, index),
    };
    Ok(Monitoring {
        alarms,
        topic_skips,
        budget_pool: pool_name.to_string(),
        budget_amount: limit.rounded().normalize().to_string(),
        budget_balance: balance.map(|b| BalanceBudget {
            balance: b.balance.display(),
            expires: b.expires.as_ref().map(|d| d.to_string()),
            monthly: b.runway.monthly.display(),
            users: report.users,
            lasts: b.runway.describe(report.users),
        }),
        warn_percent: BUDGET_WARN_PERCENT,
    })
}

/// The first budget notification, in percent: `archplan check`'s default
/// warning threshold (`--warn-at 80%`).
const BUDGET_WARN_PERCENT: u32 = 80;

/// Memory of an instance class in GiB, from its size (t and m families;
/// r families have twice as much), when archplan knows the size.
fn class_memory_gib(class: &str) -> Option<u64> {
    let mut parts = class.split('.').skip(1);
    let family = parts.next()?;
    let size = parts.next()?;
    let base = match size {
        "micro" => 1,
        "small" => 2,
        "medium" => 4,
        "large" => 8,
        "xlarge" => 16,
        "2xlarge" => 32,
        "4xlarge" => 64,
        "8xlarge" => 128,
        _ => return None,
    };
    Some(if family.starts_with('r') {
        base * 2
    } else {
        base
    })
}

/// CPU credits a burstable class earns an hour (t3/t4g), when archplan knows it.
fn credits_per_hour(class: &str) -> Option<u64> {
    Some(match class.rsplit('.').next()? {
        "micro" => 12,
        "small" | "medium" => 24,
        "large" => 36,
        "xlarge" => 96,
        "2xlarge" => 192,
        _ => return None,
    })
}

/// Alarm when the balance falls below a fifth of what a day earns: the
/// instance is about to be held to its baseline (or billed for surplus credits).
fn credit_threshold(class: &str) -> String {
    credits_per_hour(class).map_or_else(|| "20".to_string(), |c| (c * 24 / 5).to_string())
}

/// Where an alarm looks: its resource name, alarm name, namespace and dimension.
struct Watched<'a> {
    resource: &'a str,
    name: &'a str,
    namespace: &'a str,
    dimension: &'a str,
    /// HCL expression of the dimension's value.
    value: &'a str,
    /// Instance class or node type.
    class: &'a str,
    storage_gb: u64,
}

fn alarm_block(alarm: Alarm, w: &Watched) -> AlarmBlock {
    let gib = class_memory_gib(w.class);
    let (metric, statistic, comparison, threshold, description) = match alarm {
        Alarm::DatabaseCpuCredits | Alarm::CacheCpuCredits => (
            "CPUCreditBalance",
            "Minimum",
            "LessThanThreshold",
            credit_threshold(w.class),
            "CPU credits nearly spent: it will run at its baseline (a database in Unlimited mode is billed for surplus credits)",
        ),
        Alarm::DatabaseMemory => (
            "FreeableMemory",
            "Average",
            "LessThanThreshold",
            // 10% of the class's memory, in bytes (256 MiB for a class archplan does not know).
            gib.map_or(256 * 1024 * 1024, |g| g * 1024 * 1024 * 1024 / 10)
                .to_string(),
            "Less than 10% of memory free: queries will spill to disk",
        ),
        Alarm::DatabaseConnections => (
            "DatabaseConnections",
            "Maximum",
            "GreaterThanThreshold",
            // 80% of RDS's default max_connections: memory / 9,531,392 bytes.
            gib.map_or(80, |g| g * 1024 * 1024 * 1024 / 9_531_392 * 8 / 10)
                .to_string(),
            "Connections above 80% of max_connections: add a pooler or a larger class",
        ),
        Alarm::DatabaseStorage => (
            "FreeStorageSpace",
            "Minimum",
            "LessThanThreshold",
            // 5% of the allocated storage, in bytes.
            (w.storage_gb * 1_000_000_000 / 20).to_string(),
            "Less than 5% of the storage free",
        ),
        Alarm::ReplicaLag => (
            "ReplicaLag",
            "Maximum",
            "GreaterThanThreshold",
            "60".to_string(),
            "The read replica is more than a minute behind the primary",
        ),
        Alarm::CacheMemory => (
            "DatabaseMemoryUsagePercentage",
            "Average",
            "GreaterThanThreshold",
            "80".to_string(),
            "Cache memory above 80%: keys will be evicted",
        ),
    };
    AlarmBlock {
        resource: format!("{}_{}", w.resource, alarm_suffix(alarm)),
        name: format!("{}-{}", w.name, alarm_suffix(alarm).replace('_', "-")),
        description: description.to_string(),
        namespace: w.namespace.to_string(),
        metric: metric.to_string(),
        statistic: statistic.to_string(),
        comparison: comparison.to_string(),
        threshold,
        period: 300,
        evaluation_periods: 3,
        dimension: w.dimension.to_string(),
        dimension_value: w.value.to_string(),
        count: None,
    }
}

fn alarm_suffix(alarm: Alarm) -> &'static str {
    match alarm {
        Alarm::DatabaseCpuCredits | Alarm::CacheCpuCredits => "cpu_credits",
        Alarm::DatabaseMemory => "memory",
        Alarm::DatabaseConnections => "connections",
        Alarm::DatabaseStorage => "storage",
        Alarm::ReplicaLag => "replica_lag",
        Alarm::CacheMemory => "memory",
    }
}

/// What moving from tier `below` to `tier` changes in the module.
fn upgrade_notes(below: &Tier, tier: &Tier) -> Upgrade {
    fn find<T: Pick>(t: &Tier) -> Option<&T> {
        t.components.iter().find_map(|c| c.spec.get::<T>())
    }
    let mut in_place = Vec::new();
    let mut steps = Vec::new();
    if let (Some(a), Some(b)) = (find::<RdsPostgres>(below), find::<RdsPostgres>(tier)) {
        if a.instance_class != b.instance_class {
            in_place.push(format!(
                "database class {} → {}: modified in place in the next maintenance window (apply_immediately = false); a few minutes of downtime {}",
                a.instance_class,
                b.instance_class,
                if a.multi_az() { "while the standby takes over" } else { "on a Single-AZ instance" }
            ));
        }
        if a.storage_gb != b.storage_gb || a.max_storage_gb != b.max_storage_gb {
            in_place.push(
                "database storage grows in place, without downtime (storage can never shrink)"
                    .to_string(),
            );
        }
        if !a.multi_az() && b.multi_az() {
            in_place.push("database becomes Multi-AZ in place: RDS builds the standby from a snapshot, without downtime".to_string());
        }
        let (ra, rb) = (a.read_replicas(), b.read_replicas());
        if rb > ra {
            in_place.push(format!("{} read replica{} created from the primary (possible because the master password is not managed by RDS)", rb - ra, if rb - ra > 1 { "s" } else { "" }));
        }
    }
    if let (Some(a), Some(b)) = (
        find::<ElasticacheRedis>(below),
        find::<ElasticacheRedis>(tier),
    ) {
        if a.node_type != b.node_type {
            in_place.push(format!(
                "cache nodes {} → {}: scaled online",
                a.node_type, b.node_type
            ));
        }
        if a.shards() == 1 && b.shards() > 1 {
            steps.push("The cache moves from cluster mode disabled to enabled, which AWS allows only through the compatible mode: first apply with `cache_cluster_mode = \"compatible\"` in the module block (one shard; clients may still use the primary endpoint), then move every client to the configuration endpoint (`cache_endpoint` output) with a cluster-aware client, then remove the setting (enabled) and apply again to add the shards.".to_string());
        } else if a.nodes() != b.nodes() {
            in_place.push(
                "cache replicas added online; automatic failover and Multi-AZ turned on"
                    .to_string(),
            );
        }
    }
    if let (Some(a), Some(b)) = (find::<NatGateway>(below), find::<NatGateway>(tier)) {
        if a.count() != b.count() {
            in_place.push("a NAT gateway per Availability Zone: the new gateway is created and the private route tables switch to it".to_string());
        }
    }
    if find::<LbSpec>(below).is_none() && find::<LbSpec>(tier).is_some() {
        in_place.push("the load balancer, its target group and listener are created".to_string());
    }
    let fargate = |t: &Tier| {
        t.components
            .iter()
            .filter_map(|c| Some((c.name.clone(), c.spec.get::<Fargate>()?.clone())))
            .collect::<Vec<_>>()
    };
    if fargate(below) != fargate(tier) {
        in_place.push(
            "Fargate services get their new size or task count through a rolling deployment"
                .to_string(),
        );
    }
    Upgrade {
        from_users: below.users,
        in_place,
        steps,
    }
}

struct SecretSpec {
    resource: &'static str,
    name: &'static str,
    description: String,
    env: &'static str,
    generated: bool,
}

/// Placeholders for the keys of the services outside AWS the tier uses.
fn external_secrets(tier: &Tier) -> Vec<SecretSpec> {
    let mut out: Vec<SecretSpec> = Vec::new();
    for c in &tier.components {
        let spec = match c.spec.part().terraform() {
            TerraformRole::ExternalKey(k) => Some((k.resource, k.name, k.what, k.env)),
            TerraformRole::Rendered
            | TerraformRole::NotRendered { .. }
            | TerraformRole::Nothing => None,
        };
        if let Some((resource, name, what, env)) = spec {
            if out.iter().any(|s| s.resource == resource) {
                continue;
            }
            out.push(SecretSpec {
                resource,
                name,
                description: format!("{what} (component {})", one_line(&c.name)),
                env,
                generated: false,
            });
        }
    }
    out
}

fn secrets_note(component: Option<&Component>, secrets: &[Secret], rds: bool) -> String {
    let created = secrets.len() as u32;
    // The database's master and application users.
    let managed = 2 * u32::from(rds);
    let Some(priced) = component
        .and_then(|c| c.spec.get::<SecretsManager>())
        .map(|s| s.secrets)
    else {
        return if created > 0 {
            "The tier has no secrets-manager component: these secrets are not in the cost estimate."
                .to_string()
        } else {
            String::new()
        };
    };
    let held = created + managed;
    let rds_part = if rds {
        " plus the database's two (master and application users)"
    } else {
        ""
    };
    match priced.cmp(&held) {
        std::cmp::Ordering::Equal => format!("The profile prices {priced} secrets: these {created}{rds_part}."),
        std::cmp::Ordering::Greater => format!(
            "The profile prices {priced} secrets; this module creates {created}{rds_part}, which leaves {} for the application's own.",
            priced - held
        ),
        std::cmp::Ordering::Less => format!(
            "The profile prices {priced} secrets but this module creates {created}{rds_part}: the estimate is {} short.",
            held - priced
        ),
    }
}

fn cost_section(report: &CostReport, tier: &Tier, region: &str) -> CostSection {
    // The components this module creates: AWS ones, less those it only documents.
    let rendered: Vec<&str> = tier
        .components
        .iter()
        .filter(|c| c.spec.part().estate() == Estate::AwsRendered)
        .map(|c| c.name.as_str())
        .collect();
    let mut module = crate::engine::Range::default();
    let mut lines = Vec::new();
    let mut outside: Vec<String> = Vec::new();
    let mut outside_total = Money::ZERO;
    for line in &report.lines {
        if rendered.contains(&line.component.as_str()) {
            module = crate::engine::Range::sum([module, line.cost].iter());
            lines.push(CostLine {
                component: line.component.clone(),
                item: line.item.clone(),
                pool: line.pool.clone(),
                expected: line.cost.expected.display(),
                range: line.cost.display_span(),
            });
        } else {
            outside_total += line.cost.expected;
            if !outside.contains(&line.component) {
                outside.push(line.component.clone());
            }
        }
    }
    let pools = report
        .pools
        .iter()
        .map(|p| PoolRow {
            name: p.name.clone(),
            amount: p.amount.display(),
            used: p.used.expected.display(),
            percent: crate::render::percent(p.percent),
            fits: if p.fits { "yes" } else { "no" }.to_string(),
        })
        .collect();
    let mut notes = Vec::new();
    if tier.components.iter().any(|c| c.kind() == Kind::S3) {
        notes.push("S3 is estimated at Standard storage rates: Intelligent-Tiering costs the same for videos that are read and less for those that are not, plus a small monitoring fee per object.".to_string());
    }
    for c in tier.components.iter().filter(|c| c.kind() == Kind::Amplify) {
        notes.push(format!(
            "`{}` (Amplify Hosting) is an AWS cost of the tier, paid from the {} pool, that this module does not create.",
            c.name,
            report
                .lines
                .iter()
                .find(|l| l.component == c.name)
                .map_or("cash", |l| l.pool.as_str())
        ));
    }
    for p in report.pools.iter() {
        if let (Some(to), true) = (&p.spills_to, p.spills.expected > Money::ZERO) {
            notes.push(format!(
                "**Credits used up:** the {} pool ({}) is spent; {} a month spills to {} at the expected estimate.",
                p.name,
                p.amount.display(),
                p.spills.expected.display(),
                to
            ));
        }
        if !p.fits {
            notes.push(format!(
                "**Over budget:** the {} pool ({}) is exceeded by {} a month at the expected estimate.",
                p.name,
                p.amount.display(),
                (p.used.expected - p.amount).display()
            ));
        }
    }
    if report.region != region {
        notes.push(format!(
            "Prices are those of {}, the profile's region; the catalog may not hold {region}'s.",
            report.region
        ));
    }
    CostSection {
        users: report.users,
        price_region: report.region.clone(),
        lines,
        module_total: module.expected.display(),
        module_range: module.display_span(),
        architecture_total: report.total.expected.display(),
        per_user: report.per_user.expected.display(),
        outside: if outside.is_empty() {
            "nothing".to_string()
        } else {
            format!("{} for {}", outside_total.display(), outside.join(", "))
        },

        pools,
        notes,
    }
}

fn design_notes(ctx: &ModuleContext) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(db) = &ctx.database {
        if db.publicly_accessible {
            notes.push("The database has a public endpoint so that functions outside AWS can reach it; only `allowed_cidr_blocks` may connect, TLS is forced and the application connects as its own user with a generated password. Serverless platforms such as Vercel have no fixed outbound addresses unless you buy a static-IP option, so keep that list as narrow as the platform allows.".to_string());
        }
        notes.push(format!(
            "Deletion protection is on for the database{}: turn it off and apply before `terraform destroy`; the database leaves a final snapshot.",
            if ctx.load_balancer.is_some() { " and the load balancer" } else { "" }
        ));
    }
    if let Some(cache) = &ctx.cache {
        if !ctx.network.private {
            notes.push("ElastiCache never has a public endpoint: clients outside the VPC (serverless functions) need a VPN, VPC peering or the platform's private networking to reach it; the allow-list only admits addresses routed into the VPC.".to_string());
        }
        notes.push(format!(
            "The cache runs Redis OSS, which the estimate prices; `cache_engine = \"valkey\"` runs Valkey, cheaper per node-hour and protocol-compatible{}.",
            if cache.cluster_mode { " (cluster mode too)" } else { "" }
        ));
    }
    if ctx.bucket.is_some() {
        notes.push("Videos nobody reads for `video_archive_after_days` move to the archive tiers of Intelligent-Tiering: reading one then takes a restore of minutes to hours. Set `video_archive_enabled = false` if old videos must stay instantly readable.".to_string());
    }
    if ctx.secrets.iter().any(|s| !s.generated) {
        notes.push("The secrets of external services are created empty: put their values with `aws secretsmanager put-secret-value` so that they never enter the Terraform code or state.".to_string());
    }
    if ctx.network.private && ctx.network.nat_gateways < 2 {
        notes.push("One NAT gateway serves both Availability Zones: if its zone fails, the private subnets lose internet access until it is back.".to_string());
    }
    if !ctx.services.is_empty() {
        notes.push("Fargate tasks run on x86-64, which the estimate prices; Graviton (ARM64) tasks cost less if your images are built for it.".to_string());
    }
    notes
}

fn profiles_with_aws(ws: &Workspace) -> Vec<String> {
    ws.profiles
        .iter()
        .filter(|d| {
            d.value
                .tiers
                .iter()
                .any(|t| t.components.iter().any(|c| c.is_aws()))
        })
        .map(|d| d.value.name.clone())
        .collect()
}

/// Checks in a stable order, so that the skip comments are.
fn sorted(mut gaps: Vec<Gap>) -> Vec<Gap> {
    gaps.sort_by_key(|g| g.check);
    gaps
}

/// `us-east-1`, `eu-west-3`, `us-gov-west-1`, `ap-southeast-2`.
pub fn validate_region(region: &str) -> Result<()> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = (3..=4).contains(&parts.len())
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].len() == 1
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::input(format!(
            "--region \"{region}\" is not an AWS region code; expected one like us-east-1 or eu-west-3"
        )))
    }
}

/// A Terraform identifier from a component name: `api-lb` → `api_lb`.
fn identifier(name: &str) -> String {
    let mut id: String = name
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() {
                ch.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|ch: char| ch.is_ascii_lowercase()) {
        id.insert_str(0, "c_");
    }
    id
}

/// An ECS or CloudWatch name from a component name: letters, digits, hyphens.
fn ecs_name(name: &str) -> String {
    name.chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() {
                ch.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Longest `name` the module accepts: `<name>-rds-monitoring-`, the longest
/// IAM role prefix it derives, must stay within IAM's 38 characters.
const MAX_NAME: usize = 38 - "-rds-monitoring-".len();

/// The default resource-name prefix: the profile name, as AWS names allow
/// (ElastiCache also refuses two hyphens in a row).
fn default_name(profile: &str) -> String {
    let mut name = ecs_name(profile);
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    if !name.starts_with(|ch: char| ch.is_ascii_lowercase()) {
        name.insert_str(0, "app-");
    }
    name.truncate(MAX_NAME);
    let trimmed = name.trim_end_matches('-').to_string();
    if trimmed.len() < 2 {
        "archplan".to_string()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe() {
        assert_eq!(identifier("api-lb"), "api_lb");
        assert_eq!(identifier("2nd"), "c_2nd");
        assert_eq!(ecs_name("Workers_1"), "workers-1");
        assert_eq!(default_name("all-aws"), "all-aws");
        assert_eq!(default_name("9"), "app-9");
        assert_eq!(
            default_name("a-very-long-profile-name-indeed"),
            "a-very-long-profile-na"
        );
        assert_eq!(default_name("a--b"), "a-b");
        // The variable's validation admits 2 to 22 characters: every default fits.
        assert_eq!(MAX_NAME, 22);
        let longest = default_name("x".repeat(60).as_str());
        assert_eq!(longest.len(), MAX_NAME);
        assert!(
            format!("{longest}-cache").len() <= 40,
            "ElastiCache replication group id"
        );
        assert!(format!("{longest}-api").len() <= 32, "load balancer name");
    }

    #[test]
    fn regions_are_checked() {
        for ok in ["us-east-1", "eu-west-3", "us-gov-west-1", "ap-southeast-2"] {
            assert!(validate_region(ok).is_ok(), "{ok}");
        }
        for bad in ["us-east", "US-EAST-1", "useast1", "us-east-12", "", "eu--1"] {
            let e = validate_region(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn fargate_sizes_follow_aws() {
        assert_eq!(
            crate::kinds::fargate::memory_options(512),
            vec![1024, 2048, 3072, 4096]
        );
        assert!(crate::kinds::fargate::memory_options(1024).contains(&2048));
        assert!(!crate::kinds::fargate::memory_options(1024).contains(&1024));
        assert!(crate::kinds::fargate::memory_options(300).is_empty());
    }
}
