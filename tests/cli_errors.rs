//! Every kind of bad input gets a one-line error with file:line:column where
//! there is one, what was expected, the nearest valid value, and exit status 2.

mod common;
use common::{archplan, line_of, Fixture};

fn assert_one_line_error(r: &common::Run) {
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout);
    assert_eq!(
        r.stderr.trim_end().lines().count(),
        1,
        "one line: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn unknown_instance_class_points_at_the_value_and_suggests_the_nearest() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "instance_class: db.t4g.small",
        "instance_class: db.t4g.smal",
    );
    let text = f.read("profiles/current.yaml");
    let line = line_of(&text, "db.t4g.smal\n", 0);
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    let expected_prefix = format!(
        "error: {}/current.yaml:{line}:25: unknown instance class \"db.t4g.smal\"",
        f.profiles()
    );
    assert!(r.stderr.starts_with(&expected_prefix), "{}", r.stderr);
    assert!(
        r.stderr
            .trim_end()
            .ends_with("did you mean \"db.t4g.small\"?"),
        "{}",
        r.stderr
    );
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "        storage_gb: 20\n",
        "        storage_gb: [20\n",
    );
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr
            .starts_with(&format!("error: {}/current.yaml:", f.profiles())),
        "{}",
        r.stderr
    );
    let position: Vec<&str> = r.stderr.split(':').skip(2).take(2).collect();
    assert!(
        position.iter().all(|p| p.trim().parse::<usize>().is_ok()),
        "line and column: {}",
        r.stderr
    );
}

