//! Whole-command output, reviewed line by line: a snapshot is a claim that the
//! output is right. The price catalog is the shipped one, so a price refresh
//! shows up here as a reviewed diff.

mod common;
use common::archplan;

const PROFILES: [&str; 4] = ["current", "all-aws", "serverless", "self-hosted"];

#[test]
fn cost_at_50_users_in_every_format() {
    for profile in PROFILES {
        // all-aws runs out of its AWS credits at 50 users, and what spills
        // ($57.94) fits on the $100 card: every profile fits, exit 0.
        let code = 0;
        for format in ["table", "json", "markdown"] {
            let r = archplan(&[
                "cost",
                "--users",
                "50",
                "--profile",
                profile,
                "--format",
                format,
            ]);
            assert_eq!(r.code, code, "{profile} {format}: {}", r.stderr);
            insta::assert_snapshot!(format!("cost_50_{profile}_{format}"), r.stdout);
        }
    }
}

#[test]
fn json_output_is_versioned_and_complete() {
    let r = archplan(&["cost", "--users", "50", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["schema"], "archplan.cost/v1");
    let lines = v["lines"].as_array().unwrap();
    assert!(!lines.is_empty());
    for l in lines {
        for key in [
            "component",
            "vendor",
            "pool",
            "quantity",
            "unit_price",
            "cost",
            "price_source",
            "price_seen",
        ] {
            assert!(l.get(key).is_some(), "line lacks {key}: {l}");
        }
    }
}

#[test]
fn help_of_every_command_has_an_example() {
    use clap::CommandFactory;
    // Every subcommand, however deep, found from the argument definitions.
    fn paths(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = prefix.clone();
            p.push(sub.get_name().to_string());
            paths(sub, p, out);
        }
    }
    let mut all = Vec::new();
    paths(&archplan::cli::Cli::command(), Vec::new(), &mut all);
    assert!(all.len() >= 15, "{all:?}");
    for cmd in all {
        let mut args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        args.push("--help");
        let r = archplan(&args);
        assert_eq!(r.code, 0, "{cmd:?}");
        assert!(
            r.stdout.contains("Examples:"),
            "{cmd:?} help has no example:\n{}",
            r.stdout
        );
    }
    insta::assert_snapshot!("help_cost", archplan(&["cost", "--help"]).stdout);
}

#[test]
fn profiles_lists_the_four_architectures() {
    let r = archplan(&["profiles"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("profiles", r.stdout);
}

#[test]
fn completions_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let r = archplan(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}");
        assert!(
            r.stdout.contains("cost") && r.stdout.contains("profiles"),
            "{shell}"
        );
    }
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let r = archplan(&["schema"]);
    assert_eq!(r.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(schema["properties"]["tiers"].is_object());
    let committed =
        std::fs::read_to_string(common::repo().join("profiles/profile.schema.json")).unwrap();
    assert_eq!(
        committed, r.stdout,
        "regenerate with: archplan schema > profiles/profile.schema.json"
    );
}

#[test]
fn works_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let r = common::archplan_in(dir.path(), &["cost", "--users", "50"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("db.t4g.small"));
}

#[test]
fn check_with_the_shipped_budget() {
    let r = archplan(&["check"]);
    assert_eq!(r.code, 1, "the shipped budget is exceeded at some tiers");
    insta::assert_snapshot!("check_shipped", r.stdout);
}

#[test]
fn diff_markdown_moving_up_a_tier() {
    let r = archplan(&[
        "diff",
        "--users",
        "50",
        "--to-users",
        "100",
        "--profile",
        "current",
        "--format",
        "markdown",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("diff_current_50_to_100", r.stdout);
}
