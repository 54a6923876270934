//! Prices: the catalog snapshot, and the ways it is renewed.

pub mod catalog;
