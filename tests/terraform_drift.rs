//! `archplan drift`, `check --terraform` and `diff --base REV --terraform`:
//! Terraform compared with the plan, gated, and priced across revisions.

mod common;
use common::{archplan, Run};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn render(dir: &Path, profile: &str, users: &str) -> String {
    let out = dir.join("tf");
    let out = out.to_str().unwrap().to_string();
    let r = archplan(&[
        "render",
        "terraform",
        "--profile",
        profile,
        "--users",
        users,
        "--out",
        &out,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    out
}

fn drift(tf: &str, profile: &str, users: &str) -> (Run, Value) {
    let r = archplan(&[
        "drift",
        "--terraform",
        tf,
        "--profile",
        profile,
        "--users",
        users,
        "-f",
        "json",
    ]);
    let v = serde_json::from_str(&r.stdout).unwrap_or_else(|_| panic!("{}", r.stderr));
    (r, v)
}

fn component<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == name)
        .unwrap_or_else(|| panic!("no component {name}: {d}"))
}

fn money(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// The 1-based line of the first line of `file` that starts with `prefix`.
fn line_of(file: &Path, prefix: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("{} has no line {prefix}", file.display()))
        + 1
}

#[test]
fn every_rendered_tier_has_no_drift_from_its_plan() {
    for profile in ["current", "all-aws"] {
        for users in ["50", "100", "200", "500"] {
            let dir = tempfile::tempdir().unwrap();
            let tf = render(dir.path(), profile, users);
            let (r, d) = drift(&tf, profile, users);
            assert_eq!(r.code, 0, "{profile} at {users}: {}", r.stdout);
            assert_eq!(d["schema"], "archplan.drift/v1");
            assert_eq!(d["drifted"], 0);
            assert!(d["components"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["state"] == "same"));
            assert_eq!(money(&d["plan_total"]), money(&d["code_total"]));
        }
    }
}

