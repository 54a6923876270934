//! Thresholds and ranges of a profile's tiers, on top of the engine's
//! [`ProfilePlan`] (its capacity and a tier model per tier, built once).
//! Everything that walks user counts (thresholds, sweeps, charts,
//! comparisons) starts here.

use crate::engine::capacity::{Cause, Resource, Transition};
use crate::engine::size::Size;
pub use crate::engine::ProfilePlan;
use crate::engine::Range;
use crate::model::profile::{Component, Tier};
use crate::model::workload::Scenario;
use crate::money::Money;
use serde::Serialize;

/// A tier change, priced: what it costs to move at that user count.
#[derive(Debug, Clone, Serialize)]
pub struct Threshold {
    /// First user count the old tier no longer serves.
    pub at: u64,
    pub from_users: u64,
    /// `None` when no tier holds `at` users.
    pub to_users: Option<u64>,
    #[serde(flatten)]
    pub cause: Cause,
    /// Monthly cost of the old tier at `at` users.
    pub from_cost: Range,
    /// Monthly cost of the new tier at `at` users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_cost: Option<Range>,
    /// New minus old, at `at` users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<Range>,
    /// Components whose size changes ("database: db.t4g.small → db.t4g.medium").
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    pub component: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Size>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Size>,
}

/// What walks user counts (thresholds, sweeps, charts, comparisons) on top
/// of the engine's plan of a profile.
impl ProfilePlan<'_> {
    /// Monthly cost at N users on the tier chosen for N.
    pub fn range(&self, users: u64) -> Range {
        let model = &self.models[self.choose(users).index];
        Range::of(|s| model.total_at(users, s))
    }

    pub fn tier_range(&self, tier_index: usize, users: u64) -> Range {
        let model = &self.models[tier_index];
        Range::of(|s| model.total_at(users, s))
    }

    /// Every tier change as users grow, with its price. A move to a tier
    /// with the same components (a profile may repeat a tier) is no upgrade
    /// and is left out.
    pub fn thresholds(&self) -> Vec<Threshold> {
        self.capacity
            .transitions()
            .into_iter()
            .map(|t| self.price(&t))
            .filter(|t| t.to_users.is_none() || !t.changes.is_empty())
            .collect()
    }

    fn price(&self, t: &Transition) -> Threshold {
        let from_cost = self.tier_range(t.from_index, t.at);
        let to_cost = t.to_index.map(|i| self.tier_range(i, t.at));
        let delta = to_cost.map(|to| Range::of(|s| to.get(s) - from_cost.get(s)));
        let tiers = &self.doc.value.tiers;
        let changes = t
            .to_index
            .map(|i| changes(&tiers[t.from_index], &tiers[i]))
            .unwrap_or_default();
        Threshold {
            at: t.at,
            from_users: t.from_users,
            to_users: t.to_users,
            cause: t.cause.clone(),
            from_cost,
            to_cost,
            delta,
            changes,
        }
    }

    /// The most users the profile serves within capacity (expected): one
    /// less than the user count no tier holds; `None` if none binds.
    pub fn ceiling(&self) -> Option<u64> {
        self.capacity
            .transitions()
            .last()
            .filter(|t| t.to_index.is_none())
            .map(|t| t.at - 1)
    }
}

/// The size of a component in a few words, in English: `db.t4g.small
/// Single-AZ`, `cache.t4g.medium ×2`, `pro ×2 seats`.
pub fn size_label(c: &Component) -> String {
    Size::of(c).to_string()
}

/// Components that differ between two tiers, by name.
pub fn changes(from: &Tier, to: &Tier) -> Vec<Change> {
    let mut out = Vec::new();
    for a in &from.components {
        match to.components.iter().find(|b| b.name == a.name) {
            Some(b) => {
                let (x, y) = (Size::of(a), Size::of(b));
                if x != y || a.kind() != b.kind() {
                    out.push(Change {
                        component: a.name.clone(),
                        from: Some(x),
                        to: Some(y),
                    });
                }
            }
            None => out.push(Change {
                component: a.name.clone(),
                from: Some(Size::of(a)),
                to: None,
            }),
        }
    }
    for b in &to.components {
        if !from.components.iter().any(|a| a.name == b.name) {
            out.push(Change {
                component: b.name.clone(),
                from: None,
                to: Some(Size::of(b)),
            });
        }
    }
    out
}

