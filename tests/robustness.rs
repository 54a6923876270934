//! No input makes archplan panic: the shipped files, mutated at random (a line
//! dropped, duplicated or cut, a value swapped), either load and price or give
//! an error value — never a panic.

use archplan::workspace::{read_pricing, read_profiles, Texts, Workspace};
use proptest::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn shipped() -> Texts {
    Texts::new(read_profiles(None).unwrap(), read_pricing(None).unwrap())
}

#[derive(Debug, Clone)]
enum Mutation {
    DropLine(usize),
    DuplicateLine(usize),
    CutLine(usize, usize),
    Replace(usize, &'static str),
}

const VALUES: &[&str] = &[
    "-1",
    "0",
    "1e30",
    "\"\"",
    "[",
    "{}",
    "null",
    "~",
    "18446744073709551616",
    "db.t4g.nano",
    "0.0000000000000000000000000001",
    "? x",
];

fn mutate(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return String::new();
    }
    match *m {
        Mutation::DropLine(i) => {
            lines.remove(i % lines.len());
        }
        Mutation::DuplicateLine(i) => {
            let l = lines[i % lines.len()].clone();
            lines.insert(i % lines.len(), l);
        }
        Mutation::CutLine(i, at) => {
            let n = lines.len();
            let l = &mut lines[i % n];
            let cut = l
                .char_indices()
                .nth(at % (l.chars().count() + 1))
                .map_or(l.len(), |(b, _)| b);
            l.truncate(cut);
        }
        Mutation::Replace(i, v) => {
            let n = lines.len();
            let l = &mut lines[i % n];
            if let Some(colon) = l.find(": ").or_else(|| l.find(" = ")) {
                l.truncate(colon + 2);
                l.push_str(v);
            }
        }
    }
    lines.join("\n")
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(i, a)| Mutation::CutLine(i, a)),
        (any::<usize>(), proptest::sample::select(VALUES))
            .prop_map(|(i, v)| Mutation::Replace(i, v)),
    ]
}

/// Loads, prices every profile at a few user counts, checks the budget and
/// plans capacity: whatever the input, a value or an error.
fn exercise(texts: Texts) {
    commands_on_disk(&texts);
    let Ok(ws) = Workspace::from_texts(texts) else {
        return;
    };
    for doc in &ws.profiles {
        for users in [1, 50, 137, 500, 100_000] {
            let _ = archplan::engine::cost(&ws, doc, users);
        }
    }
    let opts = archplan::gate::CheckOptions {
        profiles: Vec::new(),
        users: Vec::new(),
        estimate: archplan::model::workload::Scenario::High,
        warn_at: 80.into(),
        max_per_user: None,
        strict: false,
    };
    let _ = archplan::gate::check(&ws, &opts);
}

