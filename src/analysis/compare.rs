//! `archplan compare alternatives`: every architecture side by side at the
//! same user count.

use super::plan::{difference, ProfilePlan, Threshold};
use crate::engine::{PoolUse, Range, TierChoice};
use crate::error::Result;
use crate::model::profile::{Level, Profile, Tier};
use crate::model::review::{Risk, RiskCategory};
use crate::money::Money;
use crate::verdict::Verdict;
use crate::workspace::Workspace;
use serde::Serialize;

pub const COMPARE_SCHEMA: &str = "archplan.compare/v1";

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub schema: &'static str,
    /// The whole budget (all pools).
    pub budget: Money,
    /// The architecture differences are measured against.
    pub baseline: String,
    pub groups: Vec<Group>,
}

/// Every architecture at one user count.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub users: u64,
    pub rows: Vec<Alternative>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    pub profile: String,
    pub title: String,
    pub users: u64,
    pub tier: TierChoice,
    pub cost: Range,
    pub per_user: Range,
    /// Expected cost minus the baseline's, scenario by scenario.
    pub vs_baseline: Range,
    pub pools: Vec<PoolUse>,
    /// The verdict: every pool and the whole budget fit the expected cost,
    /// and a tier holds the users.
    pub fits: bool,
    /// The total pool's headroom: the budget total minus the expected cost
    /// (negative when over). Each pool's is in `pools`.
    pub headroom: Money,
    /// What is over and by how much, or the tightest pool; what lands on the card.
    pub verdict: Verdict,
    /// The next tier change above this user count, priced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Threshold>,
    /// Users the profile serves at most within capacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops_burden: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock_in: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<String>,
    /// Single points of failure of the tier in use.
    pub spof: Vec<String>,
}

/// The user counts compared when none is given: every tier size of every profile.
pub fn tier_counts(ws: &Workspace) -> Vec<u64> {
    let mut counts: Vec<u64> = ws
        .profiles
        .iter()
        .flat_map(|p| p.value.tiers.iter().map(|t| t.users))
        .collect();
    counts.sort_unstable();
    counts.dedup();
    counts
}

pub fn compare(ws: &Workspace, users: &[u64], baseline: &str) -> Result<Comparison> {
    ws.profile(baseline)?;
    let plans = ws
        .profiles
        .iter()
        .map(|doc| ProfilePlan::build(ws, doc))
        .collect::<Result<Vec<_>>>()?;
    let mut groups = Vec::with_capacity(users.len());
    for &n in users {
        let base = plans
            .iter()
            .find(|p| p.name() == baseline)
            .map(|p| p.range(n))
            .unwrap_or_default();
        let rows = plans
            .iter()
            .map(|plan| alternative(ws, plan, n, &base))
            .collect::<Result<Vec<_>>>()?;
        groups.push(Group { users: n, rows });
    }
    Ok(Comparison {
        schema: COMPARE_SCHEMA,
        budget: ws.budget.value.total,
        baseline: baseline.to_string(),
        groups,
    })
}

/// The availability risks of a profile that apply to a tier.
pub fn single_points_of_failure<'a>(
    profile: &'a Profile,
    tier: &'a Tier,
) -> impl Iterator<Item = &'a Risk> {
    profile
        .qualities
        .risks
        .iter()
        .filter(|r| r.category == RiskCategory::Availability)
        .filter(|r| tier.components.iter().any(|c| r.applies_to(c)))
}

fn alternative(
    ws: &Workspace,
    plan: &ProfilePlan,
    users: u64,
    base: &Range,
) -> Result<Alternative> {
    let profile = &plan.doc.value;
    let report = plan.cost(ws, users);
    let tier = &profile.tiers[report.tier.index];
    let spof = single_points_of_failure(profile, tier)
        .map(|r| r.title.en().to_string())
        .collect();
    let next = plan.thresholds().into_iter().find(|t| t.at > users);
    let mut pools = report.pools.clone();
    pools.push(report.budget.clone());
    Ok(Alternative {
        profile: profile.name.clone(),
        title: profile.title.clone(),
        users,
        cost: report.total,
        per_user: report.per_user,
        vs_baseline: difference(&report.total, base),
        fits: report.fits,
        headroom: report.budget.headroom,
        verdict: report.verdict.clone(),
        pools,
        tier: report.tier,
        next,
        ceiling: plan.ceiling(),
        ops_burden: profile.qualities.ops_burden,
        lock_in: profile.qualities.lock_in,
        sla: profile.qualities.sla.as_ref().map(|t| t.en().to_string()),
        spof,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::plan::is_zero;
    use crate::workspace::{Sources, Workspace};

    #[test]
    fn the_baseline_differs_from_itself_by_zero_and_others_do_not() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        let c = compare(&ws, &[50, 137], "current").unwrap();
        for g in &c.groups {
            let base = g.rows.iter().find(|r| r.profile == "current").unwrap();
            assert!(is_zero(&base.vs_baseline), "{:?}", base.vs_baseline);
            let other = g.rows.iter().find(|r| r.profile == "all-aws").unwrap();
            assert_eq!(
                other.vs_baseline.expected,
                other.cost.expected - base.cost.expected
            );
            assert!(!is_zero(&other.vs_baseline));
        }
    }

    /// The expected cost of serverless's pipeline lines at 50 users.
    fn serverless_pipeline(ws: &Workspace) -> Money {
        let r = crate::engine::cost(ws, ws.profile("serverless").unwrap(), 50).unwrap();
        r.lines
            .iter()
            .filter(|l| l.component == "pipeline")
            .map(|l| l.cost.expected)
            .sum()
    }

    #[test]
    fn headroom_and_fit_come_from_the_budget() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        let c = compare(&ws, &[50], "current").unwrap();
        for r in &c.groups[0].rows {
            assert_eq!(
                r.headroom,
                ws.budget.value.total - r.cost.expected,
                "{}",
                r.profile
            );
            let total = r.pools.last().unwrap();
            assert_eq!(total.name, "total");
            // The verdict: every pool fits and the tier runs as drawn.
            let runs = !r
                .verdict
                .over
                .iter()
                .any(|o| matches!(o, crate::verdict::Overrun::Runs { .. }));
            assert_eq!(
                r.fits,
                runs && r.pools.iter().all(|p| p.fits),
                "{}",
                r.profile
            );
            assert_eq!(runs, r.profile != "as-drawn", "{}", r.profile);
        }
        // Serverless pays in cash, but for its video pipeline on Lambda, which
        // the AWS credits pay; the Azure credits stay unused.
        let serverless = c.groups[0]
            .rows
            .iter()
            .find(|r| r.profile == "serverless")
            .unwrap();
        let pool = |name: &str| {
            serverless
                .pools
                .iter()
                .find(|p| p.name == name)
                .unwrap()
                .used
                .expected
        };
        let pipeline = serverless_pipeline(&ws);
        assert_eq!((pool("aws"), pool("azure")), (pipeline, Money::ZERO));
        assert_eq!(pool("cash") + pipeline, serverless.cost.expected);
    }

    #[test]
    fn without_users_every_tier_count_is_compared() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        assert_eq!(tier_counts(&ws), vec![50, 100, 200, 500]);
    }

    #[test]
    fn an_unknown_baseline_is_an_input_error() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        let e = compare(&ws, &[50], "curent").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(e.suggestion.as_deref(), Some("\"current\""));
    }
}
