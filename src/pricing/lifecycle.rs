//! When a priced model stops being offered. Vendors retire language and
//! speech models on published schedules; a price of a retired model is a
//! price of nothing. An entry's `[price.lifecycle]` says when, what replaces
//! it and where that is published, so that every command refuses a profile
//! that uses a retired model and warns about one that retires soon.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A model retiring within this many days is warned about.
pub const WARN_DAYS: i64 = 90;

/// A model's retirement, as its vendor publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// The first day the model was generally available, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<String>,
    /// The day calls stop working (`YYYY-MM-DD`).
    pub retires: String,
    /// What a profile writes instead (`gpt-4.1-mini`), when the vendor
    /// names a successor that the catalog prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// Where the schedule is published.
    pub source: String,
}

/// Where a model stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Offered,
    /// Retires within [`WARN_DAYS`], in `days` days.
    Retiring {
        days: i64,
    },
    /// Retired `days` days ago (0: today).
    Retired {
        days: i64,
    },
}

impl Lifecycle {
    pub fn retires_on(&self) -> Option<Date> {
        self.retires.parse().ok()
    }

    pub fn standing(&self, today: Date) -> Standing {
        let Some(retires) = self.retires_on() else {
            return Standing::Offered;
        };
        let Some(days) = days_between(today, retires) else {
            return Standing::Offered;
        };
        if days <= 0 {
            Standing::Retired { days: -days }
        } else if days <= WARN_DAYS {
            Standing::Retiring { days }
        } else {
            Standing::Offered
        }
    }

    /// A problem with the entry's dates, for catalog validation.
    pub fn check(&self) -> Option<String> {
        if self.retires_on().is_none() {
            return Some(format!(
                "lifecycle retires = \"{}\"; expected a date like 2026-12-15",
                self.retires
            ));
        }
        if let Some(a) = &self.available {
            match a.parse::<Date>() {
                Err(_) => {
                    return Some(format!(
                        "lifecycle available = \"{a}\"; expected a date like 2024-07-18"
                    ))
                }
                Ok(a) if Some(a) > self.retires_on() => {
                    return Some(format!(
                        "lifecycle available {a} is after retires {}; expected the first day before the last",
                        self.retires
                    ))
                }
                Ok(_) => {}
            }
        }
        if self.source.trim().is_empty() {
            return Some(
                "lifecycle has no source; expected the vendor's published schedule".to_string(),
            );
        }
        None
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> Option<i64> {
    let span = from.until((jiff::Unit::Day, to)).ok()?;
    Some(i64::from(span.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn life(retires: &str) -> Lifecycle {
        Lifecycle {
            available: None,
            retires: retires.to_string(),
            successor: None,
            source: "https://example.com".to_string(),
        }
    }

    #[test]
    fn a_model_is_retiring_within_ninety_days_and_retired_from_its_day() {
        let today: Date = "2026-12-02".parse().unwrap();
        assert_eq!(
            life("2026-12-15").standing(today),
            Standing::Retiring { days: 13 }
        );
        assert_eq!(
            life("2027-03-02").standing(today),
            Standing::Retiring { days: 90 }
        );
        assert_eq!(life("2027-03-03").standing(today), Standing::Offered);
        assert_eq!(
            life("2026-12-02").standing(today),
            Standing::Retired { days: 0 }
        );
        assert_eq!(
            life("2026-06-19").standing(today),
            Standing::Retired { days: 166 }
        );
    }

    #[test]
    fn bad_dates_are_named() {
        assert!(life("soon").check().unwrap().contains("expected a date"));
        let mut l = life("2026-12-15");
        l.available = Some("2027-01-01".to_string());
        assert!(l.check().unwrap().contains("after retires"));
        l.available = Some("2024-07-18".to_string());
        assert_eq!(l.check(), None);
    }
}
