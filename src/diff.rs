//! What changed between two versions of the profiles (or two user counts),
//! priced: components added, removed and changed, with their monthly cost
//! before and after, and each pool's share of the change.

use crate::engine::{cost, CostReport};
use crate::error::Result;
use crate::model::profile::{Component, Profile};
use crate::model::Document;
use crate::money::Money;
use crate::verdict::Verdict;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

pub const DIFF_SCHEMA: &str = "archplan.diff/v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentDiff {
    pub component: String,
    pub kind: String,
    pub change: Change,
    pub before: Money,
    pub after: Money,
    pub delta: Money,
    /// `field: old → new` for each size that changed.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PoolDelta {
    pub name: String,
    pub amount: Money,
    pub before: Money,
    pub after: Money,
    pub delta: Money,
    /// The delta as a share of the pool's amount.
    pub share_percent: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileDiff {
    pub profile: String,
    pub change: Change,
    pub users_before: u64,
    pub users_after: u64,
    pub tier_before: Option<u64>,
    pub tier_after: Option<u64>,
    pub before: Money,
    pub after: Money,
    pub delta: Money,
    /// Only components that changed; `unchanged` counts the rest.
    pub components: Vec<ComponentDiff>,
    pub unchanged: usize,
    pub pools: Vec<PoolDelta>,
    pub fits_before: Option<bool>,
    pub fits_after: Option<bool>,
    /// The verdicts of both sides (what is over, what lands on the card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict_before: Option<Verdict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict_after: Option<Verdict>,
    /// The models the changed side uses that retire within 90 days.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retiring: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub schema: &'static str,
    pub base: String,
    pub head: String,
    pub diffs: Vec<ProfileDiff>,
    /// The delta when there is one priced difference. Profiles are
    /// alternative architectures, and one profile at several user counts is
    /// several alternatives too: their deltas are never added up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<Money>,
}

/// What to compare: the same user counts on both sides, or two counts.
#[derive(Debug, Clone)]
pub enum At {
    EveryTier,
    Users(Vec<u64>),
    Move { from: u64, to: u64 },
}

pub fn diff(
    base: &Workspace,
    head: &Workspace,
    at: &At,
    only: &[String],
    labels: (String, String),
) -> Result<DiffReport> {
    let mut names: BTreeSet<&str> = base.profile_names().into_iter().collect();
    names.extend(head.profile_names());
    if !only.is_empty() {
        for n in only {
            if !names.contains(n.as_str()) {
                head.profile(n)?;
            }
        }
        names.retain(|n| only.iter().any(|o| o == n));
    }
    let mut diffs = Vec::new();
    for name in names {
        let b = base.profile(name).ok();
        let h = head.profile(name).ok();
        let pairs: Vec<(u64, u64)> = match at {
            At::Users(counts) => counts.iter().map(|&n| (n, n)).collect(),
            At::Move { from, to } => vec![(*from, *to)],
            At::EveryTier => {
                let mut counts: BTreeSet<u64> = BTreeSet::new();
                for d in [b, h].into_iter().flatten() {
                    counts.extend(d.value.tiers.iter().map(|t| t.users));
                }
                counts.into_iter().map(|n| (n, n)).collect()
            }
        };
        for (ub, ua) in pairs {
            let before = b.map(|d| cost(base, d, ub).map(|r| (d, r))).transpose()?;
            let after = h.map(|d| cost(head, d, ua).map(|r| (d, r))).transpose()?;
            let d = profile_diff(name, head, ub, ua, before.as_ref(), after.as_ref());
            if at.is_move() || d.change != Change::Unchanged {
                diffs.push(d);
            }
        }
    }
    let delta = match &diffs[..] {
        [one] => Some(one.delta),
        _ => None,
    };
    Ok(DiffReport {
        schema: DIFF_SCHEMA,
        base: labels.0,
        head: labels.1,
        diffs,
        delta,
    })
}

impl At {
    fn is_move(&self) -> bool {
        matches!(self, At::Move { .. })
    }
}

type Side<'a> = (&'a Document<Profile>, CostReport);

fn component_costs(r: &CostReport, name: &str) -> Money {
    r.lines
        .iter()
        .filter(|l| l.component == name)
        .map(|l| l.cost.expected)
        .sum()
}

