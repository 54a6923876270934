//! One rule for verdicts and exit status, for every command.
//!
//! A verdict answers "does this architecture fit at N users?": it fits when
//! every funding pool that cannot spill (the card, or a pool marked `spill:
//! never`) holds what lands on it once credits that ran out have spilled
//! ([`crate::engine::funding`]), the budget's total holds the bill (at one end
//! of the workload range), the cost per user is within the cap when one is
//! set, and a tier holds the users. It names what is over, why it cannot
//! spill and by how much, and what lands on the card. `archplan cost` and
//! `archplan check` exit with the verdict ([`Verdict::exit_status`]); the
//! commands that lay out several verdicts (compare, diff, report, sweep) mark
//! each one and exit 0. Errors exit 2 (bad input) or 3 (the environment),
//! never 1.

use crate::engine::capacity::Shortfall;
use crate::engine::reach::{DefectReport, Problem};
use crate::engine::{CostReport, PoolUse, Range, TierChoice};
use crate::model::budget::{Budget, HardLimit};
use crate::model::workload::Scenario;
use crate::money::Money;
use serde::Serialize;

/// The exit status of every command; the README's "Exit status" section
/// describes the same four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done; for a verdict (`cost`, `check`), it fits.
    Ok,
    /// 1: the verdict is "does not fit": over budget, or no tier holds the users.
    Over,
    /// 2: bad input or usage.
    BadInput,
    /// 3: the environment failed (a file could not be written, the network).
    Environment,
}

impl ExitStatus {
    pub const fn code(self) -> i32 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Over => 1,
            ExitStatus::BadInput => 2,
            ExitStatus::Environment => 3,
        }
    }
}

/// One thing that is over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "limit", rename_all = "kebab-case")]
pub enum Overrun {
    /// A funding pool that cannot spill (`cannot_spill` says why): the card,
    /// or a pool marked `spill: never`. `used` includes what other pools
    /// spilled into it (`spilled_in`).
    Pool {
        pool: String,
        amount: Money,
        used: Money,
        over: Money,
        cannot_spill: HardLimit,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        spilled_in: Vec<Flow>,
    },
    /// The budget's total.
    Total {
        amount: Money,
        used: Money,
        over: Money,
    },
    /// The cost per user, against a cap (`check --max-per-user`).
    PerUser {
        cap: Money,
        used: Money,
        over: Money,
    },
    /// No tier holds the users.
    Capacity(Shortfall),
    /// A part of the tier cannot work as drawn (`cost` lists its fixes).
    Runs {
        problem: Problem,
        from: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        why: String,
    },
}

impl Overrun {
    /// `pool aws: $336.70 of $300.00, over by $36.70`.
    pub fn describe(&self) -> String {
        match self {
            Overrun::Pool {
                pool,
                amount,
                used,
                over,
                cannot_spill,
                spilled_in,
            } => format!(
                "pool {pool} ({}): {} of {}{}, over by {}",
                hard_word(*cannot_spill),
                used.display(),
                amount.display(),
                spilled_text(spilled_in),
                over.display()
            ),
            Overrun::Total { amount, used, over } => format!(
                "total: {} of {}, over by {}",
                used.display(),
                amount.display(),
                over.display()
            ),
            Overrun::PerUser { cap, used, over } => format!(
                "per user: {}, over the {} cap by {}",
                used.display(),
                cap.display(),
                over.display()
            ),
            Overrun::Capacity(s) => format!(
                "no tier holds {} users: {}, over by {} users",
                s.users,
                s.limit(),
                s.over
            ),
            // The reason and the fixes follow the verdict (`does not run:`).
            Overrun::Runs { from, to, .. } => match to {
                Some(to) => format!("{from} cannot reach {to}"),
                None => format!("{from} forwards to nothing"),
            },
        }
    }

    /// `aws over by $42.52`, for a table cell.
    pub fn short(&self) -> String {
        match self {
            Overrun::Pool { pool, over, .. } => format!("{pool} over by {}", over.display()),
            Overrun::Total { over, .. } => format!("total over by {}", over.display()),
            Overrun::PerUser { over, .. } => format!("per user over by {}", over.display()),
            Overrun::Capacity(s) => format!("no tier holds {} users", s.users),
            Overrun::Runs { from, to, .. } => match to {
                Some(to) => format!("{from} cannot reach {to}"),
                None => format!("{from} forwards to nothing"),
            },
        }
    }

