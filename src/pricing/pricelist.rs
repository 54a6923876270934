//! The AWS Price List format, shared by `pricing refresh` (GetProducts) and
//! `pricing import` (bulk offer files): which products a catalog entry names,
//! which price dimension of a product's on-demand term is "the" price, and how
//! a Price List unit converts to the catalog's unit.

use super::catalog::{Catalog, PriceEntry, Unit};
use crate::error::Error;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The offer term code of AWS on-demand prices.
pub const ON_DEMAND_TERM: &str = "JRTCKXETXF";

/// One price dimension of an on-demand term.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    /// Start of the usage tier this rate applies to ("0" for the first).
    pub begin_range: Decimal,
    /// Price List unit ("Hrs", "GB-Mo", "Requests"…).
    pub unit: String,
    pub usd: Decimal,
}

/// The on-demand dimensions of one product (SKU).
#[derive(Debug, Clone, PartialEq)]
pub struct SkuPrice {
    pub sku: String,
    pub dimensions: Vec<Dimension>,
    /// The instance facts of the product, when it is an instance.
    pub facts: InstanceFacts,
}

/// What the Price List says of an instance besides its price: `memory`
/// ("2 GiB") and `vcpu` ("2"). Capacity sizes database classes and cache
/// node types with them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InstanceFacts {
    pub memory_gib: Option<Decimal>,
    pub vcpu: Option<u32>,
}

impl InstanceFacts {
    /// From the Price List's attribute values; anything else than
    /// "N GiB" and a whole number ("NA", "Variable") is no fact.
    pub fn from_attributes(memory: Option<&str>, vcpu: Option<&str>) -> InstanceFacts {
        let memory_gib = memory
            .and_then(|m| m.trim().strip_suffix("GiB"))
            .and_then(|n| parse_decimal(n.trim().replace(',', "").as_str()))
            .filter(|m| *m > Decimal::ZERO);
        let vcpu = vcpu
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|&v| v > 0);
        InstanceFacts { memory_gib, vcpu }
    }

    /// The facts every SKU agrees on.
    fn common(skus: &[SkuPrice]) -> InstanceFacts {
        let agree = |f: &dyn Fn(&InstanceFacts) -> Option<String>| {
            let first = skus.first().map(|s| f(&s.facts))?;
            skus.iter().all(|s| f(&s.facts) == first).then_some(first)?
        };
        InstanceFacts {
            memory_gib: agree(&|f| f.memory_gib.map(|m| m.normalize().to_string()))
                .and_then(|m| parse_decimal(&m)),
            vcpu: agree(&|f| f.vcpu.map(|v| v.to_string())).and_then(|v| v.parse().ok()),
        }
    }
}

/// Attribute names a catalog entry matches on that are not product
/// attributes: `servicecode` is also the offer code, `productFamily` sits
/// beside the attributes.
pub const SERVICE_CODE: &str = "servicecode";
pub const PRODUCT_FAMILY: &str = "productFamily";

/// The service code an entry is refreshed from.
pub fn service_code(entry: &PriceEntry) -> &str {
    entry
        .match_attributes
        .get(SERVICE_CODE)
        .map_or("", String::as_str)
}

/// True when a product carries every attribute of `want` with the same value.
/// `attr` looks a product attribute up by name.
pub fn product_matches<'a>(
    want: &BTreeMap<String, String>,
    product_family: Option<&str>,
    mut attr: impl FnMut(&str) -> Option<&'a str>,
) -> bool {
    want.iter().all(|(k, v)| {
        let got = if k == PRODUCT_FAMILY {
            product_family
        } else {
            attr(k)
        };
        got == Some(v.as_str())
    })
}