#[test]
fn another_instance_class_is_drift_with_its_monthly_cost() {
    let dir = tempfile::tempdir().unwrap();
    let tf = render(dir.path(), "current", "50");
    let rds = Path::new(&tf).join("rds.tf");
    edit(&rds, "db.t4g.small", "db.t4g.medium");
    let (r, d) = drift(&tf, "current", "50");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(d["drifted"], 1);
    let db = component(&d, "database");
    assert_eq!(db["state"], "differs");
    assert_eq!(db["plan_size"], "db.t4g.small Single-AZ 20 GB");
    assert_eq!(db["code_size"], "db.t4g.medium Single-AZ 20 GB");
    assert_eq!(
        db["declared"],
        format!("rds.tf:{}", line_of(&rds, "resource \"aws_db_instance\""))
    );
    // One difference: the instance hours, priced as `cost --terraform`
    // prices the edited module.
    let diffs = db["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(diffs[0]["plan"].as_str().unwrap().contains("db.t4g.small"));
    assert!(diffs[0]["code"].as_str().unwrap().contains("db.t4g.medium"));
    let read = archplan(&["cost", "--terraform", &tf, "--users", "50", "-f", "json"]);
    let read: Value = serde_json::from_str(&read.stdout).unwrap();
    let database: f64 = read["report"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["component"] == "database")
        .map(|l| money(&l["cost"]["expected"]))
        .sum();
    assert!((money(&db["code_cost"]) - database).abs() < 0.005);
    let delta = money(&db["delta"]);
    assert!(delta > 0.0);
    assert!((money(&diffs[0]["cost"]) - delta).abs() < 0.005);
    assert!((money(&d["delta"]) - delta).abs() < 0.005);
    // The table says the same, with the verdict last.
    let table = archplan(&[
        "drift",
        "--terraform",
        &tf,
        "--profile",
        "current",
        "--users",
        "50",
    ]);
    assert_eq!(table.code, 1);
    assert!(table.stdout.contains("db.t4g.medium Single-AZ 20 GB"));
    assert!(table.stdout.trim_end().ends_with(&format!(
        "Drift: 1 difference from the 50-user tier of current, +${delta:.2} a month."
    )));
}

#[test]
fn a_missing_component_and_a_resource_the_plan_lacks_are_drift() {
    let dir = tempfile::tempdir().unwrap();
    let tf = render(dir.path(), "current", "50");
    std::fs::remove_file(Path::new(&tf).join("s3.tf")).unwrap();
    std::fs::write(
        Path::new(&tf).join("extra.tf"),
        "resource \"aws_nat_gateway\" \"extra\" {\n  subnet_id = \"subnet-1\"\n}\n\nresource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n}\n",
    )
    .unwrap();
    let (r, d) = drift(&tf, "current", "50");
    assert_eq!(r.code, 1);
    let videos = component(&d, "videos");
    assert_eq!(videos["state"], "missing");
    assert!(money(&videos["delta"]) < 0.0);
    assert_eq!(money(&videos["code_cost"]), 0.0);
    let nat = component(&d, "aws_nat_gateway.extra");
    assert_eq!(nat["state"], "extra");
    assert_eq!(nat["declared"], "extra.tf:1");
    assert!(money(&nat["delta"]) > 0.0);
    // The table cannot be priced: it is drift all the same, and listed.
    assert_eq!(d["not_priced"][0]["type"], "aws_dynamodb_table");
    assert_eq!(d["drifted"], 3);
    let md = archplan(&[
        "drift",
        "--terraform",
        &tf,
        "--profile",
        "current",
        "--users",
        "50",
        "-f",
        "markdown",
    ]);
    assert!(
        md.stdout.contains("| videos | missing in Terraform |"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("not priced: `aws_dynamodb_table` ×1"));
}

#[test]
fn drift_refuses_bad_input_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let tf = render(dir.path(), "current", "50");
    let r = archplan(&[
        "drift",
        "--terraform",
        &tf,
        "--profile",
        "curent",
        "--users",
        "50",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("current"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    let empty = tempfile::tempdir().unwrap();
    let r = archplan(&[
        "drift",
        "--terraform",
        empty.path().to_str().unwrap(),
        "--users",
        "50",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no .tf files"), "{}", r.stderr);
}

#[test]
fn check_terraform_gates_the_code_and_points_at_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let tf = render(dir.path(), "current", "50");
    let ok = archplan(&["check", "--terraform", &tf, "--users", "50"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    // At 500 users the 50-user module runs out of database memory and its
    // cash pool is over: both findings point at the .tf line responsible.
    let r = archplan(&[
        "check",
        "--terraform",
        &tf,
        "--users",
        "50,500",
        "--format",
        "github",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let rds = Path::new(&tf).join("rds.tf");
    let db_line = line_of(&rds, "resource \"aws_db_instance\"");
    let want = format!("::error file={},line={db_line},col=1,", rds.display());
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with(&want) && l.contains("no tier holds the users")),
        "{want}\n{}",
        r.stdout
    );
    // The all-aws module at 500 users puts more on the card than it holds:
    // the finding points at the largest line's resource, the bucket.
    let dir = tempfile::tempdir().unwrap();
    let tf = render(dir.path(), "all-aws", "50");
    let r = archplan(&[
        "check",
        "--terraform",
        &tf,
        "--users",
        "500",
        "--format",
        "github",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let s3 = Path::new(&tf).join("s3.tf");
    let bucket_line = line_of(&s3, "resource \"aws_s3_bucket\"");
    let want = format!("::error file={},line={bucket_line},col=1,", s3.display());
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with(&want) && l.contains("pool cash")),
        "{want}\n{}",
        r.stdout
    );
    let json = archplan(&["check", "--terraform", &tf, "--users", "500", "-f", "json"]);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["schema"], "archplan.check/v1");
    assert_eq!(v["ok"], false);
    assert_eq!(v["evaluations"][0]["profile"], tf.as_str());
    // Without users there is nothing to judge.
    let r = archplan(&["check", "--terraform", &tf]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--users"), "{}", r.stderr);
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.email=ci@example.com", "-c", "user.name=ci"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_prices_a_terraform_change_between_two_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let tf = render(dir.path(), "current", "50");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    edit(
        &Path::new(&tf).join("rds.tf"),
        "db.t4g.small",
        "db.t4g.medium",
    );
    let r = archplan(&[
        "diff",
        "--base",
        "HEAD",
        "--terraform",
        &tf,
        "--users",
        "50",
        "-f",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let diffs = v["diffs"].as_array().unwrap();
    assert_eq!(diffs.len(), 1);
    let components = diffs[0]["components"].as_array().unwrap();
    assert_eq!(components.len(), 1, "{components:?}");
    assert_eq!(components[0]["component"], "database");
    assert_eq!(
        components[0]["fields"][0],
        "instance_class: db.t4g.small → db.t4g.medium"
    );
    let (_, d) = drift(&tf, "current", "50");
    assert_eq!(money(&v["delta"]), money(&d["delta"]));
    // A revision that does not exist is bad input.
    let r = archplan(&[
        "diff",
        "--base",
        "nope",
        "--terraform",
        &tf,
        "--users",
        "50",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
}
