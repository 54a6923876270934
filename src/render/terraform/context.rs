//! The value the Terraform templates render: the AWS components of one tier,
//! sized, with their checkov skips, the secrets the architecture needs and
//! the cost of the tier. Built from the profile and the cost engine; nothing
//! here writes text.

use super::assembly::{Assembly, ModulePart};
use super::checks::{self, one_line, OpenGap, PlacedTradeOff, Skip};
use super::names::{default_name, validate_region};
use crate::engine::{self, CostReport};
use crate::error::{Error, Result};
use crate::kinds::llm::{Llm, Provider, Transcription};
use crate::kinds::secrets_manager::SecretsManager;
use crate::kinds::{Estate, TerraformRole};
use crate::model::locate::YamlPath;
use crate::model::profile::{Component, Profile, Tier};
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
    /// The component whose lines bill the alarm.
    pub component: String,
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
    /// The average capacity units the profile assumes, kept as a tag so
    /// that `cost --terraform` and `drift` bill what the plan bills.
    pub lcu: String,
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
    // AWS lines the module does not create (a Lambda function) are no
    // module on their own.
    if !aws.iter().any(|(_, c)| renders(c)) {
        let kinds: Vec<&str> = tier.components.iter().map(|c| c.kind().as_str()).collect();
        return Err(doc.error_at(
            &tier_path.key("components"),
            format!(
                "the {}-user tier of profile \"{}\" has no AWS components the module creates ({}): there is no Terraform to render; profiles with AWS components: {}",
                tier.users,
                profile.name,
                kinds.join(", "),
                profiles_with_aws(ws).join(", ")
            ),
        ));
    }
    let region = match req.region {
        Some(r) => {
            validate_region(r)?;
            r.to_string()
        }
        None => profile.region.clone(),
    };

    // Each part in the order of the kinds, whatever the profile's order, so
    // that the module's files list them the same way.
    let mut parts: Vec<(&Component, &dyn ModulePart)> = tier
        .components
        .iter()
        .filter_map(|c| match c.spec.part().terraform() {
            TerraformRole::Rendered(part) => Some((c, part)),
            TerraformRole::NotRendered { .. }
            | TerraformRole::ExternalKey(_)
            | TerraformRole::Nothing => None,
        })
        .collect();
    parts.sort_by_key(|(c, _)| c.kind());
    let mut m = Assembly::new(tier, &ws.catalog, &report.region);
    for &(c, part) in &parts {
        part.assemble(c, &mut m);
    }

    let secrets = secrets(tier, &mut m);
    let secrets_note = secrets_note(m.secrets_component, &secrets, m.database.is_some());
    if secrets.iter().any(|s| !s.generated) {
        m.design_notes.push("The secrets of external services are created empty: put their values with `aws secretsmanager put-secret-value` so that they never enter the Terraform code or state.".to_string());
    }

    let mut not_rendered = Vec::new();
    for &(_, c) in &aws {
        if let TerraformRole::NotRendered { what, why } = c.spec.part().terraform() {
            not_rendered.push(NotRendered {
                component: one_line(&c.name),
                what: what.to_string(),
                why: why.to_string(),
            });
            m.cost_notes.push(format!(
                "`{}` ({what}) is an AWS cost of the tier, paid from the {} pool, that this module does not create.",
                c.name,
                report
                    .lines
                    .iter()
                    .find(|l| l.component == c.name)
                    .map_or("cash", |l| l.pool.as_str())
            ));
        }
    }

    let topic_owner = m.watched.or_else(|| aws.first().map(|&(_, c)| c));
    let monitoring = monitoring_section(ws, &report, tier, topic_owner, &mut m)?;

    // Warnings: trade-offs that match nothing, gaps nobody declared.
    let mut warnings = Vec::new();
    for &(ci, c) in &aws {
        for (ti, t) in c.trade_offs.iter().enumerate() {
            if !m.placer.used(&c.name, &t.check) {
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
    for g in &m.placer.open {
        warnings.push(format!(
            "checkov will report {} failed on {} ({}): declare it as a trade-off of \"{}\" in {} if the tier accepts it",
            g.check, g.resource, g.what, g.component, doc.file
        ));
    }

    let cost = cost_section(&report, tier, &region, std::mem::take(&mut m.cost_notes));
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
        .map(|below| {
            let mut notes = Upgrade {
                from_users: below.users,
                in_place: Vec::new(),
                steps: Vec::new(),
            };
            for &(c, part) in &parts {
                part.upgrade(c, below, &mut notes);
            }
            notes
        });
    let context = ModuleContext {
        generator: format!("archplan {}", env!("CARGO_PKG_VERSION")),
        profile: one_line(&profile.name),
        title: one_line(&profile.title),
        tier_users: tier.users,
        users: req.users,
        // Both quote profile text (a component's name in the reason): one
        // line each, so nothing a name holds starts a line of the README.
        tier_reason: one_line(&choice.reason),
        tier_note: one_line(&tier.note),
        region,
        name: default_name(&profile.name),
        network: m.network,
        database: m.database,
        cache: m.cache,
        bucket: m.bucket,
        secrets,
        secrets_component: m.secrets_component.map(|c| one_line(&c.name)),
        secrets_note,
        load_balancer: m.load_balancer,
        services: m.services,
        bedrock,
        transcribe,
        not_rendered,
        monitoring,
        upgrade,
        cost,
        trade_offs: m.placer.placed,
        open_gaps: m.placer.open,
        design_notes: m.design_notes,
    };
    if choice.beyond_largest {
        warnings.insert(0, choice.reason);
    }
    Ok((context, warnings))
}

/// The secrets the module creates: those Terraform generates for the parts,
/// then a placeholder for the key of each service outside AWS the tier uses.
fn secrets(tier: &Tier, m: &mut Assembly<'_>) -> Vec<Secret> {
    let mut out: Vec<Secret> = m
        .generated_secrets
        .drain(..)
        .map(|s| Secret {
            value: format!(
                "ephemeral.aws_secretsmanager_random_password.{}.random_password",
                s.resource
            ),
            resource: s.resource.to_string(),
            name: s.name.to_string(),
            description: s.description,
            env: s.env.to_string(),
            generated: true,
            skips: Vec::new(),
        })
        .collect();
    for c in &tier.components {
        let key = match c.spec.part().terraform() {
            TerraformRole::ExternalKey(k) => k,
            TerraformRole::Rendered(_)
            | TerraformRole::NotRendered { .. }
            | TerraformRole::Nothing => continue,
        };
        if out.iter().any(|s| s.resource == key.resource) {
            continue;
        }
        out.push(Secret {
            resource: key.resource.to_string(),
            name: key.name.to_string(),
            description: format!("{} (component {})", key.what, one_line(&c.name)),
            env: key.env.to_string(),
            generated: false,
            value: String::new(),
            skips: Vec::new(),
        });
    }
    if let Some(owner) = m.secrets_owner {
        for s in &mut out {
            let address = format!("aws_secretsmanager_secret.{}", s.resource);
            s.skips = m.skips(
                owner,
                &address,
                vec![checks::SECRET_CMK, checks::SECRET_NO_ROTATION],
            );
        }
    }
    out
}

/// The alarms the parts set, the topic they notify (whose trade-offs are
/// those of what it watches first) and the budget of the pool the tier's
/// AWS components draw on.
fn monitoring_section(
    ws: &Workspace,
    report: &CostReport,
    tier: &Tier,
    owner: Option<&Component>,
    m: &mut Assembly<'_>,
) -> Result<Monitoring> {
    let topic_skips = match owner {
        Some(c) => m.skips(c, "aws_sns_topic.alarms", vec![checks::SNS_NO_CMK]),
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
        alarms: std::mem::take(&mut m.alarms),
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

fn cost_section(
    report: &CostReport,
    tier: &Tier,
    region: &str,
    mut notes: Vec<String>,
) -> CostSection {
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

/// Whether `render terraform` creates the component.
fn renders(c: &Component) -> bool {
    c.spec.part().estate() == crate::kinds::Estate::AwsRendered
}

fn profiles_with_aws(ws: &Workspace) -> Vec<String> {
    ws.profiles
        .iter()
        .filter(|d| {
            d.value
                .tiers
                .iter()
                .any(|t| t.components.iter().any(renders))
        })
        .map(|d| d.value.name.clone())
        .collect()
}
