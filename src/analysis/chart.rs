//! The data behind the charts: monthly cost against users for every
//! architecture, and the utilisation of each component of one architecture.

use super::plan::ProfilePlan;
use crate::engine::capacity::Resource;
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

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Point {
    pub users: u64,
    pub cost: Money,
    /// Whether a tier holds these users (false: over capacity).
    pub held: bool,
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
    /// User counts at which the tier in use changes.
    pub changes: Vec<u64>,
    pub series: Vec<UtilSeries>,
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

pub fn cost_chart(ws: &Workspace, from: u64, to: u64, scale: Scale) -> Result<CostChart> {
    check_range(from, to)?;
    let base = sample(from, to, scale, 160);
    let mut series = Vec::new();
    let mut tiers = Vec::new();
    for doc in &ws.profiles {
        let plan = ProfilePlan::build(ws, doc)?;
        let points = users_for(&plan, &base, from, to)
            .into_iter()
            .map(|u| {
                let c = plan.choose(u);
                Point {
                    users: u,
                    cost: plan.models[c.index].total_at(u, Scenario::Expected),
                    held: !c.beyond_largest,
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
            })
            .collect();
        tiers.extend(
            doc.value
                .tiers
                .iter()
                .map(|t| t.users)
                .filter(|u| (from..=to).contains(u)),
        );
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
        pools: ws
            .budget
            .value
            .pools
            .iter()
            .map(|p| (p.name.clone(), p.amount))
            .collect(),
        tiers,
        series,
    })
}

pub fn utilisation_chart(
    ws: &Workspace,
    profile: &str,
    from: u64,
    to: u64,
    scale: Scale,
) -> Result<UtilChart> {
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
    Ok(UtilChart {
        profile: profile.to_string(),
        scale,
        from,
        to,
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
}
