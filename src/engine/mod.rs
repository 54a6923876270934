//! The cost engine: a tier of a profile, priced line by line at N users.
//!
//! Every usage quantity is linear in the user count (the workload is per user),
//! so a tier compiles once into lines of "fixed quantity" or "quantity per
//! user"; pricing N users is then a handful of exact decimal operations, which
//! is what makes a sweep over 100,000 user counts cheap.

pub mod capacity;
pub mod charges;
pub mod formula;
pub mod funding;
pub mod monitoring;
pub mod quantities;
pub mod reach;
mod report;
pub mod size;

pub use report::*;

use crate::error::{closest, Error, Result};
use crate::model::budget::Pool;
use crate::model::locate::YamlPath;
use crate::model::profile::Component;
use crate::model::profile::{Profile, Tier};
use crate::model::workload::Scenario;
use crate::model::Document;
use crate::money::Money;
use crate::pricing::catalog::PriceEntry;
use crate::pricing::catalog::Unit;
use crate::workspace::Workspace;
use charges::{Basis, Charge, PriceRef};
use quantities::Usage;
use rust_decimal::Decimal;

/// One priced line of a tier, ready to be evaluated at any user count.
#[derive(Debug, Clone)]
pub struct LineModel {
    pub component: String,
    pub kind: &'static str,
    pub item: String,
    pub basis: Basis,
    pub pool: String,
    pub price: PriceEntry,
    /// Fixed lines: the quantity. Usage lines: the quantity per user, per scenario.
    pub quantity: [Decimal; 3],
    /// Where the component sits in its profile file (for annotations).
    pub path: YamlPath,
    /// The component's field that sizes the line (its kind says which).
    pub sized_by: &'static str,
}

impl LineModel {
    pub fn quantity_at(&self, users: u64, s: Scenario) -> Decimal {
        let q = self.quantity[s as usize];
        match self.basis {
            Basis::Fixed | Basis::Given => q,
            Basis::Usage => q.saturating_mul(Decimal::from(users)),
        }
    }

    /// Monthly cost: the billable quantity (beyond what is free) times the
    /// unit price, per the unit's scale.
    pub fn cost_at(&self, users: u64, s: Scenario) -> Money {
        cost_of(&self.price, self.quantity_at(users, s))
    }
}

/// A negative quantity is a credit (a plan's included allowance of money).
pub fn cost_of(price: &PriceEntry, quantity: Decimal) -> Money {
    let billable = match price.free_quantity {
        Some(free) => (quantity - free).max(Decimal::ZERO),
        None => quantity,
    };
    Money(billable.saturating_mul(price.price) / price.unit.scale())
}

/// A tier compiled against the catalog and the budget.
#[derive(Debug, Clone)]
pub struct TierModel {
    pub profile: String,
    pub tier_index: usize,
    pub tier_users: u64,
    pub lines: Vec<LineModel>,
    /// Fast path for totals: fixed cost, plus the per-user cost of usage lines
    /// that have no free allowance; lines with an allowance are kept apart.
    fixed_total: Money,
    linear_per_user: [Decimal; 3],
    thresholded: Vec<usize>,
}

impl TierModel {
    pub fn build(ws: &Workspace, doc: &Document<Profile>, tier_index: usize) -> Result<TierModel> {
        Self::build_with(ws, &ws.workload.value, doc, tier_index)
    }

    /// [`TierModel::build`] on another workload (a recommendation that
    /// changes a driver), the workspace's prices and budget otherwise.
    pub fn build_with(
        ws: &Workspace,
        workload: &crate::model::workload::Workload,
        doc: &Document<Profile>,
        tier_index: usize,
    ) -> Result<TierModel> {
        let profile = &doc.value;
        let tier = &profile.tiers[tier_index];
        let tier_path = YamlPath::root().key("tiers").index(tier_index);
        let per_user: Vec<Usage> = Scenario::ALL
            .iter()
            .map(|&s| Usage::at(workload, 1, s))
            .collect();
        let mut lines = Vec::new();
        for (ci, component) in tier.components.iter().enumerate() {
            let path = tier_path.key("components").index(ci);
            let scenario_charges: Vec<Vec<Charge>> = per_user
                .iter()
                .enumerate()
                .map(|(s, u)| {
                    let modelled = charges::charges(component, u);
                    match &component.given {
                        Some(given) => given.apply(modelled, s),
                        None => modelled,
                    }
                })
                .collect();
            for (li, first) in scenario_charges[0].iter().enumerate() {
                let entry = resolve(ws, doc, &path, first, &profile.region)?;
                let pool = pool_of(ws, doc, &path, component, &entry.vendor)?;
                let hourly = first.per_month_count && entry.unit == Unit::Hour;
                let quantity = [0, 1, 2].map(|s| {
                    let q = scenario_charges[s][li].quantity;
                    if hourly {
                        q * crate::money::HOURS_PER_MONTH
                    } else {
                        q
                    }
                });
                lines.push(LineModel {
                    component: component.name.clone(),
                    kind: component.kind().as_str(),
                    item: first.item.clone(),
                    basis: first.basis,
                    pool: pool.name.clone(),
                    price: entry,
                    quantity,
                    path: path.clone(),
                    sized_by: component.spec.part().sizing_field(&first.item, None),
                });
            }
        }
        Ok(TierModel::from_lines(profile, tier_index, tier, lines))
    }

