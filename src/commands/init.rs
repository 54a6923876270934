//! `archplan init [DIR]`: write a project to edit — profiles, workload,
//! budget, capacity data and the price catalog — where archplan finds them
//! when run in DIR (`DIR/profiles`, `DIR/pricing-data`).

use crate::assets;
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::render::init::{InitSummary, Written};
use crate::Outcome;
use std::path::{Path, PathBuf};

/// A file to write, relative to DIR, and what it is for.
struct Planned {
    path: String,
    contents: String,
    purpose: &'static str,
}

pub fn run(args: &InitArgs) -> Result<Outcome> {
    let files = if args.example {
        example_files()
    } else {
        starter_files()
    };
    check_targets(&args.dir, &files, args.force)?;
    for sub in ["profiles", "pricing-data"] {
        let dir = args.dir.join(sub);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create the folder", &dir, &e))?;
    }
    for f in &files {
        write_atomic(&args.dir.join(&f.path), f.contents.as_bytes())?;
    }
    let summary = InitSummary {
        dir: args.dir.display().to_string(),
        example: args.example,
        written: files
            .iter()
            .map(|f| Written {
                path: f.path.clone(),
                purpose: f.purpose,
            })
            .collect(),
        next: next_command(&args.dir, args.example),
    };
    Ok(Outcome::ok(crate::render::init::text(&summary)))
}

/// Refuses, before anything is written, a target that exists (unless
/// `force`) or that is a folder, and a DIR/profiles or DIR/pricing-data
/// that is a file: nothing is half-written.
fn check_targets(dir: &Path, files: &[Planned], force: bool) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::input(format!(
            "{} is a file; expected a folder to write the project into",
            dir.display()
        )));
    }
    for sub in ["profiles", "pricing-data"] {
        let path = dir.join(sub);
        if path.exists() && !path.is_dir() {
            return Err(Error::input(format!(
                "{} is a file; init writes a folder there (nothing was written)",
                path.display()
            )));
        }
    }
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|f| dir.join(&f.path))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if let Some(folder) = existing.iter().find(|p| p.is_dir()) {
        return Err(Error::input(format!(
            "{} is a folder; init writes a file there (nothing was written)",
            folder.display()
        )));
    }
    match existing.as_slice() {
        [] => Ok(()),
        _ if force => Ok(()),
        [first, rest @ ..] => {
            let more = match rest.len() {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            Err(Error::input(format!(
                "{} already exists{more}; init never replaces a file, and wrote nothing (pass --force to replace them)",
                first.display()
            )))
        }
    }
}

/// One profile of a small app with its own workload and budget, the built-in
/// capacity data, the schema for editors, and the price catalog.
fn starter_files() -> Vec<Planned> {
    let mut files = vec![
        profile_file(
            assets::STARTER_PROFILE,
            "the architecture: edit its tiers and components",
        ),
        profile_file(
            assets::STARTER_WORKLOAD,
            "what one user does a month (drives usage costs)",
        ),
        profile_file(assets::STARTER_BUDGET, "the money available each month"),
    ];
    files.extend(shared_files());
    files
}

/// The four architectures of the review, with everything they read.
fn example_files() -> Vec<Planned> {
    let mut files: Vec<Planned> = assets::PROFILES
        .iter()
        .map(|&f| profile_file(f, "an architecture of the review"))
        .collect();
    files.push(profile_file(
        assets::WORKLOAD,
        "what one user does a month (drives usage costs)",
    ));
    files.push(profile_file(
        assets::BUDGET,
        "the money available each month",
    ));
    files.push(profile_file(
        assets::SETTINGS,
        "the default profile of the folder",
    ));
    files.extend(shared_files());
    files
}

/// What both layouts carry: capacity data, the profile schema, the prices.
fn shared_files() -> Vec<Planned> {
    let mut files = vec![
        profile_file(assets::CAPACITY, "what each component size can hold"),
        Planned {
            path: "profiles/profile.schema.json".to_string(),
            contents: super::misc::schema(crate::cli::SchemaOf::Profile).stdout,
            purpose: "the profile format, for editors (archplan schema)",
        },
    ];
    files.extend(assets::PRICING.iter().map(|(name, text)| Planned {
        path: format!("pricing-data/{name}"),
        contents: text.to_string(),
        purpose: "prices, each with its source and date",
    }));
    files
}

fn profile_file((name, text): (&str, &str), purpose: &'static str) -> Planned {
    Planned {
        path: format!("profiles/{name}"),
        contents: text.to_string(),
        purpose,
    }
}

fn next_command(dir: &Path, example: bool) -> String {
    let command = if example {
        "archplan compare alternatives --users 50"
    } else {
        "archplan cost --users 50"
    };
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        command.to_string()
    } else {
        format!("cd {} && {command}", dir.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{classify_profile_files, read_pricing, Texts, Workspace};

    /// The files of a layout under profiles/, as a folder read would see them.
    fn load(files: &[Planned]) -> Workspace {
        let yaml: Vec<(String, (String, String))> = files
            .iter()
            .filter_map(|f| {
                let name = f.path.strip_prefix("profiles/")?;
                name.ends_with(".yaml")
                    .then(|| (name.to_string(), (f.path.clone(), f.contents.clone())))
            })
            .collect();
        let profiles = classify_profile_files(yaml, "profiles").unwrap();
        Workspace::from_texts(Texts::new(profiles, read_pricing(None).unwrap())).unwrap()
    }

    #[test]
    fn the_starter_loads_prices_and_has_one_default_profile() {
        let ws = load(&starter_files());
        assert_eq!(ws.default_profile().unwrap(), "my-app");
        assert!(ws.skipped.is_empty(), "{:?}", ws.skipped);
        let doc = ws.profile("my-app").unwrap();
        assert!((2..=3).contains(&doc.value.tiers.len()));
        let report = crate::engine::cost(&ws, doc, 50).unwrap();
        assert!(report.total.expected.amount() > rust_decimal::Decimal::ZERO);
        assert!(report.fits, "the starter fits its own budget at 50 users");
    }

    #[test]
    fn the_example_is_the_built_in_data() {
        let ws = load(&example_files());
        assert_eq!(ws.default_profile().unwrap(), "current");
        assert_eq!(ws.profiles.len(), assets::PROFILES.len());
    }

    #[test]
    fn every_starter_field_has_a_comment() {
        // One-line comments explain each field: every top-level key of the
        // workload and budget, and every key of the profile's first tier,
        // follows a comment line or carries one.
        for (name, text) in [
            assets::STARTER_WORKLOAD,
            assets::STARTER_BUDGET,
            assets::STARTER_PROFILE,
        ] {
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let top_level = !line.starts_with([' ', '#']) && line.contains(':');
                if top_level {
                    assert!(
                        i > 0 && lines[i - 1].starts_with('#') || line.contains(" # "),
                        "{name}:{}: `{line}` has no comment",
                        i + 1
                    );
                }
            }
        }
    }
}
