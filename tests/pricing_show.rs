//! `archplan pricing show`, staleness, and the stale-price warning of `cost`.

#[path = "pricing_common/mod.rs"]
mod common;

use common::{archplan, text, Catalog};
use serde_json::Value;

fn show(catalog: &Catalog, today: &str, args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let out = archplan(home.path())
        .env("ARCHPLAN_TODAY", today)
        .args(["pricing", "show", "--pricing"])
        .arg(catalog.path())
        .args(args)
        .output()
        .unwrap();
    let (o, e) = text(&out);
    (out.status.code().unwrap(), o, e)
}

#[test]
fn stale_entries_are_flagged_against_the_threshold() {
    let catalog = Catalog::test_catalog();
    let (code, stdout, stderr) = show(
        &catalog,
        "2026-11-25",
        &["--stale-after", "60d", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["today"], "2026-11-25");
    assert_eq!(v["stale_after_days"], 60);
    let stale: Vec<(&str, i64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["stale"] == true)
        .map(|r| (r["id"].as_str().unwrap(), r["age_days"].as_i64().unwrap()))
        .collect();
    // Seen 2026-09-24: 62 days; 2026-09-29: 57 days (fresh at 60).
    assert_eq!(
        stale,
        vec![
            ("aws.rds.postgres.db.t4g.micro.single-az", 62),
            ("aws.secretsmanager.secret", 62)
        ]
    );
    assert_eq!(v["stale"], 2);
}

#[test]
fn the_table_shows_attributes_prices_sources_and_flags() {
    let catalog = Catalog::test_catalog();
    let (code, stdout, _) = show(
        &catalog,
        "2026-11-25",
        &["--vendor", "aws", "--stale-after", "60d"],
    );
    assert_eq!(code, 0);
    let rds = stdout
        .lines()
        .find(|l| l.contains("db.t4g.micro · PostgreSQL · Single-AZ"))
        .unwrap();
    assert!(
        rds.contains("$0.016 per hour")
            && rds.contains("2026-09-24")
            && rds.contains("STALE (62 d)"),
        "{rds}"
    );
    assert!(
        rds.contains("https://aws.amazon.com/rds/postgresql/pricing/"),
        "{rds}"
    );
    let s3 = stdout
        .lines()
        .find(|l| l.contains("Amazon S3 Standard"))
        .unwrap();
    assert!(
        s3.contains("Standard") && s3.contains("$0.023 per GB-month") && !s3.contains("STALE"),
        "{s3}"
    );
    assert!(!stdout.contains("vercel"), "filtered by vendor: {stdout}");
    assert!(
        stdout.contains("5 prices · 2 older than 60 days (today 2026-11-25)"),
        "{stdout}"
    );
}

#[test]
fn stale_only_and_markdown() {
    let catalog = Catalog::test_catalog();
    let (code, stdout, _) = show(
        &catalog,
        "2026-11-25",
        &[
            "--stale-only",
            "--stale-after",
            "30d",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(
            "| Id | Service | Key attributes | Region | Price | Seen | Status | Source |"
        ),
        "{stdout}"
    );
    let rows = stdout
        .lines()
        .filter(|l| l.starts_with("| `aws.") || l.starts_with("| `vercel."))
        .count();
    // Everything but the Multi-AZ price (seen 2026-11-01, 24 days).
    assert_eq!(rows, 5, "{stdout}");
    assert!(stdout.contains("**STALE (62 d)**"), "{stdout}");
}

#[test]
fn a_bad_today_or_threshold_is_an_input_error() {
    let catalog = Catalog::test_catalog();
    let (code, _, stderr) = show(&catalog, "25/11/2026", &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("ARCHPLAN_TODAY") && stderr.contains("YYYY-MM-DD"),
        "{stderr}"
    );
    let (code, _, stderr) = show(&catalog, "2026-11-25", &["--stale-after", "soon"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("expected an age like 90d"), "{stderr}");
}

#[test]
fn cost_warns_once_when_it_used_a_stale_price() {
    let home = tempfile::tempdir().unwrap();
    let run = |today: &str| {
        let out = archplan(home.path())
            .env("ARCHPLAN_TODAY", today)
            .args(["cost", "--users", "50"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
        text(&out).1
    };
    // Before the first retirement of a model the shipped profiles use (2027-04-14).
    let later = run("2027-04-01");
    let warnings: Vec<&str> = later
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    let stale: Vec<&&str> = warnings
        .iter()
        .filter(|l| l.contains("older than 90 days"))
        .collect();
    assert_eq!(stale.len(), 1, "{later}");
    assert!(
        stale[0].contains("see `archplan pricing show --stale-after 90d`"),
        "{later}"
    );
    let now = run("2025-08-20");
    assert!(!now.contains("older than"), "{now}");
}

/// The offline commands must not build an async runtime or load AWS
/// configuration: only the refresh module's live client may name them.
#[test]
fn only_the_refresh_path_uses_the_network_stack() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).unwrap();
            for needle in ["tokio::", "aws_config::", "aws_sdk_pricing::"] {
                if text.contains(needle) && rel != "pricing/refresh/live.rs" {
                    offenders.push(format!("{rel} uses {needle}"));
                }
            }
            if text.contains("live::fetch(") && rel != "pricing/refresh.rs" {
                offenders.push(format!("{rel} calls live::fetch"));
            }
            if text.contains("refresh::fetch(") && rel != "commands/pricing.rs" {
                offenders.push(format!("{rel} calls refresh::fetch"));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:?}");
    // And the one call is inside the refresh command.
    let cmd = std::fs::read_to_string(src.join("commands/pricing.rs")).unwrap();
    let call = cmd.find("refresh::fetch(").unwrap();
    let func = cmd[..call].rfind("\nfn ").unwrap();
    assert!(
        cmd[func..].starts_with("\nfn refresh_cmd("),
        "refresh::fetch is called outside refresh_cmd"
    );
}
