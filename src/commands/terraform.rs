//! The commands over Terraform a team already has: `drift`, and the
//! `--terraform` forms of `check` and `diff` (`cost --terraform` is in
//! `cost`). Each reads the configuration once and hands the library a value.

use crate::cli::{CheckFormat, DiffArgs, DriftArgs, Format, TfOptions};
use crate::error::{Error, Result};
use crate::gate::{self, CheckOptions};
use crate::render;
use crate::tfread::{self, price::ReadBack, usage::UsageFile, TfInput};
use crate::verdict::ExitStatus;
use crate::workspace::Workspace;
use crate::Outcome;
use std::path::Path;

/// The configuration, plan or state at `path`, and the usage file.
pub fn read(path: &Path, opts: &TfOptions) -> Result<(TfInput, Option<UsageFile>)> {
    let input = tfread::read(path, &opts.vars)?;
    let usage = match &opts.usage_file {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::input(format!("--usage-file {}: {e}", file.display())))?;
            Some(UsageFile::parse(&text, &file.display().to_string())?)
        }
        None => None,
    };
    Ok((input, usage))
}

/// The configuration read back as components of archplan's kinds.
pub fn read_back(ws: &Workspace, path: &Path, opts: &TfOptions) -> Result<ReadBack> {
    let (input, usage) = read(path, opts)?;
    tfread::price::read_back(ws, &input, opts.region.as_deref(), usage.as_ref())
}

/// `archplan drift`: exit 1 when the Terraform differs from the tier.
pub fn drift(ws: &Workspace, profile: &str, args: &DriftArgs) -> Result<Outcome> {
    let back = read_back(ws, &args.terraform, &args.tf)?;
    let doc = ws.profile(profile)?;
    let d = tfread::drift::drift(ws, doc, &back, args.users)?;
    let stdout = match args.format {
        Format::Table => render::drift::table_text(&d),
        Format::Markdown => render::drift::markdown(&d),
        Format::Json => render::json(&d),
    };
    let mut used = super::prices_of_tiers(ws, [(profile, d.tier_users)])?;
    used.extend(prices_of(ws, &back, args.users)?);
    Ok(Outcome {
        stdout,
        warnings: super::stale_warning_of(&used)?,
        code: if d.drifted == 0 {
            ExitStatus::Ok.code()
        } else {
            ExitStatus::Over.code()
        },
    })
}

/// `archplan check --terraform PATH`: the gate over the configuration.
pub fn check(
    ws: &Workspace,
    path: &Path,
    tf: &TfOptions,
    opts: &CheckOptions,
    format: CheckFormat,
) -> Result<Outcome> {
    let back = read_back(ws, path, tf)?;
    let report = gate::check_terraform(ws, &back, opts)?;
    let stdout = match format {
        CheckFormat::Text => render::check::text(&report),
        CheckFormat::Json => render::json(&report),
        CheckFormat::Github => render::check::github(&report),
        CheckFormat::Junit => render::check::junit(&report),
    };
    let mut used = Vec::new();
    for users in &opts.users {
        used.extend(prices_of(ws, &back, *users)?);
    }
    Ok(Outcome {
        stdout,
        warnings: super::stale_warning_of(&used)?,
        code: report.exit_code,
    })
}

fn prices_of(
    ws: &Workspace,
    back: &ReadBack,
    users: u64,
) -> Result<Vec<crate::pricing::catalog::PriceEntry>> {
    let doc = back.document(users);
    let model = crate::engine::TierModel::build(ws, &doc, 0)?;
    Ok(model.lines.into_iter().map(|l| l.price).collect())
}