/// The rate an entry stands for among a product's dimensions: the only one,
/// or for a tiered price the first paid tier (a leading free tier is an
/// allowance, which the catalog records as `free_quantity`).
pub fn chosen_dimension(dims: &[Dimension]) -> Option<&Dimension> {
    let mut sorted: Vec<&Dimension> = dims.iter().collect();
    sorted.sort_by_key(|d| d.begin_range);
    let first_paid = sorted.iter().find(|d| !d.usd.is_zero()).copied();
    first_paid.or_else(|| sorted.first().copied())
}

/// What a Price List unit measures, in the smallest base the catalog knows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Measure {
    /// Time, in seconds per Price List unit.
    Seconds(u32),
    GbMonth,
    Gb,
    Requests,
    Secrets,
    Tokens(u32),
    Month,
    Alarms,
    GbSeconds,
}

fn measure(unit: &str) -> Option<Measure> {
    let u = unit.trim().to_ascii_lowercase();
    let u = u.as_str();
    let time = |s: &str| -> Option<u32> {
        let s = s.rsplit('-').next().unwrap_or(s);
        match s {
            "hrs" | "hr" | "hour" | "hours" => Some(3600),
            "minutes" | "minute" | "min" | "mins" => Some(60),
            "seconds" | "second" | "sec" | "secs" | "s" => Some(1),
            _ => None,
        }
    };
    Some(match u {
        "gb-mo" | "gb-month" | "gb-months" | "gbmonth" => Measure::GbMonth,
        "gb" | "gigabytes" => Measure::Gb,
        "requests" | "request" | "api requests" | "api calls" | "count" => Measure::Requests,
        "secrets" | "secret" | "secret-month" | "secret-mo" => Measure::Secrets,
        "tokens" | "token" => Measure::Tokens(1),
        "1k tokens" | "1k-tokens" => Measure::Tokens(1_000),
        "1m tokens" | "1m-tokens" => Measure::Tokens(1_000_000),
        "mo" | "month" | "months" => Measure::Month,
        "alarms" | "alarm" => Measure::Alarms,
        // Lambda's duration unit: memory times time, not a time.
        "lambda-gb-second" | "gb-second" | "gb-seconds" | "gb-sec" => Measure::GbSeconds,
        _ => Measure::Seconds(time(u)?),
    })
}

/// Converts a price per Price List unit into a price per catalog unit, or
/// `None` when the two do not measure the same thing.
pub fn to_catalog_unit(usd: Decimal, pl_unit: &str, unit: Unit) -> Option<Decimal> {
    let m = measure(pl_unit)?;
    // Multiply before dividing: 0.016 per hour stays exactly 0.016.
    let per = |target_secs: u32, secs: u32| usd * Decimal::from(target_secs) / Decimal::from(secs);
    let price = match (unit, m) {
        (Unit::Hour | Unit::LcuHour | Unit::VcpuHour | Unit::GbHour, Measure::Seconds(s)) => {
            per(3600, s)
        }
        (Unit::Minute, Measure::Seconds(s)) => per(60, s),
        (Unit::GbMonth, Measure::GbMonth)
        | (Unit::Gb, Measure::Gb)
        | (Unit::SecretMonth, Measure::Secrets) => usd,
        (Unit::Month | Unit::SeatMonth, Measure::Month) => usd,
        (Unit::AlarmMonth, Measure::Alarms) => usd,
        (Unit::GbSecond, Measure::GbSeconds) => usd,
        (Unit::Requests1k | Unit::Requests10k | Unit::Requests1m, Measure::Requests) => {
            usd * unit.scale()
        }
        (Unit::Tokens1m, Measure::Tokens(per)) => usd * unit.scale() / Decimal::from(per),
        _ => return None,
    };
    Some(price.normalize())
}

/// What the Price List says an entry costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub entry: usize,
    /// In the catalog unit, normalised.
    pub price: Decimal,
    /// SKUs that gave this price.
    pub skus: Vec<String>,
    /// The instance facts the SKUs agree on.
    pub facts: InstanceFacts,
}

