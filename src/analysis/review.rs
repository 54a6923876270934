//! The review behind `archplan report`: the seed's pros-and-cons document,
//! every figure computed from the model, every text taken from the profile
//! in the requested language. Rendering (Markdown, HTML) is a template over
//! this value.

use super::compare::{compare, single_points_of_failure, Alternative};
use super::plan::{ProfilePlan, Threshold};
use crate::engine::capacity::{EquivalentUnit, Limit, Measure};
use crate::engine::charges::Basis;
use crate::engine::formula::Formula;
use crate::engine::size::{Size, SizePart};
use crate::engine::{self, CostReport, PoolUse, Range, TierChoice, TierModel};
use crate::error::Result;
use crate::kinds::llm::Llm;
use crate::kinds::DriverUse;
use crate::model::profile::{Component, Level, Profile, Spec};
use crate::model::review::{patched, Risk, RiskCategory, Text};
use crate::model::workload::Scenario;
use crate::model::Document;
use crate::money::Money;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

pub const REVIEW_SCHEMA: &str = "archplan.review/v1";

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub schema: &'static str,
    pub lang: String,
    pub version: String,
    pub profile: String,
    pub title: String,
    pub summary: String,
    pub users: u64,
    pub tier: TierChoice,
    pub cost: Range,
    pub per_user: Range,
    /// Fixed and usage-driven parts of the expected cost.
    pub fixed: Range,
    pub usage: Range,
    pub budget: Money,
    /// Each pool of the budget, then the whole budget ("total"): each with
    /// what it has left, or how much it is over.
    pub pools: Vec<PoolUse>,
    pub fits: bool,
    pub fits_high: bool,
    pub advantages: Advantages,
    pub risks: Vec<RiskView>,
    pub exposures: Vec<RiskView>,
    pub limits: Vec<LimitView>,
    pub facts: Vec<FactView>,
    pub variable: Vec<VariableView>,
    pub lock_in: Option<Level>,
    pub lock_in_notes: Vec<ConcernView>,
    pub ops_burden: Option<Level>,
    pub vendors: Vec<String>,
    pub operations: Vec<ConcernView>,
    pub recommendations: Vec<Horizon>,
    pub alternatives: Vec<AlternativeView>,
    pub verdict: Verdict,
    pub thresholds: Vec<Threshold>,
    pub assumptions: Vec<AssumptionView>,
    /// What cannot work as drawn, each with its fixes priced.
    pub defects: Vec<DefectView>,
}

