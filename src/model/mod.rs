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
use locate::{Found, YamlPath};
use serde::de::DeserializeOwned;
use std::sync::OnceLock;

/// A parsed file and the text it came from.
#[derive(Debug, Clone)]
pub struct Document<T> {
    pub value: T,
    pub file: String,
    pub text: String,
    /// Where each node of `text` starts, indexed the first time it is asked.
    index: OnceLock<locate::Index>,
    /// For a document built from another source (Terraform read as a
    /// profile): where each of its nodes came from, by path prefix.
    places: Vec<(YamlPath, Location)>,
}

impl<T> Document<T> {
    pub fn new(value: T, file: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            value,
            file: file.into(),
            text: text.into(),
            index: OnceLock::new(),
            places: Vec::new(),
        }
    }

    /// A document with no YAML text, whose nodes point at the places they
    /// were read from: a path is located at its longest prefix given here.
    pub fn built(value: T, file: impl Into<String>, places: Vec<(YamlPath, Location)>) -> Self {
        let mut doc = Document::new(value, file, String::new());
        doc.places = places;
        doc
    }

    pub fn locate(&self, path: &YamlPath) -> Option<Location> {
        if !self.places.is_empty() {
            return self
                .places
                .iter()
                .filter(|(p, _)| path.0.starts_with(&p.0))
                .max_by_key(|(p, _)| p.0.len())
                .map(|(_, l)| l.clone());
        }
        self.index
            .get_or_init(|| locate::Index::build(&self.text))
            .locate(path)
            .map(|(line, column)| Location {
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
    match serde_saphyr::from_str_with_options::<T>(text, options()) {
        Ok(value) => Ok(Document::new(value, file, text)),
        Err(e) => Err(yaml_error(file, text, &e)),
    }
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // The error leads with file:line:column on one line; no source snippet.
    options.with_snippet = false;
    options
}

/// serde's wording of an unknown name, with the valid ones in backticks so
/// that [`unknown_variant_hint`] can pick the nearest.
fn one_of(what: &str, name: &str, expected: &[&str]) -> String {
    let expected: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
    match expected.len() {
        0 => format!("unknown {what} `{name}`, there are none"),
        _ => format!(
            "unknown {what} `{name}`, expected one of {}",
            expected.join(", ")
        ),
    }
}

/// The message of `e` in serde's words, where serde-saphyr's own would leave
/// out what was found: `found` is the kind of node at the error's position
/// and its text when it is a scalar.
fn message_of(e: &serde_saphyr::Error, found: Option<(&str, Option<&str>)>) -> String {
    use serde_saphyr::Error as E;
    let what = match found {
        Some((_, Some("" | "~" | "null"))) => "null".to_string(),
        Some((_, Some(text))) => format!("`{text}`"),
        Some((kind, None)) => kind.to_string(),
        None => "a value".to_string(),
    };
    match e.without_snippet() {
        E::SerdeUnknownField {
            field, expected, ..
        } => one_of("field", field, expected),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => one_of("variant", variant, expected),
        E::InvalidScalar { ty, .. } => format!("invalid type: {what}, expected {ty}"),
        E::Unexpected { expected, .. } => {
            let expected = match *expected {
                "mapping start" => "a mapping",
                "sequence start" => "a sequence",
                "string scalar" => "a single value",
                other => other,
            };
            format!("invalid type: {what}, expected {expected}")
        }
        E::DuplicateMappingKey { key: Some(k), .. } => {
            format!("duplicate key {k}; expected each key once in a mapping")
        }
        E::DuplicateMappingKey { key: None, .. } => {
            "duplicate key; expected each key once in a mapping".to_string()
        }
        E::MultipleDocuments { .. } => {
            "a second YAML document starts here; expected one document per file".to_string()
        }
        other => serde_saphyr::MessageFormatter::format_message(
            &serde_saphyr::DefaultMessageFormatter,
            other,
        )
        .into_owned(),
    }
}

fn yaml_error(file: &str, text: &str, e: &serde_saphyr::Error) -> Error {
    let mut position = e
        .location()
        .filter(|l| l.line() > 0 && l.column() > 0)
        .map(|l| (l.line() as usize, l.column() as usize));
    let index = position.map(|_| locate::Index::build(text));
    let found = position
        .zip(index.as_ref())
        .and_then(|(at, index)| index.at(at));
    let node = match &found {
        Some(Found::Value { scalar, kind, .. }) => Some((*kind, scalar.as_deref())),
        _ => None,
    };
    let mut message = message_of(e, node);
    let duplicate = matches!(
        e.without_snippet(),
        serde_saphyr::Error::DuplicateMappingKey { .. }
    );
    // The node the error is about, named as `tiers[0].components[2]: …`.
    let mut path = match (&found, &index) {
        (Some(Found::Value { path, .. }), _) => Some(path.clone()),
        (Some(Found::Key(key)), Some(index)) => {
            let mapping = key.parent();
            // An error about the mapping that serde-saphyr places at its
            // last key read (a missing field, or a component's kind fields,
            // which arrive after its `kind` tag without positions) belongs
            // at the mapping; a duplicate key at that key.
            if !duplicate {
                position = mapping.as_ref().and_then(|m| index.locate(m));
            }
            mapping
        }
        _ => None,
    };
    if let (Some(at), Some(index)) = (&path, &index) {
        // Point at the field the message names when there is one.
        if let Some((field, names_field)) = field_of_mapping_error(index, at, &message) {
            position = index.locate(&field);
            if names_field {
                path = Some(field);
            }
        }
    }
    if let Some(path) = path.filter(|p| !p.0.is_empty()) {
        message = format!("{path}: {message}");
    }
    let location = position.map(|(line, column)| Location {
        file: file.to_string(),
        line,
        column,
    });
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
    let empty = matches!(e.without_snippet(), serde_saphyr::Error::Eof { .. })
        && index.is_none_or(|index| index.locate(&YamlPath::root()).is_none());
    if message.is_empty() || empty {
        message = "the file is empty; expected a YAML mapping".to_string();
    }
    Error::input(message)
        .at(location)
        .in_file(file)
        .suggest(suggestion)
}

/// For "unknown field `x`", "unknown variant `x`" or "invalid value: integer
/// `-20`" about the mapping at `path`, the path of the field the message is
/// about, and whether the message is about that field's value (so the field
/// leads the message) rather than the mapping.
fn field_of_mapping_error(
    index: &locate::Index,
    path: &YamlPath,
    message: &str,
) -> Option<(YamlPath, bool)> {
    let quoted = |s: &str, mark: char| -> Option<String> {
        let start = s.find(mark)? + 1;
        let end = start + s[start..].find(mark)?;
        Some(s[start..end].to_string())
    };
    if let Some(after) = message.strip_prefix("unknown field ") {
        return Some((path.key(&quoted(after, '`')?), false));
    }
    if message.starts_with("unknown variant") {
        // An unknown `kind`: the tag's value.
        return Some((index.key_with_value(path, &quoted(message, '`')?)?, false));
    }
    if message.starts_with("invalid value") || message.starts_with("invalid type") {
        let value = quoted(message, '`').or_else(|| quoted(message, '"'))?;
        return Some((index.key_with_value(path, &value)?, true));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::budget::Budget;
    use crate::model::profile::Profile;

    fn error<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        parse_yaml::<T>("f.yaml", text).unwrap_err().to_string()
    }

    #[test]
    fn an_empty_file_says_so() {
        assert_eq!(
            error::<Budget>("# nothing yet\n"),
            "f.yaml:2:1: the file is empty; expected a YAML mapping"
        );
    }

    #[test]
    fn a_component_error_points_at_the_field_it_names() {
        let profile = |kind: &str, storage: &str| {
            format!(
                "name: p\ntiers:\n  - users: 50\n    components:\n      - name: db\n        kind: {kind}\n        instance_class: db.t4g.small\n        storage_gb: {storage}\n        note: n\n"
            )
        };
        assert_eq!(
            error::<Profile>(&profile("rds-postgress", "20")),
            "f.yaml:6:15: tiers[0].components[0]: unknown variant `rds-postgress` — did you mean `rds-postgres`?"
        );
        assert_eq!(
            error::<Profile>(&profile("rds-postgres", "lots")),
            "f.yaml:8:21: tiers[0].components[0].storage_gb: invalid type: string \"lots\", expected a whole number of 0 or more"
        );
        // No field to name: the component.
        assert_eq!(
            error::<Profile>(&profile("rds-postgres", "[1]")),
            "f.yaml:5:9: tiers[0].components[0]: invalid type: sequence, expected a whole number of 0 or more"
        );
    }
}
