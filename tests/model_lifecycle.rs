//! Models their vendors retire: a profile that uses a retired model is an
//! error at its field, naming the date, the source and the successor with
//! its price; one retiring within 90 days is a warning; `pricing show
//! --retiring` lists the schedule. Dates are pinned with ARCHPLAN_TODAY.

mod common;
use common::{archplan_on, line_of, Fixture};
use serde_json::Value;

const TODAY: &str = "2026-12-02";

fn on(f: &Fixture, args: &[&str], today: &str) -> common::Run {
    let profiles = f.profiles();
    let pricing = f.pricing();
    let mut full = args.to_vec();
    full.extend(["--profiles", &profiles, "--pricing", &pricing]);
    archplan_on(f.dir.path(), &full, today)
}

fn warnings(run: &common::Run) -> Vec<String> {
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_retired_model_is_an_error_at_its_field_with_the_successor_and_its_price() {
    let f = Fixture::new();
    f.replace(
        "profiles/all-aws.yaml",
        "model: claude-haiku-4-5",
        "model: claude-3-5-haiku",
    );
    let text = f.read("profiles/all-aws.yaml");
    let line = line_of(&text, "model: claude-3-5-haiku", 0);
    for command in [
        vec!["cost", "--profile", "all-aws", "--users", "50"],
        vec!["check", "--profile", "all-aws", "--users", "50"],
        vec!["compare", "alternatives", "--users", "50"],
    ] {
        let r = on(&f, &command, TODAY);
        assert_eq!(r.code, 2, "{command:?}: {}", r.stdout);
        let error = r
            .stderr
            .lines()
            .find(|l| l.starts_with("error:"))
            .unwrap_or_default();
        assert!(error.contains(&format!("all-aws.yaml:{line}:")), "{error}");
        assert!(
            error.contains("model \"claude-3-5-haiku\" was retired on 2026-06-19"),
            "{error}"
        );
        assert!(
            error.contains("model-card-anthropic-claude-3-5-haiku"),
            "{error}"
        );
        assert!(
            error.contains(
                "its successor is \"claude-haiku-4-5\" ($1.00 per 1M tokens / $5.00 per 1M tokens)"
            ),
            "{error}"
        );
        assert!(
            error.contains("did you mean \"claude-haiku-4-5\"?"),
            "{error}"
        );
    }
    // The day before it retired, it was a warning.
    let r = on(
        &f,
        &[
            "cost",
            "--profile",
            "all-aws",
            "--users",
            "50",
            "-f",
            "json",
        ],
        "2026-06-18",
    );
    let w = warnings(&r);
    assert!(
        w.iter().any(|w| w
            == "ai: aws.bedrock.claude-3-5-haiku retires on 2026-06-19, in 1 day (https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-3-5-haiku.html); successor: claude-haiku-4-5 at $1.00 per 1M tokens / $5.00 per 1M tokens"),
        "{w:?}"
    );
}

#[test]
fn a_model_retiring_within_ninety_days_is_one_warning_per_model() {
    let f = Fixture::new();
    f.replace_all(
        "profiles/current.yaml",
        "transcription: gpt-4o-mini-transcribe",
        "transcription: whisper",
    );
    let json = [
        "cost",
        "--profile",
        "current",
        "--users",
        "50",
        "-f",
        "json",
    ];
    let retiring = |w: &[String]| -> Vec<String> {
        w.iter()
            .filter(|w| w.contains(" retires on "))
            .cloned()
            .collect()
    };
    // Azure names no successor for Whisper: the warning says when and where.
    assert_eq!(
        retiring(&warnings(&on(&f, &json, TODAY))),
        ["ai: azure.openai.whisper retires on 2026-12-15, in 13 days (https://learn.microsoft.com/en-us/azure/foundry/openai/concepts/model-retirement-schedule)"]
    );
    // More than 90 days ahead: nothing to say.
    assert!(retiring(&warnings(&on(&f, &json, "2026-09-15"))).is_empty());
    // From the day it retires, the profile is refused.
    let r = on(
        &f,
        &["cost", "--profile", "current", "--users", "50"],
        "2026-12-15",
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("transcription \"whisper\" was retired on 2026-12-15"),
        "{}",
        r.stderr
    );

    // Input and output tokens of one model make one warning, with both
    // prices of the successor.
    let f = Fixture::new();
    f.replace(
        "profiles/serverless.yaml",
        "model: gpt-6-luna",
        "model: gpt-4o-mini",
    );
    let w = retiring(&warnings(&on(
        &f,
        &[
            "cost",
            "--profile",
            "serverless",
            "--users",
            "50",
            "-f",
            "json",
        ],
        TODAY,
    )));
    assert_eq!(
        w,
        ["ai: openai.gpt-4o-mini retires on 2027-01-14, in 43 days (https://platform.openai.com/docs/deprecations); successor: gpt-6-luna at $0.10 per 1M tokens / $0.50 per 1M tokens"]
    );
}

/// On the catalog's date no shipped profile uses a model that is retired or
/// retires within 90 days (Azure's Whisper, retiring on 2026-12-15, was
/// replaced by gpt-4o-mini-transcribe; Bedrock's Claude 3.5 Haiku, retired
/// on 2026-06-19, by Claude Haiku 4.5; OpenAI's gpt-4o-mini and whisper-1,
/// retiring on 2027-01-14 and 2027-02-26, by gpt-6-luna and gpt-transcribe).
#[test]
fn the_shipped_profiles_use_models_offered_on_the_catalogs_date() {
    let f = Fixture::new();
    for profile in ["current", "all-aws", "serverless", "self-hosted"] {
        for users in ["50", "500"] {
            let w = warnings(&on(
                &f,
                &["cost", "--profile", profile, "--users", users, "-f", "json"],
                TODAY,
            ));
            assert!(
                !w.iter().any(|w| w.contains(" retires on ")),
                "{profile} at {users}: {w:?}"
            );
        }
    }
}

#[test]
fn pricing_show_retiring_lists_the_schedule_by_date() {
    let f = Fixture::new();
    let r = on(&f, &["pricing", "show", "--retiring", "-f", "json"], TODAY);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let rows: Vec<(String, String, String)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["retires"].as_str().unwrap().to_string(),
                r["standing"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (
            "aws.bedrock.claude-3-5-haiku.input",
            "2026-06-19",
            "retired",
        ),
        (
            "aws.bedrock.claude-3-5-haiku.output",
            "2026-06-19",
            "retired",
        ),
        ("azure.openai.whisper", "2026-12-15", "retiring"),
        ("openai.gpt-4o-mini.input", "2027-01-14", "retiring"),
        ("openai.gpt-4o-mini.output", "2027-01-14", "retiring"),
        ("openai.whisper", "2027-02-26", "retiring"),
        ("azure.openai.gpt-4o-mini.input", "2027-04-14", "offered"),
        ("azure.openai.gpt-4o-mini.output", "2027-04-14", "offered"),
        (
            "azure.openai.gpt-4o-mini-transcribe",
            "2027-06-15",
            "offered",
        ),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(rows, want);
    let table = on(&f, &["pricing", "show", "--retiring"], TODAY);
    assert!(
        table
            .stdout
            .contains("RETIRED 2026-06-19 → claude-haiku-4-5"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("RETIRING 2026-12-15"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_lifecycle_with_a_bad_date_is_refused_at_its_line() {
    let f = Fixture::new();
    f.replace(
        "pricing-data/azure.toml",
        "retires = \"2026-12-15\"",
        "retires = \"2026-12-45\"",
    );
    let text = f.read("pricing-data/azure.toml");
    let r = on(
        &f,
        &["cost", "--profile", "current", "--users", "50"],
        TODAY,
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("price azure.openai.whisper: lifecycle retires = \"2026-12-45\"; expected a date like 2026-12-15"),
        "{}",
        r.stderr
    );
    let id_line = line_of(&text, "id = \"azure.openai.whisper\"", 0);
    assert!(
        r.stderr.contains(&format!("azure.toml:{id_line}:")),
        "{}",
        r.stderr
    );
}

#[test]
fn check_and_diff_list_the_models_retiring_within_ninety_days() {
    let f = Fixture::new();
    // current and as-drawn use Azure's gpt-4o-mini, which retires on
    // 2027-04-14 with no successor named: from 2027-01-14 it is a warning.
    let retiring = |r: &common::Run| -> Vec<String> {
        r.stderr
            .lines()
            .filter(|l| l.contains(" retires on "))
            .map(str::to_string)
            .collect()
    };
    let check = on(
        &f,
        &["check", "--profile", "current", "--users", "50,500"],
        "2027-02-01",
    );
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    let lines = retiring(&check);
    // Once, however many rows use it.
    assert_eq!(lines.len(), 1, "{}", check.stderr);
    assert!(
        lines[0].contains("ai: azure.openai.gpt-4o-mini retires on 2027-04-14, in 72 days"),
        "{}",
        lines[0]
    );
    let json = on(
        &f,
        &[
            "check",
            "--profile",
            "current",
            "--users",
            "50",
            "--format",
            "json",
        ],
        "2027-02-01",
    );
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["retiring"].as_array().unwrap().len(), 1, "{v}");
    // Before the warning window nothing is listed.
    let early = on(
        &f,
        &["check", "--profile", "current", "--users", "50"],
        TODAY,
    );
    assert!(retiring(&early).is_empty(), "{}", early.stderr);
    // diff lists the models of the side it moves to.
    let diff = on(
        &f,
        &[
            "diff",
            "--profile",
            "current",
            "--users",
            "50",
            "--to-users",
            "100",
        ],
        "2027-02-01",
    );
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert_eq!(retiring(&diff).len(), 1, "{}", diff.stderr);
}