#[test]
fn unknown_field_suggests_the_real_one() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "        multi_az: false",
        "        multi_azz: false",
    );
    let text = f.read("profiles/current.yaml");
    let line = line_of(&text, "multi_azz", 0);
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains(&format!("current.yaml:{line}:")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("unknown field `multi_azz`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `multi_az`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn negative_size_is_rejected_with_what_was_expected() {
    let f = Fixture::new();
    f.replace("profiles/current.yaml", "storage_gb: 20", "storage_gb: -20");
    let line = line_of(&f.read("profiles/current.yaml"), "storage_gb: -20", 0);
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains(&format!("current.yaml:{line}:")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("expected a whole number of 0 or more"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_size_names_the_field() {
    let f = Fixture::new();
    f.replace("profiles/current.yaml", "        storage_gb: 20\n", "");
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(r.stderr.contains("needs `storage_gb`"), "{}", r.stderr);
    assert!(r.stderr.contains("current.yaml:"), "{}", r.stderr);
}

#[test]
fn a_size_that_does_not_apply_to_the_kind_is_an_error() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "        node_type: cache.t4g.small\n",
        "        node_type: cache.t4g.small\n        storage_gb: 5\n",
    );
    let line = line_of(&f.read("profiles/current.yaml"), "storage_gb: 5", 0);
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains(&format!(
            "current.yaml:{line}:21: tiers[0].components[5]: unknown field `storage_gb`, expected one of `node_type`, `nodes`, `shards`"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_kind_suggests_the_nearest() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "kind: rds-postgres",
        "kind: rds-postgress",
    );
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains("unknown variant `rds-postgress`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `rds-postgres`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_pool_suggests_the_nearest() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "        provider: azure\n",
        "        provider: azure\n        pool: azur\n",
    );
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains("unknown funding pool \"azur\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean \"azure\"?"), "{}", r.stderr);
}

#[test]
fn a_pool_that_does_not_pay_for_the_vendor_is_an_error() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "        kind: qstash\n",
        "        kind: qstash\n        pool: aws\n",
    );
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr
            .contains("pool \"aws\" only pays for aws; \"workers\" is paid to upstash"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_line_without_a_pool_is_paid_by_the_pool_of_its_vendor_else_cash() {
    let f = Fixture::new();
    let json = |f: &Fixture| -> serde_json::Value {
        let r = f.run(&["cost", "--users", "50", "--format", "json"]);
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    let pool_of = |v: &serde_json::Value, component: &str| {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["component"] == component)
            .map(|l| l["pool"].as_str().unwrap_or_default().to_string())
    };
    let v = json(&f);
    assert_eq!(pool_of(&v, "ai").as_deref(), Some("azure"));
    assert_eq!(pool_of(&v, "database").as_deref(), Some("aws"));
    assert_eq!(pool_of(&v, "workers").as_deref(), Some("cash"));
    // No Azure credits: one pool removed, and the Azure lines land on cash.
    let budget = f.read("profiles/budget.yaml");
    let start = budget.find("  - name: azure").unwrap();
    let end = start + budget[start..].find("  - name: cash").unwrap();
    f.write(
        "profiles/budget.yaml",
        &format!("{}{}", &budget[..start], &budget[end..]),
    );
    assert_eq!(pool_of(&json(&f), "ai").as_deref(), Some("cash"));
}

#[test]
fn a_price_missing_from_the_catalog_is_named() {
    let f = Fixture::new();
    let text = f.read("pricing-data/aws.toml");
    let start = text.find("id = \"aws.secretsmanager.secret\"").unwrap();
    let begin = text[..start].rfind("[[price]]").unwrap();
    let end = text[start..]
        .find("[[price]]")
        .map_or(text.len(), |e| start + e);
    f.write(
        "pricing-data/aws.toml",
        &format!("{}{}", &text[..begin], &text[end..]),
    );
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr
            .contains("no price aws.secretsmanager.secret for region us-east-1"),
        "{}",
        r.stderr
    );
}

#[test]
fn users_zero_and_not_a_number_are_usage_errors() {
    for (arg, expect) in [
        ("0", "\"0\" is not a user count; expected 1 or more"),
        (
            "abc",
            "\"abc\" is not a user count; expected a whole number",
        ),
    ] {
        let r = archplan(&["cost", "--users", arg]);
        assert_one_line_error(&r);
        assert!(r.stderr.contains(expect), "{arg}: {}", r.stderr);
        assert!(r.stderr.contains("--users"), "{arg}: {}", r.stderr);
    }
}

#[test]
fn unknown_profile_suggests_the_nearest() {
    let r = archplan(&["cost", "--users", "50", "--profile", "serverles"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains("unknown profile \"serverles\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean \"serverless\"?"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_subcommand_is_one_line_with_a_tip() {
    let r = archplan(&["cots", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains("unrecognized subcommand 'cots'"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("'cost'"), "{}", r.stderr);
}

#[test]
fn workload_range_out_of_order_is_rejected() {
    let f = Fixture::new();
    f.replace(
        "profiles/workload.yaml",
        "  low: 0.7\n  expected: 0.8",
        "  low: 0.9\n  expected: 0.8",
    );
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(r.stderr.contains("workload.yaml:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("expected low ≤ expected ≤ high"),
        "{}",
        r.stderr
    );
}

#[test]
fn negative_budget_amount_is_rejected_at_its_line() {
    let f = Fixture::new();
    f.replace("profiles/budget.yaml", "amount: 300", "amount: -300");
    let line = line_of(&f.read("profiles/budget.yaml"), "amount: -300", 0);
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
    assert!(
        r.stderr.contains(&format!(
            "budget.yaml:{line}:13: pool \"aws\" has amount -300"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn empty_and_binary_files_do_not_panic() {
    let f = Fixture::new();
    // Neither has `tiers`: each is skipped with a warning, and the default
    // profile (`current`) is then missing.
    for text in ["", "\u{0}\u{1}\u{2}garbage: [\n"] {
        f.write("profiles/current.yaml", text);
        let r = f.run(&["cost", "--users", "50"]);
        assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{}", r.stderr);
        assert!(lines[0].starts_with("warning: ") && lines[0].ends_with("skipped"));
        assert!(
            lines[1].contains("default profile \"current\""),
            "{}",
            lines[1]
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    // A file that looks like a profile but does not parse is an error.
    f.write("profiles/current.yaml", "name: current\ntiers: [\n");
    let r = f.run(&["cost", "--users", "50"]);
    assert_one_line_error(&r);
}

#[test]
fn a_missing_profiles_folder_is_a_clear_error() {
    let r = archplan(&["cost", "--users", "50", "--profiles", "/no/such/folder"]);
    assert_one_line_error(&r);
    assert!(r.stderr.contains("/no/such/folder"), "{}", r.stderr);
}

#[test]
fn absurd_sizes_are_rejected_rather_than_overflowing() {
    let cases = [
        (
            "profiles/workload.yaml",
            "  low: 4000\n  expected: 6000\n  high: 8000",
            "  low: 4000\n  expected: 6000\n  high: 1e24",
            "expected at most 1000000",
        ),
        (
            "profiles/current.yaml",
            "storage_gb: 20",
            "storage_gb: 18446744073709551615",
            "expected at most 65536",
        ),
        (
            "profiles/current.yaml",
            "        nodes: 1\n",
            "        nodes: 4294967295\n",
            "expected at most 1000",
        ),
        (
            "pricing-data/aws.toml",
            "price = \"0.032\"",
            "price = \"79228162514264337593543950335\"",
            "expected at most 1,000,000",
        ),
    ];
    for (file, from, to, expect) in cases {
        let f = Fixture::new();
        f.replace(file, from, to);
        let r = f.run(&["cost", "--users", "100000000"]);
        assert_one_line_error(&r);
        assert!(r.stderr.contains(expect), "{file}: {}", r.stderr);
    }
}

#[test]
fn the_largest_user_count_prices_without_overflow() {
    let f = Fixture::new();
    for profile in ["current", "all-aws", "serverless", "self-hosted"] {
        let r = f.run(&[
            "cost",
            "--users",
            "100000000",
            "--profile",
            profile,
            "--format",
            "json",
        ]);
        // A verdict (no tier holds them, and over budget), not a crash.
        assert_eq!(r.code, 1, "{profile}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["fits"], false, "{profile}");
    }
}
