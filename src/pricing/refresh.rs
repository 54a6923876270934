//! `archplan pricing refresh`: asks the AWS Price List API (GetProducts) for
//! the on-demand price of every AWS catalog entry.
//!
//! This is the only code that builds an async runtime or loads AWS
//! configuration; it runs only for that command, so the offline commands stay
//! fast. Services are fetched concurrently (entries of one service one after
//! the other, which keeps within the API's request rate); every page of every
//! answer is read (NextToken) and every product is checked again against the
//! entry's attributes, so a decoy the service returned is never used.

use super::catalog::{Catalog, PriceEntry};
use super::pricelist::{
    resolve, service_code, unresolved_error, Found, PriceListItem, SkuPrice, SERVICE_CODE,
};
use crate::error::{Error, Result};
use aws_sdk_pricing::config::{ProvideCredentials, Region};
use aws_sdk_pricing::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_pricing::types::{Filter, FilterType};
use std::sync::Arc;
use std::time::Duration;

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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::runtime(format!("cannot start the network runtime: {e}")))?;
    let mut fetched = runtime.block_on(fetch_all(catalog, candidates, opts, on_entry))?;
    fetched.sort_by_key(|(index, _)| *index);
    let mut found = Vec::with_capacity(fetched.len());
    for (index, skus) in fetched {
        let entry = &catalog.entries[index];
        let result = resolve(index, entry, &skus).map_err(|why| {
            unresolved_error(
                catalog,
                index,
                &why,
                &format!("the AWS Price List (GetProducts {})", service_code(entry)),
            )
        })?;
        found.push(result);
    }
    found.sort_by_key(|f| f.entry);
    Ok(found)
}

async fn fetch_all(
    catalog: &Catalog,
    candidates: &[usize],
    opts: &Options,
    on_entry: OnEntry,
) -> Result<Vec<(usize, Vec<SkuPrice>)>> {
    let sdk_config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    check_credentials(&sdk_config).await?;
    let backoff = std::env::var(BACKOFF_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis);
    let mut builder = aws_sdk_pricing::config::Builder::from(&sdk_config)
        .region(Region::new(PRICING_API_REGION))
        .retry_config(
            aws_sdk_pricing::config::retry::RetryConfig::standard()
                .with_max_attempts(opts.max_attempts)
                .with_initial_backoff(backoff),
        )
        .timeout_config(
            aws_sdk_pricing::config::timeout::TimeoutConfig::builder()
                .connect_timeout(opts.timeout)
                .read_timeout(opts.timeout)
                .operation_attempt_timeout(opts.timeout)
                .build(),
        );
    if let Some(url) = &opts.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    let client = aws_sdk_pricing::Client::from_conf(builder.build());

    // One task per service.
    let mut groups: Vec<(String, Vec<(usize, PriceEntry)>)> = Vec::new();
    for &i in candidates {
        let e = &catalog.entries[i];
        let code = service_code(e).to_string();
        match groups.iter_mut().find(|(c, _)| *c == code) {
            Some((_, list)) => list.push((i, e.clone())),
            None => groups.push((code, vec![(i, e.clone())])),
        }
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (code, entries) in groups {
        let client = client.clone();
        let on_entry = on_entry.clone();
        tasks.spawn(async move {
            let mut out = Vec::with_capacity(entries.len());
            for (index, entry) in entries {
                let skus = fetch_entry(&client, &code, &entry).await?;
                on_entry(&entry.id);
                out.push((index, skus));
            }
            Ok::<_, Error>(out)
        });
    }
    let mut all = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let result = joined.map_err(|e| Error::runtime(format!("a refresh task failed: {e}")))?;
        // On the first failure the other tasks are dropped (aborted) with the set.
        all.extend(result?);
    }
    Ok(all)
}

async fn check_credentials(config: &aws_config::SdkConfig) -> Result<()> {
    let missing = || {
        Error::runtime(
            "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after `aws configure` or `aws sso login`); the IAM permission needed is pricing:GetProducts — or, without credentials, download the offer file and use `archplan pricing import --offer-file`",
        )
    };
    let provider = config.credentials_provider().ok_or_else(missing)?;
    provider
        .provide_credentials()
        .await
        .map_err(|_| missing())?;
    Ok(())
}

async fn fetch_entry(
    client: &aws_sdk_pricing::Client,
    code: &str,
    entry: &PriceEntry,
) -> Result<Vec<SkuPrice>> {
    let mut filters = Vec::new();
    for (field, value) in &entry.match_attributes {
        if field == SERVICE_CODE {
            continue;
        }
        let f = Filter::builder()
            .r#type(FilterType::TermMatch)
            .field(field)
            .value(value)
            .build()
            .map_err(|e| Error::runtime(format!("cannot build the filter {field}={value}: {e}")))?;
        filters.push(f);
    }
    let fail = |why: String| {
        Error::runtime(format!(
            "refreshing {} (GetProducts {code}) failed: {why}; the catalog was not changed",
            entry.id
        ))
    };
    let mut skus = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        pages += 1;
        if pages > 1000 {
            return Err(fail(
                "more than 1000 pages of results (the endpoint keeps sending NextToken)".into(),
            ));
        }
        let out = client
            .get_products()
            .service_code(code)
            .set_filters(Some(filters.clone()))
            .format_version("aws_v1")
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| fail(describe(&e)))?;
        for (n, text) in out.price_list().iter().enumerate() {
            let item = PriceListItem::parse(text).map_err(|e| {
                fail(format!(
                    "PriceList item {} of page {pages} is not a valid Price List product ({e})",
                    n + 1
                ))
            })?;
            if item.matches(entry) {
                let price = item
                    .on_demand()
                    .map_err(|e| fail(format!("product {}: {e}", item.product.sku)))?;
                skus.push(price);
            }
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => {
                if token.as_deref() == Some(t) {
                    return Err(fail("the endpoint sent the same NextToken twice".into()));
                }
                token = Some(t.to_string());
            }
            _ => break,
        }
    }
    Ok(skus)
}

fn describe<E, R>(e: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match e {
        SdkError::ServiceError(se) => {
            let err = se.err();
            match (err.code(), err.message()) {
                (Some(code), Some(msg)) => format!("{code}: {msg}"),
                (Some(code), None) => code.to_string(),
                _ => format!(
                    "the service answered with an error ({})",
                    DisplayErrorContext(err)
                ),
            }
        }
        SdkError::TimeoutError(_) => "the request timed out".into(),
        SdkError::DispatchFailure(d) if d.is_timeout() => "the request timed out".into(),
        SdkError::DispatchFailure(_) => format!(
            "could not reach the Price List endpoint ({})",
            one_line(&DisplayErrorContext(e).to_string())
        ),
        SdkError::ResponseError(_) => format!(
            "malformed response ({})",
            one_line(&DisplayErrorContext(e).to_string())
        ),
        other => one_line(&DisplayErrorContext(other).to_string()),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
