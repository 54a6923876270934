use crate::analysis::chart::{cost_chart, Scale};
use crate::cli::{self, ChartArgs};
use crate::error::Result;
use crate::render;
use crate::render::chart::Labels;
use crate::workspace::Workspace;
use crate::{stamped, Outcome};

pub fn run(ws: &Workspace, args: &ChartArgs) -> Result<Outcome> {
    let scale = match args.scale {
        cli::Scale::Log => Scale::Log,
        cli::Scale::Linear => Scale::Linear,
    };
    let chart = cost_chart(ws, args.from, args.to, scale)?;
    let svg = stamped::stamp(&render::chart::cost_svg(&chart, &Labels::english()));
    match &args.out {
        Some(path) => {
            stamped::write(path, &svg, args.force)?;
            Ok(Outcome::ok(String::new()))
        }
        None => Ok(Outcome::ok(svg)),
    }
}
