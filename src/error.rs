//! User-facing errors. Every error renders as one line; `exit_code` maps it to the
//! process status ([`crate::verdict::ExitStatus`]): 2 for bad input or usage, 3
//! when the environment failed us (a file could not be written, the network
//! failed). Status 1 is reserved for the verdict "does not fit", which is a
//! result, not an error.

use serde::Serialize;
use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user's input (files, flags) is wrong: exit 2.
    Input,
    /// Something outside the input failed (I/O, network): exit 3.
    Runtime,
}

#[derive(Debug, Clone)]
pub struct Error {
    pub kind: ErrorKind,
    /// File the error is in, when only the file is known.
    pub file: Option<String>,
    pub location: Option<Location>,
    pub message: String,
    /// The closest valid value, shown as "did you mean …?".
    pub suggestion: Option<String>,
    /// Further problems found in the same pass, one line each.
    /// (Boxed: errors travel in every `Result`, and are rare.)
    pub more: Option<Box<Vec<Error>>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn input(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Input,
            file: None,
            location: None,
            message: message.into(),
            suggestion: None,
            more: None,
        }
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Runtime,
            ..Error::input(message)
        }
    }

    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        let kind = match err.kind() {
            std::io::ErrorKind::NotFound => ErrorKind::Input,
            _ => ErrorKind::Runtime,
        };
        Error {
            kind,
            ..Error::input(format!("cannot {action} {}: {err}", path.display()))
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        if self.file.is_none() && self.location.is_none() {
            self.file = Some(file.into());
        }
        self
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        if location.is_some() {
            self.location = location;
        }
        self
    }

    pub fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    /// Every problem of a pass as one error (the first leads; each is a
    /// line of its own), or `Ok` when there is none.
    pub fn all(mut problems: Vec<Error>) -> Result<()> {
        if problems.is_empty() {
            return Ok(());
        }
        let mut first = problems.remove(0);
        first.more = (!problems.is_empty()).then(|| Box::new(problems));
        Err(first)
    }

    pub fn exit_code(&self) -> i32 {
        use crate::verdict::ExitStatus;
        match self.kind {
            ErrorKind::Input => ExitStatus::BadInput,
            ErrorKind::Runtime => ExitStatus::Environment,
        }
        .code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        } else if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        // One line, always: messages from parsers sometimes carry newlines.
        let message = self
            .message
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        f.write_str(&message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " — did you mean {s}?")?;
        }
        for more in self.more.iter().flat_map(|m| m.iter()) {
            // Each further problem reads as its own error line.
            write!(f, "\nerror: {more}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The candidate closest to `value`, if it is close enough to be a plausible typo.
pub fn closest<'a, I>(value: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let value_lower = value.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&value_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_name() {
        let classes = ["db.t4g.micro", "db.t4g.small", "db.t4g.medium"];
        assert_eq!(
            closest("db.t4g.smal", classes).as_deref(),
            Some("db.t4g.small")
        );
        assert_eq!(closest("completely-different", classes), None);
    }

    #[test]
    fn renders_on_one_line_with_location_and_hint() {
        let e = Error::input("unknown instance class \"db.t4g.smal\"\n(expected a class)")
            .at(Some(Location {
                file: "current.yaml".into(),
                line: 3,
                column: 7,
            }))
            .suggest(Some("\"db.t4g.small\"".into()));
        assert_eq!(
            e.to_string(),
            "current.yaml:3:7: unknown instance class \"db.t4g.smal\" (expected a class) — did you mean \"db.t4g.small\"?"
        );
        assert_eq!(e.exit_code(), 2);
    }
}
