//! Per-user monthly drivers of usage-based cost, each with a low, expected and
//! high value. Ranges in, ranges out: a cost range is these ranges priced.
//! A workload gives the drivers its profiles' components read (each kind
//! declares its own, `src/kinds/`), and drivers of its own for `metered` lines.

use crate::kinds::drivers;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which end of every driver range a computation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    Low,
    Expected,
    High,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Low, Scenario::Expected, Scenario::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Low => "low",
            Scenario::Expected => "expected",
            Scenario::High => "high",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Driver {
    #[schemars(with = "f64")]
    pub low: Decimal,
    #[schemars(with = "f64")]
    pub expected: Decimal,
    #[schemars(with = "f64")]
    pub high: Decimal,
    /// What one unit is ("calls per user per month"); the built-in driver's
    /// unit when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<crate::model::review::Text>,
    /// Where the figure comes from.
    #[serde(default)]
    pub why: String,
}

impl Driver {
    /// The value a scenario uses, where a higher value means a higher cost.
    pub fn at(&self, s: Scenario) -> Decimal {
        match s {
            Scenario::Low => self.low,
            Scenario::Expected => self.expected,
            Scenario::High => self.high,
        }
    }

    /// The value a scenario uses, where a higher value means a *lower* cost
    /// (a cache hit rate): the high-cost scenario takes the low end.
    pub fn at_inverse(&self, s: Scenario) -> Decimal {
        match s {
            Scenario::Low => self.high,
            Scenario::Expected => self.expected,
            Scenario::High => self.low,
        }
    }

    /// The unit in a language, falling back to the built-in definition.
    pub fn unit_in(&self, name: &str, lang: &str) -> String {
        match &self.unit {
            Some(t) => t.get(lang).to_string(),
            None => drivers::built_in(name)
                .map(|d| d.unit.to_string())
                .unwrap_or_else(|| name.replace('_', " ")),
        }
    }
}

/// `profiles/workload.yaml`: drivers by name, in the file's order. Every
/// driver is per user per month unless its unit says otherwise.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Workload {
    pub drivers: IndexMap<String, Driver>,
}

impl Workload {
    pub fn get(&self, name: &str) -> Option<&Driver> {
        self.drivers.get(name)
    }

    /// The value of a driver in a scenario: the workload's, else the
    /// built-in default, else 0 (a driver no component reads; validation
    /// has made sure every driver read is given or has a default).
    pub fn value(&self, name: &str, s: Scenario) -> Decimal {
        match self.drivers.get(name) {
            Some(d) => d.at(s),
            None => drivers::built_in(name)
                .and_then(|d| d.default)
                .unwrap_or(Decimal::ZERO),
        }
    }

    /// As [`Workload::value`], for a driver that lowers the cost as it grows.
    pub fn value_inverse(&self, name: &str, s: Scenario) -> Decimal {
        match self.drivers.get(name) {
            Some(d) => d.at_inverse(s),
            None => self.value(name, s),
        }
    }

    /// Drivers that are shares and must lie in 0–1.
    pub fn is_share(name: &str) -> bool {
        drivers::built_in(name).is_some_and(|d| d.share)
    }
}
