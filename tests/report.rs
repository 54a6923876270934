mod common;

use common::{run, stdout};
use std::collections::BTreeMap;

/// The section titles of a language's catalog (templates/report/<lang>.yaml).
fn sections(lang: &str) -> Vec<String> {
    let t = archplan::render::report::catalog(lang).unwrap();
    [
        "pros",
        "cons",
        "spof",
        "exposure",
        "limits",
        "variable",
        "lock_in",
        "operations",
        "recommendations",
        "alternatives",
        "verdict",
        "upgrade",
        "method",
    ]
    .iter()
    .map(|k| {
        t["s"][k]
            .as_str()
            .unwrap_or_else(|| panic!("{lang}: s.{k}"))
            .to_string()
    })
    .collect()
}

#[test]
fn the_report_has_every_section_in_both_languages() {
    for lang in ["en", "fr"] {
        let md = stdout(&["report", "--users", "50", "--lang", lang]);
        for title in sections(lang) {
            let heading = md.lines().any(|l| l.starts_with('#') && l.contains(&title));
            assert!(heading, "{lang}: no heading \"{title}\"");
        }
        let t = archplan::render::report::catalog(lang).unwrap();
        for h in ["short_term", "medium_term", "long_term"] {
            let title = t["horizons"][h].as_str().unwrap();
            assert!(md.contains(&format!("### {title}")), "{lang}: {h}");
        }
        let html = stdout(&[
            "report", "--users", "50", "--lang", lang, "--format", "html",
        ]);
        for title in sections(lang) {
            assert!(html.contains(&title), "{lang} html: {title}");
        }
    }
}

/// Every dollar amount of a text, counted, as `-1300.00`: English writes
/// `$1,300.00`, `-$10.39`, `+$25.66`; French `1 300,00 $`, `-10,39 $`.
fn amounts(text: &str, lang: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let c: Vec<char> = text.chars().collect();
    let number = |ch: char| ch.is_ascii_digit() || ch == ',' || ch == '.' || ch == '\u{202F}';
    for (i, &ch) in c.iter().enumerate() {
        if ch != '$' {
            continue;
        }
        let (sign, digits): (Option<char>, String) = if lang == "fr" {
            if i < 2 || c[i - 1] != '\u{A0}' {
                continue;
            }
            let start = (0..i - 1)
                .rev()
                .take_while(|&j| number(c[j]))
                .last()
                .unwrap_or(i - 1);
            let digits: String = c[start..i - 1]
                .iter()
                .filter(|&&d| d != '\u{202F}')
                .map(|&d| if d == ',' { '.' } else { d })
                .collect();
            (start.checked_sub(1).map(|j| c[j]), digits)
        } else {
            let end = (i + 1..c.len())
                .take_while(|&j| number(c[j]))
                .last()
                .unwrap_or(i);
            let digits: String = c[i + 1..=end].iter().filter(|&&d| d != ',').collect();
            (
                i.checked_sub(1).map(|j| c[j]),
                digits.trim_end_matches('.').to_string(),
            )
        };
        if digits.is_empty() {
            continue;
        }
        let sign = sign.filter(|s| *s == '-' || *s == '+').unwrap_or(' ');
        *out.entry(format!("{sign}{digits}")).or_insert(0) += 1;
    }
    out
}

#[test]
fn french_and_english_reports_contain_the_same_figures() {
    for users in ["50", "137", "600"] {
        let en = stdout(&["report", "--users", users, "--lang", "en"]);
        let fr = stdout(&["report", "--users", users, "--lang", "fr"]);
        let (a, b) = (amounts(&en, "en"), amounts(&fr, "fr"));
        assert!(a.len() > 40, "too few amounts found: {a:?}");
        assert!(a.contains_key(" 1300"), "{a:?}");
        assert_eq!(a, b, "at {users} users");
    }
}

#[test]
fn the_markdown_report_at_50_users() {
    let md = stdout(&["report", "--users", "50"]);
    insta::assert_snapshot!(md);
}

