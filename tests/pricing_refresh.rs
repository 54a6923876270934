//! `archplan pricing refresh` against a mock AWS Price List endpoint on
//! 127.0.0.1 that speaks the real wire protocol (awsJson 1.1, GetProducts).
//! Needs the `live-pricing` feature (the test command enables every feature).
#![cfg(feature = "live-pricing")]

#[path = "pricing_common/mod.rs"]
mod common;

use common::{
    archplan, archplan_against, fixture_items, item_matches, text, Catalog, Mock, Reply, Request,
};
use serde_json::Value;
use std::time::Duration;

/// AWS's behaviour with one twist: the first page of every answer holds the
/// service's other products (decoys) and a NextToken; the matching products
/// come on the second page. A client that skips pages or trusts every item
/// gets it wrong.
fn paged_price_list(req: &Request) -> Reply {
    let items = fixture_items();
    let (hits, decoys): (Vec<&Value>, Vec<&Value>) = items
        .iter()
        .filter(|i| i["serviceCode"].as_str() == Some(req.service_code()))
        .partition(|i| item_matches(i, req));
    let strings = |v: &[&Value]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>();
    match req.next_token() {
        None => Reply::ok(&strings(&decoys), Some("page-2")),
        Some("page-2") => Reply::ok(&strings(&hits), None),
        Some(other) => Reply::error(
            400,
            "InvalidNextTokenException",
            &format!("bad token {other}"),
        ),
    }
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_paged_refresh_updates_two_prices_and_their_instance_facts_and_nothing_else() {
    let mock = Mock::start(paged_price_list);
    let catalog = Catalog::test_catalog();
    let before = catalog.read("aws.toml");
    let vercel_before = catalog.read("vercel.toml");
    let h = home();
    let out = archplan_against(h.path(), &mock.url)
        .args(["pricing", "refresh", "--pricing"])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");

    // The file: the two prices and every seen date change; nothing else.
    let mut expected = before
        .replace(
            "price = \"0.016\"   # kept: trailing comment",
            "price = \"0.017\"   # kept: trailing comment",
        )
        .replacen(
            "price = \"0.016\"\nsource = \"https://aws.amazon.com/elasticache/pricing/\"",
            "price = \"0.017\"\nsource = \"https://aws.amazon.com/elasticache/pricing/\"",
            1,
        );
    for old in ["2026-09-24", "2026-11-01", "2026-10-02", "2026-09-29"] {
        expected = expected.replace(&format!("seen = \"{old}\""), "seen = \"2026-11-25\"");
    }
    // And the instance facts the Price List gives with the prices (`memory`,
    // `vcpu`), written into the entries of instance types.
    expected = expected
        .replace(
            "different SKU.\"\n",
            "different SKU.\"\nmemory_gib = \"1\"\nvcpu = 2\n",
        )
        .replace(
            "seen = \"2026-11-25\"\n\n[price.match]\nservicecode = \"AmazonRDS\"\nregionCode = \"us-east-1\"\ninstanceType = \"db.t4g.micro\"\ndatabaseEngine = \"PostgreSQL\"\ndeploymentOption = \"Multi-AZ\"",
            "seen = \"2026-11-25\"\nmemory_gib = \"1\"\nvcpu = 2\n\n[price.match]\nservicecode = \"AmazonRDS\"\nregionCode = \"us-east-1\"\ninstanceType = \"db.t4g.micro\"\ndatabaseEngine = \"PostgreSQL\"\ndeploymentOption = \"Multi-AZ\"",
        )
        .replace(
            "seen = \"2026-11-25\"\n\n[price.match]\nservicecode = \"AmazonElastiCache\"",
            "seen = \"2026-11-25\"\nmemory_gib = \"0.5\"\nvcpu = 2\n\n[price.match]\nservicecode = \"AmazonElastiCache\"",
        );
    assert_ne!(expected, before);
    assert_eq!(catalog.read("aws.toml"), expected);
    assert_eq!(catalog.read("vercel.toml"), vercel_before);

    // The change table: both changes with their percentage, and the summary.
    assert!(
        stdout.contains("aws.rds.postgres.db.t4g.micro.single-az"),
        "{stdout}"
    );
    assert!(
        stdout.contains("aws.elasticache.cache.t4g.micro"),
        "{stdout}"
    );
    assert!(
        stdout.contains("$0.016 per hour") && stdout.contains("$0.017 per hour"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("+6.3%").count(), 2, "{stdout}");
    assert!(
        !stdout.contains("aws.s3.standard.storage"),
        "unchanged prices are not listed: {stdout}"
    );
    assert!(
        stdout.contains(
            "5 prices checked against AWS Price List API (GetProducts): 2 changed, 3 unchanged"
        ),
        "{stdout}"
    );

    // The wire protocol, and the filters each entry sent.
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 10, "two pages for each of five entries");
    for r in &reqs {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/");
        assert_eq!(
            r.header("x-amz-target"),
            Some("AWSPriceListService.GetProducts")
        );
        assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.1"));
        assert!(
            r.header("authorization")
                .is_some_and(|a| a.contains("Credential=test/")),
            "signed with the test key"
        );
        assert!(
            r.header("authorization")
                .is_some_and(|a| a.contains("/us-east-1/pricing/")),
            "the Pricing API is called in us-east-1 whatever AWS_REGION says"
        );
        assert_eq!(r.body["FormatVersion"], "aws_v1");
    }
    let rds: Vec<&Request> = reqs
        .iter()
        .filter(|r| r.filter("usagetype").as_deref() == Some("InstanceUsage:db.t4g.micro"))
        .collect();
    assert_eq!(rds.len(), 2);
    assert_eq!(rds[0].service_code(), "AmazonRDS");
    assert_eq!(
        rds[0].filters(),
        vec![
            ("databaseEngine".into(), "PostgreSQL".into()),
            ("deploymentOption".into(), "Single-AZ".into()),
            ("instanceType".into(), "db.t4g.micro".into()),
            ("regionCode".into(), "us-east-1".into()),
            ("usagetype".into(), "InstanceUsage:db.t4g.micro".into()),
        ]
    );
    assert_eq!(
        rds.iter()
            .filter(|r| r.next_token() == Some("page-2"))
            .count(),
        1
    );
    let cache = reqs
        .iter()
        .find(|r| r.service_code() == "AmazonElastiCache")
        .unwrap();
    assert_eq!(
        cache.filter("productFamily").as_deref(),
        Some("Cache Instance")
    );
    assert_eq!(cache.filter("cacheEngine").as_deref(), Some("Redis"));
}

#[test]
fn a_dry_run_shows_the_changes_and_writes_nothing() {
    let mock = Mock::start(paged_price_list);
    let catalog = Catalog::test_catalog();
    let before = catalog.snapshot();
    let h = home();
    let out = archplan_against(h.path(), &mock.url)
        .args([
            "pricing",
            "refresh",
            "--dry-run",
            "--services",
            "rds",
            "--format",
            "json",
            "--pricing",
        ])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(catalog.snapshot(), before);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["dry_run"], true);
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "only the RDS prices: {stdout}");
    assert_eq!(entries[0]["old"], "0.016");
    assert_eq!(entries[0]["new"], "0.017");
    assert_eq!(entries[0]["skus"], serde_json::json!(["6KZGMJ2C5WXTB7UN"]));
    assert_eq!(entries[1]["changed"], false);
    assert!(mock
        .requests()
        .iter()
        .all(|r| r.service_code() == "AmazonRDS"));
}