/// The commands that read, render and write, run in-process on the files
/// written to a temporary folder.
fn commands_on_disk(texts: &Texts) {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles");
    let pricing = dir.path().join("pricing");
    std::fs::create_dir_all(&profiles).unwrap();
    std::fs::create_dir_all(&pricing).unwrap();
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    for (name, text) in
        texts
            .profiles
            .iter()
            .chain([&texts.workload, &texts.budget, &texts.capacity])
    {
        std::fs::write(profiles.join(base(name)), text).unwrap();
    }
    for (name, text) in &texts.pricing {
        std::fs::write(pricing.join(base(name)), text).unwrap();
    }
    let (p, c, out) = (
        profiles.display().to_string(),
        pricing.display().to_string(),
        dir.path().join("tf").display().to_string(),
    );
    for args in [
        vec!["report", "--format", "html"],
        vec!["compare", "alternatives"],
        vec!["render", "terraform", "--users", "200", "--out", &out],
        vec!["sweep", "--to", "600", "--all"],
    ] {
        let mut all = vec!["archplan"];
        all.extend(args);
        all.extend(["--profiles", &p, "--pricing", &c]);
        use clap::Parser;
        if let Ok(cli) = archplan::cli::Cli::try_parse_from(all) {
            let _ = archplan::commands::dispatch(cli);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn mutated_profiles_never_panic(file in 0usize..7, m in mutation()) {
        let mut texts = shipped();
        let target = match file {
            0..=3 => &mut texts.profiles[file].1,
            4 => &mut texts.workload.1,
            5 => &mut texts.budget.1,
            _ => &mut texts.capacity.1,
        };
        *target = mutate(target, &m);
        let result = catch_unwind(AssertUnwindSafe(|| exercise(texts)));
        prop_assert!(result.is_ok(), "panic with {m:?} on file {file}");
    }

    #[test]
    fn mutated_prices_never_panic(file in 0usize..7, m in mutation()) {
        let mut texts = shipped();
        let i = file % texts.pricing.len();
        texts.pricing[i].1 = mutate(&texts.pricing[i].1, &m);
        let result = catch_unwind(AssertUnwindSafe(|| exercise(texts)));
        prop_assert!(result.is_ok(), "panic with {m:?} on price file {i}");
    }
}

/// Numbers at the edges of what a decimal holds, put in place of every number
/// of every shipped file in turn: the arithmetic that follows either gives a
/// value or an error, never an overflow panic. Deterministic, unlike the random
/// mutations above, so that a class of overflow is found at once.
#[test]
fn extreme_numbers_on_every_line_never_panic() {
    const EXTREMES: &[&str] = &[
        "0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "1e30",
        "-1",
    ];
    let base = shipped();
    let files = base.profiles.len() + 3;
    let mut failures = Vec::new();
    for file in 0..files {
        let text = pick(&base, file).1.clone();
        for (i, line) in text.lines().enumerate() {
            let Some(colon) = line.find(": ") else {
                continue;
            };
            let value = line[colon + 2..].trim();
            if value.parse::<f64>().is_err() {
                continue;
            }
            for v in EXTREMES {
                let mut texts = shipped();
                *pick_mut(&mut texts, file) = mutate(&text, &Mutation::Replace(i, v));
                let run = catch_unwind(AssertUnwindSafe(|| engine_only(texts)));
                if run.is_err() {
                    failures.push(format!("{} line {}: {v}", pick(&base, file).0, i + 1));
                }
            }
        }
    }
    for (f, (name, text)) in base.pricing.iter().enumerate() {
        for (i, line) in text.lines().enumerate() {
            if !line.starts_with("price = ") {
                continue;
            }
            for v in EXTREMES {
                let mut texts = shipped();
                let mut lines: Vec<&str> = text.lines().collect();
                let quoted = format!("price = \"{v}\"");
                lines[i] = &quoted;
                texts.pricing[f].1 = lines.join("\n");
                let run = catch_unwind(AssertUnwindSafe(|| engine_only(texts)));
                if run.is_err() {
                    failures.push(format!("{name} line {}: {v}", i + 1));
                }
            }
        }
    }
    assert!(failures.is_empty(), "panics:\n{}", failures.join("\n"));
}

fn pick(texts: &Texts, file: usize) -> &(String, String) {
    let n = texts.profiles.len();
    match file {
        f if f < n => &texts.profiles[f],
        f if f == n => &texts.workload,
        f if f == n + 1 => &texts.budget,
        _ => &texts.capacity,
    }
}

fn pick_mut(texts: &mut Texts, file: usize) -> &mut String {
    let n = texts.profiles.len();
    match file {
        f if f < n => &mut texts.profiles[f].1,
        f if f == n => &mut texts.workload.1,
        f if f == n + 1 => &mut texts.budget.1,
        _ => &mut texts.capacity.1,
    }
}

/// The computation every command shares: cost, capacity and the gate.
fn engine_only(texts: Texts) {
    let Ok(ws) = Workspace::from_texts(texts) else {
        return;
    };
    for doc in &ws.profiles {
        for users in [1, 500, 100_000] {
            let _ = archplan::engine::cost(&ws, doc, users);
        }
    }
    if let Ok(base) = ws.default_profile() {
        let _ = archplan::analysis::compare::compare(&ws, &[1, 500, 100_000], base);
    }
    let opts = archplan::gate::CheckOptions {
        profiles: Vec::new(),
        users: Vec::new(),
        estimate: archplan::model::workload::Scenario::High,
        warn_at: 80.into(),
        max_per_user: None,
        strict: false,
    };
    let _ = archplan::gate::check(&ws, &opts);
}
