//! What the reader could not know and what it did instead: the assumption
//! lines of [`crate::tfread::TfInput`].

use super::scope::Unknown;
use std::collections::BTreeSet;

#[derive(Default)]
pub(super) struct Notes {
    pub assumptions: Vec<String>,
    /// Functions met that are not evaluated offline: one line each at the end.
    missing_functions: BTreeSet<String>,
}

impl Notes {
    pub fn assume(&mut self, line: String) {
        if !self.assumptions.contains(&line) {
            self.assumptions.push(line);
        }
    }

    /// Notes why a value was unknown, where that is worth a line of its own.
    pub fn saw(&mut self, unknown: &Unknown) {
        if let Unknown::Function(name) = unknown {
            self.missing_functions.insert(name.clone());
        }
    }

    pub fn into_lines(mut self) -> Vec<String> {
        for name in std::mem::take(&mut self.missing_functions) {
            self.assume(format!(
                "function {name} is not evaluated offline; values that use it are unknown"
            ));
        }
        self.assumptions
    }
}