    fn from_lines(
        profile: &Profile,
        tier_index: usize,
        tier: &Tier,
        lines: Vec<LineModel>,
    ) -> Self {
        let mut fixed_total = Money::ZERO;
        let mut linear_per_user = [Decimal::ZERO; 3];
        let mut thresholded = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            match line.basis {
                Basis::Fixed => fixed_total += cost_of(&line.price, line.quantity[0]),
                // A given quantity may differ by scenario: computed line by line.
                Basis::Given => thresholded.push(i),
                Basis::Usage if line.price.free_quantity.is_some() => thresholded.push(i),
                Basis::Usage => {
                    for (s, slot) in linear_per_user.iter_mut().enumerate() {
                        *slot = slot.saturating_add(
                            line.quantity[s].saturating_mul(line.price.price)
                                / line.price.unit.scale(),
                        );
                    }
                }
            }
        }
        TierModel {
            profile: profile.name.clone(),
            tier_index,
            tier_users: tier.users,
            lines,
            fixed_total,
            linear_per_user,
            thresholded,
        }
    }

    /// The monthly total at N users, without building line items.
    pub fn total_at(&self, users: u64, s: Scenario) -> Money {
        let mut total =
            self.fixed_total + Money(self.linear_per_user[s as usize] * Decimal::from(users));
        for &i in &self.thresholded {
            total += self.lines[i].cost_at(users, s);
        }
        total
    }
}

/// The catalog entry a charge names (or the price a `fixed` line gives
/// itself), or an error at the field that chose it.
fn resolve(
    ws: &Workspace,
    doc: &Document<Profile>,
    path: &YamlPath,
    charge: &Charge,
    region: &str,
) -> Result<PriceEntry> {
    if let Some(entry) = &charge.price.inline {
        return Ok(entry.clone());
    }
    if let Some(entry) = ws.catalog.get(&charge.price.id, region) {
        if let Some(life) = &entry.lifecycle {
            refuse_retired(ws, doc, path, charge, region, life)?;
        }
        return Ok(entry.clone());
    }
    Err(missing_price(ws, doc, path, &charge.price, region))
}

/// A line priced at a model its vendor has retired is an error at the field
/// that chose it, naming the retirement, its source and the successor with
/// its price.
fn refuse_retired(
    ws: &Workspace,
    doc: &Document<Profile>,
    path: &YamlPath,
    charge: &Charge,
    region: &str,
    life: &crate::pricing::lifecycle::Lifecycle,
) -> Result<()> {
    use crate::pricing::lifecycle::Standing;
    let today = crate::pricing::staleness::today()?;
    let Standing::Retired { .. } = life.standing(today) else {
        return Ok(());
    };
    let value = charge.price.value.as_deref().unwrap_or(&charge.price.id);
    let successor = life.successor.as_deref().map(|s| {
        let prices = successor_prices(ws, region, &charge.price.id, s);
        if prices.is_empty() {
            format!("; its successor is \"{s}\"")
        } else {
            format!("; its successor is \"{s}\" ({})", prices.join(" / "))
        }
    });
    Err(doc
        .error_at(
            &path.key(charge.price.field),
            format!(
                "{} \"{value}\" was retired on {} ({}){}",
                charge.price.field.replace('_', " "),
                life.retires,
                life.source,
                successor.clone().unwrap_or_default()
            ),
        )
        .suggest(life.successor.as_ref().map(|s| format!("\"{s}\""))))
}

/// The prices of `successor` beside a retiring entry's: the entries whose id
/// is the retiring id's stem (`azure.openai.`) followed by the successor,
/// alone or with a suffix (`.input`, `.output`).
pub(crate) fn successor_prices(
    ws: &Workspace,
    region: &str,
    id: &str,
    successor: &str,
) -> Vec<String> {
    for (i, _) in id.match_indices('.') {
        let stem = &id[..=i];
        let whole = format!("{stem}{successor}");
        let dotted = format!("{whole}.");
        let found: Vec<String> = ws
            .catalog
            .entries
            .iter()
            // A vendor that prices one rate for every region files it as "global".
            .filter(|e| e.region == region || e.region == "global")
            .filter(|e| e.id == whole || e.id.starts_with(&dotted))
            .map(|e| {
                format!(
                    "{} {}",
                    crate::money::display_unit_price(e.price),
                    e.unit.per()
                )
            })
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// The pool that pays a line: the component's `pool` when it names one,
/// else the pool whose `vendors` include the line's vendor, else the pool
/// open to every vendor (cash).
fn pool_of<'w>(
    ws: &'w Workspace,
    doc: &Document<Profile>,
    path: &YamlPath,
    component: &Component,
    vendor: &str,
) -> Result<&'w Pool> {
    let budget = &ws.budget.value;
    let names: Vec<&str> = budget.pools.iter().map(|p| p.name.as_str()).collect();
    let Some(name) = &component.pool else {
        return budget.default_pool(vendor).ok_or_else(|| {
            doc.error_at(
                path,
                format!(
                    "no pool of {} pays for {vendor} (\"{}\"): no pool lists {vendor} in its vendors and none is open to every vendor; add `pool:` to the component or a pool to the budget (pools: {})",
                    ws.budget.file,
                    component.name,
                    names.join(", ")
                ),
            )
        });
    };
    let pool = budget.pool(name).ok_or_else(|| {
        doc.error_at(
            &path.key("pool"),
            format!(
                "unknown funding pool \"{name}\" (the budget {} has {})",
                ws.budget.file,
                names.join(", ")
            ),
        )
        .suggest(closest(name, names.iter().copied()).map(|s| format!("\"{s}\"")))
    })?;
    if !pool.accepts(vendor) {
        return Err(doc.error_at(
            &path.key("pool"),
            format!(
                "pool \"{}\" only pays for {}; \"{}\" is paid to {vendor}",
                pool.name,
                pool.vendors.join(", "),
                component.name,
            ),
        ));
    }
    Ok(pool)
}

