use crate::cli::{DiffArgs, Format, GlobalArgs};
use crate::diff::{self, At};
use crate::error::{Error, Result};
use crate::render;
use crate::workspace::{self, classify_profile_files, Texts, Workspace};
use crate::Outcome;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The diff, and the warnings about YAML files skipped in either version.
pub fn run(g: &GlobalArgs, args: &DiffArgs) -> Result<(Outcome, Vec<String>)> {
    let head_dir: PathBuf = args
        .head
        .clone()
        .or_else(|| g.profiles.clone())
        .unwrap_or_else(|| PathBuf::from("profiles"));
    let mut sources = super::sources(g);
    let (base, head, at, labels) = match (&args.base, args.to_users) {
        (_, Some(to)) => {
            // Moving up a tier: one version of the profiles, two user counts.
            if args.head.is_some() {
                sources.profiles_dir = args.head.clone();
            }
            let ws = Workspace::load(&sources)?;
            let from = match args.users[..] {
                [from] => from,
                [] => to,
                _ => {
                    return Err(Error::input(format!(
                        "--to-users moves from one user count, but --users lists {}; expected one count, e.g. --users 50 --to-users 100",
                        args.users.len()
                    )))
                }
            };
            let label = |n: u64| format!("{n} users");
            (ws.clone(), ws, At::Move { from, to }, (label(from), label(to)))
        }
        (Some(base), None) => {
            if !head_dir.is_dir() {
                return Err(Error::input(format!(
                    "--head {} is not a folder; expected the profiles folder to compare",
                    head_dir.display()
                )));
            }
            sources.profiles_dir = Some(head_dir.clone());
            let head = Workspace::load(&sources)?;
            let pricing = workspace::read_pricing(sources.pricing_dir.as_deref())?;
            let base_texts = if Path::new(base).is_dir() {
                Texts::new(workspace::read_profiles(Some(Path::new(base)))?, pricing)
            } else {
                git_texts(base, &head_dir, pricing)?
            };
            let base_ws = Workspace::from_texts(base_texts)?;
            let at = if args.users.is_empty() {
                At::EveryTier
            } else {
                At::Users(args.users.clone())
            };
            (base_ws, head, at, (base.clone(), head_dir.display().to_string()))
        }
        (None, None) => {
            return Err(Error::input(
                "diff needs --base DIR|GIT_REF (two versions of the profiles) or --users N --to-users M (two user counts)",
            ))
        }
    };
    let report = diff::diff(&base, &head, &at, &args.profile, labels)?;
    let stdout = match args.format {
        Format::Table => render::diff::table_text(&report),
        Format::Markdown => render::diff::markdown(&report),
        Format::Json => render::json(&report),
    };
    // Both sides are priced with the head's prices.
    let mut used = super::prices_of_tiers(
        &base,
        report
            .diffs
            .iter()
            .filter_map(|d| Some((d.profile.as_str(), d.tier_before?))),
    )?;
    used.extend(super::prices_of_tiers(
        &head,
        report
            .diffs
            .iter()
            .filter_map(|d| Some((d.profile.as_str(), d.tier_after?))),
    )?);
    let mut skipped = base.skipped.clone();
    skipped.extend(
        head.skipped
            .iter()
            .filter(|w| !base.skipped.contains(w))
            .cloned(),
    );
    let mut warnings = super::stale_warning_of(&used)?;
    for w in report.diffs.iter().flat_map(|d| &d.retiring) {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    Ok((
        Outcome {
            stdout,
            warnings,
            code: crate::verdict::ExitStatus::Ok.code(),
        },
        skipped,
    ))
}

/// `git -C dir args…`, for reading a base revision.
pub(super) fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| Error::runtime(format!("cannot run git to read the base revision: {e}")))
}

/// Whether `rev` names a commit of the repository that holds `dir`.
pub(super) fn is_commit(dir: &Path, rev: &str) -> Result<bool> {
    let verify = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    Ok(verify.status.success())
}

/// The profiles folder as it was at a git revision, read with `git show`
/// (no checkout), from the repository that holds `head_dir`.
fn git_texts(rev: &str, head_dir: &Path, pricing: Vec<(String, String)>) -> Result<Texts> {
    if !is_commit(head_dir, rev)? {
        let inside = git(head_dir, &["rev-parse", "--is-inside-work-tree"])?;
        if !inside.status.success() {
            return Err(Error::input(format!(
                "--base {rev} is neither a folder nor a git revision ({} is not in a git repository)",
                head_dir.display()
            )));
        }
        return Err(Error::input(format!(
            "--base {rev} is neither a folder nor a git revision of the repository at {}",
            head_dir.display()
        )));
    }
    let listing = git(head_dir, &["ls-tree", "--name-only", rev, "--", "."])?;
    let names: Vec<String> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .map(|l| l.rsplit('/').next().unwrap_or(l).to_string())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    let mut files = Vec::new();
    for name in names {
        let shown = git(head_dir, &["show", &format!("{rev}:./{name}")])?;
        if !shown.status.success() {
            return Err(Error::input(format!(
                "cannot read {name} at {rev}: {}",
                String::from_utf8_lossy(&shown.stderr).trim()
            )));
        }
        let display = format!("{rev}:{}", head_dir.join(&name).display());
        files.push((
            name,
            (display, String::from_utf8_lossy(&shown.stdout).into_owned()),
        ));
    }
    let origin = format!("{} at {rev}", head_dir.display());
    Ok(Texts::new(classify_profile_files(files, &origin)?, pricing))
}
