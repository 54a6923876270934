//! Writing new prices back into the catalog files: the TOML text is edited in
//! place (toml_edit), so comments, notes and the layout of every entry stay as
//! they were; only `price` and `seen` of the refreshed entries change. Every
//! new file is parsed again and checked before anything is written, and each
//! file is replaced atomically.

use super::catalog::{Catalog, PriceEntry, Unit};
use super::pricelist::{Found, InstanceFacts};
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

/// One refreshed entry: its old and new price.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub region: String,
    pub service: String,
    pub file: String,
    pub unit: Unit,
    pub old: Decimal,
    pub new: Decimal,
    /// (new − old) / old, in percent, one decimal; `None` when old is 0.
    pub percent: Option<Decimal>,
    pub changed: bool,
    pub old_seen: String,
    /// The Price List products (SKUs) the price was read from.
    pub skus: Vec<String>,
    /// A price `pricing import --add` adds to the catalog.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub added: bool,
}

/// What a refresh or an import would write.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Where the prices came from ("AWS Price List API (GetProducts)", a file path).
    pub source: String,
    /// The new `seen` date.
    pub seen: String,
    pub entries: Vec<Change>,
    #[serde(skip)]
    pub files: Vec<FileUpdate>,
    pub dry_run: bool,
}

#[derive(Debug, Clone)]
pub struct FileUpdate {
    pub path: PathBuf,
    pub old_text: String,
    pub new_text: String,
}

impl Plan {
    pub fn changed(&self) -> impl Iterator<Item = &Change> {
        self.entries.iter().filter(|c| c.changed)
    }

    pub fn files_written(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect()
    }
}

pub fn percent(old: Decimal, new: Decimal) -> Option<Decimal> {
    if old.is_zero() {
        return None;
    }
    Some(
        ((new - old) * Decimal::ONE_HUNDRED / old)
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero),
    )
}

/// Builds the new text of every catalog file holding a found entry.
pub fn plan(catalog: &Catalog, found: &[Found], seen: &str, source: &str) -> Result<Plan> {
    let mut entries = Vec::with_capacity(found.len());
    let mut by_file: HashMap<usize, HashMap<(&str, &str), &Found>> = HashMap::new();
    for f in found {
        let e = &catalog.entries[f.entry];
        let changed = f.price != e.price;
        entries.push(Change {
            id: e.id.clone(),
            region: e.region.clone(),
            service: e.service.clone(),
            file: catalog.file_name_of(f.entry).to_string(),
            unit: e.unit,
            old: e.price,
            new: f.price,
            percent: percent(e.price, f.price),
            changed,
            old_seen: e.seen.clone(),
            skus: f.skus.clone(),
            added: false,
        });
        by_file
            .entry(catalog.file_of[f.entry])
            .or_default()
            .insert((e.id.as_str(), e.region.as_str()), f);
    }
    let mut file_indices: Vec<usize> = by_file.keys().copied().collect();
    file_indices.sort_unstable();
    let mut files = Vec::new();
    for fi in file_indices {
        let file = &catalog.files[fi];
        let updates = &by_file[&fi];
        let new_text = if super::added::is_compact(&file.name) {
            edit_compact(catalog, fi, updates, seen)?
        } else {
            edit(&file.name, &file.text, catalog, updates, seen)?
        };
        verify(catalog, fi, &new_text, updates, seen)?;
        files.push(FileUpdate {
            path: PathBuf::from(&file.name),
            old_text: file.text.clone(),
            new_text,
        });
    }
    Ok(Plan {
        source: source.to_string(),
        seen: seen.to_string(),
        entries,
        files,
        dry_run: false,
    })
}

/// A compact file written anew, its found entries updated.
fn edit_compact(
    catalog: &Catalog,
    fi: usize,
    updates: &HashMap<(&str, &str), &Found>,
    seen: &str,
) -> Result<String> {
    let entries: Vec<PriceEntry> = catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| catalog.file_of[*i] == fi)
        .map(|(_, e)| {
            let mut e = e.clone();
            if let Some(found) = updates.get(&(e.id.as_str(), e.region.as_str())) {
                let facts = facts_to_write(&e, found);
                e.price = found.price;
                e.memory_gib = facts.memory_gib.or(e.memory_gib);
                e.vcpu = facts.vcpu.or(e.vcpu);
                e.seen = seen.to_string();
            }
            e
        })
        .collect();
    super::added::to_csv(&entries)
}