/// Runs a refresh of the test catalog against `handler` and checks that it
/// fails with `code`, a one-line message containing every `needle`, and an
/// untouched catalog. Returns the requests the mock saw.
fn failing_refresh(
    handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    code: i32,
    needles: &[&str],
    extra: &[&str],
) -> Vec<Request> {
    let mock = Mock::start(handler);
    let catalog = Catalog::test_catalog();
    let before = catalog.snapshot();
    let h = home();
    let out = archplan_against(h.path(), &mock.url)
        .args(["pricing", "refresh", "--pricing"])
        .arg(catalog.path())
        .args(extra)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(code), "{stdout}\n{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "missing {n:?} in: {stderr}");
    }
    assert_eq!(
        catalog.snapshot(),
        before,
        "the catalog must be byte-identical"
    );
    mock.requests()
}

/// Serves the fixture, except for RDS entries, which get `fault`.
fn rds_fault(
    fault: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    move |r: &Request| {
        if r.service_code() == "AmazonRDS" {
            fault(r)
        } else {
            paged_price_list(r)
        }
    }
}

#[test]
fn throttling_is_retried_then_reported() {
    let reqs = failing_refresh(
        rds_fault(|_| Reply::error(400, "ThrottlingException", "Rate exceeded")),
        3,
        &[
            "aws.rds.postgres.db.t4g.micro",
            "ThrottlingException",
            "Rate exceeded",
            "catalog was not changed",
        ],
        &["--max-attempts", "3"],
    );
    let rds = reqs
        .iter()
        .filter(|r| r.service_code() == "AmazonRDS")
        .count();
    assert_eq!(rds, 3, "one request and two retries");
}

