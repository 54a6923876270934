//! The size of a component in a few words (`db.t4g.small Single-AZ 20 GB`,
//! `cache.t4g.medium ×2`, `pro ×2 seats`), kept as parts so that each
//! language writes its own words and numbers; `Display` is the English form
//! of the command-line tables.

use crate::model::profile::Component;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// One part of a size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum SizePart {
    /// A name from the vendor or the profile, never translated:
    /// `db.t4g.small`, `hobby`, `pay as you go`, `gpt-4o-mini`.
    Name { name: String },
    /// `Single-AZ` / `Multi-AZ` (AWS's own terms).
    MultiAz { multi: bool },
    /// `+1 replica`.
    Replicas { n: u32 },
    /// `×2` (nodes or servers).
    Times { n: u32 },
    /// `(2 shards)`.
    Shards { n: u32 },
    /// `×2 seats`.
    Seats { n: u32 },
    /// `2 × 1 vCPU/2 GB`.
    Tasks {
        tasks: u32,
        vcpu: Decimal,
        memory_gb: Decimal,
    },
    /// `20 GB` of storage.
    StorageGb { gb: u64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Size(pub Vec<SizePart>);

impl Size {
    /// A size that is only a name.
    pub fn named(name: &str) -> Size {
        Size(vec![SizePart::Name {
            name: name.to_string(),
        }])
    }

    pub fn storage_gb(gb: u64) -> Size {
        Size(vec![SizePart::StorageGb { gb }])
    }

    /// The size of a component, as its kind shows it (`src/kinds/`).
    pub fn of(c: &Component) -> Size {
        c.spec.part().size()
    }
}

impl fmt::Display for SizePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SizePart::Name { name } => f.write_str(name),
            SizePart::MultiAz { multi: true } => f.write_str("Multi-AZ"),
            SizePart::MultiAz { multi: false } => f.write_str("Single-AZ"),
            SizePart::Replicas { n } => write!(f, "+{n} replica"),
            SizePart::Times { n } => write!(f, "×{n}"),
            SizePart::Shards { n } => write!(f, "({n} shards)"),
            SizePart::Seats { n } => write!(f, "×{n} seats"),
            SizePart::Tasks {
                tasks,
                vcpu,
                memory_gb,
            } => write!(f, "{tasks} × {vcpu} vCPU/{memory_gb} GB"),
            SizePart::StorageGb { gb } => write!(f, "{gb} GB"),
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}
