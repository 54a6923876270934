//! The CI gate and the cost diff, end to end on fixture repositories: a
//! temporary git repository holding the shipped profiles, changed the way a
//! pull request would change them.

mod common;
use common::{archplan_in, line_of, Fixture, Run};
use std::path::Path;
use std::process::Command;

/// A budget the shipped `current` profile fits at every tier, as a team that
/// has sized its credits to its plan would have.
const ROOMY_BUDGET: &str = "total: 2500\npools:\n  - name: aws\n    amount: 1000\n    vendors: [aws]\n  - name: azure\n    amount: 1000\n    vendors: [azure]\n  - name: cash\n    amount: 200\n";

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository whose first commit holds the shipped profiles and a roomy budget.
fn repo() -> Fixture {
    let f = Fixture::new();
    f.write("profiles/budget.yaml", ROOMY_BUDGET);
    git(f.dir.path(), &["init", "-q", "-b", "main"]);
    git(f.dir.path(), &["add", "."]);
    git(f.dir.path(), &["commit", "-q", "-m", "plan"]);
    f
}

fn check(f: &Fixture, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--profiles",
        "profiles",
        "--pricing",
        "pricing-data",
        "--profile",
        "current",
    ];
    args.extend(extra);
    archplan_in(f.dir.path(), &args)
}

