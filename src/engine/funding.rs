//! Who pays a month's bill: each pool pays its own lines up to what it has
//! this month, and passes the excess to the pool it spills into, as a cloud
//! bill does when credits are exhausted. What lands on each pool after
//! spilling is what the verdict judges; only pools that cannot spill can be
//! over ([`crate::model::budget::HardLimit`]).
//!
//! One-off balances pay from the month of the budget's `as_of` day; how long
//! they last at a user count is the balance drawn down month by month at that
//! count's monthly spend in the pool, capped by the expiry ([`Runway`]).

use crate::model::budget::{Budget, Day, Pool};
use crate::money::Money;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// A calendar month, written `2027-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    /// Months since year 0: year × 12 + (month − 1).
    index: i64,
}

impl Month {
    pub fn of(day: &Day) -> Month {
        let d = day.date();
        Month {
            index: i64::from(d.year()) * 12 + i64::from(d.month()) - 1,
        }
    }

    pub fn plus(self, months: i64) -> Month {
        Month {
            index: self.index.saturating_add(months),
        }
    }

    /// Months from `self` to `later` (0 when the same).
    pub fn until(self, later: Month) -> i64 {
        later.index - self.index
    }

    /// The first month that starts on or after `day`.
    fn first_whole_from(day: &Day) -> Month {
        let m = Month::of(day);
        if day.date().day() == 1 {
            m
        } else {
            m.plus(1)
        }
    }

    /// The last month that ends on or before `day`.
    fn last_whole_until(day: &Day) -> Month {
        let m = Month::of(day);
        let d = day.date();
        if d.day() == d.days_in_month() {
            m
        } else {
            m.plus(-1)
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}",
            self.index.div_euclid(12),
            self.index.rem_euclid(12) + 1
        )
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The months a one-off balance may pay: from the budget's `as_of` month (or
/// the first whole month after `starts`, if later) to the last whole month
/// before `expires`.
#[derive(Debug, Clone, Copy)]
struct Window {
    first: Month,
    last: Option<Month>,
}

fn window(budget: &Budget, pool: &Pool) -> Option<Window> {
    pool.balance?;
    let as_of = Month::of(budget.as_of.as_ref()?);
    let first = pool
        .starts
        .as_ref()
        .map_or(as_of, |s| Month::first_whole_from(s).max(as_of));
    Some(Window {
        first,
        last: pool.expires.as_ref().map(Month::last_whole_until),
    })
}

/// The month whose bill is judged: the budget's `as_of` month, when it has one.
pub fn judged_month(budget: &Budget) -> Option<Month> {
    budget.as_of.as_ref().map(Month::of)
}

/// What pool `i` may pay in the judged month: its monthly amount, or its
/// balance if the balance may pay that month (nothing before it starts or
/// after it expires).
pub fn available(budget: &Budget, i: usize) -> Money {
    let pool = &budget.pools[i];
    if let Some(amount) = pool.amount {
        return amount;
    }
    let (Some(balance), Some(w), Some(judged)) =
        (pool.balance, window(budget, pool), judged_month(budget))
    else {
        return Money::ZERO;
    };
    let open = w.first == judged && w.last.is_none_or(|last| judged <= last);
    if open {
        balance
    } else {
        Money::ZERO
    }
}

/// One pool's share of a month, once every spill has been passed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settled {
    /// Its own lines.
    pub own: Money,
    /// What pools spilling into it passed on.
    pub spilled_in: Money,
    /// What it pays (its own lines and what spilled in, up to what it has
    /// when it may spill).
    pub landed: Money,
    /// What it passes to the pool it spills into.
    pub spills: Money,
}

/// A budget ready to settle months: the pools' spill targets, in an order
/// where each pool comes before the one it spills into, and what each may
/// pay in the judged month.
#[derive(Debug, Clone)]
pub struct Funding {
    pub names: Vec<String>,
    target: Vec<Option<usize>>,
    order: Vec<usize>,
    pub available: Vec<Money>,
}