#[test]
fn a_throttled_request_that_succeeds_on_retry_is_fine() {
    let mock = Mock::start({
        let n = std::sync::atomic::AtomicUsize::new(0);
        move |r: &Request| {
            if n.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Reply::error(400, "ThrottlingException", "Rate exceeded")
            } else {
                paged_price_list(r)
            }
        }
    });
    let catalog = Catalog::test_catalog();
    let h = home();
    let out = archplan_against(h.path(), &mock.url)
        .args([
            "pricing",
            "refresh",
            "--services",
            "secretsmanager",
            "--pricing",
        ])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("No price changed"), "{stdout}");
    assert_eq!(mock.requests().len(), 3, "throttled, retried, second page");
    assert!(catalog.read("aws.toml").contains("seen = \"2026-11-25\""));
}

#[test]
fn a_server_error_is_retried_then_reported() {
    let reqs = failing_refresh(
        rds_fault(|_| {
            Reply::Json(
                500,
                "{\"__type\":\"InternalErrorException\",\"message\":\"boom\"}".into(),
                vec![],
            )
        }),
        3,
        &[
            "aws.rds.postgres.db.t4g.micro",
            "InternalErrorException",
            "boom",
        ],
        &["--max-attempts", "2"],
    );
    assert_eq!(
        reqs.iter()
            .filter(|r| r.service_code() == "AmazonRDS")
            .count(),
        2
    );
}

#[test]
fn a_timeout_is_reported() {
    failing_refresh(
        rds_fault(|_| Reply::Hang(Duration::from_secs(3))),
        3,
        &["aws.rds.postgres.db.t4g.micro", "timed out"],
        &["--timeout", "300ms", "--max-attempts", "1"],
    );
}

#[test]
fn a_malformed_price_list_item_is_reported() {
    failing_refresh(
        rds_fault(|_| Reply::ok(&["{\"product\": {\"sku\": ".to_string()], None)),
        3,
        &[
            "aws.rds.postgres.db.t4g.micro",
            "PriceList item 1 of page 1 is not a valid Price List product",
        ],
        &[],
    );
}

#[test]
fn a_response_that_is_not_json_is_reported() {
    failing_refresh(
        rds_fault(|_| Reply::Json(200, "<html>gateway</html>".into(), vec![])),
        3,
        &["aws.rds.postgres.db.t4g.micro", "GetProducts AmazonRDS"],
        &["--max-attempts", "1"],
    );
}

#[test]
fn an_empty_result_names_the_entry_and_its_line() {
    failing_refresh(
        rds_fault(|_| Reply::ok(&[], None)),
        2,
        &[
            "aws.toml:5:6",
            "has no on-demand product for price aws.rds.postgres.db.t4g.micro.single-az",
            "deploymentOption=Single-AZ",
        ],
        &[],
    );
}

