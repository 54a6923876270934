//! Capacity: what each component of a tier can hold, and how many users that is.
//!
//! Demand, like cost, is linear in the user count: each limit is a capacity
//! (from `capacity.yaml`, for the component's size) and a demand per user
//! (from the workload drivers and the assumptions in `capacity.yaml`). A limit
//! holds `floor(capacity / demand per user)` users. A tier holds the smallest
//! of its hard limits; soft limits (an included allowance billed beyond) are
//! shown but never force a tier change.

use super::formula::{Formula, FormulaUnit};
use super::quantities::Usage;
use super::size::Size;
use super::TierChoice;
use crate::error::{closest, Result};
use crate::model::capacity::Capacity;
use crate::model::locate::YamlPath;
use crate::model::profile::{Component, Profile};
use crate::model::workload::Scenario;
use crate::model::Document;
use crate::money::HOURS_PER_MONTH;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

pub(crate) const GIB: Decimal = Decimal::from_parts(1_073_741_824, 0, 0, false, 0);
pub(crate) const KB: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0);
pub(crate) const GB: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// What a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    Bytes,
    /// Gigabytes a month (transfer) or stored (disk): decimal GB.
    Gigabytes,
    Connections,
    /// Function invocations a month.
    Invocations,
    TokensPerSecond,
}

/// A figure shown as the people reading it expect: the quantities
/// computed here keep every decimal, so each is rounded once, where shown.
pub(crate) fn shown(q: Decimal) -> Decimal {
    q.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// A small quantity with the decimals it needs: `0.008`.
pub(crate) fn fine(q: Decimal) -> Decimal {
    q.round_dp(6).normalize()
}

/// The resource a limit is about; an id that reports translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resource {
    /// Database memory that caches stored messages.
    Memory,
    /// Redis memory for sessions and cached AI answers.
    CacheMemory,
    Connections,
    Storage,
    Bandwidth,
    Invocations,
    Disk,
    Backups,
    /// Tokens a self-hosted model generates per second at the busy hour.
    Throughput,
}

impl Resource {
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Memory => "memory",
            Resource::CacheMemory => "cache-memory",
            Resource::Connections => "connections",
            Resource::Storage => "storage",
            Resource::Bandwidth => "bandwidth",
            Resource::Invocations => "invocations",
            Resource::Disk => "disk",
            Resource::Backups => "backups",
            Resource::Throughput => "throughput",
        }
    }
}

/// What a capacity means in the workload's own terms (the seed speaks of
/// "~100K messages", "~50 simultaneous users").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EquivalentUnit {
    Messages,
    ActiveUsers,
}

#[derive(Debug, Clone, Serialize)]
pub struct Equivalent {
    pub amount: Decimal,
    pub unit: EquivalentUnit,
}

/// Low, expected and high values of a per-user demand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerScenario(pub [Decimal; 3]);

impl PerScenario {
    pub fn get(&self, s: Scenario) -> Decimal {
        self.0[s as usize]
    }
}

impl Serialize for PerScenario {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PerScenario", 3)?;
        st.serialize_field("low", &self.0[0].normalize())?;
        st.serialize_field("expected", &self.0[1].normalize())?;
        st.serialize_field("high", &self.0[2].normalize())?;
        st.end()
    }
}

/// One thing a component can run out of.
#[derive(Debug, Clone, Serialize)]
pub struct Limit {
    pub component: String,
    pub kind: &'static str,
    pub resource: Resource,
    /// The size that sets the capacity ("db.t4g.small", "hobby").
    pub size: Size,
    /// A hard limit stops the service (or degrades it) when reached; a soft
    /// one is an included allowance, billed beyond.
    pub hard: bool,
    pub measure: Measure,
    pub capacity: Decimal,
    pub per_user: PerScenario,
    /// How the capacity is computed, with the figures used.
    pub capacity_basis: Formula,
    /// How the expected demand of one user is computed, with the figures used.
    pub demand_basis: Formula,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equivalent: Option<Equivalent>,
    pub source: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
}

impl Limit {
    /// The most users the limit holds, or `None` when users do not use it.
    pub fn holds(&self, s: Scenario) -> Option<u64> {
        let d = self.per_user.get(s);
        if d <= Decimal::ZERO {
            return None;
        }
        // A quotient too large for a decimal holds more users than a u64 counts.
        let n = self.capacity.checked_div(d).map(|q| q.floor());
        Some(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(u64::MAX))
    }

