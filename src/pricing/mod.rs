//! Prices: the catalog snapshot, and the ways it is renewed.

pub mod added;
pub mod catalog;
pub mod lifecycle;
pub mod offer;
pub mod pricelist;
pub mod refresh;
pub mod staleness;
pub mod update;