/// Short English text of a cause, for tables and JSON consumers.
pub fn cause_text(cause: &Cause) -> String {
    match cause {
        Cause::Declared { users, limit } => match limit {
            Some(l) => format!(
                "tier sized for {users} users ({} {} ({}) holds {})",
                l.component,
                resource_text(l.resource),
                l.size,
                l.holds
            ),
            None => format!("tier sized for {users} users"),
        },
        Cause::Saturated {
            component,
            resource,
            size,
            holds,
        } => format!(
            "{component} {} ({size}) holds {holds} users",
            resource_text(*resource)
        ),
    }
}

pub fn resource_text(r: Resource) -> &'static str {
    match r {
        Resource::Memory => "memory",
        Resource::CacheMemory => "cache memory",
        Resource::Connections => "connections",
        Resource::Storage => "storage",
        Resource::Bandwidth => "bandwidth",
        Resource::Invocations => "function invocations",
        Resource::Disk => "disk",
        Resource::Backups => "backup space",
        Resource::Throughput => "generation throughput",
    }
}

/// Difference of two monthly ranges, scenario by scenario (`a − b`).
pub fn difference(a: &Range, b: &Range) -> Range {
    Range::of(|s| a.get(s) - b.get(s))
}

/// `Money` is exact, so a difference of equal amounts is exactly zero.
pub fn is_zero(r: &Range) -> bool {
    Scenario::ALL.iter().all(|&s| r.get(s) == Money::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::TierModel;
    use crate::workspace::{Sources, Workspace};

    #[test]
    fn thresholds_of_current_are_priced_with_the_engine() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        let doc = ws.profile("current").unwrap();
        let plan = ProfilePlan::build(&ws, doc).unwrap();
        let th = plan.thresholds();
        assert_eq!(
            th.iter().map(|t| t.at).collect::<Vec<_>>(),
            vec![51, 101, 201, 501]
        );
        // The +$X is the difference of the two tiers' costs at the threshold,
        // as `archplan cost` prices them.
        let first = &th[0];
        let small = TierModel::build(&ws, doc, 0).unwrap();
        let medium = TierModel::build(&ws, doc, 1).unwrap();
        let e = Scenario::Expected;
        assert_eq!(
            first.delta.unwrap().expected,
            medium.total_at(51, e) - small.total_at(51, e)
        );
        assert!(first.delta.unwrap().expected > Money::ZERO);
        let database = first
            .changes
            .iter()
            .find(|c| c.component == "database")
            .unwrap();
        assert_eq!(
            (
                database.from.as_ref().map(Size::to_string).as_deref(),
                database.to.as_ref().map(Size::to_string).as_deref()
            ),
            (
                Some("db.t4g.small Single-AZ 20 GB"),
                Some("db.t4g.medium Single-AZ 50 GB")
            )
        );
        assert!(th[3].to_users.is_none() && th[3].delta.is_none());
    }

    #[test]
    fn a_profile_compared_with_itself_differs_by_exactly_zero() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        for doc in &ws.profiles {
            let plan = ProfilePlan::build(&ws, doc).unwrap();
            for users in [1, 50, 51, 137, 500, 10_000] {
                let r = plan.range(users);
                assert!(
                    is_zero(&difference(&r, &r)),
                    "{} at {users}",
                    doc.value.name
                );
            }
        }
        // …and two different architectures do not.
        let a = ProfilePlan::build(&ws, ws.profile("current").unwrap())
            .unwrap()
            .range(50);
        let b = ProfilePlan::build(&ws, ws.profile("all-aws").unwrap())
            .unwrap()
            .range(50);
        assert!(!is_zero(&difference(&a, &b)));
    }
}