    fn is_runs(&self) -> bool {
        matches!(self, Overrun::Runs { .. })
    }

    fn is_capacity(&self) -> bool {
        matches!(self, Overrun::Capacity(_))
    }
}

/// A pool's limit, in a few words: why what is over it fails.
pub fn hard_word(h: HardLimit) -> &'static str {
    match h {
        HardLimit::Card => "the card",
        HardLimit::Never => "never spills",
        HardLimit::NoCard => "no card to spill into",
    }
}

/// `, with $42.91 spilled from aws`.
pub fn spilled_text(flows: &[Flow]) -> String {
    if flows.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = flows
        .iter()
        .map(|f| format!("{} spilled from {}", f.amount.display(), f.from))
        .collect();
    format!(", with {}", parts.join(" and "))
}

/// The one comparison of every verdict: a use within its limit fits
/// (exactly at the limit included).
pub fn within<T: PartialOrd>(used: T, limit: T) -> bool {
    used <= limit
}

/// Money a pool could not pay, passed to the pool it spills into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub amount: Money,
    /// `to` is a card pool: this lands on the card.
    pub to_card: bool,
}

/// What a pool has left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Room {
    pub pool: String,
    pub left: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Nothing is over: every pool that cannot spill, the total, the
    /// per-user cap, capacity.
    pub fits: bool,
    /// The end of the workload range the verdict is about.
    pub estimate: Scenario,
    /// What is over, by how much: pools in budget order, the total, the
    /// per-user cap, then capacity.
    pub over: Vec<Overrun>,
    /// When it fits: the pool with the least left, among those the
    /// architecture draws on and the total. Absent when something is over:
    /// no amount is "left" beside a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tightest: Option<Room>,
    /// Paid by card a month: everything credit pools do not pay — the
    /// lines of the card pools, what spills onto them, and what is over a
    /// credit pool that cannot spill.
    pub on_card: Money,
    /// What pools could not pay and passed on, in budget order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spills: Vec<Flow>,
}

/// The verdict on a priced month at one end of the workload range, with an
/// optional cap on the cost per user.
pub fn judge(
    report: &CostReport,
    budget: &Budget,
    estimate: Scenario,
    max_per_user: Option<Money>,
) -> Verdict {
    judge_parts(
        Priced {
            pools: &report.pools,
            total: &report.budget,
            per_user: &report.per_user,
            tier: &report.tier,
            defects: &report.defects,
        },
        budget,
        estimate,
        max_per_user,
    )
}

/// The parts of a priced month a verdict reads.
pub struct Priced<'a> {
    pub pools: &'a [PoolUse],
    /// The whole bill against the budget's total.
    pub total: &'a PoolUse,
    pub per_user: &'a Range,
    pub tier: &'a TierChoice,
    /// What cannot work as drawn: each is over (the architecture does not run).
    pub defects: &'a [DefectReport],
}

