//! `archplan render terraform`: render the module, check the folder, write.

use crate::cli::{Format, TerraformArgs};
use crate::error::Result;
use crate::generated::{self, NewFile};
use crate::render;
use crate::render::terraform::context::Request;
use crate::render::terraform::summary::TerraformSummary;
use crate::workspace::Workspace;
use crate::Outcome;
use std::collections::BTreeMap;

pub fn terraform(ws: &Workspace, profile: &str, args: &TerraformArgs) -> Result<Outcome> {
    let profile = ws.profile(profile)?;
    let module = render::terraform::render(
        ws,
        &Request {
            profile,
            users: args.users,
            region: args.region.as_deref(),
        },
    )?;
    let ctx = &module.context;
    let files: Vec<NewFile> = module
        .files
        .iter()
        .map(|f| NewFile {
            path: &f.path,
            contents: f.contents.as_bytes(),
        })
        .collect();
    let source = BTreeMap::from([
        ("profile".to_string(), ctx.profile.clone()),
        ("tier_users".to_string(), ctx.tier_users.to_string()),
        ("users".to_string(), ctx.users.to_string()),
        ("region".to_string(), ctx.region.clone()),
    ]);
    let plan = generated::plan(&args.out, &files, &ctx.generator, source, args.force)?;
    generated::apply(&plan)?;
    let summary = TerraformSummary::new(ctx, &args.out, plan.changes.clone());
    let stdout = match args.format {
        Format::Table => summary.text(),
        Format::Markdown => summary.markdown(),
        Format::Json => render::json(&summary),
    };
    let mut warnings = module.warnings;
    let rendered = [(ctx.profile.as_str(), ctx.tier_users)];
    warnings.extend(super::stale_warning_of(&super::prices_of_tiers(
        ws, rendered,
    )?)?);
    Ok(Outcome {
        stdout,
        warnings,
        code: crate::verdict::ExitStatus::Ok.code(),
    })
}
