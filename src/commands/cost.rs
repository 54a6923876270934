use crate::cli::{CostArgs, Format};
use crate::engine;
use crate::error::Result;
use crate::pricing::staleness;
use crate::render;
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
