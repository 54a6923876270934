//! Everything a command reads: profiles, workload, budget and price catalog,
//! from the built-in defaults or from the folders the user points at.

use crate::assets;
use crate::error::{closest, Error, Result};
use crate::model::budget::Budget;
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
    pub catalog: Catalog,
    /// Folder of the price catalog, when it was read from disk.
    pub pricing_dir: Option<PathBuf>,
}

impl Workspace {
    pub fn load(sources: &Sources) -> Result<Workspace> {
        let pricing = read_pricing(sources.pricing_dir.as_deref())?;
        let (profiles, workload, budget) = read_profiles(sources.profiles_dir.as_deref())?;
        let budget = match &sources.budget_file {
            Some(path) => (display(path), read(path)?),
            None => budget,
        };
        let texts = Texts {
            profiles,
            workload,
            budget,
            pricing,
        };
        let mut ws = Workspace::from_texts(texts)?;
        ws.pricing_dir = sources.pricing_dir.clone();
        Ok(ws)
    }

    /// Parses and validates files already read (from disk, the binary, or git).
    pub fn from_texts(texts: Texts) -> Result<Workspace> {
        let catalog = Catalog::parse(texts.pricing)?;
        let workload: Document<Workload> = parse_yaml(&texts.workload.0, &texts.workload.1)?;
        validate::workload(&workload)?;
        let budget: Document<Budget> = parse_yaml(&texts.budget.0, &texts.budget.1)?;
        validate::budget(&budget)?;
        validate::budget_vendors(&budget, &catalog.vendors())?;
        let mut profiles: Vec<Document<Profile>> = Vec::with_capacity(texts.profiles.len());
        for (name, text) in texts.profiles {
            let doc: Document<Profile> = parse_yaml(&name, &text)?;
            validate::profile(&doc)?;
            if let Some(other) = profiles.iter().find(|p| p.value.name == doc.value.name) {
                return Err(doc.error_at(
                    &crate::model::locate::YamlPath::root().key("name"),
                    format!(
                        "profile name \"{}\" is also used by {}",
                        doc.value.name, other.file
                    ),
                ));
            }
            profiles.push(doc);
        }
        Ok(Workspace {
            profiles,
            workload,
            budget,
            catalog,
            pricing_dir: None,
        })
    }

    pub fn profile(&self, name: &str) -> Result<&Document<Profile>> {
        self.profiles
            .iter()
            .find(|p| p.value.name == name)
            .ok_or_else(|| {
                let names = self.profile_names();
                Error::input(format!(
                    "unknown profile \"{name}\" (available: {})",
                    names.join(", ")
                ))
                .suggest(closest(name, names.iter().copied()).map(|s| format!("\"{s}\"")))
            })
    }

    pub fn profile_names(&self) -> Vec<&str> {
        self.profiles
            .iter()
            .map(|p| p.value.name.as_str())
            .collect()
    }
}

/// A file's display name and its text.
pub type NamedText = (String, String);

/// The raw files a workspace is made of.
#[derive(Debug, Clone)]
pub struct Texts {
    pub profiles: Vec<NamedText>,
    pub workload: NamedText,
    pub budget: NamedText,
    pub pricing: Vec<NamedText>,
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io("read", path, &e))
}

pub fn read_pricing(dir: Option<&Path>) -> Result<Vec<NamedText>> {
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

pub fn read_profiles(dir: Option<&Path>) -> Result<(Vec<NamedText>, NamedText, NamedText)> {
    let Some(dir) = dir else {
        let builtin = |(n, t): (&str, &str)| (format!("profiles/{n}"), t.to_string());
        return Ok((
            assets::PROFILES.iter().map(|&f| builtin(f)).collect(),
            builtin(assets::WORKLOAD),
            builtin(assets::BUDGET),
        ));
    };
    let mut files = Vec::new();
    for path in list(dir, &["yaml", "yml"])? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((name, (display(&path), read(&path)?)));
    }
    classify_profile_files(files, &dir.display().to_string())
}

/// Sorts the YAML files of a profiles folder into architectures, workload and
/// budget; the built-in workload and budget stand in for missing ones.
pub fn classify_profile_files(
    files: Vec<(String, NamedText)>,
    origin: &str,
) -> Result<(Vec<NamedText>, NamedText, NamedText)> {
    let builtin = |(n, t): (&str, &str)| (format!("profiles/{n}"), t.to_string());
    let mut profiles = Vec::new();
    let mut workload = builtin(assets::WORKLOAD);
    let mut budget = builtin(assets::BUDGET);
    for (name, entry) in files {
        match name.as_str() {
            "workload.yaml" | "workload.yml" => workload = entry,
            "budget.yaml" | "budget.yml" => budget = entry,
            n if assets::RESERVED_PROFILE_FILES.contains(&n) => {}
            _ => profiles.push(entry),
        }
    }
    if profiles.is_empty() {
        return Err(Error::input(format!(
            "{origin} holds no profile (.yaml) files; expected files like current.yaml"
        )));
    }
    Ok((profiles, workload, budget))
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