    pub fn demand_at(&self, users: u64, s: Scenario) -> Decimal {
        self.per_user
            .get(s)
            .checked_mul(Decimal::from(users))
            .unwrap_or(Decimal::MAX)
    }

    /// Demand as a share of capacity (1 = full).
    pub fn utilisation(&self, users: u64, s: Scenario) -> Decimal {
        self.demand_at(users, s)
            .checked_div(self.capacity)
            .unwrap_or(Decimal::MAX)
    }
}

/// A plan fact that no user count changes but a report should state
/// (Vercel Hobby's single concurrent build, its non-commercial terms).
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub component: String,
    pub size: Size,
    /// An id reports translate: build-hours, concurrent-builds, …
    pub id: &'static str,
    /// The figure (none for a yes/no fact).
    pub value: Option<Decimal>,
    pub source: String,
}

/// Every limit and fact of one tier.
#[derive(Debug, Clone, Serialize)]
pub struct TierCapacity {
    pub tier_index: usize,
    pub tier_users: u64,
    pub limits: Vec<Limit>,
    pub facts: Vec<Fact>,
}

impl TierCapacity {
    /// The hard limit that runs out first, and the users it holds.
    pub fn first_limit(&self, s: Scenario) -> Option<(&Limit, u64)> {
        self.limits
            .iter()
            .filter(|l| l.hard)
            .filter_map(|l| l.holds(s).map(|n| (l, n)))
            .min_by_key(|&(_, n)| n)
    }

    /// The most users every hard limit holds (`u64::MAX` when none binds).
    pub fn holds(&self, s: Scenario) -> u64 {
        self.first_limit(s).map_or(u64::MAX, |(_, n)| n)
    }
}

/// Every tier of a profile, with its capacity.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileCapacity {
    pub profile: String,
    /// In the order of the profile file.
    pub tiers: Vec<TierCapacity>,
}

/// Why a tier stops being used.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "cause", rename_all = "kebab-case")]
pub enum Cause {
    /// The tier is sized for fewer users. `limit` is the first component
    /// limit it would reach if kept (above its size): the table of when to
    /// upgrade shows both, so a planned step is not read as a forced one.
    Declared {
        users: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<Headroom>,
    },
    /// A component runs out.
    Saturated {
        component: String,
        resource: Resource,
        size: Size,
        holds: u64,
    },
}

/// The first component limit of a tier that outgrows its declared size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headroom {
    pub component: String,
    pub resource: Resource,
    pub size: Size,
    /// The most users the limit holds.
    pub holds: u64,
}

/// The user count at which the tier in use changes, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Transition {
    /// The first user count the old tier no longer serves.
    pub at: u64,
    pub from_index: usize,
    pub from_users: u64,
    /// The tier used from `at` on; `None` when no tier holds `at` users.
    pub to_index: Option<usize>,
    pub to_users: Option<u64>,
    pub cause: Cause,
}

/// Why no tier holds N users: the limit they exceed on the tier used anyway
/// (the largest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// The users asked for.
    pub users: u64,
    /// The most users the limit holds.
    pub holds: u64,
    /// Users beyond it.
    pub over: u64,
    /// The tier used anyway: the largest.
    pub tier_users: u64,
    /// The component limit that runs out; absent when every component holds
    /// the users and the limit is the size the largest tier is declared for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<crate::engine::size::Size>,
}

impl Shortfall {
    /// The limit in a few words: `database memory (db.t4g.large) holds 509
    /// users`, or `the largest tier is sized for 500 users`.
    pub fn limit(&self) -> String {
        match (&self.component, self.resource, &self.size) {
            (Some(c), Some(r), Some(size)) => format!(
                "the {}-user tier's {c} {} ({size}) holds {} users",
                self.tier_users,
                r.as_str().replace('-', " "),
                self.holds
            ),
            _ => format!("the largest tier is sized for {} users", self.holds),
        }
    }
}

impl ProfileCapacity {
    pub fn build(ws: &Workspace, doc: &Document<Profile>) -> Result<ProfileCapacity> {
        let tiers = (0..doc.value.tiers.len())
            .map(|i| tier_capacity(ws, doc, i))
            .collect::<Result<Vec<_>>>()?;
        Ok(ProfileCapacity {
            profile: doc.value.name.clone(),
            tiers,
        })
    }

