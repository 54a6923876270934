//! The cost engine on hand-computed cases (tests/fixtures/mini: round prices
//! and a workload with simple numbers), and its invariants on the shipped
//! profiles (property tests).

use archplan::engine::{self, TierModel};
use archplan::model::workload::Scenario;
use archplan::money::Money;
use archplan::workspace::{Sources, Workspace};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::PathBuf;
use std::sync::OnceLock;

fn mini() -> Workspace {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    Workspace::load(&Sources {
        profiles_dir: Some(root.join("profiles")),
        pricing_dir: Some(root.join("pricing")),
        budget_file: None,
    })
    .expect("the mini fixture loads")
}

fn shipped() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| Workspace::load(&Sources::default()).expect("the shipped data loads"))
}

#[test]
fn one_small_database_is_hourly_price_times_730_plus_storage() {
    let ws = mini();
    let r = engine::cost(&ws, ws.profile("mini").unwrap(), 10).unwrap();
    let db: Vec<_> = r
        .lines
        .iter()
        .filter(|l| l.component == "database")
        .collect();
    // db.t4g.small Single-AZ: 0.032 $/h × 730 h = 23.36; 20 GB gp3 × 0.115 = 2.30.
    assert_eq!(db[0].cost.expected, Money(dec!(23.36)));
    assert_eq!(db[0].quantity, dec!(730));
    assert_eq!(db[1].cost.expected, Money(dec!(2.30)));
    // Fixed lines do not move with the workload range.
    assert_eq!(db[0].cost.low, db[0].cost.high);
}

#[test]
fn ai_tokens_follow_calls_and_cache_misses_at_each_end_of_the_range() {
    let ws = mini();
    let r = engine::cost(&ws, ws.profile("mini").unwrap(), 10).unwrap();
    let ai: Money = r
        .lines
        .iter()
        .filter(|l| l.component == "ai")
        .map(|l| l.cost.expected)
        .sum();
    // Expected: 10 users × 2,000 calls × (1 − 0.75) = 5,000 model calls;
    // 2.5M input tokens × $0.15/M = 0.375; 0.5M output × $0.60/M = 0.30.
    assert_eq!(ai, Money(dec!(0.675)));
    let low: Money = r
        .lines
        .iter()
        .filter(|l| l.component == "ai")
        .map(|l| l.cost.low)
        .sum();
    // Low: 1,000 calls each; hit rate at its high end 0.9 → 1,000 model calls:
    // 0.5M × 0.15/M + 0.1M × 0.60/M = 0.075 + 0.06.
    assert_eq!(low, Money(dec!(0.135)));
    let high: Money = r
        .lines
        .iter()
        .filter(|l| l.component == "ai")
        .map(|l| l.cost.high)
        .sum();
    // High: 4,000 calls each, hit rate 0.5 → 20,000 model calls: 10M × 0.15/M + 2M × 0.60/M.
    assert_eq!(high, Money(dec!(2.7)));
}

#[test]
fn totals_per_user_and_pools() {
    let ws = mini();
    let r = engine::cost(&ws, ws.profile("mini").unwrap(), 10).unwrap();
    // 23.36 + 2.30 + 0.675 + 0 (1,000 QStash messages are inside the 30,000 free).
    assert_eq!(r.total.expected, Money(dec!(26.335)));
    assert_eq!(r.per_user.expected, Money(dec!(2.6335)));
    assert_eq!(r.fixed.expected, Money(dec!(25.66)));
    let aws = r.pools.iter().find(|p| p.name == "aws").unwrap();
    assert_eq!(aws.used.expected, Money(dec!(25.66)));
    assert_eq!(aws.headroom, Money(dec!(4.34)));
    assert!(aws.fits);
    assert_eq!(r.budget.headroom, Money(dec!(73.665)));
    assert!(r.fits);
}

#[test]
fn free_allowance_is_deducted_before_pricing() {
    let ws = mini();
    let model = TierModel::build(&ws, ws.profile("mini").unwrap(), 0).unwrap();
    let jobs = model.lines.iter().find(|l| l.component == "jobs").unwrap();
    // 400 users × 20 videos × 5 messages = 40,000; 30,000 free; 10,000 at $1 per 100K.
    assert_eq!(jobs.cost_at(400, Scenario::Expected), Money(dec!(0.10)));
    assert_eq!(jobs.cost_at(300, Scenario::Expected), Money::ZERO);
}