/// [`judge`] on the parts of a report, for the report being built.
pub fn judge_parts(
    priced: Priced,
    budget: &Budget,
    estimate: Scenario,
    max_per_user: Option<Money>,
) -> Verdict {
    let mut over = Vec::new();
    let index = |name: &str| budget.pools.iter().position(|p| p.name == name);
    let spills: Vec<Flow> = priced
        .pools
        .iter()
        .filter_map(|p| {
            let amount = p.spills.get(estimate);
            (amount > Money::ZERO).then_some(())?;
            let to = p.spills_to.clone()?;
            Some(Flow {
                from: p.name.clone(),
                to_card: budget.pool(&to).is_some_and(|t| t.is_card()),
                to,
                amount,
            })
        })
        .collect();
    // The pools the architecture draws on: those its lines name, and every
    // pool their excess would pass through.
    let mut drawn = vec![false; budget.pools.len()];
    for p in priced.pools {
        let own = p.used.get(estimate) + p.spills.get(estimate) - p.spilled_in.get(estimate);
        if let (false, Some(i)) = (own.amount().is_zero(), index(&p.name)) {
            for k in budget.chain(i) {
                drawn[k] = true;
            }
        }
    }
    let mut credits_paid = Money::ZERO;
    let mut rooms = Vec::new();
    for p in priced.pools {
        let used = p.used.get(estimate);
        let i = index(&p.name);
        let card = i.is_some_and(|i| budget.pools[i].is_card());
        if !card {
            credits_paid += used.min(p.amount);
        }
        // A pool that may spill is never over: its excess goes on.
        let Some(hard) = i.and_then(|i| budget.hard_limit(i)) else {
            continue;
        };
        if !within(used, p.amount) {
            over.push(Overrun::Pool {
                pool: p.name.clone(),
                amount: p.amount,
                used,
                over: used - p.amount,
                cannot_spill: hard,
                spilled_in: spills.iter().filter(|f| f.to == p.name).cloned().collect(),
            });
        } else if i.is_some_and(|i| drawn[i]) {
            rooms.push(Room {
                pool: p.name.clone(),
                left: p.amount - used,
            });
        }
    }
    let total = priced.total.used.get(estimate);
    let amount = priced.total.amount;
    if !within(total, amount) {
        over.push(Overrun::Total {
            amount,
            used: total,
            over: total - amount,
        });
    } else {
        rooms.push(Room {
            pool: priced.total.name.clone(),
            left: amount - total,
        });
    }
    if let Some(cap) = max_per_user {
        let used = priced.per_user.get(estimate);
        if !within(used, cap) {
            over.push(Overrun::PerUser {
                cap,
                used,
                over: used - cap,
            });
        }
    }
    if let Some(s) = &priced.tier.shortfall {
        over.push(Overrun::Capacity(s.clone()));
    }
    for d in priced.defects {
        over.push(Overrun::Runs {
            problem: d.problem,
            from: d.from.clone(),
            to: d.to.clone(),
            why: d.why.en().to_string(),
        });
    }
    let fits = over.is_empty();
    let on_card = total - credits_paid;
    // The first of equal rooms: pools before the total.
    let tightest = rooms
        .into_iter()
        .reduce(|a, b| if b.left < a.left { b } else { a })
        .filter(|_| fits);
    Verdict {
        fits,
        estimate,
        over,
        tightest,
        on_card,
        spills,
    }
}

impl Verdict {
    /// The one mapping from a verdict to an exit status.
    pub fn exit_status(&self) -> ExitStatus {
        if self.fits {
            ExitStatus::Ok
        } else {
            ExitStatus::Over
        }
    }

