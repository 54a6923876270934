//! `archplan pricing refresh`: asks the AWS Price List API (GetProducts) for
//! the on-demand price of every AWS catalog entry.
//!
//! This is the only code that builds an async runtime or loads AWS
//! configuration (in `live.rs`, compiled only with the `live-pricing` feature,
//! since the AWS SDK more than doubles a first build); it runs only for that command, so the offline commands stay
//! fast. Services are fetched concurrently (entries of one service one after
//! the other, which keeps within the API's request rate); every page of every
//! answer is read (NextToken) and every product is checked again against the
//! entry's attributes, so a decoy the service returned is never used.

use super::catalog::Catalog;
use super::pricelist::Found;
use crate::error::{Error, Result};
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "live-pricing")]
mod live;

/// The Price List API answers from us-east-1 for every price region.
pub const PRICING_API_REGION: &str = "us-east-1";

/// Initial retry backoff, in milliseconds (tests shorten it).
pub const BACKOFF_ENV: &str = "ARCHPLAN_PRICING_BACKOFF_MS";

/// Short names for `--services`, and the Price List service code of each.
pub const SERVICES: &[(&str, &str)] = &[
    ("rds", "AmazonRDS"),
    ("elasticache", "AmazonElastiCache"),
    ("s3", "AmazonS3"),
    ("secretsmanager", "AWSSecretsManager"),
    ("ec2", "AmazonEC2"),
    ("vpc", "AmazonVPC"),
    ("elb", "AWSELB"),
    ("ecs", "AmazonECS"),
    ("fargate", "AmazonECS"),
    ("datatransfer", "AWSDataTransfer"),
    ("amplify", "AWSAmplify"),
    ("bedrock", "AmazonBedrockFoundationModels"),
    ("transcribe", "transcribe"),
];

/// The service code for a `--services` name (short name or service code).
pub fn service_code_for(name: &str) -> Result<&'static str> {
    let n = name.trim();
    SERVICES
        .iter()
        .find(|(short, code)| short.eq_ignore_ascii_case(n) || code.eq_ignore_ascii_case(n))
        .map(|(_, code)| *code)
        .ok_or_else(|| {
            let names = SERVICES.iter().map(|(s, _)| *s);
            Error::input(format!(
                "unknown service \"{n}\" in --services (known: {})",
                SERVICES
                    .iter()
                    .map(|(s, _)| *s)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .suggest(crate::error::closest(n, names).map(|s| format!("\"{s}\"")))
        })
}

/// Parses a duration: `30s`, `500ms`, `2m`, or a number of seconds.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let t = s.trim().to_ascii_lowercase();
    let (num, unit_ms) = if let Some(v) = t.strip_suffix("ms") {
        (v, 1)
    } else if let Some(v) = t.strip_suffix('s') {
        (v, 1000)
    } else if let Some(v) = t.strip_suffix('m') {
        (v, 60_000)
    } else {
        (t.as_str(), 1000)
    };
    match num.trim().parse::<u64>() {
        Ok(n) if n > 0 && n.saturating_mul(unit_ms) <= 3_600_000 => {
            Ok(Duration::from_millis(n * unit_ms))
        }
        _ => Err(format!(
            "expected a duration like 30s or 500ms (up to 1 hour), got \"{s}\""
        )),
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub endpoint_url: Option<String>,
    pub timeout: Duration,
    pub max_attempts: u32,
}

/// Called after each entry is fetched, with its id (drives a progress bar).
pub type OnEntry = Arc<dyn Fn(&str) + Send + Sync>;

/// Fetches the on-demand price of every candidate entry. Nothing is written
/// here; the caller plans and writes the update once everything succeeded.
pub fn fetch(
    catalog: &Catalog,
    candidates: &[usize],
    opts: &Options,
    on_entry: OnEntry,
) -> Result<Vec<Found>> {
    #[cfg(feature = "live-pricing")]
    {
        live::fetch(catalog, candidates, opts, on_entry)
    }
    #[cfg(not(feature = "live-pricing"))]
    {
        let _ = (catalog, candidates, opts, on_entry);
        Err(Error::runtime(NOT_BUILT_IN))
    }
}

/// Whether this build can ask the Price List API.
pub const LIVE_PRICING: bool = cfg!(feature = "live-pricing");

/// What `pricing refresh` says in a build without the AWS SDK.
pub const NOT_BUILT_IN: &str = "this archplan was built without live pricing: reinstall with `cargo install --locked --path . --features live-pricing` (or run `cargo run --release --features live-pricing -- pricing refresh`), or, without the network, use `archplan pricing import --offer-file FILE`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn services_resolve_by_short_name_or_code() {
        assert_eq!(service_code_for("rds").unwrap(), "AmazonRDS");
        assert_eq!(
            service_code_for("AmazonElastiCache").unwrap(),
            "AmazonElastiCache"
        );
        let e = service_code_for("elasticach").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("\"elasticache\""), "{e}");
    }
}
