//! One module per subcommand: read the workspace, compute a result value, hand
//! it to the render layer.

mod chart;
mod check;
mod compare;
mod cost;
mod diff;
mod init;
mod misc;
mod pricing;
mod render;
mod report;
mod sweep;
mod terraform;

use crate::cli::{Cli, Command, GlobalArgs, RenderTarget};
use crate::error::Result;
use crate::workspace::{Sources, Workspace};
use crate::Outcome;
use std::path::{Path, PathBuf};

/// Runs a command; the files skipped while reading the profiles come first
/// among the outcome's warnings.
pub fn dispatch(cli: Cli) -> Result<Outcome> {
    let (notices, result) = dispatch_with_notices(cli);
    result.map(|mut out| {
        out.warnings.splice(0..0, notices.warnings);
        out
    })
}

/// What standard error says about the data a command read, success or not:
/// the local folders it picked up, and the YAML files it skipped.
#[derive(Debug, Default)]
pub struct Notices {
    /// "using ./profiles and ./pricing-data", when the command found them.
    pub using: Option<String>,
    /// One line per file skipped.
    pub warnings: Vec<String>,
}

/// Runs a command and says what data it read, even when it fails.
pub fn dispatch_with_notices(cli: Cli) -> (Notices, Result<Outcome>) {
    run_session(cli, true)
}

/// As [`dispatch_with_notices`], for a process that exits right after: the
/// workspace is not freed, since the process's end frees it at once (taking
/// it apart field by field is a tenth of `cost --users 50`).
pub fn dispatch_and_exit(cli: Cli) -> (Notices, Result<Outcome>) {
    run_session(cli, false)
}

fn run_session(cli: Cli, free: bool) -> (Notices, Result<Outcome>) {
    let mut session = Session {
        sources: sources(&cli.global),
        notices: Notices {
            using: using_notice(&cli),
            warnings: Vec::new(),
        },
        free,
    };
    let result = session.run(cli);
    (session.notices, result)
}

/// One command's reading of the workspace.
struct Session {
    sources: Sources,
    notices: Notices,
    /// Whether the workspaces read are freed when done with.
    free: bool,
}

/// A workspace a command reads; not freed when the process is about to exit.
struct Loaded {
    ws: Option<Workspace>,
    free: bool,
}

impl std::ops::Deref for Loaded {
    type Target = Workspace;

    fn deref(&self) -> &Workspace {
        // Some until dropped.
        self.ws.as_ref().expect("a loaded workspace")
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        if !self.free {
            std::mem::forget(self.ws.take());
        }
    }
}

impl Session {
    fn run(&mut self, cli: Cli) -> Result<Outcome> {
        let g = &cli.global;
        match cli.command {
            Command::Init(args) => init::run(&args),
            Command::Cost(args) if args.terraform.is_some() => {
                cost::run_terraform(&*self.load()?, &args)
            }
            Command::Cost(args) => {
                let (ws, name) = self.load_chosen(args.profile.as_deref())?;
                cost::run(&ws, &name, &args)
            }
            Command::Check(args) => check::run(&*self.load()?, &args),
            Command::Drift(args) => {
                let (ws, name) = self.load_chosen(args.profile.as_deref())?;
                terraform::drift(&ws, &name, &args)
            }
            Command::Diff(args) if args.terraform.is_some() => {
                terraform::diff(&*self.load()?, &args)
            }
            Command::Diff(args) => {
                let (out, skipped) = diff::run(g, &args)?;
                self.skipped(skipped);
                Ok(out)
            }
            Command::Profiles(args) => misc::profiles(&*self.load()?, &args),
            Command::Pricing(cmd) => pricing::dispatch(g, cmd),
            Command::Render(args) => match args.target {
                // One profile is enough to render. Bad input is checked again with
                // every profile loaded (nothing is written before the checks pass),
                // so an error can name the other profiles.
                RenderTarget::Terraform(args) => {
                    let (one, name) = self.load_chosen(args.profile.as_deref())?;
                    match render::terraform(&one, &name, &args) {
                        Err(e)
                            if e.kind == crate::error::ErrorKind::Input
                                && one.profiles.len() == 1 =>
                        {
                            render::terraform(&*self.load()?, &name, &args)
                        }
                        result => result,
                    }
                }
            },
            Command::Compare(what) => compare::run(&*self.load()?, what),
            Command::Report(args) => {
                let ws = self.load()?;
                let name = ws.chosen_profile(args.profile.as_deref())?.to_string();
                with_stale_warning(&ws, report::run(&ws, &name, &args)?)
            }
            Command::Chart(args) => {
                let ws = self.load()?;
                with_stale_warning(&ws, chart::run(&ws, &args)?)
            }
            Command::Sweep(args) => sweep::run(&*self.load()?, &args),
            Command::Schema(args) => Ok(misc::schema(args.of)),
            Command::Completions { shell } => Ok(misc::completions(shell)),
        }
    }

