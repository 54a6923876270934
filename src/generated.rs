//! Writing a folder of generated files without losing anyone's work.
//!
//! archplan records the SHA-256 of every file it writes in a manifest
//! (`.archplan-manifest.json`) next to them. Rendering again then knows, for
//! each file, whether it is archplan's own and unchanged (replaced or
//! removed freely), edited by hand or not archplan's at all (refused unless
//! forced). Everything is checked before the first byte is written; files are
//! replaced atomically, and the manifest lists the new hashes as "pending"
//! before any file changes, so an interrupted run can simply be run again.

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = ".archplan-manifest.json";
pub const MANIFEST_SCHEMA: &str = "archplan.manifest/v1";

/// The record of what archplan generated in a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub schema: String,
    pub generator: String,
    /// What the files were generated from (profile, tier, users, region).
    pub source: BTreeMap<String, String>,
    /// File name → `sha256:<hex>` of the content archplan wrote.
    pub files: BTreeMap<String, String>,
    /// Hashes of a run in progress: a file holding either hash is archplan's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending: BTreeMap<String, String>,
}

impl Manifest {
    fn owns(&self, name: &str, hash: &str) -> bool {
        self.files.get(name).is_some_and(|h| h == hash)
            || self.pending.get(name).is_some_and(|h| h == hash)
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// `sha256:<hex>` of some bytes.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Created,
    Updated,
    Unchanged,
    Removed,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Updated => "updated",
            Action::Unchanged => "unchanged",
            Action::Removed => "removed",
        }
    }
}

/// What happens (or happened) to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub path: String,
    pub action: Action,
    /// The file had been edited by hand, or was not archplan's, and `--force`
    /// replaced or removed it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forced: bool,
}

/// Why a file may not be touched without `--force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Foreign {
    Edited,
    NotGenerated,
}

/// Everything a run will do, checked and ready to apply.
#[derive(Debug, Clone)]
pub struct Plan {
    pub out: PathBuf,
    create_dir: bool,
    writes: Vec<(String, Vec<u8>)>,
    removes: Vec<String>,
    pub changes: Vec<Change>,
    old_manifest: Option<Manifest>,
    manifest: Manifest,
    write_manifest: bool,
}

/// A file to generate.
#[derive(Debug, Clone)]
pub struct NewFile<'a> {
    pub path: &'a str,
    pub contents: &'a [u8],
}

/// Checks the folder and works out each file's fate; writes nothing.
pub fn plan(
    out: &Path,
    files: &[NewFile],
    generator: &str,
    source: BTreeMap<String, String>,
    force: bool,
) -> Result<Plan> {
    let shown = out.display().to_string();
    let create_dir = match fs::metadata(out) {
        Ok(meta) if meta.is_dir() => false,
        Ok(_) => {
            return Err(Error::input(format!(
                "cannot render into {shown}: it is a file; expected a folder (or a path that does not exist yet)"
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(Error::io("read", out, &e)),
    };
    let writable_dir = if create_dir {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(Error::input(format!(
                "cannot create {shown}: its parent folder {} does not exist",
                parent.display()
            )));
        }
        parent
    } else {
        out.to_path_buf()
    };
    check_writable(&writable_dir)?;

    let manifest_path = out.join(MANIFEST);
    let old_manifest = if create_dir {
        None
    } else {
        read_manifest(&manifest_path, force)?
    };

    let mut changes = Vec::new();
    let mut writes = Vec::new();
    let mut refused: Vec<(String, Foreign)> = Vec::new();
    let mut new_hashes = BTreeMap::new();
    for file in files {
        let name = file.path;
        let path = out.join(name);
        let new_hash = hash(file.contents);
        new_hashes.insert(name.to_string(), new_hash.clone());
        let current = match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io("read", &path, &e)),
            Ok(meta) if meta.is_dir() => {
                return Err(Error::input(format!(
                    "cannot write {}: it is a folder; move it away first",
                    path.display()
                )))
            }
            Ok(_) => Some(fs::read(&path).map_err(|e| Error::io("read", &path, &e))?),
        };
        let Some(current) = current else {
            changes.push(change(name, Action::Created, false));
            writes.push((name.to_string(), file.contents.to_vec()));
            continue;
        };
        let current_hash = hash(&current);
        if current_hash == new_hash {
            changes.push(change(name, Action::Unchanged, false));
            continue;
        }
        let foreign = foreign(old_manifest.as_ref(), name, &current_hash);
        if let Some(why) = foreign {
            if !force {
                refused.push((name.to_string(), why));
                continue;
            }
        }
        changes.push(change(name, Action::Updated, foreign.is_some()));
        writes.push((name.to_string(), file.contents.to_vec()));
    }

    // Files of the previous render that this one no longer has.
    let mut removes = Vec::new();
    if let Some(old) = &old_manifest {
        let listed: std::collections::BTreeSet<&String> =
            old.files.keys().chain(old.pending.keys()).collect();
        for name in listed {
            if new_hashes.contains_key(name) {
                continue;
            }
            let path = out.join(name);
            let current = match fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io("read", &path, &e)),
            };
            let edited = !old.owns(name, &hash(&current));
            if edited && !force {
                refused.push((name.clone(), Foreign::Edited));
                continue;
            }
            changes.push(change(name, Action::Removed, edited));
            removes.push(name.clone());
        }
    }
    if !refused.is_empty() {
        return Err(refusal(&shown, &refused));
    }

    let manifest = Manifest {
        schema: MANIFEST_SCHEMA.to_string(),
        generator: generator.to_string(),
        source,
        files: new_hashes,
        pending: BTreeMap::new(),
    };
    let write_manifest = match fs::read(&manifest_path) {
        Ok(bytes) => bytes != manifest.to_bytes(),
        Err(_) => true,
    };
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan {
        out: out.to_path_buf(),
        create_dir,
        writes,
        removes,
        changes,
        old_manifest,
        manifest,
        write_manifest,
    })
}

