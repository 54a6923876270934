//! `archplan sweep`: cost and tier at every user count of a range.
//!
//! A tier's monthly total is piecewise linear in the user count: linear
//! lines, plus lines with a free allowance that start billing once usage
//! passes it. Between two such kinks, and while the same tier is in use, the
//! total grows by the same exact amount at each step. So the sweep prices the
//! first two user counts of each stretch with [`TierModel::total_at`] and adds
//! that exact difference for the others: 100,000 user counts cost a few
//! hundred `total_at` calls and additions, not 100,000 full evaluations.

use super::plan::ProfilePlan;
use crate::engine::charges::Basis;
use crate::engine::funding::Funding;
use crate::engine::TierModel;
use crate::error::{Error, Result};
use crate::model::budget::Budget;
use crate::model::workload::Scenario;
use crate::money::Money;
use crate::verdict;
use crate::workspace::Workspace;
use rust_decimal::Decimal;

pub const SWEEP_SCHEMA: &str = "archplan.sweep/v1";

/// Rows a sweep may produce before it asks for a larger step.
pub const MAX_ROWS: u64 = 10_000_000;

/// One user count of one architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Index into [`Sweep::profiles`].
    pub profile: usize,
    pub users: u64,
    /// The user count the tier in use is sized for.
    pub tier: u64,
    /// Whether that tier holds the users (false: no tier does; the largest is used).
    pub held: bool,
    /// The verdict at the expected estimate, as `archplan cost` gives it:
    /// a tier holds the users and every pool and the total fit.
    pub fits: bool,
    /// Monthly cost in cents (rounded half away from zero), low, expected, high.
    pub cents: [i64; 3],
}

#[derive(Debug, Clone)]
pub struct Sweep {
    pub profiles: Vec<String>,
    pub rows: Vec<Row>,
}

/// The user-count grid of a sweep: from, from + step, …, ≤ to.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    pub from: u64,
    pub to: u64,
    pub step: u64,
}

impl Grid {
    pub fn new(from: u64, to: u64, step: u64) -> Result<Grid> {
        if from > to {
            return Err(Error::input(format!(
                "--from {from} is above --to {to}; expected a range like --from 1 --to 1000"
            )));
        }
        if step == 0 {
            return Err(Error::input("--step is 0; expected a step of 1 or more"));
        }
        Ok(Grid { from, to, step })
    }

