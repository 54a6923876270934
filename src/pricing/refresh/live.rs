//! The Price List API client (`live-pricing` feature): the AWS SDK, its
//! credentials chain and a tokio runtime, started only by `pricing refresh`.

use super::{OnEntry, Options, BACKOFF_ENV, PRICING_API_REGION};
use crate::error::{Error, Result};
use crate::pricing::catalog::{Catalog, PriceEntry};
use crate::pricing::pricelist::{
    resolve, service_code, unresolved_error, Found, PriceListItem, SkuPrice, SERVICE_CODE,
};
use aws_sdk_pricing::config::{ProvideCredentials, Region};
use aws_sdk_pricing::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_pricing::types::{Filter, FilterType};
use std::time::Duration;

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
