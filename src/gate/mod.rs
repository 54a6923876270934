//! The CI budget gate: every selected profile priced at each user count on the
//! tier `archplan cost` chooses, judged against what lands on every funding
//! pool once credits have spilled, the total, a per-user cap and capacity
//! ([`crate::verdict`]); findings point at the profile line responsible.

use crate::engine::funding::{self, Funding, Runway};
use crate::engine::{CostReport, LineModel, ProfilePlan, TierModel};
use crate::error::{Error, Location, Result};
use crate::model::locate::YamlPath;
use crate::model::profile::Profile;
use crate::model::workload::Scenario;
use crate::model::Document;
use crate::money::Money;
use crate::tfread::price::ReadBack;
use crate::verdict::{self, ExitStatus, Overrun, Verdict};
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
    /// `pool`, `total`, `per-user`, `capacity`, `runs` (a link that cannot
    /// be made, a load balancer with no target: `over` is the cheapest fix),
    /// or `runway` (a warning: the pool a one-off balance spills into once
    /// it stops would be over).
    pub limit_kind: &'static str,
    pub profile: String,
    pub users: u64,
    /// The pool (or "total", "per-user", "capacity") the finding is about.
    pub pool: String,
    /// Dollars; for `capacity`, users: the most the limit holds.
    pub limit: Money,
    /// Dollars; for `capacity`, the users asked for.
    pub used: Money,
    /// How much over the limit (negative: headroom left, for warnings).
    pub over: Money,
    pub message: String,
    pub location: Option<Location>,
    /// The lines that contribute most, largest first.
    pub contributors: Vec<Contributor>,
}

/// A pool (or the total) at the checked estimate, once spills have passed
/// on: what lands on it, and what it passes on.
#[derive(Debug, Clone, Serialize)]
pub struct PoolStatus {
    pub name: String,
    pub amount: Money,
    pub used: Money,
    pub percent: Option<Decimal>,
    /// `ok`, `spills` (used up, the rest passed on), `warning` or `over`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "is_zero")]
    pub spills: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spills_to: Option<String>,
    /// A one-off balance: how long it lasts at these users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runway: Option<Runway>,
}

fn is_zero(m: &Money) -> bool {
    m.amount().is_zero()
}

/// A limit the gate looks at: a pool (by index in the budget) or the total.
struct Limit<'a> {
    name: &'a str,
    pool: Option<usize>,
    amount: Money,
    used: Money,
    spills: Money,
    spills_to: Option<&'a str>,
}

/// The result of one row: `over` fails the gate, `warning` only with
/// `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowResult {
    Ok,
    Warning,
    Over,
}

impl RowResult {
    /// As the text table shows it.
    pub fn label(self) -> &'static str {
        match self {
            RowResult::Ok => "ok",
            RowResult::Warning => "warning",
            RowResult::Over => "OVER",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub profile: String,
    pub file: String,
    pub users: u64,
    /// The tier `archplan cost` uses for these users.
    pub tier_users: u64,
    /// Whether that tier holds the users (false: no tier does).
    pub held: bool,
    pub total: Money,
    pub per_user: Money,
    pub pools: Vec<PoolStatus>,
    pub result: RowResult,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub retiring: Vec<String>,
}

/// Rows by result: the counts of the summary line.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub evaluated: usize,
    pub over: usize,
    pub warning: usize,
    pub ok: usize,
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
    /// Error findings (a row can have several).
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Rows by result.
    pub rows: Counts,
    pub evaluations: Vec<Evaluation>,
    /// The models the evaluated tiers use that retire within 90 days, once
    /// each, with the date and the successor: a warning, not a failure.
    pub retiring: Vec<String>,
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
    check_cap(opts)?;
    let mut evaluations = Vec::new();
    for doc in profiles {
        // Every tier's own user count, or the given counts; each priced on
        // the tier `archplan cost` chooses for it (capacity included).
        let mut counts: Vec<u64> = if opts.users.is_empty() {
            doc.value.tiers.iter().map(|t| t.users).collect()
        } else {
            opts.users.clone()
        };
        counts.sort_unstable();
        counts.dedup();
        let plan = ProfilePlan::build(ws, doc)?;
        for users in counts {
            let report = plan.cost(ws, users);
            let model = &plan.models[report.tier.index];
            evaluations.push(evaluate(ws, doc, model, &report, opts));
        }
    }
    Ok(summed(ws, opts, evaluations))
}

