//! The words of the charts in a language, and how they write amounts and
//! user counts.

use crate::money::Money;

/// Words drawn on the charts, in the report's language.
#[derive(Debug, Clone)]
pub struct Labels {
    pub cost_title: String,
    pub util_title: String,
    pub users: String,
    pub cost: String,
    pub utilisation: String,
    pub budget: String,
    pub pool: String,
    pub tier: String,
    pub over_capacity: String,
    pub full: String,
    /// Heading of the whole-bill panel, `{0}` the budget.
    pub total: String,
    /// Heading of a pool's panel, `{0}` the pool, `{1}` its amount.
    pub pool_panel: String,
    /// Word next to a pool's limit line.
    pub limit: String,
    /// Resource names by id (`memory`, `cache-memory`…), for series labels.
    pub resources: std::collections::BTreeMap<String, String>,
}

impl Labels {
    pub fn english() -> Labels {
        Labels {
            cost_title: "Monthly cost against users (expected)".into(),
            util_title: "Component utilisation against users".into(),
            users: "users".into(),
            cost: "USD per month".into(),
            utilisation: "% of capacity".into(),
            budget: "budget".into(),
            pool: "pool".into(),
            tier: "{0}-user tier".into(),
            over_capacity: "dashed: beyond the largest tier (over capacity)".into(),
            full: "full".into(),
            total: "Whole bill, against the {0} budget".into(),
            pool_panel: "{0} pool: what it alone pays, limit {1}".into(),
            limit: "limit".into(),
            resources: Default::default(),
        }
    }

    /// The chart words of a language, from its catalog
    /// (`templates/report/<lang>.yaml`, key `chart`); a missing word is English.
    pub fn of_language(lang: &str) -> crate::error::Result<Labels> {
        let t = crate::render::report::catalog(lang)?;
        let c = &t["chart"];
        let get = |k: &str, fallback: String| c[k].as_str().map_or(fallback, str::to_string);
        let en = Labels::english();
        Ok(Labels {
            cost_title: get("cost_title", en.cost_title),
            util_title: get("util_title", en.util_title),
            users: get("users", en.users),
            cost: get("cost", en.cost),
            utilisation: get("utilisation", en.utilisation),
            budget: get("budget", en.budget),
            pool: get("pool", en.pool),
            tier: get("tier", en.tier),
            over_capacity: get("over_capacity", en.over_capacity),
            full: get("full", en.full),
            total: get("total", en.total),
            pool_panel: get("pool_panel", en.pool_panel),
            limit: get("limit", en.limit),
            resources: t["resources"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// How both charts name a tier boundary: "50-user tier" (the catalog's
    /// `tier` words with the size filled in).
    pub fn tier_label(&self, users: u64) -> String {
        let n = users_text(users);
        if self.tier.contains("{0}") {
            self.tier.replace("{0}", &n)
        } else {
            format!("{n} {}", self.tier)
        }
    }

    pub(super) fn resource(&self, r: crate::engine::capacity::Resource) -> String {
        self.resources
            .get(r.as_str())
            .cloned()
            .unwrap_or_else(|| crate::analysis::plan::resource_text(r).to_string())
    }
}

/// Amounts as the report writes them in every language (`$1,300`), so a
/// chart and the text around it agree.
pub(super) fn money_text(m: Money) -> String {
    m.display_whole()
}

/// User counts as the report writes them (`1,000`).
pub(super) fn users_text(users: u64) -> String {
    crate::render::quantity(users.into())
}

pub(super) fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}
