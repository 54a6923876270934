//! One module per subcommand: read the workspace, compute a result value, hand
//! it to the render layer.

mod chart;
mod check;
mod compare;
mod cost;
mod diff;
mod misc;
mod pricing;
mod render;
mod report;
mod sweep;

use crate::cli::{Cli, Command, GlobalArgs, RenderTarget};
use crate::error::Result;
use crate::workspace::{Sources, Workspace};
use crate::Outcome;

pub fn dispatch(cli: Cli) -> Result<Outcome> {
    let g = &cli.global;
    match cli.command {
        Command::Cost(args) => cost::run(&Workspace::load_one(&sources(g), &args.profile)?, &args),
        Command::Check(args) => check::run(&load(g)?, &args),
        Command::Diff(args) => diff::run(g, &args),
        Command::Profiles(args) => misc::profiles(&load(g)?, &args),
        Command::Pricing(cmd) => pricing::dispatch(g, cmd),
        Command::Render(args) => match args.target {
            // One profile is enough to render. Bad input is checked again with
            // every profile loaded (nothing is written before the checks pass),
            // so an error can name the other profiles.
            RenderTarget::Terraform(args) => {
                let one = Workspace::load_one(&sources(g), &args.profile)?;
                match render::terraform(&one, &args) {
                    Err(e)
                        if e.kind == crate::error::ErrorKind::Input && one.profiles.len() == 1 =>
                    {
                        render::terraform(&load(g)?, &args)
                    }
                    result => result,
                }
            }
        },
        Command::Compare(what) => compare::run(&load(g)?, what),
        Command::Report(args) => {
            let ws = load(g)?;
            with_stale_warning(&ws, report::run(&ws, &args)?)
        }
        Command::Chart(args) => {
            let ws = load(g)?;
            with_stale_warning(&ws, chart::run(&ws, &args)?)
        }
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

/// The stale-price warning for every tier of the given profiles (what
/// report and chart price), or nothing when every price used is fresh.
pub fn stale_warning(
    ws: &Workspace,
    profiles: &[&crate::model::Document<crate::model::profile::Profile>],
) -> Result<Vec<String>> {
    let mut used = Vec::new();
    for doc in profiles {
        for tier in 0..doc.value.tiers.len() {
            let model = crate::engine::TierModel::build(ws, doc, tier)?;
            used.extend(model.lines.into_iter().map(|l| l.price));
        }
    }
    stale_warning_of(&used)
}

/// The prices of the tiers a command priced, each tier named by its profile
/// and the user count it is sized for; a name or size the workspace lacks
/// (a profile only one side of a diff has) adds nothing.
pub fn prices_of_tiers<'a>(
    ws: &Workspace,
    tiers: impl IntoIterator<Item = (&'a str, u64)>,
) -> Result<Vec<crate::pricing::catalog::PriceEntry>> {
    let tiers: std::collections::BTreeSet<(&str, u64)> = tiers.into_iter().collect();
    let mut used = Vec::new();
    for (name, tier_users) in tiers {
        let Ok(doc) = ws.profile(name) else { continue };
        if let Some(index) = doc.value.tiers.iter().position(|t| t.users == tier_users) {
            let model = crate::engine::TierModel::build(ws, doc, index)?;
            used.extend(model.lines.into_iter().map(|l| l.price));
        }
    }
    Ok(used)
}

/// The one-line warning about the stale prices among `used`, naming them by
/// the id `pricing show` lists them under; nothing when all are fresh.
pub fn stale_warning_of(used: &[crate::pricing::catalog::PriceEntry]) -> Result<Vec<String>> {
    let today = crate::pricing::staleness::today()?;
    Ok(
        crate::pricing::staleness::warning(used.iter(), today, Default::default())
            .into_iter()
            .collect(),
    )
}

/// Adds the stale-price warning for every profile of the workspace (what
/// report and chart price).
fn with_stale_warning(ws: &Workspace, mut out: Outcome) -> Result<Outcome> {
    let all: Vec<_> = ws.profiles.iter().collect();
    out.warnings.extend(stale_warning(ws, &all)?);
    Ok(out)
}