/// Why the Price List could not price an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    /// No product carries the entry's attributes (or none has an on-demand term).
    NoProduct,
    /// Products match but their on-demand prices differ.
    Conflict(Vec<(String, Decimal)>),
    /// A product matches but its unit is not the catalog's.
    Unit { sku: String, pl_unit: String },
}

/// The single on-demand price among the SKUs matched for an entry.
pub fn resolve(
    entry_index: usize,
    entry: &PriceEntry,
    skus: &[SkuPrice],
) -> std::result::Result<Found, Unresolved> {
    let skus_in = skus;
    let mut prices: Vec<(String, Decimal)> = Vec::new();
    for s in skus {
        let Some(d) = chosen_dimension(&s.dimensions) else {
            continue;
        };
        let Some(p) = to_catalog_unit(d.usd, &d.unit, entry.unit) else {
            return Err(Unresolved::Unit {
                sku: s.sku.clone(),
                pl_unit: d.unit.clone(),
            });
        };
        prices.push((s.sku.clone(), p));
    }
    let Some((_, first)) = prices.first().cloned() else {
        return Err(Unresolved::NoProduct);
    };
    if prices.iter().any(|(_, p)| *p != first) {
        return Err(Unresolved::Conflict(prices));
    }
    let mut skus: Vec<String> = prices.into_iter().map(|(s, _)| s).collect();
    skus.sort();
    skus.dedup();
    Ok(Found {
        entry: entry_index,
        price: first,
        skus,
        facts: InstanceFacts::common(skus_in),
    })
}

