//! A project from the binary alone: `archplan init`, the ./profiles and
//! ./pricing-data a command finds in its folder, built-in data named as
//! such, the default profile, and YAML files that are not profiles.

mod common;

use common::{archplan_in, repo, Run};
use std::path::Path;

/// Runs archplan in `dir` with ARCHPLAN_PROFILES and ARCHPLAN_PRICING unset.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    archplan_in(dir, args)
}

fn init_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    dir
}

fn error_lines(r: &Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| l.starts_with("error:") || l.contains(": error:"))
        .collect()
}

#[test]
fn init_then_cost_works_with_no_flags() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("profiles/my-app.yaml"), "{}", r.stdout);
    assert!(
        r.stdout.contains("archplan cost --users 50"),
        "names the next command: {}",
        r.stdout
    );
    for file in [
        "profiles/my-app.yaml",
        "profiles/workload.yaml",
        "profiles/budget.yaml",
        "profiles/capacity.yaml",
        "pricing-data/aws.toml",
    ] {
        assert!(dir.path().join(file).is_file(), "{file} written");
    }

    let r = run_in(dir.path(), &["cost", "--users", "50"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("my-app — "), "{}", r.stdout);
    assert!(
        r.stdout.contains("gpt-4o-mini input tokens"),
        "{}",
        r.stdout
    );
}

