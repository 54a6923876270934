//! `archplan check` output: a summary for people, JSON for programs, GitHub
//! workflow annotations, and a JUnit XML report for CI dashboards.

use super::{percent, table};
use crate::engine::funding::{Runway, RunwayEnd};
use crate::gate::{CheckReport, Finding, Severity};
use crate::money::Money;

pub fn text(r: &CheckReport) -> String {
    let mut t = table(&[
        "Profile", "Users", "Tier", "Total", "Per user", "Pools", "Result",
    ]);
    // For a terminal too narrow for `t`: the user count and its tier share a column.
    let mut narrow = table(&[
        "Profile",
        "Users (tier)",
        "Total",
        "Per user",
        "Pools",
        "Result",
    ]);
    for e in &r.evaluations {
        let pools = e
            .pools
            .iter()
            .map(|p| {
                let mut status = match &p.spills_to {
                    Some(to) if p.status == "spills" => {
                        format!("spills {} to {to}", p.spills.display())
                    }
                    _ => p.status.to_string(),
                };
                // How long a balance lasts, once something draws on it.
                if let Some(r) = p.runway.as_ref().filter(|r| r.monthly > Money::ZERO) {
                    status.push_str(&format!(", {}", runway_short(r)));
                }
                format!("{} {} ({status})", p.name, percent(p.percent))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let tier = if e.held {
            e.tier_users.to_string()
        } else {
            format!("{} (over capacity)", e.tier_users)
        };
        narrow.add_row(vec![
            e.profile.clone(),
            format!("{} ({})", e.users, tier),
            e.total.display(),
            e.per_user.display(),
            pools.clone(),
            e.result.label().to_string(),
        ]);
        t.add_row(vec![
            e.profile.clone(),
            e.users.to_string(),
            tier.clone(),
            e.total.display(),
            e.per_user.display(),
            pools,
            e.result.label().to_string(),
        ]);
    }
    if !super::fits(&t) {
        t = narrow;
    }
    let mut out = format!(
        "Budget check ({} estimate, budget {}, warning at {}%)\n{t}\n",
        r.estimate.as_str(),
        r.budget_file,
        r.warn_at_percent.normalize()
    );
    for f in r.evaluations.iter().flat_map(|e| &e.findings) {
        let at = f
            .location
            .as_ref()
            .map(|l| format!("{l}: "))
            .unwrap_or_default();
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{at}{sev}: {}\n", f.message));
    }
    out.push_str(&format!("{}\n", summary(r)));
    super::layout::fit(&out)
}

/// `lasts until 2027-03`, for a table cell.
fn runway_short(r: &Runway) -> String {
    match (r.ends, r.until) {
        (RunwayEnd::RunsOut, Some(m)) => format!("lasts until {m}"),
        (RunwayEnd::Expires, Some(m)) => format!("lasts until it expires after {m}"),
        (RunwayEnd::Spent, _) => "spent".to_string(),
        _ => "lasts".to_string(),
    }
}

/// `FAIL: 16 evaluated: 11 OVER, 1 warning, 4 ok`: rows, by the result the
/// table shows.
fn summary(r: &CheckReport) -> String {
    let c = &r.rows;
    format!(
        "{}: {} evaluated: {} OVER, {} warning, {} ok{}",
        if r.ok { "PASS" } else { "FAIL" },
        c.evaluated,
        c.over,
        c.warning,
        c.ok,
        if r.strict {
            " (strict: warnings fail)"
        } else {
            ""
        }
    )
}

/// GitHub's workflow-command escaping, for the message and for properties.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(f: &Finding) -> String {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(l) = &f.location {
        props.push(format!("file={}", escape_property(&l.file)));
        props.push(format!("line={}", l.line));
        props.push(format!("col={}", l.column));
    }
    let title = match f.limit_kind {
        "pool" => format!(
            "{} at {} users: pool {} over budget",
            f.profile, f.users, f.pool
        ),
        "total" => format!("{} at {} users: total over budget", f.profile, f.users),
        "capacity" => format!(
            "{} at {} users: no tier holds the users",
            f.profile, f.users
        ),
        "runway" => format!(
            "{} at {} users: pool {} over once credits stop",
            f.profile, f.users, f.pool
        ),
        "runs" => format!("{} at {} users: does not run as drawn", f.profile, f.users),
        _ => format!(
            "{} at {} users: per-user cost over the cap",
            f.profile, f.users
        ),
    };
    let title = if f.severity == Severity::Warning {
        title.replace("over budget", "near its limit")
    } else {
        title
    };
    props.push(format!("title={}", escape_property(&title)));
    format!(
        "::{command} {}::{}",
        props.join(","),
        escape_data(&f.message)
    )
}

