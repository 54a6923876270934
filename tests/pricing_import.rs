//! `archplan pricing import --offer-file`: the bulk offer file fragment in
//! tests/fixtures/pricing, bad files, and a write interrupted by a kill.

#[path = "pricing_common/mod.rs"]
mod common;

use common::{archplan, fixture, text, Catalog};
use std::path::Path;
use std::time::{Duration, Instant};

fn import(catalog: &Catalog, offer: &Path, extra: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    archplan(home.path())
        .args(["pricing", "import", "--offer-file"])
        .arg(offer)
        .arg("--pricing")
        .arg(catalog.path())
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn an_offer_file_updates_the_entries_it_covers() {
    let catalog = Catalog::test_catalog();
    let before = catalog.read("aws.toml");
    let out = import(&catalog, &fixture("offer-AmazonRDS-us-east-1.json"), &[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    // The single-AZ price changed (0.016 → 0.017); the Multi-AZ one did not,
    // and neither the readable-standbys nor the MySQL decoy nor a reserved
    // term was taken for either.
    let expected = before
        .replace(
            "price = \"0.016\"   # kept: trailing comment",
            "price = \"0.017\"   # kept: trailing comment",
        )
        .replace(
            "seen = \"2026-09-24\"\nnote = \"Single-AZ",
            "seen = \"2026-11-25\"\nnote = \"Single-AZ",
        )
        .replace("seen = \"2026-11-01\"", "seen = \"2026-11-25\"")
        // The instance facts come with the prices: the offer's `memory`
        // and `vcpu` of db.t4g.micro, written into both entries.
        .replace(
            "different SKU.\"\n",
            "different SKU.\"\nmemory_gib = \"1\"\nvcpu = 2\n",
        )
        .replace(
            "seen = \"2026-11-25\"\n\n[price.match]\nservicecode = \"AmazonRDS\"\nregionCode = \"us-east-1\"\ninstanceType = \"db.t4g.micro\"\ndatabaseEngine = \"PostgreSQL\"\ndeploymentOption = \"Multi-AZ\"",
            "seen = \"2026-11-25\"\nmemory_gib = \"1\"\nvcpu = 2\n\n[price.match]\nservicecode = \"AmazonRDS\"\nregionCode = \"us-east-1\"\ninstanceType = \"db.t4g.micro\"\ndatabaseEngine = \"PostgreSQL\"\ndeploymentOption = \"Multi-AZ\"",
        );
    assert_eq!(catalog.read("aws.toml"), expected);
    assert!(
        stdout.contains("aws.rds.postgres.db.t4g.micro.single-az"),
        "{stdout}"
    );
    assert!(stdout.contains("+6.3%"), "{stdout}");
    assert!(stdout.contains("2 prices checked against"), "{stdout}");
    assert!(stdout.contains("1 changed, 1 unchanged"), "{stdout}");
}

#[test]
fn import_json_lists_the_skus_read() {
    let catalog = Catalog::test_catalog();
    let out = import(
        &catalog,
        &fixture("offer-AmazonRDS-us-east-1.json"),
        &["--dry-run", "--format", "json"],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let skus: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["skus"][0].as_str().unwrap())
        .collect();
    assert_eq!(skus, vec!["6KZGMJ2C5WXTB7UN", "Q2XJ8V6EBPB5XHKH"]);
}

/// Runs an import expected to fail with exit 2, a one-line message holding
/// every needle, and an untouched catalog.
fn failing_import(contents: &[u8], needles: &[&str]) {
    let catalog = Catalog::test_catalog();
    let before = catalog.snapshot();
    let dir = tempfile::tempdir().unwrap();
    let offer = dir.path().join("index.json");
    std::fs::write(&offer, contents).unwrap();
    let out = import(&catalog, &offer, &[]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "missing {n:?} in: {stderr}");
    }
    assert_eq!(catalog.snapshot(), before);
}

#[test]
fn a_truncated_file_is_reported_with_its_byte_offset() {
    let full = std::fs::read(fixture("offer-AmazonRDS-us-east-1.json")).unwrap();
    let cut = full.len() * 2 / 3;
    failing_import(
        &full[..cut],
        &["index.json", &format!("byte {cut}"), "truncated"],
    );
}

#[test]
fn a_file_that_is_not_json_is_reported() {
    failing_import(
        b"<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>",
        &["byte 0", "not an AWS offer file"],
    );
    failing_import(b"", &["empty"]);
    let full = std::fs::read_to_string(fixture("offer-AmazonRDS-us-east-1.json")).unwrap();
    let broken = full.replacen("\"Reserved\" : {", "\"Reserved\" : { ]", 1);
    let at = broken.find("{ ]").unwrap() + 2;
    failing_import(broken.as_bytes(), &[&format!("byte {at}")]);
}

#[test]
fn a_file_of_another_service_is_reported() {
    let full = std::fs::read_to_string(fixture("offer-AmazonRDS-us-east-1.json")).unwrap();
    let other = full.replace(
        "\"offerCode\" : \"AmazonRDS\"",
        "\"offerCode\" : \"AmazonEC2\"",
    );
    let at = other.find("\"AmazonEC2\"").unwrap();
    failing_import(
        other.as_bytes(),
        &[
            &format!("byte {at}"),
            "the AmazonEC2 offer",
            "no us-east-1 price from AmazonEC2",
        ],
    );
}

#[test]
fn a_file_without_a_catalog_product_is_reported() {
    let full = std::fs::read_to_string(fixture("offer-AmazonRDS-us-east-1.json")).unwrap();
    let other = full.replace(
        "\"deploymentOption\" : \"Multi-AZ\"",
        "\"deploymentOption\" : \"Multi-AZ (old)\"",
    );
    failing_import(
        other.as_bytes(),
        &[
            "aws.toml:24:6",
            "has no on-demand product for price aws.rds.postgres.db.t4g.micro.multi-az",
        ],
    );
}

#[test]
fn import_without_a_writable_catalog_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let out = archplan(home.path())
        .args(["pricing", "import", "--offer-file"])
        .arg(fixture("offer-AmazonRDS-us-east-1.json"))
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--pricing DIR"), "{stderr}");
}

/// A process killed between writing the temporary file and renaming it
/// leaves the old catalog; one that finishes leaves the new one. Either way
/// the catalog parses.
#[test]
fn a_kill_during_the_write_leaves_the_old_catalog() {
    let catalog = Catalog::test_catalog();
    let old = catalog.read("aws.toml");
    let home = tempfile::tempdir().unwrap();
    let mut child = archplan(home.path())
        .env("ARCHPLAN_TEST_WRITE_PAUSE_MS", "20000")
        .args(["pricing", "import", "--offer-file"])
        .arg(fixture("offer-AmazonRDS-us-east-1.json"))
        .arg("--pricing")
        .arg(catalog.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the temporary file: the new content is on disk, not yet renamed.
    // It exists, empty, from its creation to its one write: wait for the write.
    let deadline = Instant::now() + Duration::from_secs(20);
    let tmp = loop {
        let found = std::fs::read_dir(catalog.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .contains("archplan-tmp")
            });
        if let Some(p) = found.filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0)) {
            break p;
        }
        assert!(Instant::now() < deadline, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    let after = catalog.read("aws.toml");
    assert_eq!(after, old, "killed before the rename: the old catalog");
    let tmp_text = std::fs::read_to_string(&tmp).unwrap();
    assert!(
        tmp_text.contains("price = \"0.017\""),
        "the temporary file held the new catalog"
    );
    // The leftover temporary file is not a .toml file: the catalog still loads.
    let out = archplan(home.path())
        .args(["pricing", "show", "--format", "json", "--pricing"])
        .arg(catalog.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 6);

    // Run to completion: the new catalog, which parses.
    let out = import(&catalog, &fixture("offer-AmazonRDS-us-east-1.json"), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let new = catalog.read("aws.toml");
    assert_ne!(new, old);
    assert!(new.contains("price = \"0.017\""));
    archplan::pricing::catalog::Catalog::parse(vec![("aws.toml".into(), new)]).unwrap();
}

/// Kills at random moments of repeated imports: the catalog is always the old
/// or the new text, never anything else.
#[test]
fn kills_at_any_moment_leave_old_or_new() {
    let catalog = Catalog::test_catalog();
    let old = catalog.read("aws.toml");
    let new = {
        let probe = Catalog::test_catalog();
        let out = import(&probe, &fixture("offer-AmazonRDS-us-east-1.json"), &[]);
        assert_eq!(out.status.code(), Some(0));
        probe.read("aws.toml")
    };
    let home = tempfile::tempdir().unwrap();
    for i in 0..12u64 {
        std::fs::write(catalog.path().join("aws.toml"), &old).unwrap();
        let mut child = archplan(home.path())
            .args(["pricing", "import", "--offer-file"])
            .arg(fixture("offer-AmazonRDS-us-east-1.json"))
            .arg("--pricing")
            .arg(catalog.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(300 * i * i));
        let _ = child.kill();
        child.wait().unwrap();
        let now = catalog.read("aws.toml");
        assert!(
            now == old || now == new,
            "kill {i}: the catalog is neither the old nor the new text"
        );
    }
}

/// A product of a generated offer file: sku, family, attributes, on-demand
/// USD, and the unit of that price.
type OfferProduct<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str, &'a str);

/// An offer file of `products`.
fn offer(code: &str, products: &[OfferProduct<'_>]) -> String {
    let mut p = Vec::new();
    let mut t = Vec::new();
    for (sku, family, attrs, usd, unit) in products {
        let attrs: Vec<String> = attrs
            .iter()
            .map(|(k, v)| format!("\"{k}\": \"{v}\""))
            .collect();
        p.push(format!(
            "\"{sku}\": {{\"sku\": \"{sku}\", \"productFamily\": \"{family}\", \"attributes\": {{{}}}}}",
            attrs.join(", ")
        ));
        t.push(format!(
            "\"{sku}\": {{\"{sku}.JRTCKXETXF\": {{\"offerTermCode\": \"JRTCKXETXF\", \"sku\": \"{sku}\", \"priceDimensions\": {{\"{sku}.JRTCKXETXF.6YS6EN2CT7\": {{\"unit\": \"{unit}\", \"pricePerUnit\": {{\"USD\": \"{usd}\"}}}}}}}}}}"
        ));
    }
    format!(
        "{{\"offerCode\": \"{code}\", \"publicationDate\": \"2026-11-20T00:35:12Z\", \"products\": {{{}}}, \"terms\": {{\"OnDemand\": {{{}}}}}}}",
        p.join(", "),
        t.join(", ")
    )
}

#[test]
fn add_takes_every_rds_class_and_storage_the_catalog_lacks_into_a_compact_file() {
    let catalog = Catalog::test_catalog();
    let before = catalog.read("aws.toml");
    let out = import(
        &catalog,
        &fixture("offer-AmazonRDS-us-east-1.json"),
        &["--add"],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    // The MySQL product and the two gp3 storage products are new; the
    // readable-standbys deployment is not a deployment archplan bills.
    let added = catalog.read("aws-us-east-1-added.csv");
    let ids: Vec<&str> = added
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "aws.rds.mysql.db.t4g.micro.single-az",
            "aws.rds.gp3.single-az",
            "aws.rds.gp3.multi-az"
        ]
    );
    assert!(added.contains(",hour,0.016,"), "{added}");
    assert!(added.contains(",gb-month,0.115,"), "{added}");
    assert!(stdout.contains("3 prices added"), "{stdout}");
    assert!(stdout.contains("added"), "{stdout}");
    // The entries that were already there are updated as without --add.
    assert_ne!(catalog.read("aws.toml"), before);
    // The compact file is part of the catalog from now on: a second run
    // adds nothing and checks the five prices.
    let again = import(
        &catalog,
        &fixture("offer-AmazonRDS-us-east-1.json"),
        &["--add"],
    );
    let (stdout, _) = text(&again);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout.contains("5 prices checked"), "{stdout}");
    assert!(!stdout.contains("prices added"), "{stdout}");
    assert_eq!(catalog.read("aws-us-east-1-added.csv"), added);
}

#[test]
fn add_with_dry_run_writes_nothing() {
    let catalog = Catalog::test_catalog();
    let out = import(
        &catalog,
        &fixture("offer-AmazonRDS-us-east-1.json"),
        &["--add", "--dry-run"],
    );
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("3 prices added"), "{stdout}");
    assert!(!catalog.path().join("aws-us-east-1-added.csv").exists());
}