fn edit(
    name: &str,
    text: &str,
    catalog: &Catalog,
    updates: &HashMap<(&str, &str), &Found>,
    seen: &str,
) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::input(format!("cannot edit: {}", e.message())).in_file(name)
    })?;
    let Some(tables) = doc
        .get_mut("price")
        .and_then(|i| i.as_array_of_tables_mut())
    else {
        return Err(Error::input("cannot edit: no [[price]] tables").in_file(name));
    };
    let mut done = 0;
    for table in tables.iter_mut() {
        let key = (
            table
                .get("id")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
            table
                .get("region")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
        );
        let Some(found) = updates.get(&(key.0.as_str(), key.1.as_str())) else {
            continue;
        };
        let entry = &catalog.entries[found.entry];
        if found.price != entry.price {
            set_string(table, "price", &found.price.normalize().to_string());
        }
        let facts = facts_to_write(entry, found);
        if let Some(m) = facts.memory_gib {
            set_string(table, "memory_gib", &m.normalize().to_string());
        }
        if let Some(v) = facts.vcpu {
            match table.get_mut("vcpu").and_then(|i| i.as_value_mut()) {
                Some(val) => {
                    let decor = val.decor().clone();
                    *val = toml_edit::Value::from(i64::from(v));
                    *val.decor_mut() = decor;
                }
                None => {
                    table.insert("vcpu", toml_edit::value(i64::from(v)));
                }
            }
        }
        set_string(table, "seen", seen);
        done += 1;
    }
    if done != updates.len() {
        return Err(Error::runtime(format!(
            "cannot edit: found {done} of the {} entries to update",
            updates.len()
        ))
        .in_file(name));
    }
    Ok(doc.to_string())
}

/// The instance facts a refresh writes: those of the Price List that differ
/// from the entry's, for an entry that has facts or prices an instance type.
fn facts_to_write(entry: &PriceEntry, found: &Found) -> InstanceFacts {
    let instance = entry.memory_gib.is_some()
        || entry.vcpu.is_some()
        || entry.match_attributes.contains_key("instanceType");
    if !instance {
        return InstanceFacts::default();
    }
    InstanceFacts {
        memory_gib: found
            .facts
            .memory_gib
            .filter(|m| Some(*m) != entry.memory_gib),
        vcpu: found.facts.vcpu.filter(|v| Some(*v) != entry.vcpu),
    }
}

/// Replaces a string value, keeping the spacing and comment around it.
fn set_string(table: &mut toml_edit::Table, key: &str, v: &str) {
    match table.get_mut(key).and_then(|i| i.as_value_mut()) {
        Some(val) => {
            let decor = val.decor().clone();
            *val = toml_edit::Value::from(v);
            *val.decor_mut() = decor;
        }
        None => {
            table.insert(key, toml_edit::value(v));
        }
    }
}

/// The new file parses, the updated entries say what they should, and every
/// other entry is exactly as it was.
fn verify(
    catalog: &Catalog,
    fi: usize,
    new_text: &str,
    updates: &HashMap<(&str, &str), &Found>,
    seen: &str,
) -> Result<()> {
    let name = &catalog.files[fi].name;
    let reparsed = Catalog::parse(vec![(name.clone(), new_text.to_string())]).map_err(|e| {
        Error::runtime(format!(
            "the updated catalog would not parse ({e}); nothing written"
        ))
    })?;
    let old: Vec<_> = catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| catalog.file_of[*i] == fi)
        .map(|(_, e)| e)
        .collect();
    let fail = |what: &str| {
        Err(Error::runtime(format!(
            "internal check failed for {name}: {what}; nothing written"
        )))
    };
    if old.len() != reparsed.entries.len() {
        return fail("the number of entries changed");
    }
    for (before, after) in old.iter().zip(&reparsed.entries) {
        match updates.get(&(before.id.as_str(), before.region.as_str())) {
            Some(f) => {
                let mut expected = (*before).clone();
                expected.price = f.price;
                expected.seen = seen.to_string();
                let facts = facts_to_write(before, f);
                if let Some(m) = facts.memory_gib {
                    expected.memory_gib = Some(m);
                }
                if let Some(v) = facts.vcpu {
                    expected.vcpu = Some(v);
                }
                if after.price != f.price || after.seen != seen || {
                    let mut a = after.clone();
                    a.price = f.price;
                    a.memory_gib = a.memory_gib.map(|m| m.normalize());
                    expected.memory_gib = expected.memory_gib.map(|m| m.normalize());
                    a != expected
                } {
                    return fail(&format!("entry {} was not updated as planned", before.id));
                }
            }
            None if *before != after => return fail(&format!("entry {} changed", before.id)),
            None => {}
        }
    }
    Ok(())
}