fn tier_components<'a>(side: Option<&'a Side>) -> Vec<&'a Component> {
    side.map(|(d, r)| d.value.tiers[r.tier.index].components.iter().collect())
        .unwrap_or_default()
}

fn profile_diff(
    name: &str,
    head: &Workspace,
    ub: u64,
    ua: u64,
    before: Option<&Side>,
    after: Option<&Side>,
) -> ProfileDiff {
    let cb = tier_components(before);
    let ca = tier_components(after);
    let mut components = Vec::new();
    let mut unchanged = 0;
    let mut seen = BTreeSet::new();
    for c in cb.iter().chain(ca.iter()) {
        if !seen.insert(c.name.as_str()) {
            continue;
        }
        let old = cb.iter().find(|x| x.name == c.name);
        let new = ca.iter().find(|x| x.name == c.name);
        let cost_before = before
            .filter(|_| old.is_some())
            .map_or(Money::ZERO, |(_, r)| component_costs(r, &c.name));
        let cost_after = after
            .filter(|_| new.is_some())
            .map_or(Money::ZERO, |(_, r)| component_costs(r, &c.name));
        let mut fields = match (old, new) {
            (Some(o), Some(n)) => field_changes(o, n),
            _ => Vec::new(),
        };
        if fields.is_empty()
            && old.is_some()
            && new.is_some()
            && ub != ua
            && cost_before != cost_after
        {
            fields.push(format!("usage at {ub} → {ua} users"));
        }
        let change = match (old, new) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            _ if fields.is_empty() && cost_before == cost_after => Change::Unchanged,
            _ => Change::Changed,
        };
        if change == Change::Unchanged {
            unchanged += 1;
            continue;
        }
        components.push(ComponentDiff {
            component: c.name.clone(),
            kind: c.kind().as_str().to_string(),
            change,
            before: cost_before,
            after: cost_after,
            delta: cost_after - cost_before,
            fields,
        });
    }
    let total = |s: Option<&Side>| s.map_or(Money::ZERO, |(_, r)| r.total.expected);
    let pool_used = |s: Option<&Side>, pool: &str| {
        s.map_or(Money::ZERO, |(_, r)| {
            r.pools
                .iter()
                .find(|p| p.name == pool)
                .map_or(Money::ZERO, |p| p.used.expected)
        })
    };
    let funding = crate::engine::funding::Funding::new(&head.budget.value);
    let pools = head
        .budget
        .value
        .pools
        .iter()
        .zip(&funding.available)
        .map(|(p, &amount)| {
            let (b, a) = (pool_used(before, &p.name), pool_used(after, &p.name));
            let delta = a - b;
            PoolDelta {
                name: p.name.clone(),
                amount,
                before: b,
                after: a,
                delta,
                share_percent: crate::money::percent_of(delta, amount),
            }
        })
        .collect();
    let change = match (before, after) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ if components.is_empty() && total(before) == total(after) => Change::Unchanged,
        _ => Change::Changed,
    };
    ProfileDiff {
        profile: name.to_string(),
        change,
        users_before: ub,
        users_after: ua,
        tier_before: before.map(|(_, r)| r.tier.users),
        tier_after: after.map(|(_, r)| r.tier.users),
        before: total(before),
        after: total(after),
        delta: total(after) - total(before),
        components,
        unchanged,
        pools,
        fits_before: before.map(|(_, r)| r.fits),
        fits_after: after.map(|(_, r)| r.fits),
        verdict_before: before.map(|(_, r)| r.verdict.clone()),
        verdict_after: after.map(|(_, r)| r.verdict.clone()),
        retiring: after.map(|(_, r)| r.retiring.clone()).unwrap_or_default(),
    }
}

/// `field: old → new` for every field that differs (notes and trade-offs aside).
fn field_changes(old: &Component, new: &Component) -> Vec<String> {
    let as_map = |c: &Component| match serde_json::to_value(c) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (o, n) = (as_map(old), as_map(new));
    let keys: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
    let show = |v: Option<&serde_json::Value>| match v {
        None => "—".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    keys.into_iter()
        .filter(|k| !matches!(k.as_str(), "note" | "trade_offs"))
        .filter(|k| o.get(*k) != n.get(*k))
        .map(|k| format!("{k}: {} → {}", show(o.get(k)), show(n.get(k))))
        .collect()
}