    /// Tier indexes from the smallest declared user count.
    fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.tiers.len()).collect();
        order.sort_by_key(|&i| self.tiers[i].tier_users);
        order
    }

    /// The tier that serves N users in the expected scenario: the smallest
    /// sized for at least N whose components all hold N; `None` if none does.
    pub fn eligible(&self, users: u64) -> Option<usize> {
        self.order().into_iter().find(|&i| {
            self.tiers[i].tier_users >= users && self.tiers[i].holds(Scenario::Expected) >= users
        })
    }

    /// The tier that serves N users, and why this one and not a smaller one:
    /// the smallest sized for at least N whose components all hold N
    /// (expected workload); the largest, with the limit exceeded, when none
    /// does. archplan's one tier choice: every command reaches it through
    /// [`crate::engine::ProfilePlan::choose`].
    pub fn choose(&self, users: u64) -> TierChoice {
        let s = Scenario::Expected;
        let order = self.order();
        let skipped: Vec<String> = order
            .iter()
            .map(|&i| &self.tiers[i])
            .filter(|t| t.tier_users >= users && t.holds(s) < users)
            .filter_map(|t| {
                t.first_limit(s).map(|(l, n)| {
                    format!(
                        "the {}-user tier's {} ({}) {} holds only {n}",
                        t.tier_users,
                        l.component,
                        l.size,
                        l.resource.as_str().replace('-', " ")
                    )
                })
            })
            .collect();
        let skipped_text = if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({})", skipped.join("; "))
        };
        match self.eligible(users) {
            Some(index) => {
                let t = &self.tiers[index];
                let sized = if t.tier_users == users {
                    format!(
                        "the {}-user tier is sized for exactly {users} users",
                        t.tier_users
                    )
                } else if skipped.is_empty() {
                    format!(
                        "the {}-user tier is the smallest sized for at least {users} users",
                        t.tier_users
                    )
                } else {
                    format!(
                        "the {}-user tier is the smallest that holds {users} users{skipped_text}",
                        t.tier_users
                    )
                };
                let room = match t.first_limit(s) {
                    Some((l, n)) => format!(
                        "; its first limit is the {} {} ({}), full at {} users",
                        l.component,
                        l.resource.as_str().replace('-', " "),
                        l.size,
                        n.saturating_add(1)
                    ),
                    None => String::new(),
                };
                TierChoice {
                    index,
                    users: t.tier_users,
                    reason: format!("{sized}{room}"),
                    beyond_largest: false,
                    shortfall: None,
                }
            }
            None => {
                let index = *order.last().unwrap_or(&0);
                let t = self.tiers.get(index);
                let tier_users = t.map_or(0, |t| t.tier_users);
                let largest = order
                    .iter()
                    .map(|&i| self.tiers[i].tier_users)
                    .max()
                    .unwrap_or(0);
                // What the users exceed on the tier used anyway: a component
                // limit when one runs out, else the size the tier is declared for.
                let shortfall = match t.and_then(|t| t.first_limit(s)).filter(|&(_, n)| n < users) {
                    Some((l, n)) => Shortfall {
                        users,
                        holds: n,
                        over: users - n,
                        tier_users,
                        component: Some(l.component.clone()),
                        resource: Some(l.resource),
                        size: Some(l.size.clone()),
                    },
                    None => Shortfall {
                        users,
                        holds: tier_users,
                        over: users.saturating_sub(tier_users),
                        tier_users,
                        component: None,
                        resource: None,
                        size: None,
                    },
                };
                let reason = if users > largest {
                    match t.and_then(|t| t.first_limit(s)).filter(|&(_, n)| n < users) {
                        Some((l, n)) => format!(
                            "{users} users is beyond the largest tier ({tier_users} users), whose {} ({}) {} holds only {n}: priced with that tier; usage grows with users but no component is resized",
                            l.component,
                            l.size,
                            l.resource.as_str().replace('-', " ")
                        ),
                        None => format!(
                            "{users} users is beyond the largest tier ({tier_users} users): priced with that tier; usage grows with users but no component is resized"
                        ),
                    }
                } else {
                    format!(
                        "no tier holds {users} users{skipped_text}: priced with the largest ({tier_users} users), which is over capacity"
                    )
                };
                TierChoice {
                    index,
                    users: tier_users,
                    reason,
                    beyond_largest: true,
                    shortfall: Some(shortfall),
                }
            }
        }
    }

    /// Every change of tier as users grow from 1, in the expected scenario.
    pub fn transitions(&self) -> Vec<Transition> {
        let s = Scenario::Expected;
        let mut out = Vec::new();
        let Some(mut current) = self.eligible(1) else {
            return out;
        };
        loop {
            let t = &self.tiers[current];
            let holds = t.holds(s);
            let (last, cause) = match t.first_limit(s) {
                Some((l, n)) if n < t.tier_users => (
                    n,
                    Cause::Saturated {
                        component: l.component.clone(),
                        resource: l.resource,
                        size: l.size.clone(),
                        holds: n,
                    },
                ),
                first => (
                    t.tier_users.min(holds),
                    Cause::Declared {
                        users: t.tier_users,
                        limit: first.map(|(l, n)| Headroom {
                            component: l.component.clone(),
                            resource: l.resource,
                            size: l.size.clone(),
                            holds: n,
                        }),
                    },
                ),
            };
            let at = last.saturating_add(1);
            let next = self.eligible(at);
            out.push(Transition {
                at,
                from_index: current,
                from_users: t.tier_users,
                to_index: next,
                to_users: next.map(|i| self.tiers[i].tier_users),
                cause,
            });
            match next {
                Some(n) if n != current => current = n,
                _ => break,
            }
        }
        out
    }
}