/// `archplan diff --base GIT_REF --terraform PATH`: the configuration priced
/// at the revision and as it is now, at each of `--users`.
pub fn diff(ws: &Workspace, args: &DiffArgs) -> Result<Outcome> {
    let (Some(path), Some(rev)) = (&args.terraform, &args.base) else {
        return Err(Error::input("diff --terraform PATH needs --base GIT_REF"));
    };
    if args.users.is_empty() {
        return Err(Error::input(
            "diff --terraform needs the users the configuration serves: --users N (or N,M,…)",
        )
        .suggest(Some("--users 50".to_string())));
    }
    let head = read_back(ws, path, &args.tf)?;
    let base_tree = git::Tree::at(rev, path)?;
    let mut base = read_back(ws, &base_tree.path, &args.tf)?;
    // Both sides under one name, so that their components pair up.
    base.source = head.source.clone();
    let mut report: Option<crate::diff::DiffReport> = None;
    for &users in &args.users {
        let side = |back: &ReadBack| {
            let mut w = ws.clone();
            w.profiles = vec![back.document(users)];
            w
        };
        let one = crate::diff::diff(
            &side(&base),
            &side(&head),
            &crate::diff::At::Users(vec![users]),
            &[],
            (
                format!("{rev}:{}", path.display()),
                path.display().to_string(),
            ),
        )?;
        match &mut report {
            None => report = Some(one),
            Some(r) => {
                r.diffs.extend(one.diffs);
                r.delta = match &r.diffs[..] {
                    [one] => Some(one.delta),
                    _ => None,
                };
            }
        }
    }
    let report = report.expect("at least one user count");
    let stdout = match args.format {
        Format::Table => render::diff::table_text(&report),
        Format::Markdown => render::diff::markdown(&report),
        Format::Json => render::json(&report),
    };
    let mut used = Vec::new();
    for &users in &args.users {
        used.extend(prices_of(ws, &head, users)?);
        used.extend(prices_of(ws, &base, users)?);
    }
    Ok(Outcome {
        stdout,
        warnings: super::stale_warning_of(&used)?,
        code: ExitStatus::Ok.code(),
    })
}

mod git {
    //! A revision of the repository that holds the Terraform, written out
    //! with `git archive` into a folder of its own (local modules outside the
    //! configuration's folder come with it), removed when dropped.

    use super::super::diff::{git, is_commit};
    use crate::error::{Error, Result};
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};

    pub struct Tree {
        root: PathBuf,
        /// The configuration (or plan file) inside it.
        pub path: PathBuf,
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }

    fn text(out: &std::process::Output) -> String {
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    impl Tree {
        pub fn at(rev: &str, path: &Path) -> Result<Tree> {
            let dir = if path.is_dir() {
                path.to_path_buf()
            } else {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            };
            let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
            if !top.status.success() {
                return Err(Error::input(format!(
                    "--base {rev}: {} is not in a git repository; expected a configuration under git",
                    path.display()
                )));
            }
            let top = PathBuf::from(text(&top));
            if !is_commit(&dir, rev)? {
                return Err(Error::input(format!(
                    "--base {rev} is not a revision of the repository at {}; expected a branch, tag or commit",
                    top.display()
                )));
            }
            let absolute = std::fs::canonicalize(path).map_err(|e| Error::io("read", path, &e))?;
            let top = std::fs::canonicalize(&top).map_err(|e| Error::io("read", &top, &e))?;
            let relative = absolute.strip_prefix(&top).map_err(|_| {
                Error::input(format!(
                    "{} is outside the repository at {}",
                    path.display(),
                    top.display()
                ))
            })?;
            let archive = git(&top, &["archive", "--format=tar", rev])?;
            if !archive.status.success() {
                return Err(Error::runtime(format!(
                    "git archive {rev}: {}",
                    String::from_utf8_lossy(&archive.stderr).trim()
                )));
            }
            let root = std::env::temp_dir().join(format!(
                "archplan-base-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ));
            std::fs::create_dir_all(&root).map_err(|e| Error::io("create", &root, &e))?;
            let tree = Tree {
                path: root.join(relative),
                root,
            };
            let mut tar = Command::new("tar")
                .arg("-x")
                .arg("-C")
                .arg(&tree.root)
                .stdin(Stdio::piped())
                .spawn()
                .map_err(|e| Error::runtime(format!("cannot run tar to unpack {rev}: {e}")))?;
            if let Some(mut stdin) = tar.stdin.take() {
                stdin
                    .write_all(&archive.stdout)
                    .map_err(|e| Error::runtime(format!("tar: {e}")))?;
            }
            let status = tar
                .wait()
                .map_err(|e| Error::runtime(format!("tar: {e}")))?;
            if !status.success() {
                return Err(Error::runtime(format!("tar could not unpack {rev}")));
            }
            if !tree.path.exists() {
                return Err(Error::input(format!(
                    "{} does not exist at {rev}; expected the configuration in both revisions",
                    relative.display()
                )));
            }
            Ok(tree)
        }
    }
}
