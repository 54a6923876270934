use crate::analysis::chart::{cost_chart, largest_tier, Scale, Span};
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
    let names: Vec<String> = if args.profile.is_empty() {
        ws.profile_names().into_iter().map(String::from).collect()
    } else {
        let mut named: Vec<String> = Vec::new();
        for p in &args.profile {
            if !named.contains(p) {
                named.push(p.clone());
            }
        }
        named
    };
    let span = Span::fit(largest_tier(ws, &names)?, scale, args.from, args.to)?;
    let labels = Labels::of_language(args.lang.code())?;
    let chart = cost_chart(ws, &names, span)?;
    let svg = stamped::stamp(&render::chart::cost_svg(&chart, &labels));
    match &args.out {
        Some(path) => {
            stamped::write(path, &svg, args.force)?;
            Ok(Outcome::ok(String::new()))
        }
        None => Ok(Outcome::ok(svg)),
    }
}
