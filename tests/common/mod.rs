#![allow(dead_code)]
//! Helpers shared by the integration tests: run the real binary, and make
//! throw-away copies of the shipped profiles to break on purpose.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs archplan on its built-in data (`--builtin`: the repository's own
/// ./profiles and ./pricing-data would be found otherwise).
pub fn archplan(args: &[&str]) -> Run {
    let mut all = vec!["--builtin"];
    all.extend_from_slice(args);
    archplan_in(Path::new(env!("CARGO_MANIFEST_DIR")), &all)
}

pub fn archplan_in(dir: &Path, args: &[&str]) -> Run {
    archplan_on(dir, args, "2026-11-25")
}

/// Runs archplan as if today were `today` (YYYY-MM-DD).
pub fn archplan_on(dir: &Path, args: &[&str], today: &str) -> Run {
    archplan_env(dir, args, today, &[])
}

/// Runs archplan with extra environment variables (`COLUMNS`…). Output is
/// piped, so tables are full width unless `COLUMNS` says otherwise.
pub fn archplan_env(dir: &Path, args: &[&str], today: &str, env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_archplan"))
        .args(args)
        .current_dir(dir)
        .env_remove("ARCHPLAN_PROFILES")
        .env_remove("ARCHPLAN_PRICING")
        .env_remove("COLUMNS")
        .env("ARCHPLAN_TODAY", today)
        .envs(env.iter().copied())
        .output()
        .expect("the archplan binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of `profiles/` (and `pricing-data/`), to edit.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["profiles", "pricing-data"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
            for entry in std::fs::read_dir(repo().join(sub)).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
            }
        }
        Fixture { dir }
    }

    pub fn profiles(&self) -> String {
        self.dir.path().join("profiles").display().to_string()
    }

    pub fn pricing(&self) -> String {
        self.dir.path().join("pricing-data").display().to_string()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap();
    }

    /// Replaces the `nth` (0-based) occurrence of `from` in a file; panics if absent
    /// so a test cannot silently test nothing.
    pub fn replace_nth(&self, rel: &str, from: &str, to: &str, nth: usize) {
        let text = self.read(rel);
        let (i, _) = text
            .match_indices(from)
            .nth(nth)
            .unwrap_or_else(|| panic!("{from:?} occurs fewer than {} times in {rel}", nth + 1));
        let mut out = text[..i].to_string();
        out.push_str(to);
        out.push_str(&text[i + from.len()..]);
        self.write(rel, &out);
    }

    /// Replaces every occurrence; panics if there is none.
    pub fn replace_all(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{from:?} does not occur in {rel}");
        self.write(rel, &text.replace(from, to));
    }

    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        self.replace_nth(rel, from, to, 0);
    }

    /// Runs archplan on this fixture's profiles and prices.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut full: Vec<&str> = args.to_vec();
        let profiles = self.profiles();
        let pricing = self.pricing();
        full.extend(["--profiles", &profiles, "--pricing", &pricing]);
        archplan_in(self.dir.path(), &full)
    }
}

/// Line number (1-based) of the `nth` occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    let i = text
        .match_indices(needle)
        .nth(nth)
        .expect("needle present")
        .0;
    text[..i].matches('\n').count() + 1
}

/// Runs archplan in-process on its built-in data: parse the arguments,
/// dispatch, return the outcome.
#[allow(clippy::result_large_err)]
pub fn run(args: &[&str]) -> Result<archplan::Outcome, archplan::error::Error> {
    use clap::Parser;
    // The same calendar as the runs of the binary, so that what depends on
    // the date (stale prices, retiring models) reads the same every day.
    static PINNED: std::sync::Once = std::sync::Once::new();
    PINNED.call_once(|| {
        // Every in-process run passes here first, and `call_once` holds the
        // others until the variable is set.
        std::env::set_var("ARCHPLAN_TODAY", "2026-11-25");
    });
    let mut all = vec!["archplan", "--builtin"];
    all.extend_from_slice(args);
    let cli = archplan::cli::Cli::try_parse_from(all).expect("arguments parse");
    archplan::commands::dispatch(cli)
}

/// Standard output of an in-process run that must succeed.
pub fn stdout(args: &[&str]) -> String {
    match run(args) {
        Ok(o) => o.stdout,
        Err(e) => panic!("archplan {args:?} failed: {e}"),
    }
}
