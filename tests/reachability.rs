//! Whether an architecture runs as drawn: each link a tier declares
//! (`reaches:`) is checked against where the caller runs and who the target
//! lets in, every load balancer needs a target, and each fix is priced. The
//! review's drawing (`as-drawn`) does not run; the corrected `current` does.

mod common;
use common::{archplan, line_of, Fixture};
use serde_json::Value;

fn json(args: &[&str]) -> (i32, Value) {
    let r = archplan(args);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("archplan {args:?}: {e}\n{}{}", r.stdout, r.stderr));
    (r.code, v)
}

/// `text` contains `needle`, or the test fails showing the text.
fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "{needle:?} not in:\n{text}");
}

/// `cost --format json` of a built-in profile: (exit code, report).
fn cost_json(profile: &str, users: &str) -> (i32, Value) {
    json(&[
        "cost",
        "--profile",
        profile,
        "--users",
        users,
        "--format",
        "json",
    ])
}

fn fix<'a>(defect: &'a Value, starts: &str) -> &'a Value {
    defect["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["what"]["en"].as_str().unwrap().starts_with(starts))
        .unwrap_or_else(|| panic!("no fix starting {starts:?}: {defect}"))
}

#[test]
fn the_review_as_drawn_does_not_run_and_each_fix_is_priced() {
    let (code, v) = cost_json("as-drawn", "50");
    assert_eq!(code, 1, "does not run: the verdict fails");
    assert_eq!(v["fits"], false);
    let defects = v["defects"].as_array().unwrap();
    let links: Vec<(&str, &str)> = defects
        .iter()
        .map(|d| (d["from"].as_str().unwrap(), d["to"].as_str().unwrap()))
        .collect();
    assert_eq!(links, [("web", "database"), ("web", "cache")]);
    assert!(defects[1]["message"]
        .as_str()
        .unwrap()
        .contains("cache (elasticache-redis) accepts connections only from inside its VPC"));
    // Every money figure below is the month with the fix minus the month as
    // drawn, at 50 users (expected estimate):
    // - Vercel Static IPs: Pro for the one seat ($20; Hobby is $0) and Static
    //   IPs ($100); 50 GB of bandwidth stays within Pro's 1,000 GB.
    assert_eq!(
        fix(&defects[0], "Vercel Static IPs")["monthly"]["expected"],
        "120"
    );
    // - Upstash Redis for ElastiCache: 50 users' million commands cost
    //   $2.00 on pay as you go (billed from the first command), and the
    //   cache.t4g.small node ($0.032 × 730 = $23.36) and its two alarms
    //   ($0.20) go: $2.00 − $23.56 = −$21.56.
    assert_eq!(
        fix(&defects[1], "Upstash Redis")["monthly"]["expected"],
        "-21.56"
    );
    // - An API inside the VPC: 2 Fargate tasks of 0.25 vCPU and 0.5 GB
    //   (365 vCPU-h × $0.04048 + 730 GB-h × $0.004445 = $18.02005) with its
    //   log group ($1.00 + $0.72); an ALB ($16.425), 1 LCU ($5.84) and its two
    //   public addresses ($7.30); a NAT gateway ($32.85), 50 GB processed
    //   ($2.25) and its address ($3.65); the database, made private, no
    //   longer pays its public address (−$3.65): $84.40505.
    for d in defects {
        let api = fix(d, "inside the VPC");
        assert_eq!(api["monthly"]["expected"], "84.40505", "{d}");
        assert!(api["what"]["en"]
            .as_str()
            .unwrap()
            .contains("a NAT gateway for its calls out (nat) and the database made private"));
    }
    // The verdict names each link, the way `check` and `compare` do.
    let over = v["verdict"]["over"].as_array().unwrap();
    assert_eq!(over.len(), 2, "{over:?}");
    assert!(over.iter().all(|o| o["limit"] == "runs"));
}

