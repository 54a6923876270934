//! The model: architectures (profiles), the workload and the budget, as parsed
//! from YAML, with enough of the source kept to point errors at a line.

pub mod budget;
pub mod capacity;
pub mod locate;
pub mod nesting;
pub mod profile;
pub mod review;
pub mod settings;
pub mod validate;
pub mod workload;

use crate::error::{Error, Location, Result};
use crate::pricing::catalog::unknown_variant_hint;
use locate::YamlPath;
use serde::de::DeserializeOwned;

/// A parsed file and the text it came from.
#[derive(Debug, Clone)]
pub struct Document<T> {
    pub value: T,
    pub file: String,
    pub text: String,
}

impl<T> Document<T> {
    pub fn locate(&self, path: &YamlPath) -> Option<Location> {
        locate::locate(&self.text, path).map(|(line, column)| Location {
            file: self.file.clone(),
            line,
            column,
        })
    }

    /// An input error pointing at `path` in this file.
    pub fn error_at(&self, path: &YamlPath, message: impl Into<String>) -> Error {
        Error::input(message)
            .at(self.locate(path))
            .in_file(self.file.clone())
    }
}

pub fn parse_yaml<T: DeserializeOwned>(file: &str, text: &str) -> Result<Document<T>> {
    nesting::check_flow_depth(file, text)?;
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => Ok(Document {
            value,
            file: file.to_string(),
            text: text.to_string(),
        }),
        Err(e) => Err(yaml_error(file, &e)),
    }
}

fn yaml_error(file: &str, e: &serde_yaml::Error) -> Error {
    let location = e.location().map(|l| Location {
        file: file.to_string(),
        line: l.line(),
        column: l.column(),
    });
    let mut message = e.to_string();
    // serde_yaml appends the position in words; ours leads the line instead.
    if let Some(i) = message.rfind(" at line ") {
        if message[i..].contains(" column ") {
            message.truncate(i);
        }
    }
    for int in ["u64", "u32"] {
        message = message.replace(
            &format!("expected {int}"),
            "expected a whole number of 0 or more",
        );
    }
    let suggestion = unknown_variant_hint(&message);
    if suggestion.is_some() {
        // The full list of options is long; the suggestion says it better.
        if let Some(i) = message.find(", expected one of") {
            message.truncate(i);
        }
    }
    if message.is_empty() || message == "EOF while parsing a value" {
        message = "the file is empty; expected a YAML mapping".to_string();
    }
    Error::input(message)
        .at(location)
        .in_file(file)
        .suggest(suggestion)
}
