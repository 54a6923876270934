//! Everything a command reads: profiles, workload, budget and price catalog,
//! from the built-in defaults or from the folders the user points at.

use crate::assets;
use crate::error::{closest, Error, Result};
use crate::model::budget::Budget;
use crate::model::capacity::Capacity;
use crate::model::profile::Profile;
use crate::model::settings::{self, Settings};
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
    /// Folder of the profiles, when they were read from disk.
    pub profiles_dir: Option<PathBuf>,
    /// The folder's `archplan.yaml`, when it has one.
    pub settings: Option<Document<Settings>>,
    /// One warning per YAML file of the folder that is not a profile and was skipped.
    pub skipped: Vec<String>,
}

impl Workspace {
    pub fn load(sources: &Sources) -> Result<Workspace> {
        let (files, pricing) = read_sources(sources)?;
        let ws = Workspace::from_texts(Texts::new(files, pricing))?;
        Ok(ws.read_from(sources))
    }

    /// Loads what a command about one profile needs, as [`Workspace::load_one`]
    /// does: the profile `name`, or the folder's default profile when no name
    /// is given. Which one that is, [`Workspace::chosen_profile`] says.
    pub fn load_for(sources: &Sources, _name: Option<&str>) -> Result<Workspace> {
        // Every profile is read and validated whatever the command, so that
        // every command accepts or rejects the same profile set.
        Workspace::load(sources)
    }

    /// The profile named on the command line, else the default profile.
    pub fn chosen_profile<'a>(&'a self, name: Option<&'a str>) -> Result<&'a str> {
        match name {
            Some(name) => Ok(name),
            None => self.default_profile(),
        }
    }

    /// Loads the workspace for a command about the profile `name` (every
    /// profile is read: see [`Workspace::load_for`]).
    pub fn load_one(sources: &Sources, name: &str) -> Result<Workspace> {
        Workspace::load_for(sources, Some(name))
    }

    /// Records the folders the workspace was read from.
    fn read_from(mut self, sources: &Sources) -> Workspace {
        self.pricing_dir = sources.pricing_dir.clone();
        self.profiles_dir = sources.profiles_dir.clone();
        self
    }