#[test]
fn two_conflicting_on_demand_prices_are_reported() {
    failing_refresh(
        rds_fault(|r| {
            let items = fixture_items();
            let hit = items.iter().find(|i| item_matches(i, r)).unwrap().clone();
            let mut twin = hit.clone();
            // Same attributes, another SKU, another price.
            let text = twin.to_string().replace(
                &hit["product"]["sku"].as_str().unwrap().to_string(),
                "ZZZZTWINSKU00000",
            );
            twin = serde_json::from_str(&text).unwrap();
            let od = twin["terms"]["OnDemand"].as_object_mut().unwrap();
            let term = od.values_mut().next().unwrap();
            let dim = term["priceDimensions"]
                .as_object_mut()
                .unwrap()
                .values_mut()
                .next()
                .unwrap();
            dim["pricePerUnit"]["USD"] = Value::from("0.0990000000");
            Reply::ok(&[hit.to_string(), twin.to_string()], None)
        }),
        2,
        &[
            "two different on-demand prices",
            "ZZZZTWINSKU00000: 0.099",
            "aws.rds.postgres.db.t4g.micro",
        ],
        &[],
    );
}

#[test]
fn missing_credentials_say_how_to_provide_them() {
    let catalog = Catalog::test_catalog();
    let before = catalog.snapshot();
    let h = home();
    let out = archplan(h.path())
        .env("AWS_ENDPOINT_URL_PRICING", "http://127.0.0.1:9")
        .args(["pricing", "refresh", "--pricing"])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no AWS credentials found"), "{stderr}");
    assert!(
        stderr.contains("AWS_ACCESS_KEY_ID") && stderr.contains("pricing import"),
        "{stderr}"
    );
    assert_eq!(catalog.snapshot(), before);
}

#[test]
fn refresh_refuses_the_built_in_catalog() {
    let h = home();
    let out = archplan_against(h.path(), "http://127.0.0.1:9")
        .args(["pricing", "refresh"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("built-in catalog is embedded") && stderr.contains("--pricing DIR"),
        "{stderr}"
    );
}

#[test]
fn refresh_uses_a_local_pricing_data_folder() {
    let mock = Mock::start(paged_price_list);
    let h = home();
    let local = h.path().join("pricing-data");
    std::fs::create_dir(&local).unwrap();
    std::fs::copy(common::fixture("catalog/aws.toml"), local.join("aws.toml")).unwrap();
    let out = archplan_against(h.path(), &mock.url)
        .args(["pricing", "refresh", "--services", "elasticache"])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("Wrote pricing-data/aws.toml"), "{stdout}");
    assert!(std::fs::read_to_string(local.join("aws.toml"))
        .unwrap()
        .contains("price = \"0.017\""));
}

#[test]
fn an_unknown_service_suggests_the_nearest() {
    let catalog = Catalog::test_catalog();
    let h = home();
    let out = archplan_against(h.path(), "http://127.0.0.1:9")
        .args([
            "pricing",
            "refresh",
            "--services",
            "rds,elasticach",
            "--pricing",
        ])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("unknown service \"elasticach\"")
            && stderr.contains("did you mean \"elasticache\"?"),
        "{stderr}"
    );
}

