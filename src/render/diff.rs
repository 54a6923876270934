//! `archplan diff` output; the Markdown form is made to be posted as a
//! pull-request comment.

use super::markdown::MdTable;
use super::{percent, table};
use crate::diff::{Change, DiffReport, ProfileDiff};

fn change(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Unchanged => "unchanged",
    }
}

fn heading(d: &ProfileDiff) -> String {
    let users = if d.users_before == d.users_after {
        format!("{} users", d.users_before)
    } else {
        format!("{} → {} users", d.users_before, d.users_after)
    };
    let tiers = match (d.tier_before, d.tier_after) {
        (Some(a), Some(b)) if a != b => format!(" ({a}-user → {b}-user tier)"),
        (Some(a), _) | (_, Some(a)) => format!(" ({a}-user tier)"),
        _ => String::new(),
    };
    format!(
        "{} at {users}{tiers}: {} → {} ({})",
        d.profile,
        d.before.display(),
        d.after.display(),
        d.delta.display_signed()
    )
}

fn pools_line(d: &ProfileDiff) -> String {
    d.pools
        .iter()
        .filter(|p| !p.delta.amount().is_zero())
        .map(|p| {
            format!(
                "{} {} ({} of {})",
                p.name,
                p.delta.display_signed(),
                percent(p.share_percent),
                p.amount.display()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn table_text(r: &DiffReport) -> String {
    let mut out = format!("Cost diff: {} → {}\n", r.base, r.head);
    if r.diffs.is_empty() {
        out.push_str("No change in any priced component.\n");
        return super::layout::fit(&out);
    }
    for d in &r.diffs {
        out.push_str(&format!("\n{}\n", heading(d)));
        let mut t = table(&[
            "Component",
            "Change",
            "Before",
            "After",
            "Delta",
            "What changed",
        ]);
        for c in &d.components {
            t.add_row(vec![
                c.component.clone(),
                change(c.change).to_string(),
                c.before.display(),
                c.after.display(),
                c.delta.display_signed(),
                c.fields.join("; "),
            ]);
        }
        super::align_right(&mut t, &[2, 3, 4]);
        if !d.components.is_empty() {
            out.push_str(&format!("{t}\n"));
        }
        let pools = pools_line(d);
        if !pools.is_empty() {
            out.push_str(&format!("Pools: {pools}\n"));
        }
        if d.fits_before != d.fits_after {
            out.push_str(&format!(
                "Budget: {}\n",
                if d.fits_after == Some(true) {
                    "now fits"
                } else {
                    "no longer fits"
                }
            ));
        }
    }
    out.push_str(&format!("\nTotal delta: {}\n", r.delta.display_signed()));
    super::layout::fit(&out)
}

pub fn markdown(r: &DiffReport) -> String {
    let mut out = format!("## archplan cost diff\n\n`{}` → `{}`\n", r.base, r.head);
    if r.diffs.is_empty() {
        out.push_str("\nNo change in any priced component.\n");
        return out;
    }
    for d in &r.diffs {
        out.push_str(&format!("\n### {}\n\n", heading(d)));
        if !d.components.is_empty() {
            let mut t = MdTable::new(&[
                "Component",
                "Change",
                ">Before",
                ">After",
                ">Delta",
                "What changed",
            ]);
            for c in &d.components {
                t.row(vec![
                    format!("`{}`", c.component),
                    change(c.change).to_string(),
                    c.before.display(),
                    c.after.display(),
                    format!("**{}**", c.delta.display_signed()),
                    c.fields.join("<br>"),
                ]);
            }
            out.push_str(&t.render());
        }
        let mut pools = MdTable::new(&[
            "Pool",
            ">Budget",
            ">Before",
            ">After",
            ">Delta",
            ">Share of pool",
        ]);
        for p in &d.pools {
            pools.row(vec![
                p.name.clone(),
                p.amount.display(),
                p.before.display(),
                p.after.display(),
                p.delta.display_signed(),
                percent(p.share_percent),
            ]);
        }
        out.push('\n');
        out.push_str(&pools.render());
        if d.fits_before != d.fits_after {
            out.push_str(&format!(
                "\n> {} the budget.\n",
                if d.fits_after == Some(true) {
                    "✅ Now fits"
                } else {
                    "⚠️ No longer fits"
                }
            ));
        }
    }
    out.push_str(&format!(
        "\n**Total delta: {} per month**\n",
        r.delta.display_signed()
    ));
    out
}