/// The limits and facts of one tier of a profile.
pub fn tier_capacity(
    ws: &Workspace,
    doc: &Document<Profile>,
    tier_index: usize,
) -> Result<TierCapacity> {
    let tier = &doc.value.tiers[tier_index];
    let per_user: [Usage; 3] = Scenario::ALL.map(|s| Usage::at(&ws.workload.value, 1, s));
    let mut limits = Vec::new();
    let mut facts = Vec::new();
    for (ci, component) in tier.components.iter().enumerate() {
        let path = YamlPath::root()
            .key("tiers")
            .index(tier_index)
            .key("components")
            .index(ci);
        let ctx = Sizing {
            catalog: &ws.catalog,
            region: &doc.value.region,
            cap: &ws.capacity.value,
            capacity_file: &ws.capacity.file,
            doc,
            path: &path,
            c: component,
            usage: &per_user,
        };
        ctx.limits(&mut limits, &mut facts)?;
    }
    Ok(TierCapacity {
        tier_index,
        tier_users: tier.users,
        limits,
        facts,
    })
}

/// What a kind sizes its component with: the capacity data, the usage per
/// user in each scenario, and where the component sits (for errors).
pub struct Sizing<'a> {
    /// The price catalog: instance facts (memory, vCPUs) come with prices.
    pub(crate) catalog: &'a crate::pricing::catalog::Catalog,
    pub(crate) region: &'a str,
    pub(crate) cap: &'a Capacity,
    pub(crate) capacity_file: &'a str,
    pub(crate) doc: &'a Document<Profile>,
    pub(crate) path: &'a YamlPath,
    pub(crate) c: &'a Component,
    pub(crate) usage: &'a [Usage; 3],
}

pub(crate) fn per_user(usage: &[Usage; 3], f: impl Fn(&Usage) -> Decimal) -> PerScenario {
    PerScenario([f(&usage[0]), f(&usage[1]), f(&usage[2])])
}

