//! The review's recommendations carry their price: each is a change the
//! model prices at the tier (components added, fields and workload drivers
//! set, risks' upgrades made), or says why the catalog cannot price it.

use archplan::analysis::review::{review, RecommendationView, Review};
use archplan::workspace::{Sources, Workspace};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn reviewed(profile: &str, users: u64, lang: &str) -> Review {
    // The calendar the other tests use: what depends on the date (models
    // retiring) reads the same every day.
    std::env::set_var("ARCHPLAN_TODAY", "2026-11-25");
    let ws = Workspace::load(&Sources::default()).unwrap();
    review(&ws, profile, users, lang).unwrap()
}

fn item<'a>(r: &'a Review, title: &str) -> &'a RecommendationView {
    r.recommendations
        .iter()
        .flat_map(|h| &h.items)
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no recommendation {title}"))
}

fn expected(i: &RecommendationView) -> Decimal {
    i.cost
        .as_ref()
        .unwrap_or_else(|| panic!("{} has no price", i.title))
        .expected
        .amount()
}

#[test]
fn every_recommendation_has_a_price_or_says_why_not() {
    for (profile, users) in [("current", 50), ("current", 500), ("as-drawn", 50)] {
        let r = reviewed(profile, users, "en");
        let items: Vec<&RecommendationView> =
            r.recommendations.iter().flat_map(|h| &h.items).collect();
        assert_eq!(
            items.len(),
            9,
            "{profile}: the review's nine recommendations"
        );
        for i in items {
            assert!(
                i.cost.is_some() || i.unpriced.is_some() || i.in_place,
                "{profile} at {users}: {} has neither a price nor a reason",
                i.title
            );
        }
    }
}

#[test]
fn each_price_is_the_change_it_makes_to_the_month() {
    let r = reviewed("current", 50, "en");
    // RDS Proxy on the instance's 2 vCPUs: 2 × $0.015 × 730 h.
    assert_eq!(expected(item(&r, "Database optimisation")), dec!(21.90));
    // Datadog Infrastructure Pro for two hosts ($18 each), 2 GB of logs
    // ($0.10/GB) and one CloudWatch dashboard ($3).
    assert_eq!(expected(item(&r, "Advanced monitoring")), dec!(39.20));
    // A 90% hit rate instead of 80%: 300,000 AI requests at 50 users miss
    // the cache 30,000 times instead of 60,000, and each miss costs 500
    // prompt tokens × $0.15/1M + 200 completion tokens × $0.60/1M =
    // $0.000195: −$5.85 a month.
    assert_eq!(expected(item(&r, "Cache optimisation")), dec!(-5.85));
    // The database is already private in the corrected architecture: of
    // "VPC and NAT gateway", only the bastion is added — a t4g.nano
    // ($0.0042 × 730 h = $3.066) and its public address ($3.65).
    assert_eq!(expected(item(&r, "VPC and NAT gateway")), dec!(6.716));
    for unpriced in ["Multi-region", "Reserved capacity"] {
        let i = item(&r, unpriced);
        assert!(i.cost.is_none(), "{unpriced}");
        assert!(
            i.unpriced.as_deref().unwrap().contains("catalog"),
            "{unpriced}"
        );
    }
}

#[test]
fn a_recommendation_the_tier_already_follows_is_in_place() {
    // The 500-user tier is Multi-AZ with a cache replica already.
    let r = reviewed("current", 500, "en");
    let multi_az = item(&r, "Multi-AZ");
    assert!(multi_az.cost.is_none() && multi_az.in_place);
    // The drawing at 50 users is Single-AZ: the same recommendation costs
    // the Multi-AZ database and the cache replica.
    let drawn = reviewed("as-drawn", 50, "en");
    assert!(expected(item(&drawn, "Multi-AZ")) > Decimal::ZERO);
}

#[test]
fn cloudfront_moves_the_video_egress_off_the_bucket() {
    let r = reviewed("current", 50, "en");
    let cdn = item(&r, "CloudFront CDN");
    // The bucket's egress beyond the 100 GB free ($0.09 × 50 GB = $4.50)
    // goes; CloudFront serves the 150 GB at $0.085 ($12.75) with 60,000
    // HTTPS requests at $0.01 per 10,000 ($0.06): +$8.31.
    assert_eq!(expected(cdn), dec!(8.31));
    let fr = reviewed("current", 50, "fr");
    assert!(fr.recommendations.iter().flat_map(|h| &h.items).any(|i| i
        .unpriced
        .as_deref()
        .is_some_and(|u| u.contains("catalogue"))));
}
