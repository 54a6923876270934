//! One tier choice and one verdict everywhere: `cost`, `check`, `compare` and
//! `sweep` agree on the tier, the total and the verdict for every shipped
//! profile at every user count of the table; the exit status follows the
//! verdict; and the verdict's words name what is over instead of what is left.

mod common;
use common::{archplan, repo};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

const PROFILES: [&str; 4] = ["current", "all-aws", "serverless", "self-hosted"];
const USERS: [u64; 7] = [50, 100, 150, 200, 300, 500, 600];

/// In-process run: (exit status, JSON output).
fn json(args: &[&str]) -> (i32, Value) {
    let out = common::run(args).unwrap_or_else(|e| panic!("archplan {args:?}: {e}"));
    let v = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("archplan {args:?}: {e}\n{}", out.stdout));
    (out.code, v)
}

fn dec(v: &Value) -> Decimal {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Decimal::from_str(&text).unwrap_or_else(|_| panic!("not a number: {v}"))
}

/// What one command says about one profile at one user count.
#[derive(Debug, PartialEq)]
struct Answer {
    tier: u64,
    /// Expected monthly total, exact (the sweep's is rounded to the cent).
    total: Decimal,
    fits: bool,
}

fn roomy() -> String {
    repo()
        .join("tests/fixtures/roomy-budget.yaml")
        .display()
        .to_string()
}