    fn load(&mut self) -> Result<Loaded> {
        let ws = Workspace::load(&self.sources)?;
        self.skipped(ws.skipped.clone());
        Ok(self.loaded(ws))
    }

    fn loaded(&self, ws: Workspace) -> Loaded {
        Loaded {
            ws: Some(ws),
            free: self.free,
        }
    }

    /// The workspace with the profile `name`, or the default profile; and its name.
    fn load_chosen(&mut self, name: Option<&str>) -> Result<(Loaded, String)> {
        let ws = Workspace::load_for(&self.sources, name)?;
        // Recorded before the default is looked up: a skipped file may be
        // why there is none.
        self.skipped(ws.skipped.clone());
        let name = ws.chosen_profile(name)?.to_string();
        Ok((self.loaded(ws), name))
    }

    /// Records the skipped files once, however many times the folder is read.
    fn skipped(&mut self, skipped: Vec<String>) {
        if self.notices.warnings.is_empty() {
            self.notices.warnings = skipped;
        }
    }
}

/// The local data folders a command uses by default, when present in the
/// current directory.
const LOCAL_PROFILES: &str = "profiles";
const LOCAL_PRICING: &str = "pricing-data";

/// Where to read from: `--profiles`/`--pricing` (or their environment
/// variables), else ./profiles and ./pricing-data when they exist (unless
/// `--builtin`), else the built-in example.
pub fn sources(g: &GlobalArgs) -> Sources {
    Sources {
        profiles_dir: g.profiles.clone().or_else(|| local(g, LOCAL_PROFILES)),
        pricing_dir: g.pricing.clone().or_else(|| local(g, LOCAL_PRICING)),
        budget_file: g.budget.clone(),
    }
}

fn local(g: &GlobalArgs, dir: &str) -> Option<PathBuf> {
    (!g.builtin && Path::new(dir).is_dir()).then(|| PathBuf::from(dir))
}

/// "using ./profiles and ./pricing-data": the local folders the command
/// picked up without being told; `None` when it was told or found none.
fn using_notice(cli: &Cli) -> Option<String> {
    let g = &cli.global;
    let (profiles, pricing) = match cli.command {
        Command::Init(_) | Command::Schema(_) | Command::Completions { .. } => (false, false),
        Command::Pricing(_) => (false, true),
        // `diff --head DIR` reads the profiles there, not ./profiles.
        Command::Diff(ref args) if args.head.is_some() => (false, true),
        _ => (true, true),
    };
    let mut found = Vec::new();
    if profiles && g.profiles.is_none() && local(g, LOCAL_PROFILES).is_some() {
        found.push(format!("./{LOCAL_PROFILES}"));
    }
    if pricing && g.pricing.is_none() && local(g, LOCAL_PRICING).is_some() {
        found.push(format!("./{LOCAL_PRICING}"));
    }
    (!found.is_empty()).then(|| format!("using {}", found.join(" and ")))
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
