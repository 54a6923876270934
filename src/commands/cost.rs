use crate::cli::{CostArgs, Format};
use crate::engine;
use crate::error::Result;
use crate::render;
use crate::workspace::Workspace;
use crate::Outcome;

pub fn run(ws: &Workspace, args: &CostArgs) -> Result<Outcome> {
    let profile = ws.profile(&args.profile)?;
    let report = engine::cost(ws, profile, args.users)?;
    let stdout = match args.format {
        Format::Table => render::cost::table_text(&report, args.range),
        Format::Markdown => render::cost::markdown(&report),
        Format::Json => render::json(&report),
    };
    Ok(Outcome {
        stdout,
        warnings: Vec::new(),
        code: 0,
    })
}
