//! A line archplan has no module for, paid whatever the traffic: a plan, a
//! seat, a domain. Priced from the catalog (`price:`) or from a monthly
//! amount the profile gives with its source and the day it was seen.

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::money::Money;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A fixed monthly line: a price of the catalog, or an amount with its source.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fixed {
    /// Who is paid (`sentry`, `gcp`); decides the default funding pool.
    pub vendor: String,
    /// What the line is ("Team plan", "domain").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// A price id of the catalog (`vercel.pro.seat`); or give `monthly`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// A monthly amount in USD, with `source` and `seen`; or give `price`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    #[serde(deserialize_with = "super::number::opt_money")]
    pub monthly: Option<Money>,
    /// Where the monthly amount comes from (a pricing page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The day the monthly amount was seen at its source, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<String>,
    /// How many (seats, plans); 1 when absent. Hourly prices are billed
    /// 730 hours a month per count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl Fixed {
    pub fn count(&self) -> u32 {
        self.count.unwrap_or(1)
    }
}

impl ComponentKind for Fixed {
    fn kind(&self) -> Kind {
        Kind::Fixed
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.non_empty("vendor", &self.vendor, "sentry")?;
        at.count("count", self.count, MAX_COUNT)?;
        match (&self.price, &self.monthly) {
            (Some(_), Some(_)) => {
                return Err(at.error(
                    "monthly",
                    "give either `price` (a catalog id) or `monthly` (an amount), not both",
                ))
            }
            (None, None) => {
                return Err(at.error(
                    "vendor",
                    format!(
                        "component \"{}\" of kind fixed needs `price` (a catalog id) or `monthly` (an amount with `source` and `seen`)",
                        at.name
                    ),
                ))
            }
            (Some(id), None) => {
                at.non_empty("price", id, "vercel.pro.seat")?;
                for field in ["source", "seen"] {
                    let set = if field == "source" {
                        self.source.is_some()
                    } else {
                        self.seen.is_some()
                    };
                    if set {
                        return Err(at.error(
                            field,
                            format!("`{field}` goes with `monthly`; a catalog price carries its own"),
                        ));
                    }
                }
            }
            (None, Some(amount)) => {
                if amount.is_negative() || amount.amount() > Decimal::from(super::MAX_SIZE) {
                    return Err(at.error(
                        "monthly",
                        format!(
                            "monthly is {}; expected an amount from 0 to {}",
                            amount.amount(),
                            super::MAX_SIZE
                        ),
                    ));
                }
                match &self.source {
                    Some(s) => at.non_empty("source", s, "https://sentry.io/pricing/")?,
                    None => {
                        return Err(at.error(
                            "monthly",
                            "a monthly amount needs `source`: where the figure comes from",
                        ))
                    }
                }
                match &self.seen {
                    Some(d) if d.parse::<jiff::civil::Date>().is_ok() => {}
                    Some(d) => {
                        return Err(at.error(
                            "seen",
                            format!("seen is \"{d}\"; expected a date like 2026-11-30"),
                        ))
                    }
                    None => {
                        return Err(at.error(
                            "monthly",
                            "a monthly amount needs `seen`: the day it was read at its source (YYYY-MM-DD)",
                        ))
                    }
                }
            }
        }
        Ok(())
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        let count = self.count();
        let item = self.item.clone().unwrap_or_else(|| self.vendor.clone());
        let item = if count > 1 {
            format!("{item} ×{count}")
        } else {
            item
        };
        let price = match (&self.price, &self.monthly) {
            (Some(id), _) => PriceRef::chosen("price", id),
            (None, amount) => PriceRef::inline(
                &self.vendor,
                self.item.as_deref().unwrap_or(&self.vendor),
                amount.unwrap_or(Money::ZERO).amount(),
                self.source.as_deref().unwrap_or_default(),
                self.seen.as_deref().unwrap_or_default(),
            ),
        };
        let mut c = charge(item, price, Decimal::from(count), Basis::Fixed);
        c.per_month_count = true;
        vec![c]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        Vec::new()
    }

    fn size(&self) -> Size {
        let mut parts = vec![SizePart::Name {
            name: self.vendor.clone(),
        }];
        if self.count() > 1 {
            parts.push(SizePart::Times { n: self.count() });
        }
        Size(parts)
    }

    fn capacity(
        &self,
        _ctx: &Sizing<'_>,
        _limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        // Billed for whatever traffic it carries: no limit to model.
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "count"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Nothing
    }
}