/// The shipped catalog, refreshed against an endpoint that answers every
/// filter with a product carrying exactly those attributes at the catalog's
/// price — except two. Every shipped AWS entry must resolve to one price, and
/// the files must change in those two prices and the seen dates only.
#[test]
fn the_shipped_catalog_refreshes_end_to_end() {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing-data");
    let catalog = Catalog::copy_of(&shipped);
    let before = catalog.read("aws.toml");
    let parsed =
        archplan::pricing::catalog::Catalog::parse(vec![("aws.toml".into(), before.clone())])
            .unwrap();
    let entries = parsed.entries.clone();
    let mock = Mock::start(move |r: &Request| {
        let filters = r.filters();
        let entry = entries
            .iter()
            .find(|e| {
                e.match_attributes.get("servicecode").map(String::as_str) == Some(r.service_code())
                    && e.match_attributes.len() == filters.len() + 1
                    && filters
                        .iter()
                        .all(|(f, v)| e.match_attributes.get(f) == Some(v))
            })
            .expect("every request names one catalog entry");
        use archplan::pricing::catalog::Unit;
        let (unit, per) = match entry.unit {
            Unit::Hour => ("Hrs", 1),
            Unit::GbMonth => ("GB-Mo", 1),
            Unit::Gb => ("GB", 1),
            Unit::Requests1k => ("Requests", 1_000),
            Unit::Requests10k => ("API Requests", 10_000),
            Unit::Requests1m => ("Requests", 1_000_000),
            Unit::SecretMonth => ("Secrets", 1),
            Unit::Tokens1m => ("Tokens", 1_000_000),
            Unit::Minute => ("Minutes", 1),
            Unit::LcuHour => ("LCU-Hrs", 1),
            Unit::VcpuHour => ("vCPU-Hours", 1),
            Unit::GbHour => ("GB-Hours", 1),
            Unit::AlarmMonth => ("Alarms", 1),
            Unit::GbSecond => ("Lambda-GB-Second", 1),
            Unit::Month => ("Mo", 1),
            other => panic!("no Price List unit for {other:?}"),
        };
        let mut price = entry.price / rust_decimal::Decimal::from(per);
        if entry.id == "aws.s3.standard.get" || entry.id == "aws.fargate.vcpu" {
            price *= rust_decimal_macros::dec!(1.25);
        }
        let mut attributes = serde_json::Map::new();
        for (k, v) in &entry.match_attributes {
            if k != "productFamily" {
                attributes.insert(k.clone(), Value::from(v.clone()));
            }
        }
        let sku = format!(
            "SKU{:08}",
            entry.id.len() * 7919 + entry.price.mantissa() as usize % 1000
        );
        let item = serde_json::json!({
            "product": {"productFamily": entry.match_attributes.get("productFamily").cloned().unwrap_or_else(|| "Other".into()), "attributes": attributes, "sku": sku},
            "serviceCode": r.service_code(),
            "terms": {"OnDemand": {format!("{sku}.JRTCKXETXF"): {"offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
                "priceDimensions": {format!("{sku}.JRTCKXETXF.6YS6EN2CT7"): {"unit": unit, "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": price.to_string()}, "appliesTo": []}},
                "termAttributes": {}}}},
            "version": "20261120000000", "publicationDate": "2026-11-20T00:00:00Z"
        });
        Reply::ok(&[item.to_string()], None)
    });
    let h = home();
    let out = archplan_against(h.path(), &mock.url)
        .args(["pricing", "refresh", "--pricing"])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let aws = parsed.entries.iter().filter(|e| e.vendor == "aws").count();
    assert_eq!(mock.requests().len(), aws);
    assert!(
        stdout.contains(&format!(
            "{aws} prices checked against AWS Price List API (GetProducts): 2 changed"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("aws.s3.standard.get") && stdout.contains("aws.fargate.vcpu"),
        "{stdout}"
    );

    let after = catalog.read("aws.toml");
    let mut expected = before
        .replace("price = \"0.0004\"", "price = \"0.0005\"")
        .replace("price = \"0.04048\"", "price = \"0.0506\"");
    let seen_re: Vec<&str> = expected
        .lines()
        .filter(|l| l.starts_with("seen = "))
        .collect::<Vec<_>>();
    let mut seen_lines: Vec<String> = seen_re.iter().map(|s| s.to_string()).collect();
    seen_lines.sort();
    seen_lines.dedup();
    for l in seen_lines {
        expected = expected.replace(&l, "seen = \"2026-11-25\"");
    }
    assert_eq!(after, expected);
    for other in ["azure.toml", "hetzner.toml", "vercel.toml"] {
        assert_eq!(
            catalog.read(other),
            std::fs::read_to_string(shipped.join(other)).unwrap()
        );
    }
}

#[test]
fn endpoint_url_overrides_the_environment() {
    let mock = Mock::start(paged_price_list);
    let catalog = Catalog::test_catalog();
    let h = home();
    let out = archplan_against(h.path(), "http://127.0.0.1:9")
        .args([
            "pricing",
            "refresh",
            "--services",
            "s3",
            "--max-attempts",
            "1",
            "--endpoint-url",
            &mock.url,
            "--pricing",
        ])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("1 price checked"), "{stdout}");
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| r.service_code() == "AmazonS3"));
}