#[test]
fn the_html_report_is_one_self_contained_file() {
    let html = stdout(&["report", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg xmlns").count(),
        2,
        "cost and utilisation charts"
    );
    for external in ["<script", "<link", "@import", "src=\"", "url(http", "<img"] {
        assert!(!html.contains(external), "{external}");
    }
    // Every url( … ) is a reference inside the document (SVG clip paths).
    for (i, _) in html.match_indices("url(") {
        assert!(html[i..].starts_with("url(#"), "{}", &html[i..i + 30]);
    }
    assert!(archplan::stamped::is_untouched(&html));
}

#[test]
fn out_writes_atomically_and_never_replaces_a_file_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.md");
    let p = path.to_str().unwrap();
    let o = run(&["report", "--out", p]).unwrap();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
    let first = std::fs::read_to_string(&path).unwrap();
    assert_eq!(first, stdout(&["report"]));
    // Its own, untouched file: replaced.
    run(&["report", "--out", p, "--lang", "fr"]).unwrap();
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("Pour et contre"));
    // Edited by hand: refused (exit 2), left as it is.
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Pour et contre", "Notes");
    std::fs::write(&path, &edited).unwrap();
    let e = run(&["report", "--out", p]).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("--force"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    // …unless forced.
    run(&["report", "--out", p, "--force"]).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn chart_out_writes_the_cost_chart_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cost.svg");
    run(&["chart", "--out", path.to_str().unwrap()]).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cost-chart\""));
    // One series per architecture: the four, and the review's drawing.
    assert_eq!(svg.matches("<g class=\"series\"").count(), 5);
    assert!(svg.contains("<g class=\"budget\" data-amount=\"1300\""));
    assert!(!svg.contains("utilisation-chart"));
}

#[test]
fn bad_report_input_is_an_input_error() {
    let e = run(&["report", "--profile", "curent"]).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(e.suggestion.as_deref(), Some("\"current\""));
    let e = run(&["chart", "--from", "100", "--to", "10"]).unwrap_err();
    assert_eq!(e.exit_code(), 2);
}

