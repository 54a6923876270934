//! What `archplan render terraform` did, for people and for programs.

use super::checks::{OpenGap, PlacedTradeOff};
use super::context::ModuleContext;
use crate::generated::{Action, Change};
use crate::render::markdown::MdTable;
use serde::Serialize;
use std::path::Path;

pub const SUMMARY_SCHEMA: &str = "archplan.render-terraform/v1";

#[derive(Debug, Clone, Serialize)]
pub struct TerraformSummary {
    pub schema: &'static str,
    pub profile: String,
    pub users: u64,
    pub tier_users: u64,
    pub tier_reason: String,
    pub region: String,
    pub out: String,
    pub files: Vec<Change>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// The checkov skips written into the code.
    pub trade_offs: Vec<PlacedTradeOff>,
    /// Checks checkov will report failed (no trade-off declared).
    pub open_gaps: Vec<OpenGap>,
}

impl TerraformSummary {
    pub fn new(ctx: &ModuleContext, out: &Path, files: Vec<Change>) -> Self {
        let count = |a: Action| files.iter().filter(|c| c.action == a).count();
        TerraformSummary {
            schema: SUMMARY_SCHEMA,
            profile: ctx.profile.clone(),
            users: ctx.users,
            tier_users: ctx.tier_users,
            tier_reason: ctx.tier_reason.clone(),
            region: ctx.region.clone(),
            out: out.display().to_string(),
            created: count(Action::Created),
            updated: count(Action::Updated),
            unchanged: count(Action::Unchanged),
            removed: count(Action::Removed),
            files,
            trade_offs: ctx.trade_offs.clone(),
            open_gaps: ctx.open_gaps.clone(),
        }
    }

    fn headline(&self) -> String {
        format!(
            "Rendered the {}-user tier of \"{}\" for {} users into {} ({}).",
            self.tier_users, self.profile, self.users, self.out, self.tier_reason
        )
    }

    fn counts(&self) -> String {
        format!(
            "{} created, {} updated, {} unchanged, {} removed; {} checkov trade-off{} written as skips",
            self.created,
            self.updated,
            self.unchanged,
            self.removed,
            self.trade_offs.len(),
            if self.trade_offs.len() == 1 { "" } else { "s" }
        )
    }

    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.headline());
        for f in &self.files {
            let forced = if f.forced {
                "  (replaced a file edited by hand: --force)"
            } else {
                ""
            };
            out.push_str(&format!("  {:<10} {}{forced}\n", f.action.as_str(), f.path));
        }
        out.push_str(&self.counts());
        out.push('\n');
        crate::render::layout::fit(&out)
    }

    pub fn markdown(&self) -> String {
        let mut t = MdTable::new(&["File", "Change"]);
        for f in &self.files {
            let action = if f.forced {
                format!("{} (forced)", f.action.as_str())
            } else {
                f.action.as_str().to_string()
            };
            t.row(vec![format!("`{}`", f.path), action]);
        }
        format!("{}\n\n{}\n{}\n", self.headline(), t.render(), self.counts())
    }
}
