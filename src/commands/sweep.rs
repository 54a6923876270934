use crate::analysis::sweep::{self, Grid};
use crate::cli::{SweepArgs, SweepFormat};
use crate::error::Result;
use crate::render;
use crate::workspace::Workspace;
use crate::Outcome;

pub fn run(ws: &Workspace, args: &SweepArgs) -> Result<Outcome> {
    let names: Vec<String> = if args.all {
        ws.profile_names().iter().map(|s| s.to_string()).collect()
    } else if args.profile.is_empty() {
        vec![ws.default_profile()?.to_string()]
    } else {
        args.profile.clone()
    };
    let grid = Grid::new(args.from, args.to, args.step)?;
    let s = sweep::sweep(ws, &names, grid)?;
    let stdout = match args.format {
        SweepFormat::Csv => render::sweep::csv(&s),
        SweepFormat::Json => render::sweep::json(&s),
    };
    // Rows come in runs of one profile and tier: keep one of each run.
    let mut priced: Vec<(&str, u64)> = Vec::new();
    for r in &s.rows {
        let tier = (s.profiles[r.profile].as_str(), r.tier);
        if priced.last() != Some(&tier) {
            priced.push(tier);
        }
    }
    Ok(Outcome {
        stdout,
        warnings: super::stale_warning_of(&super::prices_of_tiers(ws, priced)?)?,
        code: crate::verdict::ExitStatus::Ok.code(),
    })
}
