use crate::cli::{CostArgs, Format};
use crate::engine;
use crate::error::Result;
use crate::pricing::staleness;
use crate::render;
use crate::tfread;
use crate::workspace::Workspace;
use crate::Outcome;

pub fn run(ws: &Workspace, profile: &str, args: &CostArgs) -> Result<Outcome> {
    let profile = ws.profile(profile)?;
    let report = engine::cost(ws, profile, args.users)?;
    let stdout = match args.format {
        Format::Table => render::cost::table_text(&report, args.range),
        Format::Markdown => render::cost::markdown(&report),
        Format::Json => render::json(&report),
    };
    // A price older than the staleness threshold is reported, never silently used.
    let used = report
        .lines
        .iter()
        .filter_map(|l| ws.catalog.get(&l.price_id, &report.region));
    let stale = staleness::warning(used, staleness::today()?, staleness::MaxAge::default());
    Ok(Outcome {
        stdout,
        warnings: stale.into_iter().collect(),
        code: report.verdict.exit_status().code(),
    })
}

/// `archplan cost --terraform PATH`: the Terraform priced with the folder's
/// workload, budget and catalog.
pub fn run_terraform(ws: &Workspace, args: &CostArgs) -> Result<Outcome> {
    let Some(path) = &args.terraform else {
        return Err(crate::error::Error::input("--terraform PATH is missing"));
    };
    let (input, usage) = super::terraform::read(path, &args.tf)?;
    let priced = tfread::price::price(
        ws,
        &input,
        args.users,
        args.tf.region.as_deref(),
        usage.as_ref(),
    )?;
    let stdout = match args.format {
        Format::Table => render::tfcost::table_text(&priced, args.range),
        Format::Markdown => render::tfcost::markdown(&priced),
        Format::Json => render::json(&priced),
    };
    let used = priced
        .report
        .lines
        .iter()
        .filter_map(|l| ws.catalog.get(&l.price_id, &priced.region));
    let stale = staleness::warning(used, staleness::today()?, staleness::MaxAge::default());
    Ok(Outcome {
        stdout,
        warnings: stale.into_iter().collect(),
        code: priced.report.verdict.exit_status().code(),
    })
}
