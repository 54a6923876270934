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
        if let Some(v) = verdict_change(d) {
            out.push_str(&format!("Verdict: {v}\n"));
        }
    }
    if r.diffs.len() > 1 {
        let mut t = table(&["Profile", "Users", "Before", "After", "Delta", "Fits after"]);
        for d in &r.diffs {
            t.add_row(summary_row(d));
        }
        super::align_right(&mut t, &[2, 3, 4]);
        out.push_str(&format!("\n{ALTERNATIVES}\n{t}\n"));
    }
    super::layout::fit(&out)
}

/// Said under the per-profile summary, instead of a total.
const ALTERNATIVES: &str =
    "Deltas per profile and user count: each is an alternative, so they are not added up.";

/// `now fits (…)` / `no longer fits: pool aws: … over by $36.70; on the card: …`,
/// when the verdict changed.
fn verdict_change(d: &ProfileDiff) -> Option<String> {
    if d.fits_before == d.fits_after {
        return None;
    }
    let v = d.verdict_after.as_ref()?;
    Some(if v.fits {
        format!("now fits; {}", v.card_text())
    } else {
        format!("no longer fits: {}; {}", v.over_text(), v.card_text())
    })
}

fn users_label(d: &ProfileDiff) -> String {
    if d.users_before == d.users_after {
        d.users_before.to_string()
    } else {
        format!("{} → {}", d.users_before, d.users_after)
    }
}

fn summary_row(d: &ProfileDiff) -> Vec<String> {
    vec![
        d.profile.clone(),
        users_label(d),
        d.before.display(),
        d.after.display(),
        d.delta.display_signed(),
        match &d.verdict_after {
            Some(v) if v.fits => "yes".to_string(),
            Some(v) => format!(
                "NO: {}",
                v.over
                    .iter()
                    .map(|o| o.short())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "—".to_string(),
        },
    ]
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
        if let Some(v) = verdict_change(d) {
            let mark = if d.fits_after == Some(true) {
                "✅"
            } else {
                "⚠️"
            };
            out.push_str(&format!("\n> {mark} Verdict: {v}.\n"));
        }
    }
    if r.diffs.len() > 1 {
        let mut t = MdTable::new(&[
            "Profile",
            "Users",
            ">Before",
            ">After",
            ">Delta",
            "Fits after",
        ]);
        for d in &r.diffs {
            t.row(summary_row(d));
        }
        out.push_str(&format!(
            "\n### Per profile\n\n{ALTERNATIVES}\n\n{}",
            t.render()
        ));
    }
    out
}
