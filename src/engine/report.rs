//! The result of pricing a tier: plain data, rendered elsewhere.

use super::charges::Basis;
use super::funding::{self, Funding, Runway, Settled};
use super::{LineModel, TierModel};
use crate::model::budget::{Budget, Day};
use crate::model::profile::Profile;
use crate::model::workload::Scenario;
use crate::money::Money;
use crate::pricing::catalog::Unit;
use crate::verdict::Verdict;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;

/// Version of the JSON form of reports; bumped on any incompatible change.
pub const COST_SCHEMA: &str = "archplan.cost/v1";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Range {
    pub low: Money,
    pub expected: Money,
    pub high: Money,
}

impl Range {
    pub fn of(f: impl Fn(Scenario) -> Money) -> Range {
        Range {
            low: f(Scenario::Low),
            expected: f(Scenario::Expected),
            high: f(Scenario::High),
        }
    }

    pub fn get(&self, s: Scenario) -> Money {
        match s {
            Scenario::Low => self.low,
            Scenario::Expected => self.expected,
            Scenario::High => self.high,
        }
    }

    pub fn map(&self, f: impl Fn(Money) -> Money) -> Range {
        Range {
            low: f(self.low),
            expected: f(self.expected),
            high: f(self.high),
        }
    }

    pub fn is_zero(&self) -> bool {
        [self.low, self.expected, self.high]
            .iter()
            .all(|m| m.amount().is_zero())
    }

