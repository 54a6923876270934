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
    /// Steps AWS requires, before a plain apply, when the module replaces
    /// the next smaller tier's (also in the module's README).
    pub migration_steps: Vec<String>,
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
            migration_steps: ctx
                .upgrade
                .as_ref()
                .map(|u| u.steps.clone())
                .unwrap_or_default(),
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
        out.push_str(&self.migration());
        crate::render::layout::fit(&out)
    }

    /// The migration steps, if the move from the smaller tier needs any.
    fn migration(&self) -> String {
        let mut out = String::new();
        if self.migration_steps.is_empty() {
            return out;
        }
        out.push_str("Upgrading an existing module from the next smaller tier takes a migration step first (README.md, \"Upgrading\"):\n");
        for step in &self.migration_steps {
            out.push_str(&format!("  - {step}\n"));
        }
        out
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
        let migration = self.migration();
        format!(
            "{}\n\n{}\n{}\n{}{migration}",
            self.headline(),
            t.render(),
            self.counts(),
            if migration.is_empty() { "" } else { "\n" }
        )
    }
}
