//! The price snapshot: every unit price with its vendor, unit, source and the
//! date it was seen, read from `pricing-data/*.toml`.

use crate::error::{Error, Location, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The unit a price is quoted in, and how many base quantities it covers
/// (a price per 1M tokens covers 1,000,000 tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    #[serde(rename = "hour")]
    Hour,
    #[serde(rename = "gb-month")]
    GbMonth,
    #[serde(rename = "gb")]
    Gb,
    #[serde(rename = "1k-requests")]
    Requests1k,
    #[serde(rename = "10k-requests")]
    Requests10k,
    #[serde(rename = "1m-requests")]
    Requests1m,
    #[serde(rename = "secret-month")]
    SecretMonth,
    #[serde(rename = "1m-tokens")]
    Tokens1m,
    #[serde(rename = "minute")]
    Minute,
    #[serde(rename = "month")]
    Month,
    #[serde(rename = "seat-month")]
    SeatMonth,
    #[serde(rename = "100k-messages")]
    Messages100k,
    #[serde(rename = "100k-commands")]
    Commands100k,
    #[serde(rename = "lcu-hour")]
    LcuHour,
    #[serde(rename = "vcpu-hour")]
    VcpuHour,
    #[serde(rename = "gb-hour")]
    GbHour,
    #[serde(rename = "alarm-month")]
    AlarmMonth,
    #[serde(rename = "gb-second")]
    GbSecond,
}

impl Unit {
    /// Base quantities one priced unit covers.
    pub fn scale(self) -> Decimal {
        match self {
            Unit::Requests1k => Decimal::from(1_000),
            Unit::Requests10k => Decimal::from(10_000),
            Unit::Requests1m | Unit::Tokens1m => Decimal::from(1_000_000),
            Unit::Messages100k | Unit::Commands100k => Decimal::from(100_000),
            _ => Decimal::ONE,
        }
    }

    /// The base quantity, as shown beside a line's quantity.
    pub fn base(self) -> &'static str {
        match self {
            Unit::Hour => "h",
            Unit::GbMonth => "GB-mo",
            Unit::Gb => "GB",
            Unit::Requests1k | Unit::Requests10k | Unit::Requests1m => "requests",
            Unit::SecretMonth => "secrets",
            Unit::Tokens1m => "tokens",
            Unit::Minute => "min",
            Unit::Month => "month",
            Unit::SeatMonth => "seats",
            Unit::Messages100k => "messages",
            Unit::Commands100k => "commands",
            Unit::LcuHour => "LCU-h",
            Unit::VcpuHour => "vCPU-h",
            Unit::GbHour => "GB-h",
            Unit::AlarmMonth => "alarms",
            Unit::GbSecond => "GB-s",
        }
    }

    /// The base quantity for a count: "1 seat", "2 seats".
    pub fn base_for(self, quantity: Decimal) -> &'static str {
        if quantity != Decimal::ONE {
            return self.base();
        }
        match self {
            Unit::Requests1k | Unit::Requests10k | Unit::Requests1m => "request",
            Unit::SecretMonth => "secret",
            Unit::Tokens1m => "token",
            Unit::SeatMonth => "seat",
            Unit::Messages100k => "message",
            Unit::Commands100k => "command",
            Unit::AlarmMonth => "alarm",
            other => other.base(),
        }
    }

    /// How a unit price is labelled: "per 1M tokens".
    pub fn per(self) -> &'static str {
        match self {
            Unit::Hour => "per hour",
            Unit::GbMonth => "per GB-month",
            Unit::Gb => "per GB",
            Unit::Requests1k => "per 1K requests",
            Unit::Requests10k => "per 10K requests",
            Unit::Requests1m => "per 1M requests",
            Unit::SecretMonth => "per secret-month",
            Unit::Tokens1m => "per 1M tokens",
            Unit::Minute => "per minute",
            Unit::Month => "per month",
            Unit::SeatMonth => "per seat-month",
            Unit::Messages100k => "per 100K messages",
            Unit::Commands100k => "per 100K commands",
            Unit::LcuHour => "per LCU-hour",
            Unit::VcpuHour => "per vCPU-hour",
            Unit::GbHour => "per GB-hour",
            Unit::AlarmMonth => "per alarm-month",
            Unit::GbSecond => "per GB-second",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::Hour => "hour",
            Unit::GbMonth => "gb-month",
            Unit::Gb => "gb",
            Unit::Requests1k => "1k-requests",
            Unit::Requests10k => "10k-requests",
            Unit::Requests1m => "1m-requests",
            Unit::SecretMonth => "secret-month",
            Unit::Tokens1m => "1m-tokens",
            Unit::Minute => "minute",
            Unit::Month => "month",
            Unit::SeatMonth => "seat-month",
            Unit::Messages100k => "100k-messages",
            Unit::Commands100k => "100k-commands",
            Unit::LcuHour => "lcu-hour",
            Unit::VcpuHour => "vcpu-hour",
            Unit::GbHour => "gb-hour",
            Unit::AlarmMonth => "alarm-month",
            Unit::GbSecond => "gb-second",
        }
    }
}