    /// `fits the budget`, `OVER BUDGET`, `OVER CAPACITY` or both.
    pub fn headline(&self) -> &'static str {
        let capacity = self.over.iter().any(Overrun::is_capacity);
        let runs = self.over.iter().any(Overrun::is_runs);
        let budget = self.over.iter().any(|o| !o.is_capacity() && !o.is_runs());
        match (budget, capacity, runs) {
            (false, false, false) => "fits the budget",
            (true, false, false) => "OVER BUDGET",
            (false, true, false) => "OVER CAPACITY",
            (true, true, false) => "OVER BUDGET AND CAPACITY",
            (false, false, true) => "DOES NOT RUN AS DRAWN",
            (true, false, true) => "OVER BUDGET; DOES NOT RUN AS DRAWN",
            (false, true, true) => "OVER CAPACITY; DOES NOT RUN AS DRAWN",
            (true, true, true) => "OVER BUDGET AND CAPACITY; DOES NOT RUN AS DRAWN",
        }
    }

    /// Every overrun, described, `; `-separated (empty when it fits).
    pub fn over_text(&self) -> String {
        self.over
            .iter()
            .map(Overrun::describe)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `on the card: $63.00/month, of which $42.91 spilled from the aws credits`.
    pub fn card_text(&self) -> String {
        let mut parts: Vec<(String, Money)> = self
            .over
            .iter()
            .filter_map(|o| match o {
                Overrun::Pool {
                    pool,
                    over,
                    cannot_spill: HardLimit::Never | HardLimit::NoCard,
                    ..
                } => Some((format!("beyond the {pool} credits"), *over)),
                _ => None,
            })
            .collect();
        parts.extend(
            self.spills
                .iter()
                .filter(|f| f.to_card)
                .map(|f| (format!("spilled from the {} credits", f.from), f.amount)),
        );
        let mut text = format!("on the card: {}/month", self.on_card.display());
        match &parts[..] {
            [] => {}
            [(what, m)] if *m == self.on_card => {
                text.push_str(&format!(", all of it {what}"));
            }
            _ => {
                let parts: Vec<String> = parts
                    .iter()
                    .map(|(what, m)| format!("{} {what}", m.display()))
                    .collect();
                text.push_str(&format!(", of which {}", parts.join(", ")));
            }
        }
        text
    }

    /// The whole verdict in one sentence, as `cost` prints it:
    /// `OVER BUDGET (expected estimate): pool cash: $351.50 of $100.00, over by $251.50; on the card: $351.50/month.`
    pub fn sentence(&self) -> String {
        let what = if self.fits {
            match &self.tightest {
                Some(r) => format!(
                    "the tightest pool, {}, has {} left",
                    r.pool,
                    r.left.display()
                ),
                None => String::new(),
            }
        } else {
            self.over_text()
        };
        let what = if what.is_empty() {
            String::new()
        } else {
            format!(": {what}")
        };
        format!(
            "{} ({} estimate){what}; {}.",
            self.headline(),
            self.estimate.as_str(),
            self.card_text()
        )
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

    #[test]
    fn the_four_exit_statuses() {
        assert_eq!(
            [
                ExitStatus::Ok,
                ExitStatus::Over,
                ExitStatus::BadInput,
                ExitStatus::Environment
            ]
            .map(ExitStatus::code),
            [0, 1, 2, 3]
        );
    }

    /// current at 200 users, with the card raised to $200: the aws lines cost
    /// $459.213594 (as-drawn's $342.906, plus the API on Fargate $19.74005,
    /// its load balancer $29.565, the NAT gateway $45.50 and the video
    /// pipeline on Lambda $28.802544 — 12,000 videos × 90 s × 2 GB =
    /// 2,160,000 GB-s × $0.0000133334 + 12,000 requests × $0.20/1M — less the
    /// public IPv4 addresses of the two database instances made private,
    /// $7.30), $159.213594 more than the $300 credits; that spills to cash,
    /// which has its own $20.396 (Vercel Pro $20 + 39,600 QStash messages
    /// $0.396): $179.609594 of $200 on the card, so it fits, with $20.390406
    /// left on the card.
    #[test]
    fn a_credit_pool_that_runs_out_spills_onto_the_card() {
        let mut ws = ws();
        let cash = ws
            .budget
            .value
            .pools
            .iter_mut()
            .find(|p| p.name == "cash")
            .unwrap();
        cash.amount = Some(Money(dec!(200)));
        let r = crate::engine::cost(&ws, ws.profile("current").unwrap(), 200).unwrap();
        let v = &r.verdict;
        assert!(v.fits, "{}", v.sentence());
        assert_eq!(v.exit_status(), ExitStatus::Ok);
        let aws = r.pools.iter().find(|p| p.name == "aws").unwrap();
        assert_eq!(aws.used.expected, Money(dec!(300)));
        assert_eq!(aws.spills.expected, Money(dec!(159.213594)));
        assert_eq!(aws.spills_to.as_deref(), Some("cash"));
        let cash = r.pools.iter().find(|p| p.name == "cash").unwrap();
        assert_eq!(cash.spilled_in.expected, Money(dec!(159.213594)));
        assert_eq!(cash.used.expected, Money(dec!(179.609594)));
        assert_eq!(cash.own().expected, Money(dec!(20.396)));
        assert_eq!(v.on_card, Money(dec!(179.609594)));
        // Spilling moves money between pools: the bill is the same.
        assert_eq!(
            r.pools.iter().map(|p| p.used.expected).sum::<Money>(),
            r.total.expected
        );
        assert_eq!(
            v.tightest,
            Some(Room {
                pool: "cash".into(),
                left: Money(dec!(20.390406))
            })
        );
        assert_eq!(
            v.card_text(),
            "on the card: $179.61/month, of which $159.21 spilled from the aws credits"
        );
    }

    /// current at 500 users: the aws lines cost $888.92141 (as-drawn's
    /// $745.475, plus the API $19.74005, the NAT gateway with 500 GB
    /// processed $59.00 and the video pipeline $72.00636 for 30,000 videos,
    /// less the database's two public IPv4 addresses $7.30; the load
    /// balancer was already there): $588.92141 spills onto a card of $100
    /// that already pays $40.99 of its own lines (2 Vercel seats and 99,000
    /// QStash messages), so the card is over, and so is the $1,300 total.
    #[test]
    fn the_card_is_over_with_what_spilled_into_it() {
        let ws = ws();
        let r = crate::engine::cost(&ws, ws.profile("current").unwrap(), 500).unwrap();
        let v = &r.verdict;
        assert!(!v.fits);
        match &v.over[..] {
            [Overrun::Pool {
                pool,
                used,
                over,
                cannot_spill: HardLimit::Card,
                spilled_in,
                ..
            }, Overrun::Total {
                used: total,
                over: total_over,
                ..
            }] => {
                assert_eq!(pool, "cash");
                assert_eq!(*used, Money(dec!(629.91141)));
                assert_eq!(*over, Money(dec!(529.91141)));
                assert_eq!(spilled_in.len(), 1);
                assert_eq!(
                    (spilled_in[0].from.as_str(), spilled_in[0].amount),
                    ("aws", Money(dec!(588.92141)))
                );
                // aws $888.92141 + azure $477 + the card's own $40.99.
                assert_eq!(*total, Money(dec!(1406.91141)));
                assert_eq!(*total_over, Money(dec!(106.91141)));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            v.over_text(),
            "pool cash (the card): $629.91 of $100.00, with $588.92 spilled from aws, over by $529.91; total: $1,406.91 of $1,300.00, over by $106.91"
        );
        assert!(v.tightest.is_none());
        assert_eq!(v.headline(), "OVER BUDGET");
    }

    /// The review's drawing at 50 users fits every pool, but two of its
    /// links cannot be made: the verdict does not fit, and says why.
    #[test]
    fn a_tier_that_does_not_run_fails_whatever_its_cost() {
        let ws = ws();
        let r = crate::engine::cost(&ws, ws.profile("as-drawn").unwrap(), 50).unwrap();
        let v = &r.verdict;
        assert!(!v.fits);
        assert_eq!(v.exit_status(), ExitStatus::Over);
        assert_eq!(v.headline(), "DOES NOT RUN AS DRAWN");
        assert_eq!(
            v.over_text(),
            "web cannot reach database; web cannot reach cache"
        );
        assert!(r.pools.iter().all(|p| p.fits));
    }

    #[test]
    fn no_tier_that_holds_the_users_is_a_failing_verdict_naming_the_limit() {
        let ws = ws();
        let r = crate::engine::cost(&ws, ws.profile("self-hosted").unwrap(), 300).unwrap();
        let v = &r.verdict;
        let capacity = v
            .over
            .iter()
            .find_map(|o| match o {
                Overrun::Capacity(s) => Some(s),
                _ => None,
            })
            .expect("a capacity overrun");
        assert_eq!((capacity.users, capacity.holds), (300, 270));
        assert_eq!(capacity.component.as_deref(), Some("ai"));
        assert!(!v.fits);
        assert_eq!(v.headline(), "OVER BUDGET AND CAPACITY");
        assert!(
            v.over_text().contains(
                "no tier holds 300 users: the 500-user tier's ai throughput (llama3.1-8b) holds 270 users, over by 30 users"
            ),
            "{}",
            v.over_text()
        );
    }

    #[test]
    fn a_fitting_verdict_names_the_tightest_pool_and_nothing_over() {
        let ws = ws();
        // serverless at 50 users: $89.149 of the $100 cash pool (Vercel $20,
        // Supabase $25 + $15 − $10 + $1.05, Upstash Redis 1M commands $2 and
        // QStash 9,900 messages $0.099, from the first one on pay as you go,
        // gpt-6-luna $3 + $6, gpt-transcribe 6,000 min × $0.0045 = $27); its
        // video pipeline is on the AWS credits.
        let r = crate::engine::cost(&ws, ws.profile("serverless").unwrap(), 50).unwrap();
        let v = &r.verdict;
        assert!(v.fits && v.over.is_empty());
        assert_eq!(
            v.tightest,
            Some(Room {
                pool: "cash".into(),
                left: Money(dec!(10.851))
            })
        );
        assert_eq!(v.on_card, Money(dec!(89.149)));
        assert_eq!(
            v.sentence(),
            "fits the budget (expected estimate): the tightest pool, cash, has $10.85 left; on the card: $89.15/month."
        );
    }
}
