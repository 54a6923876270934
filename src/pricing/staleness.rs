//! How old a price is allowed to get. A price seen longer ago than the
//! threshold is "stale": `pricing show` flags it and the commands that use it
//! say so in a one-line warning.

use super::catalog::{Catalog, PriceEntry};
use crate::error::{Error, Result};
use jiff::civil::Date;

/// The default threshold: a quarter.
pub const DEFAULT_MAX_AGE_DAYS: i64 = 90;

/// Environment variable that fixes "today" (YYYY-MM-DD), for tests and
/// reproducible output.
pub const TODAY_ENV: &str = "ARCHPLAN_TODAY";

/// Today's date: `ARCHPLAN_TODAY` when set, else the system clock (UTC).
pub fn today() -> Result<Date> {
    match std::env::var(TODAY_ENV) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse::<Date>().map_err(|_| {
            Error::input(format!(
                "{TODAY_ENV}=\"{v}\" is not a date; expected YYYY-MM-DD, e.g. 2026-11-25"
            ))
        }),
        // UTC, not the local zone: resolving the system zone makes jiff read
        // the whole zoneinfo database (over a thousand files, ~10 ms), and a
        // day's difference does not matter to a 90-day threshold.
        _ => Ok(jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()),
    }
}

/// A maximum age in days, written `90d`, `12w` or `90`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxAge(pub i64);

impl Default for MaxAge {
    fn default() -> Self {
        MaxAge(DEFAULT_MAX_AGE_DAYS)
    }
}

impl std::fmt::Display for MaxAge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}d", self.0)
    }
}

impl std::str::FromStr for MaxAge {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let t = s.trim().to_ascii_lowercase();
        let (digits, factor) = if let Some(d) = t.strip_suffix('d') {
            (d, 1)
        } else if let Some(w) = t.strip_suffix('w') {
            (w, 7)
        } else {
            (t.as_str(), 1)
        };
        match digits.trim().parse::<i64>() {
            Ok(n) if (0..=36_500).contains(&n) => Ok(MaxAge(n * factor)),
            _ => Err(format!("expected an age like 90d or 12w, got \"{s}\"")),
        }
    }
}

/// Days between the day a price was seen and `today` (negative if seen in the
/// future; `None` if the date does not parse, which the catalog rejects).
pub fn age_days(entry: &PriceEntry, today: Date) -> Option<i64> {
    let seen = entry.seen_date()?;
    seen.until(today)
        .ok()
        .map(|span| i64::from(span.get_days()))
}

pub fn is_stale(entry: &PriceEntry, today: Date, max_age: MaxAge) -> bool {
    age_days(entry, today).is_some_and(|age| age > max_age.0)
}

/// Every catalog entry older than `max_age` on `today`, in catalog order.
pub fn stale(catalog: &Catalog, today: Date, max_age: MaxAge) -> Vec<&PriceEntry> {
    catalog
        .entries
        .iter()
        .filter(|e| is_stale(e, today, max_age))
        .collect()
}

/// The one-line warning a command prints when it used stale prices, or
/// `None` when every price used is fresh. `used` are the entries the command
/// priced with (duplicates are fine).
pub fn warning<'a>(
    used: impl IntoIterator<Item = &'a PriceEntry>,
    today: Date,
    max_age: MaxAge,
) -> Option<String> {
    let mut old: Vec<(&str, &str)> = used
        .into_iter()
        .filter(|e| is_stale(e, today, max_age))
        .map(|e| (e.id.as_str(), e.seen.as_str()))
        .collect();
    old.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
    old.dedup();
    let (oldest_id, oldest_seen) = *old.first()?;
    let n = old.len();
    Some(format!(
        "{n} price{} used {} older than {} days (oldest: {oldest_id}, seen {oldest_seen}); see `archplan pricing show --stale-after {}`",
        if n == 1 { "" } else { "s" },
        if n == 1 { "is" } else { "are" },
        max_age.0,
        max_age
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let entry = |id: &str, seen: &str| {
            format!(
                "[[price]]\nid = \"{id}\"\nvendor = \"x\"\nservice = \"s\"\nregion = \"global\"\nunit = \"hour\"\nprice = \"1\"\nsource = \"https://example.com\"\nseen = \"{seen}\"\n"
            )
        };
        let text = entry("fresh", "2026-11-01")
            + &entry("edge", "2026-08-27")
            + &entry("old", "2026-08-26");
        Catalog::parse(vec![("x.toml".into(), text)]).unwrap()
    }

    #[test]
    fn an_entry_is_stale_strictly_after_the_threshold() {
        let c = catalog();
        let today: Date = "2026-11-25".parse().unwrap();
        let ids: Vec<&str> = stale(&c, today, MaxAge(90))
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, vec!["old"]);
        assert_eq!(age_days(&c.entries[1], today), Some(90));
        assert!(stale(&c, today, MaxAge(0)).len() == 3);
    }

    #[test]
    fn ages_parse_in_days_and_weeks() {
        assert_eq!("90d".parse::<MaxAge>(), Ok(MaxAge(90)));
        assert_eq!("2w".parse::<MaxAge>(), Ok(MaxAge(14)));
        assert_eq!("30".parse::<MaxAge>(), Ok(MaxAge(30)));
        assert!("soon".parse::<MaxAge>().is_err());
        assert!("-3d".parse::<MaxAge>().is_err());
    }

    #[test]
    fn the_warning_names_the_oldest_price_once() {
        let c = catalog();
        let today: Date = "2026-11-25".parse().unwrap();
        let used = [&c.entries[2], &c.entries[0], &c.entries[2], &c.entries[1]];
        let w = warning(used, today, MaxAge(80)).unwrap();
        assert_eq!(
            w,
            "2 prices used are older than 80 days (oldest: old, seen 2026-08-26); see `archplan pricing show --stale-after 80d`"
        );
        assert_eq!(warning([&c.entries[0]], today, MaxAge(80)), None);
    }
}
