//! `archplan pricing show | refresh | import`.

use crate::cli::{
    Format, GlobalArgs, PricingCommand, PricingImportArgs, PricingRefreshArgs, PricingShowArgs,
};
use crate::error::{closest, Error, Result};
use crate::pricing::catalog::Catalog;
use crate::pricing::pricelist::{resolve, service_code, unresolved_error, Found};
use crate::pricing::staleness::{self, age_days, is_stale};
use crate::pricing::{offer, refresh, update};
use crate::render::pricing::{self as view, CatalogView, Row};
use crate::Outcome;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn dispatch(g: &GlobalArgs, cmd: PricingCommand) -> Result<Outcome> {
    match cmd {
        PricingCommand::Show(args) => show(g, &args),
        PricingCommand::Refresh(args) => refresh_cmd(g, &args),
        PricingCommand::Import(args) => import(g, &args),
    }
}

/// The catalog alone (profiles are not needed to inspect or update prices).
fn load_catalog(dir: Option<&Path>) -> Result<Catalog> {
    Catalog::parse(crate::workspace::read_pricing(dir)?)
}

fn show(g: &GlobalArgs, args: &PricingShowArgs) -> Result<Outcome> {
    let catalog = load_catalog(super::sources(g).pricing_dir.as_deref())?;
    let today = staleness::today()?;
    let vendors: Vec<String> = args
        .vendor
        .iter()
        .map(|v| v.trim().to_ascii_lowercase())
        .collect();
    for v in &vendors {
        if !catalog.entries.iter().any(|e| e.vendor == *v) {
            let mut known: Vec<&str> = catalog.entries.iter().map(|e| e.vendor.as_str()).collect();
            known.sort_unstable();
            known.dedup();
            return Err(Error::input(format!(
                "no price from vendor \"{v}\" in the catalog (vendors: {})",
                known.join(", ")
            ))
            .suggest(closest(v, known.iter().copied()).map(|s| format!("\"{s}\""))));
        }
    }
    use crate::pricing::lifecycle::Standing;
    let mut rows: Vec<Row> = catalog
        .entries
        .iter()
        .filter(|e| vendors.is_empty() || vendors.contains(&e.vendor))
        .filter(|e| !args.retiring || e.lifecycle.is_some())
        .map(|e| Row {
            retires: e.lifecycle.as_ref().map(|l| l.retires.clone()),
            standing: e.lifecycle.as_ref().map(|l| match l.standing(today) {
                Standing::Retired { .. } => "retired",
                Standing::Retiring { .. } => "retiring",
                Standing::Offered => "offered",
            }),
            successor: e.lifecycle.as_ref().and_then(|l| l.successor.clone()),
            id: e.id.clone(),
            vendor: e.vendor.clone(),
            service: e.service.clone(),
            region: e.region.clone(),
            attributes: key_attributes(e),
            unit: e.unit,
            price: e.price,
            source: e.source.clone(),
            seen: e.seen.clone(),
            age_days: age_days(e, today).unwrap_or(0),
            stale: is_stale(e, today, args.stale_after),
            uncertain: e.uncertain,
        })
        .filter(|r| !args.stale_only || r.stale)
        .collect();
    if args.retiring {
        rows.sort_by(|a, b| a.retires.cmp(&b.retires).then_with(|| a.id.cmp(&b.id)));
    }
    let view = CatalogView {
        today: today.to_string(),
        stale_after_days: args.stale_after.0,
        stale: rows.iter().filter(|r| r.stale).count(),
        rows,
    };
    let stdout = match args.format {
        Format::Table => view::show_table(&view),
        Format::Markdown => view::show_markdown(&view),
        Format::Json => crate::render::json(&view),
    };
    Ok(Outcome::ok(stdout))
}

/// The attributes that tell an AWS price apart from its neighbours
/// ("db.t4g.micro · PostgreSQL · Single-AZ"); the usage type when nothing else does.
fn key_attributes(e: &crate::pricing::catalog::PriceEntry) -> String {
    const SHOWN: &[&str] = &[
        "instanceType",
        "databaseEngine",
        "deploymentOption",
        "cacheEngine",
        "volumeType",
        "storageClass",
        "transferType",
        "servicename",
    ];
    let picked: Vec<&str> = SHOWN
        .iter()
        .filter_map(|k| e.match_attributes.get(*k).map(String::as_str))
        .collect();
    if !picked.is_empty() {
        return picked.join(" · ");
    }
    e.match_attributes
        .get("usagetype")
        .cloned()
        .unwrap_or_default()
}

