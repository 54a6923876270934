//! One module per subcommand: read the workspace, compute a result value, hand
//! it to the render layer.

mod chart;
mod compare;
mod cost;
mod misc;
mod report;
mod sweep;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::error::Result;
use crate::workspace::{Sources, Workspace};
use crate::Outcome;

pub fn dispatch(cli: Cli) -> Result<Outcome> {
    let g = &cli.global;
    match cli.command {
        Command::Cost(args) => cost::run(&load(g)?, &args),
        Command::Profiles(args) => misc::profiles(&load(g)?, &args),
        Command::Compare(what) => compare::run(&load(g)?, what),
        Command::Report(args) => report::run(&load(g)?, &args),
        Command::Chart(args) => chart::run(&load(g)?, &args),
        Command::Sweep(args) => sweep::run(&load(g)?, &args),
        Command::Schema => Ok(misc::schema()),
        Command::Completions { shell } => Ok(misc::completions(shell)),
    }
}

pub fn sources(g: &GlobalArgs) -> Sources {
    Sources {
        profiles_dir: g.profiles.clone(),
        pricing_dir: g.pricing.clone(),
        budget_file: g.budget.clone(),
    }
}

fn load(g: &GlobalArgs) -> Result<Workspace> {
    Workspace::load(&sources(g))
}
