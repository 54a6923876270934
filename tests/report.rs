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
    assert_eq!(svg.matches("<g class=\"series\"").count(), 4);
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