/// Carries out a plan: the folder, the pending manifest, the files, the removals, the manifest.
pub fn apply(plan: &Plan) -> Result<()> {
    if plan.create_dir {
        fs::create_dir(&plan.out).map_err(|e| Error::io("create the folder", &plan.out, &e))?;
    }
    let manifest_path = plan.out.join(MANIFEST);
    let changes_files = !plan.writes.is_empty() || !plan.removes.is_empty();
    // Before any file changes, the manifest lists the new hashes and keeps the
    // old ones as pending: until the run completes, a file holding either
    // content is archplan's, so an interrupted run can be run again. A fresh
    // folder has no old hashes, and that manifest is already the final one.
    let mut first = plan.manifest.clone();
    if let Some(old) = &plan.old_manifest {
        for (name, hash) in old.files.iter().chain(&old.pending) {
            if first.files.get(name) != Some(hash) {
                first.pending.insert(name.clone(), hash.clone());
            }
        }
    }
    let first_bytes = changes_files.then(|| first.to_bytes());
    write_files(&plan.out, first_bytes.as_deref(), &plan.writes)?;
    for name in &plan.removes {
        let path = plan.out.join(name);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("remove", &path, &e)),
        }
    }
    let final_written = changes_files && first.pending.is_empty();
    if !final_written && (plan.write_manifest || changes_files) {
        write_atomic(&manifest_path, &plan.manifest.to_bytes())?;
    }
    Ok(())
}

/// Atomically writes several files of one folder, as [`write_atomic`] does for
/// one: each goes to a temporary file that is flushed to disk, then renamed
/// over its target once every one is. `manifest`, when given, is written the
/// same way but renamed first, and that rename made durable before any file
/// changes. The folder is flushed after the manifest's rename and once after
/// the last file's, rather than after each.
fn write_files(dir: &Path, manifest: Option<&[u8]>, files: &[(String, Vec<u8>)]) -> Result<()> {
    crate::fsutil::remove_stale_temps(dir);
    let all: Vec<(&str, &[u8])> = manifest
        .map(|m| (MANIFEST, m))
        .into_iter()
        .chain(files.iter().map(|(n, c)| (n.as_str(), c.as_slice())))
        .collect();
    let temps: Vec<PathBuf> = all
        .iter()
        .map(|(name, _)| crate::fsutil::temp_path(dir, name))
        .collect();
    let remove_temps = || {
        for t in &temps {
            let _ = fs::remove_file(t);
        }
    };
    let write_one = |(name, contents): &(&str, &[u8]), tmp: &PathBuf| -> std::io::Result<()> {
        let mut f = fs::File::create(tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        // Keep the permissions of the file being replaced.
        if let Ok(meta) = fs::metadata(dir.join(name)) {
            fs::set_permissions(tmp, meta.permissions())?;
        }
        Ok(())
    };
    // Each temporary file is written and flushed on a thread of its own: a
    // journaling file system commits the flushes that wait together in one
    // go (ext4 and XFS do), so a dozen files cost about one flush instead of
    // a dozen in a row. Where a thread cannot be started, the file is
    // written on this one.
    let written: Vec<std::io::Result<()>> = std::thread::scope(|scope| {
        let started: Vec<_> = all
            .iter()
            .zip(&temps)
            .map(|(file, tmp)| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || write_one(file, tmp))
                    .map_err(|_| (file, tmp))
            })
            .collect();
        started
            .into_iter()
            .map(|handle| match handle {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("the writing thread failed"))),
                Err((file, tmp)) => write_one(file, tmp),
            })
            .collect()
    });
    for ((name, _), result) in all.iter().zip(&written) {
        if let Err(e) = result {
            remove_temps();
            return Err(Error::io("write", &dir.join(name), e));
        }
    }
    let sync_dir = || {
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    };
    for (i, ((name, _), tmp)) in all.iter().zip(&temps).enumerate() {
        let target = dir.join(name);
        if let Err(e) = fs::rename(tmp, &target) {
            remove_temps();
            return Err(Error::io("write", &target, &e));
        }
        if i == 0 && manifest.is_some() {
            // The manifest's new hashes are on disk before any file changes.
            sync_dir();
        }
    }
    // Make the files' renames themselves durable.
    if !files.is_empty() {
        sync_dir();
    }
    Ok(())
}