fn missing_price(
    ws: &Workspace,
    doc: &Document<Profile>,
    path: &YamlPath,
    p: &PriceRef,
    region: &str,
) -> Error {
    let at = path.key(p.field);
    match (&p.family, &p.value) {
        (Some((prefix, suffix)), Some(value)) if prefix.is_empty() && suffix.is_empty() => {
            let ids = ws.catalog.family("", "");
            doc.error_at(
                &at,
                format!("unknown price \"{value}\": the price catalog has no such id in {region} (`archplan pricing show` lists them)"),
            )
            .suggest(closest(value, ids.iter().map(String::as_str)).map(|s| format!("\"{s}\"")))
        }
        (Some((prefix, suffix)), Some(value)) => {
            let valid = ws.catalog.family(prefix, suffix);
            let what = p.field.replace('_', " ");
            let known = if valid.is_empty() {
                String::new()
            } else {
                format!(" (known: {})", valid.join(", "))
            };
            doc.error_at(
                &at,
                format!("unknown {what} \"{value}\": the price catalog has no {prefix}{value}{suffix} in {region}{known}"),
            )
            .suggest(closest(value, valid.iter().map(String::as_str)).map(|s| format!("\"{s}\"")))
        }
        _ => doc.error_at(
            &at,
            format!(
                "no price {} for region {region} in the price catalog; add it to pricing-data/",
                p.id
            ),
        ),
    }
}

/// Every tier of a profile, priced (a [`TierModel`] each) and sized
/// ([`capacity::ProfileCapacity`]), built once. Every command that prices a
/// profile at N users — `cost`, `check`, `diff`, `compare`, `report`,
/// `sweep`, `chart`, `render terraform` — chooses the tier with
/// [`ProfilePlan::choose`], and nothing else chooses one.
pub struct ProfilePlan<'a> {
    pub doc: &'a Document<Profile>,
    pub capacity: capacity::ProfileCapacity,
    /// One per tier, in the order of the profile file.
    pub models: Vec<TierModel>,
    /// Per tier: what cannot work as drawn. Their fixes are priced when a
    /// tier is chosen ([`ProfilePlan::cost`]), not for every tier.
    pub defects: Vec<Vec<reach::Defect>>,
}

impl<'a> ProfilePlan<'a> {
    pub fn build(ws: &Workspace, doc: &'a Document<Profile>) -> Result<ProfilePlan<'a>> {
        // Price every tier first: a size the price catalog lacks is reported as
        // such (with the catalog's valid sizes) before capacity looks at it.
        let models = (0..doc.value.tiers.len())
            .map(|i| TierModel::build(ws, doc, i))
            .collect::<Result<Vec<_>>>()?;
        let capacity = capacity::ProfileCapacity::build(ws, doc)?;
        let defects = doc.value.tiers.iter().map(reach::defects).collect();
        Ok(ProfilePlan {
            doc,
            capacity,
            models,
            defects,
        })
    }

    pub fn name(&self) -> &str {
        &self.doc.value.name
    }

    /// The tier for N users: the smallest sized for at least N whose
    /// components all hold N (`capacity.yaml`); the largest, with the limit
    /// the users exceed, when none does.
    pub fn choose(&self, users: u64) -> TierChoice {
        self.capacity.choose(users)
    }

    /// The itemised month at N users on the tier chosen for N, with its verdict.
    pub fn cost(&self, ws: &Workspace, users: u64) -> CostReport {
        let choice = self.choose(users);
        let model = &self.models[choice.index];
        let defects = reach::priced(ws, self.doc, choice.index, &self.defects[choice.index])
            .iter()
            .map(|d| d.report(model, users))
            .collect();
        CostReport::new(ws, &self.doc.value, model, choice, users, defects)
    }
}

/// `archplan cost`: the itemised month of a profile at N users (see
/// [`ProfilePlan::cost`]).
pub fn cost(ws: &Workspace, profile: &Document<Profile>, users: u64) -> Result<CostReport> {
    Ok(ProfilePlan::build(ws, profile)?.cost(ws, users))
}
