//! Writing files so that nothing is lost: the new content goes to a temporary
//! file in the same folder, is flushed to disk, and replaces the target with a
//! rename — a reader (or a crash) sees the old file or the new one, never half.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Atomically replaces (or creates) `path` with `contents`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    remove_stale_temps(&dir);
    let tmp = temp_path(&dir, &name);
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        pause_for_tests();
        // Keep the permissions of the file being replaced.
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io("write", path, &e)
    })
}

/// What marks a temporary file of ours: `.{target}.archplan-tmp-{pid}`.
const TEMP_MARK: &str = ".archplan-tmp-";

/// The temporary file this process writes `name`'s new content to, in `dir`.
pub fn temp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}{TEMP_MARK}{}", std::process::id()))
}

/// Removes the temporary files an interrupted write (a killed process, a
/// power cut) left in `dir`, so that they never pile up: ours by name, and
/// stale because the process that wrote one is gone (or, where processes
/// cannot be looked up, because it is over an hour old). Best effort: a file
/// that cannot be removed is left for the next write.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temp_owner(&name.to_string_lossy()) else {
            continue;
        };
        if pid != std::process::id() && !is_running(pid, &entry.path()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file name of ours.
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?;
    let (_, pid) = rest.rsplit_once(TEMP_MARK)?;
    pid.parse().ok()
}

/// Whether the process that wrote `temp` may still be writing it.
fn is_running(pid: u32, temp: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let age = fs::metadata(temp)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < std::time::Duration::from_secs(3600))
}

/// `ARCHPLAN_TEST_WRITE_PAUSE_MS`: sleep between writing the temporary file
/// and the rename, so that a test can kill the process at that moment and
/// check that the target still holds its old content.
fn pause_for_tests() {
    if let Some(ms) = std::env::var_os("ARCHPLAN_TEST_WRITE_PAUSE_MS")
        .and_then(|v| v.to_str()?.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_write_removes_temporary_files_left_by_a_dead_process() {
        let dir = tempfile::tempdir().unwrap();
        // No process has a pid this high (Linux caps pids at 2^22).
        let dead = dir.path().join(".a.toml.archplan-tmp-4294967295");
        let other_dead = dir.path().join(".b.tf.archplan-tmp-4294967294");
        // Process 1 always runs: its temporary file may be in use.
        let live = dir.path().join(".a.toml.archplan-tmp-1");
        let not_ours = dir.path().join(".a.toml.tmp-4294967295");
        for p in [&dead, &other_dead, &live, &not_ours] {
            fs::write(p, "partial").unwrap();
        }
        write_atomic(&dir.path().join("a.toml"), b"new").unwrap();
        assert!(!dead.exists());
        assert!(!other_dead.exists());
        assert!(live.exists(), "a running process's file is left alone");
        assert!(not_ours.exists(), "only our own names are removed");
        assert_eq!(
            fs::read_to_string(dir.path().join("a.toml")).unwrap(),
            "new"
        );
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert_eq!(temp_owner(".main.tf.archplan-tmp-123"), Some(123));
        assert_eq!(temp_owner(".main.tf.archplan-tmp-x"), None);
        assert_eq!(temp_owner("main.tf"), None);
        let p = temp_path(Path::new("d"), "main.tf");
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(temp_owner(&name), Some(std::process::id()));
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(&dir.path().join("no/such/dir/a.toml"), b"x").unwrap_err();
        assert!(e.to_string().contains("cannot write"), "{e}");
    }
}
