//! The French report is written in French: no English word of archplan's own
//! and no US-formatted number, for every shipped profile at several user
//! counts, in Markdown and HTML.

mod common;

use archplan::workspace::{Sources, Workspace};
use common::stdout;

/// Every shipped profile; as-drawn has the "does not run" section and its fixes.
const PROFILES: [&str; 5] = [
    "current",
    "all-aws",
    "serverless",
    "self-hosted",
    "as-drawn",
];
/// One user (singulars), the smallest tiers, a tier change, and beyond
/// every tier (over capacity).
const USERS: [&str; 4] = ["1", "50", "250", "1200"];

/// English words of archplan's own text that French prose never needs.
/// Product and plan names (`Pay as you go`, `Free`, `Single-AZ`) are not
/// listed: they stay as their vendor writes them.
const ENGLISH_WORDS: &[&str] = &[
    "user",
    "users",
    "per",
    "month",
    "months",
    "monthly",
    "the",
    "and",
    "of",
    "with",
    "tier",
    "tiers",
    "cost",
    "costs",
    "above",
    "below",
    "fits",
    "holds",
    "replica",
    "replicas",
    "seats",
    "seat",
    "shards",
    "server",
    "servers",
    "stored",
    "calls",
    "requests",
    "available",
    "left",
    "used",
    "cheaper",
    "than",
    "upgrade",
    "Upgrade",
    "messages a day",
    "copy",
    "output",
    "tokens",
    "GB",
    "MB",
    "KB",
    "GiB",
    "B",
    "estimate",
    "from",
    "to",
    "for",
    "by",
    "when",
    "which",
    "only",
    "not",
    "each",
    "every",
    "over",
    "none",
    "yes",
    "no",
];