/// The gate over Terraform read back: the configuration priced at each of
/// `opts.users` (at least one), findings pointing at the `.tf` lines.
pub fn check_terraform(
    ws: &Workspace,
    back: &ReadBack,
    opts: &CheckOptions,
) -> Result<CheckReport> {
    check_cap(opts)?;
    if opts.users.is_empty() {
        return Err(Error::input(
            "check --terraform needs the users the configuration serves: --users N (or N,M,…)",
        )
        .suggest(Some("--users 50".to_string())));
    }
    let mut counts = opts.users.clone();
    counts.sort_unstable();
    counts.dedup();
    let mut evaluations = Vec::new();
    for users in counts {
        let doc = back.document(users);
        let plan = ProfilePlan::build(ws, &doc)?;
        let report = plan.cost(ws, users);
        let model = &plan.models[report.tier.index];
        evaluations.push(evaluate(ws, &doc, model, &report, opts));
    }
    Ok(summed(ws, opts, evaluations))
}

fn check_cap(opts: &CheckOptions) -> Result<()> {
    match opts.max_per_user {
        Some(cap) if cap.is_negative() => Err(Error::input(format!(
            "--max-per-user is {}; expected an amount of 0 or more",
            cap.amount()
        ))),
        _ => Ok(()),
    }
}