/// One published unit price.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PriceEntry {
    pub id: String,
    pub vendor: String,
    pub service: String,
    pub region: String,
    pub unit: Unit,
    /// As published, exact.
    pub price: Decimal,
    pub source: String,
    /// `YYYY-MM-DD`, the day the price was seen at its source.
    pub seen: String,
    /// Quantity included free each month, in base quantities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_quantity: Option<Decimal>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// An instance's memory, GiB (the Price List's `memory`): what capacity
    /// sizes a database class or a cache node type with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_gib: Option<Decimal>,
    /// An instance's vCPUs (the Price List's `vcpu`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vcpu: Option<u32>,
    /// When the priced model stops being offered (`[price.lifecycle]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<super::lifecycle::Lifecycle>,
    /// AWS Price List attributes a refresh matches on (servicecode, instanceType…).
    #[serde(default, rename = "match", skip_serializing_if = "BTreeMap::is_empty")]
    pub match_attributes: BTreeMap<String, String>,
}

impl PriceEntry {
    pub fn seen_date(&self) -> Option<jiff::civil::Date> {
        self.seen.parse().ok()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceFile {
    #[serde(default)]
    price: Vec<PriceEntry>,
}

/// Where an entry came from, so refresh can rewrite the right file.
#[derive(Debug, Clone)]
pub struct CatalogFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub entries: Vec<PriceEntry>,
    /// Index of `entries[i]` in `files`.
    pub file_of: Vec<usize>,
    pub files: Vec<CatalogFile>,
    by_id: HashMap<String, Vec<usize>>,
}

impl Catalog {
    /// Parses and indexes catalog files given as (display name, text).
    pub fn parse(files: Vec<(String, String)>) -> Result<Catalog> {
        let mut catalog = Catalog::default();
        for (name, text) in files {
            let entries = if super::added::is_compact(&name) {
                super::added::parse(&name, &text)?
            } else {
                let parsed: PriceFile =
                    toml::from_str(&text).map_err(|e| toml_error(&name, &text, &e))?;
                parsed.price
            };
            let file_index = catalog.files.len();
            for entry in entries {
                validate_entry(&entry, &name, &text)?;
                let i = catalog.entries.len();
                let duplicate = catalog.by_id.get(&entry.id).and_then(|ids| {
                    ids.iter()
                        .copied()
                        .find(|&j| catalog.entries[j].region == entry.region)
                });
                if let Some(other) = duplicate {
                    let other_file = catalog
                        .files
                        .get(catalog.file_of[other])
                        .map_or(name.as_str(), |f| f.name.as_str());
                    return Err(Error::input(format!(
                        "price {} for region {} is defined twice (also in {other_file})",
                        entry.id, entry.region
                    ))
                    .at(locate_id_nth(&name, &text, &entry.id, 1)));
                }
                catalog.by_id.entry(entry.id.clone()).or_default().push(i);
                catalog.entries.push(entry);
                catalog.file_of.push(file_index);
            }
            catalog.files.push(CatalogFile { name, text });
        }
        Ok(catalog)
    }

    /// The price of `id` in `region`. AWS prices are regional and must match;
    /// other vendors publish one price list, so their entry is used wherever it is.
    pub fn get(&self, id: &str, region: &str) -> Option<&PriceEntry> {
        let candidates = self.by_id.get(id)?;
        let entries = candidates.iter().map(|&i| &self.entries[i]);
        let mut fallback = None;
        for entry in entries {
            if entry.region == region {
                return Some(entry);
            }
            if entry.vendor != "aws" && (fallback.is_none() || entry.region == "global") {
                fallback = Some(entry);
            }
        }
        fallback
    }