#[test]
fn tier_choice_is_the_smallest_that_holds_the_users() {
    let ws = mini();
    let plan = engine::ProfilePlan::build(&ws, ws.profile("mini").unwrap()).unwrap();
    assert_eq!(plan.choose(5).users, 10);
    assert_eq!(plan.choose(10).users, 10);
    assert_eq!(plan.choose(11).users, 100);
    let beyond = plan.choose(101);
    assert_eq!(beyond.users, 100);
    assert!(beyond.beyond_largest);
    assert!(
        beyond.reason.contains("beyond the largest tier"),
        "{}",
        beyond.reason
    );
    // The limit exceeded: the largest tier's declared size (its database
    // holds more than 101 users of this workload).
    let short = beyond.shortfall.expect("no tier holds 101 users");
    assert_eq!((short.holds, short.over, short.component), (100, 1, None));
}

#[test]
fn beyond_the_largest_tier_is_said_and_can_break_a_pool() {
    let ws = mini();
    let r = engine::cost(&ws, ws.profile("mini").unwrap(), 101).unwrap();
    // 23.36 + 100 GB × 0.115 = 34.86 > the 30 AWS pool.
    assert_eq!(r.total.expected, Money(dec!(34.86)));
    assert!(!r.fits);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.contains("beyond the largest tier")));
}

fn profile_and_tier() -> impl Strategy<Value = (usize, usize)> {
    let ws = shipped();
    let choices: Vec<(usize, usize)> = ws
        .profiles
        .iter()
        .enumerate()
        .flat_map(|(p, d)| (0..d.value.tiers.len()).map(move |t| (p, t)))
        .collect();
    proptest::sample::select(choices)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn total_is_the_sum_of_lines_and_of_pools(users in 1u64..200_000) {
        let ws = shipped();
        for doc in &ws.profiles {
            let r = engine::cost(ws, doc, users).unwrap();
            for s in Scenario::ALL {
                let lines: Money = r.lines.iter().map(|l| l.cost.get(s)).sum();
                prop_assert_eq!(lines, r.total.get(s));
                let pools: Money = r.pools.iter().map(|p| p.used.get(s)).sum();
                prop_assert_eq!(pools, r.total.get(s));
                prop_assert!(r.total.low <= r.total.expected && r.total.expected <= r.total.high);
            }
            prop_assert_eq!(r.fixed.expected + r.usage.expected, r.total.expected);
        }
    }

    #[test]
    fn cost_never_decreases_as_users_grow_within_a_tier(
        (p, t) in profile_and_tier(), users in 1u64..100_000, more in 0u64..50_000
    ) {
        let ws = shipped();
        let model = TierModel::build(ws, &ws.profiles[p], t).unwrap();
        for s in Scenario::ALL {
            prop_assert!(model.total_at(users, s) <= model.total_at(users + more, s));
        }
    }

    #[test]
    fn the_fast_total_equals_the_itemised_total((p, t) in profile_and_tier(), users in 1u64..100_000) {
        let ws = shipped();
        let model = TierModel::build(ws, &ws.profiles[p], t).unwrap();
        for s in Scenario::ALL {
            let itemised: Money = model.lines.iter().map(|l| l.cost_at(users, s)).sum();
            prop_assert_eq!(model.total_at(users, s), itemised);
        }
    }
}

#[test]
fn every_shipped_tier_prices_and_uses_730_hours_for_hourly_lines() {
    let ws = shipped();
    for doc in &ws.profiles {
        for (i, t) in doc.value.tiers.iter().enumerate() {
            let model = TierModel::build(ws, doc, i).unwrap();
            for l in model
                .lines
                .iter()
                .filter(|l| l.price.unit == archplan::pricing::catalog::Unit::Hour)
            {
                let hours = l.quantity_at(t.users, Scenario::Expected);
                assert_eq!(
                    hours % dec!(730),
                    Decimal::ZERO,
                    "{} {}",
                    doc.value.name,
                    l.item
                );
            }
        }
    }
}

#[test]
fn the_managed_architectures_hold_the_users_their_tiers_are_sized_for() {
    // Self-hosted is the exception the capacity model finds: a small model on
    // CPU answers too slowly beyond ~90 users (see capacity.yaml).
    let ws = shipped();
    for name in ["current", "all-aws", "serverless"] {
        let doc = ws.profile(name).unwrap();
        for t in &doc.value.tiers {
            let r = engine::cost(ws, doc, t.users).unwrap();
            assert_eq!(r.tier.users, t.users, "{name}: {}", r.tier.reason);
            assert!(!r.tier.beyond_largest, "{name}: {}", r.tier.reason);
        }
    }
}
