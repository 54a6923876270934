//! How each kind of component turns into billable charges: which catalog price,
//! how much of it, and whether it is fixed or driven by usage.

use super::monitoring;
use super::quantities::Usage;
use crate::model::profile::Component;
use crate::money::HOURS_PER_MONTH;
use crate::pricing::catalog::{PriceEntry, Unit};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Paid whatever the traffic: instance-hours, plans, seats.
    Fixed,
    /// Grows with users: tokens, GB stored and served, requests.
    Usage,
    /// A quantity of the month given by the user (a usage file), whatever
    /// the users.
    Given,
}

/// Quantities that replace a component's modelled ones: a resource read
/// from Terraform bills what the usage file gives, not the workload.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GivenUsage {
    /// Lines whose price id starts with one of these are left out: they are
    /// billed by resources of their own (alarms, log groups).
    pub drop: Vec<String>,
    /// The quantity of the month per price id: low, expected, high.
    pub quantities: Vec<(String, [Decimal; 3])>,
    /// Whether usage lines come from the workload (a resource that says which
    /// component it implements); otherwise a usage line not given is 0.
    pub workload: bool,
}

impl GivenUsage {
    /// The charges of one scenario (`s`: 0 low, 1 expected, 2 high), with
    /// the given quantities in place of the modelled ones.
    pub fn apply(&self, charges: Vec<Charge>, s: usize) -> Vec<Charge> {
        charges
            .into_iter()
            .filter(|c| !self.drop.iter().any(|d| c.price.id.starts_with(d.as_str())))
            .map(|mut c| {
                if let Some((_, q)) = self.quantities.iter().find(|(id, _)| *id == c.price.id) {
                    c.quantity = q[s];
                    c.basis = Basis::Given;
                } else if c.basis == Basis::Usage && !self.workload {
                    c.quantity = Decimal::ZERO;
                    c.basis = Basis::Given;
                }
                c
            })
            .collect()
    }
}

/// Which catalog entry a charge uses, and which component field chose it.
#[derive(Debug, Clone)]
pub struct PriceRef {
    pub id: String,
    /// The component field the id was built from (for errors), or `kind`.
    pub field: &'static str,
    /// `(prefix, suffix)` such that `prefix + value + suffix` is an id: lists
    /// the valid values when the chosen one is unknown.
    pub family: Option<(String, String)>,
    /// The user's value that was not found, in their words.
    pub value: Option<String>,
    /// A price the profile gives itself (a `fixed` line's `monthly`), used
    /// instead of the catalog.
    pub inline: Option<PriceEntry>,
}

impl PriceRef {
    pub fn fixed(id: &str) -> Self {
        PriceRef {
            id: id.to_string(),
            field: "kind",
            family: None,
            value: None,
            inline: None,
        }
    }

    pub fn sized(field: &'static str, prefix: &str, value: &str, suffix: &str) -> Self {
        PriceRef {
            id: format!("{prefix}{value}{suffix}"),
            field,
            family: Some((prefix.to_string(), suffix.to_string())),
            value: Some(value.to_string()),
            inline: None,
        }
    }

    /// A catalog id the user wrote in `field`.
    pub fn chosen(field: &'static str, id: &str) -> Self {
        PriceRef {
            id: id.to_string(),
            field,
            family: Some((String::new(), String::new())),
            value: Some(id.to_string()),
            inline: None,
        }
    }

    /// A monthly amount the profile gives, with its source and the day seen.
    pub fn inline(vendor: &str, service: &str, monthly: Decimal, source: &str, seen: &str) -> Self {
        PriceRef {
            id: format!("{vendor}.{}", service.to_lowercase().replace(' ', "-")),
            field: "monthly",
            family: None,
            value: None,
            inline: Some(PriceEntry {
                lifecycle: None,
                id: format!("{vendor}.{}", service.to_lowercase().replace(' ', "-")),
                vendor: vendor.to_string(),
                service: service.to_string(),
                region: "global".to_string(),
                unit: Unit::Month,
                price: monthly,
                source: source.to_string(),
                seen: seen.to_string(),
                free_quantity: None,
                uncertain: false,
                note: None,
                memory_gib: None,
                vcpu: None,
                match_attributes: Default::default(),
            }),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Charge {
    pub item: String,
    pub price: PriceRef,
    /// In the price unit's base quantity (hours, GB, tokens, requests…).
    pub quantity: Decimal,
    pub basis: Basis,
    /// A count of things billed by the month: multiplied by 730 when the
    /// price turns out to be hourly (a `fixed` line's catalog price).
    pub per_month_count: bool,
}

pub fn charge(item: impl Into<String>, price: PriceRef, quantity: Decimal, basis: Basis) -> Charge {
    Charge {
        item: item.into(),
        price,
        quantity,
        basis,
        per_month_count: false,
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The CloudWatch alarms of a component (standard resolution, per alarm-month).
pub fn alarm_charge(alarms: u32) -> Charge {
    charge(
        format!("CloudWatch alarm ×{alarms}"),
        PriceRef::fixed("aws.cloudwatch.alarm"),
        Decimal::from(alarms),
        Basis::Fixed,
    )
}

/// Ingestion and storage of the log groups the module creates for a
/// component, at an assumed monthly volume (see `monitoring`).
pub fn log_charges(what: &str, monthly_gb: Decimal) -> [Charge; 2] {
    [
        charge(
            format!("CloudWatch Logs ingestion, {what} ({monthly_gb} GB assumed)"),
            PriceRef::fixed("aws.cloudwatch.logs.ingest"),
            monthly_gb,
            Basis::Fixed,
        ),
        charge(
            format!(
                "CloudWatch Logs storage, {what} (kept {} days)",
                monitoring::LOG_RETENTION_DAYS
            ),
            PriceRef::fixed("aws.cloudwatch.logs.storage"),
            monitoring::stored_log_gb(monthly_gb),
            Basis::Fixed,
        ),
    ]
}

pub fn hours(count: impl Into<Decimal>) -> Decimal {
    HOURS_PER_MONTH * count.into()
}

/// The charges of one component for one month of usage: its kind's lines
/// (`src/kinds/`).
pub fn charges(c: &Component, u: &Usage) -> Vec<Charge> {
    c.spec.part().charges(u)
}
