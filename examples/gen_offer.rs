//! Writes a synthetic AWS bulk offer file (AmazonRDS layout: products, then
//! terms.OnDemand, then terms.Reserved) of a given size, for
//! benches/import.sh. Every AmazonRDS entry of the catalog gets one product
//! carrying its [price.match] attributes; the rest are decoys (other engines,
//! deployments, instance types) with on-demand and reserved terms.
//!
//! cargo run --release --example gen_offer -- OUT.json SIZE_MB CATALOG_DIR SKUS_OUT

use archplan::pricing::catalog::{Catalog, Unit};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};

const ENGINES: &[(&str, &str)] = &[
    ("PostgreSQL", "14"),
    ("MySQL", "2"),
    ("MariaDB", "18"),
    ("Oracle", "4"),
    ("SQL Server", "12"),
];
const DEPLOYMENTS: &[&str] = &["Single-AZ", "Multi-AZ", "Multi-AZ (readable standbys)"];
const FAMILIES: &[&str] = &[
    "t3", "t4g", "m5", "m6g", "m6i", "m7g", "r5", "r6g", "r6i", "r7g", "x2g", "c6gd",
];
const SIZES: &[&str] = &[
    "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge",
    "16xlarge",
];

fn sku(n: u64) -> String {
    const A: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66;
    let mut s = String::with_capacity(16);
    for _ in 0..16 {
        s.push(A[(x % 32) as usize] as char);
        x = (x / 32) ^ (x << 59).rotate_left(7);
        x = x.wrapping_mul(6364136223846793005).wrapping_add(n);
    }
    s
}

struct Product {
    sku: String,
    family: String,
    attrs: Vec<(String, String)>,
    unit: &'static str,
    usd: String,
}

