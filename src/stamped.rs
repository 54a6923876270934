//! Single files archplan generates (reports, charts) end with a marker comment
//! holding a hash of everything before it:
//!
//! ```text
//! <!-- archplan:generated fnv1a64=0123456789abcdef -->
//! ```
//!
//! The rule for `--out FILE`: a missing file is written; an existing file is
//! replaced only if it ends with a marker whose hash matches its content,
//! i.e. archplan wrote it and nobody edited it since. Anything else (a file
//! archplan did not write, or one edited by hand) is refused unless
//! `--force`. Writes are atomic (`fsutil::write_atomic`).

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use std::path::Path;

const PREFIX: &str = "<!-- archplan:generated fnv1a64=";
const SUFFIX: &str = " -->";

/// 64-bit FNV-1a: small, stable across versions and platforms, enough to
/// tell an edited file from an untouched one (not a security measure).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `content` followed by its marker line.
pub fn stamp(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + 64);
    out.push_str(content);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let hash = fnv1a64(out.as_bytes());
    out.push_str(&format!("{PREFIX}{hash:016x}{SUFFIX}\n"));
    out
}

/// Whether `text` is a stamped file nobody changed since.
pub fn is_untouched(text: &str) -> bool {
    let body_end = text.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
    let (body, last) = text.split_at(body_end);
    let Some(hex) = last
        .trim_end()
        .strip_prefix(PREFIX)
        .and_then(|r| r.strip_suffix(SUFFIX))
    else {
        return false;
    };
    u64::from_str_radix(hex, 16).is_ok_and(|h| h == fnv1a64(body.as_bytes()))
}

/// Writes `content` (already stamped) to `path` under the rule above.
pub fn write(path: &Path, content: &str, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::input(format!(
            "{} is a folder; expected a file name for --out",
            path.display()
        )));
    }
    if path.exists() && !force {
        let existing = std::fs::read(path).map_err(|e| Error::io("read", path, &e))?;
        let untouched = std::str::from_utf8(&existing).is_ok_and(is_untouched);
        if !untouched {
            return Err(Error::input(format!(
                "{} exists and was not written by archplan, or was edited since; not replacing it (use --force to replace it, or choose another --out)",
                path.display()
            )));
        }
    }
    write_atomic(path, content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamped_file_is_recognised_until_edited() {
        let s = stamp("# Review\n\nbody");
        assert!(is_untouched(&s));
        assert!(!is_untouched(&s.replace("body", "b0dy")));
        assert!(!is_untouched("# Review\n\nhand written\n"));
        assert!(!is_untouched(""));
    }

    #[test]
    fn out_replaces_its_own_files_and_refuses_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.md");
        write(&path, &stamp("one"), false).unwrap();
        write(&path, &stamp("two"), false).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("two\n"));

        // Edited by hand: refused, left as it is, replaced only with --force.
        let edited = std::fs::read_to_string(&path)
            .unwrap()
            .replace("two", "my notes");
        std::fs::write(&path, &edited).unwrap();
        let e = write(&path, &stamp("three"), false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--force"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
        write(&path, &stamp("three"), true).unwrap();
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("three\n"));

        // Someone else's file.
        let other = dir.path().join("notes.md");
        std::fs::write(&other, "mine").unwrap();
        assert!(write(&other, &stamp("x"), false).is_err());
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "mine");
    }
}