    /// Parses and validates files already read (from disk, the binary, or git).
    /// The profiles are parsed while the shared files are (every command
    /// reads every profile); errors are reported in the same order whatever
    /// finishes first: prices, workload, budget, capacity, settings, profiles.
    pub fn from_texts(texts: Texts) -> Result<Workspace> {
        let Texts {
            profiles: profile_texts,
            workload,
            budget,
            capacity,
            settings,
            skipped,
            pricing,
        } = texts;
        let (shared, parsed) = std::thread::scope(|scope| {
            let job = scope.spawn(move || parse_profiles(profile_texts));
            let shared = parse_shared(pricing, &workload, &budget, &capacity, settings.as_ref());
            let parsed = job
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (shared, parsed)
        });
        let Shared {
            catalog,
            workload,
            budget,
            capacity,
            settings,
        } = shared?;
        let mut profiles: Vec<Document<Profile>> = Vec::with_capacity(parsed.len());
        for doc in parsed {
            let doc = doc?;
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
        validate::drivers(&workload, &profiles)?;
        Ok(Workspace {
            profiles,
            workload,
            budget,
            capacity,
            catalog,
            pricing_dir: None,
            profiles_dir: None,
            settings,
            skipped,
        })
    }

    /// The profile commands use when none is named: the `default` of the
    /// folder's `archplan.yaml`, else the folder's only profile. A folder with
    /// several profiles and no default is an error that lists them.
    pub fn default_profile(&self) -> Result<&str> {
        if let Some(doc) = &self.settings {
            if let Some(name) = &doc.value.default {
                return match self.profiles.iter().find(|p| &p.value.name == name) {
                    Some(p) => Ok(&p.value.name),
                    None => {
                        let names = self.profile_names();
                        Err(doc
                            .error_at(
                                &crate::model::locate::YamlPath::root().key("default"),
                                format!(
                                    "default profile \"{name}\" is not a profile of the folder (profiles: {})",
                                    names.join(", ")
                                ),
                            )
                            .suggest(
                                closest(name, names.iter().copied()).map(|s| format!("\"{s}\"")),
                            ))
                    }
                };
            }
        }
        match self.profiles.as_slice() {
            [only] => Ok(&only.value.name),
            _ => Err(Error::input(format!(
                "{} holds several profiles ({}) and no default; pass --profile NAME, or set `default: NAME` in {}",
                self.profiles_origin(),
                self.profile_names().join(", "),
                self.settings_file(),
            ))),
        }
    }

    /// The default profile when there is one: `None` for several profiles
    /// and no default, still an error for a `default` that names no profile.
    pub fn default_profile_if_any(&self) -> Result<Option<&str>> {
        let declared = self
            .settings
            .as_ref()
            .and_then(|d| d.value.default.as_ref());
        if declared.is_none() && self.profiles.len() > 1 {
            return Ok(None);
        }
        self.default_profile().map(Some)
    }

    /// Where the profiles come from, as the user would name it.
    pub fn profiles_origin(&self) -> String {
        match &self.profiles_dir {
            Some(dir) => dir.display().to_string(),
            None => format!("{}profiles", assets::BUILTIN_PREFIX),
        }
    }

    /// The settings file of the profiles folder (which may not exist yet).
    fn settings_file(&self) -> String {
        match (&self.settings, &self.profiles_dir) {
            (Some(doc), _) => doc.file.clone(),
            (None, Some(dir)) => dir.join(settings::FILE_NAME).display().to_string(),
            (None, None) => format!("{}profiles/{}", assets::BUILTIN_PREFIX, settings::FILE_NAME),
        }
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

/// The files every profile is read with, parsed and checked.
struct Shared {
    catalog: Catalog,
    workload: Document<Workload>,
    budget: Document<Budget>,
    capacity: Document<Capacity>,
    settings: Option<Document<Settings>>,
}

fn parse_shared(
    pricing: Vec<NamedText>,
    workload: &NamedText,
    budget: &NamedText,
    capacity: &NamedText,
    settings: Option<&NamedText>,
) -> Result<Shared> {
    let catalog = Catalog::parse(pricing)?;
    let workload: Document<Workload> = parse_yaml(&workload.0, &workload.1)?;
    validate::workload(&workload)?;
    let budget: Document<Budget> = parse_yaml(&budget.0, &budget.1)?;
    validate::budget(&budget)?;
    validate::budget_vendors(&budget, &catalog.vendors())?;
    let capacity: Document<Capacity> = parse_yaml(&capacity.0, &capacity.1)?;
    crate::model::capacity::validate(&capacity)?;
    let settings: Option<Document<Settings>> = match settings {
        Some((file, text)) if is_blank_yaml(text) => Some(Document::new(
            Settings::default(),
            file.clone(),
            text.clone(),
        )),
        Some((file, text)) => Some(parse_yaml(file, text)?),
        None => None,
    };
    Ok(Shared {
        catalog,
        workload,
        budget,
        capacity,
        settings,
    })
}

/// Parses and validates every profile, the files spread over the cores
/// (parsing is most of a command's time, and every command reads every
/// profile); results come back in file order, so the first error reported is
/// always the same.
fn parse_profiles(files: Vec<NamedText>) -> Vec<Result<Document<Profile>>> {
    fn one((name, text): NamedText) -> Result<Document<Profile>> {
        let doc: Document<Profile> = parse_yaml(&name, &text)?;
        validate::profile(&doc)?;
        crate::model::review::validate(&doc)?;
        Ok(doc)
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len());
    if threads < 2 {
        return files.into_iter().map(one).collect();
    }
    let mut slots: Vec<Vec<(usize, NamedText)>> = vec![Vec::new(); threads];
    for (i, file) in files.into_iter().enumerate() {
        slots[i % threads].push((i, file));
    }
    let mut out: Vec<(usize, Result<Document<Profile>>)> = std::thread::scope(|scope| {
        let mut slots = slots.into_iter();
        let here = slots.next().unwrap_or_default();
        let handles: Vec<_> = slots
            .map(|slot| {
                scope.spawn(move || {
                    slot.into_iter()
                        .map(|(i, f)| (i, one(f)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out: Vec<_> = here.into_iter().map(|(i, f)| (i, one(f))).collect();
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
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
    /// `archplan.yaml`, when the folder has one.
    pub settings: Option<NamedText>,
    /// One warning per YAML file that is not a profile and was skipped.
    pub skipped: Vec<String>,
}

/// The raw files a workspace is made of.
#[derive(Debug, Clone)]
pub struct Texts {
    pub profiles: Vec<NamedText>,
    pub workload: NamedText,
    pub budget: NamedText,
    pub capacity: NamedText,
    pub settings: Option<NamedText>,
    pub skipped: Vec<String>,
    pub pricing: Vec<NamedText>,
}

impl Texts {
    pub fn new(files: ProfileFiles, pricing: Vec<NamedText>) -> Texts {
        Texts {
            profiles: files.profiles,
            workload: files.workload,
            budget: files.budget,
            capacity: files.capacity,
            settings: files.settings,
            skipped: files.skipped,
            pricing,
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn read(path: &Path) -> Result<String> {
    read_text(path)
}

/// A text file's content. A file that is not UTF-8 is bad input (exit 2),
/// reported at the line and column of its first invalid byte, with that
/// byte's offset.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, &e))?;
    String::from_utf8(bytes).map_err(|e| not_utf8(&display(path), e.as_bytes(), e.utf8_error()))
}

fn not_utf8(file: &str, bytes: &[u8], e: std::str::Utf8Error) -> Error {
    let offset = e.valid_up_to();
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Characters, not bytes, before the bad byte on its line: all valid UTF-8.
    let column = std::str::from_utf8(&before[line_start..]).map_or(1, |t| t.chars().count() + 1);
    Error::input(format!(
        "not UTF-8 text: byte 0x{:02X} at offset {offset} is invalid; expected a UTF-8 file (re-save it as UTF-8)",
        bytes[offset]
    ))
    .at(Some(crate::error::Location {
        file: file.to_string(),
        line,
        column,
    }))
}

/// The profile files and price files of `sources`, with `--budget` in place.
fn read_sources(sources: &Sources) -> Result<(ProfileFiles, Vec<NamedText>)> {
    let pricing = read_pricing(sources.pricing_dir.as_deref())?;
    let mut files = read_profiles(sources.profiles_dir.as_deref())?;
    if let Some(path) = &sources.budget_file {
        files.budget = (display(path), read(path)?);
    }
    Ok((files, pricing))
}

/// A file holding nothing but comments and blank lines.
fn is_blank_yaml(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---")
}

pub fn read_pricing(dir: Option<&Path>) -> Result<Vec<NamedText>> {
    match dir {
        None => Ok(assets::PRICING
            .iter()
            .map(|(n, t)| {
                (
                    format!("{}pricing-data/{n}", assets::BUILTIN_PREFIX),
                    t.to_string(),
                )
            })
            .collect()),
        Some(dir) => {
            // `.csv`: the compact prices `pricing import --add` writes.
            let files = list(dir, &["toml", "csv"])?;
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
            settings: Some(builtin(assets::SETTINGS)),
            skipped: Vec::new(),
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
    (
        format!("{}profiles/{name}", assets::BUILTIN_PREFIX),
        text.to_string(),
    )
}

/// Sorts the YAML files of a profiles folder into architectures, workload,
/// budget, capacity and settings; the built-in workload, budget and capacity
/// stand in for the missing ones (a folder's default profile is its own
/// business: the built-in settings never stand in). A YAML file that does
/// not look like a profile (see [`looks_like_profile`]) is skipped with a
/// warning, so that a `docker-compose.yaml` next to the profiles is harmless.
pub fn classify_profile_files(
    files: Vec<(String, NamedText)>,
    origin: &str,
) -> Result<ProfileFiles> {
    let mut out = ProfileFiles {
        profiles: Vec::new(),
        workload: builtin(assets::WORKLOAD),
        budget: builtin(assets::BUDGET),
        capacity: builtin(assets::CAPACITY),
        settings: None,
        skipped: Vec::new(),
    };
    for (name, entry) in files {
        match name.as_str() {
            "workload.yaml" | "workload.yml" => out.workload = entry,
            "budget.yaml" | "budget.yml" => out.budget = entry,
            "capacity.yaml" | "capacity.yml" => out.capacity = entry,
            "archplan.yaml" | "archplan.yml" => out.settings = Some(entry),
            n if assets::RESERVED_PROFILE_FILES.contains(&n) => {}
            _ if looks_like_profile(&entry.1) => out.profiles.push(entry),
            _ => out.skipped.push(format!(
                "{} is not an archplan profile (no `tiers`); skipped",
                entry.0
            )),
        }
    }
    if out.profiles.is_empty() {
        let skipped = match out.skipped.len() {
            0 => String::new(),
            n => format!(
                " ({n} YAML file{} without `tiers` skipped)",
                if n == 1 { "" } else { "s" }
            ),
        };
        return Err(Error::input(format!(
            "{origin} holds no profile (.yaml) files{skipped}; expected files like current.yaml, or run `archplan init` to write a starter"
        )));
    }
    Ok(out)
}

/// Whether a YAML file is meant as a profile: it has a top-level `tiers` key,
/// or both `name` and `title` (a profile whose `tiers` is misspelt still
/// fails with its line). Read from the lines, without parsing, so that a
/// profile with a syntax error is still recognised and reported.
fn looks_like_profile(text: &str) -> bool {
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']) && !l.trim().is_empty())
        .filter_map(|l| l.split_once(':').map(|(key, _)| key.trim()))
        .map(|key| key.trim_matches(|c| c == '"' || c == '\''))
        .collect();
    let flow_mapping = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
        .is_some_and(|l| l.starts_with('{'));
    flow_mapping || keys.contains(&"tiers") || (keys.contains(&"name") && keys.contains(&"title"))
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
mod utf8_tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_utf8_is_bad_input_at_its_first_invalid_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.yaml");
        std::fs::write(&path, b"name: current\ntitle: caf\xe9 au lait\n").unwrap();
        let e = read_text(&path).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("{}:2:11: not UTF-8", path.display())),
            "{text}"
        );
        assert!(text.contains("byte 0xE9 at offset 24"), "{text}");
        assert_eq!(
            read_text(&dir.path().join("ok.yaml"))
                .unwrap_err()
                .exit_code(),
            2
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_told_from_other_yaml_by_its_keys() {
        assert!(looks_like_profile("# c\nname: a\ntiers: []\n"));
        assert!(
            looks_like_profile("tiers:\n  - users: [1\n"),
            "broken, still a profile"
        );
        assert!(
            looks_like_profile("name: a\ntitle: b\ntier: []\n"),
            "a misspelt tiers"
        );
        assert!(looks_like_profile("# c\n{name: a, tiers: []}\n"));
        assert!(!looks_like_profile("name: shop\nservices:\n  web: {}\n"));
        assert!(
            !looks_like_profile("on: push\njobs:\n  tiers: x\n"),
            "nested tiers"
        );
        assert!(!looks_like_profile(""));
    }

    #[test]
    fn unrelated_yaml_is_skipped_with_a_warning_and_settings_are_kept() {
        let file =
            |name: &str, text: &str| (name.to_string(), (format!("p/{name}"), text.to_string()));
        let files = classify_profile_files(
            vec![
                file("a.yaml", "name: a\ntiers: []\n"),
                file("docker-compose.yaml", "services: {}\n"),
                file("archplan.yaml", "default: a\n"),
            ],
            "p",
        )
        .unwrap();
        assert_eq!(files.profiles.len(), 1);
        assert_eq!(
            files.skipped,
            vec!["p/docker-compose.yaml is not an archplan profile (no `tiers`); skipped"]
        );
        assert_eq!(files.settings.unwrap().0, "p/archplan.yaml");

        let e = classify_profile_files(vec![file("ci.yaml", "jobs: {}\n")], "p").unwrap_err();
        assert!(
            e.to_string()
                .contains("1 YAML file without `tiers` skipped"),
            "{e}"
        );
    }

    #[test]
    fn built_in_files_are_named_as_built_in() {
        let ws = Workspace::load(&Sources::default()).unwrap();
        assert!(ws
            .profiles
            .iter()
            .all(|p| p.file.starts_with("built-in profiles/")));
        assert!(ws.budget.file.starts_with("built-in "));
        assert_eq!(ws.default_profile().unwrap(), "current");
        assert_eq!(ws.profiles_origin(), "built-in profiles");
    }

    #[test]
    fn several_profiles_have_a_default_only_when_declared() {
        let mut ws = Workspace::load(&Sources::default()).unwrap();
        ws.settings = None;
        assert_eq!(ws.default_profile_if_any().unwrap(), None);
        let e = ws.default_profile().unwrap_err().to_string();
        assert!(
            e.contains("several profiles (current, all-aws, serverless, self-hosted, as-drawn)"),
            "{e}"
        );
        let text = "default: serverles\n".to_string();
        ws.settings = Some(Document::new(
            Settings {
                default: Some("serverles".into()),
            },
            "p/archplan.yaml",
            text,
        ));
        let e = ws.default_profile_if_any().unwrap_err();
        assert!(e.to_string().starts_with("p/archplan.yaml:1:10: "), "{e}");
        assert_eq!(e.suggestion.as_deref(), Some("\"serverless\""));
    }

    #[test]
    fn a_command_about_one_profile_reads_and_checks_them_all() {
        // Every command accepts or rejects the same profile set.
        let ws = Workspace::load_one(&Sources::default(), "serverless").unwrap();
        assert_eq!(ws.profiles.len(), assets::PROFILES.len());
        let e = ws.profile("servrless").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("\"serverless\""));
    }
}