fn decoy(n: u64) -> Product {
    let fam = FAMILIES[(n % FAMILIES.len() as u64) as usize];
    let size = SIZES[(n / 7 % SIZES.len() as u64) as usize];
    let (mut engine, code) = ENGINES[(n / 3 % ENGINES.len() as u64) as usize];
    let dep = DEPLOYMENTS[(n / 11 % DEPLOYMENTS.len() as u64) as usize];
    // Never the very product a catalog entry names: that one is a target.
    if engine == "PostgreSQL" && dep != "Multi-AZ (readable standbys)" {
        engine = "Aurora PostgreSQL";
    }
    let itype = format!("db.{fam}.{size}");
    let usage = match dep {
        "Single-AZ" => format!("InstanceUsage:{itype}"),
        "Multi-AZ" => format!("Multi-AZUsage:{itype}"),
        _ => format!("Multi-AZClusterUsage:{itype}"),
    };
    let attrs = vec![
        ("servicecode", "AmazonRDS".to_string()),
        ("location", "US East (N. Virginia)".into()),
        ("locationType", "AWS Region".into()),
        ("instanceType", itype),
        ("currentGeneration", "Yes".into()),
        ("instanceFamily", "General purpose".into()),
        ("vcpu", format!("{}", 2 << (n % 5))),
        ("memory", format!("{} GiB", 1 << (n % 9))),
        ("storage", "EBS Only".into()),
        ("networkPerformance", "Up to 10 Gigabit".into()),
        ("processorArchitecture", "64-bit".into()),
        ("engineCode", code.into()),
        ("databaseEngine", engine.into()),
        ("licenseModel", "No license required".into()),
        ("deploymentOption", dep.into()),
        ("usagetype", usage),
        ("operation", format!("CreateDBInstance:00{code}")),
        ("regionCode", "us-east-1".into()),
        ("servicename", "Amazon Relational Database Service".into()),
    ];
    Product {
        sku: sku(n),
        family: "Database Instance".into(),
        attrs: attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        unit: "Hrs",
        usd: format!("{}.{:010}", n % 9, (n * 7919) % 10_000_000_000),
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn write_product(out: &mut String, p: &Product, first: bool) {
    if !first {
        out.push_str(",\n");
    }
    let _ = write!(
        out,
        "    \"{0}\" : {{\n      \"sku\" : \"{0}\",\n      \"productFamily\" : \"{1}\",\n      \"attributes\" : {{\n",
        p.sku,
        escape(&p.family)
    );
    for (i, (k, v)) in p.attrs.iter().enumerate() {
        let _ = writeln!(
            out,
            "        \"{}\" : \"{}\"{}",
            k,
            escape(v),
            if i + 1 < p.attrs.len() { "," } else { "" }
        );
    }
    out.push_str("      }\n    }");
}

fn write_on_demand(out: &mut String, p: &Product, first: bool) {
    if !first {
        out.push_str(",\n");
    }
    let s = &p.sku;
    let _ = write!(
        out,
        "    \"{s}\" : {{\n      \"{s}.JRTCKXETXF\" : {{\n        \"offerTermCode\" : \"JRTCKXETXF\",\n        \"sku\" : \"{s}\",\n        \"effectiveDate\" : \"2026-11-01T00:00:00Z\",\n        \"priceDimensions\" : {{\n          \"{s}.JRTCKXETXF.6YS6EN2CT7\" : {{\n            \"rateCode\" : \"{s}.JRTCKXETXF.6YS6EN2CT7\",\n            \"description\" : \"${} per RDS instance hour (or partial hour)\",\n            \"beginRange\" : \"0\",\n            \"endRange\" : \"Inf\",\n            \"unit\" : \"{}\",\n            \"pricePerUnit\" : {{\n              \"USD\" : \"{}\"\n            }},\n            \"appliesTo\" : [ ]\n          }}\n        }},\n        \"termAttributes\" : {{ }}\n      }}\n    }}",
        p.usd, p.unit, p.usd
    );
}

const RESERVED: &[(&str, &str, &str)] = &[
    ("HU7G6KETJZ", "1yr", "Partial Upfront"),
    ("4NA7Y494T4", "1yr", "No Upfront"),
    ("6QCMYABX3D", "1yr", "All Upfront"),
    ("38NPMPTW36", "3yr", "Partial Upfront"),
    ("NQ3QZPMQV9", "3yr", "All Upfront"),
];

fn write_reserved(out: &mut String, p: &Product, first: bool) {
    if !first {
        out.push_str(",\n");
    }
    let s = &p.sku;
    let _ = writeln!(out, "    \"{s}\" : {{");
    for (i, (code, lease, option)) in RESERVED.iter().enumerate() {
        let _ = write!(
            out,
            "      \"{s}.{code}\" : {{\n        \"offerTermCode\" : \"{code}\",\n        \"sku\" : \"{s}\",\n        \"effectiveDate\" : \"2026-11-01T00:00:00Z\",\n        \"priceDimensions\" : {{\n          \"{s}.{code}.2TG2D8R56U\" : {{\n            \"rateCode\" : \"{s}.{code}.2TG2D8R56U\",\n            \"description\" : \"Upfront Fee\",\n            \"unit\" : \"Quantity\",\n            \"pricePerUnit\" : {{\n              \"USD\" : \"{}\"\n            }},\n            \"appliesTo\" : [ ]\n          }},\n          \"{s}.{code}.6YS6EN2CT7\" : {{\n            \"rateCode\" : \"{s}.{code}.6YS6EN2CT7\",\n            \"description\" : \"RDS reserved instance hour, {lease} {option}\",\n            \"beginRange\" : \"0\",\n            \"endRange\" : \"Inf\",\n            \"unit\" : \"Hrs\",\n            \"pricePerUnit\" : {{\n              \"USD\" : \"0.0060000000\"\n            }},\n            \"appliesTo\" : [ ]\n          }}\n        }},\n        \"termAttributes\" : {{\n          \"LeaseContractLength\" : \"{lease}\",\n          \"OfferingClass\" : \"standard\",\n          \"PurchaseOption\" : \"{option}\"\n        }}\n      }}{}\n",
            100 + i * 37,
            if i + 1 < RESERVED.len() { "," } else { "" }
        );
    }
    out.push_str("    }");
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: gen_offer OUT.json SIZE_MB CATALOG_DIR SKUS_OUT");
        std::process::exit(2);
    }
    let target_bytes = args[2].parse::<u64>().expect("SIZE_MB") * 1_000_000;
    let mut files = Vec::new();
    for e in std::fs::read_dir(&args[3])? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "toml") {
            files.push((p.display().to_string(), std::fs::read_to_string(&p)?));
        }
    }
    let catalog = Catalog::parse(files).expect("catalog");
    let targets: Vec<Product> = catalog
        .entries
        .iter()
        .filter(|e| e.vendor == "aws" && e.region == "us-east-1")
        .filter(|e| e.match_attributes.get("servicecode").map(String::as_str) == Some("AmazonRDS"))
        .enumerate()
        .map(|(i, e)| {
            let mut attrs: Vec<(String, String)> = e
                .match_attributes
                .iter()
                .filter(|(k, _)| k.as_str() != "productFamily")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            attrs.push(("location".into(), "US East (N. Virginia)".into()));
            attrs.push((
                "servicename".into(),
                "Amazon Relational Database Service".into(),
            ));
            // Two prices move, so the change table has something to show.
            let usd = if i % 9 == 4 {
                e.price * rust_decimal_macros::dec!(1.05)
            } else {
                e.price
            };
            Product {
                sku: sku(1_000_000_000 + i as u64),
                family: e
                    .match_attributes
                    .get("productFamily")
                    .cloned()
                    .unwrap_or_else(|| {
                        if e.unit == Unit::Hour {
                            "Database Instance".into()
                        } else {
                            "Storage Snapshot".into()
                        }
                    }),
                attrs,
                unit: if e.unit == Unit::Hour { "Hrs" } else { "GB-Mo" },
                usd: format!("{:.10}", usd),
            }
        })
        .collect();
    // About 6.9 KB per product (product, on-demand term, five reserved terms).
    let mut sample = String::new();
    let d = decoy(1);
    write_product(&mut sample, &d, true);
    write_on_demand(&mut sample, &d, true);
    write_reserved(&mut sample, &d, true);
    let n = (target_bytes / (sample.len() as u64 + 12)).max(targets.len() as u64 * 2);
    let every = n / (targets.len() as u64 + 1);
    let product = |i: u64| -> Product {
        let t = i / every;
        if i % every == every / 2 && t >= 1 && (t as usize) <= targets.len() {
            let p = &targets[t as usize - 1];
            Product {
                sku: p.sku.clone(),
                family: p.family.clone(),
                attrs: p.attrs.clone(),
                unit: p.unit,
                usd: p.usd.clone(),
            }
        } else {
            decoy(i)
        }
    };

    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args[1])?);
    w.write_all(b"{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/\",\n  \"offerCode\" : \"AmazonRDS\",\n  \"version\" : \"20261120003512\",\n  \"publicationDate\" : \"2026-11-20T00:35:12Z\",\n  \"products\" : {\n")?;
    let mut buf = String::with_capacity(1 << 16);
    for i in 0..n {
        write_product(&mut buf, &product(i), i == 0);
        if buf.len() > 60_000 {
            w.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    buf.push_str("\n  },\n  \"terms\" : {\n    \"OnDemand\" : {\n");
    for i in 0..n {
        write_on_demand(&mut buf, &product(i), i == 0);
        if buf.len() > 60_000 {
            w.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    buf.push_str("\n    },\n    \"Reserved\" : {\n");
    for i in 0..n {
        write_reserved(&mut buf, &product(i), i == 0);
        if buf.len() > 60_000 {
            w.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    buf.push_str("\n    }\n  }\n}\n");
    w.write_all(buf.as_bytes())?;
    w.flush()?;
    let skus: Vec<String> = targets.iter().map(|t| t.sku.clone()).collect();
    std::fs::write(&args[4], skus.join("\n") + "\n")?;
    eprintln!("{} products, {} catalog SKUs", n, skus.len());
    Ok(())
}
