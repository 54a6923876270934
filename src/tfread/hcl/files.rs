//! Finding and parsing the files of one Terraform folder.

use crate::error::{Error, Location, Result};
use hcl::edit::parser;
use hcl::edit::structure::Body;
use hcl::edit::Span;
use std::path::{Path, PathBuf};

/// A top-level block of a `.tf` file and where it was written.
pub(super) struct SourceBlock {
    pub block: hcl::Block,
    /// The file as the user can open it (the folder given, joined).
    pub path: PathBuf,
    /// The file relative to the folder given: `modules/db/main.tf`.
    pub file: String,
    pub line: usize,
}

impl SourceBlock {
    pub fn kind(&self) -> &str {
        self.block.identifier.as_str()
    }

    pub fn label(&self, index: usize) -> Option<&str> {
        self.block.labels.get(index).map(|l| l.as_str())
    }

    /// `main.tf:12`, for [`crate::tfread::TfResource::location`].
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// An input error pointing at this block.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::input(message).in_file(format!("{}:{}", self.path.display(), self.line))
    }
}

/// The names of the `.tf` files of `dir`, sorted.
pub(super) fn tf_files(dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, &e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read the folder", dir, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".tf") && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The top-level blocks of every `.tf` file of `dir`, in file order then
/// block order. `rel` is `dir` relative to the folder given (empty for it).
pub(super) fn folder_blocks(dir: &Path, rel: &str) -> Result<Vec<SourceBlock>> {
    let names = tf_files(dir)?;
    if names.is_empty() {
        return Err(Error::input(format!(
            "{} has no .tf files; expected a Terraform configuration folder or the JSON of terraform show -json",
            dir.display()
        )));
    }
    let mut blocks = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let file = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let text = read_text(&path)?;
        let body = parse(&text, &path)?;
        for block in body.into_blocks() {
            let line = block.span().map_or(1, |span| line_of(&text, span.start));
            blocks.push(SourceBlock {
                block: block.into(),
                path: path.clone(),
                file: file.clone(),
                line,
            });
        }
    }
    Ok(blocks)
}

pub(super) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::input(format!(
            "not UTF-8 text (byte {}); expected an HCL file",
            e.utf8_error().valid_up_to()
        ))
        .in_file(path.display().to_string())
    })
}

/// Parses HCL; a syntax error names `file:line:column` and what was expected.
pub(super) fn parse(text: &str, path: &Path) -> Result<Body> {
    parser::parse_body(text).map_err(|e| {
        let at = e.location();
        Error::input(format!("not valid HCL: {}", e.message())).at(Some(Location {
            file: path.display().to_string(),
            line: at.line(),
            column: at.column(),
        }))
    })
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `base/source`, with `.` and `..` resolved as far as the text allows, in
/// `/` form: where a module's files are, relative to the folder given.
pub(super) fn join_rel(base: &str, source: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in source.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_are_relative_to_the_folder_given() {
        assert_eq!(join_rel("", "./modules/db"), "modules/db");
        assert_eq!(join_rel("modules/app", "../db"), "modules/db");
        assert_eq!(join_rel("", "../shared/x"), "../shared/x");
        assert_eq!(join_rel("modules/db", "."), "modules/db");
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