    pub fn len(&self) -> u64 {
        (self.to - self.from) / self.step + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The largest grid point ≤ x (x ≥ from).
    fn at_or_below(&self, x: u64) -> u64 {
        self.from + (x - self.from) / self.step * self.step
    }
}

pub fn sweep(ws: &Workspace, names: &[String], grid: Grid) -> Result<Sweep> {
    let rows_needed = grid.len().saturating_mul(names.len() as u64);
    if rows_needed > MAX_ROWS {
        return Err(Error::input(format!(
            "the sweep would print {rows_needed} rows (more than {MAX_ROWS}); use a larger --step or a shorter range"
        )));
    }
    let mut rows = Vec::with_capacity(usize::try_from(rows_needed).unwrap_or(0));
    for (pi, name) in names.iter().enumerate() {
        let doc = ws.profile(name)?;
        let plan = ProfilePlan::build(ws, doc)?;
        sweep_profile(&plan, &ws.budget.value, pi, grid, &mut rows);
    }
    Ok(Sweep {
        profiles: names.to_vec(),
        rows,
    })
}

/// Stretches of user counts served by one tier: (first user count, tier
/// index, held), in increasing order, starting at 1. The tier changes only
/// at a transition; the tier of each stretch is [`ProfilePlan::choose`]'s.
fn tier_stretches(plan: &ProfilePlan) -> Vec<(u64, usize, bool)> {
    let starts = std::iter::once(1).chain(plan.capacity.transitions().into_iter().map(|t| t.at));
    let mut out: Vec<(u64, usize, bool)> = starts
        .map(|at| {
            let c = plan.choose(at);
            (at, c.index, c.shortfall.is_none())
        })
        .collect();
    out.dedup_by(|b, a| a.1 == b.1 && a.2 == b.2);
    out
}

/// `cost`'s verdict on the budget: what lands on every pool that cannot
/// spill (their own lines' expected cost, in budget order, once credit
/// pools have spilled) and the total within their amounts.
fn fits(budget: &Budget, funding: &Funding, used: &[Money]) -> bool {
    funding.pools_fit(&funding.settle(used))
        && verdict::within(used.iter().copied().sum::<Money>(), budget.total)
}

/// The first k in 0..=last for which `holds` is false (`last + 1` if none),
/// for a `holds` that is true up to some k and false from there on.
fn first_false(last: u64, holds: impl Fn(u64) -> bool) -> u64 {
    let (mut lo, mut hi) = (0, last + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The expected cost of each budget pool (in budget order) on a tier at N users.
fn pools_at(model: &TierModel, pool_of: &[usize], pools: usize, users: u64) -> Vec<Money> {
    let mut v = vec![Money::ZERO; pools];
    for (line, &p) in model.lines.iter().zip(pool_of) {
        if let Some(slot) = v.get_mut(p) {
            *slot += line.cost_at(users, Scenario::Expected);
        }
    }
    v
}

/// User counts (real numbers) at which a line of the tier starts billing:
/// quantity per user × N passes the free allowance.
fn kinks(model: &TierModel) -> Vec<Decimal> {
    let mut out = Vec::new();
    for line in &model.lines {
        if line.basis != Basis::Usage {
            continue;
        }
        let Some(free) = line.price.free_quantity else {
            continue;
        };
        for s in Scenario::ALL {
            let q = line.quantity[s as usize];
            // A quantity so small that the allowance lasts beyond decimal
            // range has no kink at any user count.
            if let Some(k) = free.checked_div(q).filter(|_| q > Decimal::ZERO) {
                out.push(k);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn sweep_profile(plan: &ProfilePlan, budget: &Budget, pi: usize, grid: Grid, rows: &mut Vec<Row>) {
    let stretches = tier_stretches(plan);
    let kinks: Vec<Vec<Decimal>> = plan.models.iter().map(kinks).collect();
    // The pool of each line, as an index into the budget's pools.
    let pool_of: Vec<Vec<usize>> = plan
        .models
        .iter()
        .map(|m| {
            m.lines
                .iter()
                .map(|l| {
                    budget
                        .pools
                        .iter()
                        .position(|p| p.name == l.pool)
                        .unwrap_or(usize::MAX)
                })
                .collect()
        })
        .collect();
    let funding = Funding::new(budget);
    let pools = budget.pools.len();
    let mut n = grid.from;
    while n <= grid.to {
        // The stretch (tier) serving n, and where it ends.
        let k = stretches.partition_point(|&(start, _, _)| start <= n) - 1;
        let (_, index, held) = stretches[k];
        let tier_end = stretches
            .get(k + 1)
            .map_or(grid.to, |&(start, _, _)| (start - 1).min(grid.to));
        // The first kink above n ends the linear stretch: grid points up to
        // and including the kink still lie on the same line.
        let kink_end = kinks[index]
            .iter()
            .find(|&&x| x > Decimal::from(n))
            .map_or(u64::MAX, |&x| u64::try_from(x.floor()).unwrap_or(u64::MAX));
        let last = grid.at_or_below(tier_end.min(kink_end).max(n));
        let model = &plan.models[index];
        let tier = plan.models[index].tier_users;
        // A tier that does not run as drawn fits nowhere (the verdict's rule).
        let runs = plan.defects[index].is_empty();
        let mut v: [Money; 3] = Scenario::ALL.map(|s| model.total_at(n, s));
        let d: [Money; 3] = if last > n {
            Scenario::ALL.map(|s| model.total_at(n + grid.step, s) - v[s as usize])
        } else {
            [Money::ZERO; 3]
        };
        // Each pool's expected cost moves by the same exact step too, and
        // never down (nor does what lands on a pool once credits spill: a
        // capped pool passes on more as more flows in): the verdict holds for
        // the stretch's first grid points and fails from one point on, found
        // by bisection.
        let pv = pools_at(model, &pool_of[index], pools, n);
        let pd: Vec<Money> = if last > n {
            pools_at(model, &pool_of[index], pools, n + grid.step)
                .into_iter()
                .zip(&pv)
                .map(|(next, now)| next - *now)
                .collect()
        } else {
            vec![Money::ZERO; pools]
        };
        let steps = (last - n) / grid.step;
        let fits_at = |k: u64| {
            let k = Decimal::from(k);
            let used: Vec<Money> = pv
                .iter()
                .zip(&pd)
                .map(|(v, d)| *v + Money(d.amount() * k))
                .collect();
            held && runs && fits(budget, &funding, &used)
        };
        let fits_until = pd
            .iter()
            .all(|d| !d.is_negative())
            .then(|| first_false(steps, fits_at));
        let mut m = n;
        let mut k = 0;
        loop {
            let fits = match fits_until {
                Some(until) => k < until,
                None => fits_at(k),
            };
            rows.push(Row {
                profile: pi,
                users: m,
                tier,
                held,
                fits,
                cents: [cents(v[0]), cents(v[1]), cents(v[2])],
            });
            if m >= last {
                break;
            }
            m += grid.step;
            k += 1;
            for s in 0..3 {
                v[s] += d[s];
            }
        }
        match last.checked_add(grid.step) {
            Some(next) => n = next,
            None => break,
        }
    }
}

/// Whole cents, half away from zero, straight from the decimal's integer form.
pub fn cents(m: Money) -> i64 {
    let d = m.amount();
    let scale = d.scale();
    let mantissa = d.mantissa();
    let c: i128 = if scale <= 2 {
        mantissa * 10i128.pow(2 - scale)
    } else {
        let div = 10i128.pow(scale - 2);
        let q = mantissa / div;
        let r = (mantissa % div).abs();
        if r * 2 >= div {
            q + mantissa.signum()
        } else {
            q
        }
    };
    i64::try_from(c).unwrap_or(if c < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{Sources, Workspace};
    use rust_decimal_macros::dec;

    #[test]
    fn cents_round_half_away_from_zero() {
        for (m, c) in [
            (dec!(110.145), 11015),
            (dec!(110.144999), 11014),
            (dec!(-12.345), -1235),
            (dec!(7), 700),
            (dec!(0.005), 1),
            (dec!(1234.5), 123450),
        ] {
            assert_eq!(cents(Money(m)), c, "{m}");
            assert_eq!(
                Decimal::from(cents(Money(m))) / dec!(100),
                Money(m).rounded(),
                "{m}"
            );
        }
    }

    /// The increments must give exactly what pricing each user count on its
    /// own gives: every profile, every user count to 3,000, several steps.
    #[test]
    fn the_sweep_equals_pricing_each_user_count_on_its_own() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        let names: Vec<String> = ws.profile_names().iter().map(|s| s.to_string()).collect();
        for (from, to, step) in [(1, 3000, 1), (7, 2900, 13), (1, 100_000, 997)] {
            let sw = sweep(&ws, &names, Grid::new(from, to, step).unwrap()).unwrap();
            assert_eq!(
                sw.rows.len() as u64,
                Grid::new(from, to, step).unwrap().len() * names.len() as u64
            );
            for (pi, name) in names.iter().enumerate() {
                let doc = ws.profile(name).unwrap();
                let plan = ProfilePlan::build(&ws, doc).unwrap();
                for row in sw.rows.iter().filter(|r| r.profile == pi) {
                    let choice = plan.choose(row.users);
                    let model = &plan.models[choice.index];
                    let expect = Scenario::ALL.map(|s| cents(model.total_at(row.users, s)));
                    assert_eq!(row.cents, expect, "{name} at {} users", row.users);
                    assert_eq!(
                        (row.tier, row.held),
                        (choice.users, !choice.beyond_largest),
                        "{name} at {}",
                        row.users
                    );
                    assert_eq!(
                        row.fits,
                        plan.cost(&ws, row.users).verdict.fits,
                        "{name} at {}",
                        row.users
                    );
                }
            }
        }
    }

    #[test]
    fn a_reversed_range_and_a_huge_one_are_input_errors() {
        assert_eq!(Grid::new(10, 1, 1).unwrap_err().exit_code(), 2);
        let ws = Workspace::load(&Sources::default()).unwrap();
        let e = sweep(
            &ws,
            &["current".to_string()],
            Grid::new(1, 100_000_000, 1).unwrap(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("larger --step"), "{e}");
    }
}