impl Sizing<'_> {
    /// The entry for a size, or an error at the field that chose it.
    pub(crate) fn lookup<'m, T>(
        &self,
        map: &'m std::collections::BTreeMap<String, T>,
        field: &str,
        value: &str,
        what: &str,
        section: &str,
    ) -> Result<&'m T> {
        map.get(value).ok_or_else(|| {
            let known: Vec<&str> = map.keys().map(String::as_str).collect();
            self.doc
                .error_at(
                    &self.path.key(field),
                    format!(
                        "no capacity for {what} \"{value}\" in {} (section {section}; known: {}); add its size there",
                        self.capacity_file,
                        known.join(", ")
                    ),
                )
                .suggest(closest(value, known.iter().copied()).map(|s| format!("\"{s}\"")))
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn limit(
        &self,
        resource: Resource,
        size: Size,
        hard: bool,
        measure: Measure,
        capacity: Decimal,
        per_user: PerScenario,
        capacity_basis: Formula,
        demand_basis: Formula,
        source: &str,
        uncertain: bool,
    ) -> Limit {
        Limit {
            component: self.c.name.clone(),
            kind: self.c.kind().as_str(),
            resource,
            size,
            hard,
            measure,
            capacity,
            per_user,
            capacity_basis,
            demand_basis,
            equivalent: None,
            source: source.to_string(),
            uncertain,
        }
    }

    pub(crate) fn fact(
        &self,
        size: &str,
        id: &'static str,
        value: Option<Decimal>,
        source: &str,
    ) -> Fact {
        Fact {
            component: self.c.name.clone(),
            size: Size::named(size),
            id,
            value,
            source: source.to_string(),
        }
    }

    /// The database-memory limit of a server or compute size given in GiB:
    /// the `shared_buffers` share of it holds the users' stored messages.
    pub(crate) fn message_memory(
        &self,
        size: &str,
        memory_gib: Decimal,
        share: &crate::model::capacity::Param,
    ) -> Limit {
        let memory = memory_gib * GIB * share.value;
        let mut l = self.limit(
            Resource::Memory,
            Size::named(size),
            true,
            Measure::Bytes,
            memory,
            self.message_bytes(),
            Formula::new()
                .amount(memory_gib.normalize(), FormulaUnit::Gib)
                .op("×")
                .figure("shared_buffers_share", share.value.normalize())
                .op("=")
                .amount(memory, FormulaUnit::Bytes),
            self.message_basis(),
            &share.source,
            false,
        );
        l.equivalent = self.messages_in(memory);
        l
    }

    /// Bytes of stored messages one user keeps in the database's memory.
    pub(crate) fn message_bytes(&self) -> PerScenario {
        let share = self.cap.assumptions.message_working_set_share.value;
        per_user(self.usage, |u| u.message_storage_gb * GB * share)
    }

    pub(crate) fn message_basis(&self) -> Formula {
        let u = &self.usage[Scenario::Expected as usize];
        let kb = if u.messages_stored.is_zero() {
            Decimal::ZERO
        } else {
            u.message_storage_gb * Decimal::from(1_000_000) / u.messages_stored
        };
        let share = self.cap.assumptions.message_working_set_share.value;
        Formula::new()
            .figure("messages_stored", shown(u.messages_stored))
            .op("×")
            .figure("message_kb", shown(kb))
            .op("×")
            .figure("message_working_set_share", share.normalize())
            .op("=")
            .amount(u.message_storage_gb * GB * share, FormulaUnit::Bytes)
            .per_user()
    }

    /// Messages of the expected size a memory capacity holds.
    pub(crate) fn messages_in(&self, capacity: Decimal) -> Option<Equivalent> {
        let u = &self.usage[Scenario::Expected as usize];
        if u.messages_stored.is_zero() || u.message_storage_gb.is_zero() {
            return None;
        }
        let share = self.cap.assumptions.message_working_set_share.value;
        let per_message = u.message_storage_gb * GB * share / u.messages_stored;
        Some(Equivalent {
            amount: (capacity / per_message).floor(),
            unit: EquivalentUnit::Messages,
        })
    }

    /// Bytes of Redis one user takes: the session while active, and a
    /// week (the TTL) of cached AI answers.
    pub(crate) fn cache_bytes(&self) -> (PerScenario, Formula) {
        let a = &self.cap.assumptions;
        let session = a.cache_session_kb_per_active_user.value * KB;
        let entry = a.ai_cache_entry_kb.value * KB;
        let kept = a.ai_cache_ttl_days.value * Decimal::from(24) / HOURS_PER_MONTH;
        let d = per_user(self.usage, |u| {
            u.concurrent_users * session + u.ai_model_calls * kept * entry
        });
        let u = &self.usage[Scenario::Expected as usize];
        let basis = Formula::new()
            .figure("concurrent_share", u.concurrent_users.normalize())
            .op("×")
            .figure(
                "cache_session_kb_per_active_user",
                shown(a.cache_session_kb_per_active_user.value),
            )
            .op("+")
            .word("ai_model_calls")
            .number(shown(u.ai_model_calls))
            .op("×")
            .figure("ai_cache_ttl_days", shown(a.ai_cache_ttl_days.value))
            .op("×")
            .number(Decimal::from(24))
            .op("/")
            .number(HOURS_PER_MONTH)
            .op("×")
            .figure("ai_cache_entry_kb", shown(a.ai_cache_entry_kb.value))
            .op("=")
            .amount(d.get(Scenario::Expected), FormulaUnit::Bytes)
            .per_user();
        (d, basis)
    }

    pub(crate) fn connections_per_user(&self) -> (PerScenario, Formula) {
        let per_active = self.cap.assumptions.db_connections_per_active_user.value;
        let d = per_user(self.usage, |u| u.concurrent_users * per_active);
        let u = &self.usage[Scenario::Expected as usize];
        let basis = Formula::new()
            .figure("concurrent_share", u.concurrent_users.normalize())
            .op("×")
            .figure("db_connections_per_active_user", per_active.normalize())
            .op("=")
            .number(shown(d.get(Scenario::Expected)))
            .per_user();
        (d, basis)
    }

    /// The limits and facts of the component: its kind's (`src/kinds/`).
    fn limits(&self, limits: &mut Vec<Limit>, facts: &mut Vec<Fact>) -> Result<()> {
        self.c.spec.part().capacity(self, limits, facts)
    }

    /// Users active at the same time that a cache memory holds.
    pub(crate) fn active_users_in(&self, l: &Limit) -> Option<Equivalent> {
        let share = self.usage[Scenario::Expected as usize].concurrent_users;
        l.holds(Scenario::Expected).map(|n| Equivalent {
            amount: (Decimal::from(n) * share).floor(),
            unit: EquivalentUnit::ActiveUsers,
        })
    }

    /// An input error at one field of the component.
    pub(crate) fn error_at(&self, field: &str, message: String) -> crate::error::Error {
        self.doc.error_at(&self.path.key(field), message)
    }

    /// The usage of one user in the expected scenario.
    pub(crate) fn expected(&self) -> &Usage {
        &self.usage[Scenario::Expected as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{Sources, Workspace};
    use rust_decimal_macros::dec;

    fn ws() -> Workspace {
        Workspace::load(&Sources::default()).unwrap()
    }

    /// The review's tiers as drawn: the sizes the seed's figures are about
    /// (links do not change capacity).
    fn drawn(ws: &Workspace) -> ProfileCapacity {
        ProfileCapacity::build(ws, ws.profile("as-drawn").unwrap()).unwrap()
    }

    fn limit<'a>(t: &'a TierCapacity, component: &str, resource: Resource) -> &'a Limit {
        t.limits
            .iter()
            .find(|l| l.component == component && l.resource == resource)
            .unwrap_or_else(|| panic!("no {component} {resource:?} limit"))
    }

    /// The 50-user tier of `as-drawn` (the review's), by hand from capacity.yaml and workload.yaml
    /// (expected scenario):
    /// - database memory: DBInstanceClassMemory(db.t4g.small) 1,887,215,616 B
    ///   × shared_buffers_share 0.25 = 471,803,904 B; one user keeps
    ///   1,000 messages × 4 KB (4,000 B) × working set 1 = 4,000,000 B;
    ///   471,803,904 / 4,000,000 = 117.95 → holds 117 users.
    /// - web bandwidth (Vercel Hobby): 100 GB / 1 GB per user = 100 users.
    /// - web invocations: 1,000,000 / 2,000 SSR requests = 500 users.
    /// - database connections: 1,887,215,616 / 9,531,392 = 198 exactly;
    ///   0.2 active × 2 connections = 0.4 per user; 198 / 0.4 = 495 users.
    /// - database storage: max_storage_gb 100 / (1,000 × 4 KB = 0.004 GB) = 25,000.
    /// - cache memory: 1.37 GiB × 1,073,741,824 × (1 − 0.25) = 1,103,269,724.16 B;
    ///   per user 0.2 × 64,000 B + 6,000 calls × (1 − 0.8) × 7 × 24 / 730 × 2,000 B
    ///   = 12,800 + 552,328.77 = 565,128.77 B; → holds 1,952 users.
    ///
    /// So Vercel Hobby's bandwidth runs out first: the tier holds 100 users.
    #[test]
    fn the_50_user_tier_as_drawn_holds_100_users_its_bandwidth_runs_out_first() {
        let ws = ws();
        let cap = drawn(&ws);
        let t = &cap.tiers[0];
        assert_eq!(t.tier_users, 50);
        let e = Scenario::Expected;
        assert_eq!(
            limit(t, "database", Resource::Memory).capacity,
            dec!(471803904)
        );
        assert_eq!(
            limit(t, "database", Resource::Memory).per_user.get(e),
            dec!(4000000)
        );
        assert_eq!(limit(t, "database", Resource::Memory).holds(e), Some(117));
        assert_eq!(limit(t, "web", Resource::Bandwidth).holds(e), Some(100));
        assert_eq!(limit(t, "web", Resource::Invocations).holds(e), Some(500));
        assert_eq!(
            limit(t, "database", Resource::Connections).capacity,
            dec!(198)
        );
        assert_eq!(
            limit(t, "database", Resource::Connections).holds(e),
            Some(495)
        );
        assert_eq!(
            limit(t, "database", Resource::Storage).holds(e),
            Some(25000)
        );
        assert_eq!(
            limit(t, "cache", Resource::CacheMemory).holds(e),
            Some(1952)
        );
        let (first, n) = t.first_limit(e).unwrap();
        assert_eq!(
            (first.component.as_str(), first.resource, n),
            ("web", Resource::Bandwidth, 100)
        );
        assert_eq!(t.holds(e), 100);
    }

    /// The seed: "db.t4g.small: ~100K messages + metadata". 471,803,904 B /
    /// 4,000 B = 117,950 messages: the seed's order of magnitude, reproduced
    /// (117 users of 1,000 messages).
    /// The seed: "cache.t4g.small: ~50 simultaneous users". 1,952 users × 0.2
    /// active = 390 simultaneous users: the seed's figure is challenged.
    #[test]
    fn the_seed_limits_in_the_workloads_terms() {
        let ws = ws();
        let cap = drawn(&ws);
        let t = &cap.tiers[0];
        let messages = limit(t, "database", Resource::Memory)
            .equivalent
            .clone()
            .unwrap();
        assert_eq!(
            (messages.amount, messages.unit),
            (dec!(117950), EquivalentUnit::Messages)
        );
        let active = limit(t, "cache", Resource::CacheMemory)
            .equivalent
            .clone()
            .unwrap();
        assert_eq!(
            (active.amount, active.unit),
            (dec!(390), EquivalentUnit::ActiveUsers)
        );
    }

    /// Tier changes of `as-drawn` (the review's tiers) as users grow (expected scenario):
    /// - 50-user tier: sized for 50, holds 100 → at 51 users, the 100-user tier.
    /// - 100-user tier (db.t4g.medium: 3,936,464,896 × 0.25 / 4,000,000 = 246.03
    ///   → 246): sized for 100 → at 101, the 200-user tier (also db.t4g.medium).
    /// - 200-user tier: holds 246 ≥ 200, sized for 200 → at 201, the 500-user
    ///   tier (db.t4g.large: 8,158,871,552 × 0.25 / 4,000,000 = 509.92 → 509).
    /// - 500-user tier: sized for 500 (holds 509) → at 501 no tier is sized
    ///   for the users.
    ///
    /// Every tier holds the users it is sized for: the declared sizes decide.
    #[test]
    fn transitions_as_drawn() {
        let ws = ws();
        let cap = drawn(&ws);
        let got: Vec<(u64, u64, Option<u64>)> = cap
            .transitions()
            .iter()
            .map(|t| (t.at, t.from_users, t.to_users))
            .collect();
        assert_eq!(
            got,
            vec![
                (51, 50, Some(100)),
                (101, 100, Some(200)),
                (201, 200, Some(500)),
                (501, 500, None)
            ]
        );
        for t in cap.transitions() {
            assert!(matches!(t.cause, Cause::Declared { .. }), "{t:?}");
        }
    }

    /// The same profile with users keeping 2,000 messages each: one user needs
    /// 8,000,000 B of database memory, so db.t4g.medium holds
    /// 3,936,464,896 × 0.25 / 8,000,000 = 123.01 → 123 users and db.t4g.large
    /// 8,158,871,552 × 0.25 / 8,000,000 = 254.96 → 254.
    fn heavy_messages(mut ws: Workspace) -> Workspace {
        let d = ws
            .workload
            .value
            .drivers
            .get_mut("messages_stored")
            .expect("the shipped workload gives messages_stored");
        d.expected = dec!(2000);
        d.high = dec!(5000);
        ws
    }

    #[test]
    fn transitions_when_the_database_saturates_before_its_declared_size() {
        let ws = heavy_messages(ws());
        let cap = drawn(&ws);
        let got: Vec<(u64, u64, Option<u64>)> = cap
            .transitions()
            .iter()
            .map(|t| (t.at, t.from_users, t.to_users))
            .collect();
        assert_eq!(
            got,
            vec![
                (51, 50, Some(100)),
                (101, 100, Some(200)),
                (124, 200, Some(500)),
                (255, 500, None)
            ]
        );
        match &cap.transitions()[2].cause {
            Cause::Saturated {
                component,
                resource,
                size,
                holds,
            } => {
                assert_eq!(
                    (
                        component.as_str(),
                        *resource,
                        size.to_string().as_str(),
                        *holds
                    ),
                    ("database", Resource::Memory, "db.t4g.medium", 123)
                );
            }
            other => panic!("expected a saturation, got {other:?}"),
        }
    }

    #[test]
    fn the_choice_skips_a_tier_that_is_sized_for_n_but_saturated() {
        let ws = heavy_messages(ws());
        let cap = drawn(&ws);
        let at_150 = cap.choose(150);
        assert_eq!(at_150.users, 500);
        assert!(!at_150.beyond_largest);
        assert!(
            at_150
                .reason
                .contains("200-user tier's database (db.t4g.medium) memory holds only 123"),
            "{}",
            at_150.reason
        );
        let at_80 = cap.choose(80);
        assert_eq!(at_80.users, 100);
        let at_300 = cap.choose(300);
        assert!(at_300.beyond_largest, "{}", at_300.reason);
        assert_eq!(at_300.users, 500);
        // 300 users are within the 500-user tier's declared size: its memory
        // is the limit they exceed.
        let short = at_300.shortfall.expect("no tier holds 300 users");
        assert_eq!(
            (short.component.as_deref(), short.resource, short.holds),
            (Some("database"), Some(Resource::Memory), 254)
        );
        // The 200-user tier is declared for 150 users, but holds only 123.
        assert_eq!(cap.tiers[2].tier_users, 200);
        assert!(cap.tiers[2].holds(Scenario::Expected) < 150);
    }

    #[test]
    fn cost_uses_the_capacity_aware_choice() {
        let ws = heavy_messages(ws());
        let report = crate::engine::cost(&ws, ws.profile("as-drawn").unwrap(), 150).unwrap();
        assert_eq!(report.tier.users, 500);
    }

    #[test]
    fn a_class_without_a_measured_memory_is_sized_from_its_price_entry() {
        let mut ws = ws();
        let measured = drawn(&ws);
        ws.capacity
            .value
            .rds_postgres
            .instance_classes
            .remove("db.t4g.small");
        let derived = drawn(&ws);
        let memory = |p: &ProfileCapacity| limit(&p.tiers[0], "database", Resource::Memory).clone();
        let (m, d) = (memory(&measured), memory(&derived));
        // 2 GiB from the catalog × 0.875 × shared_buffers 0.25: below the
        // measured DBInstanceClassMemory (1,887,215,616 × 0.25), and uncertain.
        assert_eq!(
            d.capacity,
            (dec!(2) * GIB * dec!(0.875)).floor() * dec!(0.25)
        );
        assert!(d.capacity < m.capacity);
        assert!(d.uncertain && !m.uncertain);
    }

    #[test]
    fn a_class_with_no_memory_anywhere_is_an_error_at_the_field() {
        let mut ws = ws();
        ws.capacity
            .value
            .rds_postgres
            .instance_classes
            .remove("db.t4g.small");
        let ids: Vec<usize> = ws
            .catalog
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.id.starts_with("aws.rds.postgres.db.t4g.small."))
            .map(|(i, _)| i)
            .collect();
        for i in ids {
            ws.catalog.entries[i].memory_gib = None;
        }
        let e = ProfileCapacity::build(&ws, ws.profile("current").unwrap()).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("no memory for instance class \"db.t4g.small\""),
            "{text}"
        );
        assert_eq!(e.exit_code(), 2);
        assert!(e.location.is_some(), "{text}");
    }

    #[test]
    fn every_priced_size_has_a_capacity() {
        let ws = ws();
        // Database classes and cache node types: their memory and vCPUs come
        // with their price entries.
        for id in ws.catalog.entries.iter().filter(|e| {
            e.id.starts_with("aws.rds.postgres.") || e.id.starts_with("aws.elasticache.")
        }) {
            assert!(id.memory_gib.is_some() && id.vcpu.is_some(), "{}", id.id);
        }
        let cap = &ws.capacity.value;
        for compute in ws.catalog.family("supabase.compute.", "") {
            assert!(cap.supabase.compute.contains_key(&compute), "{compute}");
        }
        for server in ws
            .catalog
            .family("hetzner.dedicated.", "")
            .into_iter()
            .chain(ws.catalog.family("hetzner.cloud.", ""))
        {
            assert!(cap.hetzner.servers.contains_key(&server), "{server}");
        }
    }
}
