//! Any team's architecture: a B2B app with no AI and no videos, with lines
//! archplan has no kind for (`fixed`, `metered`), runs through every command;
//! a workload gives only the drivers its components read, and what is missing
//! or unknown is reported at once; every command gives the same verdict on
//! the same invalid profile set.

mod common;
use common::{archplan_in, repo, Run};
use serde_json::Value;
use std::path::Path;

/// A project folder holding the B2B fixture and the shipped price catalog.
fn b2b() -> tempfile::TempDir {
    folder(&[
        ("tests/fixtures/b2b/profiles", "profiles"),
        ("pricing-data", "pricing-data"),
    ])
}

/// A project folder holding the shipped profiles and price catalog.
fn shipped() -> tempfile::TempDir {
    folder(&[("profiles", "profiles"), ("pricing-data", "pricing-data")])
}

/// A temporary folder with copies of the repository's folders `from` as `to`.
fn folder(copies: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for &(from, to) in copies {
        std::fs::create_dir(dir.path().join(to)).unwrap();
        for entry in std::fs::read_dir(repo().join(from)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(to).join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Every command a user runs on a profile folder, as argument lists.
fn every_command(out: &str) -> Vec<Vec<String>> {
    [
        "cost --users 150",
        "cost --users 150 --format json",
        "check",
        "compare alternatives",
        "report --format markdown --users 150",
        "report --format html --users 150",
        "sweep --to 2500 --step 50 --all",
        "chart",
        "diff --users 150 --to-users 1500",
        "profiles",
    ]
    .iter()
    .map(|c| c.split(' ').map(String::from).collect())
    .chain([vec![
        "render".into(),
        "terraform".into(),
        "--users".into(),
        "150".into(),
        "--out".into(),
        out.to_string(),
    ]])
    .collect()
}

fn run(dir: &Path, args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    archplan_in(dir, &args)
}

#[test]
fn a_b2b_app_with_fixed_and_metered_lines_runs_through_every_command() {
    let dir = b2b();
    let out = dir.path().join("tf").display().to_string();
    for args in every_command(&out) {
        let r = run(dir.path(), &args);
        assert!(
            r.code == 0 || r.code == 1,
            "archplan {args:?} exited {}: {}",
            r.code,
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    let r = run(dir.path(), &every_command(&out)[1]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let line = |component: &str| -> Value {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["component"] == component)
            .cloned()
            .unwrap_or_else(|| panic!("no line of {component}: {}", r.stdout))
    };
    // The fixed line: its own amount, with its source, on the card (no pool
    // lists sentry, so it lands on the pool open to every vendor).
    let errors = line("errors");
    assert_eq!(errors["vendor"], "sentry");
    assert_eq!(errors["pool"], "cash");
    assert_eq!(errors["basis"], "fixed");
    assert!(
        r.stdout.contains("https://sentry.io/pricing/"),
        "{}",
        r.stdout
    );
    // The metered line: a catalog price times the team's own driver, paid
    // from the AWS pool because its vendor is aws.
    let egress = line("api-egress");
    assert_eq!(egress["pool"], "aws");
    assert_eq!(egress["basis"], "usage");
    let text = run(dir.path(), &every_command(&out)[0]).stdout;
    assert!(text.contains("Sentry Team plan"), "{text}");
    assert!(text.contains("API responses to the internet"), "{text}");
    // 150 users × 2 GB expected, less the 100 GB free, at the catalog's
    // per-GB price: the quantity shown is the driver times the users.
    assert!(text.contains("300 GB (100 free)"), "{text}");
    let tf = std::fs::read_to_string(dir.path().join("tf/rds.tf")).unwrap();
    assert!(tf.contains("aws_db_instance"), "the database is rendered");
}

#[test]
fn missing_drivers_are_listed_together_with_their_places() {
    let dir = b2b();
    let workload = "profiles/workload.yaml";
    edit(dir.path(), workload, "ssr_requests:", "# ssr_requests:");
    edit(dir.path(), workload, "api_egress_gb:", "api_egres_gb:");
    edit(dir.path(), workload, "message_kb:", "# message_kb:");
    let r = run(dir.path(), &["cost".into(), "--users".into(), "50".into()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:") || l.contains(".yaml:"))
        .collect();
    let all = r.stderr.as_str();
    for driver in ["ssr_requests", "message_kb", "api_egress_gb"] {
        assert!(
            all.contains(&format!("reads driver `{driver}`")),
            "{driver} missing from: {all}"
        );
    }
    // The misspelt one is also unknown, with the nearest known name.
    assert!(all.contains("unknown driver `api_egres_gb`"), "{all}");
    assert!(all.contains("did you mean `api_egress_gb`"), "{all}");
    // Each problem on its own line, each with file:line:column.
    assert!(lines.len() >= 4, "{all}");
    for l in &lines {
        let at = l.trim_start_matches("error: ");
        let mut parts = at.splitn(4, ':');
        let (file, line, col) = (parts.next(), parts.next(), parts.next());
        assert!(file.is_some_and(|f| f.ends_with(".yaml")), "{l}");
        assert!(line.is_some_and(|n| n.parse::<u32>().is_ok()), "{l}");
        assert!(col.is_some_and(|n| n.parse::<u32>().is_ok()), "{l}");
    }
}

#[test]
fn no_videos_means_no_video_egress() {
    // The shipped workload with no videos: S3 bills nothing that follows
    // the uploads (storage, requests, egress).
    let dir = shipped();
    edit(
        dir.path(),
        "profiles/workload.yaml",
        "videos:\n  low: 40\n  expected: 60\n  high: 80",
        "videos:\n  low: 0\n  expected: 0\n  high: 0",
    );
    let r = archplan_in(
        dir.path(),
        &["cost", "-p", "current", "--users", "50", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let s3: Vec<&Value> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "s3")
        .collect();
    assert!(!s3.is_empty());
    for l in s3 {
        assert_eq!(l["quantity"], "0", "{l}");
    }
}

/// Each case makes the profile set invalid; every command must refuse it
/// with the same first line and exit 2.
#[test]
fn every_command_gives_the_same_verdict_on_the_same_invalid_profiles() {
    let cases: [(&str, &str, &str); 8] = [
        (
            "profiles/current.yaml",
            "backup_retention_days: 7",
            "backup_retention_days: 40",
        ),
        (
            "profiles/all-aws.yaml",
            "        node_type: cache.t4g.small\n",
            "        node_type: cache.t4g.small\n        nodes: 3\n        shards: 2\n",
        ),
        (
            // The review speaks of a component no tier has.
            "profiles/current.yaml",
            "      component: cache\n",
            "      component: cach\n",
        ),
        ("profiles/workload.yaml", "video_views:", "video_view:"),
        (
            "profiles/current.yaml",
            "        instance_class: db.t4g.small\n        storage_gb: 20\n",
            "        instance_class: db.t4g.small\n        storage_gb: 20\n        nodes: 2\n",
        ),
        ("profiles/serverless.yaml", "kind: vercel", "kind: vercell"),
        (
            // A rule of the Terraform module, checked at load.
            "profiles/all-aws.yaml",
            "publicly_accessible: false",
            "publicly_accessible: true",
        ),
        (
            // Two ECS services would get the same Terraform name.
            "profiles/all-aws.yaml",
            "      - name: workers\n",
            "      - name: API\n",
        ),
    ];
    for (file, from, to) in cases {
        let dir = shipped();
        edit(dir.path(), file, from, to);
        let out = dir.path().join("tf").display().to_string();
        let mut first: Option<(String, String)> = None;
        for args in every_command(&out) {
            let mut args = args;
            if args[0] == "cost" || args[0] == "render" || args[0] == "report" {
                args.extend(["--profile".to_string(), "current".to_string()]);
            }
            let r = run(dir.path(), &args);
            let head = r
                .stderr
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or_default()
                .to_string();
            assert_eq!(r.code, 2, "{to:?}: archplan {args:?}: {}", r.stderr);
            match &first {
                None => first = Some((args.join(" "), head)),
                Some((by, said)) => assert_eq!(
                    &head,
                    said,
                    "{to:?}: `archplan {}` and `archplan {by}` disagree",
                    args.join(" ")
                ),
            }
        }
    }
}

#[test]
fn yaml_anchors_work_in_every_section_for_every_command() {
    let dir = shipped();
    // An anchor in the review data, and its alias in a pro of the same list.
    edit(
        dir.path(),
        "profiles/current.yaml",
        "  pros:\n    - en:",
        "  pros:\n    - &first_pro\n      en:",
    );
    edit(
        dir.path(),
        "profiles/current.yaml",
        "  cons:\n",
        "  cons:\n    - *first_pro\n",
    );
    let out = dir.path().join("tf").display().to_string();
    for args in every_command(&out) {
        let r = run(dir.path(), &args);
        assert!(
            r.code == 0 || r.code == 1,
            "archplan {args:?} refused an anchor: {}",
            r.stderr
        );
    }
}

/// The module's rules name the field and the component they involve.
#[test]
fn rules_of_the_terraform_module_are_checked_when_profiles_load() {
    let cases = [
        (
            "publicly_accessible: false",
            "publicly_accessible: true",
            "all-aws.yaml:",
            "puts the database in private subnets",
        ),
        (
            "      - name: workers\n",
            "      - name: API\n",
            "all-aws.yaml:",
            "gives the same Terraform name (api) as Fargate component \"api\"",
        ),
    ];
    for (from, to, file, said) in cases {
        let dir = shipped();
        edit(dir.path(), "profiles/all-aws.yaml", from, to);
        let r = run(
            dir.path(),
            &["cost".to_string(), "--users".to_string(), "50".to_string()],
        );
        assert_eq!(r.code, 2, "{to:?}: {}", r.stderr);
        let line = r
            .stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or_default();
        assert!(line.contains(file) && line.contains(said), "{to:?}: {line}");
    }
}