/// The numbers of the `###`/`<h3>` headings between two markers.
fn numbers_between(text: &str, start: &str, end: &str, heading: &str) -> Vec<u32> {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = from + text[from..].find(end).unwrap_or_else(|| panic!("no {end}"));
    text[from..to]
        .match_indices(heading)
        .map(|(i, _)| {
            let rest = &text[from + i + heading.len()..to];
            rest[..rest.find('.').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn the_pros_are_numbered_without_gaps() {
    // all-aws at 500 users has no cheaper component to show: what follows moves up.
    for profile in ["current", "all-aws", "serverless", "self-hosted"] {
        for users in ["50", "500"] {
            let html = stdout(&[
                "report",
                "--profile",
                profile,
                "--users",
                users,
                "--format",
                "html",
            ]);
            let n = numbers_between(&html, "id=\"pros\"", "id=\"cons\"", "<h3>");
            assert_eq!(
                n,
                (1..=n.len() as u32).collect::<Vec<_>>(),
                "{profile} {users}"
            );
            let md = stdout(&["report", "--profile", profile, "--users", users]);
            let m = numbers_between(&md, "## ✅", "## ❌", "### ");
            assert_eq!(m, n, "{profile} {users}: Markdown and HTML");
        }
    }
}

#[test]
fn the_html_report_carries_no_markdown() {
    for lang in ["en", "fr"] {
        for profile in ["current", "self-hosted"] {
            let html = stdout(&[
                "report",
                "--profile",
                profile,
                "--lang",
                lang,
                "--format",
                "html",
            ]);
            assert!(
                !html.contains("**"),
                "{lang} {profile}: Markdown emphasis in HTML"
            );
            assert!(html.contains(": <b>") || html.contains(" : <b>"), "{lang}");
        }
    }
}

/// The tier labels drawn on a chart, in order.
fn tier_labels(svg: &str) -> Vec<String> {
    svg.split("<g class=\"tier-label\"")
        .skip(1)
        .map(|g| {
            let g = &g[..g.find("</g>").unwrap()];
            let text = &g[g.find("<text").unwrap()..];
            text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn both_charts_of_the_report_label_the_tiers_alike() {
    for lang in ["en", "fr"] {
        let html = stdout(&["report", "--lang", lang, "--format", "html"]);
        let cost = &html[html.find("class=\"cost-chart\"").unwrap()..];
        let cost = &cost[..cost.find("</svg>").unwrap()];
        let util = &html[html.find("class=\"utilisation-chart\"").unwrap()..];
        let util = &util[..util.find("</svg>").unwrap()];
        let labels = tier_labels(cost);
        assert_eq!(labels.len(), 4, "{lang}: {labels:?}");
        assert_eq!(tier_labels(util), labels, "{lang}");
    }
}

#[test]
fn the_chart_is_linear_by_default_and_fits_the_page() {
    let svg = stdout(&["chart"]);
    let tag = &svg[..svg.find('>').unwrap()];
    assert!(tag.contains(" viewBox=\"0 0 "), "{tag}");
    assert!(tag.contains(" width=\"100%\""), "{tag}");
    assert!(!tag.contains(" height=\""), "{tag}");
    assert!(svg.contains("users 0–550 (linear)"), "{}", &svg[..600]);
    let log = stdout(&["chart", "--scale", "log"]);
    assert!(log.contains("users 10–1,000 (log)"));
    let some = stdout(&["chart", "--from", "20", "--to", "300"]);
    assert!(some.contains("users 20–300 (linear)"));
}

#[test]
fn chart_profile_limits_the_series_and_lang_speaks_french() {
    let svg = stdout(&[
        "chart",
        "--profile",
        "serverless",
        "--profile",
        "current",
        "--lang",
        "fr",
    ]);
    assert_eq!(svg.matches("<g class=\"series\"").count(), 2);
    assert!(
        svg.contains("data-profile=\"serverless\"") && svg.contains("data-profile=\"current\"")
    );
    assert!(!svg.contains("data-profile=\"all-aws\""));
    assert!(svg.contains(">palier 50</text>"));
    assert!(svg.contains("Coût mensuel"));
    let e = run(&["chart", "--profile", "serverles"]).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(e.suggestion.as_deref(), Some("\"serverless\""));
    let e = run(&["chart", "--scale", "log", "--from", "0"]).unwrap_err();
    assert_eq!(e.exit_code(), 2);
}

/// The table of when to upgrade and the technical limits agree: a step the
/// profile plans before any limit (50 → 100 users) says so, with the first
/// limit the limits section puts in bold (database memory on db.t4g.small,
/// 471.8 MB / 4 MB per user = 117 users); the same in French.
#[test]
fn a_planned_upgrade_names_the_first_limit_the_tier_would_reach() {
    let md = stdout(&["report", "--users", "50"]);
    let first = md
        .lines()
        .find(|l| l.starts_with("**First limit:"))
        .expect("first limit line");
    assert!(first.contains("full above 117 users"), "{first}");
    let row = md
        .lines()
        .find(|l| l.starts_with("| 51 | 50 | 100 |"))
        .expect("the 50 → 100 row");
    assert!(
        row.contains("past the 50 users the tier is sized for; a planned step: its components hold up to 117 users (first limit: database memory (stored messages), db.t4g.small)"),
        "{row}"
    );
    let fr = stdout(&["report", "--users", "50", "--lang", "fr"]);
    let row = fr
        .lines()
        .find(|l| l.starts_with("| 51 | 50 | 100 |"))
        .expect("la ligne 50 → 100");
    assert!(
        row.contains("étape prévue\u{a0}: ses composants tiennent jusqu'à 117 utilisateurs"),
        "{row}"
    );
    // The largest tier: no tier after it, and the limit that then binds
    // (db.t4g.large: 8,158,871,552 B × 0.25 / 4,000,000 B = 509.9 → 509 users).
    let last = md
        .lines()
        .find(|l| l.starts_with("| 501 | 500 | — |"))
        .expect("the last row");
    assert!(last.contains("hold up to 509 users"), "{last}");
}