pub fn github(r: &CheckReport) -> String {
    let mut out = String::new();
    for f in r.evaluations.iter().flat_map(|e| &e.findings) {
        out.push_str(&annotation(f));
        out.push('\n');
    }
    out.push_str(&format!("archplan check: {}\n", summary(r)));
    out
}

/// Text escaped for an XML 1.0 attribute or element. XML 1.0 cannot carry
/// most control characters even as references, so those (and U+FFFE, U+FFFF)
/// become U+FFFD; tab and line breaks are written as references so that an
/// attribute keeps them.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: a test suite per profile, a test case per user count; an
/// over-budget finding is a failure (warnings fail only with --strict).
pub fn junit(r: &CheckReport) -> String {
    let mut suites: Vec<(&str, Vec<&crate::gate::Evaluation>)> = Vec::new();
    for e in &r.evaluations {
        match suites.iter_mut().find(|(n, _)| *n == e.profile) {
            Some((_, v)) => v.push(e),
            None => suites.push((&e.profile, vec![e])),
        }
    }
    let fails = |e: &crate::gate::Evaluation| {
        e.findings
            .iter()
            .filter(|f| f.severity == Severity::Error || r.strict)
            .count()
            > 0
    };
    let total_failures = r.evaluations.iter().filter(|e| fails(e)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"archplan check\" tests=\"{}\" failures=\"{total_failures}\" errors=\"0\" time=\"0\">\n",
        r.evaluations.len()
    ));
    for (name, evals) in suites {
        let failures = evals.iter().filter(|e| fails(e)).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">\n",
            xml(name),
            evals.len()
        ));
        for e in evals {
            out.push_str(&format!(
                "    <testcase classname=\"archplan.{}\" name=\"{} users ({}-user tier)\" file=\"{}\" time=\"0\"",
                xml(&e.profile),
                e.users,
                e.tier_users,
                xml(&e.file)
            ));
            let (failing, warnings): (Vec<&Finding>, Vec<&Finding>) = e
                .findings
                .iter()
                .partition(|f| f.severity == Severity::Error || r.strict);
            if failing.is_empty() && warnings.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            if let Some(first) = failing.first() {
                let body = failing
                    .iter()
                    .map(|f| {
                        let at = f
                            .location
                            .as_ref()
                            .map(|l| format!("{l}: "))
                            .unwrap_or_default();
                        format!("{at}{}", f.message)
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let kind = match first.limit_kind {
                    "capacity" => "over-capacity",
                    "runs" => "does-not-run",
                    _ => "over-budget",
                };
                out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n",
                    xml(&first.message),
                    xml(&body)
                ));
            }
            if !warnings.is_empty() {
                let body = warnings
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                out.push_str(&format!("      <system-out>{}</system-out>\n", xml(&body)));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_text_parses_whatever_the_characters() {
        let hostile = "a\u{0}b\u{1}\u{8}\u{b}\u{c}\u{1b}[31m\u{7f}\u{fffe}\u{ffff}<&>\"'\t\r\nz";
        let doc = format!("<r a=\"{}\">{}</r>", xml(hostile), xml(hostile));
        let parsed = roxmltree::Document::parse(&doc).expect("well-formed XML");
        let root = parsed.root_element();
        let expected = "a\u{fffd}b\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}[31m\u{7f}\u{fffd}\u{fffd}<&>\"'\t\r\nz";
        assert_eq!(root.attribute("a"), Some(expected));
        assert_eq!(root.text(), Some(expected));
    }
}
