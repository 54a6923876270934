//! `archplan cost --terraform`: the cost report of the Terraform, then what
//! each resource became, what the total leaves out and what was assumed.

use crate::tfread::price::{Status, TerraformCost};

pub fn table_text(t: &TerraformCost, show_range: bool) -> String {
    let mut out = super::cost::table_text(&t.report, show_range);
    out.push('\n');
    out.push_str(&coverage(t));
    out.push('\n');
    let priced: Vec<_> = t
        .resources
        .iter()
        .filter(|r| r.status == Status::Priced)
        .collect();
    if !priced.is_empty() {
        out.push_str("Priced resources (the component whose lines bill them):\n");
        for r in priced {
            out.push_str(&format!(
                "  {}{} → {}\n",
                r.address,
                r.location
                    .as_deref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default(),
                r.component.as_deref().unwrap_or("-"),
            ));
        }
    }
    if !t.not_priced.is_empty() {
        out.push_str("Not priced (the total leaves them out):\n");
        for n in &t.not_priced {
            out.push_str(&format!("  {} ×{}: {}\n", n.rtype, n.count, n.why));
        }
    }
    if !t.assumptions.is_empty() {
        out.push_str("Assumptions:\n");
        for a in &t.assumptions {
            out.push_str(&format!("  {a}\n"));
        }
    }
    super::layout::fit(&out)
}

pub fn markdown(t: &TerraformCost) -> String {
    let mut out = super::cost::markdown(&t.report);
    out.push_str(&format!("\n{}\n\n", coverage(t)));
    out.push_str("| Resource | Where | Status | Component | Why |\n|---|---|---|---|---|\n");
    for r in &t.resources {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.address,
            r.location.as_deref().unwrap_or(""),
            status(r.status),
            r.component.as_deref().unwrap_or(""),
            r.why.replace('|', "\\|"),
        ));
    }
    if !t.assumptions.is_empty() {
        out.push_str("\n**Assumptions**\n\n");
        for a in &t.assumptions {
            out.push_str(&format!("- {a}\n"));
        }
    }
    out
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Priced => "priced",
        Status::Free => "free",
        Status::NotPriced => "not priced",
    }
}

/// "Read 73 resources from plan.json: 21 priced, 50 free, 2 not priced."
fn coverage(t: &TerraformCost) -> String {
    let count = |s: Status| t.resources.iter().filter(|r| r.status == s).count();
    let not_priced = count(Status::NotPriced);
    let mut line = format!(
        "Read {} resources from {}: {} priced, {} free, {} not priced.",
        t.resources.len(),
        t.source,
        count(Status::Priced),
        count(Status::Free),
        not_priced
    );
    if not_priced > 0 {
        line.push_str(" The total leaves out what is not priced.");
    }
    line
}