#[test]
fn the_shipped_current_profile_passes_a_budget_it_fits() {
    let f = repo();
    let r = check(&f, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("PASS: 4 evaluated: 0 OVER, 0 warning, 4 ok"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_shipped_budget_flags_what_the_card_cannot_pay() {
    // With the review's own funds, the AWS credits run out at the 200-user
    // tier of the corrected architecture (its API, load balancer, NAT
    // gateway and video pipeline are AWS lines): $159.21 spills onto the
    // card, which already pays $20.40, so the $100 card does not hold it; at
    // 500 users $588.92 spills, and the $1,406.91 month is over the $1,300
    // total as well.
    let r = common::archplan(&["check", "--profile", "current"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "aws 100% (spills $159.21 to cash), azure 19.1% (ok), cash 179.6% (over), total 51.6% (ok)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "current at 500 users: pool cash (the card) takes $629.91 of $100.00 (expected estimate), \
with $588.92 spilled from aws, over by $529.91: the card spills nowhere"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "current at 500 users: the total budget uses $1,406.91 of $1,300.00 (expected estimate), over by $106.91"
        ),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("current at 100 users: pool"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("FAIL: 4 evaluated: 2 OVER, 0 warning, 2 ok"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_larger_rds_class_at_500_users_spills_past_the_card_and_names_the_changed_line() {
    let f = repo();
    f.replace(
        "profiles/current.yaml",
        "instance_class: db.t4g.large",
        "instance_class: db.m7g.xlarge",
    );
    let line = line_of(&f.read("profiles/current.yaml"), "db.m7g.xlarge", 0);
    let r = check(&f, &["--format", "github"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // 500-user tier, aws pool: the shipped $888.92 with db.t4g.large;
    // db.m7g.xlarge Multi-AZ ($0.674 × 730 = $492.02) and its replica
    // ($0.337 × 730 = $246.01) in place of db.t4g.large's add $455.32 with
    // their alarms and logs. That is $1,344.24 of $1,000 of credits: $344.24
    // spills onto the $200 card, which pays $40.99 of its own lines.
    let expected = format!(
        "::error file=profiles/current.yaml,line={line},col=25,title=current at 500 users%3A pool cash over budget::\
current at 500 users: pool cash (the card) takes $385.23 of $200.00 (expected estimate), with $344.24 spilled from aws, \
over by $185.23: the card spills nowhere; \
largest lines: database db.m7g.xlarge Multi-AZ instance $492.02, database db.m7g.xlarge read replica ×1 $246.01, \
cache cache.t4g.medium node ×4 $189.80\n\
archplan check: FAIL: 4 evaluated: 1 OVER, 0 warning, 3 ok\n"
    );
    assert_eq!(r.stdout, expected);
}

#[test]
fn a_change_under_budget_passes_and_diff_shows_the_exact_delta() {
    let f = repo();
    // 20 → 30 GB of gp3 at the 50-user tier: 10 GB × $0.115 = $1.15.
    f.replace("profiles/current.yaml", "storage_gb: 20", "storage_gb: 30");
    assert_eq!(check(&f, &[]).code, 0);
    let r = archplan_in(
        f.dir.path(),
        &[
            "diff",
            "--base",
            "main",
            "--head",
            "profiles",
            "--pricing",
            "pricing-data",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["schema"], "archplan.diff/v1");
    let diffs = v["diffs"].as_array().unwrap();
    assert_eq!(
        diffs.len(),
        1,
        "only the 50-user tier of current changed: {}",
        r.stdout
    );
    let d = &diffs[0];
    assert_eq!(d["profile"], "current");
    assert_eq!(d["users_before"], 50);
    assert_eq!(d["delta"], "1.15");
    let c = &d["components"][0];
    assert_eq!(c["component"], "database");
    assert_eq!(c["change"], "changed");
    assert_eq!(c["delta"], "1.15");
    assert_eq!(c["fields"][0], "storage_gb: 20 → 30");
    let aws = d["pools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "aws")
        .unwrap();
    assert_eq!(aws["delta"], "1.15");
    assert_eq!(aws["share_percent"], "0.1");
    assert_eq!(v["delta"], "1.15");

    let md = archplan_in(
        f.dir.path(),
        &[
            "diff",
            "--base",
            "main",
            "--head",
            "profiles",
            "--pricing",
            "pricing-data",
            "--format",
            "markdown",
        ],
    );
    assert!(
        md.stdout.contains(
            "| `database` | changed | $26.49 | $27.64 | **+$1.15** | storage_gb: 20 → 30 |"
        ),
        "{}",
        md.stdout
    );
    // One priced difference: its heading is the whole story, with no total.
    assert!(
        md.stdout
            .contains("### current at 50 users (50-user tier): $223.28 → $224.43 (+$1.15)"),
        "{}",
        md.stdout
    );
    assert!(!md.stdout.contains("Total delta"), "{}", md.stdout);
}

#[test]
fn diff_names_added_and_removed_components() {
    let f = repo();
    f.replace(
        "profiles/current.yaml",
        "      - name: workers\n        kind: qstash\n        reaches: [api-lb, pipeline]\n",
        "      - name: egress-ip\n        kind: public-ipv4\n        count: 1\n        pool: aws\n",
    );
    let r = archplan_in(
        f.dir.path(),
        &[
            "diff",
            "--base",
            "main",
            "--head",
            "profiles",
            "--pricing",
            "pricing-data",
            "--users",
            "50",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let comps = v["diffs"][0]["components"].as_array().unwrap();
    let change_of = |name: &str| {
        comps
            .iter()
            .find(|c| c["component"] == name)
            .map(|c| c["change"].clone())
    };
    assert_eq!(change_of("workers"), Some("removed".into()));
    assert_eq!(change_of("egress-ip"), Some("added".into()));
}

#[test]
fn diff_between_two_user_counts_is_the_cost_of_moving_up_a_tier() {
    let r = common::archplan(&[
        "diff",
        "--users",
        "50",
        "--to-users",
        "100",
        "--profile",
        "current",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let d = &v["diffs"][0];
    assert_eq!(
        (d["tier_before"].as_u64(), d["tier_after"].as_u64()),
        (Some(50), Some(100))
    );
    let cost = |n: &str| -> rust_decimal::Decimal {
        let r = common::archplan(&["cost", "--users", n, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["total"]["expected"].as_str().unwrap().parse().unwrap()
    };
    let delta: rust_decimal::Decimal = d["delta"].as_str().unwrap().parse().unwrap();
    assert_eq!(delta, cost("100") - cost("50"));
    let db = d["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "database")
        .unwrap();
    assert!(db["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "instance_class: db.t4g.small → db.t4g.medium"));
}

/// The roomy budget with $70 of AWS credits, which may not spill.
fn tight_never() -> String {
    ROOMY_BUDGET.replace(
        "amount: 1000\n    vendors: [aws]",
        "amount: 165\n    vendors: [aws]\n    spill: never",
    )
}

#[test]
fn high_estimate_can_fail_where_expected_passes() {
    let f = repo();
    // current at 50 users draws $155.48 (expected) and $170.57 (high) from the AWS pool.
    f.write("tight.yaml", &tight_never());
    let expected = check(&f, &["--users", "50", "--budget", "tight.yaml"]);
    assert_eq!(expected.code, 0, "{}", expected.stdout);
    let high = check(
        &f,
        &[
            "--users",
            "50",
            "--budget",
            "tight.yaml",
            "--estimate",
            "high",
        ],
    );
    assert_eq!(high.code, 1, "{}", high.stdout);
    assert!(
        high.stdout.contains(
            "pool aws (never spills) takes $170.57 of $165.00 (high estimate), over by $5.57: \
it is marked `spill: never`; largest lines: "
        ),
        "{}",
        high.stdout
    );
}

#[test]
fn a_credit_pool_that_may_spill_passes_its_excess_to_the_card() {
    let f = repo();
    // The same $165 of credits, allowed to spill: at the high estimate the
    // $5.57 beyond them lands on the $200 card, which holds it.
    f.write(
        "spills.yaml",
        &tight_never().replace("\n    spill: never", ""),
    );
    let args = [
        "--users",
        "50",
        "--budget",
        "spills.yaml",
        "--estimate",
        "high",
    ];
    let high = check(&f, &args);
    assert_eq!(high.code, 0, "{}", high.stdout);
    assert!(
        high.stdout.contains("aws 100% (spills $5.57 to cash)"),
        "{}",
        high.stdout
    );
    assert!(!high.stdout.contains("error"), "{}", high.stdout);
    let json = check(&f, &[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let e = &v["evaluations"][0];
    assert_eq!(e["verdict"]["fits"], true);
    assert_eq!(
        e["verdict"]["spills"][0],
        serde_json::json!({"from": "aws", "to": "cash", "amount": "5.569898", "to_card": true})
    );
    let aws = &e["pools"][0];
    assert_eq!(
        (
            &aws["name"],
            &aws["used"],
            &aws["status"],
            &aws["spills"],
            &aws["spills_to"]
        ),
        (
            &"aws".into(),
            &"165".into(),
            &"spills".into(),
            &"5.569898".into(),
            &"cash".into()
        )
    );
    // The card pays its own Vercel Pro seat ($20) and QStash's messages at
    // the high estimate ($0.20), and what spilled.
    let cash = &e["pools"][2];
    assert_eq!(
        (&cash["name"], &cash["used"]),
        (&"cash".into(), &"25.769898".into())
    );
}

#[test]
fn warnings_fail_only_when_strict() {
    let f = repo();
    // 155.48 of 165 is 94.2%: over the 80% warning line, under the amount.
    f.write("tight.yaml", &tight_never());
    let lax = check(&f, &["--users", "50", "--budget", "tight.yaml"]);
    assert_eq!(lax.code, 0);
    assert!(
        lax.stdout.contains(
            "warning: current at 50 users: pool aws (never spills) uses $155.48 of $165.00 (94.2%, warning at 80%)"
        ),
        "{}",
        lax.stdout
    );
    let strict = check(&f, &["--users", "50", "--budget", "tight.yaml", "--strict"]);
    assert_eq!(strict.code, 1);
    let quiet = check(
        &f,
        &[
            "--users",
            "50",
            "--budget",
            "tight.yaml",
            "--strict",
            "--warn-at",
            "96%",
        ],
    );
    assert_eq!(quiet.code, 0, "{}", quiet.stdout);
    // Credits that may spill are no limit to warn about: running them down
    // fails nothing.
    f.write(
        "spills.yaml",
        &tight_never().replace("\n    spill: never", ""),
    );
    let spills = check(
        &f,
        &["--users", "50", "--budget", "spills.yaml", "--strict"],
    );
    assert_eq!(spills.code, 0, "{}", spills.stdout);
    assert!(
        spills.stdout.contains("aws 94.2% (ok)"),
        "{}",
        spills.stdout
    );
}

#[test]
fn per_user_cap_points_at_the_tier() {
    let f = repo();
    let r = check(
        &f,
        &[
            "--users",
            "50",
            "--max-per-user",
            "4.00",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let finding = &v["evaluations"][0]["findings"][0];
    assert_eq!(finding["limit_kind"], "per-user");
    assert_eq!(finding["used"], "4.46557372");
    assert_eq!(
        finding["location"]["line"],
        line_of(&f.read("profiles/current.yaml"), "users: 50", 0)
    );
}

#[test]
fn junit_report_has_the_structure_ci_systems_read() {
    let f = repo();
    f.replace(
        "profiles/current.yaml",
        "instance_class: db.t4g.large",
        "instance_class: db.m7g.xlarge",
    );
    let r = check(&f, &["--format", "junit"]);
    assert_eq!(r.code, 1);
    let doc = roxmltree::Document::parse(&r.stdout).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let num = |n: roxmltree::Node, a: &str| -> usize {
        n.attribute(a)
            .unwrap_or_else(|| panic!("{a} missing"))
            .parse()
            .unwrap()
    };
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert!(suites.iter().all(|s| s.tag_name().name() == "testsuite"));
    let mut tests = 0;
    let mut failures = 0;
    for s in &suites {
        assert!(s.attribute("name").is_some());
        let cases: Vec<_> = s.children().filter(|n| n.is_element()).collect();
        assert_eq!(num(*s, "tests"), cases.len());
        assert_eq!(num(*s, "errors"), 0);
        let failed = cases
            .iter()
            .filter(|c| c.children().any(|x| x.has_tag_name("failure")))
            .count();
        assert_eq!(num(*s, "failures"), failed);
        for c in &cases {
            assert_eq!(c.tag_name().name(), "testcase");
            assert!(c.attribute("name").is_some() && c.attribute("classname").is_some());
            for child in c.children().filter(|n| n.is_element()) {
                assert!(["failure", "system-out"].contains(&child.tag_name().name()));
                if child.has_tag_name("failure") {
                    assert!(
                        child.attribute("message").is_some() && child.attribute("type").is_some()
                    );
                }
            }
        }
        tests += cases.len();
        failures += failed;
    }
    assert_eq!(
        (num(root, "tests"), num(root, "failures")),
        (tests, failures)
    );
    assert_eq!((tests, failures), (4, 1));
}

#[test]
fn bad_input_is_exit_2_never_1() {
    let f = repo();
    type Breaker = Box<dyn Fn(&Fixture)>;
    let cases: Vec<(&str, Breaker, &str)> = vec![
        (
            "negative pool",
            Box::new(|f: &Fixture| f.replace("profiles/budget.yaml", "amount: 1000", "amount: -1")),
            "has amount -1",
        ),
        (
            "pool no line can use",
            Box::new(|f: &Fixture| {
                f.replace(
                    "profiles/budget.yaml",
                    "vendors: [azure]",
                    "vendors: [azzure]",
                )
            }),
            "which no price in the catalog is from",
        ),
        (
            "unknown pool",
            Box::new(|f: &Fixture| {
                f.replace(
                    "profiles/current.yaml",
                    "        provider: azure\n",
                    "        provider: azure\n        pool: azure-credit\n",
                )
            }),
            "unknown funding pool",
        ),
        (
            "unparsable profile",
            Box::new(|f: &Fixture| f.replace("profiles/current.yaml", "tiers:", "tiers: [")),
            "current.yaml:",
        ),
    ];
    for (what, break_it, message) in cases {
        let g = Fixture::new();
        std::fs::remove_dir_all(g.dir.path().join("profiles")).unwrap();
        std::fs::create_dir(g.dir.path().join("profiles")).unwrap();
        for name in ["current.yaml", "budget.yaml"] {
            g.write(
                &format!("profiles/{name}"),
                &f.read(&format!("profiles/{name}")),
            );
        }
        break_it(&g);
        let r = check(&g, &[]);
        assert_eq!(r.code, 2, "{what}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(message), "{what}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{what}: {}", r.stderr);
    }
    let r = archplan_in(
        f.dir.path(),
        &["diff", "--base", "no-such-ref", "--head", "profiles"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("neither a folder nor a git revision"),
        "{}",
        r.stderr
    );
    let r = archplan_in(f.dir.path(), &["check", "--warn-at", "lots"]);
    assert_eq!(r.code, 2);
}

#[test]
fn check_and_diff_warn_once_about_stale_prices() {
    let f = repo();
    // The oldest price `current` uses was seen 2026-07-28.
    let fresh = common::archplan_on(
        f.dir.path(),
        &[
            "check",
            "--profiles",
            "profiles",
            "--pricing",
            "pricing-data",
            "--profile",
            "current",
        ],
        "2026-10-01",
    );
    assert!(!fresh.stderr.contains("older than"), "{}", fresh.stderr);
    let later = common::archplan_on(
        f.dir.path(),
        &[
            "check",
            "--profiles",
            "profiles",
            "--pricing",
            "pricing-data",
            "--profile",
            "current",
        ],
        "2027-04-01",
    );
    assert_eq!(
        later.code, 0,
        "staleness warns, it does not fail: {}",
        later.stderr
    );
    // One staleness warning for every row; the other warnings are the
    // models retiring within 90 days of that day, once each.
    let stale: Vec<&str> = later
        .stderr
        .lines()
        .filter(|l| l.contains("older than 90 days"))
        .collect();
    assert_eq!(stale.len(), 1, "{}", later.stderr);
    assert!(stale[0].starts_with("warning: "), "{}", later.stderr);
    assert!(
        later
            .stderr
            .lines()
            .all(|l| l.contains("older than") || l.contains(" retires on ")),
        "{}",
        later.stderr
    );
    let diff = common::archplan_on(
        f.dir.path(),
        &[
            "diff",
            "--users",
            "50",
            "--to-users",
            "100",
            "--profiles",
            "profiles",
            "--pricing",
            "pricing-data",
        ],
        "2027-04-01",
    );
    assert_eq!(diff.code, 0);
    assert!(
        diff.stderr.contains("older than 90 days"),
        "{}",
        diff.stderr
    );
}