/// The prose of a report: HTML tags and the charts (SVG, drawn by the chart
/// module) removed, entities decoded, and every token that is an identifier
/// rather than a word dropped: code spans (`ai_calls`), names with a dot,
/// an underscore or a digit next to a letter (`db.t4g.small`, `gpt-4o-mini`,
/// `message_kb`), versions (`0.1.0`) and URLs.
fn prose(report: &str) -> String {
    let mut text = report.to_string();
    for (open, close) in [("<style", "</style>"), ("<svg", "</svg>"), ("<!--", "-->")] {
        while let Some(i) = text.find(open) {
            let j = text[i..]
                .find(close)
                .map_or(text.len(), |j| i + j + close.len());
            text.replace_range(i..j, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    let mut in_code = false;
    for ch in text.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            '`' => in_code = !in_code,
            _ if in_tag || in_code => {}
            _ => out.push(ch),
        }
    }
    let out = out
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split(' ')
        .filter(|token| !is_identifier(token))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_identifier(token: &str) -> bool {
    // Punctuation around a word is not part of it: `utilisateurs.` is a word.
    let t = token
        .trim()
        .trim_matches(|c: char| "()[],;:*.!?\"'«»".contains(c));
    let has_letter = t.chars().any(|c| c.is_alphabetic());
    let has_digit = t.chars().any(|c| c.is_ascii_digit());
    t.contains("://")
        || t.contains('_')
        || (t.contains('.') && has_letter)
        || (has_letter && has_digit)
        || (t.split('.').count() == 3 && t.split('.').all(|p| p.parse::<u32>().is_ok()))
        || is_cidr(t)
}

/// An address block (`0.0.0.0/0`): written the same in every language.
fn is_cidr(t: &str) -> bool {
    t.split_once('/').is_some_and(|(ip, bits)| {
        bits.parse::<u8>().is_ok()
            && ip.split('.').count() == 4
            && ip.split('.').all(|p| p.parse::<u8>().is_ok())
    })
}

/// US number formats: `1,300` (a comma grouping thousands), `$5`, `0.5`,
/// `20%` (French writes `20 %`).
fn us_numbers(text: &str) -> Vec<String> {
    let c: Vec<char> = text.chars().collect();
    let digit = |i: usize| c.get(i).is_some_and(|ch| ch.is_ascii_digit());
    let mut found = Vec::new();
    for i in 0..c.len() {
        let before = |n: usize| i >= n && digit(i - n);
        let around = || {
            c[i.saturating_sub(8)..(i + 8).min(c.len())]
                .iter()
                .collect::<String>()
        };
        let grouping = c[i] == ','
            && before(1)
            // `0,004` is a French decimal; US grouping never starts with 0.
            && !(before(1) && c[i - 1] == '0' && !before(2))
            && (1..=3).all(|k| digit(i + k))
            && !digit(i + 4);
        let dollar_first = c[i] == '$' && digit(i + 1);
        let point = c[i] == '.' && before(1) && digit(i + 1);
        let glued_percent = c[i] == '%' && before(1);
        if grouping || dollar_first || point || glued_percent {
            found.push(around());
        }
    }
    found
}

/// What the profiles name, the same in every language: their titles
/// ("Hetzner server + Docker + …") and their components ("server").
fn profile_names() -> (Vec<String>, Vec<String>) {
    let ws = Workspace::load(&Sources::default()).unwrap();
    let titles = ws.profiles.iter().map(|d| d.value.title.clone()).collect();
    let components = ws
        .profiles
        .iter()
        .flat_map(|d| &d.value.tiers)
        .flat_map(|t| &t.components)
        .map(|c| c.name.clone())
        .collect();
    (titles, components)
}

fn english_words(text: &str) -> Vec<String> {
    let (titles, components) = profile_names();
    let mut text = text.to_string();
    for title in &titles {
        text = text.replace(title.as_str(), " ");
    }
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty() && !components.iter().any(|c| c == w))
        .collect();
    let mut found: Vec<String> = Vec::new();
    for english in ENGLISH_WORDS {
        let parts: Vec<&str> = english.split(' ').collect();
        if words.windows(parts.len()).any(|w| w == parts.as_slice()) {
            found.push((*english).to_string());
        }
    }
    if text.contains("(s)") {
        found.push("(s)".into());
    }
    found
}

#[test]
fn the_french_report_has_no_english_word_and_no_us_number() {
    let mut problems = Vec::new();
    for profile in PROFILES {
        for users in USERS {
            for format in ["markdown", "html"] {
                let report = stdout(&[
                    "report",
                    "--lang",
                    "fr",
                    "--profile",
                    profile,
                    "--users",
                    users,
                    "--format",
                    format,
                ]);
                let text = prose(&report);
                for found in us_numbers(&text) {
                    problems.push(format!("{profile} {users} {format}: number {found:?}"));
                }
                for found in english_words(&text) {
                    problems.push(format!("{profile} {users} {format}: word {found:?}"));
                }
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Budgets with credits that spill and one-off balances (tests/fixtures):
/// their sentences are French too.
#[test]
fn the_french_report_on_balances_and_spills_has_no_english_word() {
    let mut problems = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for budget in ["spill-budget.yaml", "activate-budget.yaml"] {
        let path = root.join("tests/fixtures").join(budget);
        let path = path.to_str().unwrap();
        for users in ["200", "500"] {
            for format in ["markdown", "html"] {
                let report = stdout(&[
                    "report", "--lang", "fr", "--users", users, "--budget", path, "--format",
                    format,
                ]);
                // The sentences under test are there at all.
                assert!(report.contains("solde unique"), "{budget} {users} {format}");
                let text = prose(&report);
                for found in us_numbers(&text) {
                    problems.push(format!("{budget} {users} {format}: number {found:?}"));
                }
                for found in english_words(&text) {
                    problems.push(format!("{budget} {users} {format}: word {found:?}"));
                }
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The scan itself finds what it must: otherwise the test above proves nothing.
#[test]
fn the_scan_catches_english_and_us_numbers_but_not_identifiers() {
    let text = prose(
        "Coût : $1,300.00 pour 117,950 users, 20.8% <b>1 build(s)</b> `ai_calls` db.t4g.small 0.1.0 per month.",
    );
    let numbers = us_numbers(&text);
    // `$1`, `1,300`, `0.00`, `117,950`, `20.8`, `8%`.
    assert_eq!(numbers.len(), 6, "{numbers:?}");
    assert_eq!(
        english_words(&text),
        vec![
            "users".to_string(),
            "per".into(),
            "month".into(),
            "(s)".into()
        ]
    );
    let french = prose(
        "Coût : 1\u{202F}300,00\u{A0}$ pour 0,004 Go, 99,5\u{A0}% db.t4g.small `x.y` 0.0.0.0/0",
    );
    // An address block is not a number; a decimal with a slash still is.
    assert_eq!(us_numbers(&prose("2.5/3")).len(), 1);
    assert!(us_numbers(&french).is_empty(), "{:?}", us_numbers(&french));
    assert!(english_words(&french).is_empty());
    // The English report, scanned the same way, is full of both.
    let en = prose(&stdout(&["report", "--users", "50"]));
    assert!(us_numbers(&en).len() > 20);
    assert!(english_words(&en).len() > 10);
}

#[test]
fn the_french_markdown_report_at_50_users() {
    let md = stdout(&["report", "--users", "50", "--lang", "fr"]);
    insta::assert_snapshot!(md);
}