#[test]
fn add_takes_each_cache_engine_and_leaves_out_a_product_of_two_prices() {
    let catalog = Catalog::test_catalog();
    let node = |engine: &'static str, usage: &'static str| -> Vec<(&'static str, &'static str)> {
        vec![
            ("servicecode", "AmazonElastiCache"),
            ("regionCode", "us-east-1"),
            ("instanceType", "cache.m7g.large"),
            ("cacheEngine", engine),
            ("usagetype", usage),
            ("memory", "6.38 GiB"),
            ("vcpu", "2"),
        ]
    };
    let redis = node("Redis", "NodeUsage:cache.m7g.large");
    let valkey = node("Valkey", "NodeUsage:cache.m7g.large");
    let memcached = node("Memcached", "NodeUsage:cache.m7g.large");
    let mut other_region = node("Redis", "EUC1-NodeUsage:cache.m7g.large");
    other_region[1] = ("regionCode", "eu-central-1");
    let text_of = offer(
        "AmazonElastiCache",
        &[
            ("R1", "Cache Instance", &redis, "0.158", "Hrs"),
            ("V1", "Cache Instance", &valkey, "0.126", "Hrs"),
            // Two products with the same attributes and two prices: which
            // one a cluster runs cannot be told, so neither is taken.
            ("M1", "Cache Instance", &memcached, "0.158", "Hrs"),
            ("M2", "Cache Instance", &memcached, "0.160", "Hrs"),
            ("E1", "Cache Instance", &other_region, "0.2", "Hrs"),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("offer.json");
    std::fs::write(&file, text_of).unwrap();
    // The test catalog's own ElastiCache price must be in the file too.
    std::fs::write(
        &file,
        std::fs::read_to_string(&file).unwrap().replace(
            "\"products\": {",
            "\"products\": {\"T1\": {\"sku\": \"T1\", \"productFamily\": \"Cache Instance\", \"attributes\": {\"servicecode\": \"AmazonElastiCache\", \"regionCode\": \"us-east-1\", \"instanceType\": \"cache.t4g.micro\", \"cacheEngine\": \"Redis\", \"usagetype\": \"NodeUsage:cache.t4g.micro\"}}, ",
        ).replace(
            "\"OnDemand\": {",
            "\"OnDemand\": {\"T1\": {\"T1.JRTCKXETXF\": {\"offerTermCode\": \"JRTCKXETXF\", \"sku\": \"T1\", \"priceDimensions\": {\"T1.JRTCKXETXF.6YS6EN2CT7\": {\"unit\": \"Hrs\", \"pricePerUnit\": {\"USD\": \"0.016\"}}}}}, ",
        ),
    )
    .unwrap();
    let out = import(&catalog, &file, &["--add"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let added = catalog.read("aws-us-east-1-added.csv");
    let rows: Vec<(&str, &str)> = added
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0], f[4])
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("aws.elasticache.cache.m7g.large", "0.158"),
            ("aws.elasticache.valkey.cache.m7g.large", "0.126")
        ],
        "{added}"
    );
    // The node's memory comes with its price, for capacity.
    assert!(added.contains(",6.38,2,"), "{added}");
}

#[test]
fn a_bad_line_of_the_compact_file_is_named() {
    let catalog = Catalog::test_catalog();
    std::fs::write(
        catalog.path().join("aws-us-east-1-added.csv"),
        "id,service,region,unit,price,seen,source,memory_gib,vcpu,match\naws.rds.mysql.db.t3.large.single-az,RDS,us-east-1,hour,cheap,2026-12-01,offer.json,,,servicecode=AmazonRDS\n",
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = archplan(home.path())
        .args(["pricing", "show", "--pricing"])
        .arg(catalog.path())
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("aws-us-east-1-added.csv:2"), "{stderr}");
    assert!(stderr.contains("price \"cheap\""), "{stderr}");
}
