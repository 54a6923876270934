//! The CI budget gate: every selected tier priced against every funding pool,
//! the total and a per-user cap; findings point at the profile line responsible.

use crate::engine::{choose_tier, CostReport, LineModel, TierModel};
use crate::error::{Error, Location, Result};
use crate::model::locate::YamlPath;
use crate::model::profile::Profile;
use crate::model::workload::Scenario;
use crate::model::Document;
use crate::money::Money;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;

pub const CHECK_SCHEMA: &str = "archplan.check/v1";

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Profiles to check; empty means all.
    pub profiles: Vec<String>,
    /// User counts to check; empty means every tier at its own count.
    pub users: Vec<u64>,
    pub estimate: Scenario,
    /// Warn when a pool is used at or above this percentage.
    pub warn_at: Decimal,
    pub max_per_user: Option<Money>,
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contributor {
    pub component: String,
    pub item: String,
    pub cost: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// `pool`, `total` or `per-user`.
    pub limit_kind: &'static str,
    pub profile: String,
    pub users: u64,
    /// The pool (or "total") the finding is about.
    pub pool: String,
    pub limit: Money,
    pub used: Money,
    /// How much over the limit (negative: headroom left, for warnings).
    pub over: Money,
    pub message: String,
    pub location: Option<Location>,
    /// The lines that contribute most, largest first.
    pub contributors: Vec<Contributor>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PoolStatus {
    pub name: String,
    pub amount: Money,
    pub used: Money,
    pub percent: Option<Decimal>,
    pub status: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub profile: String,
    pub file: String,
    pub users: u64,
    pub tier_users: u64,
    pub total: Money,
    pub per_user: Money,
    pub pools: Vec<PoolStatus>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub schema: &'static str,
    pub ok: bool,
    pub estimate: Scenario,
    pub warn_at_percent: Decimal,
    pub max_per_user: Option<Money>,
    pub strict: bool,
    pub budget_file: String,
    pub errors: usize,
    pub warnings: usize,
    pub evaluations: Vec<Evaluation>,
    pub exit_code: i32,
}

pub fn check(ws: &Workspace, opts: &CheckOptions) -> Result<CheckReport> {
    let profiles: Vec<&Document<Profile>> = if opts.profiles.is_empty() {
        ws.profiles.iter().collect()
    } else {
        opts.profiles
            .iter()
            .map(|n| ws.profile(n))
            .collect::<Result<_>>()?
    };
    if let Some(cap) = opts.max_per_user {
        if cap.is_negative() {
            return Err(Error::input(format!(
                "--max-per-user is {}; expected an amount of 0 or more",
                cap.amount()
            )));
        }
    }
    let mut evaluations = Vec::new();
    for doc in profiles {
        // Every tier at the count it is sized for; or the tier `cost` would
        // choose (capacity included) for each given count.
        let mut counts: Vec<(u64, bool)> = if opts.users.is_empty() {
            doc.value.tiers.iter().map(|t| (t.users, false)).collect()
        } else {
            opts.users.iter().map(|&n| (n, true)).collect()
        };
        counts.sort_unstable();
        counts.dedup();
        for (users, by_capacity) in counts {
            let choice = if by_capacity {
                crate::engine::capacity::choose_tier_with_capacity(ws, doc, users)?
            } else {
                choose_tier(&doc.value, users)
            };
            let model = TierModel::build(ws, doc, choice.index)?;
            let report = CostReport::new(ws, &doc.value, &model, choice, users);
            evaluations.push(evaluate(ws, doc, &model, &report, opts));
        }
    }
    let count = |sev| {
        evaluations
            .iter()
            .flat_map(|e| &e.findings)
            .filter(|f| f.severity == sev)
            .count()
    };
    let errors = count(Severity::Error);
    let warnings = count(Severity::Warning);
    let failed = errors > 0 || (opts.strict && warnings > 0);
    Ok(CheckReport {
        schema: CHECK_SCHEMA,
        ok: !failed,
        estimate: opts.estimate,
        warn_at_percent: opts.warn_at,
        max_per_user: opts.max_per_user,
        strict: opts.strict,
        budget_file: ws.budget.file.clone(),
        errors,
        warnings,
        evaluations,
        exit_code: i32::from(failed),
    })
}

fn evaluate(
    ws: &Workspace,
    doc: &Document<Profile>,
    model: &TierModel,
    report: &CostReport,
    opts: &CheckOptions,
) -> Evaluation {
    let s = opts.estimate;
    let users = report.users;
    let name = &doc.value.name;
    let mut findings = Vec::new();
    let mut pools = Vec::new();
    let budget = &ws.budget.value;
    let limits = budget
        .pools
        .iter()
        .map(|p| (p.name.as_str(), p.amount, true))
        .chain(std::iter::once(("total", budget.total, false)));
    for (pool, amount, is_pool) in limits {
        let in_pool = |l: &&LineModel| !is_pool || l.pool == pool;
        let used: Money = model
            .lines
            .iter()
            .filter(in_pool)
            .map(|l| l.cost_at(users, s))
            .sum();
        let percent = crate::money::percent_of(used, amount);
        let over = used > amount;
        let warn = !over && percent.is_some_and(|p| p >= opts.warn_at) && !used.amount().is_zero();
        pools.push(PoolStatus {
            name: pool.to_string(),
            amount,
            used,
            percent,
            status: if over {
                "over"
            } else if warn {
                "warning"
            } else {
                "ok"
            },
        });
        if !(over || warn) {
            continue;
        }
        let contributors = top_lines(model, users, s, |l| in_pool(&l));
        let location = contributors
            .first()
            .and_then(|(line, _)| doc.locate(&sizing_field(line)));
        let what = if is_pool {
            format!("pool {pool}")
        } else {
            "the total budget".to_string()
        };
        let largest = contributors
            .iter()
            .take(3)
            .map(|(l, c)| format!("{} {} {}", l.component, l.item, c.display()))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if over {
            format!(
                "{name} at {users} users: {what} uses {} of {} ({} estimate), over by {}; largest lines: {largest}",
                used.display(),
                amount.display(),
                s.as_str(),
                (used - amount).display()
            )
        } else {
            format!(
                "{name} at {users} users: {what} uses {} of {} ({}%, warning at {}%); largest lines: {largest}",
                used.display(),
                amount.display(),
                percent.unwrap_or_default().normalize(),
                opts.warn_at.normalize()
            )
        };
        findings.push(Finding {
            severity: if over {
                Severity::Error
            } else {
                Severity::Warning
            },
            limit_kind: if is_pool { "pool" } else { "total" },
            profile: name.clone(),
            users,
            pool: pool.to_string(),
            limit: amount,
            used,
            over: used - amount,
            message,
            location,
            contributors: as_contributors(&contributors, usize::MAX),
        });
    }
    let total = report.total.get(s);
    let per_user = report.per_user.get(s);
    if let Some(cap) = opts.max_per_user {
        if per_user > cap {
            let tier_path = YamlPath::root()
                .key("tiers")
                .index(report.tier.index)
                .key("users");
            let contributors = top_lines(model, users, s, |_| true);
            findings.push(Finding {
                severity: Severity::Error,
                limit_kind: "per-user",
                profile: name.clone(),
                users,
                pool: "per-user".to_string(),
                limit: cap,
                used: per_user,
                over: per_user - cap,
                message: format!(
                    "{name} at {users} users: {} per user ({} estimate) is over the cap of {} by {}",
                    per_user.display(),
                    s.as_str(),
                    cap.display(),
                    (per_user - cap).display()
                ),
                location: doc.locate(&tier_path),
                contributors: as_contributors(&contributors, 3),
            });
        }
    }
    Evaluation {
        profile: name.clone(),
        file: doc.file.clone(),
        users,
        tier_users: report.tier.users,
        total,
        per_user,
        pools,
        findings,
    }
}

fn as_contributors(lines: &[(&LineModel, Money)], most: usize) -> Vec<Contributor> {
    lines
        .iter()
        .take(most)
        .map(|(l, c)| Contributor {
            component: l.component.clone(),
            item: l.item.clone(),
            cost: *c,
        })
        .collect()
}

/// Lines matching `keep`, by cost, largest first.
fn top_lines(
    model: &TierModel,
    users: u64,
    s: Scenario,
    keep: impl Fn(&LineModel) -> bool,
) -> Vec<(&LineModel, Money)> {
    let mut v: Vec<(&LineModel, Money)> = model
        .lines
        .iter()
        .filter(|l| keep(l))
        .map(|l| (l, l.cost_at(users, s)))
        .filter(|(_, c)| !c.amount().is_zero())
        .collect();
    v.sort_by_key(|(_, cost)| std::cmp::Reverse(*cost));
    v
}

/// The profile field that sized a line: where a reader would change it.
fn sizing_field(line: &LineModel) -> YamlPath {
    let field = match line.kind {
        "rds-postgres" if line.item.contains("storage") => "storage_gb",
        "rds-postgres" if line.item.contains("replica") => "read_replicas",
        "rds-postgres" => "instance_class",
        "elasticache-redis" => "node_type",
        "fargate" => "tasks",
        "hetzner-server" | "hetzner-storage-box" => "server",
        "vercel" => "plan",
        "llm" => "model",
        "supabase" => "compute",
        "secrets-manager" => "secrets",
        "nat-gateway" | "load-balancer" | "public-ipv4" => "count",
        _ => "kind",
    };
    line.path.key(field)
}