/// The report of the rows evaluated: counts, and the exit code.
fn summed(ws: &Workspace, opts: &CheckOptions, evaluations: Vec<Evaluation>) -> CheckReport {
    let count = |sev| {
        evaluations
            .iter()
            .flat_map(|e| &e.findings)
            .filter(|f| f.severity == sev)
            .count()
    };
    let errors = count(Severity::Error);
    let warnings = count(Severity::Warning);
    let rows = |r| evaluations.iter().filter(|e| e.result == r).count();
    let rows = Counts {
        evaluated: evaluations.len(),
        over: rows(RowResult::Over),
        warning: rows(RowResult::Warning),
        ok: rows(RowResult::Ok),
    };
    let failed = rows.over > 0 || (opts.strict && rows.warning > 0);
    let status = if failed {
        ExitStatus::Over
    } else {
        ExitStatus::Ok
    };
    let mut retiring: Vec<String> = Vec::new();
    for w in evaluations.iter().flat_map(|e| &e.retiring) {
        if !retiring.contains(w) {
            retiring.push(w.clone());
        }
    }
    CheckReport {
        schema: CHECK_SCHEMA,
        retiring,
        ok: !failed,
        estimate: opts.estimate,
        warn_at_percent: opts.warn_at,
        max_per_user: opts.max_per_user,
        strict: opts.strict,
        budget_file: ws.budget.file.clone(),
        errors,
        warnings,
        rows,
        evaluations,
        exit_code: status.code(),
    }
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
    let budget = &ws.budget.value;
    let verdict = verdict::judge(report, budget, s, opts.max_per_user);
    let mut findings = Vec::new();
    let mut pools = Vec::new();
    let funding = Funding::new(budget);
    // Each pool's own lines at this estimate, for how long balances last.
    let own: Vec<Money> = report.pools.iter().map(|p| p.own().get(s)).collect();
    // Each pool as it stands once spills have passed on, then the total.
    let limits = report
        .pools
        .iter()
        .enumerate()
        .map(|(i, p)| Limit {
            name: &p.name,
            pool: Some(i),
            amount: p.amount,
            used: p.used.get(s),
            spills: p.spills.get(s),
            spills_to: p.spills_to.as_deref(),
        })
        .chain(std::iter::once(Limit {
            name: "total",
            pool: None,
            amount: budget.total,
            used: report.total.get(s),
            spills: Money::ZERO,
            spills_to: None,
        }));
    for limit in limits {
        let Limit {
            name: pool,
            amount,
            used,
            ..
        } = limit;
        let is_pool = limit.pool.is_some();
        let hard = limit.pool.and_then(|i| budget.hard_limit(i));
        let percent = crate::money::percent_of(used, amount);
        // Over is the verdict's word; a warning is a limit that can fail
        // (not a pool that spills) near its amount.
        let overrun = verdict.over.iter().find(|o| match o {
            Overrun::Pool { pool: p, .. } => is_pool && p == pool,
            Overrun::Total { .. } => !is_pool,
            _ => false,
        });
        let over = overrun.is_some();
        let can_fail = !is_pool || hard.is_some();
        let warn = can_fail
            && !over
            && percent.is_some_and(|p| p >= opts.warn_at)
            && !used.amount().is_zero();
        let runway = limit
            .pool
            .and_then(|i| funding::balance_runway(budget, &funding, &own, i));
        pools.push(PoolStatus {
            name: pool.to_string(),
            amount,
            used,
            percent,
            status: if over {
                "over"
            } else if warn {
                "warning"
            } else if limit.spills > Money::ZERO {
                "spills"
            } else {
                "ok"
            },
            spills: limit.spills,
            spills_to: limit.spills_to.map(str::to_string),
            runway,
        });
        if !(over || warn) {
            continue;
        }
        // The lines whose cost lands here: the pool's own, and those of
        // every pool whose excess reaches it at this estimate.
        let reaches = |k: usize, i: usize| {
            let chain = budget.chain(k);
            chain.iter().position(|&x| x == i).is_some_and(|at| {
                chain[..at]
                    .iter()
                    .all(|&x| report.pools[x].spills.get(s) > Money::ZERO)
            })
        };
        let feeds = |l: &LineModel| match limit.pool {
            None => true,
            Some(i) => budget
                .pools
                .iter()
                .position(|p| p.name == l.pool)
                .is_some_and(|k| reaches(k, i)),
        };
        let contributors = top_lines(model, users, s, feeds);
        let location = contributors
            .first()
            .and_then(|(line, _)| doc.locate(&sizing_field(line)));
        let what = match hard {
            Some(h) if is_pool => format!("pool {pool} ({})", verdict::hard_word(h)),
            _ if is_pool => format!("pool {pool}"),
            _ => "the total budget".to_string(),
        };
        let largest = contributors
            .iter()
            .take(3)
            .map(|(l, c)| format!("{} {} {}", l.component, l.item, c.display()))
            .collect::<Vec<_>>()
            .join(", ");
        let spilled = match overrun {
            Some(Overrun::Pool { spilled_in, .. }) => verdict::spilled_text(spilled_in),
            _ => String::new(),
        };
        let message = match overrun {
            Some(_) => {
                // A pool "takes" what lands on it, spills included.
                let verb = if is_pool { "takes" } else { "uses" };
                // Why what is over fails rather than spilling on.
                let why = hard.map_or(String::new(), |h| format!(": {}", h.reason()));
                format!(
                    "{name} at {users} users: {what} {verb} {} of {} ({} estimate){spilled}, over by {}{why}; largest lines: {largest}",
                    used.display(),
                    amount.display(),
                    s.as_str(),
                    (used - amount).display()
                )
            }
            None => format!(
                "{name} at {users} users: {what} uses {} of {} ({}%, warning at {}%); largest lines: {largest}",
                used.display(),
                amount.display(),
                percent.unwrap_or_default().normalize(),
                opts.warn_at.normalize()
            ),
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
    // A balance that stops paying puts its lines on the card: a warning when
    // the card would then be over (the month judged still fits).
    for (i, p) in pools.iter().enumerate() {
        let Some(r) = &p.runway else { continue };
        let Some(after) = r.then.as_ref().filter(|a| !a.fits) else {
            continue;
        };
        let when = match r.until {
            Some(m) => format!("after {m}"),
            None => format!("from {}", r.from),
        };
        findings.push(Finding {
            severity: Severity::Warning,
            limit_kind: "runway",
            profile: name.clone(),
            users,
            pool: after.pool.clone(),
            limit: after.amount,
            used: after.lands,
            over: after.over,
            message: format!(
                "{name} at {users} users: once the {} credits stop paying {when}, pool {} would take {} of {} ({} estimate), over by {}",
                p.name,
                after.pool,
                after.lands.display(),
                after.amount.display(),
                s.as_str(),
                after.over.display()
            ),
            location: ws
                .budget
                .locate(&YamlPath::root().key("pools").index(i).key("balance")),
            contributors: Vec::new(),
        });
    }
    let total = report.total.get(s);
    let per_user = report.per_user.get(s);
    let tier_path = YamlPath::root().key("tiers").index(report.tier.index);
    for o in &verdict.over {
        match o {
            Overrun::PerUser { cap, used, over } => {
                let contributors = top_lines(model, users, s, |_| true);
                findings.push(Finding {
                    severity: Severity::Error,
                    limit_kind: "per-user",
                    profile: name.clone(),
                    users,
                    pool: "per-user".to_string(),
                    limit: *cap,
                    used: *used,
                    over: *over,
                    message: format!(
                        "{name} at {users} users: {} per user ({} estimate) is over the cap of {} by {}",
                        used.display(),
                        s.as_str(),
                        cap.display(),
                        over.display()
                    ),
                    location: doc.locate(&tier_path.key("users")),
                    contributors: as_contributors(&contributors, 3),
                });
            }
            Overrun::Capacity(short) => {
                // The size field of the component that runs out, or the
                // largest tier's declared user count.
                let at = match &short.component {
                    Some(c) => doc.value.tiers[report.tier.index]
                        .components
                        .iter()
                        .position(|x| &x.name == c)
                        .map(|i| {
                            let path = tier_path.key("components").index(i);
                            let field = doc.value.tiers[report.tier.index].components[i]
                                .spec
                                .part()
                                .sizing_field("", short.resource);
                            path.key(field)
                        })
                        .unwrap_or_else(|| tier_path.key("users")),
                    None => tier_path.key("users"),
                };
                findings.push(Finding {
                    severity: Severity::Error,
                    limit_kind: "capacity",
                    profile: name.clone(),
                    users,
                    pool: "capacity".to_string(),
                    limit: Money(Decimal::from(short.holds)),
                    used: Money(Decimal::from(short.users)),
                    over: Money(Decimal::from(short.over)),
                    message: format!(
                        "{name} at {users} users: no tier holds the users: {}, over by {} users; priced with the largest tier",
                        short.limit(),
                        short.over
                    ),
                    location: doc.locate(&at),
                    contributors: Vec::new(),
                });
            }
            Overrun::Runs { .. } => {}
            Overrun::Pool { .. } | Overrun::Total { .. } => {}
        }
    }
    for d in &report.defects {
        findings.push(defect_finding(doc, report, d, s));
    }
    let result = if !verdict.fits {
        RowResult::Over
    } else if findings.is_empty() {
        RowResult::Ok
    } else {
        RowResult::Warning
    };
    Evaluation {
        profile: name.clone(),
        file: doc.file.clone(),
        users,
        tier_users: report.tier.users,
        held: report.tier.shortfall.is_none(),
        total,
        per_user,
        pools,
        result,
        verdict,
        findings,
        retiring: report.retiring.clone(),
    }
}

/// A part of the tier that cannot work as drawn: an error at the link (or
/// the load balancer), with each fix and what it adds to the month.
fn defect_finding(
    doc: &Document<Profile>,
    report: &CostReport,
    d: &crate::engine::reach::DefectReport,
    s: Scenario,
) -> Finding {
    let component = YamlPath::root()
        .key("tiers")
        .index(report.tier.index)
        .key("components")
        .index(d.component);
    let at = match d.link {
        Some(k) => component.key("reaches").index(k),
        None => component.key("kind"),
    };
    let cheapest = d
        .fixes
        .iter()
        .map(|f| f.monthly.get(s))
        .min()
        .unwrap_or(Money::ZERO);
    let fixes = d
        .fixes
        .iter()
        .map(|f| {
            format!(
                "{} ({}/month)",
                f.what.en(),
                f.monthly.get(s).display_signed()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let name = &doc.value.name;
    Finding {
        severity: Severity::Error,
        limit_kind: "runs",
        profile: name.clone(),
        users: report.users,
        pool: "runs".to_string(),
        limit: Money::ZERO,
        used: Money::ZERO,
        over: cheapest,
        message: format!(
            "{name} at {} users: {}; fixes: {fixes}",
            report.users, d.message
        ),
        location: doc.locate(&at),
        contributors: Vec::new(),
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
    line.path.key(line.sized_by)
}