impl Funding {
    pub fn new(budget: &Budget) -> Funding {
        let n = budget.pools.len();
        Funding {
            names: budget.pools.iter().map(|p| p.name.clone()).collect(),
            target: (0..n).map(|i| budget.spill_target(i)).collect(),
            order: budget.spill_order(),
            available: (0..n).map(|i| available(budget, i)).collect(),
        }
    }

    pub fn target(&self, i: usize) -> Option<usize> {
        self.target[i]
    }

    /// Each pool's month given its own lines' cost (in budget order).
    pub fn settle(&self, own: &[Money]) -> Vec<Settled> {
        let mut out: Vec<Settled> = own
            .iter()
            .map(|&own| Settled {
                own,
                ..Settled::default()
            })
            .collect();
        for &i in &self.order {
            let inflow = out[i].own + out[i].spilled_in;
            match self.target[i] {
                Some(t) => {
                    let landed = inflow.min(self.available[i]);
                    let spills = (inflow - landed).max(Money::ZERO);
                    out[i].landed = landed;
                    out[i].spills = spills;
                    out[t].spilled_in += spills;
                }
                None => out[i].landed = inflow,
            }
        }
        out
    }

    /// The pools that cannot spill hold what lands on them: the budget's
    /// pool-by-pool rule, for callers that need only yes or no.
    pub fn pools_fit(&self, settled: &[Settled]) -> bool {
        settled.iter().enumerate().all(|(i, s)| {
            self.target[i].is_some() || crate::verdict::within(s.landed, self.available[i])
        })
    }
}

/// Why a one-off balance stops paying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunwayEnd {
    /// Drawn down to nothing.
    RunsOut,
    /// It expires with money left.
    Expires,
    /// It neither runs out nor expires (nothing draws on it, and no expiry).
    Lasts,
    /// It pays no month from `as_of` on: expired, or empty.
    Spent,
}

/// How long a one-off balance lasts at one user count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Runway {
    /// The monthly spend it pays from (its lines and what spills into it).
    pub monthly: Money,
    pub ends: RunwayEnd,
    /// The first month it pays.
    pub from: Month,
    /// The last month it pays anything; absent when it lasts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Month>,
    /// Left unused when it expires.
    #[serde(skip_serializing_if = "is_zero")]
    pub unused: Money,
    /// The pool its lines spill into once it stops; absent: it cannot spill.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then_to: Option<String>,
    /// Once it stops: what lands a month on the pool at the end of its
    /// spills (the card, usually), at the same user count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then: Option<Afterwards>,
}

/// A pool that cannot spill, once a balance upstream has stopped paying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Afterwards {
    pub pool: String,
    /// What lands on it a month.
    pub lands: Money,
    /// What it may pay a month.
    pub amount: Money,
    /// Whether it holds what lands on it.
    pub fits: bool,
    /// How much what lands on it is over its amount (0 when it fits).
    pub over: Money,
}

impl Runway {
    /// `lasts until 2027-03 at 200 users ($745.48 a month), then spills to cash`.
    pub fn describe(&self, users: u64) -> String {
        let then = match &self.then_to {
            Some(t) => format!("then its lines spill to {t}"),
            None => "then its lines are over it".to_string(),
        };
        let then = match &self.then {
            Some(a) if a.fits => format!(
                "{then}, which then takes {} of {}",
                a.lands.display(),
                a.amount.display()
            ),
            Some(a) => format!(
                "{then}, which then takes {} of {}, over by {}",
                a.lands.display(),
                a.amount.display(),
                a.over.display()
            ),
            None => then,
        };
        let at = format!("at {users} users ({} a month)", self.monthly.display());
        match (self.ends, self.until) {
            (RunwayEnd::RunsOut, Some(until)) => format!("lasts until {until} {at}; {then}"),
            (RunwayEnd::Expires, Some(until)) => format!(
                "lasts until it expires after {until} {at}, {} unused; {then}",
                self.unused.display()
            ),
            (RunwayEnd::Spent, _) => format!("pays no month from {} on; {then}", self.from),
            _ => format!("lasts {at}: nothing draws it down and it does not expire"),
        }
    }
}