#[test]
fn the_corrected_current_runs_at_every_tier() {
    for users in ["50", "100", "200", "500"] {
        let (_, v) = cost_json("current", users);
        assert_eq!(v["defects"], serde_json::json!([]), "{users} users");
        assert!(
            !v["verdict"]["over"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["limit"] == "runs"),
            "{users} users"
        );
    }
    // The corrected month at 50 users is the drawing's plus the API fix
    // ($84.40505), Vercel Pro ($20) and the video pipeline on Lambda: 3,000
    // videos × 90 s × 2 GB = 540,000 GB-s × $0.0000133334 = $7.200036, and
    // 3,000 requests × $0.20/1M = $0.0006.
    let (_, fixed) = cost_json("current", "50");
    let (_, drawn) = cost_json("as-drawn", "50");
    let total = |v: &Value| -> rust_decimal::Decimal {
        v["total"]["expected"].as_str().unwrap().parse().unwrap()
    };
    assert_eq!(
        total(&fixed) - total(&drawn),
        "111.605686".parse::<rust_decimal::Decimal>().unwrap()
    );
}

#[test]
fn a_load_balancer_with_no_target_does_not_run() {
    let (_, v) = cost_json("as-drawn", "500");
    let lb = v["defects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["problem"] == "no-target")
        .expect("the 500-user load balancer forwards to nothing");
    assert_eq!(lb["from"], "api-lb");
    // Removing it saves the ALB ($16.425), its LCU ($5.84) and its two
    // public addresses ($7.30).
    assert_eq!(fix(lb, "remove api-lb")["monthly"]["expected"], "-29.565");
}

#[test]
fn the_gate_fails_at_the_link_and_names_the_fixes() {
    let text = std::fs::read_to_string(common::repo().join("profiles/as-drawn.yaml")).unwrap();
    let line = line_of(&text, "reaches: [database, cache, videos, ai]", 0);
    let r = archplan(&[
        "check",
        "--profile",
        "as-drawn",
        "--users",
        "50",
        "--format",
        "github",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    // The column of `cache` inside the flow list.
    let col = text.lines().nth(line - 1).unwrap().find("cache").unwrap() + 1;
    assert!(
        r.stdout.contains(&format!(
            "as-drawn.yaml,line={line},col={col},title=as-drawn at 50 users%3A does not run as drawn::"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "web → cache: cache (elasticache-redis) accepts connections only from inside its VPC, and web (vercel) runs on the public internet; \
fixes: Upstash Redis (pay as you go) instead of ElastiCache, reached over TLS from anywhere (-$21.56/month); "
        ),
        "{}",
        r.stdout
    );
    let (_, j) = json(&[
        "check",
        "--profile",
        "as-drawn",
        "--users",
        "50",
        "--format",
        "json",
    ]);
    let kinds: Vec<&str> = j["evaluations"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["limit_kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["runs", "runs"]);
    let junit = archplan(&[
        "check",
        "--profile",
        "as-drawn",
        "--users",
        "50",
        "--format",
        "junit",
    ]);
    assert!(
        junit.stdout.contains("type=\"does-not-run\""),
        "{}",
        junit.stdout
    );
}

#[test]
fn cost_prints_each_fix_and_report_shows_them_in_both_languages() {
    let r = archplan(&["cost", "--profile", "as-drawn", "--users", "50"]);
    has(&r.stdout, "Verdict: DOES NOT RUN AS DRAWN (expected estimate): web cannot reach database; web cannot reach cache;");
    has(&r.stdout, "  fix: Vercel Static IPs (Pro) so the allow-list can name the functions' addresses (+$120.00/month)\n");
    let en = archplan(&["report", "--profile", "as-drawn", "--users", "50"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    has(&en.stdout, "## ⛔ Does not run as drawn");
    has(
        &en.stdout,
        "- **web → cache**: cache (elasticache-redis) accepts connections only from inside its VPC",
    );
    has(&en.stdout, "  - Fix: Upstash Redis (pay as you go) instead of ElastiCache, reached over TLS from anywhere (-$21.56/month)\n");
    has(
        &en.stdout,
        "❌ as-drawn: does not fit (web cannot reach database; web cannot reach cache)",
    );
    let fr = archplan(&[
        "report",
        "--profile",
        "as-drawn",
        "--users",
        "50",
        "--lang",
        "fr",
    ]);
    assert_eq!(fr.code, 0, "{}", fr.stderr);
    has(&fr.stdout, "## ⛔ Ne fonctionne pas tel que dessiné");
    has(&fr.stdout, "n'accepte que les connexions venues de son VPC, et web (vercel) tourne sur l'Internet public");
    has(&fr.stdout, "web ne peut pas joindre cache");
    has(
        &fr.stdout,
        "  - Correction\u{a0}: Upstash Redis (paiement à l'usage) à la place d'ElastiCache",
    );
    let html = archplan(&[
        "report",
        "--profile",
        "as-drawn",
        "--users",
        "50",
        "--format",
        "html",
    ]);
    assert!(
        html.stdout.contains("<h2 id=\"runs\">"),
        "the HTML review has the section"
    );
    // The corrected architecture has no such section.
    let fixed = archplan(&["report", "--profile", "current", "--users", "50"]);
    assert!(!fixed.stdout.contains("Does not run"), "{}", fixed.stdout);
}

#[test]
fn compare_and_sweep_count_a_tier_that_does_not_run_as_not_fitting() {
    let (_, v) = json(&[
        "compare",
        "alternatives",
        "--users",
        "50",
        "--format",
        "json",
    ]);
    let row = |name: &str| {
        v["groups"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["profile"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(row("as-drawn")["fits"], false);
    assert_eq!(row("current")["fits"], true);
    let sweep = archplan(&[
        "sweep",
        "--profile",
        "as-drawn",
        "--to",
        "60",
        "--format",
        "csv",
    ]);
    assert_eq!(sweep.code, 0, "{}", sweep.stderr);
    let fits_column = sweep
        .stdout
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "fits")
        .unwrap();
    assert!(sweep
        .stdout
        .lines()
        .skip(1)
        .all(|l| l.split(',').nth(fits_column) == Some("false")));
}

#[test]
fn a_link_to_nothing_is_an_error_at_its_name_with_the_nearest() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "reaches: [database, cache,",
        "reaches: [databse, cache,",
    );
    let line = line_of(&f.read("profiles/current.yaml"), "databse", 0);
    let r = f.run(&["cost", "--users", "50"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "current.yaml:{line}:19: api reaches \"databse\", which is not a component of the 50-user tier — did you mean \"database\"?"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn links_that_make_no_sense_are_input_errors() {
    for (from, to, says) in [
        // A store calls nothing.
        (
            "        kind: s3\n",
            "        kind: s3\n        reaches: [database]\n",
            "videos (s3) calls nothing, so it reaches nothing",
        ),
        // An address is not a service.
        (
            "        reaches: [api-lb, videos]\n",
            "        reaches: [api-lb, videos, nat]\n",
            "web reaches \"nat\", a nat-gateway nothing connects to",
        ),
        (
            "        reaches: [api-lb, videos]\n",
            "        reaches: [web]\n",
            "web reaches itself",
        ),
        (
            "        reaches: [api-lb, videos]\n",
            "        reaches: [videos, videos]\n",
            "web reaches \"videos\" twice",
        ),
        // Static IPs need Pro.
        (
            "        plan: pro\n        seats: 1\n",
            "        plan: hobby\n        static_ips: true\n",
            "static_ips needs the Pro plan",
        ),
    ] {
        let f = Fixture::new();
        f.replace("profiles/current.yaml", from, to);
        let r = f.run(&["cost", "--users", "50"]);
        assert_eq!(r.code, 2, "{says}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{says}: {}", r.stderr);
        assert!(r.stderr.contains("current.yaml:"), "{}", r.stderr);
    }
}

#[test]
fn static_ips_make_an_allow_listed_database_reachable_and_are_billed() {
    let f = Fixture::new();
    // The drawing at 100 users with Static IPs: the database link works;
    // the cache link still does not (ElastiCache has no public endpoint).
    f.replace_nth(
        "profiles/as-drawn.yaml",
        "        plan: pro\n        seats: 1\n",
        "        plan: pro\n        seats: 1\n        static_ips: true\n",
        0,
    );
    let r = f.run(&[
        "cost",
        "--profile",
        "as-drawn",
        "--users",
        "100",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let links: Vec<&str> = v["defects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["to"].as_str().unwrap())
        .collect();
    assert_eq!(links, ["cache"]);
    let line = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["item"] == "Static IPs")
        .expect("a Static IPs line");
    assert_eq!(line["cost"]["expected"], "100");
    assert_eq!(line["price_id"], "vercel.pro.static-ips");
}