#[test]
fn init_into_a_new_folder_names_it_in_the_next_command() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init", "shop"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("cd shop && archplan cost --users 50"),
        "{}",
        r.stdout
    );
    let r = run_in(&dir.path().join("shop"), &["cost", "--users", "50"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn init_never_overwrites_and_writes_nothing_when_a_file_is_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    let mine = "# my own budget\ntotal: 5\npools: [{name: cash, amount: 5}]\n";
    std::fs::write(dir.path().join("profiles/budget.yaml"), mine).unwrap();

    let r = run_in(dir.path(), &["init"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("profiles/budget.yaml"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("profiles/budget.yaml")).unwrap(),
        mine
    );
    assert!(!dir.path().join("profiles/my-app.yaml").exists());
    assert!(!dir.path().join("pricing-data").exists());

    let r = run_in(dir.path(), &["init", "--force"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_ne!(
        std::fs::read_to_string(dir.path().join("profiles/budget.yaml")).unwrap(),
        mine
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("profiles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("archplan-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn init_example_then_check_and_compare_work() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init", "--example"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for name in [
        "current",
        "all-aws",
        "serverless",
        "self-hosted",
        "archplan",
    ] {
        assert!(dir.path().join(format!("profiles/{name}.yaml")).is_file());
    }

    let r = run_in(dir.path(), &["check"]);
    assert_ne!(r.code, 2, "not bad input: {}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("profiles/current.yaml:")
            && !r.stdout.contains("built-in profiles/current.yaml"),
        "findings point at the files written: {}",
        r.stdout
    );

    let r = run_in(dir.path(), &["compare", "alternatives", "--users", "50"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for name in ["current", "all-aws", "serverless", "self-hosted"] {
        assert!(r.stdout.contains(name), "{name}: {}", r.stdout);
    }

    // The example's default profile is `current`, from its archplan.yaml.
    let r = run_in(dir.path(), &["cost", "--users", "50"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("current — "), "{}", r.stdout);
}

#[test]
fn local_profiles_are_used_and_said_once_on_stderr() {
    let dir = init_project();
    let r = run_in(dir.path(), &["profiles", "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("\"profiles/my-app.yaml\""),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("current"), "{}", r.stdout);
    let using: Vec<&str> = r.stderr.lines().filter(|l| l.contains("using")).collect();
    assert_eq!(
        using,
        vec!["using ./profiles and ./pricing-data"],
        "{}",
        r.stderr
    );

    // Only ./pricing-data: the profiles are the built-in ones, named as such.
    std::fs::remove_dir_all(dir.path().join("profiles")).unwrap();
    let r = run_in(dir.path(), &["profiles", "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.starts_with("using ./pricing-data\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("\"built-in profiles/current.yaml\""),
        "{}",
        r.stdout
    );
}

#[test]
fn builtin_forces_the_built_in_data() {
    let dir = init_project();
    let r = run_in(dir.path(), &["--builtin", "cost", "--users", "50"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("current — "), "{}", r.stdout);
    assert!(!r.stderr.contains("using"), "{}", r.stderr);

    // --profiles still wins over --builtin, and over ./profiles.
    let shipped = repo().join("profiles").display().to_string();
    let r = run_in(
        dir.path(),
        &[
            "profiles",
            "--builtin",
            "--profiles",
            &shipped,
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!("{shipped}/current.yaml")),
        "{}",
        r.stdout
    );
}

#[test]
fn profiles_names_built_in_sources_as_built_in() {
    let empty = tempfile::tempdir().unwrap();
    let r = run_in(empty.path(), &["profiles"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    for name in ["current", "all-aws", "serverless", "self-hosted"] {
        let built_in = format!("built-in profiles/{name}.yaml");
        assert!(r.stdout.contains(&built_in), "{name}: {}", r.stdout);
        assert_eq!(
            r.stdout.matches(&format!("profiles/{name}.yaml")).count(),
            r.stdout.matches(&built_in).count(),
            "every mention is marked built-in: {}",
            r.stdout
        );
    }

    // Findings and their sources too: the budget file and each finding's file.
    let r = run_in(empty.path(), &["check"]);
    assert!(
        r.stdout.contains("built-in profiles/budget.yaml"),
        "{}",
        r.stdout
    );
    let bare = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("profiles/"))
        .count();
    assert_eq!(bare, 0, "no finding names a file on disk: {}", r.stdout);
}

#[test]
fn the_default_profile_is_the_only_one_or_the_declared_one() {
    let dir = init_project();
    let profile = |name: &str| {
        std::fs::read_to_string(dir.path().join("profiles/my-app.yaml"))
            .unwrap()
            .replace("name: my-app", &format!("name: {name}"))
    };
    std::fs::write(dir.path().join("profiles/other.yaml"), profile("other")).unwrap();

    // Several profiles, no default: a one-line error listing them.
    let r = run_in(dir.path(), &["cost", "--users", "50"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let errors = error_lines(&r);
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(errors[0].contains("my-app, other"), "{}", errors[0]);
    assert!(errors[0].contains("--profile"), "{}", errors[0]);
    assert!(errors[0].contains("archplan.yaml"), "{}", errors[0]);
    // Naming one still works.
    let r = run_in(dir.path(), &["cost", "--users", "50", "--profile", "other"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("other — "), "{}", r.stdout);

    // `default:` in profiles/archplan.yaml picks one.
    std::fs::write(
        dir.path().join("profiles/archplan.yaml"),
        "# settings\ndefault: other\n",
    )
    .unwrap();
    for args in [
        &["cost", "--users", "50"][..],
        &["report", "--users", "50"][..],
    ] {
        let r = run_in(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("other"), "{args:?}: {}", r.stdout);
    }
    let r = run_in(dir.path(), &["sweep", "--to", "3"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("\nother,1,"), "{}", r.stdout);

    // A default that names no profile points at its line, with the nearest name.
    std::fs::write(
        dir.path().join("profiles/archplan.yaml"),
        "# settings\ndefault: othr\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["cost", "--users", "50"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let errors = error_lines(&r);
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(
        errors[0].contains("profiles/archplan.yaml:2:10"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("\"other\""), "{}", errors[0]);
}

#[test]
fn the_built_in_default_is_used_for_the_built_in_data() {
    let empty = tempfile::tempdir().unwrap();
    let r = run_in(empty.path(), &["cost", "--users", "50"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("current — "), "{}", r.stdout);
}

#[test]
fn an_unrelated_yaml_file_is_skipped_with_a_warning() {
    let dir = init_project();
    std::fs::write(
        dir.path().join("profiles/docker-compose.yaml"),
        "name: shop\nservices:\n  web:\n    image: nginx\n",
    )
    .unwrap();
    for args in [
        &["cost", "--users", "50"][..],
        &["check"][..],
        &["profiles"][..],
        &["compare", "alternatives", "--users", "50"][..],
    ] {
        let r = run_in(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        let warnings: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.contains("docker-compose.yaml"))
            .collect();
        assert_eq!(
            warnings,
            vec![
                "warning: profiles/docker-compose.yaml is not an archplan profile (no `tiers`); skipped"
            ],
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_broken_profile_still_fails_at_its_line() {
    let dir = init_project();
    let text = std::fs::read_to_string(dir.path().join("profiles/my-app.yaml")).unwrap();
    let broken = text.replacen("  - users: 100\n", "  - users: [100\n", 1);
    assert_ne!(broken, text);
    std::fs::write(dir.path().join("profiles/my-app.yaml"), &broken).unwrap();
    let r = run_in(dir.path(), &["cost", "--users", "50"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let errors = error_lines(&r);
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(
        errors[0].starts_with("error: profiles/my-app.yaml:")
            || errors[0].contains("profiles/my-app.yaml:"),
        "{}",
        errors[0]
    );
    assert!(!r.stderr.contains("skipped"), "{}", r.stderr);
}