fn is_zero(m: &Money) -> bool {
    m.amount().is_zero()
}

/// How long pool `i`'s balance lasts at a monthly spend; `None` for a monthly
/// pool.
pub fn runway(budget: &Budget, i: usize, monthly: Money) -> Option<Runway> {
    let pool = &budget.pools[i];
    let balance = pool.balance?;
    let w = window(budget, pool)?;
    let then_to = budget.spill_target(i).map(|t| budget.pools[t].name.clone());
    let runway = |ends, until, unused| Runway {
        monthly,
        ends,
        from: w.first,
        until,
        unused,
        then_to: then_to.clone(),
        then: None,
    };
    let expired = w.last.is_some_and(|last| last < w.first);
    if expired || balance <= Money::ZERO {
        return Some(runway(RunwayEnd::Spent, None, Money::ZERO));
    }
    // Months paid in full, and whether a last month is paid in part.
    // (A spend so small beside the balance that the quotient overflows
    // never empties it.)
    let months_to_empty = (monthly > Money::ZERO)
        .then(|| balance.amount().checked_div(monthly.amount()))
        .flatten()
        .map(|quotient| {
            let whole = quotient.floor();
            let partial = balance.amount() > whole.saturating_mul(monthly.amount());
            let whole = whole.to_i64().unwrap_or(i64::MAX);
            whole.saturating_add(i64::from(partial))
        });
    let out_month = months_to_empty.map(|n| w.first.plus(n - 1));
    Some(match (out_month, w.last) {
        (Some(out), Some(last)) if last < out => {
            let months = w.first.until(last) + 1;
            let drawn = Money(monthly.amount().saturating_mul(Decimal::from(months)));
            runway(RunwayEnd::Expires, Some(last), balance - drawn)
        }
        (Some(out), _) => runway(RunwayEnd::RunsOut, Some(out), Money::ZERO),
        (None, Some(last)) => runway(RunwayEnd::Expires, Some(last), balance),
        (None, None) => runway(RunwayEnd::Lasts, None, Money::ZERO),
    })
}