fn change(path: &str, action: Action, forced: bool) -> Change {
    Change {
        path: path.to_string(),
        action,
        forced,
    }
}

fn foreign(manifest: Option<&Manifest>, name: &str, current_hash: &str) -> Option<Foreign> {
    match manifest {
        Some(m) if m.owns(name, current_hash) => None,
        Some(m) if m.files.contains_key(name) || m.pending.contains_key(name) => {
            Some(Foreign::Edited)
        }
        _ => Some(Foreign::NotGenerated),
    }
}

fn refusal(out: &str, refused: &[(String, Foreign)]) -> Error {
    let why = |f: Foreign| match f {
        Foreign::Edited => "edited since archplan generated it",
        Foreign::NotGenerated => "not generated by archplan",
    };
    let message = match refused {
        [(name, f)] => format!(
            "refusing to overwrite {}: {}; rerun with --force to replace it",
            Path::new(out).join(name).display(),
            why(*f)
        ),
        _ => {
            let list: Vec<String> = refused
                .iter()
                .map(|(n, f)| format!("{n} ({})", why(*f)))
                .collect();
            format!(
                "refusing to overwrite {} files in {out}: {}; rerun with --force to replace them",
                refused.len(),
                list.join(", ")
            )
        }
    };
    Error::input(message)
}

fn read_manifest(path: &Path, force: bool) -> Result<Option<Manifest>> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", path, &e)),
    };
    let parsed = serde_json::from_str::<Manifest>(&text)
        .map_err(|e| e.to_string())
        .and_then(|m| {
            if m.schema != MANIFEST_SCHEMA {
                return Err(format!(
                    "schema is \"{}\", expected \"{MANIFEST_SCHEMA}\"",
                    m.schema
                ));
            }
            match m
                .files
                .keys()
                .chain(m.pending.keys())
                .find(|n| !plain_name(n))
            {
                Some(bad) => Err(format!("\"{bad}\" is not a file name of this folder")),
                None => Ok(m),
            }
        });
    match parsed {
        Ok(m) => Ok(Some(m)),
        // Forced: the files are then all treated as not archplan's, and replaced.
        Err(_) if force => Ok(None),
        Err(why) => Err(Error::input(format!(
            "{} is not a manifest archplan can read ({why}); delete it, or rerun with --force",
            path.display()
        ))),
    }
}

/// A name inside the folder itself: no separators, no `..`.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.contains('\0')
}