/// The folder refresh and import write to: `--pricing DIR`, else
/// ./pricing-data (unless `--builtin`). The built-in catalog is compiled into
/// the binary.
fn writable_dir(g: &GlobalArgs, command: &str) -> Result<PathBuf> {
    if let Some(dir) = super::sources(g).pricing_dir {
        return Ok(dir);
    }
    Err(Error::input(format!(
        "`pricing {command}` rewrites price files, but the built-in catalog is embedded in the binary: pass --pricing DIR (a folder of *.toml price files, e.g. a copy of pricing-data/) or run it where ./pricing-data exists"
    )))
}

fn progress_visible() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

fn progress_bar(len: u64, template: &str) -> ProgressBar {
    if !progress_visible() {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}

fn aws_candidates(catalog: &Catalog, region: &str, services: Option<&[&str]>) -> Vec<usize> {
    catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.vendor == "aws" && e.region == region)
        .filter(|(_, e)| services.is_none_or(|s| s.contains(&service_code(e))))
        .map(|(i, _)| i)
        .collect()
}

fn refresh_cmd(g: &GlobalArgs, args: &PricingRefreshArgs) -> Result<Outcome> {
    if !refresh::LIVE_PRICING {
        return Err(Error::runtime(refresh::NOT_BUILT_IN));
    }
    let dir = writable_dir(g, "refresh")?;
    let catalog = load_catalog(Some(&dir))?;
    let today = staleness::today()?;
    let services: Vec<&str> = args
        .services
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| refresh::service_code_for(s))
        .collect::<Result<_>>()?;
    let selected = (!services.is_empty()).then_some(services.as_slice());
    let candidates = aws_candidates(&catalog, &args.region, selected);
    if candidates.is_empty() {
        return Err(Error::input(format!(
            "{} has no AWS price in region {}{}; nothing to refresh",
            dir.display(),
            args.region,
            if services.is_empty() {
                String::new()
            } else {
                format!(" for {}", services.join(", "))
            }
        )));
    }
    let pb = progress_bar(
        candidates.len() as u64,
        "{spinner} refreshing AWS prices [{bar:30}] {pos}/{len} {msg}",
    );
    let pb2 = pb.clone();
    let on_entry: refresh::OnEntry = Arc::new(move |id: &str| {
        pb2.set_message(id.to_string());
        pb2.inc(1);
    });
    let opts = refresh::Options {
        endpoint_url: args.endpoint_url.clone(),
        timeout: args.timeout,
        max_attempts: args.max_attempts,
    };
    let result = refresh::fetch(&catalog, &candidates, &opts, on_entry);
    pb.finish_and_clear();
    let found = result?;
    finish(
        &catalog,
        &found,
        &today.to_string(),
        "AWS Price List API (GetProducts)",
        args.dry_run,
        args.format,
    )
}

