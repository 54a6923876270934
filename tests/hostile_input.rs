//! Input that used to be misread or mishandled: lists of user counts, names
//! with control characters, files that are not UTF-8, deeply nested
//! brackets, temporary files of an interrupted write, and stale-price
//! warnings about prices a command did not use.

mod common;

use common::{archplan, Fixture};
use std::time::{Duration, Instant};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn one_line_error(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    lines[0]
}

#[test]
fn a_list_of_user_counts_is_several_counts() {
    let r = archplan(&[
        "check",
        "--profile",
        "current",
        "--users",
        "50,100",
        "--format",
        "json",
    ]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v = json(&r.stdout);
    let users: Vec<u64> = v["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["users"].as_u64().unwrap())
        .collect();
    assert_eq!(users, vec![50, 100]);

    let r = archplan(&[
        "compare",
        "alternatives",
        "--users",
        "50,10_000",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let groups: Vec<u64> = json(&r.stdout)["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["users"].as_u64().unwrap())
        .collect();
    assert_eq!(groups, vec![50, 10_000]);
}

#[test]
fn diff_prices_each_listed_count() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "instance_class: db.t4g.small",
        "instance_class: db.t4g.medium",
    );
    let base = common::repo().join("profiles").display().to_string();
    let head = f.profiles();
    let r = archplan(&[
        "diff", "--base", &base, "--head", &head, "--users", "50,120", "--format", "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let counts: Vec<u64> = v["diffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["users_before"].as_u64().unwrap())
        .collect();
    assert!(counts.contains(&50), "{counts:?}");
    assert!(counts.iter().all(|c| [50, 120].contains(c)), "{counts:?}");
}

#[test]
fn a_single_count_option_refuses_a_list_and_bad_counts() {
    for (args, bad) in [
        (vec!["cost", "--users", "50,100"], "50,100"),
        (vec!["cost", "--users", "1,00"], "1,00"),
        (vec!["report", "--users", "1,000"], "1,000"),
        (vec!["render", "terraform", "--users", "50,100"], "50,100"),
        (vec!["diff", "--users", "50", "--to-users", "1,0"], "1,0"),
    ] {
        let r = archplan(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let e = one_line_error(&r.stderr);
        assert!(e.contains(&format!("\"{bad}\" is a list")), "{e}");
        assert!(e.contains("one user count"), "{e}");
        assert!(r.stdout.is_empty());
    }
    for (args, bad) in [
        (vec!["cost", "--users", "5O"], "5O"),
        (vec!["check", "--users", "50,abc"], "abc"),
        (vec!["check", "--users", "50,,100"], ""),
        (vec!["compare", "alternatives", "--users", "3.5"], "3.5"),
        (vec!["sweep", "--to", "1e3"], "1e3"),
    ] {
        let r = archplan(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let e = one_line_error(&r.stderr);
        assert!(e.contains(&format!("\"{bad}\" is not a user count")), "{e}");
        assert!(e.contains("expected a whole number"), "{e}");
    }
    let r = archplan(&["diff", "--users", "50,100", "--to-users", "200"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(one_line_error(&r.stderr).contains("expected one count"));
    let r = archplan(&["cost", "--users", "10_000", "--format", "json"]);
    // Parsed: the answer is a verdict (no tier holds 10,000 users), not bad input.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(json(&r.stdout)["users"], 10_000);
}

#[test]
fn junit_stays_well_formed_with_control_characters_in_names() {
    let f = Fixture::new();
    f.replace(
        "profiles/current.yaml",
        "name: current",
        "name: \"cur\\x01r\\x1b[31m\\x7fent <&\\\"'> \\x00\\x0b\\uFFFF\"",
    );
    // The 500-user tier's database is among the lines whose cost lands on
    // the card (through the AWS credits, which it exhausts), over its amount.
    f.replace_nth(
        "profiles/current.yaml",
        "- name: database",
        "- name: \"data\\x02base\"",
        3,
    );
    // The API reaches it by its name.
    f.replace_nth(
        "profiles/current.yaml",
        "reaches: [database,",
        "reaches: [\"data\\x02base\",",
        3,
    );
    let r = f.run(&["check", "--format", "junit"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("data\u{FFFD}base"), "{}", r.stdout);
    let doc = roxmltree::Document::parse(&r.stdout)
        .unwrap_or_else(|e| panic!("invalid XML ({e}):\n{}", r.stdout));
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite") && n.attribute("name").unwrap().starts_with("cur"))
        .expect("the renamed profile's suite");
    assert_eq!(
        suite.attribute("name"),
        Some("cur\u{FFFD}r\u{FFFD}[31m\u{7f}ent <&\"'> \u{FFFD}\u{FFFD}\u{FFFD}")
    );
    assert!(doc.descendants().any(|n| n.has_tag_name("failure")));
}

#[test]
fn a_profile_that_is_not_utf8_is_bad_input_naming_the_byte() {
    let f = Fixture::new();
    let path = f.path("profiles/current.yaml");
    let text = f.read("profiles/current.yaml");
    let at = text.find("title:").unwrap() + "title: ".len();
    let line = common::line_of(&text, "title:", 0);
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xE9);
    std::fs::write(&path, &bytes).unwrap();
    let r = f.run(&["cost", "--users", "50"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let e = one_line_error(&r.stderr);
    assert!(
        e.starts_with(&format!("error: {}:{line}:8: not UTF-8", path.display())),
        "{e}"
    );
    assert!(e.contains(&format!("byte 0xE9 at offset {at}")), "{e}");
}

#[test]
fn deeply_nested_brackets_are_refused_at_once() {
    let f = Fixture::new();
    f.write(
        "profiles/evil.yaml",
        &format!("name: evil\ntiers: {}\n", "[".repeat(200_000)),
    );
    let started = Instant::now();
    let r = f.run(&["profiles"]);
    let took = started.elapsed();
    assert_eq!(r.code, 2, "{}", r.stderr);
    let e = one_line_error(&r.stderr);
    assert!(
        e.contains("evil.yaml:2:72: brackets nested 65 levels deep"),
        "{e}"
    );
    assert!(e.contains("expected at most 64"), "{e}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn render_removes_temporary_files_a_killed_render_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let out_arg = out.display().to_string();
    let r = archplan(&["render", "terraform", "--out", &out_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // What a render killed between writing and renaming leaves behind.
    let left = out.join(".main.tf.archplan-tmp-4294967295");
    std::fs::write(&left, "partial").unwrap();
    let r = archplan(&["render", "terraform", "--users", "200", "--out", &out_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!left.exists(), "the stale temporary file was removed");
    let temps: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("archplan-tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}

/// The ids `pricing show` lists.
fn shown_ids() -> String {
    let r = archplan(&["pricing", "show"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn stale_warning(stderr: &str) -> Option<&str> {
    stderr.lines().find(|l| l.contains("older than 90 days"))
}

#[test]
fn stale_warnings_name_only_prices_used_as_pricing_show_lists_them() {
    // The GPU server is priced only in self-hosted's large tiers.
    let large = archplan(&["check", "--profile", "self-hosted", "--users", "500"]);
    let w = stale_warning(&large.stderr).expect("the GPU tier uses a stale price");
    assert!(w.contains("hetzner.dedicated.gex44"), "{w}");
    let shown = shown_ids();
    assert!(shown.contains("hetzner.dedicated.gex44"), "{shown}");

    let small = archplan(&["check", "--profile", "self-hosted", "--users", "50"]);
    assert!(
        stale_warning(&small.stderr).is_none_or(|w| !w.contains("gex44")),
        "{}",
        small.stderr
    );
    let sweep = archplan(&["sweep", "--profile", "self-hosted", "--to", "50"]);
    assert!(
        stale_warning(&sweep.stderr).is_none_or(|w| !w.contains("gex44")),
        "{}",
        sweep.stderr
    );
    let current = archplan(&["compare", "alternatives", "--users", "50"]);
    if let Some(w) = stale_warning(&current.stderr) {
        let id = w
            .split("oldest: ")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        assert!(shown.contains(id), "{id} is listed by pricing show");
    }
}
