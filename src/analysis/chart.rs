//! The data behind the charts: monthly cost against users for every
//! architecture, and the utilisation of each component of one architecture.

use super::plan::ProfilePlan;
use crate::engine::capacity::Resource;
use crate::engine::funding::Funding;
use crate::error::{Error, Result};
use crate::model::workload::Scenario;
use crate::money::Money;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    Log,
    Linear,
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub users: u64,
    pub cost: Money,
    /// Whether a tier holds these users (false: over capacity).
    pub held: bool,
    /// What each funding pool pays at these users, in the order of
    /// `CostChart::pools` (expected).
    pub pools: Vec<Money>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostSeries {
    pub profile: String,
    pub points: Vec<Point>,
    /// First user count of each new tier (expected cost there).
    pub changes: Vec<Point>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CostChart {
    pub scale: Scale,
    pub from: u64,
    pub to: u64,
    pub budget: Money,
    /// Funding pools: name and monthly amount.
    pub pools: Vec<(String, Money)>,
    /// Tier sizes (declared users) within the range.
    pub tiers: Vec<u64>,
    pub series: Vec<CostSeries>,
}

impl CostSeries {
    /// Whether this architecture draws on pool `i` anywhere in the range.
    pub fn draws_on(&self, i: usize) -> bool {
        self.points
            .iter()
            .any(|p| p.pools.get(i).is_some_and(|m| !m.amount().is_zero()))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UtilSeries {
    pub component: String,
    pub resource: Resource,
    /// (users, utilisation in percent of the tier in use)
    pub points: Vec<(u64, Decimal)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UtilChart {
    pub profile: String,
    pub scale: Scale,
    pub from: u64,
    pub to: u64,
    /// Tier sizes (declared users) within the range, marked as on the cost chart.
    pub tiers: Vec<u64>,
    /// User counts at which the tier in use changes.
    pub changes: Vec<u64>,
    pub series: Vec<UtilSeries>,
}

/// The users axis: from where to where, on which scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: u64,
    pub to: u64,
    pub scale: Scale,
}

impl Span {
    /// The axis the charts use unless told otherwise: linear from 0 to a
    /// little past the largest tier (a tenth more), so the tiers fill the
    /// width; a log axis keeps the decades 10–1,000 or to the largest tier.
    /// `from`/`to` replace either end.
    pub fn fit(
        largest_tier: u64,
        scale: Scale,
        from: Option<u64>,
        to: Option<u64>,
    ) -> Result<Span> {
        let largest = largest_tier.max(1);
        let (default_from, default_to) = match scale {
            Scale::Linear => (0, largest + largest.div_ceil(10)),
            Scale::Log => (10, largest.saturating_mul(2).max(1000)),
        };
        let span = Span {
            from: from.unwrap_or(default_from),
            to: to.unwrap_or(default_to),
            scale,
        };
        if scale == Scale::Log && span.from == 0 {
            return Err(Error::input(
                "--from 0 has no place on a log scale; expected --from 1 or more (or --scale linear)"
                    .to_string(),
            ));
        }
        check_range(span.from, span.to)?;
        Ok(span)
    }
}

/// The largest declared tier of the named profiles.
pub fn largest_tier(ws: &Workspace, profiles: &[String]) -> Result<u64> {
    let mut largest = 0;
    for name in profiles {
        let doc = ws.profile(name)?;
        largest = doc
            .value
            .tiers
            .iter()
            .map(|t| t.users)
            .fold(largest, u64::max);
    }
    Ok(largest)
}

/// About `n` user counts spread over the range (geometrically for a log axis).
pub fn sample(from: u64, to: u64, scale: Scale, n: usize) -> Vec<u64> {
    let mut out = Vec::with_capacity(n + 2);
    let (a, b) = (from as f64, to as f64);
    for i in 0..=n {
        let t = i as f64 / n as f64;
        let x = match scale {
            Scale::Log => a * (b / a).powf(t),
            Scale::Linear => a + (b - a) * t,
        };
        out.push((x.round() as u64).clamp(from, to));
    }
    out.push(from);
    out.push(to);
    out.sort_unstable();
    out.dedup();
    out
}

fn check_range(from: u64, to: u64) -> Result<()> {
    if from >= to {
        return Err(Error::input(format!(
            "--from {from} is not below --to {to}; expected a range like --from 10 --to 1000"
        )));
    }
    Ok(())
}

/// Every user count where something steps: the sample, and both sides of
/// each tier change.
fn users_for(plan: &ProfilePlan, base: &[u64], from: u64, to: u64) -> Vec<u64> {
    let mut users = base.to_vec();
    for t in plan.capacity.transitions() {
        for u in [t.at.saturating_sub(1), t.at] {
            if (from..=to).contains(&u) {
                users.push(u);
            }
        }
    }
    users.sort_unstable();
    users.dedup();
    users
}

/// Monthly cost against users for the named architectures (in their order),
/// with what each funding pool pays.
pub fn cost_chart(ws: &Workspace, profiles: &[String], span: Span) -> Result<CostChart> {
    let Span { from, to, scale } = span;
    check_range(from, to)?;
    let funding = Funding::new(&ws.budget.value);
    let pools: Vec<(String, Money)> = funding
        .names
        .iter()
        .cloned()
        .zip(funding.available.iter().copied())
        .collect();
    let base = sample(from, to, scale, 160);
    let mut series = Vec::new();
    let mut tiers = Vec::new();
    for name in profiles {
        let doc = ws.profile(name)?;
        let plan = ProfilePlan::build(ws, doc)?;
        let points = users_for(&plan, &base, from, to)
            .into_iter()
            .map(|u| {
                let c = plan.choose(u);
                let model = &plan.models[c.index];
                Point {
                    users: u,
                    cost: model.total_at(u, Scenario::Expected),
                    held: !c.beyond_largest,
                    // What lands on each pool once credits have spilled.
                    pools: {
                        let own: Vec<Money> = pools
                            .iter()
                            .map(|(pool, _)| {
                                model
                                    .lines
                                    .iter()
                                    .filter(|l| &l.pool == pool)
                                    .map(|l| l.cost_at(u, Scenario::Expected))
                                    .sum()
                            })
                            .collect();
                        funding.settle(&own).iter().map(|x| x.landed).collect()
                    },
                }
            })
            .collect();
        let changes = plan
            .thresholds()
            .iter()
            .filter(|t| (from..=to).contains(&t.at))
            .map(|t| Point {
                users: t.at,
                cost: t.to_cost.unwrap_or(t.from_cost).expected,
                held: t.to_users.is_some(),
                pools: Vec::new(),
            })
            .collect();
        tiers.extend(tier_sizes(doc, from, to));
        series.push(CostSeries {
            profile: doc.value.name.clone(),
            points,
            changes,
        });
    }
    tiers.sort_unstable();
    tiers.dedup();
    Ok(CostChart {
        scale,
        from,
        to,
        budget: ws.budget.value.total,
        pools,
        tiers,
        series,
    })
}

/// The declared tier sizes of a profile within the range.
fn tier_sizes(
    doc: &crate::model::Document<crate::model::profile::Profile>,
    from: u64,
    to: u64,
) -> Vec<u64> {
    doc.value
        .tiers
        .iter()
        .map(|t| t.users)
        .filter(|u| (from..=to).contains(u))
        .collect()
}

pub fn utilisation_chart(ws: &Workspace, profile: &str, span: Span) -> Result<UtilChart> {
    let Span { from, to, scale } = span;
    check_range(from, to)?;
    let doc = ws.profile(profile)?;
    let plan = ProfilePlan::build(ws, doc)?;
    let users = users_for(&plan, &sample(from, to, scale, 160), from, to);
    let mut series: Vec<UtilSeries> = Vec::new();
    for &u in &users {
        let c = plan.choose(u);
        for l in plan.capacity.tiers[c.index]
            .limits
            .iter()
            .filter(|l| l.hard)
        {
            let pct = (l.utilisation(u, Scenario::Expected) * Decimal::from(100)).round_dp(2);
            match series
                .iter_mut()
                .find(|s| s.component == l.component && s.resource == l.resource)
            {
                Some(s) => s.points.push((u, pct)),
                None => series.push(UtilSeries {
                    component: l.component.clone(),
                    resource: l.resource,
                    points: vec![(u, pct)],
                }),
            }
        }
    }
    let changes = plan
        .capacity
        .transitions()
        .iter()
        .map(|t| t.at)
        .filter(|u| (from..=to).contains(u))
        .collect();
    let mut tiers = tier_sizes(doc, from, to);
    tiers.sort_unstable();
    tiers.dedup();
    Ok(UtilChart {
        profile: profile.to_string(),
        scale,
        from,
        to,
        tiers,
        changes,
        series,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_cover_the_range_in_order() {
        let s = sample(10, 1000, Scale::Log, 160);
        assert_eq!((s[0], *s.last().unwrap()), (10, 1000));
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert!(s.len() > 100);
        let l = sample(1, 5, Scale::Linear, 160);
        assert_eq!(l, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn the_default_axis_is_linear_from_zero_to_a_little_past_the_largest_tier() {
        let span = Span::fit(500, Scale::Linear, None, None).unwrap();
        assert_eq!(
            span,
            Span {
                from: 0,
                to: 550,
                scale: Scale::Linear
            }
        );
        let log = Span::fit(500, Scale::Log, None, None).unwrap();
        assert_eq!((log.from, log.to), (10, 1000));
        let chosen = Span::fit(500, Scale::Linear, Some(20), Some(300)).unwrap();
        assert_eq!((chosen.from, chosen.to), (20, 300));
        assert!(Span::fit(500, Scale::Log, Some(0), None).is_err());
        assert!(Span::fit(500, Scale::Linear, Some(600), None).is_err());
    }

    #[test]
    fn pool_spend_is_what_the_pool_pays_not_the_total() {
        let ws = Workspace::load(&crate::workspace::Sources::default()).unwrap();
        let names = vec!["current".to_string()];
        let span = Span::fit(
            largest_tier(&ws, &names).unwrap(),
            Scale::Linear,
            None,
            None,
        )
        .unwrap();
        let chart = cost_chart(&ws, &names, span).unwrap();
        let aws = chart.pools.iter().position(|(n, _)| n == "aws").unwrap();
        let plan = ProfilePlan::build(&ws, ws.profile("current").unwrap()).unwrap();
        for p in &chart.series[0].points {
            let report = plan.cost(&ws, p.users);
            let pool = report.pools.iter().find(|u| u.name == "aws").unwrap();
            assert_eq!(p.pools[aws], pool.used.expected, "{} users", p.users);
            // Every pool together pays the whole bill.
            assert_eq!(
                p.pools.iter().copied().sum::<Money>(),
                p.cost,
                "{} users",
                p.users
            );
        }
        // `current` pays Vercel and Azure lines: the AWS pool is less than the total.
        assert!(chart.series[0].points.iter().any(|p| p.pools[aws] < p.cost));
    }
}