/// How long pool `i`'s balance lasts given every pool's own lines (in
/// budget order), and what lands at the end of its spills once it stops.
pub fn balance_runway(
    budget: &Budget,
    funding: &Funding,
    own: &[Money],
    i: usize,
) -> Option<Runway> {
    let now = funding.settle(own);
    let mut r = runway(budget, i, now[i].landed + now[i].spills)?;
    let end = *budget.chain(i).last()?;
    if r.ends != RunwayEnd::Lasts && end != i && budget.hard_limit(end).is_some() {
        let mut without = funding.clone();
        without.available[i] = Money::ZERO;
        let lands = without.settle(own)[end].landed;
        let amount = funding.available[end];
        let fits = crate::verdict::within(lands, amount);
        r.then = Some(Afterwards {
            pool: funding.names[end].clone(),
            lands,
            amount,
            fits,
            over: if fits { Money::ZERO } else { lands - amount },
        });
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_yaml;
    use rust_decimal_macros::dec;

    fn budget(text: &str) -> Budget {
        let doc = parse_yaml::<Budget>("budget.yaml", text).unwrap();
        crate::model::budget::validate_funding(&doc).unwrap();
        doc.value
    }

    const CHAIN: &str = "total: 2000\npools:\n  - name: aws\n    amount: 300\n    vendors: [aws]\n    spill_to: reserve\n  - name: reserve\n    amount: 50\n    vendors: [aws]\n  - name: cash\n    amount: 100\n";

    #[test]
    fn excess_passes_down_the_chain_and_lands_on_the_card() {
        let b = budget(CHAIN);
        let f = Funding::new(&b);
        let s = f.settle(&[Money(dec!(400)), Money::ZERO, Money(dec!(20))]);
        assert_eq!(
            s.iter().map(|x| x.landed).collect::<Vec<_>>(),
            [Money(dec!(300)), Money(dec!(50)), Money(dec!(70))]
        );
        assert_eq!(s[0].spills, Money(dec!(100)));
        assert_eq!(s[1].spilled_in, Money(dec!(100)));
        assert_eq!(s[1].spills, Money(dec!(50)));
        assert_eq!(s[2].spilled_in, Money(dec!(50)));
        assert!(f.pools_fit(&s));
        // $90 more on the card's own lines: the card is over, nothing else.
        let s = f.settle(&[Money(dec!(400)), Money::ZERO, Money(dec!(110))]);
        assert_eq!(s[2].landed, Money(dec!(160)));
        assert!(!f.pools_fit(&s));
        // The total spent is the same whoever pays it.
        assert_eq!(s.iter().map(|x| x.landed).sum::<Money>(), Money(dec!(510)));
    }

    const ACTIVATE: &str = "total: 2000\nas_of: 2026-12-01\npools:\n  - name: activate\n    balance: 5000\n    expires: 2027-06-30\n    vendors: [aws]\n  - name: cash\n    amount: 100\n";

    #[test]
    fn a_balance_lasts_until_the_month_it_runs_out_or_expires() {
        let b = budget(ACTIVATE);
        // $745.48 a month: six whole months (Dec..May) and $527.12 of June.
        let r = runway(&b, 0, Money(dec!(745.48))).unwrap();
        assert_eq!(r.ends, RunwayEnd::RunsOut);
        assert_eq!(r.until.unwrap().to_string(), "2027-06");
        // $1,000 a month: five months, out in April 2027.
        let r = runway(&b, 0, Money(dec!(1000))).unwrap();
        assert_eq!(
            (r.ends, r.until.unwrap().to_string()),
            (RunwayEnd::RunsOut, "2027-04".into())
        );
        assert_eq!(
            r.describe(200),
            "lasts until 2027-04 at 200 users ($1,000.00 a month); then its lines spill to cash"
        );
        // $500 a month: the expiry comes first, after seven months, $1,500 unused.
        let r = runway(&b, 0, Money(dec!(500))).unwrap();
        assert_eq!(r.ends, RunwayEnd::Expires);
        assert_eq!(r.until.unwrap().to_string(), "2027-06");
        assert_eq!(r.unused, Money(dec!(1500)));
        assert_eq!(available(&b, 0), Money(dec!(5000)));
    }

    #[test]
    fn a_spend_too_small_to_divide_by_never_empties_the_balance() {
        let b = budget(&ACTIVATE.replace("balance: 5000", "balance: 79228162514264"));
        let r = runway(&b, 0, Money(Decimal::new(1, 28))).unwrap();
        assert_eq!(r.ends, RunwayEnd::Expires);
        assert_eq!(r.until.unwrap().to_string(), "2027-06");
    }

    #[test]
    fn a_balance_pays_only_within_its_whole_months() {
        let starts_later = ACTIVATE.replace("expires:", "starts: 2027-01-15\n    expires:");
        let b = budget(&starts_later);
        assert_eq!(available(&b, 0), Money::ZERO, "not usable in December");
        assert_eq!(
            runway(&b, 0, Money(dec!(1000))).unwrap().from.to_string(),
            "2027-02"
        );
        let expired = ACTIVATE.replace("2027-06-30", "2026-12-30");
        let b = budget(&expired);
        assert_eq!(available(&b, 0), Money::ZERO, "December is not whole");
        assert_eq!(
            runway(&b, 0, Money(dec!(10))).unwrap().ends,
            RunwayEnd::Spent
        );
    }
}
