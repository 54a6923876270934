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
        Err(e) => Err(yaml_error(file, text, &e)),
    }
}

fn yaml_error(file: &str, text: &str, e: &serde_yaml::Error) -> Error {
    let mut location = e.location().map(|l| Location {
        file: file.to_string(),
        line: l.line(),
        column: l.column(),
    });
    let mut message = e.to_string();
    // A component's kind fields are read after its `kind` tag, so serde_yaml
    // reports their errors at the component: point at the field instead.
    if let Some(at) = field_of_mapping_error(text, &message) {
        if let Some((line, column)) = locate::locate(text, &at) {
            location = Some(Location {
                file: file.to_string(),
                line,
                column,
            });
        }
    }
    // serde_yaml appends the position in words; ours leads the line instead.
    if let Some(i) = message.rfind(" at line ") {
        if message[i..].contains(" column ") {
            message.truncate(i);
        }
    }
    if let Some((prefix, rest)) = message.split_once(": missing field `") {
        if let Some(field) = rest.strip_suffix('`') {
            message = format!("{prefix}: the kind needs `{field}`");
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

/// For "tiers[0].components[1]: unknown field `x`" or "…: invalid value:
/// integer `-20`", the path of the field the message is about.
fn field_of_mapping_error(text: &str, message: &str) -> Option<YamlPath> {
    let (prefix, rest) = message.split_once(": ")?;
    let path = YamlPath::parse(prefix)?;
    let quoted = |s: &str| -> Option<String> {
        let start = s.find('`')? + 1;
        let end = start + s[start..].find('`')?;
        Some(s[start..end].to_string())
    };
    if let Some(after) = rest.strip_prefix("unknown field ") {
        return Some(path.key(&quoted(after)?));
    }
    if rest.starts_with("invalid value") || rest.starts_with("invalid type") {
        return locate::key_with_value(text, &path, &quoted(rest)?);
    }
    None
}
