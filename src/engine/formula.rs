//! How a capacity or a per-user demand is computed, with the figures used
//! (`1.37 GiB × (1 − reserved_memory_share 0.25) = 1.1 GB`), kept as terms so
//! that each language writes its own words and numbers.

use crate::model::review::Text;
use rust_decimal::Decimal;
use serde::Serialize;

/// The unit of an amount in a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormulaUnit {
    /// Bytes as given: `1,887,215,616 B`.
    Byte,
    /// Bytes shown in the largest decimal unit: `471.8 MB`.
    Bytes,
    Gib,
    Gb,
    Seconds,
    TokensPerSecond,
}

/// One term of a formula.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "term", rename_all = "snake_case")]
pub enum Term {
    /// A value named as in the data files, never translated:
    /// `shared_buffers_share 0.25`, `DBInstanceClassMemory 1,887,215,616 B`.
    Figure {
        name: String,
        value: Decimal,
        #[serde(skip_serializing_if = "Option::is_none")]
        unit: Option<FormulaUnit>,
    },
    /// A number without a name: `24`, `730`.
    Number { value: Decimal },
    /// An amount: `4 MB`, `0.004 GB`.
    Amount { value: Decimal, unit: FormulaUnit },
    /// A word of the catalog (`basis.<id>` in the language files), in the
    /// plural form that `count` takes when given: `per user`, `3 servers`.
    Word {
        id: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        count: Option<Decimal>,
    },
    /// A name from the data, never translated (`hobby`, `GEX44`).
    Name { name: String },
    /// A text of the data files, in each language it is written in.
    Text { text: Text },
    /// `×`, `+`, `=`, `(`, `)`, `LEAST(`, and the list separator `sep`.
    Op { op: &'static str },
}

/// A computation, term by term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Formula(pub Vec<Term>);

impl Formula {
    pub fn new() -> Formula {
        Formula(Vec::new())
    }

    pub fn figure(mut self, name: &str, value: Decimal) -> Formula {
        self.0.push(Term::Figure {
            name: name.to_string(),
            value,
            unit: None,
        });
        self
    }

    pub fn figure_in(mut self, name: &str, value: Decimal, unit: FormulaUnit) -> Formula {
        self.0.push(Term::Figure {
            name: name.to_string(),
            value,
            unit: Some(unit),
        });
        self
    }

    pub fn number(mut self, value: Decimal) -> Formula {
        self.0.push(Term::Number { value });
        self
    }

    pub fn amount(mut self, value: Decimal, unit: FormulaUnit) -> Formula {
        self.0.push(Term::Amount { value, unit });
        self
    }

    pub fn word(mut self, id: &'static str) -> Formula {
        self.0.push(Term::Word { id, count: None });
        self
    }

    /// `3 servers`: the count, then the word in the form it takes.
    pub fn counted(mut self, count: Decimal, id: &'static str) -> Formula {
        self.0.push(Term::Word {
            id,
            count: Some(count),
        });
        self
    }

    pub fn name(mut self, name: &str) -> Formula {
        self.0.push(Term::Name {
            name: name.to_string(),
        });
        self
    }

    pub fn text(mut self, text: &Text) -> Formula {
        self.0.push(Term::Text { text: text.clone() });
        self
    }

    pub fn op(mut self, op: &'static str) -> Formula {
        self.0.push(Term::Op { op });
        self
    }

    /// `… per user`.
    pub fn per_user(self) -> Formula {
        self.word("per_user")
    }
}