/// Writes the planned files. A file that changed on disk since it was read
/// (someone edited it meanwhile) is not overwritten: nothing is written.
pub fn write(plan: &Plan) -> Result<()> {
    for f in &plan.files {
        // A file `pricing import --add` creates does not exist yet.
        let now = match std::fs::read_to_string(&f.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            read => read.map_err(|e| Error::io("read", &f.path, &e))?,
        };
        if now != f.old_text {
            return Err(Error::runtime(format!(
                "{} changed on disk while prices were being fetched; nothing written (run the command again)",
                f.path.display()
            )));
        }
    }
    for f in &plan.files {
        write_atomic(&f.path, f.new_text.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const TEXT: &str = r#"# Header comment, kept.

[[price]]
id = "a"   # trailing comment, kept
vendor = "aws"
service = "A"
region = "us-east-1"
unit = "hour"
price = "0.016"  # price comment
source = "https://example.com"
seen = "2026-01-01"
note = "Escaped \"quotes\" and a long note, kept byte for byte."

[price.match]
servicecode = "AmazonRDS"

[[price]]
id = "b"
vendor = "aws"
service = "B"
region = "us-east-1"
unit = "1k-requests"
price = "0.0050"
source = "https://example.com"
seen = "2026-01-01"

[price.match]
servicecode = "AmazonS3"
"#;

    #[test]
    fn only_price_and_seen_of_updated_entries_change() {
        let c = Catalog::parse(vec![("aws.toml".into(), TEXT.into())]).unwrap();
        let found = [
            Found {
                entry: 0,
                price: dec!(0.017),
                skus: vec!["S1".into()],
                facts: InstanceFacts::default(),
            },
            Found {
                entry: 1,
                price: dec!(0.005),
                skus: vec!["S2".into()],
                facts: InstanceFacts::default(),
            },
        ];
        let p = plan(&c, &found, "2026-11-25", "test").unwrap();
        let expected = TEXT
            .replace(
                "price = \"0.016\"  # price comment",
                "price = \"0.017\"  # price comment",
            )
            .replace("seen = \"2026-01-01\"", "seen = \"2026-11-25\"");
        assert_eq!(p.files.len(), 1);
        assert_eq!(p.files[0].new_text, expected);
        assert!(p.entries[0].changed && !p.entries[1].changed);
        assert_eq!(p.entries[0].percent, Some(dec!(6.3)));
        assert_eq!(p.changed().count(), 1);
    }

    #[test]
    fn an_untouched_file_round_trips_byte_for_byte() {
        let c = Catalog::parse(vec![("aws.toml".into(), TEXT.into())]).unwrap();
        let p = plan(&c, &[], "2026-11-25", "test").unwrap();
        assert!(p.files.is_empty());
        let doc: toml_edit::DocumentMut = TEXT.parse().unwrap();
        assert_eq!(doc.to_string(), TEXT);
    }

    #[test]
    fn a_file_edited_meanwhile_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aws.toml");
        std::fs::write(&path, TEXT).unwrap();
        let name = path.display().to_string();
        let c = Catalog::parse(vec![(name, TEXT.into())]).unwrap();
        let p = plan(
            &c,
            &[Found {
                entry: 0,
                price: dec!(1),
                skus: vec![],
                facts: InstanceFacts::default(),
            }],
            "2026-11-25",
            "test",
        )
        .unwrap();
        std::fs::write(&path, TEXT.replace("Header", "Edited")).unwrap();
        let e = write(&p).unwrap_err();
        assert!(e.to_string().contains("changed on disk"), "{e}");
        assert!(std::fs::read_to_string(&path).unwrap().contains("Edited"));
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(percent(dec!(0.032), dec!(0.034)), Some(dec!(6.3)));
        assert_eq!(percent(dec!(0.1), dec!(0.09)), Some(dec!(-10.0)));
        assert_eq!(percent(dec!(0), dec!(1)), None);
    }
}