    /// Ids of the form `{prefix}{x}{suffix}`, as the list of `x`: the valid
    /// values of a size field, for "did you mean".
    pub fn family(&self, prefix: &str, suffix: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .by_id
            .keys()
            .filter_map(|id| id.strip_prefix(prefix)?.strip_suffix(suffix))
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every vendor with at least one price.
    pub fn vendors(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.entries.iter().map(|e| e.vendor.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    pub fn file_name_of(&self, entry_index: usize) -> &str {
        &self.files[self.file_of[entry_index]].name
    }

    /// Where entry `entry_index` is defined (the line of its `id`).
    pub fn locate(&self, entry_index: usize) -> Option<Location> {
        let file = &self.files[self.file_of[entry_index]];
        locate_id(&file.name, &file.text, &self.entries[entry_index].id)
    }
}

fn validate_entry(entry: &PriceEntry, file: &str, text: &str) -> Result<()> {
    let fail = |msg: String| Err(Error::input(msg).at(locate_id(file, text, &entry.id)));
    if entry.price.is_sign_negative() && !entry.price.is_zero() {
        return fail(format!(
            "price {} is negative ({}); expected a published price of 0 or more",
            entry.id, entry.price
        ));
    }
    if entry.price > Decimal::from(1_000_000)
        || entry
            .free_quantity
            .is_some_and(|f| f.abs() > Decimal::from(1_000_000_000_000u64))
    {
        return fail(format!(
            "price {} is {} (free quantity {:?}); expected at most 1,000,000 per unit and 10^12 free",
            entry.id, entry.price, entry.free_quantity
        ));
    }
    if entry.seen_date().is_none() {
        return fail(format!(
            "price {} has seen = \"{}\"; expected a date like 2026-11-25",
            entry.id, entry.seen
        ));
    }
    if let Some(problem) = entry.lifecycle.as_ref().and_then(|l| l.check()) {
        return fail(format!("price {}: {problem}", entry.id));
    }
    if entry.source.trim().is_empty() {
        return fail(format!(
            "price {} has no source; every price names where it was seen",
            entry.id
        ));
    }
    if entry.vendor == "aws" && !entry.match_attributes.contains_key("servicecode") {
        return fail(format!(
            "AWS price {} has no [price.match] servicecode; a refresh could not find it",
            entry.id
        ));
    }
    Ok(())
}

/// Position of the `id = "…"` line of an entry.
fn locate_id(file: &str, text: &str, id: &str) -> Option<Location> {
    locate_id_nth(file, text, id, 0)
}

/// Position of the `nth` `id = "…"` line for `id` (the last one if fewer),
/// so a duplicate is reported where it is repeated.
fn locate_id_nth(file: &str, text: &str, id: &str, nth: usize) -> Option<Location> {
    let needle = format!("\"{id}\"");
    let found: Vec<Location> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim_start().starts_with("id") && line.contains(&needle))
        .map(|(n, line)| Location {
            file: file.to_string(),
            line: n + 1,
            column: line.find(&needle).unwrap_or(0) + 1,
        })
        .collect();
    found.get(nth).or(found.last()).cloned()
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> Error {
    let location = e.span().map(|span| {
        let (line, column) = line_col(text, span.start);
        Location {
            file: file.to_string(),
            line,
            column,
        }
    });
    let message = e.message().to_string();
    let suggestion = unknown_variant_hint(&message);
    Error::input(message)
        .at(location)
        .in_file(file)
        .suggest(suggestion)
}

/// For serde's "unknown variant `x`, expected one of `a`, `b`" and "unknown field"
/// messages: the listed value closest to the unknown one.
pub fn unknown_variant_hint(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown variant `")
        .or_else(|| message.strip_prefix("unknown field `"))
        .or_else(|| message.split_once(": unknown field `").map(|(_, r)| r))
        .or_else(|| message.split_once(": unknown variant `").map(|(_, r)| r))?;
    let (value, expected) = rest.split_once('`')?;
    let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    crate::error::closest(value, options.iter().copied()).map(|s| format!("`{s}`"))
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, region: &str, vendor: &str) -> String {
        format!(
            "[[price]]\nid = \"{id}\"\nvendor = \"{vendor}\"\nservice = \"s\"\nregion = \"{region}\"\nunit = \"hour\"\nprice = \"0.032\"\nsource = \"https://example.com\"\nseen = \"2026-11-25\"\n[price.match]\nservicecode = \"AmazonRDS\"\n"
        )
    }

    #[test]
    fn aws_prices_are_regional() {
        let text = entry("aws.x", "us-east-1", "aws") + &entry("aws.x", "eu-west-1", "aws");
        let c = Catalog::parse(vec![("aws.toml".into(), text)]).unwrap();
        assert_eq!(c.get("aws.x", "eu-west-1").unwrap().region, "eu-west-1");
        assert!(c.get("aws.x", "ap-south-1").is_none());
    }

    #[test]
    fn a_duplicate_id_is_reported_at_its_line() {
        let text = entry("aws.x", "us-east-1", "aws") + &entry("aws.x", "us-east-1", "aws");
        let e = Catalog::parse(vec![("aws.toml".into(), text)]).unwrap_err();
        assert!(e.to_string().contains("defined twice"), "{e}");
        assert_eq!(e.location.unwrap().line, 13);
    }

    #[test]
    fn an_unknown_unit_suggests_the_nearest() {
        let text = entry("aws.x", "us-east-1", "aws").replace("\"hour\"", "\"hours\"");
        let e = Catalog::parse(vec![("aws.toml".into(), text)]).unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("`hour`"), "{e}");
        assert_eq!(e.location.unwrap().line, 6);
    }

    #[test]
    fn family_lists_the_valid_sizes() {
        let text = entry(
            "aws.rds.postgres.db.t4g.small.single-az",
            "us-east-1",
            "aws",
        ) + &entry(
            "aws.rds.postgres.db.t4g.micro.single-az",
            "us-east-1",
            "aws",
        ) + &entry("aws.rds.postgres.db.t4g.micro.multi-az", "us-east-1", "aws");
        let c = Catalog::parse(vec![("aws.toml".into(), text)]).unwrap();
        assert_eq!(
            c.family("aws.rds.postgres.", ".single-az"),
            vec!["db.t4g.micro", "db.t4g.small"]
        );
    }
}