/// A link that cannot be made (or a load balancer with no target), in the
/// review's language, with each fix and what it changes in the month.
#[derive(Debug, Clone, Serialize)]
pub struct DefectView {
    pub from: String,
    pub to: Option<String>,
    pub why: String,
    pub fixes: Vec<FixView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixView {
    pub what: String,
    pub monthly: Range,
}

#[derive(Debug, Clone, Serialize)]
pub struct Advantages {
    /// Alternatives that cost more, with the saving.
    pub cheaper_than: Vec<Cheaper>,
    /// Components that cost less here than their counterpart elsewhere.
    pub swaps: Vec<Swap>,
    /// Credit pools (restricted to some vendors, or one-off balances): how
    /// much of them is used, what spills on, how long a balance lasts.
    pub credits: Vec<PoolUse>,
    /// Most users served within capacity.
    pub ceiling: Option<u64>,
    pub sections: Vec<SectionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cheaper {
    pub profile: String,
    pub title: String,
    pub cost: Range,
    pub saving: Money,
    /// Saving as a share of the alternative's expected cost, in percent.
    pub percent: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct Swap {
    pub component: String,
    pub here: Size,
    pub cost: Range,
    pub other_profile: String,
    pub other: Size,
    pub other_cost: Range,
    pub saving: Money,
    pub percent: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    pub points: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    pub id: String,
    pub component: String,
    pub size: Size,
    pub title: String,
    pub risk: String,
    pub impact: String,
    pub mitigations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<UpgradeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UpgradeView {
    pub title: String,
    /// Monthly cost of the tier with the upgrade minus without, at the review's users.
    pub cost: Range,
}

#[derive(Debug, Clone, Serialize)]
pub struct LimitView {
    pub component: String,
    pub kind: String,
    pub resource: String,
    pub size: Size,
    pub hard: bool,
    pub measure: Measure,
    pub capacity: Decimal,
    /// Demand at the review's user count (expected).
    pub demand: Decimal,
    /// Demand over capacity at the review's user count, percent.
    pub utilisation: ScenarioDecimal,
    pub holds: ScenarioUsers,
    /// The hard limit that runs out first in this tier.
    pub first: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equivalent: Option<EquivalentView>,
    pub capacity_basis: Formula,
    pub demand_basis: Formula,
    pub source: String,
    pub uncertain: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioDecimal {
    pub low: Decimal,
    pub expected: Decimal,
    pub high: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioUsers {
    pub low: Option<u64>,
    pub expected: Option<u64>,
    pub high: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EquivalentView {
    pub amount: Decimal,
    /// messages | active-users
    pub unit: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub component: String,
    pub size: Size,
    pub id: String,
    pub value: Option<Decimal>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VariableView {
    pub component: String,
    pub kind: String,
    pub cost: Range,
    /// Share of the usage-driven total (expected), percent.
    pub share: Decimal,
    pub drivers: Vec<DriverView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    pub mitigations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DriverView {
    pub name: String,
    pub unit: String,
    pub low: Decimal,
    pub expected: Decimal,
    pub high: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConcernView {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    pub impact: String,
    pub mitigations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Horizon {
    /// short_term | medium_term | long_term
    pub id: &'static str,
    pub items: Vec<RecommendationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationView {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    pub points: Vec<String>,
    /// Monthly cost of what it changes (the upgrades it names, the
    /// components it adds, the fields and drivers it sets), priced together;
    /// absent when nothing of it applies to the tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Range>,
    /// Why it has no price, when the catalog cannot give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpriced: Option<String>,
    /// It is already in the tier (what it would add is there, what it sets
    /// is set): nothing to price.
    pub in_place: bool,
    /// The same upgrades one by one.
    pub parts: Vec<UpgradeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlternativeView {
    pub profile: String,
    pub title: String,
    pub subject: bool,
    #[serde(flatten)]
    pub row: Alternative,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub sla_text: Option<String>,
    /// Titles of the single points of failure, in the review's language.
    pub spof_titles: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The verdict `archplan cost` gives: fits, what is over, the tightest
    /// pool, what lands on the card.
    #[serde(flatten)]
    pub outcome: crate::verdict::Verdict,
    pub fits_high: bool,
    /// 1 = the cheapest of the architectures compared (expected cost).
    pub rank: usize,
    pub compared: usize,
    pub cheapest: String,
    /// The cheapest architecture whose expected cost fits every pool.
    pub cheapest_fitting: Option<String>,
    pub risks: usize,
    pub exposures: usize,
    pub ceiling: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Threshold>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssumptionView {
    pub name: String,
    pub value: Decimal,
    pub unit: String,
    pub why: String,
}

fn texts(v: &[Text], lang: &str) -> Vec<String> {
    v.iter().map(|t| t.get(lang).to_string()).collect()
}

fn percent_of(part: Money, whole: Money) -> Decimal {
    if whole.amount().is_zero() {
        Decimal::ZERO
    } else {
        (part.amount() * Decimal::from(100) / whole.amount()).round_dp(0)
    }
}

/// Cost of a component's lines in a report.
fn component_cost(report: &CostReport, component: &str) -> Range {
    Range::sum(
        report
            .lines
            .iter()
            .filter(|l| l.component == component)
            .map(|l| &l.cost),
    )
}

/// The monthly cost of a tier with some risks' upgrades made, minus without,
/// at N users; `None` when none of the risks applies to the tier.
pub fn upgrade_cost(
    ws: &Workspace,
    doc: &Document<Profile>,
    tier_index: usize,
    risks: &[&Risk],
    users: u64,
) -> Result<Option<Range>> {
    let mut value = doc.value.clone();
    if !apply_upgrades(doc, &mut value, tier_index, risks)? {
        return Ok(None);
    }
    let changed_doc = Document::new(value, doc.file.clone(), doc.text.clone());
    let before = TierModel::build(ws, doc, tier_index)?;
    let after = TierModel::build(ws, &changed_doc, tier_index)?;
    Ok(Some(Range::of(|s| {
        after.total_at(users, s) - before.total_at(users, s)
    })))
}

/// Whether a recommendation changes anything the model can price.
fn has_changes(item: &crate::model::review::Recommendation) -> bool {
    !item.upgrades.is_empty()
        || !item.add.is_empty()
        || !item.set.is_empty()
        || !item.drivers.is_empty()
}

/// The monthly cost of a recommendation at the tier: the tier with its
/// risks' upgrades made, its components added, its fields and workload
/// drivers set, minus the tier as it is; `None` when none of it applies.
fn recommendation_cost(
    ws: &Workspace,
    doc: &Document<Profile>,
    before: &TierModel,
    tier_index: usize,
    item: &crate::model::review::Recommendation,
    risks: &[&Risk],
    users: u64,
) -> Result<Option<Range>> {
    let mut value = doc.value.clone();
    let mut applied = apply_upgrades(doc, &mut value, tier_index, risks)?;
    let at = || {
        crate::model::locate::YamlPath::root()
            .key("qualities")
            .key("recommendations")
    };
    let tier = &mut value.tiers[tier_index];
    for (name, fields) in &item.set {
        let Some(pos) = tier.components.iter().position(|c| &c.name == name) else {
            continue;
        };
        let changed = patched(&tier.components[pos], fields).map_err(|e| {
            doc.error_at(
                &at(),
                format!("a recommendation makes component \"{name}\" invalid: {e}"),
            )
        })?;
        if changed.spec != tier.components[pos].spec {
            tier.components[pos] = changed;
            applied = true;
        }
    }
    for c in &item.add {
        if !tier.components.iter().any(|x| x.name == c.name) {
            tier.components.push(c.clone());
            applied = true;
        }
    }
    let mut changed_workload = None;
    if !item.drivers.is_empty() {
        let mut w = ws.workload.value.clone();
        for (name, v) in &item.drivers {
            let Some(d) = w.drivers.get_mut(name) else {
                let known: Vec<&str> = ws
                    .workload
                    .value
                    .drivers
                    .keys()
                    .map(String::as_str)
                    .collect();
                return Err(doc
                    .error_at(
                        &at(),
                        format!("a recommendation sets driver `{name}`, which the workload does not give"),
                    )
                    .suggest(crate::error::closest(name, known).map(|s| format!("`{s}`"))));
            };
            if (d.low, d.expected, d.high) != (*v, *v, *v) {
                (d.low, d.expected, d.high) = (*v, *v, *v);
                applied = true;
            }
        }
        changed_workload = Some(w);
    }
    if !applied {
        return Ok(None);
    }
    let changed_doc = Document::new(value, doc.file.clone(), doc.text.clone());
    let workload = changed_workload.as_ref().unwrap_or(&ws.workload.value);
    let after = TierModel::build_with(ws, workload, &changed_doc, tier_index)?;
    Ok(Some(Range::of(|s| {
        after.total_at(users, s) - before.total_at(users, s)
    })))
}

/// Makes the upgrades of `risks` that apply to tier `tier_index` of
/// `value`; whether any did.
fn apply_upgrades(
    doc: &Document<Profile>,
    value: &mut Profile,
    tier_index: usize,
    risks: &[&Risk],
) -> Result<bool> {
    let mut applied = false;
    for risk in risks {
        let Some(up) = &risk.upgrade else { continue };
        let tier = &mut value.tiers[tier_index];
        let Some(pos) = tier.components.iter().position(|c| risk.applies_to(c)) else {
            continue;
        };
        let changed: Component = patched(&tier.components[pos], &up.set).map_err(|e| {
            doc.error_at(
                &crate::model::locate::YamlPath::root()
                    .key("qualities")
                    .key("risks"),
                format!(
                    "the upgrade of risk \"{}\" makes an invalid component: {e}",
                    risk.id
                ),
            )
        })?;
        tier.components[pos] = changed;
        for c in &up.add {
            if !tier.components.iter().any(|x| x.name == c.name) {
                tier.components.push(c.clone());
            }
        }
        applied = true;
    }
    Ok(applied)
}

pub fn review(ws: &Workspace, profile: &str, users: u64, lang: &str) -> Result<Review> {
    let doc = ws.profile(profile)?;
    let p = &doc.value;
    let q = &p.qualities;
    let plan = ProfilePlan::build(ws, doc)?;
    let report = engine::cost(ws, doc, users)?;
    let tier_index = report.tier.index;
    let tier = &p.tiers[tier_index];
    let comparison = compare(ws, &[users], profile)?;
    let rows = comparison
        .groups
        .into_iter()
        .next()
        .map(|g| g.rows)
        .unwrap_or_default();

    // Advantages: computed first, then the profile's own.
    let mut cheaper_than: Vec<Cheaper> = rows
        .iter()
        .filter(|r| r.profile != p.name && r.cost.expected > report.total.expected)
        .map(|r| Cheaper {
            profile: r.profile.clone(),
            title: r.title.clone(),
            cost: r.cost,
            saving: r.cost.expected - report.total.expected,
            percent: percent_of(r.cost.expected - report.total.expected, r.cost.expected),
        })
        .collect();
    cheaper_than.sort_by_key(|c| std::cmp::Reverse(c.saving));
    let mut swaps = Vec::new();
    for c in &tier.components {
        let here = component_cost(&report, &c.name);
        let mut best: Option<Swap> = None;
        for other in ws.profiles.iter().filter(|d| d.value.name != p.name) {
            let other_report = engine::cost(ws, other, users)?;
            let other_tier = &other.value.tiers[other_report.tier.index];
            let Some(oc) = other_tier.components.iter().find(|x| x.name == c.name) else {
                continue;
            };
            // The same part as far as a reader can tell (kind, size and model
            // provider): a difference between them is not a swap to suggest.
            let provider = |x: &Component| x.spec.get::<Llm>().map(|l| l.provider);
            if oc.kind() == c.kind() && Size::of(oc) == Size::of(c) && provider(oc) == provider(c) {
                continue;
            }
            let there = component_cost(&other_report, &c.name);
            let saving = there.expected - here.expected;
            if saving > Money::ZERO && best.as_ref().is_none_or(|b| saving > b.saving) {
                best = Some(Swap {
                    component: c.name.clone(),
                    here: describe(c),
                    cost: here,
                    other_profile: other.value.name.clone(),
                    other: describe(oc),
                    other_cost: there,
                    saving,
                    percent: percent_of(saving, there.expected),
                });
            }
        }
        swaps.extend(best);
    }
    let credits: Vec<PoolUse> = report
        .pools
        .iter()
        .filter(|pu| {
            ws.budget
                .value
                .pool(&pu.name)
                .is_some_and(|pool| !pool.is_card())
        })
        .cloned()
        .collect();
    let advantages = Advantages {
        cheaper_than,
        swaps,
        credits,
        ceiling: plan.ceiling(),
        sections: q
            .advantages
            .iter()
            .map(|s| SectionView {
                title: s.title.get(lang).to_string(),
                points: texts(&s.points, lang),
            })
            .collect(),
    };

    // Risks of the tier in use, with their upgrades priced.
    let mut risks = Vec::new();
    let mut exposures = Vec::new();
    for r in &q.risks {
        let Some(c) = tier.components.iter().find(|c| r.applies_to(c)) else {
            continue;
        };
        let upgrade = match &r.upgrade {
            Some(up) => upgrade_cost(ws, doc, tier_index, &[r], users)?.map(|cost| UpgradeView {
                title: up.title.get(lang).to_string(),
                cost,
            }),
            None => None,
        };
        let view = RiskView {
            id: r.id.clone(),
            component: c.name.clone(),
            size: Size::of(c),
            title: r.title.get(lang).to_string(),
            risk: r.risk.get(lang).to_string(),
            impact: r.impact.get(lang).to_string(),
            mitigations: texts(&r.mitigations, lang),
            upgrade,
        };
        match r.category {
            RiskCategory::Availability => risks.push(view),
            RiskCategory::Security => exposures.push(view),
        }
    }

    // Technical limits of the tier in use, at the review's user count.
    let tier_cap = &plan.capacity.tiers[tier_index];
    let first = tier_cap
        .first_limit(Scenario::Expected)
        .map(|(l, _)| (l.component.clone(), l.resource));
    let limits = tier_cap
        .limits
        .iter()
        .map(|l| limit_view(l, users, first.as_ref()))
        .collect();
    let facts = tier_cap
        .facts
        .iter()
        .map(|f| FactView {
            component: f.component.clone(),
            size: f.size.clone(),
            id: f.id.to_string(),
            value: f.value,
            source: f.source.clone(),
        })
        .collect();

    // Variable costs: usage lines by component, with their drivers.
    let mut variable = Vec::new();
    for c in &tier.components {
        let lines: Vec<_> = report
            .lines
            .iter()
            .filter(|l| l.component == c.name && l.basis == Basis::Usage)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let cost = Range::sum(lines.iter().map(|l| &l.cost));
        let note = q.variable_costs.iter().find(|v| v.component == c.name);
        let drivers = c
            .spec
            .part()
            .drivers()
            .into_iter()
            .filter(|d| d.why == DriverUse::Bills)
            .filter_map(|read| {
                ws.workload.value.get(&read.name).map(|d| DriverView {
                    name: read.name.clone(),
                    unit: d.unit_in(&read.name, lang),
                    low: d.low.normalize(),
                    expected: d.expected.normalize(),
                    high: d.high.normalize(),
                })
            })
            .collect();
        variable.push(VariableView {
            component: c.name.clone(),
            kind: c.kind().as_str().to_string(),
            cost,
            share: percent_of(cost.expected, report.usage.expected),
            drivers,
            risk: note.map(|n| n.risk.get(lang).to_string()),
            mitigations: note
                .map(|n| texts(&n.mitigations, lang))
                .unwrap_or_default(),
        });
    }
    variable.sort_by_key(|v| std::cmp::Reverse(v.cost.expected));

    let vendors: Vec<String> = report
        .lines
        .iter()
        .map(|l| l.vendor.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    // Recommendations, with the upgrades they name priced together.
    let mut recommendations = Vec::new();
    for (id, items) in q.recommendations.horizons() {
        let mut out = Vec::new();
        for item in items {
            let named: Vec<&Risk> = item
                .upgrades
                .iter()
                .filter_map(|rid| q.risks.iter().find(|r| &r.id == rid))
                .collect();
            let cost = recommendation_cost(
                ws,
                doc,
                &plan.models[tier_index],
                tier_index,
                item,
                &named,
                users,
            )?;
            let mut parts = Vec::new();
            for r in &named {
                if let (Some(up), Some(c)) =
                    (&r.upgrade, upgrade_cost(ws, doc, tier_index, &[r], users)?)
                {
                    parts.push(UpgradeView {
                        title: up.title.get(lang).to_string(),
                        cost: c,
                    });
                }
            }
            out.push(RecommendationView {
                title: item.title.get(lang).to_string(),
                condition: item.condition.as_ref().map(|c| c.get(lang).to_string()),
                points: texts(&item.points, lang),
                in_place: cost.is_none() && item.unpriced.is_none() && has_changes(item),
                cost,
                unpriced: item.unpriced.as_ref().map(|t| t.get(lang).to_string()),
                parts,
            });
        }
        if !out.is_empty() {
            recommendations.push(Horizon { id, items: out });
        }
    }

    // Alternatives, then the verdict drawn from them.
    let mut by_cost: Vec<&Alternative> = rows.iter().collect();
    by_cost.sort_by_key(|r| r.cost.expected);
    let rank = by_cost
        .iter()
        .position(|r| r.profile == p.name)
        .map_or(0, |i| i + 1);
    let cheapest = by_cost
        .first()
        .map(|r| r.profile.clone())
        .unwrap_or_default();
    let cheapest_fitting = by_cost.iter().find(|r| r.fits).map(|r| r.profile.clone());
    let alternatives = rows
        .iter()
        .map(|r| {
            let d = ws.profiles.iter().find(|d| d.value.name == r.profile);
            let qq = d.map(|d| &d.value.qualities);
            AlternativeView {
                profile: r.profile.clone(),
                title: r.title.clone(),
                subject: r.profile == p.name,
                row: r.clone(),
                pros: qq.map(|q| texts(&q.pros, lang)).unwrap_or_default(),
                cons: qq.map(|q| texts(&q.cons, lang)).unwrap_or_default(),
                sla_text: qq
                    .and_then(|q| q.sla.as_ref())
                    .map(|t| t.get(lang).to_string()),
                spof_titles: d
                    .and_then(|d| {
                        let tier = d.value.tiers.get(r.tier.index)?;
                        Some(
                            single_points_of_failure(&d.value, tier)
                                .map(|x| x.title.get(lang).to_string())
                                .collect(),
                        )
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let thresholds = plan.thresholds();
    let budget = ws.budget.value.total;
    let verdict = Verdict {
        outcome: report.verdict.clone(),
        fits_high: report.budget.fits_high && report.pools.iter().all(|p| p.fits_high),
        rank,
        compared: rows.len(),
        cheapest,
        cheapest_fitting,
        risks: risks.len(),
        exposures: exposures.len(),
        ceiling: plan.ceiling(),
        next: thresholds.iter().find(|t| t.at > users).cloned(),
    };
    let mut pools = report.pools.clone();
    pools.push(report.budget.clone());
    let defects = report
        .defects
        .iter()
        .map(|d| DefectView {
            from: d.from.clone(),
            to: d.to.clone(),
            why: d.why.get(lang).to_string(),
            fixes: d
                .fixes
                .iter()
                .map(|f| FixView {
                    what: f.what.get(lang).to_string(),
                    monthly: f.monthly,
                })
                .collect(),
        })
        .collect();
    Ok(Review {
        schema: REVIEW_SCHEMA,
        lang: lang.to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        profile: p.name.clone(),
        title: p.title.clone(),
        summary: p.summary.clone(),
        users,
        tier: report.tier.clone(),
        cost: report.total,
        per_user: report.per_user,
        fixed: report.fixed,
        usage: report.usage,
        budget,
        fits: verdict.outcome.fits,
        fits_high: verdict.fits_high,
        pools,
        advantages,
        risks,
        exposures,
        limits,
        facts,
        variable,
        lock_in: q.lock_in,
        lock_in_notes: q.lock_in_notes.iter().map(|c| concern(c, lang)).collect(),
        ops_burden: q.ops_burden,
        vendors,
        operations: q.operations.iter().map(|c| concern(c, lang)).collect(),
        recommendations,
        alternatives,
        verdict,
        thresholds,
        assumptions: ws
            .capacity
            .value
            .assumptions
            .all()
            .into_iter()
            .map(|(name, a)| AssumptionView {
                name: name.to_string(),
                value: a.value.normalize(),
                unit: a.unit.get(lang).to_string(),
                why: a.why.clone(),
            })
            .collect(),
        defects,
    })
}

fn concern(c: &crate::model::review::Concern, lang: &str) -> ConcernView {
    ConcernView {
        title: c.title.get(lang).to_string(),
        risk: c.risk.as_ref().map(|t| t.get(lang).to_string()),
        impact: c.impact.get(lang).to_string(),
        mitigations: texts(&c.mitigations, lang),
    }
}

/// "qstash", "fargate 2 × 1 vCPU/2 GB", "llm azure gpt-4o-mini".
fn describe(c: &Component) -> Size {
    let kind = c.kind().as_str();
    let mut parts = vec![SizePart::Name {
        name: kind.to_string(),
    }];
    if let Spec::Llm(llm) = &c.spec {
        parts.push(SizePart::Name {
            name: llm.provider.as_str().to_string(),
        });
    }
    let size = Size::of(c);
    if size != Size::named(kind) {
        parts.extend(size.0);
    }
    Size(parts)
}

fn limit_view(
    l: &Limit,
    users: u64,
    first: Option<&(String, crate::engine::capacity::Resource)>,
) -> LimitView {
    let pct = |s| (l.utilisation(users, s) * Decimal::from(100)).round_dp(1);
    LimitView {
        component: l.component.clone(),
        kind: l.kind.to_string(),
        resource: l.resource.as_str().to_string(),
        size: l.size.clone(),
        hard: l.hard,
        measure: l.measure,
        capacity: match l.measure {
            Measure::Connections | Measure::Invocations => l.capacity.floor(),
            _ => l.capacity,
        },
        demand: match l.measure {
            Measure::Connections | Measure::Invocations => {
                l.demand_at(users, Scenario::Expected).round_dp(1)
            }
            _ => l.demand_at(users, Scenario::Expected),
        },
        utilisation: ScenarioDecimal {
            low: pct(Scenario::Low),
            expected: pct(Scenario::Expected),
            high: pct(Scenario::High),
        },
        holds: ScenarioUsers {
            low: l.holds(Scenario::Low),
            expected: l.holds(Scenario::Expected),
            high: l.holds(Scenario::High),
        },
        first: first.is_some_and(|(c, r)| c == &l.component && *r == l.resource),
        equivalent: l.equivalent.as_ref().map(|e| EquivalentView {
            amount: e.amount,
            unit: match e.unit {
                EquivalentUnit::Messages => "messages",
                EquivalentUnit::ActiveUsers => "active-users",
            },
        }),
        capacity_basis: l.capacity_basis.clone(),
        demand_basis: l.demand_basis.clone(),
        source: l.source.clone(),
        uncertain: l.uncertain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{Sources, Workspace};

    fn ws() -> Workspace {
        Workspace::load(&Sources::default()).unwrap()
    }

    /// Multi-AZ for db.t4g.small at 50 users, by hand from pricing-data/aws.toml:
    /// instance 730 h × ($0.064 − $0.032) = $23.36; gp3 20 GB × ($0.23 − $0.115)
    /// = $2.30; total +$25.66 whatever the workload.
    #[test]
    fn the_multi_az_mitigation_costs_the_difference_of_the_two_tiers() {
        let ws = ws();
        let r = review(&ws, "current", 50, "en").unwrap();
        let rds = r.risks.iter().find(|x| x.id == "rds-single-az").unwrap();
        let up = rds.upgrade.as_ref().unwrap();
        assert_eq!(up.cost.expected, Money(rust_decimal_macros::dec!(25.66)));
        assert_eq!(up.cost.low, up.cost.high);
        // The second cache node: 730 h × $0.032 = $23.36, and its two alarms
        // (memory, CPU credits) at $0.10 = $23.56.
        let redis = r
            .risks
            .iter()
            .find(|x| x.id == "redis-single-node")
            .unwrap();
        assert_eq!(
            redis.upgrade.as_ref().unwrap().cost.expected,
            Money(rust_decimal_macros::dec!(23.56))
        );
        // Both together, as the medium-term recommendation prices them.
        let multi = r
            .recommendations
            .iter()
            .flat_map(|h| &h.items)
            .find(|i| i.parts.len() == 2)
            .unwrap();
        assert_eq!(
            multi.cost.unwrap().expected,
            Money(rust_decimal_macros::dec!(49.22))
        );
    }

    #[test]
    fn risks_follow_the_tier_in_use() {
        let ws = ws();
        // From 124 users the 500-user tier is used: Multi-AZ, several cache
        // nodes; the review's drawing keeps its database public.
        let r = review(&ws, "as-drawn", 150, "en").unwrap();
        assert!(
            r.risks.is_empty(),
            "{:?}",
            r.risks.iter().map(|x| &x.id).collect::<Vec<_>>()
        );
        assert_eq!(r.exposures.len(), 1);
    }

    #[test]
    fn the_workers_swap_is_computed_against_fargate() {
        let ws = ws();
        let r = review(&ws, "current", 50, "en").unwrap();
        let w = r
            .advantages
            .swaps
            .iter()
            .find(|s| s.component == "workers")
            .unwrap();
        assert_eq!(w.other_profile, "all-aws");
        assert!(
            w.here.to_string().starts_with("qstash") && w.other.to_string().starts_with("fargate"),
            "{w:?}"
        );
        assert_eq!(w.saving, w.other_cost.expected - w.cost.expected);
    }
}
