//! `pricing import --add`: catalog entries made from the products of an
//! offer file, for the instance classes, node types and storage that the
//! catalog does not list yet. Which products become which ids is each kind's
//! concern (`offer_entry` in `src/kinds/`); this module builds the entry and
//! writes the compact file that holds them.

use super::catalog::{PriceEntry, Unit};
use super::offer::Product;
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

/// The file `--add` writes into the pricing folder, per region: one line
/// per price, read with the `.toml` files (see [`parse`]).
pub fn file_name(region: &str) -> String {
    format!("aws-{region}-added.csv")
}

/// An entry for `product`, priced later by the import, matched on the
/// product's `keys` (and its service code and family).
pub fn entry(
    id: String,
    service: &str,
    region: &str,
    unit: Unit,
    service_code: &str,
    product: &Product,
    keys: &[&str],
) -> PriceEntry {
    let mut matched = BTreeMap::from([
        ("servicecode".to_string(), service_code.to_string()),
        ("productFamily".to_string(), product.family.clone()),
    ]);
    for k in keys {
        if let Some(v) = product.attributes.get(*k) {
            matched.insert(k.to_string(), v.clone());
        }
    }
    PriceEntry {
        lifecycle: None,
        id,
        vendor: "aws".to_string(),
        service: service.to_string(),
        region: region.to_string(),
        unit,
        price: Decimal::ZERO,
        source: String::new(),
        seen: String::new(),
        free_quantity: None,
        uncertain: false,
        note: None,
        memory_gib: None,
        vcpu: None,
        match_attributes: matched,
    }
}

/// Whether a product is of `region` (offer files of one region say so in
/// `regionCode`; a product without it is taken as the file's).
pub fn in_region(product: &Product, region: &str) -> bool {
    product
        .attributes
        .get("regionCode")
        .is_none_or(|r| r == region)
}

const HEADER: [&str; 10] = [
    "id",
    "service",
    "region",
    "unit",
    "price",
    "seen",
    "source",
    "memory_gib",
    "vcpu",
    "match",
];

/// The compact form: a CSV of AWS prices, one per line, its `match` column
/// `key=value` pairs joined by `;`. A catalog of every instance class is a
/// few hundred lines instead of thousands of TOML lines, and parses in a
/// fraction of the time.
pub fn to_csv(entries: &[PriceEntry]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::runtime(format!("cannot write the added prices: {e}"));
    w.write_record(HEADER).map_err(fail)?;
    for e in entries {
        let matched: Vec<String> = e
            .match_attributes
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        w.write_record([
            e.id.as_str(),
            &e.service,
            &e.region,
            e.unit.name(),
            &e.price.normalize().to_string(),
            &e.seen,
            &e.source,
            &e.memory_gib
                .map(|m| m.normalize().to_string())
                .unwrap_or_default(),
            &e.vcpu.map(|v| v.to_string()).unwrap_or_default(),
            &matched.join(";"),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::runtime(format!("cannot write the added prices: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::runtime(e.to_string()))
}

/// Reads the compact form; an error names `file:line`.
pub fn parse(file: &str, text: &str) -> Result<Vec<PriceEntry>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| Error::input(format!("{e}")).in_file(file.to_string()))?
        .clone();
    if headers.iter().collect::<Vec<_>>() != HEADER {
        return Err(Error::input(format!(
            "the header is \"{}\"; expected \"{}\"",
            headers.iter().collect::<Vec<_>>().join(","),
            HEADER.join(",")
        ))
        .in_file(format!("{file}:1")));
    }
    let mut out = Vec::new();
    for (n, record) in r.records().enumerate() {
        let at = format!("{file}:{}", n + 2);
        let record = record.map_err(|e| Error::input(e.to_string()).in_file(at.clone()))?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        let bad = |what: &str, value: &str, want: &str| {
            Error::input(format!("{what} \"{value}\"; expected {want}")).in_file(at.clone())
        };
        let unit: Unit = serde_json::from_value(serde_json::Value::String(field(3).to_string()))
            .map_err(|_| bad("unit", field(3), "a catalog unit such as hour or gb-month"))?;
        let price: Decimal = field(4)
            .parse()
            .map_err(|_| bad("price", field(4), "a decimal number such as 0.016"))?;
        let memory_gib = match field(7) {
            "" => None,
            m => Some(
                m.parse()
                    .map_err(|_| bad("memory_gib", m, "a number of GiB"))?,
            ),
        };
        let vcpu = match field(8) {
            "" => None,
            v => Some(v.parse().map_err(|_| bad("vcpu", v, "a whole number"))?),
        };
        let mut matched = BTreeMap::new();
        for pair in field(9).split(';').filter(|p| !p.is_empty()) {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| bad("match", pair, "key=value pairs joined by ;"))?;
            matched.insert(k.to_string(), v.to_string());
        }
        out.push(PriceEntry {
            lifecycle: None,
            id: field(0).to_string(),
            vendor: "aws".to_string(),
            service: field(1).to_string(),
            region: field(2).to_string(),
            unit,
            price,
            source: field(6).to_string(),
            seen: field(5).to_string(),
            free_quantity: None,
            uncertain: false,
            note: None,
            memory_gib,
            vcpu,
            match_attributes: matched,
        });
    }
    Ok(out)
}

/// Whether a catalog file is in the compact form.
pub fn is_compact(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "csv")
}