/// The table, with the shipped budget and with one every tier fits, where
/// only capacity can fail a row.
fn agree_with(budget: &[&str]) {
    for users in USERS {
        let n = users.to_string();
        let mut args = vec!["compare", "alternatives", "--users", &n, "--format", "json"];
        args.extend(budget);
        let (code, compare) = json(&args);
        assert_eq!(code, 0, "compare describes: it exits 0");
        for profile in PROFILES {
            let at = format!("{profile} at {users} users {budget:?}");
            let with = |cmd: &[&str]| {
                let mut a = cmd.to_vec();
                a.extend(budget);
                json(&a)
            };
            let (cost_code, cost) = with(&[
                "cost",
                "--users",
                &n,
                "--profile",
                profile,
                "--format",
                "json",
            ]);
            let cost_answer = Answer {
                tier: cost["tier"]["users"].as_u64().unwrap(),
                total: dec(&cost["total"]["expected"]),
                fits: cost["fits"].as_bool().unwrap(),
            };
            // A row no tier holds does not fit, whatever the budget.
            if cost["tier"]["beyond_largest"] == true {
                assert!(!cost_answer.fits, "no tier holds the users, yet fits: {at}");
            }

            let (check_code, check) = with(&[
                "check",
                "--users",
                &n,
                "--profile",
                profile,
                "--format",
                "json",
            ]);
            let e = &check["evaluations"][0];
            let check_answer = Answer {
                tier: e["tier_users"].as_u64().unwrap(),
                total: dec(&e["total"]),
                fits: !e["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["severity"] == "error"),
            };
            assert_eq!(check_answer, cost_answer, "check vs cost, {at}");

            let row = compare["groups"][0]["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["profile"] == profile)
                .unwrap();
            let compare_answer = Answer {
                tier: row["tier"]["users"].as_u64().unwrap(),
                total: dec(&row["cost"]["expected"]),
                fits: row["fits"].as_bool().unwrap(),
            };
            assert_eq!(compare_answer, cost_answer, "compare vs cost, {at}");

            let (sweep_code, sweep) = with(&[
                "sweep",
                "--profile",
                profile,
                "--from",
                &n,
                "--to",
                &n,
                "--format",
                "json",
            ]);
            let r = &sweep["rows"][0];
            let sweep_answer = Answer {
                tier: r["tier"].as_u64().unwrap(),
                total: dec(&r["expected"]),
                fits: r["fits"]
                    .as_bool()
                    .unwrap_or_else(|| panic!("the sweep gives no verdict: {r}")),
            };
            let rounded = Answer {
                total: cost_answer.total.round_dp_with_strategy(
                    2,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                ),
                ..cost_answer
            };
            assert_eq!(sweep_answer, rounded, "sweep vs cost, {at}");
            assert_eq!(r["held"], cost["tier"]["beyond_largest"] != true, "{at}");

            // One exit status for one verdict: cost and check exit 1 when it
            // does not fit; the sweep lays out verdicts and exits 0.
            let verdict_code = if cost_answer.fits { 0 } else { 1 };
            assert_eq!(cost_code, verdict_code, "cost's exit status, {at}");
            assert_eq!(check_code, verdict_code, "check's exit status, {at}");
            assert_eq!(sweep_code, 0, "{at}");
            // The same verdict object, named the same way, everywhere.
            assert_eq!(cost["verdict"]["fits"], cost["fits"], "{at}");
            assert_eq!(e["verdict"], cost["verdict"], "{at}");
            assert_eq!(row["verdict"], cost["verdict"], "{at}");
            // diff's verdict after a move to these users, and the review's.
            let (diff_code, diff) = with(&[
                "diff",
                "--profile",
                profile,
                "--users",
                "50",
                "--to-users",
                &n,
                "--format",
                "json",
            ]);
            assert_eq!(diff_code, 0, "{at}");
            assert_eq!(diff["diffs"][0]["verdict_after"], cost["verdict"], "{at}");
            let review = {
                let mut a = vec!["report", "--profile", profile, "--users", &n];
                a.extend(budget);
                archplan(&a)
            };
            assert_eq!(review.code, 0, "{at}: {}", review.stderr);
            let headline = if cost_answer.fits {
                format!("### ✅ {profile}: fits the budget")
            } else {
                format!("### ❌ {profile}: does not fit")
            };
            assert!(review.stdout.contains(&headline), "{at}: {headline}");
        }
    }
    // `check` without --users: every tier's own user count, on the tier
    // `cost` uses for it.
    for profile in PROFILES {
        let mut args = vec!["check", "--profile", profile, "--format", "json"];
        args.extend(budget);
        let (_, check) = json(&args);
        for e in check["evaluations"].as_array().unwrap() {
            let users = e["users"].as_u64().unwrap().to_string();
            let mut args = vec![
                "cost",
                "--users",
                &users,
                "--profile",
                profile,
                "--format",
                "json",
            ];
            args.extend(budget);
            let (_, cost) = json(&args);
            let at = format!("{profile} at {users} users {budget:?}");
            assert_eq!(e["tier_users"], cost["tier"]["users"], "{at}");
            assert_eq!(dec(&e["total"]), dec(&cost["total"]["expected"]), "{at}");
            let errors = e["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["severity"] == "error");
            assert_eq!(Value::from(!errors), cost["fits"], "{at}");
        }
    }
}

#[test]
fn cost_check_compare_and_sweep_agree_on_tier_total_and_verdict() {
    agree_with(&[]);
}

#[test]
fn they_agree_when_only_capacity_can_fail() {
    let budget = roomy();
    agree_with(&["--budget", &budget]);
}

#[test]
fn they_agree_when_credits_spill_along_a_chain_and_a_balance_pays() {
    // tests/fixtures/spill-budget.yaml: monthly credits spilling into a
    // one-off balance, which spills onto the card; Azure credits that never
    // spill.
    let budget = repo()
        .join("tests/fixtures/spill-budget.yaml")
        .display()
        .to_string();
    agree_with(&["--budget", &budget]);
}

#[test]
fn check_prices_each_tier_count_as_cost_does() {
    // self-hosted at 100 users: the 100-user tier's CPU model holds 90 users,
    // so cost (and now check) prices the 500-user GPU tier: $351.50, over
    // the $100 cash pool.
    let (code, check) = json(&["check", "--profile", "self-hosted", "--format", "json"]);
    assert_eq!(code, 1);
    let at_100 = check["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["users"] == 100)
        .unwrap();
    assert_eq!(at_100["tier_users"], 500);
    assert_eq!(at_100["total"], "351.5024");
    assert_eq!(at_100["result"], "over");
}

#[test]
fn a_row_no_tier_holds_fails_the_gate_naming_the_limit() {
    let budget = roomy();
    let r = archplan(&["check", "--budget", &budget]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "profiles/self-hosted.yaml:93:16: error: self-hosted at 500 users: no tier holds the users: \
the 500-user tier's ai throughput (llama3.1-8b) holds 270 users, over by 230 users"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("FAIL: 20 evaluated: 5 OVER, 0 warning, 15 ok"),
        "{}",
        r.stdout
    );
    let j = archplan(&["check", "--budget", &budget, "--format", "json"]);
    let v: Value = serde_json::from_str(&j.stdout).unwrap();
    let failing: Vec<&Value> = v["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["result"] == "over")
        .collect();
    // The review's drawing, at every tier (it does not run), and self-hosted
    // at 500 users.
    assert_eq!(failing.len(), 5);
    for e in failing.iter().filter(|e| e["profile"] == "as-drawn") {
        assert_eq!(e["findings"][0]["limit_kind"], "runs", "{e}");
    }
    let failing: Vec<&&Value> = failing
        .iter()
        .filter(|e| e["profile"] == "self-hosted")
        .collect();
    assert_eq!(failing.len(), 1);
    let f = &failing[0]["findings"][0];
    assert_eq!(
        (&f["limit_kind"], &f["limit"], &f["used"], &f["over"]),
        (
            &Value::from("capacity"),
            &Value::from("270"),
            &Value::from("500"),
            &Value::from("230")
        )
    );
    let gh = archplan(&["check", "--budget", &budget, "--format", "github"]);
    assert!(
        gh.stdout
            .contains("title=self-hosted at 500 users%3A no tier holds the users::"),
        "{}",
        gh.stdout
    );
    let junit = archplan(&["check", "--budget", &budget, "--format", "junit"]);
    assert!(
        junit.stdout.contains("type=\"over-capacity\""),
        "{}",
        junit.stdout
    );
}

#[test]
fn exit_status_follows_the_verdict() {
    // Fits: 0.
    let fits = archplan(&["cost", "--users", "50"]);
    assert_eq!(fits.code, 0, "{}", fits.stderr);
    assert!(fits.stdout.contains("Verdict: fits the budget"));
    // all-aws runs out of AWS credits at 50 users; what spills lands on the
    // card, which holds it: 0.
    let spills = archplan(&["cost", "--users", "50", "--profile", "all-aws"]);
    assert_eq!(spills.code, 0, "{}", spills.stdout);
    assert!(
        spills.stdout.contains(
            "aws credits: $300.00 used, $75.94 spills to cash.\n\
Verdict: fits the budget (expected estimate): the tightest pool, cash, has $24.06 left; \
on the card: $75.94/month, all of it spilled from the aws credits."
        ),
        "{}",
        spills.stdout
    );
    // Over budget: 1, as `--help` says, in every format.
    for format in ["table", "markdown", "json"] {
        let over = archplan(&["cost", "--users", "500", "--format", format]);
        assert_eq!(over.code, 1, "{format}: {}", over.stdout);
    }
    let over = archplan(&["cost", "--users", "500"]);
    assert!(
        over.stdout.contains(
            "Verdict: OVER BUDGET (expected estimate): pool cash (the card): $629.91 of $100.00, \
with $588.92 spilled from aws, over by $529.91; total: $1,406.91 of $1,300.00, over by $106.91; \
on the card: $629.91/month, of which $588.92 spilled from the aws credits."
        ),
        "{}",
        over.stdout
    );
    // No tier holds the users, within budget: 1.
    let budget = roomy();
    let capacity = archplan(&[
        "cost",
        "--users",
        "500",
        "--profile",
        "self-hosted",
        "--budget",
        &budget,
    ]);
    assert_eq!(capacity.code, 1, "{}", capacity.stdout);
    assert!(
        capacity.stdout.contains("Verdict: OVER CAPACITY"),
        "{}",
        capacity.stdout
    );
    // Bad input: 2, never 1, even where the plan would be over budget.
    for args in [
        &["cost", "--users", "0"][..],
        &["cost", "--users", "200", "--profile", "nope"],
        &["cost", "--users", "200", "--format", "yaml"],
        &["check", "--users", "200", "--profile", "nope"],
    ] {
        let r = archplan(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    // The help says so.
    let help = archplan(&["cost", "--help"]);
    assert!(
        help.stdout
            .contains("Exit status: 0 fits, 1 over budget or no tier holds the users, 2 bad input"),
        "{}",
        help.stdout
    );
    // Commands that lay out several verdicts mark them and exit 0.
    for args in [
        &["compare", "alternatives", "--users", "200"][..],
        &["diff", "--users", "100", "--to-users", "200"],
        &["report", "--users", "200"],
        &["sweep", "--to", "600", "--all"],
    ] {
        let r = archplan(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
}

#[test]
fn an_over_pool_shows_how_much_it_is_over_never_what_is_left() {
    // cost: the over pool's headroom is not a negative amount left.
    let r = archplan(&["cost", "--users", "100", "--profile", "self-hosted"]);
    let cash = r.stdout.lines().find(|l| l.starts_with("│ cash")).unwrap();
    assert!(cash.contains("OVER by $251.50"), "{cash}");
    assert!(!cash.contains("-$"), "{cash}");

    // compare: a row that does not fit names what is over and shows no headroom.
    let r = archplan(&[
        "compare",
        "alternatives",
        "--users",
        "100",
        "--format",
        "markdown",
    ]);
    let all_aws = r
        .stdout
        .lines()
        .find(|l| l.starts_with("| **all-aws**"))
        .unwrap();
    assert!(
        all_aws.contains("| aws 100% ($316.57 spills to cash) · azure 0% · cash 316.6% | NO: cash over by $216.57 | — |"),
        "{all_aws}"
    );

    // report: the ❌ verdict names the pool, by how much, and the card; no
    // amount "left", and no range of headroom from negative to positive.
    for (profile, users, pool) in [
        (
            "self-hosted",
            "100",
            "pool cash (the card): $351.50 of $100.00, over by $251.50",
        ),
        (
            "current",
            "500",
            "pool cash (the card): $629.91 of $100.00, with $588.92 spilled from aws, over by $529.91; \
total: $1,406.91 of $1,300.00, over by $106.91",
        ),
        // Its headroom was "-$637.01–$571.28 left".
        (
            "all-aws",
            "200",
            "pool cash (the card): $910.85 of $100.00, with $910.85 spilled from aws, over by $810.85",
        ),
    ] {
        let r = archplan(&["report", "--profile", profile, "--users", users]);
        assert_eq!(r.code, 0);
        let verdict = r
            .stdout
            .split("## 🎯 Verdict")
            .nth(1)
            .and_then(|s| s.split("## ⏫").next())
            .unwrap();
        assert!(
            verdict.contains(&format!("### ❌ {profile}: does not fit ({pool})")),
            "{verdict}"
        );
        assert!(
            verdict.contains(&format!("2. Over: {pool}. On the card: ")),
            "{verdict}"
        );
        assert!(!verdict.contains(" left"), "{verdict}");
        // Whatever is "left" is one amount, never negative, never a range.
        for line in r.stdout.lines() {
            let parts: Vec<&str> = line.split(" left").collect();
            for before in &parts[..parts.len() - 1] {
                let amount = before.split_whitespace().last().unwrap_or("");
                assert!(!amount.contains('–') && !amount.starts_with('-'), "{line}");
            }
            assert!(!line.contains("left for scaling**: "), "{line}");
        }
    }
    // In French too.
    let r = archplan(&[
        "report",
        "--profile",
        "self-hosted",
        "--users",
        "100",
        "--lang",
        "fr",
    ]);
    assert!(
        r.stdout.contains(
            "### ❌ self-hosted\u{a0}: ne tient pas (enveloppe cash (la carte)\u{a0}: 351,50\u{a0}$ sur 100,00\u{a0}$, dépassement de 251,50\u{a0}$)"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn check_counts_are_the_rows_it_shows() {
    let r = archplan(&["check"]);
    let result_of = |l: &str| {
        l.rsplit('┆')
            .next()
            .map(|c| c.trim_end_matches('│').trim().to_string())
    };
    let results: Vec<String> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with('│') && !l.contains("Profile"))
        .filter_map(result_of)
        .collect();
    let count = |w: &str| results.iter().filter(|r| *r == w).count();
    let summary = r.stdout.lines().last().unwrap();
    assert_eq!(
        summary,
        format!(
            "FAIL: {} evaluated: {} OVER, {} warning, {} ok",
            results.len(),
            count("OVER"),
            count("warning"),
            count("ok")
        )
    );
    // Credits that run out spill onto the card: all-aws at 50 users fits on
    // it; current from 200 users does not (its API's AWS lines spill), nor
    // the rest; the review's drawing does not run at any tier.
    assert_eq!(summary, "FAIL: 20 evaluated: 15 OVER, 1 warning, 4 ok");
    let (_, v) = json(&["check", "--format", "json"]);
    let rows = |w: &str| {
        v["evaluations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["result"] == w)
            .count()
    };
    assert_eq!(
        (
            v["rows"]["over"].as_u64().unwrap() as usize,
            v["rows"]["warning"].as_u64().unwrap() as usize,
            v["rows"]["ok"].as_u64().unwrap() as usize
        ),
        (rows("over"), rows("warning"), rows("ok"))
    );
}

#[test]
fn diff_never_adds_up_alternatives() {
    let r = archplan(&["diff", "--users", "100", "--to-users", "200"]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("Total delta"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("each is an alternative, so they are not added up"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("│ all-aws     ┆ 100 → 200 ┆ $616.57 ┆ $1,210.85 ┆ +$594.28 ┆ NO: cash over by $810.85                              │"),
        "{}",
        r.stdout
    );
    let (_, v) = json(&[
        "diff",
        "--users",
        "100",
        "--to-users",
        "200",
        "--format",
        "json",
    ]);
    assert!(v.get("delta").is_none(), "no sum of alternatives: {v}");
    let (_, one) = json(&[
        "diff",
        "--users",
        "100",
        "--to-users",
        "200",
        "--profile",
        "current",
        "--format",
        "json",
    ]);
    assert_eq!(one["delta"], one["diffs"][0]["delta"]);
}