/// The filters of an entry, as `field=value` pairs, for messages.
pub fn describe_match(entry: &PriceEntry) -> String {
    entry
        .match_attributes
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The error for an entry the Price List could not price: an input error at
/// the entry's line, since its `[price.match]` is what needs changing.
pub fn unresolved_error(
    catalog: &Catalog,
    entry_index: usize,
    why: &Unresolved,
    source: &str,
) -> Error {
    let entry = &catalog.entries[entry_index];
    let message = match why {
        Unresolved::NoProduct => format!(
            "{source} has no on-demand product for price {} ({}); check its [price.match] attributes",
            entry.id,
            describe_match(entry)
        ),
        Unresolved::Conflict(prices) => format!(
            "{source} gives price {} two different on-demand prices ({}); add a [price.match] attribute that tells them apart",
            entry.id,
            prices
                .iter()
                .map(|(sku, p)| format!("{sku}: {p}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Unresolved::Unit { sku, pl_unit } => format!(
            "{source} prices {} (SKU {sku}) per \"{pl_unit}\", which does not convert to the catalog unit \"{}\"",
            entry.id,
            entry.unit.name()
        ),
    };
    Error::input(message).at(catalog.locate(entry_index))
}

/// One item of a GetProducts `PriceList` (a JSON document in a string).
#[derive(Debug, Deserialize)]
pub struct PriceListItem {
    pub product: PriceListProduct,
    #[serde(default)]
    pub terms: PriceListTerms,
}

#[derive(Debug, Deserialize)]
pub struct PriceListProduct {
    pub sku: String,
    #[serde(rename = "productFamily", default)]
    pub product_family: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PriceListTerms {
    /// Keyed by term key (`SKU.JRTCKXETXF`).
    #[serde(rename = "OnDemand", default)]
    pub on_demand: BTreeMap<String, PriceListTerm>,
}

#[derive(Debug, Deserialize)]
pub struct PriceListTerm {
    #[serde(rename = "offerTermCode", default)]
    pub offer_term_code: Option<String>,
    #[serde(rename = "priceDimensions", default)]
    pub price_dimensions: BTreeMap<String, PriceListDimension>,
}

#[derive(Debug, Deserialize)]
pub struct PriceListDimension {
    #[serde(default)]
    pub unit: String,
    #[serde(rename = "beginRange", default)]
    pub begin_range: Option<String>,
    #[serde(rename = "pricePerUnit", default)]
    pub price_per_unit: BTreeMap<String, String>,
}

/// True for the on-demand term, by its code or, failing that, its key.
pub fn is_on_demand_term(key: &str, offer_term_code: Option<&str>) -> bool {
    match offer_term_code {
        Some(code) => code == ON_DEMAND_TERM,
        None => key.rsplit('.').next() == Some(ON_DEMAND_TERM),
    }
}

/// Parses a Price List decimal ("0.0160000000", "Inf" is not a price).
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let t = s.trim();
    t.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(t).ok())
}

impl PriceListItem {
    pub fn parse(text: &str) -> std::result::Result<PriceListItem, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.product.attributes.get(name).and_then(|v| v.as_str())
    }

    /// Does this product carry every attribute of the entry? Checked again on
    /// our side: a filter the service ignored must not let a decoy through.
    pub fn matches(&self, entry: &PriceEntry) -> bool {
        let code = self.attribute(SERVICE_CODE);
        product_matches(
            &entry.match_attributes,
            self.product.product_family.as_deref(),
            |k| {
                if k == SERVICE_CODE {
                    code
                } else {
                    self.attribute(k)
                }
            },
        )
    }

    /// The on-demand dimensions, or an error naming what is malformed.
    pub fn on_demand(&self) -> std::result::Result<SkuPrice, String> {
        let mut dimensions = Vec::new();
        for (key, term) in &self.terms.on_demand {
            if !is_on_demand_term(key, term.offer_term_code.as_deref()) {
                continue;
            }
            for (rate, d) in &term.price_dimensions {
                let Some(usd) = d.price_per_unit.get("USD") else {
                    continue;
                };
                let usd = parse_decimal(usd).ok_or_else(|| {
                    format!("price dimension {rate} has USD \"{usd}\", not a number")
                })?;
                let begin_range = match d.begin_range.as_deref() {
                    None => Decimal::ZERO,
                    Some(b) => parse_decimal(b).ok_or_else(|| {
                        format!("price dimension {rate} has beginRange \"{b}\", not a number")
                    })?,
                };
                dimensions.push(Dimension {
                    begin_range,
                    unit: d.unit.clone(),
                    usd,
                });
            }
        }
        Ok(SkuPrice {
            sku: self.product.sku.clone(),
            dimensions,
            facts: InstanceFacts::from_attributes(self.attribute("memory"), self.attribute("vcpu")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn dim(begin: Decimal, unit: &str, usd: Decimal) -> Dimension {
        Dimension {
            begin_range: begin,
            unit: unit.into(),
            usd,
        }
    }

    #[test]
    fn a_tiered_price_is_its_first_paid_tier() {
        let tiers = [
            dim(dec!(51200), "GB-Mo", dec!(0.022)),
            dim(dec!(0), "GB-Mo", dec!(0.023)),
        ];
        assert_eq!(chosen_dimension(&tiers).unwrap().usd, dec!(0.023));
        let free_first = [
            dim(dec!(0), "GB", dec!(0)),
            dim(dec!(100), "GB", dec!(0.09)),
        ];
        assert_eq!(chosen_dimension(&free_first).unwrap().usd, dec!(0.09));
        let all_free = [dim(dec!(0), "GB", dec!(0))];
        assert_eq!(chosen_dimension(&all_free).unwrap().usd, dec!(0));
    }

    #[test]
    fn units_convert_exactly() {
        assert_eq!(
            to_catalog_unit(dec!(0.0160000000), "Hrs", Unit::Hour),
            Some(dec!(0.016))
        );
        assert_eq!(
            to_catalog_unit(dec!(0.0000050000), "Requests", Unit::Requests1k),
            Some(dec!(0.005))
        );
        assert_eq!(
            to_catalog_unit(dec!(0.000005), "API Requests", Unit::Requests10k),
            Some(dec!(0.05))
        );
        assert_eq!(
            to_catalog_unit(dec!(0.0001), "seconds", Unit::Minute),
            Some(dec!(0.006))
        );
        assert_eq!(
            to_catalog_unit(dec!(0.008), "LCU-Hrs", Unit::LcuHour),
            Some(dec!(0.008))
        );
        assert_eq!(
            to_catalog_unit(dec!(0.40), "Secrets", Unit::SecretMonth),
            Some(dec!(0.4))
        );
        assert_eq!(
            to_catalog_unit(dec!(0.0000008), "Tokens", Unit::Tokens1m),
            Some(dec!(0.8))
        );
        assert_eq!(to_catalog_unit(dec!(0.115), "Hrs", Unit::GbMonth), None);
        assert_eq!(to_catalog_unit(dec!(1), "Quacks", Unit::Hour), None);
    }

    fn entry(unit: Unit) -> PriceEntry {
        PriceEntry {
            lifecycle: None,
            id: "aws.x".into(),
            vendor: "aws".into(),
            service: "s".into(),
            region: "us-east-1".into(),
            unit,
            price: dec!(0.016),
            source: "https://example.com".into(),
            seen: "2026-01-01".into(),
            free_quantity: None,
            uncertain: false,
            note: None,
            memory_gib: None,
            vcpu: None,
            match_attributes: BTreeMap::from([(
                "servicecode".to_string(),
                "AmazonRDS".to_string(),
            )]),
        }
    }

    #[test]
    fn instance_facts_are_read_from_the_price_list_words() {
        let f = InstanceFacts::from_attributes(Some("1.37 GiB"), Some("2"));
        assert_eq!(f.memory_gib, Some(dec!(1.37)));
        assert_eq!(f.vcpu, Some(2));
        let none = InstanceFacts::from_attributes(Some("NA"), Some("Variable"));
        assert_eq!(none, InstanceFacts::default());
        assert_eq!(
            InstanceFacts::from_attributes(Some("1,024 GiB"), None).memory_gib,
            Some(dec!(1024))
        );
    }

    #[test]
    fn equal_prices_from_several_skus_agree_and_different_ones_conflict() {
        let e = entry(Unit::Hour);
        let sku = |s: &str, p: Decimal| SkuPrice {
            sku: s.into(),
            dimensions: vec![dim(dec!(0), "Hrs", p)],
            facts: InstanceFacts::default(),
        };
        let ok = resolve(
            0,
            &e,
            &[sku("B", dec!(0.0170000000)), sku("A", dec!(0.017))],
        )
        .unwrap();
        assert_eq!(ok.price, dec!(0.017));
        assert_eq!(ok.skus, vec!["A", "B"]);
        match resolve(0, &e, &[sku("A", dec!(0.017)), sku("B", dec!(0.034))]) {
            Err(Unresolved::Conflict(p)) => assert_eq!(p.len(), 2),
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve(0, &e, &[]), Err(Unresolved::NoProduct));
    }

    #[test]
    fn only_the_on_demand_term_counts() {
        let text = r#"{"product":{"sku":"S","productFamily":"Database Instance","attributes":{"servicecode":"AmazonRDS"}},
          "terms":{"OnDemand":{"S.JRTCKXETXF":{"offerTermCode":"JRTCKXETXF","priceDimensions":{"S.JRTCKXETXF.6YS6EN2CT7":{"unit":"Hrs","beginRange":"0","pricePerUnit":{"USD":"0.0160000000"}}}},
                               "S.OTHERCODE1":{"offerTermCode":"OTHERCODE1","priceDimensions":{"x":{"unit":"Hrs","pricePerUnit":{"USD":"9"}}}}},
                   "Reserved":{"S.HU7G6KETJZ":{"offerTermCode":"HU7G6KETJZ","priceDimensions":{"y":{"unit":"Quantity","pricePerUnit":{"USD":"100"}}}}}}}"#;
        let item = PriceListItem::parse(text).unwrap();
        let p = item.on_demand().unwrap();
        assert_eq!(p.dimensions, vec![dim(dec!(0), "Hrs", dec!(0.016))]);
    }
}
