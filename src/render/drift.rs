//! `archplan drift`: the components that differ, then each differing bill
//! line with its monthly cost, as a table or Markdown (a pull-request
//! comment).

use crate::tfread::drift::{ComponentDrift, Drift, State};

pub fn table_text(d: &Drift) -> String {
    let mut out = format!(
        "{} against profile {} at {} users (the {}-user tier), {}\n\n",
        d.terraform, d.profile, d.users, d.tier_users, d.region
    );
    // The kind is in the JSON; the table keeps its width for the sizes.
    let mut t = super::table(&["Component", "State", "Plan", "Terraform", "Δ / month"]);
    for c in &d.components {
        t.add_row(vec![
            c.component.clone(),
            c.state.label().to_string(),
            c.plan_size.clone().unwrap_or_else(|| "-".to_string()),
            c.code_size.clone().unwrap_or_else(|| "-".to_string()),
            c.delta.display_signed(),
        ]);
    }
    super::align_right(&mut t, &[4]);
    out.push_str(&t.to_string());
    out.push('\n');
    out.push_str(&format!(
        "Plan {} a month, Terraform {} ({}).\n",
        d.plan_total.display(),
        d.code_total.display(),
        d.delta.display_signed()
    ));
    for c in d.components.iter().filter(|c| c.state != State::Same) {
        out.push_str(&format!("\n{}{}:\n", c.component, where_(c)));
        for x in &c.differences {
            out.push_str(&format!(
                "  {} → {}  {}\n",
                x.plan,
                x.code,
                x.cost.display_signed()
            ));
        }
        if c.differences.is_empty() {
            out.push_str("  same bill, another size\n");
        }
    }
    if !d.not_priced.is_empty() {
        out.push_str("\nBilled resources archplan cannot price (each counts as drift):\n");
        for n in &d.not_priced {
            out.push_str(&format!("  {} ×{}: {}\n", n.rtype, n.count, n.why));
        }
    }
    if !d.assumptions.is_empty() {
        out.push_str("\nAssumptions:\n");
        for a in &d.assumptions {
            out.push_str(&format!("  {a}\n"));
        }
    }
    out.push_str(&format!("\n{}\n", verdict(d)));
    super::layout::fit(&out)
}

pub fn markdown(d: &Drift) -> String {
    let mut out = format!(
        "### Drift: `{}` against `{}` at {} users\n\n{}\n\n",
        d.terraform,
        d.profile,
        d.users,
        verdict(d)
    );
    out.push_str("| Component | State | Plan | Terraform | Δ / month |\n|---|---|---|---|---:|\n");
    for c in &d.components {
        out.push_str(&format!(
            "| {}{} | {} | {} | {} | {} |\n",
            c.component,
            where_(c),
            c.state.label(),
            c.plan_size.as_deref().unwrap_or("-"),
            c.code_size.as_deref().unwrap_or("-"),
            c.delta.display_signed()
        ));
    }
    let lines: Vec<_> = d
        .components
        .iter()
        .flat_map(|c| c.differences.iter().map(move |x| (c, x)))
        .collect();
    if !lines.is_empty() {
        out.push_str(
            "\n| Component | Plan bills | Terraform bills | Δ / month |\n|---|---|---|---:|\n",
        );
        for (c, x) in lines {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                c.component,
                x.plan,
                x.code,
                x.cost.display_signed()
            ));
        }
    }
    for n in &d.not_priced {
        out.push_str(&format!(
            "\n- not priced: `{}` ×{}: {}",
            n.rtype, n.count, n.why
        ));
    }
    if !d.not_priced.is_empty() {
        out.push('\n');
    }
    out
}

/// ` (aws_db_instance.database, rds.tf:3)`: where to look.
fn where_(c: &ComponentDrift) -> String {
    match (c.addresses.first(), &c.declared) {
        (Some(a), Some(at)) => format!(" ({a}, {at})"),
        (Some(a), None) => format!(" ({a})"),
        (None, _) => String::new(),
    }
}

fn verdict(d: &Drift) -> String {
    if d.drifted == 0 {
        format!(
            "No drift: the Terraform implements the {}-user tier of {}.",
            d.tier_users, d.profile
        )
    } else {
        format!(
            "Drift: {} difference{} from the {}-user tier of {}, {} a month.",
            d.drifted,
            if d.drifted == 1 { "" } else { "s" },
            d.tier_users,
            d.profile,
            d.delta.display_signed()
        )
    }
}