fn check_writable(dir: &Path) -> Result<()> {
    let meta = fs::metadata(dir).map_err(|e| Error::io("read", dir, &e))?;
    if meta.permissions().readonly() {
        return Err(Error::runtime(format!(
            "cannot write in {}: the folder is read-only",
            dir.display()
        )));
    }
    // Permissions are not the whole story (ACLs, read-only mounts): try.
    let probe = dir.join(format!(".archplan-probe-{}", std::process::id()));
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(Error::io("write in", dir, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> BTreeMap<String, String> {
        BTreeMap::from([("profile".to_string(), "current".to_string())])
    }

    fn run(
        out: &Path,
        files: &[(&str, &str)],
        force: bool,
    ) -> Result<Vec<(String, &'static str, bool)>> {
        let files: Vec<NewFile> = files
            .iter()
            .map(|(p, c)| NewFile {
                path: p,
                contents: c.as_bytes(),
            })
            .collect();
        let plan = plan(out, &files, "archplan test", source(), force)?;
        apply(&plan)?;
        Ok(plan
            .changes
            .iter()
            .map(|c| (c.path.clone(), c.action.as_str(), c.forced))
            .collect())
    }

    #[test]
    fn hashes_are_sha256() {
        assert_eq!(
            hash(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn creates_updates_keeps_and_removes_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("tf");
        let first = run(&out, &[("a.tf", "a1\n"), ("b.tf", "b1\n")], false).unwrap();
        assert_eq!(
            first,
            vec![
                ("a.tf".into(), "created", false),
                ("b.tf".into(), "created", false)
            ]
        );
        let second = run(&out, &[("a.tf", "a2\n"), ("c.tf", "c1\n")], false).unwrap();
        assert_eq!(
            second,
            vec![
                ("a.tf".into(), "updated", false),
                ("b.tf".into(), "removed", false),
                ("c.tf".into(), "created", false)
            ]
        );
        assert!(!out.join("b.tf").exists());
        let third = run(&out, &[("a.tf", "a2\n"), ("c.tf", "c1\n")], false).unwrap();
        assert!(third.iter().all(|(_, a, _)| *a == "unchanged"), "{third:?}");
        let manifest: Manifest =
            serde_json::from_str(&fs::read_to_string(out.join(MANIFEST)).unwrap()).unwrap();
        assert_eq!(
            manifest.files.keys().collect::<Vec<_>>(),
            vec!["a.tf", "c.tf"]
        );
        assert!(manifest.pending.is_empty());
    }

    #[test]
    fn an_edited_obsolete_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        run(out, &[("a.tf", "a\n"), ("b.tf", "b\n")], false).unwrap();
        fs::write(out.join("b.tf"), "mine\n").unwrap();
        let e = run(out, &[("a.tf", "a\n")], false).unwrap_err();
        assert!(
            e.to_string()
                .contains("b.tf: edited since archplan generated it"),
            "{e}"
        );
        assert_eq!(fs::read_to_string(out.join("b.tf")).unwrap(), "mine\n");
        let forced = run(out, &[("a.tf", "a\n")], true).unwrap();
        assert!(
            forced.contains(&("b.tf".into(), "removed", true)),
            "{forced:?}"
        );
    }

    #[test]
    fn an_interrupted_run_leaves_a_manifest_that_owns_old_and_new_content() {
        for written in ["old\n", "new\n"] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path();
            run(out, &[("a.tf", "old\n"), ("b.tf", "b\n")], false).unwrap();
            // As apply leaves the folder when it stops after its first manifest,
            // before or after replacing a.tf (b.tf was to be removed).
            let mut m: Manifest =
                serde_json::from_str(&fs::read_to_string(out.join(MANIFEST)).unwrap()).unwrap();
            m.files = BTreeMap::from([("a.tf".to_string(), hash(b"new\n"))]);
            m.pending = BTreeMap::from([
                ("a.tf".to_string(), hash(b"old\n")),
                ("b.tf".to_string(), hash(b"b\n")),
            ]);
            fs::write(out.join(MANIFEST), m.to_bytes()).unwrap();
            fs::write(out.join("a.tf"), written).unwrap();
            let changes = run(out, &[("a.tf", "newer\n")], false).unwrap();
            assert_eq!(
                changes,
                vec![
                    ("a.tf".into(), "updated", false),
                    ("b.tf".into(), "removed", false)
                ],
                "{written:?}"
            );
            let m: Manifest =
                serde_json::from_str(&fs::read_to_string(out.join(MANIFEST)).unwrap()).unwrap();
            assert!(m.pending.is_empty());
        }
    }

    #[test]
    fn a_manifest_naming_files_outside_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let text = format!(
            "{{\"schema\":\"{MANIFEST_SCHEMA}\",\"generator\":\"x\",\"source\":{{}},\"files\":{{\"../victim\":\"sha256:00\"}}}}"
        );
        fs::write(out.join(MANIFEST), text).unwrap();
        let e = run(out, &[("a.tf", "a\n")], false).unwrap_err();
        assert!(
            e.to_string().contains("not a manifest archplan can read"),
            "{e}"
        );
        assert_eq!(e.exit_code(), 2);
    }
}