fn import(g: &GlobalArgs, args: &PricingImportArgs) -> Result<Outcome> {
    let dir = writable_dir(g, "import")?;
    let mut catalog = load_catalog(Some(&dir))?;
    let today = staleness::today()?;
    let path = &args.offer_file;
    let shown = path.display().to_string();
    let mut added: Vec<String> = Vec::new();
    if args.add {
        (catalog, added) = with_added_products(&dir, catalog, args, &today.to_string())?;
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io("open", path, &e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let candidates = aws_candidates(&catalog, &args.region, None);
    if candidates.is_empty() {
        return Err(Error::input(format!(
            "{} has no AWS price in region {}; nothing to import",
            dir.display(),
            args.region
        )));
    }
    let pb = progress_bar(
        size,
        "{spinner} reading {msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})",
    );
    pb.set_message(shown.clone());
    let mut on_bytes = |n: u64| pb.set_position(n);
    let scan = offer::scan(file, &catalog, &candidates, Some(&mut on_bytes));
    pb.finish_and_clear();
    let scan = scan.map_err(|e| {
        Error::input(format!("not a usable AWS offer file: {e}")).in_file(shown.clone())
    })?;

    let Some((offer_code, at)) = scan.offer_code.clone() else {
        return Err(Error::input("not an AWS offer file: it has no \"offerCode\"").in_file(shown));
    };
    let covered: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| service_code(&catalog.entries[i]) == offer_code)
        .collect();
    if covered.is_empty() {
        let mut codes: Vec<&str> = candidates
            .iter()
            .map(|&i| service_code(&catalog.entries[i]))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        return Err(Error::input(format!(
            "byte {at}: the file is the {offer_code} offer, but the catalog has no {} price from {offer_code} (its AWS services: {})",
            args.region,
            codes.join(", ")
        ))
        .in_file(shown));
    }
    let mut found: Vec<Found> = Vec::with_capacity(covered.len());
    for &i in &covered {
        let skus = scan.prices.get(&i).map(Vec::as_slice).unwrap_or(&[]);
        let f = resolve(i, &catalog.entries[i], skus)
            .map_err(|why| unresolved_error(&catalog, i, &why, &format!("offer file {shown}")))?;
        found.push(f);
    }
    let mut plan = update::plan(&catalog, &found, &today.to_string(), &shown)?;
    plan.dry_run = args.dry_run;
    for c in plan.entries.iter_mut() {
        c.added = added.contains(&c.id);
    }
    if !args.dry_run {
        update::write(&plan)?;
    }
    let stdout = match args.format {
        Format::Table => view::changes_table(&plan),
        Format::Markdown => view::changes_markdown(&plan),
        Format::Json => crate::render::json(&plan),
    };
    Ok(Outcome::ok(stdout))
}

/// The products of the offer file that the catalog lacks, as entries of the
/// compact file of the region (merged with what it already holds), and
/// their ids. Only products whose on-demand price is one price are kept:
/// the file is scanned once to find them, once to price them.
fn with_added_products(
    dir: &Path,
    catalog: Catalog,
    args: &PricingImportArgs,
    today: &str,
) -> Result<(Catalog, Vec<String>)> {
    use crate::kinds::{elasticache_redis, rds_postgres};
    use crate::pricing::added;
    let path = &args.offer_file;
    let shown = path.display().to_string();
    let open = || {
        std::fs::File::open(path)
            .map(std::io::BufReader::new)
            .map_err(|e| Error::io("open", path, &e))
    };
    let (_, products) = offer::discover(
        open()?,
        &["Database Instance", "Database Storage", "Cache Instance"],
    )
    .map_err(|e| {
        Error::input(format!("not a usable AWS offer file: {e}")).in_file(shown.clone())
    })?;
    let mut new: Vec<crate::pricing::catalog::PriceEntry> = Vec::new();
    for p in products
        .iter()
        .filter(|p| added::in_region(p, &args.region))
    {
        let Some(mut e) = rds_postgres::offer_entry(p, &args.region)
            .or_else(|| elasticache_redis::offer_entry(p, &args.region))
        else {
            continue;
        };
        if catalog.get(&e.id, &args.region).is_some() || new.iter().any(|x| x.id == e.id) {
            continue;
        }
        e.seen = today.to_string();
        e.source = shown.clone();
        new.push(e);
    }
    if new.is_empty() {
        return Ok((catalog, Vec::new()));
    }
    // Price the new entries on their own first: a product whose attributes
    // match several prices is left out rather than guessed.
    let probe = extended(dir, &catalog, &new, &args.region)?;
    let candidates: Vec<usize> = (0..probe.entries.len())
        .filter(|&i| {
            new.iter()
                .any(|n| n.id == probe.entries[i].id && n.region == probe.entries[i].region)
        })
        .collect();
    let scan = offer::scan(open()?.into_inner(), &probe, &candidates, None).map_err(|e| {
        Error::input(format!("not a usable AWS offer file: {e}")).in_file(shown.clone())
    })?;
    let priced: Vec<String> = candidates
        .iter()
        .filter(|&&i| {
            let skus = scan.prices.get(&i).map(Vec::as_slice).unwrap_or(&[]);
            resolve(i, &probe.entries[i], skus).is_ok()
        })
        .map(|&i| probe.entries[i].id.clone())
        .collect();
    new.retain(|e| priced.contains(&e.id));
    let catalog = extended(dir, &catalog, &new, &args.region)?;
    Ok((catalog, priced))
}

/// The catalog with `new` entries in the region's compact file (created when
/// absent; its text on disk kept, so that a file edited meanwhile is not
/// overwritten).
fn extended(
    dir: &Path,
    catalog: &Catalog,
    new: &[crate::pricing::catalog::PriceEntry],
    region: &str,
) -> Result<Catalog> {
    use crate::pricing::added;
    let name = dir.join(added::file_name(region)).display().to_string();
    let mut entries: Vec<crate::pricing::catalog::PriceEntry> = catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| catalog.files[catalog.file_of[*i]].name == name)
        .map(|(_, e)| e.clone())
        .collect();
    entries.extend(new.iter().cloned());
    let on_disk = catalog
        .files
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let mut files: Vec<(String, String)> = catalog
        .files
        .iter()
        .filter(|f| f.name != name)
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    files.push((name.clone(), added::to_csv(&entries)?));
    let mut out = Catalog::parse(files)?;
    if let Some(f) = out.files.iter_mut().find(|f| f.name == name) {
        f.text = on_disk;
    }
    Ok(out)
}

fn finish(
    catalog: &Catalog,
    found: &[Found],
    seen: &str,
    source: &str,
    dry_run: bool,
    format: Format,
) -> Result<Outcome> {
    let mut plan = update::plan(catalog, found, seen, source)?;
    plan.dry_run = dry_run;
    if !dry_run {
        update::write(&plan)?;
    }
    let stdout = match format {
        Format::Table => view::changes_table(&plan),
        Format::Markdown => view::changes_markdown(&plan),
        Format::Json => crate::render::json(&plan),
    };
    Ok(Outcome::ok(stdout))
}
