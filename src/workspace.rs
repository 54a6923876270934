//! Everything a command reads: profiles, workload, budget and price catalog,
//! from the built-in defaults or from the folders the user points at.

use crate::assets;
use crate::error::{closest, Error, Result};
use crate::model::budget::Budget;
use crate::model::capacity::Capacity;
use crate::model::profile::Profile;
use crate::model::workload::Workload;
use crate::model::{parse_yaml, validate, Document};
use crate::pricing::catalog::Catalog;
use std::path::{Path, PathBuf};

/// Where to read from; `None` means the built-in defaults.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub profiles_dir: Option<PathBuf>,
    pub pricing_dir: Option<PathBuf>,
    pub budget_file: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub profiles: Vec<Document<Profile>>,
    pub workload: Document<Workload>,
    pub budget: Document<Budget>,
    /// What each component size can hold (`capacity.yaml`).
    pub capacity: Document<Capacity>,
    pub catalog: Catalog,
    /// Folder of the price catalog, when it was read from disk.
    pub pricing_dir: Option<PathBuf>,
}

impl Workspace {
    pub fn load(sources: &Sources) -> Result<Workspace> {
        let catalog = Catalog::parse(read_pricing(sources.pricing_dir.as_deref())?)?;
        let (profile_files, workload_file, budget_file) = read_profiles(sources.profiles_dir.as_deref())?;
        let budget_file = match &sources.budget_file {
            Some(path) => (display(path), read(path)?),
            None => budget_file,
        };
        let workload: Document<Workload> = parse_yaml(&workload_file.0, &workload_file.1)?;
        validate::workload(&workload)?;
        let budget: Document<Budget> = parse_yaml(&budget_file.0, &budget_file.1)?;
        validate::budget(&budget)?;
        let capacity_file = read_capacity(sources.profiles_dir.as_deref())?;
        let capacity: Document<Capacity> = parse_yaml(&capacity_file.0, &capacity_file.1)?;
        crate::model::capacity::validate(&capacity)?;
        let mut profiles = Vec::with_capacity(profile_files.len());
        for (name, text) in profile_files {
            let doc: Document<Profile> = parse_yaml(&name, &text)?;
            validate::profile(&doc)?;
            crate::model::review::validate(&doc)?;
            if let Some(other) = profiles.iter().find(|p: &&Document<Profile>| p.value.name == doc.value.name) {
                return Err(doc.error_at(
                    &crate::model::locate::YamlPath::root().key("name"),
                    format!("profile name \"{}\" is also used by {}", doc.value.name, other.file),
                ));
            }
            profiles.push(doc);
        }
        Ok(Workspace {
            profiles,
            workload,
            budget,
            capacity,
            catalog,
            pricing_dir: sources.pricing_dir.clone(),
        })
    }

    pub fn profile(&self, name: &str) -> Result<&Document<Profile>> {
        self.profiles.iter().find(|p| p.value.name == name).ok_or_else(|| {
            let names = self.profile_names();
            Error::input(format!(
                "unknown profile \"{name}\" (available: {})",
                names.join(", ")
            ))
            .suggest(closest(name, names.iter().copied()).map(|s| format!("\"{s}\"")))
        })
    }

    pub fn profile_names(&self) -> Vec<&str> {
        self.profiles.iter().map(|p| p.value.name.as_str()).collect()
    }
}

type NamedText = (String, String);

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io("read", path, &e))
}

fn read_pricing(dir: Option<&Path>) -> Result<Vec<NamedText>> {
    match dir {
        None => Ok(assets::PRICING
            .iter()
            .map(|(n, t)| (format!("pricing-data/{n}"), t.to_string()))
            .collect()),
        Some(dir) => {
            let files = list(dir, &["toml"])?;
            if files.is_empty() {
                return Err(Error::input(format!(
                    "{} holds no .toml price files; expected files like aws.toml",
                    dir.display()
                )));
            }
            files.iter().map(|p| Ok((display(p), read(p)?))).collect()
        }
    }
}

fn read_profiles(dir: Option<&Path>) -> Result<(Vec<NamedText>, NamedText, NamedText)> {
    let builtin = |(n, t): (&str, &str)| (format!("profiles/{n}"), t.to_string());
    let Some(dir) = dir else {
        return Ok((
            assets::PROFILES.iter().map(|&f| builtin(f)).collect(),
            builtin(assets::WORKLOAD),
            builtin(assets::BUDGET),
        ));
    };
    let mut profiles = Vec::new();
    let mut workload = builtin(assets::WORKLOAD);
    let mut budget = builtin(assets::BUDGET);
    for path in list(dir, &["yaml", "yml"])? {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let entry = (display(&path), read(&path)?);
        match name.as_str() {
            "workload.yaml" | "workload.yml" => workload = entry,
            "budget.yaml" | "budget.yml" => budget = entry,
            n if assets::RESERVED_PROFILE_FILES.contains(&n) => {}
            _ => profiles.push(entry),
        }
    }
    if profiles.is_empty() {
        return Err(Error::input(format!(
            "{} holds no profile (.yaml) files; expected files like current.yaml",
            dir.display()
        )));
    }
    Ok((profiles, workload, budget))
}

/// `capacity.yaml` from the profiles folder when it has one, else the built-in one.
fn read_capacity(dir: Option<&Path>) -> Result<NamedText> {
    let on_disk = dir.map(|d| d.join(assets::CAPACITY.0)).filter(|p| p.is_file());
    match on_disk {
        Some(path) => Ok((display(&path), read(&path)?)),
        None => Ok((format!("profiles/{}", assets::CAPACITY.0), assets::CAPACITY.1.to_string())),
    }
}

/// Files of the given extensions in `dir`, sorted by name.
fn list(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, &e))?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| extensions.contains(&x))
        })
        .collect();
    out.sort();
    Ok(out)
}