    pub fn sum<'a>(items: impl Iterator<Item = &'a Range>) -> Range {
        items.fold(Range::default(), |acc, r| Range {
            low: acc.low + r.low,
            expected: acc.expected + r.expected,
            high: acc.high + r.high,
        })
    }

    /// "$149.00" when the ends agree, else "$149.00–$176.00".
    pub fn display_span(&self) -> String {
        if self.low.rounded() == self.high.rounded() {
            self.expected.display()
        } else {
            format!("{}–{}", self.low.display(), self.high.display())
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TierChoice {
    /// Position of the tier in the profile file.
    pub index: usize,
    /// The user count the tier is sized for.
    pub users: u64,
    pub reason: String,
    /// No tier holds the users (whether they are beyond the largest tier's
    /// size or beyond what its components hold): the largest is used.
    pub beyond_largest: bool,
    /// When no tier holds the users: the limit they exceed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<super::capacity::Shortfall>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub component: String,
    pub kind: String,
    pub item: String,
    pub vendor: String,
    pub service: String,
    pub pool: String,
    pub basis: Basis,
    /// Expected quantity, in `quantity_unit`.
    pub quantity: Decimal,
    pub quantity_unit: String,
    /// Quantity included free each month, if the price has an allowance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_quantity: Option<Decimal>,
    pub unit_price: Decimal,
    /// Catalog unit of `unit_price` ("1m-tokens").
    pub price_unit: Unit,
    pub price_id: String,
    pub price_seen: String,
    pub price_source: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub price_uncertain: bool,
    pub cost: Range,
}

impl Line {
    fn new(m: &LineModel, users: u64) -> Line {
        Line {
            component: m.component.clone(),
            kind: m.kind.to_string(),
            item: m.item.clone(),
            vendor: m.price.vendor.clone(),
            service: m.price.service.clone(),
            pool: m.pool.clone(),
            basis: m.basis,
            quantity: m.quantity_at(users, Scenario::Expected).normalize(),
            quantity_unit: m
                .price
                .unit
                .base_for(m.quantity_at(users, Scenario::Expected))
                .to_string(),
            free_quantity: m.price.free_quantity,
            unit_price: m.price.price,
            price_unit: m.price.unit,
            price_id: m.price.id.clone(),
            price_seen: m.price.seen.clone(),
            price_source: m.price.source.clone(),
            price_uncertain: m.price.uncertain,
            cost: Range::of(|s| m.cost_at(users, s)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PoolUse {
    pub name: String,
    /// What the pool may pay this month: its monthly amount, or its one-off
    /// balance in a month the balance may pay (0 before it starts, after it
    /// expires).
    pub amount: Money,
    /// What lands on it: its own lines and what spilled into it, up to its
    /// amount when it may spill (the rest goes on, see `spills`).
    pub used: Range,
    /// Expected use as a percentage of the amount (absent for a zero pool).
    pub percent: Option<Decimal>,
    /// The amount minus the expected use: what is left when the pool fits
    /// (negative when it is over; shown only when it fits).
    pub headroom: Money,
    /// How much the expected use is over the amount (0 when it fits; always
    /// 0 for a pool that spills).
    pub over: Money,
    /// Whether the expected cost fits in the pool.
    pub fits: bool,
    pub fits_high: bool,
    /// What other pools spilled into it (included in `used`).
    #[serde(skip_serializing_if = "Range::is_zero")]
    pub spilled_in: Range,
    /// What it could not pay and passed to `spills_to` (not in `used`).
    #[serde(skip_serializing_if = "Range::is_zero")]
    pub spills: Range,
    /// The pool its excess spills into; absent: it cannot spill, so what is
    /// over it fails the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spills_to: Option<String>,
    /// A one-off balance: how long it lasts at these users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<BalanceUse>,
}

/// A one-off balance and how long it lasts at the report's user count
/// (expected estimate).
#[derive(Debug, Clone, Serialize)]
pub struct BalanceUse {
    pub balance: Money,
    /// The budget's `starts` and `expires` days, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Day>,
    pub runway: Runway,
}

impl PoolUse {
    pub fn new(name: &str, amount: Money, used: Range) -> PoolUse {
        let percent = crate::money::percent_of(used.expected, amount);
        PoolUse {
            name: name.to_string(),
            amount,
            used,
            percent,
            headroom: amount - used.expected,
            over: (used.expected - amount).max(Money::ZERO),
            fits: crate::verdict::within(used.expected, amount),
            fits_high: crate::verdict::within(used.high, amount),
            spilled_in: Range::default(),
            spills: Range::default(),
            spills_to: None,
            balance: None,
        }
    }

    /// Its own lines' cost: what lands on it and what it passes on, less
    /// what others passed to it.
    pub fn own(&self) -> Range {
        Range::of(|s| self.used.get(s) + self.spills.get(s) - self.spilled_in.get(s))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CostReport {
    pub schema: &'static str,
    pub profile: String,
    pub title: String,
    pub region: String,
    pub users: u64,
    pub tier: TierChoice,
    pub lines: Vec<Line>,
    pub fixed: Range,
    pub usage: Range,
    pub total: Range,
    pub per_user: Range,
    pub pools: Vec<PoolUse>,
    /// The whole bill against the budget's total.
    pub budget: PoolUse,
    /// The verdict (expected estimate): nothing over, a tier holds the users.
    pub fits: bool,
    /// What is over and by how much, what lands on the card.
    pub verdict: Verdict,
    pub warnings: Vec<String>,
    /// The models of the tier retiring within 90 days, one warning each
    /// (also in `warnings`): what `check` and `diff` list.
    #[serde(skip)]
    pub retiring: Vec<String>,
    /// What cannot work as drawn (a link that cannot be made, a load
    /// balancer with no target), each with its fixes priced.
    pub defects: Vec<super::reach::DefectReport>,
}

impl CostReport {
    pub fn new(
        ws: &Workspace,
        profile: &Profile,
        model: &TierModel,
        tier: TierChoice,
        users: u64,
        defects: Vec<super::reach::DefectReport>,
    ) -> Self {
        let lines: Vec<Line> = model.lines.iter().map(|m| Line::new(m, users)).collect();
        let sum_where = |pred: &dyn Fn(&Line) -> bool| {
            Range::sum(lines.iter().filter(|l| pred(l)).map(|l| &l.cost))
        };
        let fixed = sum_where(&|l| l.basis == Basis::Fixed);
        let usage = sum_where(&|l| l.basis != Basis::Fixed);
        let total = Range::sum(lines.iter().map(|l| &l.cost));
        let per_user = total.map(|m| Money(m.amount() / Decimal::from(users.max(1))));
        let pools = pool_uses(&ws.budget.value, &lines);
        let budget = PoolUse::new("total", ws.budget.value.total, total);
        let verdict = crate::verdict::judge_parts(
            crate::verdict::Priced {
                pools: &pools,
                total: &budget,
                per_user: &per_user,
                tier: &tier,
                defects: &defects,
            },
            &ws.budget.value,
            Scenario::Expected,
            None,
        );
        let mut warnings = Vec::new();
        if tier.beyond_largest {
            warnings.push(tier.reason.clone());
        }
        // Each price once, in the order of the lines, however many lines use it.
        let mut uncertain: Vec<&str> = Vec::new();
        for l in lines.iter().filter(|l| l.price_uncertain) {
            if !uncertain.contains(&l.price_id.as_str()) {
                uncertain.push(l.price_id.as_str());
            }
        }
        if !uncertain.is_empty() {
            warnings.push(format!("unconfirmed prices used: {}", uncertain.join(", ")));
        }
        let retiring = retiring(ws, profile, model);
        warnings.extend(retiring.iter().cloned());
        CostReport {
            schema: super::COST_SCHEMA,
            profile: profile.name.clone(),
            title: profile.title.clone(),
            region: profile.region.clone(),
            users,
            tier,
            lines,
            fixed,
            usage,
            total,
            per_user,
            pools,
            budget,
            fits: verdict.fits,
            verdict,
            warnings,
            retiring,
            defects,
        }
    }
}

/// What lands on each pool of the budget (in budget order) once what
/// credit pools cannot pay has spilled on, scenario by scenario.
pub fn pool_uses(budget: &Budget, lines: &[Line]) -> Vec<PoolUse> {
    let funding = Funding::new(budget);
    let own: Vec<Range> = budget
        .pools
        .iter()
        .map(|p| Range::sum(lines.iter().filter(|l| l.pool == p.name).map(|l| &l.cost)))
        .collect();
    let settled: Vec<Vec<Settled>> = Scenario::ALL
        .iter()
        .map(|&s| funding.settle(&own.iter().map(|r| r.get(s)).collect::<Vec<_>>()))
        .collect();
    let by = |i: usize, f: fn(&Settled) -> Money| Range::of(|s| f(&settled[s as usize][i]));
    budget
        .pools
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut u = PoolUse::new(&p.name, funding.available[i], by(i, |x| x.landed));
            u.spilled_in = by(i, |x| x.spilled_in);
            u.spills = by(i, |x| x.spills);
            u.spills_to = funding.target(i).map(|t| budget.pools[t].name.clone());
            u.balance = p.balance.and_then(|balance| {
                let own: Vec<Money> = own.iter().map(|r| r.expected).collect();
                Some(BalanceUse {
                    balance,
                    starts: p.starts.clone(),
                    expires: p.expires.clone(),
                    runway: funding::balance_runway(budget, &funding, &own, i)?,
                })
            });
            u
        })
        .collect()
}

/// One warning per model of the tier that its vendor retires within
/// [`WARN_DAYS`](crate::pricing::lifecycle::WARN_DAYS) days, naming the date,
/// the source and the successor with its price.
fn retiring(ws: &Workspace, profile: &Profile, model: &TierModel) -> Vec<String> {
    use crate::pricing::lifecycle::Standing;
    let Ok(today) = crate::pricing::staleness::today() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for m in &model.lines {
        let Some(life) = &m.price.lifecycle else {
            continue;
        };
        let Standing::Retiring { days } = life.standing(today) else {
            continue;
        };
        // One warning per model, not per line (input and output tokens).
        let model = m
            .price
            .id
            .strip_suffix(".input")
            .or_else(|| m.price.id.strip_suffix(".output"))
            .unwrap_or(&m.price.id);
        if seen.contains(&model) {
            continue;
        }
        seen.push(model);
        let successor = match &life.successor {
            Some(s) => {
                let shown = super::successor_prices(ws, &profile.region, &m.price.id, s);
                if shown.is_empty() {
                    format!("; successor: {s}")
                } else {
                    format!("; successor: {s} at {}", shown.join(" / "))
                }
            }
            None => String::new(),
        };
        out.push(format!(
            "{}: {model} retires on {}, in {days} day{} ({}){successor}",
            m.component,
            life.retires,
            if days == 1 { "" } else { "s" },
            life.source
        ));
    }
    out
}
