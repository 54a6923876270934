//! Lambda, CloudFront and CloudWatch Logs: read from Terraform with an
//! Infracost usage file, and written in a profile with workload drivers;
//! every figure below is computed by hand from the catalog's prices
//! (Lambda $0.20 per 1M requests, $0.0000166667 / $0.0000133334 per
//! GB-second on x86 / Arm; CloudFront $0.085 per GB and $0.01 per 10K HTTPS
//! requests; CloudWatch Logs $0.50 per GB ingested, $0.03 per GB-month).

mod common;
use common::{archplan, archplan_in, line_of, repo, Run};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/tf/serverless";

/// (component, item) → expected monthly cost, as the JSON prints it.
fn lines(report: &Value) -> BTreeMap<(String, String), String> {
    report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                (
                    l["component"].as_str().unwrap().to_string(),
                    l["item"].as_str().unwrap().to_string(),
                ),
                l["cost"]["expected"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn json(run: &Run) -> Value {
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn key(component: &str, item: &str) -> (String, String) {
    (component.to_string(), item.to_string())
}

#[test]
fn functions_a_distribution_and_a_log_group_are_priced_from_terraform_and_usage() {
    let usage = format!("{FIXTURE}/usage.yml");
    let out = json(&archplan(&[
        "cost",
        "--terraform",
        FIXTURE,
        "--usage-file",
        &usage,
        "--users",
        "100",
        "-f",
        "json",
    ]));
    let got = lines(&out["report"]);
    let want: BTreeMap<(String, String), String> = [
        // 2,000,000 requests × $0.20 / 1M.
        (key("aws_lambda_function.thumbnails", "requests"), "0.40"),
        // 2,000,000 × 1.5 s × 1 GB = 3,000,000 GB-s × $0.0000133334 (arm64,
        // memory_size from the variable's default).
        (
            key(
                "aws_lambda_function.thumbnails",
                "duration (1024 MB, arm64)",
            ),
            "40.0002",
        ),
        // Terraform's defaults, no usage given: 0, and said.
        (key("aws_lambda_function.hook", "requests"), "0"),
        (
            key("aws_lambda_function.hook", "duration (128 MB, x86_64)"),
            "0",
        ),
        // (500 US + 300 Europe) GB × $0.085; the Asia-Pacific GB are not read.
        (
            key(
                "aws_cloudfront_distribution.videos",
                "data transfer out to the internet",
            ),
            "68.000",
        ),
        // 3,000,000 / 10,000 × $0.01.
        (
            key("aws_cloudfront_distribution.videos", "HTTPS requests"),
            "3.00",
        ),
        // 10 GB × $0.50, 10 GB-month × $0.03.
        (key("aws_cloudwatch_log_group.app", "ingestion"), "5.00"),
        (
            key("aws_cloudwatch_log_group.app", "storage (30 days kept)"),
            "0.30",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect();
    let norm = |m: &BTreeMap<(String, String), String>| -> BTreeMap<(String, String), rust_decimal::Decimal> {
        m.iter()
            .map(|(k, v)| (k.clone(), v.parse::<rust_decimal::Decimal>().unwrap().normalize()))
            .collect()
    };
    assert_eq!(norm(&got), norm(&want));
    assert_eq!(out["report"]["total"]["expected"], "116.7002");
    assert!(out["not_priced"].as_array().unwrap().is_empty());
    let assumptions = out["assumptions"].to_string();
    assert!(
        assumptions.contains(
            "aws_lambda_function.hook: no monthly_requests with request_duration_ms given"
        ),
        "{assumptions}"
    );
    assert!(
        assumptions.contains("monthly_data_transfer_to_internet_gb.asia_pacific is not read"),
        "{assumptions}"
    );
    // Each resource points at its block.
    let main = std::fs::read_to_string(repo().join(FIXTURE).join("main.tf")).unwrap();
    for (address, block) in [
        (
            "aws_lambda_function.hook",
            "resource \"aws_lambda_function\" \"hook\"",
        ),
        (
            "aws_cloudwatch_log_group.app",
            "resource \"aws_cloudwatch_log_group\" \"app\"",
        ),
    ] {
        let row = out["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == address)
            .unwrap();
        assert_eq!(row["status"], "priced");
        assert_eq!(
            row["location"],
            format!("main.tf:{}", line_of(&main, block, 0))
        );
    }
}

/// The fixture's `main.tf` with one edit, priced without usage.
fn priced_with(from: &str, to: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let main = std::fs::read_to_string(repo().join(FIXTURE).join("main.tf")).unwrap();
    let edited = main.replace(from, to);
    assert_ne!(edited, main, "{from:?} is not in the fixture");
    std::fs::write(dir.path().join("main.tf"), edited).unwrap();
    json(&archplan(&[
        "cost",
        "--terraform",
        dir.path().to_str().unwrap(),
        "--users",
        "100",
        "-f",
        "json",
    ]))
}

#[test]
fn a_distribution_serving_every_region_says_what_it_prices() {
    let out = priced_with("  price_class = \"PriceClass_100\"\n", "");
    let assumptions = out["assumptions"].to_string();
    assert!(
        assumptions.contains("PriceClass_All also serves regions priced above"),
        "{assumptions}"
    );
}

#[test]
fn a_function_whose_memory_terraform_refuses_is_not_priced_and_says_why() {
    let out = priced_with("default = 1024", "default = 20000");
    let np = out["not_priced"].to_string();
    assert!(np.contains("aws_lambda_function"), "{np}");
    assert!(
        np.contains("memory_size 20000: expected 128 to 10240 MB"),
        "{np}"
    );
}

/// A project folder: the B2B fixture's workload and budget, the shipped
/// catalog, and one profile of the three kinds.
fn serverless_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("tests/fixtures/b2b/profiles", "profiles"),
        ("pricing-data", "pricing-data"),
    ] {
        std::fs::create_dir(dir.path().join(to)).unwrap();
        for entry in std::fs::read_dir(repo().join(from)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(to).join(entry.file_name())).unwrap();
        }
    }
    std::fs::remove_file(dir.path().join("profiles/b2b.yaml")).unwrap();
    std::fs::write(dir.path().join("profiles/serverless.yaml"), SERVERLESS).unwrap();
    dir
}

const SERVERLESS: &str = "\
name: serverless
title: Functions behind a CDN, with their logs
region: us-east-1
tiers:
  - users: 1000
    components:
      - name: worker
        kind: lambda
        memory_mb: 2048
        architecture: arm64
        invocations: {driver: ssr_requests, per: 0.01}
        seconds: 2
      - name: cdn
        kind: cloudfront
        transfer_gb: {driver: web_bandwidth_gb}
        requests: {driver: ssr_requests, per: 3}
      - name: logs
        kind: cloudwatch-logs
        ingest_gb: {driver: api_egress_gb, per: 0.1}
        retention_days: 90
";

fn run(dir: &Path, args: &[&str]) -> Run {
    archplan_in(dir, args)
}

#[test]
fn the_kinds_follow_workload_drivers_in_a_profile() {
    let dir = serverless_project();
    let out = json(&run(
        dir.path(),
        &[
            "cost",
            "--profile",
            "serverless",
            "--users",
            "1000",
            "-f",
            "json",
        ],
    ));
    let got: BTreeMap<(String, String), rust_decimal::Decimal> = lines(&out)
        .into_iter()
        .map(|(k, v)| (k, v.parse::<rust_decimal::Decimal>().unwrap().normalize()))
        .collect();
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap().normalize();
    // Expected workload: 1,000 server-rendered requests, 0.5 GB served and
    // 2 GB of API egress per user per month.
    let want: BTreeMap<(String, String), rust_decimal::Decimal> = [
        // 1,000 users × 1,000 × 0.01 = 10,000 invocations × $0.20 / 1M.
        (key("worker", "requests"), d("0.002")),
        // 10,000 × 2 s × 2 GB = 40,000 GB-s × $0.0000133334.
        (key("worker", "duration (2048 MB, arm64)"), d("0.533336")),
        // 1,000 × 0.5 GB = 500 GB × $0.085.
        (key("cdn", "data transfer out to the internet"), d("42.5")),
        // 1,000 × 1,000 × 3 = 3,000,000 requests × $0.01 / 10K.
        (key("cdn", "HTTPS requests"), d("3")),
        // 1,000 × 2 GB × 0.1 = 200 GB × $0.50.
        (key("logs", "ingestion"), d("100")),
        // 200 GB × 90 / 30 months kept = 600 GB-month × $0.03.
        (key("logs", "storage (90 days kept)"), d("18")),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, want);
    // The drivers each component reads are the only ones the workload needs.
    let workload = std::fs::read_to_string(dir.path().join("profiles/workload.yaml")).unwrap();
    let trimmed: String = workload
        .lines()
        .filter(|l| !l.starts_with("api_egress_gb"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("profiles/workload.yaml"), trimmed).unwrap();
    let r = run(
        dir.path(),
        &["cost", "--profile", "serverless", "--users", "1000"],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("api_egress_gb"), "{}", r.stderr);
}

#[test]
fn bad_values_of_the_kinds_are_one_line_errors_with_the_nearest_valid_one() {
    for (from, to, field, said) in [
        (
            "memory_mb: 2048",
            "memory_mb: 64",
            "memory_mb",
            "expected 128 to 10240",
        ),
        (
            "retention_days: 90",
            "retention_days: 45",
            "retention_days",
            "expected one of CloudWatch Logs' periods",
        ),
        (
            "        seconds: 2\n",
            "",
            "invocations",
            "without `seconds`",
        ),
        (
            "seconds: 2",
            "seconds: 1200",
            "seconds",
            "expected at most 900",
        ),
        (
            "{driver: web_bandwidth_gb}",
            "{driver: web_bandwidth_gb, per: 0}",
            "transfer_gb",
            "expected a size above 0",
        ),
    ] {
        let dir = serverless_project();
        let path = dir.path().join("profiles/serverless.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        for command in [
            vec!["cost", "--profile", "serverless", "--users", "1000"],
            vec!["check", "--profile", "serverless", "--users", "1000"],
        ] {
            let r = run(dir.path(), &command);
            assert_eq!(r.code, 2, "{from} → {to}: {}", r.stdout);
            let errors: Vec<&str> = r
                .stderr
                .lines()
                .filter(|l| l.starts_with("error:"))
                .collect();
            assert_eq!(errors.len(), 1, "{}", r.stderr);
            assert!(errors[0].contains("serverless.yaml:"), "{}", errors[0]);
            assert!(errors[0].contains(field), "{}", errors[0]);
            assert!(errors[0].contains(said), "{from} → {to}: {}", errors[0]);
        }
    }
    // The nearest valid values.
    let dir = serverless_project();
    let path = dir.path().join("profiles/serverless.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("retention_days: 90", "retention_days: 100", 1),
    )
    .unwrap();
    let r = run(
        dir.path(),
        &["cost", "--profile", "serverless", "--users", "1000"],
    );
    assert!(r.stderr.contains("did you mean 90?"), "{}", r.stderr);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("memory_mb: 2048", "memory_mb: 64", 1)).unwrap();
    let r = run(
        dir.path(),
        &["cost", "--profile", "serverless", "--users", "1000"],
    );
    assert!(r.stderr.contains("did you mean 128?"), "{}", r.stderr);
}
