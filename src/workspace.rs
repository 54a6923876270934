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
        let pricing = read_pricing(sources.pricing_dir.as_deref())?;
        let mut files = read_profiles(sources.profiles_dir.as_deref())?;
        if let Some(path) = &sources.budget_file {
            files.budget = (display(path), read(path)?);
        }
        let mut ws = Workspace::from_texts(Texts::new(files, pricing))?;
        ws.pricing_dir = sources.pricing_dir.clone();
        Ok(ws)
    }

    /// Loads the shared files and only the profile named `name`: what a
    /// command about one architecture needs (parsing YAML is most of a
    /// command's time). A profile file whose top-level `name:` names another
    /// is skipped unread; when none names `name`, everything is loaded, so the
    /// error lists the profiles and suggests the nearest.
    pub fn load_one(sources: &Sources, name: &str) -> Result<Workspace> {
        let pricing = read_pricing(sources.pricing_dir.as_deref())?;
        let mut files = read_profiles(sources.profiles_dir.as_deref())?;
        if let Some(path) = &sources.budget_file {
            files.budget = (display(path), read(path)?);
        }
        let wanted: Vec<NamedText> = files
            .profiles
            .iter()
            .filter(|(_, text)| declared_name(text).is_none_or(|n| n == name))
            .cloned()
            .collect();
        if wanted
            .iter()
            .any(|(_, text)| declared_name(text) == Some(name))
        {
            // Commands about one architecture's cost or code never read its
            // review prose (`qualities`, often half the file): blanked, not
            // removed, so every line keeps its number for error messages.
            files.profiles = wanted
                .into_iter()
                .map(|(file, text)| (file, blank_top_level_block(&text, "qualities")))
                .collect();
        }
        let mut ws = Workspace::from_texts(Texts::new(files, pricing))?;
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
        let capacity: Document<Capacity> = parse_yaml(&texts.capacity.0, &texts.capacity.1)?;
        crate::model::capacity::validate(&capacity)?;
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
            capacity,
            catalog,
            pricing_dir: None,
        })
    }

    /// Checks the review data of every profile (risks, upgrades, texts):
    /// what `report` and `compare` read, and nothing else does.
    pub fn validate_reviews(&self) -> Result<()> {
        self.profiles
            .iter()
            .try_for_each(crate::model::review::validate)
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

/// The YAML files of a profiles folder, sorted by role.
#[derive(Debug, Clone)]
pub struct ProfileFiles {
    pub profiles: Vec<NamedText>,
    pub workload: NamedText,
    pub budget: NamedText,
    pub capacity: NamedText,
}

/// The raw files a workspace is made of.
#[derive(Debug, Clone)]
pub struct Texts {
    pub profiles: Vec<NamedText>,
    pub workload: NamedText,
    pub budget: NamedText,
    pub capacity: NamedText,
    pub pricing: Vec<NamedText>,
}

impl Texts {
    pub fn new(files: ProfileFiles, pricing: Vec<NamedText>) -> Texts {
        Texts {
            profiles: files.profiles,
            workload: files.workload,
            budget: files.budget,
            capacity: files.capacity,
            pricing,
        }
    }
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

pub fn read_profiles(dir: Option<&Path>) -> Result<ProfileFiles> {
    let Some(dir) = dir else {
        return Ok(ProfileFiles {
            profiles: assets::PROFILES.iter().map(|&f| builtin(f)).collect(),
            workload: builtin(assets::WORKLOAD),
            budget: builtin(assets::BUDGET),
            capacity: builtin(assets::CAPACITY),
        });
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

fn builtin((name, text): (&str, &str)) -> NamedText {
    (format!("profiles/{name}"), text.to_string())
}

/// Sorts the YAML files of a profiles folder into architectures, workload,
/// budget and capacity; the built-in ones stand in for the missing ones.
pub fn classify_profile_files(
    files: Vec<(String, NamedText)>,
    origin: &str,
) -> Result<ProfileFiles> {
    let mut out = ProfileFiles {
        profiles: Vec::new(),
        workload: builtin(assets::WORKLOAD),
        budget: builtin(assets::BUDGET),
        capacity: builtin(assets::CAPACITY),
    };
    for (name, entry) in files {
        match name.as_str() {
            "workload.yaml" | "workload.yml" => out.workload = entry,
            "budget.yaml" | "budget.yml" => out.budget = entry,
            "capacity.yaml" | "capacity.yml" => out.capacity = entry,
            n if assets::RESERVED_PROFILE_FILES.contains(&n) => {}
            _ => out.profiles.push(entry),
        }
    }
    if out.profiles.is_empty() {
        return Err(Error::input(format!(
            "{origin} holds no profile (.yaml) files; expected files like current.yaml"
        )));
    }
    Ok(out)
}

/// `text` with the top-level `key:` block (the key's line and every line
/// up to the next top-level key) replaced by empty lines.
fn blank_top_level_block(text: &str, key: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let opener = format!("{key}:");
    for line in text.split_inclusive('\n') {
        let top_level = !line.starts_with([' ', '\t', '#', '-']) && !line.trim().is_empty();
        if top_level {
            inside = line.starts_with(&opener);
        }
        if inside {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The value of a profile's top-level `name:` line, without parsing the file.
fn declared_name(text: &str) -> Option<&str> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix("name:")?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        Some(value.trim_matches(|c| c == '"' || c == '\''))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_name_reads_the_top_level_line_only() {
        assert_eq!(
            declared_name("# c\nname: current\ntiers: []\n"),
            Some("current")
        );
        assert_eq!(
            declared_name("name: \"all-aws\"  # quoted\n"),
            Some("all-aws")
        );
        assert_eq!(declared_name("tiers:\n  - name: web\n"), None);
    }

    #[test]
    fn blanking_a_block_keeps_every_line_number() {
        let text = "name: a\nqualities:\n  pros:\n    - x\n# note\ntiers:\n  - users: 1\n";
        let out = blank_top_level_block(text, "qualities");
        assert_eq!(out, "name: a\n\n\n\n\ntiers:\n  - users: 1\n");
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn load_one_parses_the_named_profile_only_and_falls_back_for_errors() {
        let ws = Workspace::load_one(&Sources::default(), "serverless").unwrap();
        assert_eq!(ws.profile_names(), vec!["serverless"]);
        let ws = Workspace::load_one(&Sources::default(), "servrless").unwrap();
        assert_eq!(ws.profiles.len(), assets::PROFILES.len());
        let e = ws.profile("servrless").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("\"serverless\""));
    }
}
